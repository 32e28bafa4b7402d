/*
 * schema_table.c — every setting of a wijksim scenario file.
 *
 * This table is the single source for validation, defaults, `wijksim
 * settings` (`--markdown` for a reference table). Defaults here are neutral (a feature is
 * off, a multiplier is 1) wherever a neutral value exists; the Dutch figures
 * live in scenarios/ with their sources in model/PARAMETERS.md.
 * Ranges are what the model can compute with, not what is plausible.
 * Each entry also names the field of struct model_params (model/params.h)
 * its value goes to: the loader (src/params_load.c) reads no setting by a
 * name of its own.
 */
#include "schema.h"

#include <stddef.h>

#include "params.h"

#define BIG 1e12
#define INT(path, lo, hi, def, at, meaning) {path, SCHEMA_INT, lo, hi, 0, 0, def, NULL, meaning, at}
#define INT64(path, lo, hi, def, at, meaning) \
	{path, SCHEMA_INT64, lo, hi, 0, 0, def, NULL, meaning, at}
#define FLT(path, lo, hi, def, at, meaning) \
	{path, SCHEMA_FLOAT, lo, hi, 0, 0, def, NULL, meaning, at}
#define BOOL(path, def, at, meaning) {path, SCHEMA_BOOL, 0, 0, 0, 0, def, NULL, meaning, at}
#define STR(path, maxlen, def, choices, at, meaning) \
	{path, SCHEMA_STRING, 0, 0, 0, maxlen, def, choices, meaning, at}
#define NAME(path, at, meaning) {path, SCHEMA_STRING, 0, 0, 1, 47, NULL, NULL, meaning, at}
#define GROUP(path, meaning) \
	{path, SCHEMA_GROUP, 0, 0, 0, 0, NULL, NULL, meaning, {.kind = PLACE_NONE}}
#define LIST(path, lo, hi, def, at, meaning) \
	{path, SCHEMA_LIST, 0, 0, lo, hi, def, NULL, meaning, at}
#define FARR(path, lo, hi, nlo, nhi, def, at, meaning) \
	{path, SCHEMA_FLOAT_ARRAY, lo, hi, nlo, nhi, def, NULL, meaning, at}
#define SARR(path, nhi, def, choices, at, meaning) \
	{path, SCHEMA_STRING_ARRAY, 0, 0, 0, nhi, def, choices, meaning, at}

/* Places (schema.h invariant 4): `PLACE(MP(days))` is the field days of
 * struct model_params; ROLE, NEED, CHAN, RULE and AGE name a field of a list
 * element; the ...K forms give a kind other than PLACE_FIELD. */
#define PLACE(...) {__VA_ARGS__}
#define UNUSED .kind = PLACE_NONE
#define IN(k, type, f) .kind = k, .offset = offsetof(type, f), .size = sizeof(((type *)0)->f)
#define MPK(k, f) IN(k, struct model_params, f)
#define AGEK(k, f) IN(k, struct age_band_params, f)
#define NEEDK(k, f) IN(k, struct need_type_params, f)
#define ROLEK(k, f) IN(k, struct role_params, f)
#define CHANK(k, f) IN(k, struct channel_params, f)
#define RULEK(k, f) IN(k, struct rule_params, f)
#define INTERK(k, f) IN(k, struct interaction_params, f)
#define MP(f) MPK(PLACE_FIELD, f)
#define AGE(f) AGEK(PLACE_FIELD, f)
#define NEED(f) NEEDK(PLACE_FIELD, f)
#define ROLE(f) ROLEK(PLACE_FIELD, f)
#define CHAN(f) CHANK(PLACE_FIELD, f)
#define RULE(f) RULEK(PLACE_FIELD, f)
#define LISTOF(array, count) .kind = PLACE_LIST, .offset = offsetof(struct model_params, array), \
	.size = sizeof(((struct model_params *)0)->array[0]), \
	.count_offset = offsetof(struct model_params, count)
#define OWN_LEVELS(f) \
	NEEDK(PLACE_BY_OWN_LEVEL, f), \
	.count_offset = offsetof(struct need_type_params, severity_levels)
#define CHOICE(at, vals) at, .values = vals, .n_values = sizeof vals / sizeof vals[0]

/* Values of the choice settings, in the order of their `choices`. */
static const int channel_kinds[] = {CHANNEL_SELF, CHANNEL_INFORMAL, CHANNEL_OUTREACH,
                                    CHANNEL_PROFESSIONAL, CHANNEL_MDO};
static const int rule_actions[] = {ACTION_TREAT, ACTION_REFER, ACTION_SHIFT};
static const int reach_values[] = {1, 0};   /* network|wijk: reach_network */
static const int rule_budgets[] = {RULE_BUDGET_ANY, RULE_BUDGET_POOLED, RULE_BUDGET_SEPARATE};
static const int mdo_units[] = {MDO_UNIT_RESIDENT, MDO_UNIT_HOUSEHOLD};
static const int dimensions[] = {0, 1, 2, 3, 4, 5};  /* index into model_dimension_names */

#define DIMENSIONS_LIST \
	"lichaamsfuncties, mentaal_welbevinden, zingeving, kwaliteit_van_leven, meedoen, " \
	"dagelijks_functioneren"
#define DIMENSIONS \
	"lichaamsfuncties|mentaal_welbevinden|zingeving|kwaliteit_van_leven|meedoen|" \
	"dagelijks_functioneren"

static const struct schema_entry entries[] = {
	NAME("name", PLACE(MP(name)), "scenario name: the HDF5 group /scenarios/<name>"),
	STR("description", 2000, "\"\"", NULL, PLACE(UNUSED),
	    "one paragraph: what the scenario represents"),
	STR("description_nl", 2000, "\"\"", NULL, PLACE(UNUSED),
	    "the same paragraph in Dutch, for the Dutch report (empty: the report uses "
	    "`description`)"),
	{"assumptions", SCHEMA_STRING_ARRAY, 0, 0, 0, 256, "[]", NULL,
	 "setting paths (as in ingredients and --set) whose values in this scenario are "
	 "assumptions, not sourced figures (model/PARAMETERS.md says why): the report marks "
	 "them among the scenario's changes (ignored by run)",
	 PLACE(UNUSED)},
	LIST("ingredients", 0, 64, "()", PLACE(UNUSED),
	    "named groups of settings that `wijksim decompose` switches on one group at a time "
	    "(ignored by run)"),
	NAME("ingredients.[].name", PLACE(UNUSED),
	    "ingredient name (a column of the decomposition)"),
	{"ingredients.[].settings", SCHEMA_STRING_ARRAY, 0, 0, 1, 256, NULL, NULL,
	 "setting paths taken from this scenario: a value, array, group, or list element by "
	 "name (roles.buurtcoach, roles.huisarts.fte_per_1000)",
	 PLACE(UNUSED)},

	GROUP("experiment", "a designed experiment over settings: `wijksim experiment` runs it "
	      "(ignored by run; README.md \"Experiments, sensitivity and calibration\")"),
	STR("experiment.name", 47, "\"\"", NULL, PLACE(UNUSED),
	    "experiment name: the HDF5 group /experiments/<name> (empty: the scenario's name)"),
	STR("experiment.design", 16, "\"lhs\"", "factorial|lhs|sobol|morris", PLACE(UNUSED),
	    "factorial: every combination of levels; lhs: Latin hypercube; sobol: Saltelli "
	    "design on GSL's Sobol sequence; morris: elementary-effect trajectories"),
	INT("experiment.points", 0, 1000000, "0", PLACE(UNUSED),
	    "lhs: points; sobol: base sample N (N (k + 2) points); morris: trajectories "
	    "(r (k + 1) points); factorial: leave out (every combination)"),
	INT("experiment.replicates", 0, 100000, "0", PLACE(UNUSED),
	    "replicates of every point, common random numbers across points (0: "
	    "simulation.replicates)"),
	INT("experiment.morris_levels", 2, 1000, "4", PLACE(UNUSED),
	    "grid levels p of a Morris design (even); each step moves one factor by "
	    "p / (2 (p - 1)) of its range"),
	LIST("experiment.factors", 0, 20, "()", PLACE(UNUSED),
	    "the settings varied: a range (min, max) or levels (values)"),
	STR("experiment.factors.[].path", 255, NULL, NULL, PLACE(UNUSED),
	    "a scalar setting as --set takes it (roles.huisarts.fte_per_1000)"),
	FLT("experiment.factors.[].min", -BIG, BIG, "0.0", PLACE(UNUSED),
	    "lower end of the range (with max; an integer setting gets rounded values)"),
	FLT("experiment.factors.[].max", -BIG, BIG, "0.0", PLACE(UNUSED),
	    "upper end of the range (min = max = 0 with values: levels instead)"),
	FARR("experiment.factors.[].values", -BIG, BIG, 0, 64, "[]", PLACE(UNUSED),
	    "levels instead of a range (factorial, lhs); a boolean setting: 0 = false, 1 = "
	    "true (left out: both)"),
	SARR("experiment.factors.[].labels", 64, "[]", NULL, PLACE(UNUSED),
	    "levels of a text setting (factorial, lhs)"),
	INT("experiment.factors.[].levels", 0, 1000, "0", PLACE(UNUSED),
	    "factorial: evenly spaced levels from min to max (0: 2, the ends)"),

	GROUP("calibration", "calibration of parameters to Dutch figures: `wijksim calibrate` "
	      "(ignored by run; README.md \"Experiments, sensitivity and calibration\")"),
	STR("calibration.name", 47, "\"\"", NULL, PLACE(UNUSED),
	    "the HDF5 group /calibration/<name> (empty: the scenario's name)"),
	STR("calibration.method", 32, "\"nelder-mead\"", "nelder-mead|abc-smc", PLACE(UNUSED),
	    "nelder-mead: GSL's simplex (nmsimplex2) on common random numbers; abc-smc: "
	    "approximate Bayesian computation by sequential Monte Carlo, a fresh seed per "
	    "simulation"),
	INT("calibration.budget", 1, 10000000, "400", PLACE(UNUSED),
	    "simulations (runs: evaluations x replicates) at most"),
	INT("calibration.replicates", 0, 100000, "0", PLACE(UNUSED),
	    "replicates per evaluation, the same random numbers at every evaluation (0: "
	    "simulation.replicates)"),
	FLT("calibration.simplex_tolerance", 1e-9, 1, "0.001", PLACE(UNUSED),
	    "stop when the simplex is this small (a share of each parameter's range)"),
	INT("calibration.abc_population", 4, 100000, "100", PLACE(UNUSED),
	    "abc-smc: particles per generation"),
	INT("calibration.abc_generations", 1, 1000, "20", PLACE(UNUSED),
	    "abc-smc: generations at most (the first samples the prior)"),
	FLT("calibration.abc_quantile", 0.05, 0.95, "0.5", PLACE(UNUSED),
	    "abc-smc: a generation's tolerance is this quantile of the last one's distances "
	    "(chi2 of the targets)"),
	FLT("calibration.abc_min_acceptance", 0, 1, "0.02", PLACE(UNUSED),
	    "abc-smc: stop after a generation that accepted fewer of its simulations"),
	LIST("calibration.parameters", 0, 10, "()", PLACE(UNUSED),
	    "the settings calibrated, each within a range"),
	STR("calibration.parameters.[].path", 255, NULL, NULL, PLACE(UNUSED),
	    "a number setting as --set takes it"),
	FLT("calibration.parameters.[].min", -BIG, BIG, NULL, PLACE(UNUSED), "lower end"),
	FLT("calibration.parameters.[].max", -BIG, BIG, NULL, PLACE(UNUSED), "upper end"),
	BOOL("calibration.parameters.[].scale", "false", PLACE(UNUSED),
	    "the parameter multiplies every element of a number array (path names the array, "
	    "e.g. an incidence by age band; min and max are multipliers above 0)"),
	LIST("calibration.targets", 0, 64, "()", PLACE(UNUSED),
	    "figures fitted"),
	NAME("calibration.targets.[].name", PLACE(UNUSED), "the figure's name"),
	STR("calibration.targets.[].metric", 47, NULL, NULL, PLACE(UNUSED),
	    "the outcome (a dataset name: utilisation, contacts, cost_total, ...)"),
	SARR("calibration.targets.[].labels", 64, "[]", NULL, PLACE(UNUSED),
	    "labels of the outcome's axis summed (empty: all of them)"),
	STR("calibration.targets.[].per", 32, "\"mean\"",
	    "mean|year|resident_year|per_1000_residents_year|end|end_per_1000_residents",
	    PLACE(UNUSED),
	    "mean: time mean of a stock or ratio; year: a flow per year; resident_year, "
	    "per_1000_residents_year: per resident (wijken x residents_per_wijk); end, "
	    "end_per_1000_residents: a stock's value at the end of the run (clients, "
	    "residents_helped: residents since output day 0)"),
	FLT("calibration.targets.[].value", -BIG, BIG, NULL, PLACE(UNUSED), "the Dutch figure"),
	FLT("calibration.targets.[].sd", 1e-12, BIG, NULL, PLACE(UNUSED),
	    "its uncertainty: the objective sums ((model - value) / sd)^2"),
	STR("calibration.targets.[].source", 400, "\"\"", NULL, PLACE(UNUSED),
	    "where the figure comes from"),
	LIST("calibration.validation", 0, 64, "()", PLACE(UNUSED),
	    "figures reported against the fit, never fitted"),
	NAME("calibration.validation.[].name", PLACE(UNUSED), "the figure's name"),
	STR("calibration.validation.[].metric", 47, NULL, NULL, PLACE(UNUSED),
	    "the outcome (a dataset name: utilisation, contacts, cost_total, ...)"),
	SARR("calibration.validation.[].labels", 64, "[]", NULL, PLACE(UNUSED),
	    "labels of the outcome's axis summed (empty: all of them)"),
	STR("calibration.validation.[].per", 32, "\"mean\"",
	    "mean|year|resident_year|per_1000_residents_year|end|end_per_1000_residents",
	    PLACE(UNUSED),
	    "mean: time mean of a stock or ratio; year: a flow per year; resident_year, "
	    "per_1000_residents_year: per resident (wijken x residents_per_wijk); end, "
	    "end_per_1000_residents: a stock's value at the end of the run (clients, "
	    "residents_helped: residents since output day 0)"),
	FLT("calibration.validation.[].value", -BIG, BIG, NULL, PLACE(UNUSED), "the Dutch figure"),
	FLT("calibration.validation.[].sd", 1e-12, BIG, NULL, PLACE(UNUSED),
	    "its uncertainty: the objective sums ((model - value) / sd)^2"),
	STR("calibration.validation.[].source", 400, "\"\"", NULL, PLACE(UNUSED),
	    "where the figure comes from"),

	GROUP("simulation", "length, replicates, seed and output interval"),
	INT("simulation.days", 1, 36500, "365", PLACE(MP(days)),
	    "days simulated and reported, after the warm-up"),
	INT("simulation.warmup_days", 0, 36500, "0", PLACE(MP(warmup_days)),
	    "days simulated before output day 0 and not reported, so that queues, caseloads, "
	    "ties and carers' burden have reached their steady state (baseline.cfg: 730)"),
	INT("simulation.replicates", 1, 100000, "10", PLACE(MP(replicates)),
	    "independent replicates (same seed, replicate index in the random stream key)"),
	INT64("simulation.seed", 0, 9.2e18, "20261122L", PLACE(MP(seed)),
	    "run seed (64-bit; write large values with an L suffix)"),
	INT("simulation.output_every", 1, 36500, "7", PLACE(MP(output_every)),
	    "days per output interval (1 = daily)"),
	INT("simulation.start_weekday", 0, 6, "0", PLACE(MP(start_weekday)),
	    "weekday of output day 0, after the warm-up (0 = Monday)"),

	GROUP("world", "wijken, residents and households"),
	INT("world.wijken", 1, 1000000, "1", PLACE(MP(wijken)),
	    "number of wijken (neighbourhoods)"),
	INT("world.residents_per_wijk", 1, 10000000, NULL, PLACE(MP(residents_per_wijk)),
	    "mean residents per wijk"),
	FLT("world.wijk_size_spread", 0, 0.9, "0.0", PLACE(MP(wijk_size_spread)),
	    "wijk sizes vary uniformly by +- this share of the mean"),
	LIST("world.age_bands", 1, 8, NULL, PLACE(LISTOF(age_bands, n_age_bands)),
	    "age bands with their shares of residents"),
	NAME("world.age_bands.[].name", PLACE(AGE(name)), "age band name, e.g. \"18-64\""),
	FLT("world.age_bands.[].share", 0, 1, NULL, PLACE(AGE(share)),
	    "share of residents in this band (shares sum to 1)"),
	BOOL("world.age_bands.[].adult", "true", PLACE(AGE(adult)),
	    "residents in this band can be informal carers or volunteers"),
	FLT("world.age_bands.[].care_hours_per_week", 0, 168, "0.0",
	    PLACE(AGE(care_hours_per_week)),
	    "most hours a week a resident of this band can give as an informal carer in care "
	    "relationships (their capacity: burden = hours given / this)"),
	FARR("world.household_size_weights", 0, BIG, 1, 8, "[0.39, 0.33, 0.12, 0.11, 0.05]",
	    PLACE(MP(household_size_weights)),
	    "relative frequency of households of 1, 2, ... persons"),
	FLT("world.vulnerable_share", 0, 1, "0.0", PLACE(MP(vulnerable_share)),
	    "share of residents who are vulnerable (frail or multi-problem)"),
	FLT("world.multiproblem_household_share", 0, 1, "0.0",
	    PLACE(MP(multiproblem_household_share)),
	    "share of households that are multi-problem households"),
	FLT("world.help_seeking_mean", 0.001, 0.999, "0.5", PLACE(MP(help_seeking_mean)),
	    "mean help-seeking propensity (Beta distributed)"),
	FLT("world.help_seeking_concentration", 0.01, 10000, "4.0",
	    PLACE(MP(help_seeking_concentration)),
	    "concentration of the Beta distribution of help seeking"),
	FLT("world.informal_ties_mean_degree", 0, 50, "4.0", PLACE(MP(informal_ties_mean_degree)),
	    "mean informal ties (neighbours and friends) outside the household per connected "
	    "resident: a small-world graph inside the wijk"),
	FLT("world.informal_ties_rewiring", 0, 1, "0.1", PLACE(MP(informal_ties_rewiring)),
	    "share of informal ties that go to a friend anywhere in the wijk instead of a "
	    "neighbour (Watts-Strogatz rewiring)"),
	FLT("world.socially_isolated_share", 0, 1, "0.0", PLACE(MP(socially_isolated_share)),
	    "share of residents with no informal ties outside their household"),

	GROUP("signalling", "how needs become known"),
	INT("signalling.early_max_severity", 1, 7, "1", PLACE(MP(early_max_severity)),
	    "a need signalled at or below this severity counts as signalled early"),
	LIST("channels", 1, 16, NULL, PLACE(LISTOF(channels, n_channels)), "signalling channels"),
	NAME("channels.[].name", PLACE(CHAN(name)), "channel name (an output axis label)"),
	STR("channels.[].kind", 16, NULL, "self|informal|outreach|professional|mdo",
	    PLACE(CHOICE(CHAN(kind), channel_kinds)),
	    "mechanism: self (resident seeks help), informal (household and friends), outreach "
	    "(an outreach role), professional (noticed at a contact), mdo"),
	FARR("channels.[].rate_per_day", 0, 10, 1, 7, "[0.0]",
	    PLACE(CHANK(PLACE_BY_LEVEL, rate_per_day)),
	    "signalling hazard per day by severity 1..S-1 (one value: all); outreach: per FTE "
	    "per 1,000 residents"),
	SARR("channels.[].needs", 64, "[]", NULL, PLACE(CHANK(PLACE_NEED_FLAGS_ALL, need_types)),
	    "need types this channel signals (empty: all)"),
	STR("channels.[].to", 47, "\"\"", NULL, PLACE(CHANK(PLACE_ROLE, to_role), .none = ""),
	    "role where a signalled need arrives (empty: the outreach role, or the noticing role)"),
	STR("channels.[].role", 47, "\"\"", NULL, PLACE(CHANK(PLACE_ROLE, role), .none = ""),
	    "outreach: the role doing the outreach"),

	LIST("need_types", 1, 64, NULL, PLACE(LISTOF(need_types, n_need_types)), "types of need"),
	NAME("need_types.[].name", PLACE(NEED(name)), "need type name (an output axis label)"),
	STR("need_types.[].dimension", 32, NULL, DIMENSIONS,
	    PLACE(CHOICE(NEED(dimension), dimensions)),
	    "Positive Health dimension the need belongs to"),
	FARR("need_types.[].incidence_per_1000_per_year", 0, 1e6, 1, 8, NULL,
	    PLACE(NEEDK(PLACE_BY_AGE_BAND, incidence_per_1000_per_year)),
	    "new needs per 1,000 residents per year, by age band (one value: all bands)"),
	FLT("need_types.[].vulnerable_multiplier", 0, 1000, "1.0",
	    PLACE(NEED(vulnerable_multiplier)),
	    "incidence multiplier for vulnerable residents"),
	FLT("need_types.[].multiproblem_multiplier", 0, 1000, "1.0",
	    PLACE(NEED(multiproblem_multiplier)),
	    "incidence multiplier in multi-problem households"),
	INT("need_types.[].severity_levels", 2, 8, "4", PLACE(NEED(severity_levels)),
	    "severity levels S including the crisis level S"),
	FARR("need_types.[].start_severity", 0, BIG, 1, 7, "[1.0]",
	    PLACE(OWN_LEVELS(start_severity)),
	    "relative frequency of starting severity 1..S-1"),
	FLT("need_types.[].worsen_per_day", 0, 1, "0.0", PLACE(NEED(worsen_per_day)),
	    "hazard per day of worsening by one level"),
	FLT("need_types.[].resolve_per_day", 0, 1, "0.0", PLACE(NEED(resolve_per_day)),
	    "hazard per day of resolving by itself"),
	FLT("need_types.[].informal_resolve_multiplier", 0, 1000, "1.0",
	    PLACE(NEED(informal_resolve_multiplier)),
	    "self-resolution multiplier with informal support"),
	FLT("need_types.[].in_care_worsen_multiplier", 0, 1000, "1.0",
	    PLACE(NEED(in_care_worsen_multiplier)),
	    "worsening multiplier between contacts with a role"),
	FARR("need_types.[].hours_per_contact", 0, 1000, 1, 7, "[0.25]",
	    PLACE(OWN_LEVELS(hours_per_contact)),
	    "hours per contact by severity 1..S-1"),
	FLT("need_types.[].escalation_cost", 0, 1e9, "0.0", PLACE(NEED(escalation_cost)),
	    "euro per crisis escalated to second-line care"),
	FARR("need_types.[].care_hours_per_week", 0, 168, 1, 7, "[0.0]",
	    PLACE(OWN_LEVELS(care_hours_per_week)),
	    "practical care the resident needs each week while the need is open, by level "
	    "(met by formal care, informal carers, or not at all)"),
	FARR("need_types.[].health_penalty", 0, 10, 1, 7, "[1.0]",
	    PLACE(OWN_LEVELS(health_penalty)),
	    "Positive Health points lost on the dimension while open, by severity 1..S-1"),

	LIST("roles", 1, 48, NULL, PLACE(LISTOF(roles, n_roles)), "disciplines and informal roles"),
	NAME("roles.[].name", PLACE(ROLE(name)), "role name (an output axis label)"),
	BOOL("roles.[].formal", "true", PLACE(ROLE(formal)),
	    "a formal discipline (true) or an informal role (false)"),
	STR("roles.[].organisation", 47, "\"\"", NULL, PLACE(ROLE(organisation)),
	    "organisation the role belongs to (empty: its own); roles of one organisation start "
	    "with network.initial_tie_within_organisation"),
	FLT("roles.[].fte_per_1000", 0, 1000, "0.0", PLACE(ROLE(fte_per_1000)),
	    "formal: FTE per 1,000 residents"),
	FLT("roles.[].hours_per_week_per_fte", 0, 168, "36.0", PLACE(ROLE(hours_per_week_per_fte)),
	    "formal: hours per week per FTE"),
	FLT("roles.[].direct_share", 0, 1, "1.0", PLACE(ROLE(direct_share)),
	    "formal: share of hours available for contacts"),
	BOOL("roles.[].weekdays_only", "true", PLACE(ROLE(weekdays_only)),
	    "formal: works Monday to Friday only"),
	FLT("roles.[].cost_per_hour", 0, 1e6, "0.0", PLACE(ROLE(cost_per_hour)),
	    "formal: euro per hour used (activity-based cost_formal)"),
	FLT("roles.[].cost_per_fte_per_year", 0, 1e8, "0.0", PLACE(ROLE(cost_per_fte_per_year)),
	    "formal: employer's full cost of one FTE per year, whether its hours are used or not "
	    "(cost_capacity)"),
	FLT("roles.[].member_share", 0, 1, "0.0", PLACE(ROLE(member_share)),
	    "informal: share of adult residents who hold this role"),
	FLT("roles.[].hours_per_week_per_member", 0, 168, "0.0",
	    PLACE(ROLE(hours_per_week_per_member)),
	    "informal: hours per week each member gives at most"),
	FLT("roles.[].other_care_hours_per_week", 0, 168, "0.0",
	    PLACE(ROLE(other_care_hours_per_week)),
	    "informal: mean hours a week members already give to care outside the modelled "
	    "needs (exponential across members)"),
	STR("roles.[].reach", 16, "\"wijk\"", "network|wijk",
	    PLACE(CHOICE(ROLE(reach_network), reach_values)),
	    "informal: whom a member helps: network (their household and informal ties, as "
	    "mantelzorgers) or wijk (anyone in the wijk, as volunteers)"),
	FLT("roles.[].overload_utilisation", 0, 100, "1.0", PLACE(ROLE(overload_utilisation)),
	    "informal: burden (hours given a week, averaged, incl. other care, over "
	    "hours_per_week_per_member) above which a member is overloaded"),
	FLT("roles.[].overload_need_per_day", 0, 1, "0.0", PLACE(ROLE(overload_need_per_day)),
	    "informal: hazard per day per overloaded member of a need of their own"),
	STR("roles.[].overload_need_type", 47, "\"\"", NULL,
	    PLACE(ROLEK(PLACE_NEED, overload_need_type), .none = ""),
	    "informal: need type an overloaded member develops (empty: none)"),
	FLT("roles.[].contact_hours_multiplier", 0.001, 1000, "1.0",
	    PLACE(ROLE(contact_hours_multiplier)),
	    "multiplier on the need type's hours per contact"),
	FARR("roles.[].resolve_probability", 0, 1, 1, 7, "[0.5]",
	    PLACE(ROLEK(PLACE_BY_LEVEL, resolve_probability)),
	    "probability a contact resolves the need, by severity 1..S-1"),
	INT("roles.[].default_max_severity", 0, 7, "0",
	    PLACE(ROLEK(PLACE_INT_EACH_NEED, max_severity)),
	    "competence for need types not listed in competences (0 = none)"),
	LIST("roles.[].competences", 0, 64, "()", PLACE(.kind = PLACE_KEYED_LIST),
	    "need types this role handles and up to which severity"),
	NAME("roles.[].competences.[].need", PLACE(.kind = PLACE_NEED_KEY), "need type"),
	INT("roles.[].competences.[].max_severity", 0, 7, NULL,
	    PLACE(ROLEK(PLACE_INT_AT_KEY, max_severity)),
	    "highest severity handled (0 = none)"),
	FLT("roles.[].max_wait_days", 0, 3650, "0.0", PLACE(ROLE(max_wait_days)),
	    "the waiting list is full when the expected wait (needs ahead / first contacts per "
	    "day) exceeds this: a need that would join it is turned away and stays latent, "
	    "unless a rule with when_full sends it elsewhere (0: no limit)"),
	FLT("roles.[].wait_estimate_days", 1, 3650, "28.0", PLACE(ROLE(wait_estimate_days)),
	    "days over which the role's first contacts per day are averaged (exponentially) "
	    "for the expected wait"),
	FLT("roles.[].followup_days", 0, 3650, "14.0", PLACE(ROLE(followup_days)),
	    "days between contacts for the same need"),
	BOOL("roles.[].entry", "false", PLACE(ROLE(entry)),
	    "residents can come in directly (an entry point)"),
	FLT("roles.[].access_threshold", 0, 1, "0.0", PLACE(ROLE(access_threshold)),
	    "threshold to reach this entry point: 0 none, 1 unreachable"),
	FLT("roles.[].notice_probability", 0, 1, "0.0", PLACE(ROLE(notice_probability)),
	    "per contact, chance to notice each other latent need of a type in notices"),
	SARR("roles.[].notices", 64, "[]", NULL, PLACE(ROLEK(PLACE_NEED_FLAGS, notices)),
	    "need types this role notices in residents it sees"),
	FLT("roles.[].care_hours_per_client_week", 0, 168, "0.0",
	    PLACE(ROLE(care_hours_per_client_week)),
	    "formal: hours of home care a week the role gives each need it has an indication "
	    "for (see home_care_for), out of its idle hours"),
	SARR("roles.[].home_care_for", 48, "[]", NULL,
	    PLACE(ROLEK(PLACE_ROLE_FLAGS, home_care_for)),
	    "formal, with care_hours_per_client_week: roles whose contact indicates this role's "
	    "home care for a need with care hours, until the need closes (empty: the role's own "
	    "clients)"),
	INT("roles.[].home_care_min_severity", 1, 7, "1", PLACE(ROLE(home_care_min_severity)),
	    "the lowest level of a need at which a contact indicates this role's home care"),
	SARR("roles.[].introduces", 48, "[]", NULL, PLACE(ROLEK(PLACE_ROLE_FLAGS, introduces)),
	    "roles a resident gets to know at a contact here (the buurtcoach introduces the "
	    "wijkteam): they lower the access threshold (network.known_access_factor)"),
	FLT("roles.[].indication_days", 0, 3650, "0.0", PLACE(ROLE(indication_days)),
	    "days of indication (Wmo) before a referred need joins the queue"),

	LIST("interactions", 0, 64, "()", PLACE(LISTOF(interactions, n_interactions)),
	    "interacting needs: an open need of one type raises the incidence and worsening "
	    "of another (weekly)"),
	NAME("interactions.[].name", PLACE(INTERK(PLACE_FIELD, name)),
	    "interaction name (merged by name when a scenario extends another)"),
	STR("interactions.[].from", 47, NULL, NULL, PLACE(INTERK(PLACE_NEED, from)),
	    "need type that, while open, acts on the other"),
	STR("interactions.[].to", 47, NULL, NULL, PLACE(INTERK(PLACE_NEED, to)),
	    "need type acted on"),
	FLT("interactions.[].incidence_multiplier", 1, 100, "1.0",
	    PLACE(INTERK(PLACE_FIELD, incidence_multiplier)),
	    "the resident's incidence of `to` is this many times its own while `from` is open"),
	FLT("interactions.[].worsen_multiplier", 1, 100, "1.0",
	    PLACE(INTERK(PLACE_FIELD, worsen_multiplier)),
	    "open needs of `to` worsen this many times as fast while `from` is open"),

	LIST("rules", 0, 256, "()", PLACE(LISTOF(rules, n_rules)),
	    "routing rules: read in order, the first match decides"),
	NAME("rules.[].name", PLACE(RULE(name)),
	    "rule name (merged by name when a scenario extends another)"),
	STR("rules.[].at", 47, "\"*\"", NULL, PLACE(RULEK(PLACE_ROLE, at_role), .none = "*"),
	    "role holding the need (\"*\": any role)"),
	SARR("rules.[].needs", 64, "[]", NULL, PLACE(RULEK(PLACE_NEED_FLAGS_ALL, need_types)),
	    "need types matched (empty: all)"),
	INT("rules.[].severity_min", 1, 7, "1", PLACE(RULE(severity_min)),
	    "lowest severity matched"),
	INT("rules.[].severity_max", 1, 7, "7", PLACE(RULE(severity_max)),
	    "highest severity matched"),
	STR("rules.[].action", 8, NULL, "treat|refer|shift",
	    PLACE(CHOICE(RULE(action), rule_actions)),
	    "treat here, refer to a discipline, or task-shift"),
	INT("rules.[].priority", -1000, 1000, "0", PLACE(RULE(priority)),
	    "rules are read from high to low priority, in file order within a priority (lets an "
	    "extending scenario put a rule first)"),
	STR("rules.[].to", 47, "\"\"", NULL, PLACE(RULEK(PLACE_ROLE, to_role), .none = ""),
	    "receiving role for refer and shift"),
	FLT("rules.[].min_tie", 0, 1, "0.0", PLACE(RULE(min_tie)),
	    "rule applies only with a tie of at least this between the roles"),
	FLT("rules.[].share", 0, 1, "1.0", PLACE(RULE(share)),
	    "rule applies to this share of the needs it matches, decided once per need by a "
	    "draw keyed on the need and the rule's name (1: all; 0: the rule is off)"),
	BOOL("rules.[].requires_informal_support", "false", PLACE(RULE(requires_informal_support)),
	    "rule applies only to residents with informal support"),
	BOOL("rules.[].when_full", "false", PLACE(RULE(when_full)),
	    "rule applies only when the waiting list of the role holding the need is full "
	    "(roles.[].max_wait_days)"),
	STR("rules.[].budget", 9, "\"any\"", "any|pooled|separate",
	    PLACE(CHOICE(RULE(budget), rule_budgets)),
	    "rule applies with any budget, only with a pooled wijk budget (referral.pooled_budget: "
	    "the freedom to provide what fits), or only with separate budgets"),

	GROUP("routing", "limits on routing"),
	INT("routing.max_hops", 1, 100, "8", PLACE(MP(max_hops)),
	    "routing steps before a need is dropped (catches circular rules)"),

	GROUP("referral", "referral success and delay"),
	FLT("referral.base_success", 0, 1, "1.0", PLACE(MP(referral_base_success)),
	    "probability a referral succeeds with no tie"),
	FLT("referral.tie_gain", 0, 1, "0.0", PLACE(MP(referral_tie_gain)),
	    "added to the success probability at tie strength 1"),
	FLT("referral.max_delay_days", 0, 3650, "0.0", PLACE(MP(referral_max_delay_days)),
	    "referral delay with no tie (scaled by 1 - tie)"),
	BOOL("referral.pooled_budget", "false", PLACE(MP(pooled_budget)),
	    "pooled wijk budget: no indication delay"),

	GROUP("network", "ties between professionals"),
	FLT("network.initial_tie", 0, 1, "0.0", PLACE(MP(initial_tie)),
	    "starting tie between two roles"),
	FLT("network.initial_tie_within_organisation", 0, 1, "0.0",
	    PLACE(MP(initial_tie_within_organisation)),
	    "starting tie between two roles of the same organisation"),
	LIST("network.ties", 0, 2304, "()", PLACE(.kind = PLACE_KEYED_LIST),
	    "starting ties for named pairs (override the two above)"),
	NAME("network.ties.[].from", PLACE(.kind = PLACE_ROLE_KEY), "role"),
	NAME("network.ties.[].to", PLACE(.kind = PLACE_ROLE_KEY), "role"),
	FLT("network.ties.[].strength", 0, 1, NULL, PLACE(MPK(PLACE_DOUBLE_AT_KEY_PAIR, init_ties)),
	    "tie strength"),
	FLT("network.tie_decay_per_day", 0, 1, "0.0", PLACE(MP(tie_decay_per_day)),
	    "share of a tie lost per day"),
	FLT("network.tie_gain_per_referral", 0, 1, "0.0", PLACE(MP(tie_gain_per_referral)),
	    "tie gain per successful referral or shift: tie += gain x (1 - tie)"),
	FLT("network.meeting_interval_days", 0, 3650, "0.0", PLACE(MP(meeting_interval_days)),
	    "days between wijknetwerk meetings (0: none)"),
	FLT("network.meeting_attendance", 0, 1, "0.0", PLACE(MP(meeting_attendance)),
	    "chance a formal role attends a meeting"),
	FLT("network.meeting_tie_gain", 0, 1, "0.0", PLACE(MP(meeting_tie_gain)),
	    "tie gain per meeting for two attendees"),
	FLT("network.kwartiermaker_days", 0, 36500, "0.0", PLACE(MP(kwartiermaker_days)),
	    "days a kwartiermaker works at the start"),
	FLT("network.kwartiermaker_meeting_factor", 1, 100, "1.0",
	    PLACE(MP(kwartiermaker_meeting_factor)),
	    "meetings are this many times as frequent while the kwartiermaker works"),
	FLT("network.tie_present_threshold", 0, 1, "0.3", PLACE(MP(tie_present_threshold)),
	    "a tie counts for network density at or above this strength"),
	FLT("network.known_access_factor", 0, 1, "1.0", PLACE(MP(known_access_factor)),
	    "a resident who knows a role (a contact there, or introduced: roles.[].introduces) "
	    "meets its access_threshold times this (1: knowing makes no difference)"),
	FLT("network.known_days", 0, 36500, "0.0", PLACE(MP(known_days)),
	    "mean days a resident keeps knowing the roles they know: each week they forget them "
	    "all with probability 1 - exp(-7 / known_days) (0: never)"),
	FLT("network.pass_on_per_tie", 0, 1, "0.0", PLACE(MP(pass_on_per_tie)),
	    "at a contact, chance per unit of tie that the professional passes on a latent need "
	    "outside the domain to the best-tied role that can take it"),
	FARR("network.phase_thresholds", 0, 1, 3, 3, "[0.25, 0.5, 0.75]",
	    PLACE(MP(phase_thresholds)),
	    "density at which vormgeven, verdiepen, verankeren begin"),

	GROUP("informal", "informal care"),
	FLT("informal.carer_burden_window_days", 1, 3650, "28.0",
	    PLACE(MP(carer_burden_window_days)),
	    "days over which each carer's burden is averaged (exponential moving average)"),

	GROUP("care", "care relationships: informal care for long-term care needs"),
	STR("care.role", 47, "\"\"", NULL, PLACE(MPK(PLACE_ROLE, care_role), .none = ""),
	    "informal role whose hours include the care given in care relationships (empty: "
	    "no care relationships)"),
	INT("care.max_carers", 1, 16, "3", PLACE(MP(care_max_carers)),
	    "informal carers per recipient at most (household first, then informal ties)"),
	FLT("care.primary_weight", 0.01, 1000, "1.0", PLACE(MP(care_primary_weight)),
	    "the primary carer (the first with room) is offered this many parts of the hours "
	    "for one part offered to each other carer (1: an equal share)"),
	FLT("care.tie_hours_per_week", 0, 168, "4.0", PLACE(MP(care_tie_hours_per_week)),
	    "most hours a week one neighbour or friend (an informal tie) gives a recipient"),
	FLT("care.burden_window_days", 1, 3650, "28.0", PLACE(MP(care_burden_window_days)),
	    "days over which a carer's burden (hours given / capacity) is averaged"),
	FLT("care.overload_burden", 0, 100, "1.0", PLACE(MP(care_overload_burden)),
	    "burden above which a carer is severely burdened (overloaded)"),
	FLT("care.overload_need_per_day", 0, 1, "0.0", PLACE(MP(care_overload_need_per_day)),
	    "hazard per day of an overloaded carer developing a need of their own"),
	STR("care.overload_need_type", 47, "\"\"", NULL,
	    PLACE(MPK(PLACE_NEED, care_overload_need_type), .none = ""),
	    "need type an overloaded carer develops (empty: none)"),
	FLT("care.breakdown_per_day", 0, 1, "0.0", PLACE(MP(care_breakdown_per_day)),
	    "hazard per day of an overloaded carer stopping all care (carer breakdown)"),
	FLT("care.breakdown_days", 0, 36500, "180.0", PLACE(MP(care_breakdown_days)),
	    "days a carer who broke down gives no care"),
	FLT("care.support_share", 0, 1, "0.0", PLACE(MP(care_support_share)),
	    "share of carers reached by carer support (mantelzorgondersteuning, respite)"),
	FLT("care.support_relief", 0, 1, "0.0", PLACE(MP(care_support_relief)),
	    "a supported carer's burden is multiplied by 1 - this"),
	FLT("care.unmet_worsen_per_day", 0, 1, "0.0", PLACE(MP(care_unmet_worsen_per_day)),
	    "hazard per day, at a wholly unmet care need, of the need worsening one level "
	    "(scaled by the unmet share of the resident's care hours)"),

	GROUP("health", "Positive Health per resident (ODD.md 7.11): base scores and recovery"),
	FARR("health.base_mean", 0, 10, 6, 6, "[10.0, 10.0, 10.0, 10.0, 10.0, 10.0]",
	    PLACE(MP(health_base_mean)),
	    "mean base score (0-10) per dimension, in the order " DIMENSIONS_LIST ", before the "
	    "shifts below (default 10: no base loss, the score is 10 less open needs' penalties)"),
	FARR("health.base_concentration", 0.01, 10000, 6, 6,
	    "[10.0, 10.0, 10.0, 10.0, 10.0, 10.0]", PLACE(MP(health_base_concentration)),
	    "concentration of the base score's Beta distribution per dimension: sd = 10 x "
	    "sqrt(m (1 - m) / (concentration + 1)) at mean 10 m"),
	FARR("health.age_shift", -10, 10, 1, 8, "[0.0]",
	    PLACE(MPK(PLACE_BY_AGE_BAND, health_age_shift)),
	    "points added to the base mean by age band (one value: all bands), times age_weight"),
	FARR("health.age_weight", 0, 10, 6, 6, "[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
	    PLACE(MP(health_age_weight)), "how much of age_shift applies on each dimension"),
	FARR("health.vulnerable_shift", -10, 10, 6, 6, "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
	    PLACE(MP(health_vulnerable_shift)),
	    "points added to the base mean of vulnerable residents, per dimension"),
	FARR("health.isolated_shift", -10, 10, 6, 6, "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
	    PLACE(MP(health_isolated_shift)),
	    "points added to the base mean of socially isolated residents, per dimension"),
	FARR("health.overloaded_carer_penalty", 0, 10, 6, 6, "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
	    PLACE(MP(health_overloaded_carer_penalty)),
	    "points off each dimension while the resident is an overloaded carer (care)"),
	FARR("health.unmet_care_penalty", 0, 10, 6, 6, "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
	    PLACE(MP(health_unmet_care_penalty)),
	    "points off each dimension at a wholly unmet care need, times the unmet share "
	    "(care)"),
	FLT("health.recovery_per_day", 0, 100, "0.0", PLACE(MP(health_recovery_per_day)),
	    "rate per day at which a closed need's penalty wears off (exponentially; 0: it ends "
	    "with the need)"),

	GROUP("metrics", "how outputs are summarised"),
	FLT("metrics.health_low_threshold", 0, 10, "5.5", PLACE(MP(health_low_threshold)),
	    "health_low counts residents whose score on a dimension is below this"),

	GROUP("mdo", "multidisciplinary meetings (MDO)"),
	BOOL("mdo.enabled", "false", PLACE(MP(mdo_enabled)), "hold MDOs for complex cases"),
	INT("mdo.min_open_needs", 1, 100, "3", PLACE(MP(mdo_min_open_needs)),
	    "open needs that make a case complex"),
	INT("mdo.min_dimensions", 1, 6, "2", PLACE(MP(mdo_min_dimensions)),
	    "Positive Health dimensions those needs must span"),
	BOOL("mdo.multiproblem", "true", PLACE(MP(mdo_multiproblem)),
	    "multi-problem households always qualify"),
	STR("mdo.unit", 10, "\"resident\"", "resident|household",
	    PLACE(CHOICE(MP(mdo_unit), mdo_units)),
	    "whose open needs the trigger counts and the plan covers: the resident's or the "
	    "household's"),
	FLT("mdo.cooldown_days", 0, 36500, "0.0", PLACE(MP(mdo_cooldown_days)),
	    "days after an MDO before the same unit can have another (0: a new MDO once the "
	    "plan has ended, i.e. no need of the unit is coordinated)"),
	BOOL("mdo.plan_priority", "false", PLACE(MP(mdo_plan_priority)),
	    "a plan's needs go ahead of the role's waiting list (after its follow-ups)"),
	FLT("mdo.combined_contact_share", 0, 1, "1.0", PLACE(MP(mdo_combined_share)),
	    "a contact for a plan need also sees the resident's other plan needs at the same "
	    "role, each for this share of its contact hours (1: no shared visits)"),
	FLT("mdo.hours_per_participant", 0, 100, "1.0", PLACE(MP(mdo_hours_per_participant)),
	    "hours each participant spends per MDO"),
	SARR("mdo.participants", 48, "[]", NULL, PLACE(MPK(PLACE_ROLE_FLAGS, mdo_participants)),
	    "roles taking part"),
	BOOL("mdo.skips_indication", "true", PLACE(MP(mdo_skips_indication)),
	    "needs coordinated by an MDO skip indication delays"),
};

const struct schema schema_wijksim = {entries, sizeof entries / sizeof entries[0]};
