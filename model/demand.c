/*
 * demand.c — where needs come from (ODD.md §7.1 and §7.7).
 *
 * Arrivals: each resident's needs arrive as a Poisson process with the
 * total rate of their (age band, vulnerable, multi-problem) class; the type
 * is drawn in proportion to the per-type rates and the start severity from
 * the type's weights. Only the next arrival is kept (one calendar entry per
 * resident), so a resident without open needs costs nothing on the days
 * between arrivals. Draws are keyed on (resident, arrival count).
 *
 * Carers' own needs: each day, every overloaded carer (carers.c) develops a
 * need of their role's overload_need_type with probability
 * 1 - exp(-overload_need_per_day), unless one of that type is already open.
 * Those needs are keyed on NEED_ORDINAL_OTHER + a count of their own, so
 * they never shift a resident's arrival draws (common random numbers).
 */
#include "internal.h"

#include <math.h>

int demand_first_arrival(struct model *m, struct wijk *w, uint32_t r, uint32_t word)
{
	double rate = m->arrival_rate[w->age[r]][(w->flags[r] & RES_VULNERABLE) != 0]
	                              [(w->flags[r] & RES_MULTIPROBLEM) != 0];
	w->next_arrival[r] = rng_exponential(word, rate);
	if (w->next_arrival[r] < (double)model_days(m->p))
		return calendar_push(&w->cal, (int32_t)floor(w->next_arrival[r]), EVENT_ARRIVAL, r,
		                     0);
	return 0;
}

int demand_arrival(struct model *m, struct wijk *w, uint32_t r, int day)
{
	const struct model_params *p = m->p;
	int age = w->age[r];
	int vuln = (w->flags[r] & RES_VULNERABLE) != 0;
	int mp = (w->flags[r] & RES_MULTIPROBLEM) != 0;
	double rate = m->arrival_rate[age][vuln][mp];

	/* Several needs can arrive on one day; handle them all. */
	while (floor(w->next_arrival[r]) <= (double)day) {
		uint32_t u[4], n;
		rng_words(&m->rng, w->first_resident + r, w->ordinal[r], RNG_ARRIVAL, 0, u);
		int type = rng_categorical(u[0], m->arrival_weight[age][vuln][mp],
		                           p->n_need_types, rate);
		int sev = needs_start_severity(&p->need_types[type], u[1]);
		w->next_arrival[r] += rng_exponential(u[2], rate);
		if (need_create(m, w, r, type, sev, day, w->ordinal[r]++, &n))
			return -1;
	}
	if (w->next_arrival[r] < (double)model_days(p))
		return calendar_push(&w->cal, (int32_t)floor(w->next_arrival[r]), EVENT_ARRIVAL, r,
		                     0);
	return 0;
}

int demand_carers(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;

	for (uint32_t i = 0; i < w->over_len; i++) {
		uint32_t c = w->over_list[i], r = w->c_resident[c], u[4], n;
		const struct role_params *rp = &p->roles[w->c_role[c]];
		if (rp->overload_need_type < 0 || !(rp->overload_need_per_day > 0.0))
			continue;
		rng_words(&m->rng, w->first_resident + r, (uint32_t)day, RNG_CARER, w->c_role[c],
		          u);
		if (rng_u01(u[0]) >= -expm1(-rp->overload_need_per_day) ||
		    needs_has_open(w, r, rp->overload_need_type))
			continue;
		const struct need_type_params *nt = &p->need_types[rp->overload_need_type];
		if (need_create(m, w, r, rp->overload_need_type, needs_start_severity(nt, u[1]),
		                day, NEED_ORDINAL_OTHER + w->other_needs++, &n))
			return -1;
	}
	return 0;
}
