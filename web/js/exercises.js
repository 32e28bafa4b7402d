// exercises — the "Things to try" panel: the exercises of
// scenarios/education/README.md, each step with the scenarios, overrides and
// view that set it up in the explorer (the README's "In the explorer" lines).
//
// setup: scenario, baseline (names of /api/scenarios), set (overrides of the
// scenario, as --set NAME:path=value), warmup ("file": the scenario's own
// warm-up, or a number of days), view to open, look: metrics to highlight.

export const EXERCISES = [
  {
    id: "trust",
    title: { en: "1. Referral and trust", nl: "1. Verwijzen en vertrouwen" },
    point: {
      en: "A referral succeeds more often, and faster, when the two professionals know each other; that trust has to be kept up.",
      nl: "Een verwijzing lukt vaker, en sneller, als de twee professionals elkaar kennen; dat vertrouwen moet je onderhouden.",
    },
    steps: [
      {
        text: {
          en: "a. What happens to the failed referrals and to the wait at the wijkverpleging and the sociaal wijkteam? Why are there fewer referrals in all, not more?",
          nl: "a. Wat gebeurt er met de mislukte verwijzingen en met de wachttijd bij de wijkverpleging en het sociaal wijkteam? Waarom zijn er in totaal minder verwijzingen, niet meer?",
        },
        setup: { scenario: "vertrouwen", baseline: "klein", set: {}, warmup: "file", view: "indicators", look: ["referrals_failed", "referrals", "wait_days", "network_density", "network_phase"] },
      },
      {
        text: {
          en: "b. Watch a network form: no warm-up and weak ties at the start. After how many days is the network at phase 4 (verankeren)? Then try meetings every 2 or 8 weeks with the meeting slider.",
          nl: "b. Zie een netwerk ontstaan: geen aanloop en zwakke relaties bij de start. Na hoeveel dagen is het netwerk in fase 4 (verankeren)? Probeer daarna overleg om de 2 of 8 weken met de schuif voor het overleg.",
        },
        setup: { scenario: "vertrouwen", baseline: "klein", set: { "network.initial_tie": 0.1 }, warmup: 0, view: "network", look: ["network_phase", "network_density"] },
      },
      {
        text: {
          en: "c. Keep the strong start but stop the meetings. What is left of the difference in failed referrals and density? Then also let ties never weaken (tie_decay_per_day 0).",
          nl: "c. Houd de sterke start, maar stop het overleg. Wat blijft er over van het verschil in mislukte verwijzingen en dichtheid? Laat daarna relaties ook nooit verzwakken (tie_decay_per_day 0).",
        },
        setup: { scenario: "vertrouwen", baseline: "klein", set: { "network.meeting_interval_days": 0 }, warmup: "file", view: "indicators", look: ["referrals_failed", "network_density"] },
      },
    ],
  },
  {
    id: "shift",
    title: { en: "2. Task shifting", nl: "2. Taakverschuiving" },
    point: {
      en: "Shifting a task relieves the professional the task would have gone to, which is not always the one who shifts it; and it needs people to shift it to.",
      nl: "Een taak verschuiven ontlast de professional bij wie de taak anders terecht was gekomen, en dat is niet altijd degene die verschuift; en er moeten mensen zijn om naar te verschuiven.",
    },
    steps: [
      {
        text: {
          en: "a. The GP practice shifts mild loneliness and meaning questions to volunteers. Whose hours go down: the huisarts's, or someone else's? Which waits get shorter? How many hours do the volunteers take on?",
          nl: "a. De huisartsenpraktijk verschuift lichte eenzaamheid en zingevingsvragen naar vrijwilligers. Wiens uren dalen: die van de huisarts, of van een ander? Welke wachttijden worden korter? Hoeveel uren nemen de vrijwilligers over?",
        },
        setup: { scenario: "taakverschuiving", baseline: "klein", set: {}, warmup: "file", view: "indicators", look: ["hours_used", "utilisation", "wait_days"] },
      },
      {
        text: {
          en: "b. Make volunteers scarce (one in 2,000 adults instead of one in 20). What happens to their occupancy and to the relief of 2a? What must a gemeente arrange before it shifts tasks to volunteers?",
          nl: "b. Maak vrijwilligers schaars (één op de 2.000 volwassenen in plaats van één op de 20). Wat gebeurt er met hun bezettingsgraad en met de ontlasting uit 2a? Wat moet een gemeente regelen voordat ze taken naar vrijwilligers verschuift?",
        },
        setup: { scenario: "taakverschuiving", baseline: "klein", set: { "roles.vrijwilliger.member_share": 0.0005 }, warmup: "file", view: "indicators", look: ["utilisation", "hours_used", "wait_days"] },
      },
    ],
  },
  {
    id: "care",
    title: { en: "3. Carer burden", nl: "3. Mantelzorgbelasting" },
    point: {
      en: "The informal care a wijk relies on has a limit; sharing the care and supporting carers keeps carers going.",
      nl: "De mantelzorg waar een wijk op leunt heeft een grens; zorg delen en mantelzorgers ondersteunen houdt ze op de been.",
    },
    steps: [
      {
        text: {
          en: "a. What happens to overloaded carers, carers who break down, and the care nobody gave? And to the informal care hours: is more informal care here a good or a bad sign?",
          nl: "a. Wat gebeurt er met overbelaste mantelzorgers, uitgevallen mantelzorgers en de zorg die niemand gaf? En met de uren mantelzorg: is meer mantelzorg hier een goed of een slecht teken?",
        },
        setup: { scenario: "mantelzorg", baseline: "klein", set: {}, warmup: "file", view: "indicators", look: ["carers_overloaded", "carer_breakdowns", "care_unmet_hours", "informal_hours"] },
      },
      {
        text: {
          en: "b. Take one of the two changes back at a time: support only (one carer per resident), then sharing only (support for one carer in ten). Which of the two reduces the unmet care, and why only that one?",
          nl: "b. Draai steeds één van de twee veranderingen terug: alleen ondersteuning (één mantelzorger per inwoner), daarna alleen delen (ondersteuning voor één op de tien mantelzorgers). Welke van de twee vermindert de zorg die niemand gaf, en waarom alleen die?",
        },
        setup: { scenario: "mantelzorg", baseline: "klein", set: { "care.max_carers": 1 }, warmup: "file", view: "indicators", look: ["care_unmet_hours", "carers_overloaded"] },
      },
    ],
  },
  {
    id: "mdo",
    title: { en: "4. The MDO", nl: "4. Het MDO" },
    point: {
      en: "A multidisciplinary meeting costs every participant's hours; what it buys must be weighed against that.",
      nl: "Een multidisciplinair overleg kost uren van elke deelnemer; wat het oplevert moet je daartegen afwegen.",
    },
    steps: [
      {
        text: {
          en: "a. How many MDOs are held, and how many extra hours do the huisarts, the wijkteam and the wijkverpleging spend? Does the wijkteam's wait change clearly? b. Do escalations change clearly in half a year?",
          nl: "a. Hoeveel MDO's worden er gehouden, en hoeveel uren extra besteden de huisarts, het wijkteam en de wijkverpleging? Verandert de wachttijd bij het wijkteam duidelijk? b. Veranderen de escalaties duidelijk in een half jaar?",
        },
        setup: { scenario: "mdo", baseline: "klein", set: {}, warmup: "file", view: "indicators", look: ["mdo_held", "hours_used", "wait_days", "escalations_total"] },
      },
      {
        text: {
          en: "c. Hold MDOs for less complex cases too (two open needs on two dimensions). How many MDOs now, at what cost in hours, and what does it bring? Who should decide which cases go to an MDO?",
          nl: "c. Houd ook MDO's voor minder complexe situaties (twee openstaande hulpvragen op twee dimensies). Hoeveel MDO's nu, tegen hoeveel uren, en wat levert het op? Wie zou moeten beslissen welke situaties naar een MDO gaan?",
        },
        setup: { scenario: "mdo", baseline: "klein", set: { "mdo.min_open_needs": 2, "mdo.min_dimensions": 2 }, warmup: "file", view: "indicators", look: ["mdo_held", "hours_used", "wait_days", "escalations_total"] },
      },
    ],
  },
  {
    id: "staff",
    title: { en: "5. Staffing", nl: "5. Bezetting" },
    point: {
      en: "Collaboration does not replace capacity; it changes where the shortage is felt.",
      nl: "Samenwerking vervangt geen capaciteit; het verandert waar het tekort gevoeld wordt.",
    },
    steps: [
      {
        text: {
          en: "a. Give vertrouwen 20% fewer GP hours and 30% fewer wijkteam hours than klein. Does working together make up for the fewer professionals, at the GP and at the wijkverpleging?",
          nl: "a. Geef vertrouwen 20% minder huisartsuren en 30% minder wijkteamuren dan klein. Maakt samenwerken de kleinere bezetting goed, bij de huisarts en bij de wijkverpleging?",
        },
        setup: { scenario: "vertrouwen", baseline: "klein", set: { "roles.huisarts.fte_per_1000": 0.382, "roles.sociaal_wijkteam.fte_per_1000": 0.245 }, warmup: "file", view: "indicators", look: ["utilisation", "wait_days", "needs_turned_away", "referrals_failed"] },
      },
      {
        text: {
          en: "b. The full wijk of 13,500 residents with the same cuts, working the Ruwaard way, against the cuts alone. On which outcomes does Ruwaard's way of working make up for the shortage, and on which not? (A bigger run: a few seconds.)",
          nl: "b. De hele wijk van 13.500 inwoners met dezelfde bezuinigingen, op de Ruwaardse manier, tegen alleen de bezuinigingen. Op welke uitkomsten maakt de Ruwaardse werkwijze het tekort goed, en op welke niet? (Een grotere berekening: enkele seconden.)",
        },
        setup: { scenario: "staff-shortage-ruwaard", baseline: "staff-shortage", set: {}, warmup: 0, view: "indicators", look: ["wait_days", "escalations_total", "cost_total"] },
      },
    ],
  },
  {
    id: "entry",
    title: { en: "6. The entry point", nl: "6. De toegang" },
    point: {
      en: "Where residents can walk in decides who hears of a need first.",
      nl: "Waar inwoners binnen kunnen lopen, bepaalt wie als eerste van een hulpvraag hoort.",
    },
    steps: [
      {
        text: {
          en: "In klein the sociaal wijkteam is not easy to find (access threshold 0.26). Make it easy to find (0.1). a. Which channel brings more needs in, and which fewer (the flow of needs)? b. What happens to the wijkteam's wait and to the needs it turns away? c. Which needs would never be found without outreach?",
          nl: "In klein is het sociaal wijkteam niet makkelijk te vinden (toegangsdrempel 0,26). Maak het makkelijk vindbaar (0,1). a. Via welk kanaal komen meer hulpvragen binnen, via welk minder (de stroom van hulpvragen)? b. Wat gebeurt er met de wachttijd bij het wijkteam en met de hulpvragen die het afwijst? c. Welke hulpvragen zouden zonder outreach nooit gevonden worden?",
        },
        setup: { scenario: "klein", baseline: "klein", set: { "roles.sociaal_wijkteam.access_threshold": 0.1 }, warmup: "file", view: "flow", look: ["wait_days", "needs_turned_away"] },
      },
    ],
  },
];
