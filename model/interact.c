/*
 * interact.c — interacting needs (ODD.md §7.12): an open need of one type
 * raises the incidence and the worsening of another (debts and
 * psychological strain, loneliness and psychological strain, ...). This is
 * what makes an integrated approach pay: a need resolved early also
 * removes the needs it would have caused.
 *
 * Once a week (care weeks: output days 6, 13, ...), for each resident r in
 * id order with open needs, and each need type b, the extra hazards
 *     x_b = sum over interactions i with to = b and an open need of from_i
 *           of (incidence_multiplier_i - 1),
 *     y_b = the same sum of (worsen_multiplier_i - 1)
 * act as follows:
 *   - if r has no open need of type b, one arises with probability
 *         1 - exp(-7 x_b lambda_b(r)),
 *     lambda_b(r) = b's own incidence per day for r's class (age band,
 *     vulnerable, multi-problem; world.c arrival_weight), its start
 *     severity drawn from b's start_severity;
 *   - each open need of type b worsens one level with probability
 *         1 - exp(-7 y_b worsen_per_day_b)
 *     (lifecycle.c need_worsen; to crisis, an escalation).
 * So while the source is open, the target's incidence is multiplier times
 * its own (the resident's own arrivals go on as before), to the resolution
 * of a week. Several sources add their extra hazards.
 *
 * Random numbers are keyed on the resident and the week (arrivals) or the
 * need and the week (worsening), and interaction needs take ordinals
 * NEED_ORDINAL_OTHER + a count of the wijk, so the residents' own arrival
 * draws never move (common random numbers across scenarios).
 *
 * Layer: beside care.c; calls lifecycle (need_create, need_worsen) and rng.
 */
#include "internal.h"

#include <math.h>

#define INTERACT_MAX_NEEDS 32   /* open needs of one resident acted on in a week */

static int interact_resident(struct model *m, struct wijk *w, uint32_t r, int day)
{
	const struct model_params *p = m->p;
	int types = p->n_need_types;
	uint64_t open = 0;          /* bit b: an open need of type b (at most 64 types) */
	double x[MODEL_MAX_NEED_TYPES], y[MODEL_MAX_NEED_TYPES];
	bool any = false;
	uint32_t week = (uint32_t)(day / 7);

	/* Most residents with open needs hold no source need: find that out
	 * before touching the per-type sums (this runs weekly for all of them). */
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n])
		open |= (uint64_t)1 << w->n_type[n];
	for (int i = 0; i < p->n_interactions && !any; i++)
		any = (open >> p->interactions[i].from & 1u) != 0;
	if (!any)
		return 0;
	for (int b = 0; b < types; b++)
		x[b] = y[b] = 0.0;
	for (int i = 0; i < p->n_interactions; i++) {
		const struct interaction_params *ip = &p->interactions[i];
		if (!(open >> ip->from & 1u))
			continue;
		x[ip->to] += ip->incidence_multiplier - 1.0;
		y[ip->to] += ip->worsen_multiplier - 1.0;
	}

	/* Worsening first, on the needs open now (collected: a worsening to
	 * crisis closes the need and changes the list). */
	uint32_t ids[INTERACT_MAX_NEEDS];
	int n_ids = 0;
	for (uint32_t n = w->first_need[r]; n != NONE && n_ids < INTERACT_MAX_NEEDS;
	     n = w->n_next[n])
		if (y[w->n_type[n]] > 0.0)
			ids[n_ids++] = n;
	for (int i = 0; i < n_ids; i++) {
		int b = w->n_type[ids[i]];
		double prob = -expm1(-7.0 * y[b] * p->need_types[b].worsen_per_day);
		uint32_t u[4];
		rng_words(&m->rng, w->first_resident + r, w->n_ordinal[ids[i]], RNG_INTERACT,
		          0x40000000u | week, u);
		if (rng_u01(u[0]) < prob && need_worsen(m, w, ids[i], day))
			return -1;
	}

	int age = w->age[r];
	int vuln = (w->flags[r] & RES_VULNERABLE) != 0;
	int mp = (w->flags[r] & RES_MULTIPROBLEM) != 0;
	for (int b = 0; b < types; b++) {
		if (!(x[b] > 0.0) || (open >> b & 1u))
			continue;
		double prob = -expm1(-7.0 * x[b] * m->arrival_weight[age][vuln][mp][b]);
		uint32_t u[4], n;
		rng_words(&m->rng, w->first_resident + r, week, RNG_INTERACT, (uint32_t)b, u);
		if (!(rng_u01(u[0]) < prob))
			continue;
		if (need_create(m, w, r, b, needs_start_severity(&p->need_types[b], u[1]), day,
		                NEED_ORDINAL_OTHER + w->other_needs++, &n))
			return -1;
		w->flow[m->acc.interaction_needs] += 1.0;
	}
	return 0;
}

int interact_week(struct model *m, struct wijk *w, int day)
{
	if (m->p->n_interactions == 0)
		return 0;
	for (uint32_t r = 0; r < w->n_res; r++)
		if (w->first_need[r] != NONE && interact_resident(m, w, r, day))
			return -1;
	return 0;
}
