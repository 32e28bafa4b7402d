// i18n — the page's words in English and Dutch, and numbers in the locale's format.
//
// The names of outcomes, roles and indicator groups are the report's
// (labels.js, generated from analysis/wijksim_analysis/labels.py); this file
// adds what only the page says: controls, view captions, channels, need types,
// outcomes of the flow. tr(key) gives the text in the current language;
// every key has both languages (tests/browser checks it).

import * as L from "./labels.js";

let lang = "nl";
const listeners = [];

export function getLang() { return lang; }

export function setLang(next) {
  if (next !== "en" && next !== "nl") return;
  lang = next;
  document.documentElement.lang = next;
  for (const f of listeners) f(next);
}

export function onLangChange(f) { listeners.push(f); }

export const locale = () => (lang === "nl" ? "nl-NL" : "en-GB");

// --- the page's own text -------------------------------------------------
const T = {
  title: { en: "wijksim explorer", nl: "wijksim verkenner" },
  tagline: {
    en: "Change how professionals in a neighbourhood work together, and see what it does for residents, carers and professionals.",
    nl: "Verander hoe professionals in een wijk samenwerken, en zie wat dat doet voor inwoners, mantelzorgers en professionals.",
  },
  language: { en: "Language", nl: "Taal" },
  scenario: { en: "Scenario", nl: "Scenario" },
  baseline: { en: "Compared with", nl: "Vergeleken met" },
  scenario_help: {
    en: "The way of working you look at, and the reference it is compared with. Both are run together on the same residents (common random numbers), so a difference comes from the way of working, not from chance.",
    nl: "De manier van werken die je bekijkt, en de referentie waarmee die wordt vergeleken. Beide worden samen doorgerekend op dezelfde inwoners (gedeelde toevalsgetallen), zodat een verschil komt door de manier van werken en niet door toeval.",
  },
  what_changes: { en: "What this scenario changes compared with {base}", nl: "Wat dit scenario anders doet dan {base}" },
  no_changes: { en: "Nothing: the same settings as {base}.", nl: "Niets: dezelfde instellingen als {base}." },
  not_served_base: { en: "Its base is not one of the scenarios here, so its changes cannot be listed.", nl: "De basis ervan zit niet bij de scenario's hier, dus de wijzigingen zijn niet te tonen." },
  role_added: { en: "added", nl: "toegevoegd" },
  role_removed: { en: "removed", nl: "weggehaald" },
  was: { en: "was {v}", nl: "was {v}" },
  levers: { en: "Levers", nl: "Knoppen" },
  levers_help: {
    en: "Change a setting of the scenario; the run starts again when you let go of the slider. The reference stays as it is.",
    nl: "Verander een instelling van het scenario; de berekening start opnieuw zodra je de schuif loslaat. De referentie blijft zoals ze is.",
  },
  lever_group_run: { en: "Run", nl: "Berekening" },
  lever_group_capacity: { en: "Capacity", nl: "Capaciteit" },
  lever_group_network: { en: "Network and meetings", nl: "Netwerk en overleg" },
  lever_group_mdo: { en: "MDO", nl: "MDO" },
  lever_group_access: { en: "Access", nl: "Toegang" },
  lever_group_task_shifting: { en: "Task shifting", nl: "Taakverschuiving" },
  lever_group_carers: { en: "Carers", nl: "Mantelzorg" },
  lever_group_money: { en: "Money", nl: "Geld" },
  lever_group_other: { en: "Other", nl: "Overig" },
  lever_group_added: { en: "Your settings", nl: "Je eigen instellingen" },
  not_in_scenario: { en: "not in this scenario", nl: "niet in dit scenario" },
  on: { en: "on", nl: "aan" },
  off: { en: "off", nl: "uit" },
  reset: { en: "Back to the scenario's values", nl: "Terug naar de waarden van het scenario" },
  changed_by_you: { en: "changed by you", nl: "door jou veranderd" },
  add_setting: { en: "Add any setting by path", nl: "Elke instelling toevoegen via haar pad" },
  add_setting_help: {
    en: "As in wijksim run --set, e.g. roles.vrijwilliger.member_share or network.tie_decay_per_day.",
    nl: "Zoals bij wijksim run --set, bijvoorbeeld roles.vrijwilliger.member_share of network.tie_decay_per_day.",
  },
  add: { en: "Add", nl: "Toevoegen" },
  remove: { en: "Remove", nl: "Weghalen" },
  apply_to: { en: "Change it in", nl: "Verander in" },
  unknown_path: { en: "No such setting: {p}", nl: "Deze instelling bestaat niet: {p}" },
  value: { en: "value", nl: "waarde" },
  warmup: { en: "Warm-up before day 0", nl: "Aanloop vóór dag 0" },
  warmup_help: {
    en: "Days simulated but not shown, so that waiting lists, ties and carers' burden are in their usual state at day 0. Without it you watch the wijk start from scratch (and the run is faster).",
    nl: "Dagen die wel worden doorgerekend maar niet getoond, zodat wachtlijsten, relaties en de last van mantelzorgers op dag 0 in hun gewone toestand zijn. Zonder aanloop zie je de wijk vanaf nul beginnen (en is de berekening sneller).",
  },
  warmup_none: { en: "none (start from scratch)", nl: "geen (vanaf nul beginnen)" },
  warmup_file: { en: "the scenario's own ({d} days)", nl: "die van het scenario ({d} dagen)" },
  replicates: { en: "Replicates", nl: "Herhalingen" },
  days: { en: "Days shown", nl: "Getoonde dagen" },
  run: { en: "Run again", nl: "Opnieuw doorrekenen" },
  running: { en: "running…", nl: "bezig met doorrekenen…" },
  done_in: { en: "{n} replicates of {days} days for {res} residents in {s} s (server {srv} s)", nl: "{n} herhalingen van {days} dagen voor {res} inwoners in {s} s (server {srv} s)" },
  elapsed: { en: "{s} s", nl: "{s} s" },
  run_failed: { en: "The run failed: {msg}", nl: "De berekening is mislukt: {msg}" },
  busy_retry: { en: "The server is busy; trying again…", nl: "De server is bezig; opnieuw proberen…" },
  downloads: { en: "Download this run", nl: "Deze berekening downloaden" },
  dl_h5: { en: "results (.h5)", nl: "resultaten (.h5)" },
  dl_cfg: { en: "scenario (.cfg)", nl: "scenario (.cfg)" },
  dl_base_cfg: { en: "reference (.cfg)", nl: "referentie (.cfg)" },
  dl_help: {
    en: "The same file wijksim run writes: wijksim info reads it, wijksim rerun repeats it, analysis/report.py makes the report.",
    nl: "Hetzelfde bestand dat wijksim run schrijft: wijksim info leest het, wijksim rerun herhaalt het, analysis/report.py maakt er het rapport van.",
  },
  views: { en: "Views", nl: "Weergaven" },
  view_indicators: { en: "Indicators", nl: "Indicatoren" },
  view_series: { en: "Over time", nl: "In de tijd" },
  view_network: { en: "Network", nl: "Netwerk" },
  view_flow: { en: "Flow of needs", nl: "Stroom van hulpvragen" },
  try_title: { en: "Things to try", nl: "Om te proberen" },
  try_help: {
    en: "The exercises of the class (scenarios/education/README.md). 'Set up' chooses the scenarios and levers for you; then read the indicators.",
    nl: "De opdrachten uit de les (scenarios/education/README.md). 'Klaarzetten' kiest de scenario's en knoppen voor je; lees daarna de indicatoren.",
  },
  set_up: { en: "Set up", nl: "Klaarzetten" },
  look_at: { en: "Look at", nl: "Kijk naar" },
  full_text: { en: "The full exercise text", nl: "De volledige tekst van de opdrachten" },
  full_text_en_only: { en: "", nl: "(alleen in het Engels)" },

  // indicators view
  ind_intro: {
    en: "Each row: the value in {scen} and in {base} (mean over the replicates), and the difference with its 95% interval (the bar). A filled dot is a relevant difference: the interval excludes zero and the difference is at least the smallest difference that matters in practice (the grey band). An open dot is no relevant difference.",
    nl: "Per regel: de waarde in {scen} en in {base} (gemiddelde over de herhalingen), en het verschil met het 95%-interval (de streep). Een dichte stip is een relevant verschil: het interval bevat de nul niet en het verschil is minstens het kleinste verschil dat in de praktijk telt (de grijze band). Een open stip: geen relevant verschil.",
  },
  ind_better: { en: "better", nl: "beter" },
  ind_worse: { en: "worse", nl: "slechter" },
  relevant: { en: "relevant difference", nl: "relevant verschil" },
  relevant_short: { en: "relevant", nl: "relevant" },
  not_relevant: { en: "no relevant difference", nl: "geen relevant verschil" },
  unclear: { en: "not clear", nl: "niet duidelijk" },
  unclear_long: { en: "not clear: the 95% interval includes 0", nl: "niet duidelijk: het 95%-interval bevat 0" },
  too_small: { en: "too small", nl: "te klein" },
  too_small_long: { en: "clear, but smaller than the minimal relevant difference of {thr}", nl: "duidelijk, maar kleiner dan het kleinste relevante verschil van {thr}" },
  relevant_long: { en: "the 95% interval excludes 0 and the difference is at least {thr}", nl: "het 95%-interval bevat de nul niet en het verschil is minstens {thr}" },
  no_interval: { en: "no interval (fewer than 2 replicates)", nl: "geen interval (minder dan 2 herhalingen)" },
  no_mrd: { en: "no threshold set", nl: "geen drempel vastgesteld" },
  mrd_band: { en: "smaller than the minimal relevant difference", nl: "kleiner dan het kleinste relevante verschil" },
  same_scenario: { en: "The scenario is compared with itself: every difference is zero.", nl: "Het scenario wordt met zichzelf vergeleken: elk verschil is nul." },
  col_indicator: { en: "indicator", nl: "indicator" },
  col_scen: { en: "{scen}", nl: "{scen}" },
  col_base: { en: "{base}", nl: "{base}" },
  col_diff: { en: "difference (95% interval)", nl: "verschil (95%-interval)" },
  col_verdict: { en: "verdict", nl: "oordeel" },
  higher_better: { en: "higher is better", nl: "hoger is beter" },
  lower_better: { en: "lower is better", nl: "lager is beter" },

  // series view
  series_intro: {
    en: "Per output interval (week) of the run: the line is the mean over the replicates, the band holds 90% of the replicates (5th to 95th percentile). Solid: {scen}; dashed: {base}.",
    nl: "Per uitvoerperiode (week) van de berekening: de lijn is het gemiddelde over de herhalingen, de band bevat 90% van de herhalingen (5e tot 95e percentiel). Doorgetrokken: {scen}; gestippeld: {base}.",
  },
  day: { en: "day", nl: "dag" },

  // network view
  net_intro: {
    en: "The professionals of the wijk as circles (size: needs handed over in and out) and the ties between them as lines. Play the run to see the network change. Above: the phase of the network in the HAN toolbox.",
    nl: "De professionals van de wijk als cirkels (grootte: hulpvragen overgedragen en ontvangen) en de relaties tussen hen als lijnen. Speel de berekening af om het netwerk te zien veranderen. Boven: de fase van het netwerk volgens de HAN-toolbox.",
  },
  net_no_ties: {
    en: "This result file holds no tie strength per pair of professionals (it was written before wijksim kept it), so the lines show hand-overs in the week shown, which happen along ties; how well the professionals know each other overall is the density.",
    nl: "Dit resultaatbestand bevat geen sterkte van de relatie per paar professionals (het is geschreven voordat wijksim die bijhield), dus de lijnen tonen de overdrachten in de getoonde week, die langs relaties lopen; hoe goed de professionals elkaar in het algemeen kennen, is de dichtheid.",
  },
  net_ties: {
    en: "Lines: pairs of roles that handed needs over to each other or know each other well (a tie at or above the threshold the density counts); thickness: the strength of their tie (0 to 1) in the week shown. Meetings and referrals strengthen ties, disuse weakens them. Point at a line for its hand-overs.",
    nl: "Lijnen: paren rollen die hulpvragen aan elkaar overdroegen of elkaar goed kennen (een relatie op of boven de drempel die de dichtheid telt); dikte: de sterkte van hun relatie (0 tot 1) in de getoonde week. Overleg en verwijzingen versterken relaties, onbenutte relaties verzwakken. Wijs een lijn aan voor de overdrachten.",
  },
  tie_label: { en: "tie", nl: "relatie" },
  play: { en: "Play", nl: "Afspelen" },
  pause: { en: "Pause", nl: "Pauze" },
  week_of: { en: "day {d} of {n}", nl: "dag {d} van {n}" },
  phase: { en: "phase", nl: "fase" },
  density: { en: "density", nl: "dichtheid" },
  handovers: { en: "hand-overs this week", nl: "overdrachten deze week" },
  handovers_total: { en: "hand-overs in the run", nl: "overdrachten in de berekening" },
  show: { en: "Show", nl: "Toon" },
  phase_1: { en: "verkennen (exploring)", nl: "verkennen" },
  phase_2: { en: "vormgeven (shaping)", nl: "vormgeven" },
  phase_3: { en: "verdiepen (deepening)", nl: "verdiepen" },
  phase_4: { en: "verankeren (anchoring)", nl: "verankeren" },
  phase_expl_1: { en: "professionals get to know each other", nl: "professionals leren elkaar kennen" },
  phase_expl_2: { en: "they agree how to work together", nl: "ze spreken af hoe ze samenwerken" },
  phase_expl_3: { en: "they work together on cases", nl: "ze werken samen aan casussen" },
  phase_expl_4: { en: "working together is the normal way", nl: "samenwerken is de gewone gang van zaken" },
  formal_role: { en: "professional", nl: "professional" },
  informal_role: { en: "informal (carers, volunteers)", nl: "informeel (mantelzorgers, vrijwilligers)" },

  // flow view
  flow_intro: {
    en: "Where the needs of residents go in the whole run (means over the replicates): from how a need is noticed (left), to the first professional or carer, to those it is handed over to, to how it ends (right). The width of a band is the number of needs. Hover over a band for its number.",
    nl: "Waar de hulpvragen van inwoners heen gaan in de hele berekening (gemiddelden over de herhalingen): van hoe een hulpvraag wordt opgemerkt (links), naar de eerste professional of mantelzorger, naar wie hij wordt overgedragen, naar hoe hij afloopt (rechts). De breedte van een band is het aantal hulpvragen. Ga met de muis over een band voor het aantal.",
  },
  flow_simplified: {
    en: "A simplification: a need handed over twice counts twice in the third column. 'Open needs' gathers every need still open, noticed or not, from which needs resolve by themselves, escalate or get lost.",
    nl: "Een vereenvoudiging: een hulpvraag die twee keer wordt overgedragen, telt in de derde kolom twee keer. 'Openstaande hulpvragen' verzamelt elke hulpvraag die nog openstaat, opgemerkt of niet; van daaruit gaan hulpvragen vanzelf over, escaleren ze of raken ze zoek.",
  },
  flow_col_0: { en: "noticed by", nl: "opgemerkt via" },
  flow_col_1: { en: "first to", nl: "eerst bij" },
  flow_col_2: { en: "handed over to", nl: "overgedragen aan" },
  flow_col_3: { en: "outcome", nl: "afloop" },
  needs: { en: "needs", nl: "hulpvragen" },
  totals: { en: "In numbers", nl: "In aantallen" },

  // channels, outcomes and need types (not in the report's labels)
  ch_zelf_huisarts: { en: "resident goes to the GP", nl: "inwoner gaat zelf naar de huisarts" },
  ch_zelf_wijkteam: { en: "resident goes to the wijkteam", nl: "inwoner gaat zelf naar het wijkteam" },
  ch_zelf_wijkverpleging: { en: "resident asks for wijkverpleging", nl: "inwoner vraagt zelf wijkverpleging" },
  ch_informeel: { en: "family, friends, neighbours", nl: "familie, vrienden, buren" },
  ch_buurtcoach: { en: "buurtcoach (outreach)", nl: "buurtcoach (outreachend)" },
  ch_wijkagent: { en: "wijkagent (outreach)", nl: "wijkagent (outreachend)" },
  ch_professional: { en: "a professional, at a contact", nl: "een professional, bij een contact" },
  ch_mdo: { en: "an MDO", nl: "een MDO" },
  ch_wijkpunt: { en: "wijkpunt (walk-in)", nl: "wijkpunt (inloop)" },
  ch_latent: { en: "not noticed", nl: "niet opgemerkt" },
  pool_open_needs: { en: "open needs", nl: "openstaande hulpvragen" },
  out_resolved: { en: "resolved", nl: "opgelost" },
  out_resolved_self: { en: "resolved by itself", nl: "vanzelf over" },
  out_escalated: { en: "escalated (second line)", nl: "geëscaleerd (tweede lijn)" },
  out_dropped: { en: "lost in hand-overs", nl: "zoekgeraakt" },
  out_turned_away: { en: "turned away (waiting list full)", nl: "afgewezen (wachtlijst vol)" },
  tot_signalled: { en: "needs signalled", nl: "gesignaleerde hulpvragen" },
  tot_referrals: { en: "referrals", nl: "verwijzingen" },
  tot_task_shifts: { en: "task shifts", nl: "taakverschuivingen" },
  tot_resolved: { en: "resolved by a professional or carer", nl: "opgelost door een professional of mantelzorger" },
  tot_resolved_self: { en: "resolved by themselves", nl: "vanzelf overgegaan" },
  tot_escalated: { en: "escalated", nl: "geëscaleerd" },
  tot_dropped: { en: "lost in hand-overs", nl: "zoekgeraakt" },
  tot_turned_away: { en: "turned away", nl: "afgewezen" },
  role_professionals: { en: "other professionals", nl: "andere professionals" },
  role_thuiszorg: { en: "home care (thuiszorg)", nl: "thuiszorg" },
  nt_acuut_somatisch: { en: "acute illness", nl: "acute somatische klacht" },
  nt_chronisch: { en: "chronic illness", nl: "chronische aandoening" },
  nt_psychisch: { en: "mental health", nl: "psychische klachten" },
  nt_eenzaamheid: { en: "loneliness", nl: "eenzaamheid" },
  nt_schulden: { en: "debt", nl: "schulden" },
  nt_zelfredzaamheid: { en: "self-reliance", nl: "zelfredzaamheid" },
  nt_zingeving: { en: "meaning in life", nl: "zingeving" },
  nt_mantelzorgbelasting: { en: "carer burden", nl: "mantelzorgbelasting" },
  error: { en: "Error", nl: "Fout" },
  loading: { en: "loading…", nl: "laden…" },
  no_run: { en: "No run yet.", nl: "Nog geen berekening." },
  libs_missing: {
    en: "The chart libraries are not installed (run scripts/install-web.sh or make deps); the tables still work.",
    nl: "De grafiekbibliotheken zijn niet geïnstalleerd (voer scripts/install-web.sh of make deps uit); de tabellen werken wel.",
  },
};

export const PAGE_TEXT = T;

function fill(text, kw) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in kw ? String(kw[k]) : m));
}

// The page's text for key, with {fields} filled in.
export function tr(key, kw = {}) {
  const entry = T[key];
  if (!entry) return key;
  return fill(entry[lang], kw);
}

// --- the report's names --------------------------------------------------
export function roleName(name) {
  if (name === "professionals") return tr("role_professionals");
  if (name === "thuiszorg") return tr("role_thuiszorg");
  const entry = L.ROLE_NAMES[name];
  if (entry) return entry[lang];
  if (T["nt_" + name]) return tr("nt_" + name);
  return String(name).replace(/_/g, " ");
}

// Short role names where space is tight (the flow diagram); English drops
// the Dutch name in brackets.
const SHORT_ROLE_EN = {
  doktersassistent: "GP assistant", huisarts: "GP", poh_s: "POH-S", poh_ggz: "POH-GGZ",
  sociaal_wijkteam: "social team", mantelzorger: "family carer", thuiszorg: "home care",
};
export function shortRoleName(name) {
  if (lang === "en" && SHORT_ROLE_EN[name]) return SHORT_ROLE_EN[name];
  return roleName(name);
}

export function labelName(name) {
  // an axis label: a role, a need type or a Positive Health dimension
  if (T["nt_" + name]) return tr("nt_" + name);
  return roleName(name);
}

export function metricLabel(metric) {
  const entry = L.LABELS[metric];
  return entry ? entry[lang] : String(metric).replace(/_/g, " ");
}

// Short name of an indicator row: "waiting time — GP" (the report's outcome_label).
export function indicatorLabel(metric, label) {
  let text = metricLabel(metric);
  if (label) text = text.split(" (")[0] + " — " + labelName(label);
  return text;
}

// Short names for table rows and chart titles; the full label is the tooltip.
const SHORT_PAGE = {
  health: { en: "Positive Health", nl: "Positieve Gezondheid" },
  utilisation: { en: "occupancy", nl: "bezettingsgraad" },
  hours_used: { en: "hours", nl: "uren" },
  wait_days: { en: "wait", nl: "wachttijd" },
  needs_turned_away: { en: "turned away", nl: "afgewezen" },
  network_phase: { en: "network phase (1-4)", nl: "netwerkfase (1-4)" },
  network_density: { en: "network density", nl: "netwerkdichtheid" },
  cost_total: { en: "total cost", nl: "totale kosten" },
  cost_capacity: { en: "cost of paid capacity", nl: "kosten betaalde capaciteit" },
  cost_formal: { en: "cost of hours used", nl: "kosten gebruikte uren" },
  mdo_held: { en: "MDOs held", nl: "gehouden MDO's" },
  formal_load: { en: "occupancy of professionals", nl: "bezettingsgraad professionals" },
};

export function shortLabel(metric, label) {
  const own = SHORT_PAGE[metric];
  const base = own ? own[lang] : metricLabel(metric).split(" (")[0];
  return label ? base + " — " + labelName(label) : base;
}

export function explain(metric) {
  const entry = L.EXPLAIN[metric];
  return entry ? entry[lang] : "";
}

export function groupTitle(group) {
  const entry = L.GROUP_TITLE[group];
  return entry ? entry[lang] : group;
}

export function groupMeaning(group) {
  const entry = L.GROUP_MEANING[group];
  return entry ? entry[lang] : "";
}

export function reportText(key, kw = {}) {
  const entry = L.TEXT[key];
  return entry ? fill(entry[lang], kw) : key;
}

export function channelName(name) {
  return T["ch_" + name] ? tr("ch_" + name) : roleName(name);
}

export function outcomeName(name) {
  return T["out_" + name] ? tr("out_" + name) : name;
}

export function phaseName(phase) {
  const p = Math.min(4, Math.max(1, Math.round(phase)));
  return tr("phase_" + p);
}

// --- numbers -------------------------------------------------------------
const formatters = new Map();
function nf(decimals, extra = {}) {
  const key = locale() + decimals + JSON.stringify(extra);
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.NumberFormat(locale(), {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals, ...extra,
    }));
  }
  return formatters.get(key);
}

// A sensible number of decimals for a value of this size (as labels.fmt_num).
export function autoDecimals(v) {
  const size = Math.abs(v);
  return size >= 100 || size === 0 ? 0 : size >= 10 ? 1 : size >= 0.1 ? 2 : 3;
}

export function fmtNum(v, decimals) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const d = decimals === undefined ? autoDecimals(v) : decimals;
  return nf(d).format(v).replace(/^-/, "\u2212");
}

export function fmtSigned(v, decimals) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const d = decimals === undefined ? autoDecimals(v) : decimals;
  const r = Number(v.toFixed(d));
  if (r === 0) return fmtNum(0, d);
  return (v > 0 ? "+" : "\u2212") + nf(d).format(Math.abs(v));
}

export function unitName(units) {
  const entry = L.UNITS[units];
  return entry ? entry[lang] : units || "";
}

export const SHARES = L.SHARES;
export const MRD = L.MRD;
