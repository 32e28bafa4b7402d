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
 * Need life cycle (the state machine of ODD.md "Submodels"):
 *
 *     LATENT --signal--> route --treat--> QUEUED --contact--> IN_CARE
 *        ^                  |                ^                   |
 *        |             refer/shift           +---follow-up due---+
 *        |                  v
 *        +--fails---- TRANSIT --delay--> route at the receiving role
 *
 *     any open state --worsen to crisis--> CLOSED (escalated)
 *     any open state --self-resolve------> CLOSED (resolved by itself)
 *     contact success --------------------> CLOSED (resolved at role)
 *     hop limit, or no competent role ---> CLOSED (dropped)
 *
 * Invariant (checked by model_check_wijk): arisen = latent + in care
 * (transit, queued, in_care) + resolved + escalated + dropped.
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

#define NONE UINT32_MAX

enum need_state { NEED_LATENT, NEED_TRANSIT, NEED_QUEUED, NEED_IN_CARE, NEED_CLOSED };
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

/* Accumulator slots (see metrics.c): offsets into a wijk's flow vector. */
struct acc_layout {
	size_t needs_new, needs_open, signalled, signalled_early, signal_delay_sum,
	       arrivals, referrals, referrals_failed, task_shifts, hours_used,
	       hours_capacity, queue_length, wait_sum, resolved, resolved_self,
	       escalations, dropped, carers_overloaded, health_penalty, cost_formal,
	       cost_second_line, density_sum, phase_sum, mdo_held, contacts,
	       first_contacts, residents, needs_latent, needs_in_care, clients,
	       helped, wijk_count,
	       size;
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
	uint8_t *dims_seen;         /* bit d: has had a contact for dimension d */
	uint32_t other_needs;       /* needs not from arrivals (RNG index) */
	uint32_t *clients;          /* per role: residents with a bit in roles_seen */
	uint32_t helped[MODEL_DIMENSIONS];

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
	        *n_coordinated, *n_followup;
	int16_t *n_role;
	int32_t *n_arisen_day, *n_role_day;

	/* calendar */
	struct calendar cal;

	/* roles */
	struct queue *q_new, *q_followup;
	uint32_t *queued;           /* per role, live queue entries */
	double *capacity_today;     /* hours per role available today */
	double *carry;              /* hours saved up for a contact too long for one day */
	double *used_today;

	/* network (n_roles x n_roles, symmetric) */
	float *tie;

	/* MDO requests waiting for capacity (resident ids) */
	uint32_t *mdo_pending;
	uint32_t mdo_pending_len, mdo_pending_cap;

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
};

/* metrics.c */
void metrics_layout(const struct model_params *p, struct acc_layout *acc);

/* needs.c */
int needs_reserve(struct wijk *w, uint32_t cap);
int needs_arrival(struct model *m, struct wijk *w, uint32_t r, int day);
int needs_fire_change(struct model *m, struct wijk *w, uint32_t n, int day);
int needs_schedule_change(struct model *m, struct wijk *w, uint32_t n, int day);
/* Signal a latent need through `channel` and route it at `role` (-1: the
 * channel's own role). */
int needs_signal(struct model *m, struct wijk *w, uint32_t n, int channel,
                 int role, int day);
void needs_close(struct model *m, struct wijk *w, uint32_t n);
uint32_t needs_draw(struct model *m, struct wijk *w, uint32_t n, uint32_t purpose,
                    uint32_t out[4]);
int needs_start_severity(const struct need_type_params *nt, uint32_t word);
/* A new latent need. `ordinal` keys its random draws with the resident's
 * id: arrivals use the resident's arrival count; other sources (carer
 * overload) use NEED_ORDINAL_OTHER + a count of their own, so that they
 * never shift a resident's arrival draws (common random numbers). */
#define NEED_ORDINAL_OTHER 0x80000000u
int needs_new(struct model *m, struct wijk *w, uint32_t r, int type,
              int severity, int day, uint32_t ordinal, uint32_t *out);

/* route.c */
int route_need(struct model *m, struct wijk *w, uint32_t n, int at_role, int day);
int route_ready(struct model *m, struct wijk *w, uint32_t n, int day);

/* service.c */
int service_enqueue(struct model *m, struct wijk *w, uint32_t n, int role,
                    bool followup);
void service_dequeue_stale(struct wijk *w, uint32_t n);
int service_day(struct model *m, struct wijk *w, int day);
int mdo_request(struct model *m, struct wijk *w, uint32_t r, int day);
int mdo_hold_pending(struct model *m, struct wijk *w, int day);

/* informal.c */
int informal_init(struct model *m, struct wijk *w);
void informal_free(const struct model_params *p, struct wijk *w);
size_t informal_bytes(const struct model_params *p, const struct wijk *w);
/* People who may notice or help: household members and informal ties. */
uint32_t informal_contacts(const struct wijk *w, uint32_t r);
/* The member of informal role `role` who would help with need n today, or
 * NONE when nobody in reach holds the role. */
uint32_t carer_find(struct model *m, struct wijk *w, uint32_t n, int role, int day);
double carer_burden(const struct model *m, const struct wijk *w, uint32_t c, int day);
int carer_give(struct model *m, struct wijk *w, uint32_t c, double hours, int day);
int carers_day(struct model *m, struct wijk *w, int day);

/* network.c */
void network_init(struct model *m, struct wijk *w);
void network_day(struct model *m, struct wijk *w, int day);
double network_density(const struct model *m, const struct wijk *w);
int network_phase(const struct model_params *p, double density);
void network_strengthen(struct model *m, struct wijk *w, int a, int b, double gain);

static inline float *tie_at(const struct model *m, const struct wijk *w, int a, int b)
{
	return &w->tie[(size_t)a * (size_t)m->p->n_roles + (size_t)b];
}

/* Move a need to another open state, keeping the run totals. */
static inline void need_set_state(struct wijk *w, uint32_t n, enum need_state s)
{
	bool was_latent = w->n_state[n] == NEED_LATENT;
	bool is_latent = s == NEED_LATENT;
	if (was_latent && !is_latent) {
		w->totals.latent--;
		w->totals.in_care++;
	} else if (!was_latent && is_latent) {
		w->totals.in_care--;
		w->totals.latent++;
	}
	w->n_state[n] = (uint8_t)s;
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

static inline bool is_weekday(const struct model_params *p, int day)
{
	return (p->start_weekday + day) % 7 < 5;
}

#endif
