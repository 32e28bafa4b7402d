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
    "formal_load": {"en": "load on professionals (hours used / hours available)",
                    "nl": "belasting van professionals (gebruikte / beschikbare uren)"},
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
    "utilisation": {"en": "utilisation (hours used / hours available)",
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
        "en": "The same load per profession: hours used divided by hours available, "
              "averaged over the period.",
        "nl": "Dezelfde belasting per beroep: gebruikte uren gedeeld door beschikbare "
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
ROLE_NAMES = {
    "huisarts": {"en": "GP (huisarts)", "nl": "huisarts"},
    "poh_s": {"en": "practice nurse (POH-S)", "nl": "POH-S"},
    "poh_ggz": {"en": "mental health nurse (POH-GGZ)", "nl": "POH-GGZ"},
    "wijkverpleging": {"en": "district nursing", "nl": "wijkverpleging"},
    "sociaal_wijkteam": {"en": "social team (sociaal wijkteam)", "nl": "sociaal wijkteam"},
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
        text = "%s — %s" % (text, role_name(label_value, lang))
    return text
