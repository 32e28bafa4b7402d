/*
 * world.c — allocating a world, creating its residents, and the daily
 * schedule of one wijk.
 *
 * The day of a wijk (model_step_wijk; ODD.md §3 "Process overview"):
 *   1. capacity: every role gets today's hours (hours.c);
 *   2. network: ties decay, wijknetwerk meetings strengthen them (network.c);
 *   3. calendar: the day's events in the order they were scheduled
 *      (events.c): demand (new needs), progression (worsen, self-resolve,
 *      crisis), signalling (channels), and needs whose referral, indication
 *      or follow-up delay ends; signalled and arriving needs are routed at
 *      once (route.c);
 *   4. MDOs requested so far are held where the participants have hours,
 *      and their latent needs are signalled (mdo.c, signal.c);
 *   5. service: every role works its queues within today's hours (service.c);
 *   6. care relationships and then interacting needs (interact.c), once a
 *      week (output days 6, 13, ...): formal home
 *      care, informal carers and unmet care for long-term needs (care.c);
 *   7. informal care: overloaded carers leave the list when their burden has
 *      fallen (carers.c), the others may develop needs of their own
 *      (demand.c).
 * Observation happens between days, at the engine's request (metrics.c).
 *
 * Module layers (a file calls only files below it, so there is no circle):
 *   world, metrics > events, service, demand, care > signal > mdo, route >
 *   lifecycle > needs, carers > health, ties, network, hours, queue, calendar,
 *   rng.
 *
 * Invariant: everything random is keyed on stable ids (rng.h), so the order
 * in which the engine steps different wijken does not matter.
 * Ownership: model_alloc allocates the world; model_init_wijk each wijk's
 * arrays, each module allocating its own (service_alloc, hours_alloc,
 * mdo_alloc, needs_reserve, ties_build, carers_build, health_alloc); model_free releases
 * everything through the same modules.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

static void arrival_tables(struct model *m)
{
	const struct model_params *p = m->p;

	for (int a = 0; a < p->n_age_bands; a++)
		for (int v = 0; v < 2; v++)
			for (int mp = 0; mp < 2; mp++) {
				double total = 0.0;
				for (int t = 0; t < p->n_need_types; t++) {
					const struct need_type_params *nt = &p->need_types[t];
					double rate =
					        nt->incidence_per_1000_per_year[a] / 1000.0 / 365.0;
					if (v)
						rate *= nt->vulnerable_multiplier;
					if (mp)
						rate *= nt->multiproblem_multiplier;
					m->arrival_weight[a][v][mp][t] = rate;
					total += rate;
				}
				m->arrival_rate[a][v][mp] = total;
			}
}

struct model *model_alloc(const struct model_params *p, uint32_t replicate)
{
	struct model *m = calloc(1, sizeof *m);
	uint32_t first = 0;

	if (!m)
		return NULL;
	m->p = p;
	rng_stream_init(&m->rng, p->seed, replicate);
	m->n_wijken = p->wijken;
	m->wijken = calloc((size_t)p->wijken, sizeof *m->wijken);
	if (!m->wijken) {
		free(m);
		return NULL;
	}
	metrics_layout(p, &m->acc);
	arrival_tables(m);
	care_home_table(p, m->home_by);
	if (p->health_recovery_per_day > 0.0) {
		m->health_decay_len = model_days(p) + 1;
		m->health_decay = malloc((size_t)m->health_decay_len * sizeof *m->health_decay);
		if (!m->health_decay) {
			free(m->wijken);
			free(m);
			return NULL;
		}
		for (int k = 0; k < m->health_decay_len; k++)
			m->health_decay[k] = exp(-p->health_recovery_per_day * (double)k);
	}
	/* Wijk sizes vary around the mean, drawn from the wijk's own counter so
	 * that resident ids are fixed before any wijk is initialised. */
	for (int i = 0; i < p->wijken; i++) {
		uint32_t u[4];
		double size = p->residents_per_wijk;
		rng_words(&m->rng, (uint32_t)i, 0, RNG_HOUSEHOLD_INIT, 0xFFFFFF, u);
		if (p->wijken > 1)
			size *= 1.0 + p->wijk_size_spread * (2.0 * rng_u01(u[0]) - 1.0);
		m->wijken[i].id = i;
		m->wijken[i].first_resident = first;
		m->wijken[i].n_res = (uint32_t)fmax(1.0, floor(size + 0.5));
		first += m->wijken[i].n_res;
	}
	return m;
}

static void wijk_free(const struct model_params *p, struct wijk *w)
{
	free(w->age);
	free(w->flags);
	free(w->help_seeking);
	free(w->next_arrival);
	free(w->ordinal);
	free(w->first_need);
	free(w->last_mdo_day);
	free(w->roles_seen);
	free(w->known);
	free(w->dims_seen);
	health_free(w);
	needs_free(w);
	calendar_free(&w->cal);
	service_free(p, w);
	hours_free(w);
	ties_free(w);
	carers_free(p, w);
	care_free(w);
	free(w->tie);
	mdo_free(w);
	free(w->flow);
	if (w->gr)
		gsl_rng_free(w->gr);
	memset(w, 0, sizeof *w);
}

void model_free_wijk(struct model *m, int wi)
{
	struct wijk *w = &m->wijken[wi];
	struct wijk kept = {0};

	kept.id = w->id;
	kept.first_resident = w->first_resident;
	kept.n_res = w->n_res;
	kept.totals = w->totals;
	wijk_free(m->p, w);
	*w = kept;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n_wijken; i++)
		wijk_free(m->p, &m->wijken[i]);
	free(m->wijken);
	free(m->health_decay);
	free(m);
}

/* Households: sizes drawn in turn until the wijk is full; a multi-problem
 * flag per household; residents' ages independent of household (an
 * assumption, ODD.md "Initialization"). */
static void init_households(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	double sum = 0.0;
	uint32_t r = 0, h = 0;

	for (int s = 0; s < MODEL_MAX_HOUSEHOLD_SIZE; s++)
		sum += p->household_size_weights[s];
	while (r < w->n_res) {
		uint32_t u[4];
		rng_words(&m->rng, (uint32_t)w->id, h, RNG_HOUSEHOLD_INIT, 0, u);
		uint32_t size = 1u + (uint32_t)rng_categorical(u[0], p->household_size_weights,
		                                               MODEL_MAX_HOUSEHOLD_SIZE, sum);
		bool multiproblem = rng_u01(u[1]) < p->multiproblem_household_share;
		if (size > w->n_res - r)
			size = w->n_res - r;
		for (uint32_t i = 0; i < size; i++, r++) {
			w->flags[r] = (uint8_t)((size - 1) << RES_HH_SHIFT);
			if (multiproblem)
				w->flags[r] |= RES_MULTIPROBLEM;
			if (i == 0)
				w->flags[r] |= RES_HOUSEHOLD_HEAD;
		}
		h++;
	}
}

static int init_residents(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	double age_weights[MODEL_MAX_AGE_BANDS], age_sum = 0.0;
	double a_par = p->help_seeking_mean * p->help_seeking_concentration;
	double b_par = (1.0 - p->help_seeking_mean) * p->help_seeking_concentration;

	for (int a = 0; a < p->n_age_bands; a++) {
		age_weights[a] = p->age_bands[a].share;
		age_sum += age_weights[a];
	}
	init_households(m, w);
	for (uint32_t r = 0; r < w->n_res; r++) {
		uint32_t gid = w->first_resident + r, u[4];
		rng_words(&m->rng, gid, 0, RNG_RESIDENT_INIT, 0, u);
		w->age[r] = (uint8_t)rng_categorical(u[0], age_weights, p->n_age_bands, age_sum);
		if (rng_u01(u[1]) < p->vulnerable_share)
			w->flags[r] |= RES_VULNERABLE;
		if (rng_u01(u[2]) < p->socially_isolated_share)
			w->flags[r] |= RES_ISOLATED;
		rng_gsl_seek(w->gr, &m->rng, gid, 0, RNG_RESIDENT_INIT, 1);
		w->help_seeking[r] = (float)gsl_ran_beta(w->gr, a_par, b_par);
		w->first_need[r] = NONE;
		w->last_mdo_day[r] = INT32_MIN / 2;
		w->ordinal[r] = 0;
		/* The first need: a Poisson process from day 0. */
		if (demand_first_arrival(m, w, r, u[3]))
			return -1;
	}
	return 0;
}

/* Expected number of open needs at once, to size the pools: rate x mean
 * duration, with a floor; pools still grow when this is too small. */
static uint32_t initial_need_capacity(const struct model *m, uint32_t n_res)
{
	double rate = 0.0;
	for (int a = 0; a < m->p->n_age_bands; a++)
		rate += m->p->age_bands[a].share * m->arrival_rate[a][0][0];
	double est = (double)n_res * rate * 60.0 * 1.5 + 64.0;
	return (uint32_t)fmin(est, 1e9);
}

int model_init_wijk(struct model *m, int wi)
{
	const struct model_params *p = m->p;
	struct wijk *w = &m->wijken[wi];
	uint32_t n = w->n_res;
	size_t K = (size_t)p->n_roles;
	uint32_t need_cap = initial_need_capacity(m, n);

	w->age = malloc(n);
	w->flags = calloc(n, 1);
	w->help_seeking = malloc(n * sizeof *w->help_seeking);
	w->next_arrival = malloc(n * sizeof *w->next_arrival);
	w->ordinal = malloc(n * sizeof *w->ordinal);
	w->first_need = malloc(n * sizeof *w->first_need);
	w->last_mdo_day = malloc(n * sizeof *w->last_mdo_day);
	w->roles_seen = calloc(n, sizeof *w->roles_seen);
	/* Only a scenario in which knowing a role matters pays for the mask. */
	w->known = p->known_access_factor < 1.0 ? calloc(n, sizeof *w->known) : NULL;
	w->dims_seen = calloc(n, 1);
	w->tie = calloc(K * K, sizeof *w->tie);
	w->flow = calloc(m->acc.size, sizeof *w->flow);
	w->gr = rng_gsl_alloc();
	/* Why 256: most events fall within a few months; the far heap takes
	 * the rest. Not a model parameter, a memory/speed trade-off. */
	if (calendar_init(&w->cal, 256, n + need_cap + 16))
		return -1;
	if (!w->age || !w->flags || !w->help_seeking || !w->next_arrival ||
	    !w->ordinal || !w->first_need || !w->last_mdo_day ||
	    !w->roles_seen || (p->known_access_factor < 1.0 && !w->known) || !w->dims_seen ||
	    !w->tie || !w->flow || !w->gr ||
	    service_alloc(m, w) || hours_alloc(m, w) || mdo_alloc(w))
		return -1;

	/* The need pool starts with room for the expected open needs, so that
	 * the daily loop allocates only when that estimate is exceeded. */
	w->free_head = NONE;
	if (needs_reserve(w, need_cap))
		return -1;
	if (init_residents(m, w) || health_alloc(m, w) || ties_build(m, w) || carers_build(m, w) ||
	    care_alloc(m, w))
		return -1;
	network_init(m, w);
	return 0;
}

int model_step_wijk(struct model *m, int wi, int day)
{
	struct wijk *w = &m->wijken[wi];

	w->day = day;
	hours_begin_day(m, w, day);
	network_day(m, w, day);
	if (events_day(m, w, day) || signal_mdo_day(m, w, day) || service_day(m, w, day))
		return -1;
	if (care_week_ends(m->p, day)) {
		if (care_week(m, w, day) || interact_week(m, w, day))
			return -1;
		network_forget_week(m, w, day);
	}
	carers_overload_update(m, w, day);
	return demand_carers(m, w, day);
}

void model_warmup_end(struct model *m, int wi)
{
	struct wijk *w = &m->wijken[wi];

	memset(w->flow, 0, m->acc.size * sizeof *w->flow);
	memset(w->roles_seen, 0, w->n_res * sizeof *w->roles_seen);
	memset(w->dims_seen, 0, w->n_res * sizeof *w->dims_seen);
	memset(w->clients, 0, (size_t)m->p->n_roles * sizeof *w->clients);
	memset(w->helped, 0, sizeof w->helped);
}

int model_wijk_count(const struct model *m)
{
	return m->n_wijken;
}

uint32_t model_wijk_residents(const struct model *m, int wijk)
{
	return m->wijken[wijk].n_res;
}

double model_tie(const struct model *m, int wijk, int a, int b)
{
	return *tie_at(m, &m->wijken[wijk], a, b);
}

void model_totals_wijk(const struct model *m, int wijk, struct model_totals *t)
{
	*t = m->wijken[wijk].totals;
}

/* Bytes per resident and per open need of the arrays above; kept next to
 * the allocations they describe (health.c: base, remnant and day). */
enum {
	BYTES_PER_RESIDENT = 1 + 1 + 4 + 8 + 4 + 4 + 4 + 8 + 1 + HEALTH_BYTES_PER_RESIDENT +
	                     (int)sizeof(struct cal_node),
	BYTES_PER_NEED = 8 * 4 + 2 + 7 + 2 + 2 * 4 + (int)sizeof(struct cal_node)
};

/* Informal ties and carers per resident (ties.c, carers.c, care.c): a row
 * start, the ties (each stored at both ends), carer records and role lists,
 * and each resident's state as a carer in care relationships (14 bytes). */
static double informal_bytes_per_resident(const struct model_params *p)
{
	double adult = 0.0, carers = 0.0;
	for (int a = 0; a < p->n_age_bands; a++)
		if (p->age_bands[a].adult)
			adult += p->age_bands[a].share;
	for (int k = 0; k < p->n_roles; k++)
		if (!p->roles[k].formal)
			carers += adult * p->roles[k].member_share;
	return 4.0 + 4.0 * p->informal_ties_mean_degree * (1.0 - p->socially_isolated_share) +
	       carers * 23.0 + 14.0;
}

size_t model_memory_estimate(const struct model_params *p)
{
	double residents = (double)p->wijken * p->residents_per_wijk * (1.0 + p->wijk_size_spread);
	double per_res = BYTES_PER_RESIDENT + informal_bytes_per_resident(p) +
	                 (p->known_access_factor < 1.0 ? sizeof(uint64_t) : 0);
	double rate = 0.0;
	size_t K = (size_t)p->n_roles;
	for (int a = 0; a < p->n_age_bands; a++)
		for (int t = 0; t < p->n_need_types; t++)
			rate += p->age_bands[a].share *
			        p->need_types[t].incidence_per_1000_per_year[a] / 1000.0 / 365.0;
	double needs = residents * rate * 60.0 * 1.5;
	double per_wijk = (double)(K * K * sizeof(float) + K * 200 + 80 * 12 * 8 + 4096);
	return (size_t)(residents * per_res + needs * BYTES_PER_NEED +
	                (double)p->wijken * per_wijk);
}

size_t model_memory_bytes(const struct model *m)
{
	size_t total = sizeof *m + (size_t)m->n_wijken * sizeof(struct wijk);
	for (int i = 0; i < m->n_wijken; i++)
		total += model_wijk_memory_bytes(m, i);
	return total;
}

size_t model_wijk_memory_bytes(const struct model *m, int wi)
{
	const struct wijk *w = &m->wijken[wi];
	size_t K = (size_t)m->p->n_roles, total = 0;

	if (!w->age)
		return 0;   /* not initialised, or released (model_free_wijk) */
	total += (size_t)w->n_res * (BYTES_PER_RESIDENT - sizeof(struct cal_node));
	total += (size_t)w->need_cap * (BYTES_PER_NEED - sizeof(struct cal_node));
	total += (size_t)calendar_bytes(&w->cal);
	total += ties_bytes(w) + carers_bytes(m->p, w) + care_bytes(m->p, w);
	if (w->known)
		total += (size_t)w->n_res * sizeof *w->known;
	total += K * K * sizeof(float) + m->acc.size * sizeof(double);
	for (size_t k = 0; k < K; k++)
		total += queue_bytes(&w->q_new[k]) + queue_bytes(&w->q_followup[k]) +
		         queue_bytes(&w->q_plan[k]);
	return total;
}
