#!/usr/bin/python3
"""report.py — one self-contained HTML report of a wijksim result file.

Usage:
    /usr/bin/python3 analysis/report.py RESULTS.h5 -o report.html
                                        [--lang nl|en] [--baseline NAME]

The report is written for policy makers: what was compared (scenarios, their
descriptions, replicates, days), key figures per scenario, headline findings
in plain language generated from the paired statistics of wijkdata.compare
(a difference is claimed only when its 95 % confidence interval excludes 0),
what each indicator means, the figures, the assumptions and limits of the
model, and the provenance (version, date, command line, seeds, the full
scenario settings).

Early signalling is shown for all needs and, separately, for somatic needs
(Positive Health dimension lichaamsfuncties) and for social and psychosocial
needs (all other dimensions): two rows in the key figures, two findings and a
bar chart.  The headline cost is the stored cost_total (paid capacity plus
second line), with cost_capacity and cost_second_line beside it and the
activity-based cost_formal after them; needs_turned_away appears for the roles
where it is not zero.

The file has no external references: CSS is inline and every figure is a PNG
embedded as a base64 data URI, so it can be mailed or archived as is.  With
one scenario in the file there is no differences section.

Exit status: 0 ok, 2 for a missing or invalid file or unknown baseline.
"""

import argparse
import base64
import html
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import labels as lab  # noqa: E402
import plots  # noqa: E402
import wijkdata  # noqa: E402

# Indicators shown as percentages (values are shares 0..1); differences in
# percentage points.
PERCENT = ("early_share", "early_share_somatic", "early_share_social", "formal_load",
           "utilisation")

# Key figures and findings, in this order (metric, label rule):
# None = the metric has no axis; "formal" = each formal role; "roles" = each role;
# "nonzero" = each role where some scenario has a value other than zero.
# The cost headline is cost_total (capacity + second line), with its two parts
# beside it; the activity-based cost_formal comes last.
FINDINGS = (("early_share", None), ("early_share_somatic", None),
            ("early_share_social", None), ("informal_hours", None), ("formal_hours", None),
            ("formal_load", None), ("utilisation", "formal"), ("wait_days", "roles"),
            ("escalations_total", None), ("needs_turned_away", "nonzero"),
            ("cost_total", None), ("cost_capacity", None), ("cost_second_line", None),
            ("cost_formal", None))

# Phrases whose Dutch noun is plural ("de kosten lagen", not "lag").
PLURAL_NL = ("cost_formal", "cost_second_line", "cost_total", "cost_capacity")

# Noun phrases for sentences ("In X, <phrase> was ...").
PHRASE = {
    "early_share": {"en": "the share of needs signalled early",
                    "nl": "het aandeel vroeg gesignaleerde hulpvragen (vroegsignalering)"},
    "early_share_somatic": {"en": "the share of somatic needs signalled early",
                            "nl": "het aandeel vroeg gesignaleerde somatische hulpvragen"},
    "early_share_social": {"en": "the share of social and psychosocial needs signalled early",
                           "nl": "het aandeel vroeg gesignaleerde sociale en psychosociale "
                                 "hulpvragen"},
    "needs_turned_away": {"en": "the number of needs turned away by %s (waiting list full)",
                          "nl": "het aantal afgewezen hulpvragen (%s, wachtlijst vol)"},
    "informal_hours": {"en": "the number of informal care hours (family carers, volunteers)",
                       "nl": "het aantal uren mantelzorg en vrijwilligerswerk"},
    "formal_hours": {"en": "the number of professional care hours",
                     "nl": "het aantal uren professionele zorg"},
    "formal_load": {"en": "the load on professionals",
                    "nl": "de belasting van professionals"},
    "utilisation": {"en": "the load on %s", "nl": "de belasting (%s)"},
    "wait_days": {"en": "the waiting time at %s", "nl": "de wachttijd (%s)"},
    "escalations_total": {"en": "the number of escalations to second-line care",
                          "nl": "het aantal escalaties naar de tweede lijn"},
    "cost_formal": {"en": "the cost of professional hours used",
                    "nl": "de kosten van de gebruikte uren professionele zorg"},
    "cost_capacity": {"en": "the cost of paid professional capacity",
                      "nl": "de kosten van de betaalde professionele capaciteit"},
    "cost_second_line": {"en": "the cost of second-line care",
                         "nl": "de kosten van de tweede lijn"},
    "cost_total": {"en": "the total cost", "nl": "de totale kosten"},
}

T = {
    "title": {"en": "Neighbourhood care networks: comparison of scenarios",
              "nl": "Wijknetwerken in zorg en welzijn: vergelijking van scenario's"},
    "subtitle": {"en": "Simulation results from wijksim %s, file %s",
                 "nl": "Simulatieresultaten van wijksim %s, bestand %s"},
    "compared": {"en": "What was compared", "nl": "Wat is vergeleken"},
    "compared_intro": {
        "en": "Each scenario was simulated %s times (replicates) for %s days. "
              "Scenarios run together use the same random numbers, so replicate 1 of "
              "one scenario is compared with replicate 1 of the other, and so on: "
              "differences then come from the scenario, not from chance. "
              "The reference scenario is <b>%s</b>.",
        "nl": "Elk scenario is %s keer gesimuleerd (herhalingen) over %s dagen. "
              "Scenario's die samen zijn doorgerekend gebruiken dezelfde toevalsgetallen, "
              "zodat herhaling 1 van het ene scenario wordt vergeleken met herhaling 1 "
              "van het andere, enzovoort: verschillen komen dan door het scenario en "
              "niet door toeval. Het referentiescenario is <b>%s</b>."},
    "warmup": {
        "en": " Each replicate started %s days earlier: a warm-up, simulated but not shown, "
              "so that waiting lists, caseloads and the network are in their usual state "
              "on the first day shown.",
        "nl": " Elke herhaling begon %s dagen eerder: een aanloop die wel is doorgerekend "
              "maar niet getoond, zodat wachtlijsten, caseloads en het netwerk op de "
              "eerste getoonde dag in hun gewone toestand zijn."},
    "compared_one": {
        "en": "The file holds one scenario, simulated %s times (replicates) for %s days; "
              "there is nothing to compare it with, so the report shows its results only.",
        "nl": "Het bestand bevat één scenario, %s keer gesimuleerd (herhalingen) over "
              "%s dagen; er is geen ander scenario om mee te vergelijken, dus het "
              "rapport toont alleen de resultaten."},
    "scenario": {"en": "scenario", "nl": "scenario"},
    "description": {"en": "description", "nl": "omschrijving"},
    "replicates": {"en": "replicates", "nl": "herhalingen"},
    "days": {"en": "days", "nl": "dagen"},
    "seed": {"en": "seed", "nl": "seed"},
    "reference": {"en": "reference", "nl": "referentie"},
    "keyfigures": {"en": "Key figures per scenario", "nl": "Kerncijfers per scenario"},
    "keyfigures_intro": {
        "en": "Mean over the replicates, with in brackets the range in which 90% of "
              "the replicates fall (5th to 95th percentile). Hours, escalations and "
              "costs are totals over the whole period; shares and waiting times are "
              "averages over the period.",
        "nl": "Gemiddelde over de herhalingen, met tussen haakjes het bereik waarbinnen "
              "90% van de herhalingen valt (5e tot 95e percentiel). Uren, escalaties en "
              "kosten zijn totalen over de hele periode; aandelen en wachttijden zijn "
              "gemiddelden over de periode."},
    "indicator": {"en": "indicator", "nl": "indicator"},
    "no_capacity_cost": {
        "en": "No scenario sets a yearly cost per FTE (cost_per_fte_per_year), so the cost "
              "of paid capacity is 0 and the total cost holds only the second-line cost.",
        "nl": "Geen scenario stelt jaarkosten per fte in (cost_per_fte_per_year), dus de "
              "kosten van betaalde capaciteit zijn 0 en de totale kosten bevatten alleen "
              "de kosten van de tweede lijn."},
    "derived_total": {
        "en": "This file does not store the total cost (it was written by an older "
              "wijksim): it is shown as the cost of the hours used plus second-line cost.",
        "nl": "Dit bestand bevat de totale kosten niet (het is geschreven door een oudere "
              "wijksim): ze worden getoond als kosten van de gebruikte uren plus kosten "
              "van de tweede lijn."},
    "findings": {"en": "Headline findings", "nl": "Belangrijkste uitkomsten"},
    "findings_intro": {
        "en": "Each scenario compared with <b>%s</b>. A difference is only called a "
              "difference when its 95%% confidence interval (CI) does not include zero; "
              "otherwise the text says there is no clear difference. That does not prove "
              "there is no effect: with more replicates a small effect may become visible.",
        "nl": "Elk scenario vergeleken met <b>%s</b>. We spreken alleen van een verschil "
              "als het 95%%-betrouwbaarheidsinterval (BI) de nul niet bevat; anders staat "
              "er dat er geen duidelijk verschil is. Dat bewijst niet dat er geen effect "
              "is: met meer herhalingen kan een klein effect zichtbaar worden."},
    "indicators": {"en": "What the indicators mean", "nl": "Wat de indicatoren betekenen"},
    "figures": {"en": "Figures", "nl": "Figuren"},
    "assumptions": {"en": "Assumptions and limits", "nl": "Aannames en beperkingen"},
    "provenance": {"en": "Provenance", "nl": "Herkomst"},
    "settings": {"en": "Full settings of scenario %s", "nl": "Volledige instellingen van scenario %s"},
    "higher": {"en": "higher", "nl": "hoger"},
    "lower": {"en": "lower", "nl": "lager"},
    "pp": {"en": "percentage points", "nl": "procentpunt"},
    "points": {"en": "points", "nl": "punten"},
    "to": {"en": "to", "nl": "tot"},
    "vs": {"en": "vs", "nl": "tegen"},
    "ci": {"en": "95% CI", "nl": "95%-BI"},
    "more_roles": {"en": "No clear difference in %s at: %s.",
                   "nl": "Geen duidelijk verschil in %s bij: %s."},
}

FIG_CAPTIONS = {
    "differences": {
        "en": "Change in each headline indicator compared with %s, as a percentage of "
              "its value in %s. Dot: mean of the paired differences; line: 95% "
              "confidence interval. A filled dot means the interval excludes zero.",
        "nl": "Verandering van elke hoofdindicator ten opzichte van %s, als percentage "
              "van de waarde in %s. Punt: gemiddelde van de gepaarde verschillen; lijn: "
              "95%-betrouwbaarheidsinterval. Een gevulde punt betekent dat het interval "
              "de nul niet bevat."},
    "professional_load": {
        "en": "Load per profession: hours used divided by hours available for residents. "
              "The dashed line is full capacity.",
        "nl": "Belasting per beroep: gebruikte uren gedeeld door de uren die beschikbaar "
              "zijn voor inwoners. De stippellijn is volledige bezetting."},
    "informal_formal_hours": {
        "en": "Hours of informal care (family carers, volunteers) and of professional "
              "care over the whole period.",
        "nl": "Uren mantelzorg en vrijwilligerswerk en uren professionele zorg over de "
              "hele periode."},
    "timeseries_early_share": {
        "en": "Share of needs signalled early, per output interval. Line: mean over "
              "replicates; band: 5-95% of replicates.",
        "nl": "Aandeel vroeg gesignaleerde hulpvragen per periode. Lijn: gemiddelde over "
              "de herhalingen; band: 5-95% van de herhalingen."},
    "early_signalling": {
        "en": "Left: share of needs signalled early, for somatic needs (Positive Health "
              "dimension bodily functions) and for social and psychosocial needs (all "
              "other dimensions), per scenario; bars: mean over replicates, whiskers: "
              "5-95% of replicates. Right: share of all needs signalled early, per "
              "output interval; line: mean over replicates, band: 5-95% of replicates.",
        "nl": "Links: aandeel vroeg gesignaleerde hulpvragen, voor somatische hulpvragen "
              "(dimensie lichaamsfuncties van Positieve Gezondheid) en voor sociale en "
              "psychosociale hulpvragen (alle andere dimensies), per scenario; staaf: "
              "gemiddelde over de herhalingen, streepjes: 5-95% van de herhalingen. "
              "Rechts: aandeel van alle hulpvragen dat vroeg gesignaleerd werd, per "
              "periode; lijn: gemiddelde over de herhalingen, band: 5-95% van de "
              "herhalingen."},
    "timeseries_formal_load": {
        "en": "Load on professionals over time (all professions together).",
        "nl": "Belasting van professionals in de tijd (alle beroepen samen)."},
    "timeseries_escalations_total": {
        "en": "Escalations to second-line care per output interval.",
        "nl": "Escalaties naar de tweede lijn per periode."},
    "timeseries_informal_hours": {
        "en": "Hours of informal care per output interval.",
        "nl": "Uren mantelzorg en vrijwilligerswerk per periode."},
}

ASSUMPTIONS = {
    "en": [
        "wijksim is a stylised agent-based model of care and welfare in a "
        "neighbourhood (wijk). It shows mechanisms and orders of magnitude; it is not "
        "a forecast for a particular municipality. The model is described in "
        "<code>model/ODD.md</code>.",
        "Many parameter values are assumptions: how often needs arise by type and age, "
        "how fast they worsen or resolve by themselves, the chance that a contact "
        "solves a need, signalling rates and how well professionals know each other. "
        "Each value is listed with its source, or marked as an assumption, in "
        "<code>model/PARAMETERS.md</code>.",
        "Costs are indicative: the yearly cost per FTE, hourly costs and the cost of "
        "an escalation to second-line care are assumed, not measured. The total cost "
        "is the cost of the professional capacity (FTE) plus second-line cost. "
        "Capacity is paid whether its hours are used or not, so fewer contacts do not "
        "lower it; the cost of the hours used is shown beside it as an activity-based "
        "view and is not added to the total.",
        "The confidence intervals only cover chance variation between replicates. "
        "They do not cover uncertainty in the parameter values or in the structure "
        "of the model.",
        "With few replicates intervals are wide: \u2018no clear difference\u2019 does "
        "not mean that a scenario has no effect.",
        "Waiting times and load per profession are averages of per-period values; "
        "periods without any contact are left out.",
        "Scenarios differ only in their settings; the full settings used are in the "
        "provenance section below, so every run can be repeated exactly.",
    ],
    "nl": [
        "wijksim is een gestileerd agent-gebaseerd model van zorg en welzijn in een "
        "wijk. Het laat mechanismen en ordes van grootte zien; het is geen voorspelling "
        "voor een bepaalde gemeente. Het model is beschreven in "
        "<code>model/ODD.md</code>.",
        "Veel parameterwaarden zijn aannames: hoe vaak hulpvragen ontstaan per soort en "
        "leeftijd, hoe snel ze verergeren of vanzelf overgaan, de kans dat een contact "
        "een hulpvraag oplost, hoe vaak er gesignaleerd wordt en hoe goed professionals "
        "elkaar kennen. Elke waarde staat met bron, of gemarkeerd als aanname, in "
        "<code>model/PARAMETERS.md</code>.",
        "Kosten zijn indicatief: jaarkosten per fte, uurtarieven en de kosten van een "
        "escalatie naar de tweede lijn zijn aangenomen, niet gemeten. De totale kosten "
        "zijn de kosten van de professionele capaciteit (fte) plus de kosten van de "
        "tweede lijn. Capaciteit wordt betaald of de uren nu gebruikt worden of niet, "
        "dus minder contacten verlagen die kosten niet; de kosten van de gebruikte uren "
        "staan ernaast als kijk op activiteit en tellen niet mee in het totaal.",
        "De betrouwbaarheidsintervallen dekken alleen de toevalsvariatie tussen "
        "herhalingen, niet de onzekerheid in de parameterwaarden of in de opzet van "
        "het model.",
        "Met weinig herhalingen zijn de intervallen breed: \u2018geen duidelijk "
        "verschil\u2019 betekent niet dat een scenario geen effect heeft.",
        "Wachttijden en belasting per beroep zijn gemiddelden van waarden per periode; "
        "periodes zonder enig contact tellen niet mee.",
        "Scenario's verschillen alleen in hun instellingen; de volledige instellingen "
        "staan hieronder bij de herkomst, zodat elke berekening precies te herhalen is.",
    ],
}

CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60em; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; }
h2 { border-bottom: 2px solid #2b6ca3; padding-bottom: 0.15em; margin-top: 2em; }
h3 { margin-bottom: 0.3em; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left;
         vertical-align: top; }
th { background: #eef3f8; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
ul.findings li { margin-bottom: 0.4em; }
.sig { font-weight: bold; }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; }
dt { font-weight: bold; margin-top: 0.6em; }
dd { margin-left: 1.2em; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
code { font-size: 0.92em; }
.small { font-size: 0.85em; color: #555; }
"""


def tr(key, lang):
    """A fixed phrase of the report in `lang`."""
    return T[key][lang]


def fmt_num(value, lang, decimals=None):
    """A number in the language's style: 1,234.5 (en) or 1.234,5 (nl)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        size = abs(value)
        if size == 0:
            return "0"
        decimals = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 0.1 else 3
    text = "{:,.{d}f}".format(value, d=decimals)
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_value(metric, value, units, lang):
    """A value with its unit: 48.2% for shares, '1,234 hours' otherwise."""
    if metric in PERCENT:
        return fmt_num(100.0 * value, lang, 1) + "%"
    unit = lab.unit(units, lang)
    if units == "euro":
        return "€\u00a0" + fmt_num(value, lang, 0)
    return (fmt_num(value, lang) + ("\u00a0" + unit if unit else "")).strip()


def _decimals(*values):
    """Decimals that show the largest of `values` (a CI's ends) with 2 digits."""
    size = max((abs(v) for v in values if not math.isnan(v)), default=0.0)
    if size >= 1 or size == 0:
        return 1
    return min(6, 1 - int(math.floor(math.log10(size))))


def fmt_signed(value, lang, decimals=1):
    """A signed number: +3.2 / −1.0."""
    if math.isnan(value):
        return "–"
    return ("+" if value > 0 else "") + fmt_num(value, lang, decimals)


def finding_sentence(row, base_name, lang):
    """One plain-language sentence about a non-baseline Row (HTML-escaped)."""
    d = row.diff
    phrase = PHRASE.get(row.metric, {}).get(lang) or lab.label(row.metric, lang)
    if "%s" in phrase:
        phrase = phrase % lab.role_name(row.label, lang)
    s_name, b_name = html.escape(row.scenario), html.escape(base_name)
    phrase = html.escape(phrase)
    values = "%s %s %s" % (fmt_value(row.metric, row.mean, row.units, lang),
                           tr("vs", lang),
                           fmt_value(row.metric, row.base_mean, row.units, lang))
    if d["n_pairs"] == 0 or math.isnan(d["mean"]):
        return None
    if math.isnan(d["lo"]):  # one pair: no interval
        if lang == "nl":
            return "In %s: %s (%s); te weinig herhalingen voor een betrouwbaarheidsinterval." \
                % (s_name, phrase, values)
        return "In %s: %s was %s; too few replicates for a confidence interval." \
            % (s_name, phrase, values)
    plural = lang == "nl" and row.metric in PLURAL_NL
    if d["sd"] == 0 and d["mean"] == 0:
        if lang == "nl":
            return "In %s %s %s gelijk aan %s (%s)." % (
                s_name, "waren" if plural else "was", phrase, b_name, fmt_value(row.metric, row.mean, row.units, lang))
        return "In %s, %s was the same as in %s (%s)." % (
            s_name, phrase, b_name, fmt_value(row.metric, row.mean, row.units, lang))
    if row.metric in PERCENT:
        dec = _decimals(100 * d["lo"], 100 * d["hi"])
        size = fmt_num(abs(100.0 * d["mean"]), lang, dec) + " " + tr("pp", lang)
        ci = "%s %s %s %s" % (fmt_signed(100 * d["lo"], lang, dec), tr("to", lang),
                              fmt_signed(100 * d["hi"], lang, dec), tr("pp", lang))
        diff_text = fmt_signed(100 * d["mean"], lang, dec) + " " + tr("pp", lang)
    elif row.base_mean and not math.isnan(row.base_mean):
        scale = 100.0 / abs(row.base_mean)
        dec = _decimals(d["lo"] * scale, d["hi"] * scale)
        size = fmt_num(abs(d["mean"] * scale), lang, dec) + "%"
        ci = "%s%% %s %s%%" % (fmt_signed(d["lo"] * scale, lang, dec), tr("to", lang),
                               fmt_signed(d["hi"] * scale, lang, dec))
        diff_text = fmt_signed(d["mean"] * scale, lang, dec) + "%"
    else:  # baseline mean zero: absolute difference
        size = fmt_value(row.metric, abs(d["mean"]), row.units, lang)
        ci = "%s %s %s" % (fmt_signed(d["lo"], lang, 2), tr("to", lang),
                           fmt_signed(d["hi"], lang, 2))
        diff_text = fmt_signed(d["mean"], lang, 2)
    direction = tr("higher", lang) if d["mean"] > 0 else tr("lower", lang)
    if d["excludes_zero"]:
        if lang == "nl":
            return ('In %s %s %s <span class="sig">%s %s</span> dan in %s (%s; %s %s).'
                    % (s_name, "lagen" if plural else "lag", phrase, size, direction, b_name, values, tr("ci", lang), ci))
        return ('In %s, %s was <span class="sig">%s %s</span> than in %s (%s; %s %s).'
                % (s_name, phrase, size, direction, b_name, values, tr("ci", lang), ci))
    if lang == "nl":
        return ("In %s was er geen duidelijk verschil in %s met %s (verschil %s, %s %s)."
                % (s_name, phrase, b_name, diff_text, tr("ci", lang), ci))
    return ("In %s, there was no clear difference in %s compared with %s "
            "(difference %s, %s %s)." % (s_name, phrase, b_name, diff_text,
                                         tr("ci", lang), ci))


def _zero_everywhere(table):
    """{(metric, label)} of outcomes whose every replicate value is 0 in every
    scenario of `table` (for the "nonzero" rule of FINDINGS)."""
    keys = None
    for rows in table.values():
        zero = {(r.metric, r.label) for r in rows
                if r.n_replicates and not (r.values != 0).any()}
        keys = zero if keys is None else keys & zero
    return keys or set()


def _selected_rows(rows, base, zero=frozenset()):
    """Rows of `rows` (one scenario) for the FINDINGS list, in its order;
    `zero` holds the outcomes that are zero everywhere (_zero_everywhere)."""
    by_key = {(r.metric, r.label): r for r in rows}
    out = []
    for metric, rule in FINDINGS:
        if rule is None:
            if (metric, "") in by_key:
                out.append(by_key[(metric, "")])
        else:
            for (m, l), r in by_key.items():
                if m != metric or not l:
                    continue
                if rule == "formal" and not base.is_formal(l):
                    continue
                if rule == "nonzero" and (m, l) in zero:
                    continue
                out.append(r)
    return out


def findings_html(result, base_name, table, lang):
    """<ul> of findings per non-baseline scenario."""
    base = result.scenario(base_name)
    zero = _zero_everywhere(table)
    parts = []
    for name, rows in table.items():
        if name == base_name:
            continue
        items, quiet = [], {}
        for row in _selected_rows(rows, base, zero):
            # per-role indicators: only clear differences get a sentence
            if row.label and not row.diff["excludes_zero"]:
                if row.diff["n_pairs"] > 0:
                    quiet.setdefault(row.metric, []).append(lab.role_name(row.label, lang))
                continue
            sentence = finding_sentence(row, base_name, lang)
            if sentence:
                items.append(sentence)
        for metric, roles in quiet.items():
            noun = lab.label(metric, lang).split(" (")[0]
            items.append(html.escape(tr("more_roles", lang) % (noun, ", ".join(roles))))
        parts.append("<h3>%s</h3>\n<ul class=\"findings\">\n%s\n</ul>" % (
            html.escape(name), "\n".join("<li>%s</li>" % i for i in items)))
    return "\n".join(parts)


def keyfigures_html(result, base_name, table, lang):
    """Table: headline indicators (rows) x scenarios (columns)."""
    base = result.scenario(base_name)
    names = [base_name] + [n for n in table if n != base_name]
    base_rows = _selected_rows(table[base_name], base, _zero_everywhere(table))
    index = {(r.metric, r.label): i for i, r in enumerate(table[base_name])}
    head = "<tr><th>%s</th>%s</tr>" % (tr("indicator", lang), "".join(
        "<th>%s</th>" % html.escape(n) for n in names))
    body = []
    for row in base_rows:
        if all(math.isnan(table[n][index[(row.metric, row.label)]].mean) for n in names):
            continue  # e.g. waiting time at a role nobody was sent to
        cells = []
        for n in names:
            r = table[n][index[(row.metric, row.label)]]
            if math.isnan(r.mean):
                cells.append('<td class="num">–</td>')
                continue
            cells.append('<td class="num">%s<br><span class="small">(%s – %s)</span></td>' % (
                fmt_value(r.metric, r.mean, r.units, lang),
                fmt_value(r.metric, r.p5, r.units, lang),
                fmt_value(r.metric, r.p95, r.units, lang)))
        name = lab.outcome_label(row.metric, row.label, lang, row.long_name)
        body.append("<tr><td>%s</td>%s</tr>" % (html.escape(name), "".join(cells)))
    return "<table>\n%s\n%s\n</table>" % (head, "\n".join(body))


def cost_note_html(table, lang):
    """A paragraph when the cost figures need a word of warning: no capacity
    cost in any scenario, or a cost_total derived for an older file."""
    notes = []
    rows = [r for rs in table.values() for r in rs]
    capacity = [r for r in rows if r.metric == "cost_capacity"]
    if capacity and all(r.n_replicates and not (r.values != 0).any() for r in capacity):
        notes.append(tr("no_capacity_cost", lang))
    if any(r.metric == "cost_total" and r.derived for r in rows):
        notes.append(tr("derived_total", lang))
    return "".join('<p class="small">%s</p>' % html.escape(n) for n in notes)


def scenarios_html(result, base_name, lang):
    """Table of the scenarios: name, description, replicates, days, seed."""
    names = [base_name] + [n for n in result.scenario_names() if n != base_name]
    rows = []
    for n in names:
        s = result.scenario(n)
        ref = " (%s)" % tr("reference", lang) if n == base_name and len(names) > 1 else ""
        rows.append('<tr><td><b>%s</b>%s</td><td>%s</td><td class="num">%d</td>'
                    '<td class="num">%d</td><td class="num">%s</td></tr>' % (
                        html.escape(n), ref, html.escape(s.description or "–"),
                        s.replicates, s.days, html.escape(str(s.seed))))
    head = "<tr>%s</tr>" % "".join("<th>%s</th>" % tr(k, lang) for k in
                                   ("scenario", "description", "replicates", "days", "seed"))
    return "<table>\n%s\n%s\n</table>" % (head, "\n".join(rows))


def indicators_html(base, lang):
    """Definition list explaining each headline indicator present."""
    items = []
    for metric in ("early_share", "early_share_somatic", "early_share_social",
                   "informal_hours", "formal_hours", "formal_load", "utilisation",
                   "wait_days", "escalations_total", "needs_turned_away", "cost_total",
                   "cost_capacity", "cost_second_line", "cost_formal"):
        if metric not in base.metrics():
            continue
        items.append("<dt>%s</dt><dd>%s</dd>" % (
            html.escape(lab.label(metric, lang)), html.escape(lab.explain(metric, lang))))
    return "<dl>\n%s\n</dl>" % "\n".join(items)


def figures_html(result, base_name, table, lang):
    """<figure> elements with embedded PNGs."""
    out = []
    for key, fig in plots.standard_figures(result, base_name, table, lang):
        data = base64.b64encode(plots.figure_png(fig)).decode("ascii")
        caption = FIG_CAPTIONS.get(key, {}).get(lang, "")
        if "%s" in caption:
            caption = caption.replace("%s", base_name)
        out.append('<figure><img alt="%s" src="data:image/png;base64,%s">'
                   '<figcaption>%s</figcaption></figure>' % (
                       html.escape(key.replace("_", " ")), data, html.escape(caption)))
    return "\n".join(out)


def provenance_html(result, lang):
    """Root attributes, per-scenario seeds and hashes, and the settings texts."""
    rows = []
    for key in ("producer", "version", "created", "command_line", "rng"):
        if key in result.attrs:
            rows.append("<tr><th>%s</th><td><code>%s</code></td></tr>" % (
                key, html.escape(str(result.attrs[key]))))
    rows.append("<tr><th>file</th><td><code>%s</code></td></tr>"
                % html.escape(os.path.basename(result.path)))
    parts = ["<table>\n%s\n</table>" % "\n".join(rows)]
    srows = []
    for s in result.scenarios():
        srows.append('<tr><td>%s</td><td class="num">%s</td><td class="num">%d</td>'
                     '<td class="num">%d</td><td class="num">%s</td><td><code>%s</code></td></tr>'
                     % (html.escape(s.name), html.escape(str(s.seed)), s.replicates, s.days,
                        html.escape(str(s.attrs.get("output_every", ""))),
                        html.escape(str(s.attrs.get("config_sha256", "")))))
    parts.append("<table>\n<tr><th>scenario</th><th>seed</th><th>replicates</th>"
                 "<th>days</th><th>output_every</th><th>config_sha256</th></tr>\n%s\n</table>"
                 % "\n".join(srows))
    for s in result.scenarios():
        parts.append("<details><summary>%s</summary><pre>%s</pre></details>" % (
            html.escape(tr("settings", lang) % s.name), html.escape(s.config_text)))
    return "\n".join(parts)


def build_report(result, baseline=None, lang="en"):
    """The report as one HTML string."""
    lab.check_lang(lang)
    base_name, table = wijkdata.compare(result, baseline)
    base = result.scenario(base_name)
    several = len(table) > 1
    reps = sorted({s.replicates for s in result.scenarios()})
    days = sorted({s.days for s in result.scenarios()})
    reps_text = "/".join(str(r) for r in reps)
    days_text = "/".join(str(d) for d in days)
    if several:
        intro = tr("compared_intro", lang) % (reps_text, days_text, html.escape(base_name))
    else:
        intro = tr("compared_one", lang) % (reps_text, days_text)
    warm = sorted({int(s.config.get("simulation", {}).get("warmup_days", 0))
                   for s in result.scenarios()})
    if warm != [0]:
        intro += tr("warmup", lang) % "/".join(str(w) for w in warm)
    version = str(result.attrs.get("version", "?"))
    out = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s</title>" % html.escape(tr("title", lang)),
           "<style>%s</style>" % CSS, "</head>", "<body>",
           "<h1>%s</h1>" % html.escape(tr("title", lang)),
           '<p class="sub">%s</p>' % html.escape(tr("subtitle", lang) % (
               version, os.path.basename(result.path))),
           "<h2>%s</h2>" % tr("compared", lang), "<p>%s</p>" % intro,
           scenarios_html(result, base_name, lang)]
    if several:
        out += ["<h2>%s</h2>" % tr("findings", lang),
                "<p>%s</p>" % (tr("findings_intro", lang) % html.escape(base_name)),
                findings_html(result, base_name, table, lang)]
    out += ["<h2>%s</h2>" % tr("keyfigures", lang),
            "<p>%s</p>" % tr("keyfigures_intro", lang),
            keyfigures_html(result, base_name, table, lang),
            cost_note_html(table, lang),
            "<h2>%s</h2>" % tr("indicators", lang), indicators_html(base, lang),
            "<h2>%s</h2>" % tr("figures", lang),
            figures_html(result, base_name, table, lang),
            "<h2>%s</h2>" % tr("assumptions", lang),
            "<ul>\n%s\n</ul>" % "\n".join("<li>%s</li>" % a for a in ASSUMPTIONS[lang]),
            "<h2>%s</h2>" % tr("provenance", lang), provenance_html(result, lang),
            "</body>", "</html>", ""]
    return "\n".join(out)


def main(argv=None):
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description="Write a self-contained HTML "
                                     "report of a wijksim result file.")
    parser.add_argument("results", help="wijksim result file (HDF5)")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    parser.add_argument("--lang", choices=lab.LANGS, default="en",
                        help="language of the report (default en)")
    parser.add_argument("--baseline", help="reference scenario (default: "
                        "'baseline' if present, else the first)")
    args = parser.parse_args(argv)
    try:
        with wijkdata.ResultFile(args.results) as result:
            page = build_report(result, args.baseline, args.lang)
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(page)
    except (wijkdata.WijkDataError, OSError) as err:
        print("report.py: %s" % err, file=sys.stderr)
        return 2
    print("wrote %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
