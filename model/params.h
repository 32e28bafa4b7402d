/*
 * params.h — everything the model needs to know, as plain data.
 *
 * The engine fills a `struct model_params` from a validated scenario file
 * (src/params_load.c); tests fill it by hand. The model never reads files.
 * Names follow the scenario settings (see model/ODD.md and
 * model/PARAMETERS.md); every rate says its unit.
 *
 * Fixed-size arrays: the limits below are not parameters but bounds on the
 * size of a scenario, chosen far above anything meaningful so that the hot
 * structures need no indirection; the loader refuses scenarios beyond them
 * with a clear message.
 */
#ifndef WK_PARAMS_H
#define WK_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#define MODEL_MAX_NAME 48
#define MODEL_MAX_AGE_BANDS 8
#define MODEL_MAX_SEVERITY 8        /* severity levels, crisis included */
#define MODEL_MAX_NEED_TYPES 64
#define MODEL_MAX_ROLES 48
#define MODEL_MAX_CHANNELS 16
#define MODEL_MAX_RULES 256
#define MODEL_MAX_INTERACTIONS 64
#define MODEL_MAX_HOUSEHOLD_SIZE 8
#define MODEL_DIMENSIONS 6          /* Positive Health (Huber et al. 2016) */

/* The six Positive Health dimensions: part of the Positive Health model
 * itself, not a scenario choice. Index = need_type.dimension. */
extern const char *const model_dimension_names[MODEL_DIMENSIONS];

enum channel_kind {
	CHANNEL_SELF,          /* the resident seeks help at an entry point */
	CHANNEL_INFORMAL,      /* household, neighbours or friends notice */
	CHANNEL_OUTREACH,      /* an outreach role (buurtcoach, wijkagent) */
	CHANNEL_PROFESSIONAL,  /* noticed by a professional during a contact */
	CHANNEL_MDO            /* all needs signalled at a multidisciplinary meeting */
};

enum rule_action {
	ACTION_TREAT,          /* join this role's queue */
	ACTION_REFER,          /* refer to another discipline */
	ACTION_SHIFT           /* task shift (GP -> POH, professional -> informal) */
};

struct age_band_params {
	char name[MODEL_MAX_NAME];
	double share;               /* of residents, sums to 1 */
	bool adult;                 /* may hold informal roles */
	double care_hours_per_week; /* most hours a week a resident of this band can give as
	                             * an informal carer (care relationships, care.c) */
};

struct need_type_params {
	char name[MODEL_MAX_NAME];
	int dimension;              /* index into model_dimension_names */
	double incidence_per_1000_per_year[MODEL_MAX_AGE_BANDS];
	double vulnerable_multiplier;      /* on incidence */
	double multiproblem_multiplier;    /* on incidence, multi-problem household */
	int severity_levels;        /* levels 1..S; reaching S is a crisis */
	double start_severity[MODEL_MAX_SEVERITY];  /* weights for levels 1..S-1 */
	double worsen_per_day;      /* hazard of one level worse, per day */
	double resolve_per_day;     /* hazard of resolving by itself, per day */
	double informal_resolve_multiplier;  /* on resolve_per_day with informal support */
	double in_care_worsen_multiplier;    /* on worsen_per_day between contacts */
	double hours_per_contact[MODEL_MAX_SEVERITY];  /* by level 1..S-1 */
	double escalation_cost;     /* euro per crisis episode (second line) */
	double health_penalty[MODEL_MAX_SEVERITY];     /* Positive Health points by level */
	double care_hours_per_week[MODEL_MAX_SEVERITY]; /* practical care the resident needs
	                                                 * each week while the need is open */
};

struct role_params {
	char name[MODEL_MAX_NAME];
	char organisation[MODEL_MAX_NAME];  /* roles of one organisation start close */
	bool formal;
	/* formal roles */
	double fte_per_1000;        /* FTE per 1,000 residents */
	double hours_per_week_per_fte;
	double direct_share;        /* share of hours spent on contacts */
	bool weekdays_only;
	double cost_per_hour;       /* euro per hour used (activity-based cost) */
	double cost_per_fte_per_year;  /* euro per FTE per year, used or not */
	/* informal roles: capacity from members */
	double member_share;        /* of adult residents */
	double hours_per_week_per_member;
	double other_care_hours_per_week;  /* mean hours a member already gives outside the
	                                    * modelled needs (exponential across members) */
	bool reach_network;              /* members help only their household and informal ties */
	double overload_utilisation;     /* burden above which a member is overloaded */
	double overload_need_per_day;    /* hazard per overloaded member of a need of their own */
	int overload_need_type;          /* -1: none */
	/* service */
	double contact_hours_multiplier;
	double resolve_probability[MODEL_MAX_SEVERITY];  /* per contact, by level 1..S-1 */
	int max_severity[MODEL_MAX_NEED_TYPES];   /* competence: 0 = cannot */
	double followup_days;
	double max_wait_days;       /* the list is full when the expected wait exceeds
	                             * this; 0 = no limit */
	double wait_estimate_days;  /* window of the first-contact rate behind the
	                             * expected wait */
	/* entry and signalling */
	bool entry;                 /* residents can come in directly */
	double access_threshold;    /* 0 = no threshold, 1 = unreachable */
	double notice_probability;  /* per contact, per other latent need it notices */
	bool notices[MODEL_MAX_NEED_TYPES];
	/* ties with residents (needs.c, service.c): a contact here makes these
	 * roles known to the resident too, e.g. the buurtcoach the wijkteam */
	bool introduces[MODEL_MAX_ROLES];
	/* indication (Wmo) */
	double indication_days;     /* delay before a referred need joins the queue */
	/* care relationships (care.c): formal roles give this many hours of care a
	 * week to each client in care with them, from their idle hours */
	double care_hours_per_client_week;
	/* home care by indication: this role gives its home care to every need
	 * with care hours that had a contact at one of these roles, until the
	 * need closes (all false: to its own clients while in care with it) */
	bool home_care_for[MODEL_MAX_ROLES];
	int home_care_min_severity; /* a contact indicates home care from this level */
};

struct channel_params {
	char name[MODEL_MAX_NAME];
	enum channel_kind kind;
	double rate_per_day[MODEL_MAX_SEVERITY];  /* hazard by level 1..S-1 */
	bool need_types[MODEL_MAX_NEED_TYPES];  /* which types it signals */
	int to_role;                /* where a signalled need arrives; -1 = by rules */
	int role;                   /* outreach: the role doing it (-1 none) */
};

/* Interacting needs (interact.c): while a need of type `from` is open, the
 * resident's incidence of `to` and the worsening of open `to` needs are
 * multiplied. */
struct interaction_params {
	char name[MODEL_MAX_NAME];
	int from, to;                   /* need types */
	double incidence_multiplier;    /* >= 1 */
	double worsen_multiplier;       /* >= 1 */
};

enum rule_budget { RULE_BUDGET_ANY, RULE_BUDGET_POOLED, RULE_BUDGET_SEPARATE };

struct rule_params {
	char name[MODEL_MAX_NAME];
	int at_role;                /* -1 = any role */
	bool need_types[MODEL_MAX_NEED_TYPES];  /* which types match */
	int severity_min, severity_max;
	enum rule_action action;
	int to_role;                /* for refer and shift */
	double min_tie;             /* rule applies only if tie(at, to) >= this */
	int priority;               /* higher first; the loader sorts, stable */
	bool requires_informal_support;
	bool when_full;             /* rule applies only when at_role's waiting list is full */
	int budget;                 /* RULE_BUDGET_*: any budget, pooled only, separate only */
	double share;               /* rule applies to this share of the needs it matches (0-1) */
	uint32_t share_key;         /* 24-bit key of the share's draw, from the rule's name */
};

enum mdo_unit { MDO_UNIT_RESIDENT, MDO_UNIT_HOUSEHOLD };

struct model_params {
	/* simulation */
	int days;                   /* output days, after the warm-up */
	int warmup_days;            /* days simulated before output day 0 */
	int output_every;
	uint64_t seed;
	int start_weekday;          /* of output day 0; 0 = Monday */

	/* world */
	int wijken;
	int residents_per_wijk;     /* mean; actual sizes vary by wijk_size_spread */
	double wijk_size_spread;    /* +-share, uniform */
	int n_age_bands;
	struct age_band_params age_bands[MODEL_MAX_AGE_BANDS];
	double household_size_weights[MODEL_MAX_HOUSEHOLD_SIZE];  /* sizes 1..8 */
	double vulnerable_share;
	double multiproblem_household_share;
	double help_seeking_mean;   /* Beta distributed, mean and concentration */
	double help_seeking_concentration;
	/* informal ties outside the household: a small-world graph inside the
	 * wijk (Watts-Strogatz ring of households, edges rewired) */
	double informal_ties_mean_degree;   /* mean ties per connected resident */
	double informal_ties_rewiring;      /* share of edges rewired to anyone in the wijk */
	double socially_isolated_share;     /* residents with no ties outside the household */

	int n_need_types;
	struct need_type_params need_types[MODEL_MAX_NEED_TYPES];

	int n_roles;
	struct role_params roles[MODEL_MAX_ROLES];

	int n_channels;
	struct channel_params channels[MODEL_MAX_CHANNELS];
	int early_max_severity;     /* signalled at or below this level = early */

	int n_rules;
	struct rule_params rules[MODEL_MAX_RULES];
	int n_interactions;
	struct interaction_params interactions[MODEL_MAX_INTERACTIONS];
	int max_hops;               /* routing steps before a need is dropped */

	/* referral */
	double referral_base_success;   /* success probability at tie 0 */
	double referral_tie_gain;       /* added at tie 1 */
	double referral_max_delay_days; /* delay at tie 0; scaled by (1 - tie) */
	bool pooled_budget;             /* no indication delay */

	/* network of professionals */
	double initial_tie;             /* between every pair of formal roles */
	double initial_tie_within_organisation;  /* between roles of one organisation */
	double tie_decay_per_day;
	double tie_gain_per_referral;   /* tie += this * (1 - tie) per success */
	double meeting_interval_days;   /* 0 = no meetings */
	double meeting_attendance;
	double meeting_tie_gain;
	double kwartiermaker_days;      /* start period with a kwartiermaker */
	double kwartiermaker_meeting_factor;  /* meetings this many times as often */
	double tie_present_threshold;   /* a tie counts for density at or above */
	double phase_thresholds[3]; /* density at which vormgeven, verdiepen, verankeren begin */
	double known_access_factor; /* a resident who knows a role meets access_threshold x this */
	double known_days;          /* mean days a resident keeps knowing roles (0: for ever) */
	double pass_on_per_tie;     /* chance per unit of tie of passing on a need outside
	                             * the domain */
	double init_ties[MODEL_MAX_ROLES][MODEL_MAX_ROLES];  /* <0: use the defaults */

	/* informal care */
	double carer_burden_window_days;  /* EMA weight 1/this on each carer's burden */

	/* Positive Health per resident (health.c, ODD.md §7.11): base score
	 * 10 x Beta(mean / 10, concentration), mean = base_mean[d] +
	 * age_shift[band] x age_weight[d] + vulnerable_shift[d] (vulnerable) +
	 * isolated_shift[d] (isolated), clamped to 0-10 */
	double health_base_mean[MODEL_DIMENSIONS];
	double health_base_concentration[MODEL_DIMENSIONS];
	double health_age_shift[MODEL_MAX_AGE_BANDS];
	double health_age_weight[MODEL_DIMENSIONS];
	double health_vulnerable_shift[MODEL_DIMENSIONS];
	double health_isolated_shift[MODEL_DIMENSIONS];
	double health_recovery_per_day;   /* decay of a closed need's penalty; 0: none left */
	double health_low_threshold;      /* health_low: share of residents below this */
	double health_overloaded_carer_penalty[MODEL_DIMENSIONS];  /* while overloaded */
	double health_unmet_care_penalty[MODEL_DIMENSIONS];        /* x unmet share */

	/* care relationships (care.c) */
	int care_role;                  /* informal role whose hours include relationship care;
	                                 * -1: no care relationships */
	int care_max_carers;            /* carers per recipient at most */
	double care_primary_weight;     /* the first carer's share of the hours, against 1 each
	                                 * for the others */
	double care_tie_hours_per_week; /* most hours a week from one informal tie */
	double care_burden_window_days; /* EMA window of a carer's burden */
	double care_overload_burden;    /* burden above which a carer is severely burdened */
	double care_overload_need_per_day;  /* hazard of a need of their own while overloaded */
	int care_overload_need_type;    /* -1: none */
	double care_breakdown_per_day;  /* hazard of stopping all care while overloaded */
	double care_breakdown_days;     /* days a carer who broke down gives no care */
	double care_support_share;      /* share of carers reached by carer support */
	double care_support_relief;     /* burden x (1 - this) for a supported carer */
	double care_unmet_worsen_per_day;   /* added worsen hazard of a care need, x unmet share */

	/* derived by the loader, not settings */
	int professional_channel;   /* first CHANNEL_PROFESSIONAL, or -1 */
	int mdo_channel;            /* first CHANNEL_MDO, or -1 */

	/* MDO */
	bool mdo_enabled;
	int mdo_min_open_needs;
	int mdo_min_dimensions;
	bool mdo_multiproblem;          /* multi-problem households always qualify */
	int mdo_unit;                   /* MDO_UNIT_*: whose needs the trigger counts */
	double mdo_cooldown_days;
	bool mdo_plan_priority;         /* a plan's needs go ahead of a role's waiting list */
	double mdo_combined_share;      /* hours share of a plan need seen in a shared visit */
	double mdo_hours_per_participant;
	bool mdo_participants[MODEL_MAX_ROLES];
	bool mdo_skips_indication;

	/* the scenario itself (for the front end; the model reads neither) */
	char name[MODEL_MAX_NAME];  /* the HDF5 group /scenarios/<name> */
	int replicates;
};

#endif
