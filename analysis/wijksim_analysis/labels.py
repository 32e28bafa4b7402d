"""labels — plain-language names of wijksim outcomes in English and Dutch.

LABELS maps a metric or derived-indicator name to {'en': ..., 'nl': ...}: a
short label for axes, titles and tables.  EXPLAIN gives one or two sentences
per headline indicator for the report.  UNITS translates units.  Use label()
and unit() rather than indexing, so that a metric added later still gets a
readable (English long_name) label.
"""

LANGS = ("en", "nl")

LABELS = {
    # derived indicators
    "early_share": {"en": "share of needs signalled early",
                    "nl": "aandeel vroeg gesignaleerde hulpvragen (vroegsignalering)"},
    "early_share_somatic": {"en": "share signalled early: somatic needs",
                            "nl": "aandeel vroeg gesignaleerd: somatische hulpvragen"},
    "early_share_social": {"en": "share signalled early: social and psychosocial needs",
                           "nl": "aandeel vroeg gesignaleerd: sociale en psychosociale "
                                 "hulpvragen"},
    "informal_hours": {"en": "informal care hours (family carers, volunteers)",
                       "nl": "uren mantelzorg en vrijwilligerswerk"},
    "formal_hours": {"en": "professional care hours",
                     "nl": "uren professionele zorg"},
    # the names of these two in wijksim decompose's /decompose group
    "hours_formal": {"en": "professional care hours",
                     "nl": "uren professionele zorg"},
    "hours_informal": {"en": "informal care hours (family carers, volunteers)",
                       "nl": "uren mantelzorg en vrijwilligerswerk"},
    "formal_load": {"en": "occupancy of professionals (hours used / hours available)",
                    "nl": "bezettingsgraad professionals (gebruikte / beschikbare uren)"},
    "escalations_total": {"en": "escalations to second-line care",
                          "nl": "escalaties naar de tweede lijn"},
    "cost_total": {"en": "total cost (paid professional capacity + second line)",
                   "nl": "totale kosten (betaalde professionele capaciteit + tweede lijn)"},
    # stored metrics
    "needs_new": {"en": "new needs", "nl": "nieuwe hulpvragen"},
    "needs_open": {"en": "open needs", "nl": "openstaande hulpvragen"},
    "needs_latent": {"en": "needs not yet known to anyone",
                     "nl": "nog onbekende (latente) hulpvragen"},
    "needs_in_care": {"en": "needs known to a professional or carer",
                      "nl": "bekende hulpvragen in zorg"},
    "signalled": {"en": "needs signalled, by channel",
                  "nl": "gesignaleerde hulpvragen, per kanaal"},
    "signalled_early": {"en": "needs signalled early",
                        "nl": "vroeg gesignaleerde hulpvragen"},
    "signals_by_type": {"en": "needs signalled, by need type",
                        "nl": "gesignaleerde hulpvragen, per soort"},
    "signals_early_by_type": {"en": "needs signalled early, by need type",
                              "nl": "vroeg gesignaleerde hulpvragen, per soort"},
    "signal_delay_days": {"en": "days until a need is signalled",
                          "nl": "dagen tot signalering"},
    "arrivals": {"en": "needs arriving at a role", "nl": "instroom per rol"},
    "referrals": {"en": "referrals", "nl": "verwijzingen"},
    "referrals_failed": {"en": "failed referrals and task shifts",
                         "nl": "mislukte verwijzingen en taakverschuivingen"},
    "task_shifts": {"en": "task shifts", "nl": "taakverschuivingen"},
    "hours_used": {"en": "hours used", "nl": "gebruikte uren"},
    "hours_capacity": {"en": "hours available", "nl": "beschikbare uren"},
    "utilisation": {"en": "occupancy (hours used / hours available)",
                    "nl": "bezettingsgraad (gebruikte / beschikbare uren)"},
    "waiting_list": {"en": "needs on the waiting list (no first contact yet)",
                     "nl": "wachtlijst (nog geen eerste contact)"},
    "caseload": {"en": "caseload (needs in care between contacts)",
                 "nl": "caseload (hulpvragen in zorg tussen contacten)"},
    "wait_days": {"en": "waiting time (days to first contact)",
                  "nl": "wachttijd (dagen tot eerste contact)"},
    "contacts": {"en": "contacts", "nl": "contacten"},
    "resolved": {"en": "needs resolved", "nl": "opgeloste hulpvragen"},
    "resolved_self": {"en": "needs that resolved by themselves",
                      "nl": "vanzelf opgeloste hulpvragen"},
    "escalations": {"en": "escalations to second-line care",
                    "nl": "escalaties naar de tweede lijn"},
    "dropped": {"en": "needs lost in routing", "nl": "hulpvragen zoekgeraakt bij doorverwijzen"},
    "carers_overloaded": {"en": "overloaded family carers and volunteers",
                          "nl": "overbelaste mantelzorgers en vrijwilligers"},
    "health": {"en": "mean Positive Health score per resident (0-10)",
               "nl": "gemiddelde score Positieve Gezondheid per inwoner (0-10)"},
    "health_low": {"en": "share of residents with a low Positive Health score",
                   "nl": "aandeel inwoners met een lage score Positieve Gezondheid"},
    "cost_formal": {"en": "cost of professional hours used",
                    "nl": "kosten gebruikte uren professionele zorg"},
    "cost_capacity": {"en": "cost of paid professional capacity (used or not)",
                      "nl": "kosten betaalde professionele capaciteit (gebruikt of niet)"},
    "needs_turned_away": {"en": "needs turned away (waiting list full)",
                          "nl": "hulpvragen afgewezen (wachtlijst vol)"},
    "cost_second_line": {"en": "cost of second-line care",
                         "nl": "kosten tweede lijn"},
    "network_density": {"en": "network density (share of professionals who know each other)",
                        "nl": "netwerkdichtheid (aandeel professionals dat elkaar kent)"},
    "network_phase": {"en": "network phase (1 exploring - 4 anchoring)",
                      "nl": "netwerkfase (1 verkennen - 4 verankeren)"},
    "mdo_held": {"en": "multidisciplinary meetings (MDO)",
                 "nl": "multidisciplinaire overleggen (MDO)"},
    "residents": {"en": "residents", "nl": "inwoners"},
    "care_need_hours": {"en": "hours of practical care needed",
                        "nl": "uren praktische zorg nodig"},
    "care_formal_hours": {"en": "hours of practical care by home care",
                          "nl": "uren praktische zorg door thuiszorg"},
    "care_informal_hours": {"en": "hours of practical care by family carers",
                            "nl": "uren praktische zorg door mantelzorgers"},
    "care_unmet_hours": {"en": "hours of practical care nobody gave",
                         "nl": "uren praktische zorg die niemand gaf"},
    "care_recipients": {"en": "residents receiving practical care",
                        "nl": "inwoners die praktische zorg krijgen"},
    "carers_active": {"en": "active family carers", "nl": "actieve mantelzorgers"},
    "carer_breakdowns": {"en": "family carers who broke down",
                         "nl": "uitgevallen mantelzorgers"},
    "interaction_needs": {"en": "needs caused by another open need",
                          "nl": "hulpvragen door een andere openstaande hulpvraag"},
    "needs_passed_on": {"en": "needs passed on to a colleague who knows the field",
                        "nl": "hulpvragen doorgegeven aan een bekende collega"},
    "shared_contacts": {"en": "plan needs seen in one shared visit",
                        "nl": "hulpvragen uit het plan in één gezamenlijk bezoek"},
    "clients": {"en": "clients (residents seen at least once)",
                "nl": "cliënten (inwoners minstens één keer gezien)"},
    "residents_helped": {"en": "residents helped", "nl": "geholpen inwoners"},
    "referrals_by_route": {"en": "referrals and task shifts by route",
                           "nl": "verwijzingen en taakverschuivingen per route"},
    "contacts_by_type": {"en": "contacts by need type", "nl": "contacten per soort hulpvraag"},
    "tie_strength": {"en": "how well two roles know each other (tie strength)",
                     "nl": "hoe goed twee rollen elkaar kennen (sterkte van de relatie)"},
}

EXPLAIN = {
    "early_share": {
        "en": "Of all needs that became known to a professional or carer, the share "
              "that was noticed while still mild. Higher is better: problems are "
              "caught before they grow.",
        "nl": "Van alle hulpvragen die bij een professional of mantelzorger bekend "
              "werden, het aandeel dat werd opgemerkt terwijl het nog licht was. Hoger "
              "is beter: problemen worden gezien voordat ze groeien."},
    "early_share_somatic": {
        "en": "The same share for somatic needs only (need types on the Positive Health "
              "dimension bodily functions, e.g. acute and chronic illness).",
        "nl": "Hetzelfde aandeel, alleen voor somatische hulpvragen (soorten op de "
              "dimensie lichaamsfuncties van Positieve Gezondheid, zoals acute en "
              "chronische ziekte)."},
    "early_share_social": {
        "en": "The same share for social and psychosocial needs (all other dimensions: "
              "mental well-being, participation, quality of life, daily functioning, "
              "meaning).",
        "nl": "Hetzelfde aandeel voor sociale en psychosociale hulpvragen (alle andere "
              "dimensies: mentaal welbevinden, meedoen, kwaliteit van leven, dagelijks "
              "functioneren, zingeving)."},
    "needs_turned_away": {
        "en": "Needs that arrived at a profession whose waiting list was full and were "
              "turned away; they stay unknown until they are signalled again.",
        "nl": "Hulpvragen die bij een beroep aankwamen waarvan de wachtlijst vol was en "
              "werden afgewezen; ze blijven onbekend tot ze opnieuw gesignaleerd worden."},
    "informal_hours": {
        "en": "Hours of help given by family carers (mantelzorgers), volunteers and "
              "other informal roles over the whole period. More hours can mean more "
              "self-reliance in the neighbourhood, but also a heavier burden on carers.",
        "nl": "Uren hulp door mantelzorgers, vrijwilligers en andere informele rollen "
              "over de hele periode. Meer uren kan wijzen op meer samenredzaamheid in "
              "de wijk, maar ook op een zwaardere last voor mantelzorgers."},
    "formal_hours": {
        "en": "Hours that professionals (GP, practice nurses, district nurses, social "
              "team and others) spent on contacts and meetings over the whole period.",
        "nl": "Uren die professionals (huisarts, POH's, wijkverpleging, sociaal "
              "wijkteam en anderen) besteedden aan contacten en overleg, over de hele "
              "periode."},
    "formal_load": {
        "en": "Hours professionals used as a share of the hours they had for "
              "residents. Close to 1 means they are fully booked and waiting times rise.",
        "nl": "Gebruikte uren van professionals als aandeel van de uren die ze voor "
              "inwoners beschikbaar hadden. Dicht bij 1 betekent volgeboekt, en dan "
              "lopen de wachttijden op."},
    "utilisation": {
        "en": "The same occupancy per profession: hours used divided by hours available, "
              "averaged over the period.",
        "nl": "Dezelfde bezettingsgraad per beroep: gebruikte uren gedeeld door beschikbare "
              "uren, gemiddeld over de periode."},
    "wait_days": {
        "en": "Average number of days between a need reaching a professional or carer "
              "and the first contact.",
        "nl": "Gemiddeld aantal dagen tussen het moment dat een hulpvraag bij een "
              "professional of mantelzorger binnenkomt en het eerste contact."},
    "escalations_total": {
        "en": "Needs that became a crisis and went to second-line care (hospital, "
              "mental health crisis care, long-term care). Lower is better.",
        "nl": "Hulpvragen die uitliepen op een crisis en naar de tweede lijn gingen "
              "(ziekenhuis, GGZ-crisiszorg, Wlz). Lager is beter."},
    "cost_formal": {
        "en": "Cost of the hours professionals actually spent, at the hourly costs in the "
              "scenario (indicative). An activity-based view; it is not part of the "
              "total cost.",
        "nl": "Kosten van de uren die professionals werkelijk besteedden, tegen de "
              "uurtarieven in het scenario (indicatief). Een kijk op activiteit; geen "
              "onderdeel van de totale kosten."},
    "cost_capacity": {
        "en": "Cost of the professional staff (FTE) the scenario pays for, at a yearly "
              "cost per FTE: capacity is paid whether its hours are used or not "
              "(indicative).",
        "nl": "Kosten van de professionele formatie (fte) die het scenario betaalt, tegen "
              "jaarkosten per fte: capaciteit wordt betaald of de uren nu gebruikt worden "
              "of niet (indicatief)."},
    "cost_second_line": {
        "en": "Cost of the escalations to second-line care, at an assumed cost per "
              "crisis (indicative).",
        "nl": "Kosten van de escalaties naar de tweede lijn, tegen aangenomen kosten "
              "per crisis (indicatief)."},
    "cost_total": {
        "en": "The headline cost: paid professional capacity plus second-line cost. "
              "(In result files written before wijksim stored it: cost of hours used "
              "plus second-line cost.)",
        "nl": "De kosten waar het om gaat: betaalde professionele capaciteit plus kosten "
              "tweede lijn. (In resultaatbestanden van vóór deze opslag: kosten van de "
              "gebruikte uren plus kosten tweede lijn.)"},
}

UNITS = {
    "1": {"en": "", "nl": ""},
    "hour": {"en": "hours", "nl": "uur"},
    "day": {"en": "days", "nl": "dagen"},
    "euro": {"en": "euro", "nl": "euro"},
}

# Display names of common role and axis labels (others: underscores -> spaces).
# Ingredients of the shipped scenarios (wijksim decompose), as the report names
# them; an ingredient not listed here is shown by its name.
INGREDIENT_NAMES = {
    "pooled_budget": {"en": "pooled budget", "nl": "gezamenlijk wijkbudget"},
    "mdo": {"en": "MDO at home", "nl": "MDO aan huis"},
    "network": {"en": "network meetings and kwartiermaker",
                "nl": "wijknetwerkoverleg en kwartiermaker"},
    "low_threshold": {"en": "low threshold to the wijkteam",
                      "nl": "laagdrempelig wijkteam"},
    "introductions": {"en": "warm introductions to the wijkteam",
                      "nl": "warme overdracht naar het wijkteam"},
    "wijkpunt": {"en": "wijkpunt (walk-in point)", "nl": "wijkpunt (inlooppunt)"},
    "residents_initiative": {"en": "residents' initiative", "nl": "bewonersinitiatief"},
    "task_shifting": {"en": "task shifting", "nl": "taakverschuiving"},
    "care_sharing": {"en": "shared care and carer support",
                     "nl": "gedeelde mantelzorg en mantelzorgondersteuning"},
    "other": {"en": "other settings", "nl": "overige instellingen"},
}


def ingredient_name(name, lang="en"):
    """Display name of a decompose ingredient."""
    entry = INGREDIENT_NAMES.get(name)
    return entry[check_lang(lang)] if entry else role_name(name, lang)


ROLE_NAMES = {
    "huisarts": {"en": "GP (huisarts)", "nl": "huisarts"},
    "poh_s": {"en": "practice nurse (POH-S)", "nl": "POH-S"},
    "poh_ggz": {"en": "mental health nurse (POH-GGZ)", "nl": "POH-GGZ"},
    "wijkverpleging": {"en": "district nursing", "nl": "wijkverpleging"},
    "sociaal_wijkteam": {"en": "social team (sociaal wijkteam)", "nl": "wijkteam"},
    "doktersassistent": {"en": "GP assistant (doktersassistent)", "nl": "doktersassistent"},
    "bewonersinitiatief": {"en": "residents' initiative", "nl": "bewonersinitiatief"},
    "lichaamsfuncties": {"en": "bodily functions", "nl": "lichaamsfuncties"},
    "mentaal_welbevinden": {"en": "mental well-being", "nl": "mentaal welbevinden"},
    "zingeving": {"en": "meaning", "nl": "zingeving"},
    "kwaliteit_van_leven": {"en": "quality of life", "nl": "kwaliteit van leven"},
    "meedoen": {"en": "participation", "nl": "meedoen"},
    "dagelijks_functioneren": {"en": "daily functioning", "nl": "dagelijks functioneren"},
    "buurtcoach": {"en": "neighbourhood coach", "nl": "buurtcoach"},
    "wijkagent": {"en": "community police officer", "nl": "wijkagent"},
    "mantelzorger": {"en": "family carer (mantelzorger)", "nl": "mantelzorger"},
    "vrijwilliger": {"en": "volunteer", "nl": "vrijwilliger"},
}


def check_lang(lang):
    """Return lang if supported, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError("language must be one of %s, not %r" % (", ".join(LANGS), lang))
    return lang


def label(metric, lang="en", long_name=None):
    """Plain-language label of a metric; long_name (or the name) if unknown."""
    entry = LABELS.get(metric)
    if entry:
        return entry[check_lang(lang)]
    return long_name or metric.replace("_", " ")


def explain(metric, lang="en"):
    """One or two sentences about a headline indicator ('' if none)."""
    return EXPLAIN.get(metric, {}).get(check_lang(lang), "")


def unit(units, lang="en"):
    """Units in words ('' for dimensionless)."""
    return UNITS.get(units, {}).get(check_lang(lang), units)


def role_name(name, lang="en"):
    """Display name of a role or other axis label."""
    entry = ROLE_NAMES.get(name)
    if entry:
        return entry[check_lang(lang)]
    return name.replace("_", " ")


def outcome_label(metric, label_value, lang="en", long_name=None):
    """'waiting time ... — GP (huisarts)' for a metric with an axis label."""
    text = label(metric, lang, long_name)
    if label_value:
        text = "%s — %s" % (text.split(" (")[0], role_name(label_value, lang))
    return text


# ----------------------------------------------------------------------------
# The report's own text: headings, sentences, table heads, figure text.
# Every key has both languages; tests check that no English word of these
# dictionaries appears in the Dutch report.
# ----------------------------------------------------------------------------

TEXT = {
    "title": {"en": "Neighbourhood care networks: comparison of scenarios",
              "nl": "Wijknetwerken in zorg en welzijn: vergelijking van scenario's"},
    "subtitle": {"en": "Simulation results of wijksim {version}, file {file}",
                 "nl": "Simulatieresultaten van wijksim {version}, bestand {file}"},
    "key_messages": {"en": "Key messages", "nl": "Kernboodschappen"},
    "key_intro": {
        "en": "Compared with {base}. A difference is reported only when its 95% interval "
              "excludes zero and it is at least the minimal relevant difference of the "
              "indicator (table below); otherwise it is called no relevant difference.",
        "nl": "Vergeleken met {base}. Een verschil wordt alleen genoemd als het "
              "95%-interval de nul niet bevat en het minstens het kleinste relevante "
              "verschil van de indicator is (tabel hieronder); anders heet het geen "
              "relevant verschil."},
    "key_single": {
        "en": "The file holds one scenario, so there is nothing to compare; the levels "
              "below are means over the replicates with their 95% interval.",
        "nl": "Het bestand bevat één scenario, dus er valt niets te vergelijken; hieronder "
              "staan gemiddelden over de herhalingen met hun 95%-interval."},
    "runs": {
        "en": "Each scenario was simulated {reps} times (replicates) for {days} days, after "
              "a warm-up of {warmup} days that is simulated but not shown. Scenarios run "
              "together share their random numbers, so replicate 1 of one scenario is "
              "compared with replicate 1 of another: this removes much of the chance "
              "variation from the differences, though not all of it, which is what the "
              "intervals show.",
        "nl": "Elk scenario is {reps} keer gesimuleerd (herhalingen) over {days} dagen, na "
              "een aanloop van {warmup} dagen die wel is doorgerekend maar niet getoond. "
              "Scenario's die samen zijn doorgerekend delen hun toevalsgetallen, zodat "
              "herhaling 1 van het ene scenario wordt vergeleken met herhaling 1 van het "
              "andere: dat haalt veel toevalsvariatie uit de verschillen, maar niet alle, "
              "en die rest laten de intervallen zien."},
    "scenarios": {"en": "What each scenario changes", "nl": "Wat elk scenario verandert"},
    "reference": {"en": "reference scenario", "nl": "referentiescenario"},
    "changes_intro": {
        "en": "Settings that differ from {base} (from the settings stored in the result "
              "file). Every number is a model setting: where it comes from, or that it "
              "is an assumption, is documented in model/PARAMETERS.md; values the "
              "scenario lists as assumptions are marked (assumption).",
        "nl": "Instellingen die afwijken van {base} (uit de instellingen die in het "
              "resultaatbestand zijn opgeslagen). Elk getal is een modelinstelling: waar "
              "het vandaan komt, of dat het een aanname is, staat in model/PARAMETERS.md; "
              "waarden die het scenario als aanname opgeeft, zijn gemarkeerd (aanname)."},
    "setting": {"en": "setting", "nl": "instelling"},
    "assumption": {"en": "(assumption)", "nl": "(aanname)"},
    "in_base": {"en": "in {base}", "nl": "in {base}"},
    "in_scen": {"en": "in {scen}", "nl": "in {scen}"},
    "absent": {"en": "(not present)", "nl": "(niet aanwezig)"},
    "no_changes": {"en": "No settings differ from {base}.",
                   "nl": "Geen instellingen wijken af van {base}."},
    "no_description": {"en": "(no description)", "nl": "(geen omschrijving)"},
    "indicators": {"en": "Indicators", "nl": "Indicatoren"},
    "indicators_intro": {
        "en": "Per scenario the mean over the replicates with, below it, the range of 90% "
              "of the replicates; for the other scenarios also the paired difference "
              "with {base} and its 95% interval (pp: percentage points). Bold: a "
              "relevant difference. Hours, "
              "numbers and costs are totals over the period; shares, waits and scores "
              "are averages over the period. A dash: the scenario does not have this "
              "role.",
        "nl": "Per scenario het gemiddelde over de herhalingen met daaronder het bereik van "
              "90% van de herhalingen; voor de andere scenario's ook het gepaarde "
              "verschil met {base} en het 95%-interval daarvan (%-punt: procentpunt). "
              "Vet: een relevant verschil. Uren, aantallen en kosten zijn totalen over de periode; "
              "aandelen, wachttijden en scores zijn gemiddelden over de periode. Een "
              "streepje: het scenario heeft deze rol niet."},
    "indicator": {"en": "indicator", "nl": "indicator"},
    "difference": {"en": "difference", "nl": "verschil"},
    "mrd_title": {"en": "Minimal relevant differences", "nl": "Kleinste relevante verschillen"},
    "mrd_intro": {
        "en": "Analysis defaults: a smaller difference, even if statistically clear, is "
              "called no relevant difference.",
        "nl": "Standaardwaarden van de analyse: een kleiner verschil, ook als het "
              "statistisch duidelijk is, heet geen relevant verschil."},
    "threshold": {"en": "threshold", "nl": "drempel"},
    "reason": {"en": "why", "nl": "waarom"},
    "figures": {"en": "Figures", "nl": "Figuren"},
    "decompose": {"en": "Which ingredients make the difference",
                  "nl": "Welke onderdelen het verschil maken"},
    "decompose_intro": {
        "en": "The effect of {scen} compared with {base} ({reps} replicates), split over its "
              "ingredients. The Shapley contributions of the ingredients add up to the "
              "total effect; 'alone' is the effect of the ingredient on its own, and the "
              "effects alone plus the interaction (what the ingredients do together "
              "beyond their separate effects) add up to the total too. Mean with its 95% "
              "interval.",
        "nl": "Het effect van {scen} ten opzichte van {base} ({reps} herhalingen), verdeeld "
              "over de onderdelen. De Shapley-bijdragen van de onderdelen tellen op tot "
              "het totale effect; 'alleen' is het effect van het onderdeel op zich, en die "
              "effecten plus de wisselwerking (wat de onderdelen samen doen bovenop hun "
              "afzonderlijke effecten) tellen ook op tot het totaal. Gemiddelde met "
              "95%-interval."},
    "ingredient": {"en": "ingredient", "nl": "onderdeel"},
    "shapley": {"en": "Shapley contribution", "nl": "Shapley-bijdrage"},
    "alone": {"en": "alone", "nl": "alleen"},
    "total_effect": {"en": "total effect", "nl": "totaal effect"},
    "interaction": {"en": "interaction", "nl": "wisselwerking"},
    "outcome": {"en": "outcome", "nl": "uitkomst"},
    "value_base": {"en": "value in {base}", "nl": "waarde in {base}"},
    "value_scen": {"en": "value in {scen}", "nl": "waarde in {scen}"},
    "limitations": {"en": "Limitations", "nl": "Beperkingen"},
    "constant_intro": {
        "en": "These outputs are the same in every scenario and every replicate pair, so "
              "the scenarios cannot change them in this model:",
        "nl": "Deze uitkomsten zijn in elk scenario en elk paar herhalingen gelijk; de "
              "scenario's kunnen ze in dit model dus niet veranderen:"},
    "provenance": {"en": "Provenance", "nl": "Herkomst"},
    "all_labels": {"en": "every kind", "nl": "elke soort"},
    "prov_version": {"en": "wijksim version", "nl": "versie van wijksim"},
    "prov_created": {"en": "written", "nl": "geschreven"},
    "prov_command": {"en": "command", "nl": "opdracht"},
    "prov_file": {"en": "file", "nl": "bestand"},
    "prov_decompose_file": {"en": "decomposition from", "nl": "uitsplitsing uit"},
    "prov_rng": {"en": "random numbers", "nl": "toevalsgetallen"},
    "scenario": {"en": "scenario", "nl": "scenario"},
    "seed": {"en": "seed", "nl": "startgetal"},
    "replicates": {"en": "replicates", "nl": "herhalingen"},
    "days": {"en": "days", "nl": "dagen"},
    "sha": {"en": "SHA-256 of the settings", "nl": "SHA-256 van de instellingen"},
    "settings_of": {"en": "All settings of {scen}", "nl": "Alle instellingen van {scen}"},
    "interval": {"en": "95% interval", "nl": "95%-interval"},
    "to": {"en": "to", "nl": "tot"},
    "pp": {"en": "percentage points", "nl": "procentpunt"},
    "pp_short": {"en": "pp", "nl": "procentpunt"},
    "mean_band": {"en": "mean over replicates, band: 5-95% of replicates",
                  "nl": "gemiddelde over herhalingen, band: 5-95% van de herhalingen"},
    "day": {"en": "day", "nl": "dag"},
    "per_week": {"en": "per week", "nl": "per week"},
}

# Key messages.  {scen}, {base}, {what}, {size}, {dir}, {ci}, {vals}, {thr}.
MESSAGE = {
    "relevant": {
        "en": "In {scen}, {what} was {size} {dir} than in {base} ({vals}; 95% interval "
              "{ci}).",
        "nl": "In {scen} was {what} {size} {dir} dan in {base} ({vals}; 95%-interval "
              "{ci})."},
    "relevant_plural": {
        "en": "In {scen}, {what} were {size} {dir} than in {base} ({vals}; 95% interval "
              "{ci}).",
        "nl": "In {scen} waren {what} {size} {dir} dan in {base} ({vals}; 95%-interval "
              "{ci})."},
    "none": {
        "en": "In {scen}, {what} showed no relevant difference from {base}: {diff} "
              "(95% interval {ci}), less than the threshold of {thr}.",
        "nl": "In {scen} was er geen relevant verschil in {what} met {base}: {diff} "
              "(95%-interval {ci}), minder dan de drempel van {thr}."},
    "level": {
        "en": "In {scen}, {what} was {value} (95% interval {ci}).",
        "nl": "In {scen} was {what} {value} (95%-interval {ci})."},
    "vs": {"en": "{a} against {b}", "nl": "{a} tegen {b}"},
}

# Noun phrases for sentences; "{role}" is filled with the role or dimension.
PHRASE = {
    "early_share": {"en": "the share of needs signalled early",
                    "nl": "het aandeel vroeg gesignaleerde hulpvragen"},
    "early_share_somatic": {"en": "the share of somatic needs signalled early",
                            "nl": "het aandeel vroeg gesignaleerde somatische hulpvragen"},
    "early_share_social": {"en": "the share of social and psychosocial needs signalled early",
                           "nl": "het aandeel vroeg gesignaleerde sociale en psychosociale "
                                 "hulpvragen"},
    "informal_hours": {"en": "the informal care hours", "nl": "het aantal uren mantelzorg "
                       "en vrijwilligerswerk"},
    "hours_used": {"en": "the hours of {role}", "nl": "het aantal uren van {role}"},
    "care_unmet_hours": {"en": "the hours of care nobody gave",
                         "nl": "het aantal uren zorg dat niemand gaf"},
    "formal_hours": {"en": "the professional care hours",
                     "nl": "het aantal uren professionele zorg"},
    "formal_load": {"en": "the occupancy of professionals",
                    "nl": "de bezettingsgraad van professionals"},
    "utilisation": {"en": "the occupancy of {role}", "nl": "de bezettingsgraad van {role}"},
    "wait_days": {"en": "the wait for {role}", "nl": "de wachttijd bij {role}"},
    "needs_turned_away": {"en": "the number of needs turned away by {role}",
                          "nl": "het aantal afgewezen hulpvragen bij {role}"},
    "escalations_total": {"en": "the number of escalations to second-line care",
                          "nl": "het aantal escalaties naar de tweede lijn"},
    "carers_overloaded": {"en": "the number of overloaded carers",
                          "nl": "het aantal overbelaste mantelzorgers"},
    "carer_breakdowns": {"en": "the number of carers who broke down",
                         "nl": "het aantal mantelzorgers dat uitviel"},
    "health": {"en": "the Positive Health score on {role}",
               "nl": "de score Positieve Gezondheid op {role}"},
    "cost_total": {"en": "the total cost", "nl": "de totale kosten"},
    "cost_capacity": {"en": "the cost of paid capacity",
                      "nl": "de kosten van betaalde capaciteit"},
    "cost_second_line": {"en": "the cost of second-line care",
                         "nl": "de kosten van de tweede lijn"},
    "cost_formal": {"en": "the cost of professional hours used",
                    "nl": "de kosten van gebruikte uren professionele zorg"},
}
PLURAL = {"en": ("cost_capacity", "cost_second_line", "cost_formal", "informal_hours",
                 "formal_hours", "care_unmet_hours", "hours_used"),
          "nl": ("cost_total", "cost_capacity", "cost_second_line", "cost_formal")}

# Direction words: (more, less) per kind of indicator.
DIRECTION = {
    "wait": {"en": ("longer", "shorter"), "nl": ("langer", "korter")},
    "count": {"en": ("higher", "lower"), "nl": ("hoger", "lager")},
    "amount": {"en": ("higher", "lower"), "nl": ("hoger", "lager")},
}
DIRECTION_OF = {"wait_days": "wait", "escalations_total": "count",
                "needs_turned_away": "count", "carers_overloaded": "count",
                "carer_breakdowns": "count"}

GROUP_TITLE = {
    "early": {"en": "Early signalling", "nl": "Vroegsignalering"},
    "informal": {"en": "Informal care use", "nl": "Inzet van mantelzorg en vrijwilligers"},
    "load": {"en": "Professional load", "nl": "Bezettingsgraad van professionals"},
    "collaboration": {"en": "Working together", "nl": "Samenwerking"},
    "waits": {"en": "Waiting times", "nl": "Wachttijden"},
    "escalations": {"en": "Escalations", "nl": "Escalaties"},
    "carers": {"en": "Carers", "nl": "Mantelzorgers"},
    "health": {"en": "Health", "nl": "Gezondheid"},
    "costs": {"en": "Costs", "nl": "Kosten"},
}
GROUP_MEANING = {
    "early": {"en": "Of the needs that became known, the share noticed while still mild: "
                    "higher means problems are caught before they grow.",
              "nl": "Van de hulpvragen die bekend werden, het aandeel dat nog licht was: "
                    "hoger betekent dat problemen worden gezien voordat ze groeien."},
    "informal": {"en": "Hours of help by family carers, volunteers and residents' "
                       "initiatives, and the care hours nobody gave: more informal hours "
                       "can mean more self-reliance but also a heavier burden.",
                 "nl": "Uren hulp door mantelzorgers, vrijwilligers en "
                       "bewonersinitiatieven, en de uren zorg die niemand gaf: meer uren "
                       "mantelzorg kan meer samenredzaamheid betekenen, maar ook een "
                       "zwaardere last."},
    "load": {"en": "Hours professionals used as a share of the hours they had for "
                   "residents: close to 100% means fully booked, and waits grow.",
             "nl": "Gebruikte uren van professionals als aandeel van de uren die ze voor "
                   "inwoners hadden: dicht bij 100% betekent volgeboekt, en dan worden "
                   "wachttijden langer."},
    "collaboration": {"en": "How needs are handed on between professionals: referrals and "
                            "task shifts tried, the ones that failed (the need went back "
                            "to the resident until it was noticed again), MDOs held, and how "
                            "well professionals know each other (density and phase of "
                            "the network).",
                      "nl": "Hoe hulpvragen tussen professionals worden doorgegeven: "
                            "verwijzingen en taakverschuivingen, de mislukte (de "
                            "hulpvraag ging terug naar de inwoner tot iemand hem weer "
                            "opmerkte), de gehouden MDO's, en hoe goed professionals "
                            "elkaar kennen (dichtheid en fase van het netwerk)."},
    "waits": {"en": "Average days from a need reaching a professional to the first "
                    "contact, and needs turned away because the waiting list was full.",
              "nl": "Gemiddeld aantal dagen van binnenkomst van een hulpvraag bij een "
                    "professional tot het eerste contact, en hulpvragen die werden "
                    "afgewezen omdat de wachtlijst vol was."},
    "escalations": {"en": "Needs that became a crisis and went to second-line care "
                          "(hospital, crisis mental health care, long-term care): fewer "
                          "is better.",
                    "nl": "Hulpvragen die uitliepen op een crisis en naar de tweede lijn "
                          "gingen (ziekenhuis, GGZ-crisisdienst, Wlz): minder is beter."},
    "carers": {"en": "Family carers overloaded by the care they give, and carers who "
                     "broke down and stopped: fewer is better.",
               "nl": "Mantelzorgers die overbelast raakten door de zorg die ze geven, en "
                     "mantelzorgers die uitvielen: minder is beter."},
    "health": {"en": "Mean Positive Health score of residents (0-10) per dimension: "
                     "higher is better.",
               "nl": "Gemiddelde score Positieve Gezondheid van inwoners (0-10) per "
                     "dimensie: hoger is beter."},
    "costs": {"en": "Indicative costs: paid professional capacity plus second-line care "
                    "make the total; the cost of hours used is an activity-based view, "
                    "not part of the total.",
              "nl": "Indicatieve kosten: betaalde professionele capaciteit plus tweede "
                    "lijn vormen het totaal; de kosten van gebruikte uren zijn een kijk op "
                    "activiteit en tellen niet mee in het totaal."},
}

MRD_REASON = {
    "early_share": {"en": "2 percentage points: about a tenth of the gap between the "
                          "baseline and the best scenario; smaller is not noticeable in "
                          "practice",
                    "nl": "2 procentpunt: ongeveer een tiende van het gat tussen de "
                          "referentie en het beste scenario; kleiner merkt niemand in de "
                          "praktijk"},
    "informal_hours": {"en": "5%: roughly the year-to-year variation in carers' hours "
                             "in survey data",
                       "nl": "5%: ongeveer de variatie van jaar tot jaar in uren "
                             "mantelzorg in enquêtes"},
    "formal_hours": {"en": "5%: about one working day a month per professional",
                     "nl": "5%: ongeveer één werkdag per maand per professional"},
    "formal_load": {"en": "2 percentage points of occupancy",
                    "nl": "2 procentpunt bezettingsgraad"},
    "wait_days": {"en": "1 day: a client notices a day's difference in waiting",
                  "nl": "1 dag: een cliënt merkt een dag verschil in wachttijd"},
    "needs_turned_away": {"en": "10%: turn-aways are rare events",
                          "nl": "10%: afwijzingen zijn zeldzaam"},
    "escalations_total": {"en": "5%: the order of effects reported for integrated care "
                                "pilots",
                          "nl": "5%: de orde van grootte van effecten in proeftuinen met "
                                "integrale zorg"},
    "carers_overloaded": {"en": "5%", "nl": "5%"},
    "health": {"en": "0.1 point on the 0-10 scale: the smallest change a survey "
                     "would report",
               "nl": "0,1 punt op de schaal 0-10: de kleinste verandering die een "
                     "enquête zou melden"},
    "cost_total": {"en": "2%: the order of a municipality's yearly budget margin",
                   "nl": "2%: de orde van grootte van de jaarlijkse begrotingsmarge van "
                         "een gemeente"},
}

LIMITATIONS = {
    "en": [
        "wijksim is a stylised agent-based model of care and welfare in one "
        "neighbourhood. It shows mechanisms and orders of magnitude; it is not a "
        "forecast for a particular municipality (model/ODD.md).",
        "Many parameter values are assumptions: how often needs arise, how fast they "
        "worsen or resolve, how likely a contact solves a need, how often needs are "
        "signalled and how well professionals know each other (model/PARAMETERS.md "
        "gives the source of each value or marks it as an assumption).",
        "The model does not represent: prevention that lowers how often needs arise, "
        "people moving in or out, staff turnover and recruitment, changes in policy "
        "during the period, and the quality of care beyond whether a need is resolved.",
        "Costs are indicative: yearly cost per FTE, hourly costs and the cost of an "
        "escalation are assumed, not measured; capacity is paid whether its hours are "
        "used or not.",
        "The intervals cover only chance variation between replicates, not uncertainty "
        "in the parameter values or in the model's structure.",
    ],
    "nl": [
        "wijksim is een gestileerd agent-gebaseerd model van zorg en welzijn in één "
        "wijk. Het laat mechanismen en ordes van grootte zien; het is geen voorspelling "
        "voor een bepaalde gemeente (model/ODD.md).",
        "Veel parameterwaarden zijn aannames: hoe vaak hulpvragen ontstaan, hoe snel ze "
        "verergeren of overgaan, hoe vaak een contact een hulpvraag oplost, hoe vaak "
        "hulpvragen gesignaleerd worden en hoe goed professionals elkaar kennen "
        "(model/PARAMETERS.md geeft per waarde de bron of markeert haar als aanname).",
        "Het model bevat niet: preventie die hulpvragen minder vaak laat ontstaan, "
        "verhuizingen, personeelsverloop en werving, beleidswijzigingen tijdens de "
        "periode, en de kwaliteit van zorg verder dan of een hulpvraag is opgelost.",
        "Kosten zijn indicatief: jaarkosten per fte, uurtarieven en de kosten van een "
        "escalatie zijn aangenomen, niet gemeten; capaciteit wordt betaald of de uren "
        "nu gebruikt worden of niet.",
        "De intervallen dekken alleen toevalsvariatie tussen herhalingen, niet de "
        "onzekerheid in de parameterwaarden of in de opzet van het model.",
    ],
}

FIGURE = {
    "effects": {
        "title": {"en": "Difference from {base}", "nl": "Verschil met {base}"},
        "caption": {
            "en": "Paired difference from {base} per indicator, in the indicator's own "
                  "units (one panel each). Dot: mean; line: 95% interval; grey band: "
                  "smaller than the minimal relevant difference.",
            "nl": "Gepaard verschil met {base} per indicator, in de eenheid van de "
                  "indicator (elk een eigen paneel). Punt: gemiddelde; lijn: "
                  "95%-interval; grijze band: kleiner dan het kleinste relevante verschil."},
        "alt": {"en": "Small multiples: for each headline indicator, the difference of "
                      "each scenario from {base} with its 95% interval.",
                "nl": "Kleine grafieken: per hoofdindicator het verschil van elk scenario "
                      "met {base}, met 95%-interval."}},
    "series": {
        "caption": {
            "en": "Over the simulated period, per week. Line: mean over replicates; band: "
                  "5-95% of replicates.{short}",
            "nl": "Verloop over de gesimuleerde periode, per week. Lijn: gemiddelde over "
                  "de herhalingen; band: 5-95% van de herhalingen.{short}"},
        "short": {"en": " The last interval, shorter than the others ({days}), is left out.",
                  "nl": " De laatste periode, korter dan de andere ({days}), is weggelaten."},
        "alt": {"en": "Four line charts over time, one line per scenario: share signalled "
                      "early, occupancy of professionals, escalations and informal care "
                      "hours per week.",
                "nl": "Vier lijngrafieken in de tijd, één lijn per scenario: aandeel vroeg "
                      "gesignaleerd, bezettingsgraad van professionals, escalaties en uren "
                      "mantelzorg en vrijwilligerswerk per week."}},
    "load": {
        "caption": {"en": "Occupancy per profession: hours used divided by hours available. "
                          "Dashed line: full capacity (100%).",
                    "nl": "Bezettingsgraad per beroep: gebruikte uren gedeeld door "
                          "beschikbare uren. Stippellijn: volledige bezetting (100%)."},
        "alt": {"en": "Horizontal bars of occupancy per profession and scenario, with a "
                      "line at 100%.",
                "nl": "Liggende staven met de bezettingsgraad per beroep en scenario, met "
                      "een lijn bij 100%."}},
    "hours": {
        "caption": {"en": "Hours over the whole period: informal care (left) and "
                          "professional care (right), each on its own scale.",
                    "nl": "Uren over de hele periode: mantelzorg en vrijwilligerswerk "
                          "(links) en professionele zorg (rechts), elk op een eigen schaal."},
        "alt": {"en": "Two bar charts: informal care hours and professional care hours "
                      "per scenario.",
                "nl": "Twee staafgrafieken: uren mantelzorg en vrijwilligerswerk en uren "
                      "professionele zorg per scenario."}},
}

# Short axis and panel labels for figures.
SHORT = {
    "early_share": {"en": "signalled early, all needs", "nl": "vroeg gesignaleerd, alle"},
    "early_share_somatic": {"en": "signalled early, somatic",
                            "nl": "vroeg gesignaleerd, somatisch"},
    "early_share_social": {"en": "signalled early, social",
                           "nl": "vroeg gesignaleerd, sociaal"},
    "informal_hours": {"en": "informal care hours (carers, volunteers)",
                       "nl": "uren mantelzorg en vrijwilligers"},
    "formal_hours": {"en": "professional hours", "nl": "uren professionals"},
    "formal_load": {"en": "occupancy of professionals", "nl": "bezettingsgraad"},
    "escalations_total": {"en": "escalations", "nl": "escalaties"},
    "carers_overloaded": {"en": "overloaded carers", "nl": "overbelaste mantelzorgers"},
    "cost_total": {"en": "total cost", "nl": "totale kosten"},
    "wait_days": {"en": "wait, {role}", "nl": "wachttijd, {role}"},
}

AXIS_UNIT = {
    "pp": {"en": "percentage points", "nl": "procentpunt"},
    "pp_short": {"en": "pp", "nl": "%-punt"},
    "percent": {"en": "%", "nl": "%"},
    "days": {"en": "days", "nl": "dagen"},
    "hours": {"en": "hours", "nl": "uren"},
    "kilo_hours": {"en": "thousand hours", "nl": "duizend uren"},
    "number": {"en": "number", "nl": "aantal"},
    "keuro": {"en": "thousand euro", "nl": "duizend euro"},
    "points": {"en": "points (0-10)", "nl": "punten (0-10)"},
    "per_week": {"en": "per week", "nl": "per week"},
}


def t(key, lang, **kw):
    """A fixed phrase of the report in `lang`, with {fields} filled in."""
    return TEXT[key][check_lang(lang)].format(**kw)


def fmt_num(value, lang, decimals=None):
    """1,234.5 (en) or 1.234,5 (nl); a sensible number of decimals; – for NaN."""
    import math
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        size = abs(value)
        decimals = (0 if size >= 100 or size == 0 else 1 if size >= 10
                    else 2 if size >= 0.1 else 3)
    out = "{:,.{d}f}".format(value, d=decimals)
    if out.startswith("-"):
        out = "\u2212" + out[1:]
    if lang == "nl":
        out = out.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return out
