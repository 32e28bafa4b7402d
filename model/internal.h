/*
 * internal.h — the model's state, shared by the model's .c files only.
 *
 * Layout: structure of arrays, indices instead of pointers. Per wijk:
 *   residents  r = 0..n_res-1   (global id = first_resident + r, the RNG entity)
 *   needs      a pool with a free list; a need's slot is reused after it
 *              closes, so RNG draws are keyed on (resident, ordinal), never
 *              on the slot
 *   calendar   day buckets of (kind, id, gen) events (calendar.h); an event
 *              whose gen no longer matches the need's is stale and skipped
 *   queues     per role, two rings (follow-ups first, then new) of
 *              (need, queue_gen)
 *
 * Need life cycle: the state machine is drawn in lifecycle.c, the only
 * file that writes a need's state (need_enter).
 *
 * Invariant (checked by model_check_wijk): arisen = latent + in care
 * (transit, waiting, seen, in care, follow-up) + resolved + escalated +
 * dropped.
 *
 * Prototypes below are grouped by module, lowest layer first (world.c
 * states the layering: a module calls only modules in lower layers).
 */
#ifndef WK_MODEL_INTERNAL_H
#define WK_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "calendar.h"
#include "model.h"
#include "rng.h"
#include "route.h"

#define NONE UINT32_MAX

enum need_state {
	NEED_LATENT,    /* not known to any role */
	NEED_TRANSIT,   /* referred or shifted; the receiving role has it when the delay ends */
	NEED_WAITING,   /* on a role's waiting list: no contact there yet */
	NEED_SEEN,      /* with a professional now (a contact or a re-route); lasts no time */
	NEED_IN_CARE,   /* in care at a role, between contacts */
	NEED_FOLLOWUP,  /* in care, its follow-up due: in the role's follow-up queue */
	NEED_CLOSED     /* or a free slot */
};
enum need_outcome { OUTCOME_RESOLVED, OUTCOME_ESCALATED, OUTCOME_DROPPED };

/* A move of a need (need_enter). role: the role that has the need (TRANSIT:
 * the receiving role); ready_day: TRANSIT and IN_CARE, the day the need is
 * ready again; outcome: CLOSED only. */
struct need_move {
	enum need_state to;
	int role;
	int32_t ready_day;
	enum need_outcome outcome;
};
enum need_change { CHANGE_WORSEN, CHANGE_RESOLVE, CHANGE_SIGNAL };
enum event_kind { EVENT_ARRIVAL = 0, EVENT_CHANGE = 1, EVENT_READY = 2 };

enum resident_flag {
	RES_VULNERABLE = 1,
	RES_MULTIPROBLEM = 2,
	RES_INFORMAL_SUPPORT = 4,   /* a household member or an informal tie */
	RES_HOUSEHOLD_HEAD = 8,     /* first member of a household (members are consecutive) */
	RES_ISOLATED = 16           /* no ties outside the household */
};
/* Bits 5-7 of a resident's flags: household size - 1 (sizes 1..8). */
#define RES_HH_SHIFT 5
static inline uint32_t household_size(uint8_t flags)
{
	return 1u + (uint32_t)(flags >> RES_HH_SHIFT);
}

struct queue {
	uint32_t *need;
	uint32_t *gen;
	uint32_t head, count, cap;
};

/* Accumulator slots (see metrics.c): offsets into a wijk's flow vector,
 * one per raw additive quantity, each as long as its axis (or pair of axes,
 * e.g. ROLE_BY_TO_ROLE: metrics.c AXES_OF_). A published
 * metric (metrics.c, METRICS) is formed from one or two slots. */
#define ACC_SLOTS(X) \
	X(needs_new, AXIS_NEED_TYPE) X(needs_open, AXIS_NEED_TYPE) \
	X(signalled, AXIS_CHANNEL) X(signalled_early, AXIS_NONE) \
	X(signalled_by_type, AXIS_NEED_TYPE) X(signalled_early_by_type, AXIS_NEED_TYPE) \
	X(signal_delay_sum, AXIS_NONE) X(arrivals, AXIS_ROLE) X(referrals, AXIS_NONE) \
	X(referrals_failed, AXIS_NONE) X(task_shifts, AXIS_NONE) X(hours_used, AXIS_ROLE) \
	X(hours_capacity, AXIS_ROLE) X(wait_sum, AXIS_ROLE) \
	X(waiting_list, AXIS_ROLE) X(caseload, AXIS_ROLE) \
	X(resolved, AXIS_ROLE) X(resolved_self, AXIS_NONE) X(escalations, AXIS_NEED_TYPE) \
	X(dropped, AXIS_NONE) X(carers_overloaded, AXIS_NONE) \
	X(cost_formal, AXIS_NONE) \
	X(cost_second_line, AXIS_NONE) X(cost_capacity, AXIS_NONE) \
	X(needs_turned_away, AXIS_ROLE) X(density_sum, AXIS_NONE) X(phase_sum, AXIS_NONE) \
	X(mdo_held, AXIS_NONE) X(contacts, AXIS_ROLE) X(first_contacts, AXIS_ROLE) \
	X(residents, AXIS_NONE) X(needs_latent, AXIS_NONE) X(needs_in_care, AXIS_NONE) \
	X(clients, AXIS_ROLE) X(helped, AXIS_DIMENSION) X(wijk_count, AXIS_NONE) \
	X(referrals_by_route, ROLE_BY_TO_ROLE) X(contacts_by_type, ROLE_BY_NEED_TYPE) \
	X(tie_sum, ROLE_BY_TO_ROLE) \
	X(health_sum, AXIS_DIMENSION) X(health_low, AXIS_DIMENSION) \
	X(care_need_hours, AXIS_NONE) X(care_formal_hours, AXIS_NONE) \
	X(care_informal_hours, AXIS_NONE) X(care_unmet_hours, AXIS_NONE) \
	X(care_recipients, AXIS_NONE) X(carers_active, AXIS_NONE) X(carer_breakdowns, AXIS_NONE) \
	X(interaction_needs, AXIS_NONE) X(needs_passed_on, AXIS_NONE) X(shared_contacts, AXIS_NONE)

struct acc_layout {
#define ACC_FIELD(name, axis) size_t name;
	ACC_SLOTS(ACC_FIELD)
#undef ACC_FIELD
	size_t size;
};

struct wijk {
	int id;
	uint32_t first_resident;
	uint32_t n_res;

	/* residents */
	uint8_t *age;
	uint8_t *flags;
	float *help_seeking;
	double *next_arrival;       /* continuous day of the next need */
	uint32_t *ordinal;          /* needs arisen so far (RNG index) */
	uint32_t *first_need;       /* head of the resident's open needs */
	int32_t *last_mdo_day;
	uint64_t *roles_seen;       /* bit k: has had a contact at role k */
	uint64_t *known;            /* bit k: knows role k (a contact, or introduced);
	                             * NULL unless network.known_access_factor < 1 */
	uint8_t *dims_seen;         /* bit d: has had a contact for dimension d */
	uint32_t other_needs;       /* needs not from arrivals (RNG index) */
	uint32_t *clients;          /* per role: residents with a bit in roles_seen */
	uint32_t helped[MODEL_DIMENSIONS];
	/* Positive Health (health.c): per resident, base score and remnant per
	 * dimension in steps of HEALTH_STEP points, and the day the remnants
	 * were last written; one 16-byte record, so that a resident's health
	 * is one cache line away */
	struct health_rec {
		uint8_t base[MODEL_DIMENSIONS], rem[MODEL_DIMENSIONS];
		int32_t day;
	} *h_rec;

	/* informal ties outside the household: an undirected graph in
	 * compressed rows, neighbours of r = tie_to[tie_start[r] .. tie_start[r+1]) */
	uint32_t *tie_start, *tie_to;

	/* informal carers: one record per (resident, informal role) held, in
	 * resident order; role_carers[k] lists role k's records (so also in
	 * resident order, for a binary search by resident) */
	uint32_t n_carers;
	uint32_t *c_resident;
	uint16_t *c_role;
	uint8_t *c_over;            /* on the overloaded list */
	float *c_x0;                /* burden from care outside the modelled needs */
	float *c_burden;            /* burden at the end of day c_day */
	int32_t *c_day;
	uint32_t **role_carers, *role_n_carers;
	uint32_t *over_list;        /* carers whose burden was above their threshold */
	uint32_t over_len, over_cap;

	/* needs (pool) */
	uint32_t need_cap, need_used, free_head;
	uint32_t *n_resident, *n_ordinal, *n_seq, *n_gen_change, *n_gen_ready,
	         *n_queue_gen, *n_next,   /* n_next: resident list, or free list */
	         *n_carer;                /* at an informal role: the carer, or NONE */
	uint16_t *n_type;
	uint8_t *n_severity, *n_state, *n_hops, *n_change, *n_first_done,
	        *n_coordinated,          /* enum need_plan */
	        *n_followup;
	int16_t *n_role,
	        *n_home;                 /* the role giving its home care (indication), or -1 */
	int32_t *n_arisen_day, *n_role_day;

	/* calendar */
	struct calendar cal;

	/* roles */
	struct queue *q_new, *q_followup, *q_plan;  /* q_plan: plan needs (mdo.plan_priority) */
	uint32_t *queued;           /* per role, live queue entries */
	uint32_t *waiting;          /* per role, WAITING there or in TRANSIT to it */
	uint32_t *caseload;         /* per role, IN_CARE or FOLLOWUP there */
	uint32_t *first_today;      /* per role, first contacts today */
	double *first_rate;         /* per role, first contacts per day (moving average) */
	double *capacity_today;     /* hours per role available today */
	double *carry;              /* hours saved up for a contact too long for one day */
	double *used_today;

	/* network (n_roles x n_roles, symmetric) */
	float *tie;

	/* MDO requests waiting for capacity (resident ids), and the day's walk */
	uint32_t *mdo_pending;
	uint32_t mdo_pending_len, mdo_pending_cap, mdo_cursor, mdo_kept;

	/* care relationships (care.c): per resident as a carer, and the week's
	 * stocks; per role, idle hours this week for formal home care */
	float *cr_given;            /* hours given as a carer in the last care week */
	float *cr_burden;           /* burden, moving average of hours given / capacity */
	int32_t *cr_off_until;      /* broke down: gives no care before this day */
	uint8_t *cr_flags;          /* CR_SUPPORTED, CR_OVERLOADED */
	uint8_t *cr_unmet;          /* unmet share of the resident's care need x 255 */
	double *care_spare;         /* per role, idle hours since the last care week */
	double care_recipients, carers_active, care_overloaded;
	double care_last_need, care_last_formal, care_last_informal, care_last_unmet;

	/* observation: flows since the last observation */
	double *flow;
	double carers_overloaded;
	int day;                    /* day being stepped */

	/* run totals (conservation) */
	struct model_totals totals;

	gsl_rng *gr;                /* gsl wrapper for this wijk's draws */
};

struct model {
	const struct model_params *p;
	struct rng_stream rng;
	int n_wijken;
	struct wijk *wijken;
	struct acc_layout acc;
	/* arrival tables by (age band, vulnerable, multiproblem): total rate
	 * per day and cumulative weights over need types */
	double arrival_rate[MODEL_MAX_AGE_BANDS][2][2];
	double arrival_weight[MODEL_MAX_AGE_BANDS][2][2][MODEL_MAX_NEED_TYPES];
	/* health.c: exp(-recovery_per_day x k) for k = 0 .. model days (NULL:
	 * no recovery), so that a decay costs a look-up, not an exp */
	double *health_decay;
	int health_decay_len;
	/* care.c: home_by[j] = the role whose home care a contact at role j
	 * indicates (roles.[].home_care_for), or -1 */
	int16_t home_by[MODEL_MAX_ROLES];
};

/* At most this many latent needs are signalled per MDO (a stack buffer;
 * residents have a handful at most); the rest stay latent and coordinated. */
#define MDO_MAX_SIGNALLED 32

/* A need's place in an MDO plan (n_coordinated, mdo.c). */
enum need_plan {
	NEED_NO_PLAN = 0,
	NEED_IN_PLAN = 1,           /* coordinated: in the plan of a held MDO */
	NEED_PLAN_REQUESTED = 2     /* its unit waits for an MDO */
};

/* metrics.c */
void metrics_layout(const struct model_params *p, struct acc_layout *acc);

/* queue.c: a growable FIFO ring of (need, generation) */
int queue_init(struct queue *q, uint32_t cap);
void queue_free(struct queue *q);
int queue_push(struct queue *q, uint32_t n, uint32_t gen);
void queue_pop(struct queue *q);
size_t queue_bytes(const struct queue *q);

/* hours.c: today's hours per role */
int hours_alloc(struct model *m, struct wijk *w);
void hours_free(struct wijk *w);
void hours_begin_day(struct model *m, struct wijk *w, int day);
bool hours_fit(const struct wijk *w, int role, double hours);
void hours_use(struct model *m, struct wijk *w, int role, double hours);
void hours_carry_rest(struct wijk *w, int role);
void hours_use_care(struct model *m, struct wijk *w, int role, double hours);

/* ties.c: informal ties between residents */
int ties_build(struct model *m, struct wijk *w);
void ties_free(struct wijk *w);
size_t ties_bytes(const struct wijk *w);
void ties_household(const struct wijk *w, uint32_t r, uint32_t *first, uint32_t *last);
/* People who may notice or help: household members and informal ties. */
uint32_t ties_contacts(const struct wijk *w, uint32_t r);

/* network.c: ties between roles */
void network_init(struct model *m, struct wijk *w);
void network_forget_week(const struct model *m, struct wijk *w, int day);
void network_day(struct model *m, struct wijk *w, int day);
double network_density(const struct model *m, const struct wijk *w);
int network_phase(const struct model_params *p, double density);
void network_strengthen(struct model *m, struct wijk *w, int a, int b, double gain);

/* needs.c: the pool, random keys, hazards */
int needs_reserve(struct wijk *w, uint32_t cap);
void needs_free(struct wijk *w);
/* A new latent need. `ordinal` keys its random draws with the resident's
 * id: arrivals use the resident's arrival count; other sources (carer
 * overload) use NEED_ORDINAL_OTHER + a count of their own, so that they
 * never shift a resident's arrival draws (common random numbers). */
#define NEED_ORDINAL_OTHER 0x80000000u
int needs_alloc(struct wijk *w, uint32_t r, int type, int severity, int day,
                uint32_t ordinal, uint32_t *out);
void needs_release(struct wijk *w, uint32_t n);
/* Whether resident r has an open need of this type. */
bool needs_has_open(const struct wijk *w, uint32_t r, int type);
uint32_t needs_draw(struct model *m, struct wijk *w, uint32_t n, uint32_t purpose,
                    uint32_t out[4]);
int needs_start_severity(const struct need_type_params *nt, uint32_t word);
int needs_schedule_change(struct model *m, struct wijk *w, uint32_t n, int day);

/* health.c: Positive Health per resident. Scores are kept in steps of
 * HEALTH_STEP points, at most HEALTH_MAX_Q steps (10 points). */
#define HEALTH_STEP 0.04
#define HEALTH_MAX_Q 250
#define HEALTH_BYTES_PER_RESIDENT (2 * MODEL_DIMENSIONS + 4)
int health_alloc(struct model *m, struct wijk *w);
void health_free(struct wijk *w);
/* Mean of a resident's base-score distribution on dimension d (0-10). */
double health_base_mean(const struct model_params *p, int age_band, uint8_t flags, int d);
/* Need n closes on `day`: its penalty joins the resident's remnant. */
void health_need_closed(const struct model *m, struct wijk *w, uint32_t n, int day);
/* Resident r's scores at the end of `day` (>= the day of their last close). */
void health_scores(const struct model *m, const struct wijk *w, uint32_t r, int day,
                   double score[MODEL_DIMENSIONS]);
/* Add every resident's scores to sum[d] and those below the low threshold
 * to low[d]. */
void health_observe(const struct model *m, const struct wijk *w, double *sum, double *low);
int health_check(const struct wijk *w, uint32_t *bad_resident);

/* carers.c: informal carers */
int carers_build(struct model *m, struct wijk *w);
void carers_free(const struct model_params *p, struct wijk *w);
size_t carers_bytes(const struct model_params *p, const struct wijk *w);
/* The member of informal role `role` who would help with need n today, or
 * NONE when nobody in reach holds the role. */
uint32_t carer_find(struct model *m, struct wijk *w, uint32_t n, int role, int day);
double carer_burden(const struct model *m, const struct wijk *w, uint32_t c, int day);
int carer_give(struct model *m, struct wijk *w, uint32_t c, double hours, int day);
void carers_overload_update(struct model *m, struct wijk *w, int day);

/* care.c: care relationships, weekly */
enum { CR_SUPPORTED = 1, CR_OVERLOADED = 2 };
int care_alloc(struct model *m, struct wijk *w);
void care_free(struct wijk *w);
size_t care_bytes(const struct model_params *p, const struct wijk *w);
bool care_week_ends(const struct model_params *p, int day);
void care_home_table(const struct model_params *p, int16_t home_by[MODEL_MAX_ROLES]);
bool care_need_type(const struct model_params *p, int type);
int care_week(struct model *m, struct wijk *w, int day);
int care_check(const struct model *m, const struct wijk *w, char *msg, size_t size);

/* interact.c: interacting needs, weekly */
int interact_week(struct model *m, struct wijk *w, int day);

/* lifecycle.c: the need state machine */
int need_enter(struct model *m, struct wijk *w, uint32_t n, struct need_move mv, int day);
int need_plan_requeue(const struct model *m, struct wijk *w, uint32_t n);
int need_create(struct model *m, struct wijk *w, uint32_t r, int type, int severity,
                int day, uint32_t ordinal, uint32_t *out);
int need_worsen(struct model *m, struct wijk *w, uint32_t n, int day);

/* route.c (decisions in route.h): route need n at role `at` */
int route_need(struct model *m, struct wijk *w, uint32_t n, int at, int day);

/* mdo.c */
int mdo_alloc(struct wijk *w);
void mdo_free(struct wijk *w);
int mdo_consider(struct model *m, struct wijk *w, uint32_t n, int day);
void mdo_day_begin(struct wijk *w);
int mdo_hold_next(struct model *m, struct wijk *w, int day, uint32_t *latent,
                  int *n_latent);

/* signal.c: signal latent need n through `channel` at `role` (-1: the
 * channel's own role) */
int signal_need(struct model *m, struct wijk *w, uint32_t n, int channel, int role, int day);
int signal_mdo_day(struct model *m, struct wijk *w, int day);

/* demand.c */
int demand_first_arrival(struct model *m, struct wijk *w, uint32_t r, uint32_t word);
int demand_arrival(struct model *m, struct wijk *w, uint32_t r, int day);
int demand_carers(struct model *m, struct wijk *w, int day);

/* service.c */
int service_alloc(struct model *m, struct wijk *w);
void service_free(const struct model_params *p, struct wijk *w);
int service_day(struct model *m, struct wijk *w, int day);

/* events.c */
int events_day(struct model *m, struct wijk *w, int day);

static inline float *tie_at(const struct model *m, const struct wijk *w, int a, int b)
{
	return &w->tie[(size_t)a * (size_t)m->p->n_roles + (size_t)b];
}

/* Append v to a growable array of *len of *cap entries; -1 when out of memory. */
static inline int push_u32(uint32_t **a, uint32_t *len, uint32_t *cap, uint32_t v)
{
	if (*len == *cap) {
		uint32_t c = *cap ? *cap * 2 : 64;
		uint32_t *grown = realloc(*a, c * sizeof *grown);
		if (!grown)
			return -1;
		*a = grown;
		*cap = c;
	}
	(*a)[(*len)++] = v;
	return 0;
}

/* Model days simulated: the warm-up, then the output days. */
static inline int model_days(const struct model_params *p)
{
	return p->warmup_days + p->days;
}

static inline bool is_weekday(const struct model_params *p, int day)
{
	/* start_weekday is output day 0's, after the warm-up. */
	int d = (p->start_weekday + day - p->warmup_days) % 7;
	return (d < 0 ? d + 7 : d) < 5;
}

#endif
