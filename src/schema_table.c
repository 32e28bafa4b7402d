/*
 * schema_table.c — every setting of a wijksim scenario file.
 *
 * This table is the single source for validation, defaults, `wijksim
 * settings` (`--markdown` for a reference table). Defaults here are neutral (a feature is
 * off, a multiplier is 1) wherever a neutral value exists; the Dutch figures
 * live in scenarios/ with their sources in model/PARAMETERS.md.
 * Ranges are what the model can compute with, not what is plausible.
 */
#include "schema.h"

#include <stddef.h>

#define BIG 1e12
#define INT(path, lo, hi, def, meaning) {path, SCHEMA_INT, lo, hi, 0, 0, def, NULL, meaning}
#define INT64(path, lo, hi, def, meaning) {path, SCHEMA_INT64, lo, hi, 0, 0, def, NULL, meaning}
#define FLT(path, lo, hi, def, meaning) {path, SCHEMA_FLOAT, lo, hi, 0, 0, def, NULL, meaning}
#define BOOL(path, def, meaning) {path, SCHEMA_BOOL, 0, 0, 0, 0, def, NULL, meaning}
#define STR(path, maxlen, def, choices, meaning) {path, SCHEMA_STRING, 0, 0, 0, maxlen, def, choices, meaning}
#define NAME(path, meaning) {path, SCHEMA_STRING, 0, 0, 1, 47, NULL, NULL, meaning}
#define GROUP(path, meaning) {path, SCHEMA_GROUP, 0, 0, 0, 0, NULL, NULL, meaning}
#define LIST(path, lo, hi, def, meaning) {path, SCHEMA_LIST, 0, 0, lo, hi, def, NULL, meaning}
#define FARR(path, lo, hi, nlo, nhi, def, meaning) {path, SCHEMA_FLOAT_ARRAY, lo, hi, nlo, nhi, def, NULL, meaning}
#define SARR(path, nhi, def, choices, meaning) {path, SCHEMA_STRING_ARRAY, 0, 0, 0, nhi, def, choices, meaning}

#define DIMENSIONS "lichaamsfuncties|mentaal_welbevinden|zingeving|kwaliteit_van_leven|meedoen|dagelijks_functioneren"

static const struct schema_entry entries[] = {
	NAME("name", "scenario name: the HDF5 group /scenarios/<name>"),
	STR("description", 2000, "\"\"", NULL, "one paragraph: what the scenario represents"),

	GROUP("simulation", "length, replicates, seed and output interval"),
	INT("simulation.days", 1, 36500, "365", "days simulated"),
	INT("simulation.replicates", 1, 100000, "10", "independent replicates (same seed, replicate index in the random stream key)"),
	INT64("simulation.seed", 0, 9.2e18, "20261122L", "run seed (64-bit; write large values with an L suffix)"),
	INT("simulation.output_every", 1, 36500, "7", "days per output interval (1 = daily)"),
	INT("simulation.start_weekday", 0, 6, "0", "weekday of day 0 (0 = Monday)"),

	GROUP("world", "wijken, residents and households"),
	INT("world.wijken", 1, 1000000, "1", "number of wijken (neighbourhoods)"),
	INT("world.residents_per_wijk", 1, 10000000, NULL, "mean residents per wijk"),
	FLT("world.wijk_size_spread", 0, 0.9, "0.0", "wijk sizes vary uniformly by +- this share of the mean"),
	LIST("world.age_bands", 1, 8, NULL, "age bands with their shares of residents"),
	NAME("world.age_bands.[].name", "age band name, e.g. \"18-64\""),
	FLT("world.age_bands.[].share", 0, 1, NULL, "share of residents in this band (shares sum to 1)"),
	BOOL("world.age_bands.[].adult", "true", "residents in this band can be informal carers or volunteers"),
	FARR("world.household_size_weights", 0, BIG, 1, 8, "[0.39, 0.33, 0.12, 0.11, 0.05]", "relative frequency of households of 1, 2, ... persons"),
	FLT("world.vulnerable_share", 0, 1, "0.0", "share of residents who are vulnerable (frail or multi-problem)"),
	FLT("world.multiproblem_household_share", 0, 1, "0.0", "share of households that are multi-problem households"),
	FLT("world.help_seeking_mean", 0.001, 0.999, "0.5", "mean help-seeking propensity (Beta distributed)"),
	FLT("world.help_seeking_concentration", 0.01, 10000, "4.0", "concentration of the Beta distribution of help seeking"),
	FLT("world.informal_ties_mean_degree", 0, 50, "4.0", "mean informal ties (neighbours and friends) outside the household per connected resident: a small-world graph inside the wijk"),
	FLT("world.informal_ties_rewiring", 0, 1, "0.1", "share of informal ties that go to a friend anywhere in the wijk instead of a neighbour (Watts-Strogatz rewiring)"),
	FLT("world.socially_isolated_share", 0, 1, "0.0", "share of residents with no informal ties outside their household"),

	GROUP("signalling", "how needs become known"),
	INT("signalling.early_max_severity", 1, 7, "1", "a need signalled at or below this severity counts as signalled early"),
	LIST("channels", 1, 16, NULL, "signalling channels"),
	NAME("channels.[].name", "channel name (an output axis label)"),
	STR("channels.[].kind", 16, NULL, "self|informal|outreach|professional|mdo", "mechanism: self (resident seeks help), informal (household and friends), outreach (an outreach role), professional (noticed at a contact), mdo"),
	FARR("channels.[].rate_per_day", 0, 10, 1, 7, "[0.0]", "signalling hazard per day by severity 1..S-1 (one value: all); outreach: per FTE per 1,000 residents"),
	SARR("channels.[].needs", 64, "[]", NULL, "need types this channel signals (empty: all)"),
	STR("channels.[].to", 47, "\"\"", NULL, "role where a signalled need arrives (empty: the outreach role, or the noticing role)"),
	STR("channels.[].role", 47, "\"\"", NULL, "outreach: the role doing the outreach"),

	LIST("need_types", 1, 64, NULL, "types of need"),
	NAME("need_types.[].name", "need type name (an output axis label)"),
	STR("need_types.[].dimension", 32, NULL, DIMENSIONS, "Positive Health dimension the need belongs to"),
	FARR("need_types.[].incidence_per_1000_per_year", 0, 1e6, 1, 8, NULL, "new needs per 1,000 residents per year, by age band (one value: all bands)"),
	FLT("need_types.[].vulnerable_multiplier", 0, 1000, "1.0", "incidence multiplier for vulnerable residents"),
	FLT("need_types.[].multiproblem_multiplier", 0, 1000, "1.0", "incidence multiplier in multi-problem households"),
	INT("need_types.[].severity_levels", 2, 8, "4", "severity levels S including the crisis level S"),
	FARR("need_types.[].start_severity", 0, BIG, 1, 7, "[1.0]", "relative frequency of starting severity 1..S-1"),
	FLT("need_types.[].worsen_per_day", 0, 1, "0.0", "hazard per day of worsening by one level"),
	FLT("need_types.[].resolve_per_day", 0, 1, "0.0", "hazard per day of resolving by itself"),
	FLT("need_types.[].informal_resolve_multiplier", 0, 1000, "1.0", "self-resolution multiplier with informal support"),
	FLT("need_types.[].in_care_worsen_multiplier", 0, 1000, "1.0", "worsening multiplier between contacts with a role"),
	FARR("need_types.[].hours_per_contact", 0, 1000, 1, 7, "[0.25]", "hours per contact by severity 1..S-1"),
	FLT("need_types.[].escalation_cost", 0, 1e9, "0.0", "euro per crisis escalated to second-line care"),
	FARR("need_types.[].health_penalty", 0, 10, 1, 7, "[1.0]", "Positive Health points lost on the dimension while open, by severity 1..S-1"),

	LIST("roles", 1, 48, NULL, "disciplines and informal roles"),
	NAME("roles.[].name", "role name (an output axis label)"),
	BOOL("roles.[].formal", "true", "a formal discipline (true) or an informal role (false)"),
	STR("roles.[].organisation", 47, "\"\"", NULL, "organisation the role belongs to (empty: its own); roles of one organisation start with network.initial_tie_within_organisation"),
	FLT("roles.[].fte_per_1000", 0, 1000, "0.0", "formal: FTE per 1,000 residents"),
	FLT("roles.[].hours_per_week_per_fte", 0, 168, "36.0", "formal: hours per week per FTE"),
	FLT("roles.[].direct_share", 0, 1, "1.0", "formal: share of hours available for contacts"),
	BOOL("roles.[].weekdays_only", "true", "formal: works Monday to Friday only"),
	FLT("roles.[].cost_per_hour", 0, 1e6, "0.0", "formal: euro per hour"),
	FLT("roles.[].member_share", 0, 1, "0.0", "informal: share of adult residents who hold this role"),
	FLT("roles.[].hours_per_week_per_member", 0, 168, "0.0", "informal: hours per week each member gives at most"),
	FLT("roles.[].other_care_hours_per_week", 0, 168, "0.0", "informal: mean hours a week members already give to care outside the modelled needs (exponential across members)"),
	STR("roles.[].reach", 16, "\"wijk\"", "network|wijk", "informal: whom a member helps: network (their household and informal ties, as mantelzorgers) or wijk (anyone in the wijk, as volunteers)"),
	FLT("roles.[].overload_utilisation", 0, 100, "1.0", "informal: burden (hours given a week, averaged, incl. other care, over hours_per_week_per_member) above which a member is overloaded"),
	FLT("roles.[].overload_need_per_day", 0, 1, "0.0", "informal: hazard per day per overloaded member of a need of their own"),
	STR("roles.[].overload_need_type", 47, "\"\"", NULL, "informal: need type an overloaded member develops (empty: none)"),
	FLT("roles.[].contact_hours_multiplier", 0.001, 1000, "1.0", "multiplier on the need type's hours per contact"),
	FARR("roles.[].resolve_probability", 0, 1, 1, 7, "[0.5]", "probability a contact resolves the need, by severity 1..S-1"),
	INT("roles.[].default_max_severity", 0, 7, "0", "competence for need types not listed in competences (0 = none)"),
	LIST("roles.[].competences", 0, 64, "()", "need types this role handles and up to which severity"),
	NAME("roles.[].competences.[].need", "need type"),
	INT("roles.[].competences.[].max_severity", 0, 7, NULL, "highest severity handled (0 = none)"),
	FLT("roles.[].followup_days", 0, 3650, "14.0", "days between contacts for the same need"),
	BOOL("roles.[].entry", "false", "residents can come in directly (an entry point)"),
	FLT("roles.[].access_threshold", 0, 1, "0.0", "threshold to reach this entry point: 0 none, 1 unreachable"),
	FLT("roles.[].notice_probability", 0, 1, "0.0", "per contact, chance to notice each other latent need of a type in notices"),
	SARR("roles.[].notices", 64, "[]", NULL, "need types this role notices in residents it sees"),
	FLT("roles.[].indication_days", 0, 3650, "0.0", "days of indication (Wmo) before a referred need joins the queue"),

	LIST("rules", 0, 256, "()", "routing rules: read in order, the first match decides"),
	NAME("rules.[].name", "rule name (merged by name when a scenario extends another)"),
	STR("rules.[].at", 47, "\"*\"", NULL, "role holding the need (\"*\": any role)"),
	SARR("rules.[].needs", 64, "[]", NULL, "need types matched (empty: all)"),
	INT("rules.[].severity_min", 1, 7, "1", "lowest severity matched"),
	INT("rules.[].severity_max", 1, 7, "7", "highest severity matched"),
	STR("rules.[].action", 8, NULL, "treat|refer|shift", "treat here, refer to a discipline, or task-shift"),
	INT("rules.[].priority", -1000, 1000, "0", "rules are read from high to low priority, in file order within a priority (lets an extending scenario put a rule first)"),
	STR("rules.[].to", 47, "\"\"", NULL, "receiving role for refer and shift"),
	FLT("rules.[].min_tie", 0, 1, "0.0", "rule applies only with a tie of at least this between the roles"),
	BOOL("rules.[].requires_informal_support", "false", "rule applies only to residents with informal support"),

	GROUP("routing", "limits on routing"),
	INT("routing.max_hops", 1, 100, "8", "routing steps before a need is dropped (catches circular rules)"),

	GROUP("referral", "referral success and delay"),
	FLT("referral.base_success", 0, 1, "1.0", "probability a referral succeeds with no tie"),
	FLT("referral.tie_gain", 0, 1, "0.0", "added to the success probability at tie strength 1"),
	FLT("referral.max_delay_days", 0, 3650, "0.0", "referral delay with no tie (scaled by 1 - tie)"),
	BOOL("referral.pooled_budget", "false", "pooled wijk budget: no indication delay"),

	GROUP("network", "ties between professionals"),
	FLT("network.initial_tie", 0, 1, "0.0", "starting tie between two roles"),
	FLT("network.initial_tie_within_organisation", 0, 1, "0.0", "starting tie between two roles of the same organisation"),
	LIST("network.ties", 0, 2304, "()", "starting ties for named pairs (override the two above)"),
	NAME("network.ties.[].from", "role"),
	NAME("network.ties.[].to", "role"),
	FLT("network.ties.[].strength", 0, 1, NULL, "tie strength"),
	FLT("network.tie_decay_per_day", 0, 1, "0.0", "share of a tie lost per day"),
	FLT("network.tie_gain_per_referral", 0, 1, "0.0", "tie gain per successful referral or shift: tie += gain x (1 - tie)"),
	FLT("network.meeting_interval_days", 0, 3650, "0.0", "days between wijknetwerk meetings (0: none)"),
	FLT("network.meeting_attendance", 0, 1, "0.0", "chance a formal role attends a meeting"),
	FLT("network.meeting_tie_gain", 0, 1, "0.0", "tie gain per meeting for two attendees"),
	FLT("network.kwartiermaker_days", 0, 36500, "0.0", "days a kwartiermaker works at the start"),
	FLT("network.kwartiermaker_meeting_factor", 1, 100, "1.0", "meetings are this many times as frequent while the kwartiermaker works"),
	FLT("network.tie_present_threshold", 0, 1, "0.3", "a tie counts for network density at or above this strength"),
	FARR("network.phase_thresholds", 0, 1, 3, 3, "[0.25, 0.5, 0.75]", "density at which vormgeven, verdiepen, verankeren begin"),

	GROUP("informal", "informal care"),
	FLT("informal.carer_burden_window_days", 1, 3650, "28.0", "days over which each carer's burden is averaged (exponential moving average)"),

	GROUP("mdo", "multidisciplinary meetings (MDO)"),
	BOOL("mdo.enabled", "false", "hold MDOs for complex cases"),
	INT("mdo.min_open_needs", 1, 100, "3", "open needs that make a case complex"),
	INT("mdo.min_dimensions", 1, 6, "2", "Positive Health dimensions those needs must span"),
	BOOL("mdo.multiproblem", "true", "multi-problem households always qualify"),
	FLT("mdo.cooldown_days", 0, 36500, "180.0", "days before the same resident can have another MDO"),
	FLT("mdo.hours_per_participant", 0, 100, "1.0", "hours each participant spends per MDO"),
	SARR("mdo.participants", 48, "[]", NULL, "roles taking part"),
	BOOL("mdo.skips_indication", "true", "needs coordinated by an MDO skip indication delays"),
};

const struct schema schema_wijksim = {entries, sizeof entries / sizeof entries[0]};
