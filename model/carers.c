/*
 * carers.c — informal carers and volunteers: who holds an informal role,
 * their burden, and who helps with a need.
 *
 * Carers (ODD.md "Submodels: informal care"). Each adult holds each informal
 * role with probability member_share. A member gives at most
 * hours_per_week_per_member and already gives o hours a week to care the
 * model does not represent as needs, o ~ Exponential(mean
 * other_care_hours_per_week). A need task-shifted to an informal role gets
 * one member as its carer: for a role with reach = "network" (mantelzorg)
 * the least burdened member among the resident's household and ties, for
 * reach = "wijk" (volunteers) the less burdened of two members drawn at
 * random. Nobody in reach: the rule does not apply (route.c).
 *
 * A carer's burden is an exponential moving average, weight
 * a = 1 / informal.carer_burden_window_days, of the daily
 *     x(t) = (o + 7 h(t)) / hours_per_week_per_member,
 * h(t) = hours of contacts the carer gave on day t. Between contacts it
 * relaxes towards x0 = o / hours_per_week_per_member:
 *     B(t + k) = x0 + (B(t) - x0) (1 - a)^k,
 * which is how it is kept: one value and its day, updated at contacts
 * (cost follows events). A carer whose burden exceeds the role's
 * overload_utilisation is overloaded; while overloaded, each day they
 * develop a need of overload_need_type with probability
 * 1 - exp(-overload_need_per_day), unless one is already open (those needs
 * arise in demand.c; this file keeps the list of overloaded carers).
 *
 * Invariants: a carer is on the overloaded list exactly when c_over is set,
 * and (after carers_overload_update) exactly when their burden is above
 * the role's threshold. Records are in resident order, so role_carers[k]
 * is sorted by resident (binary search in carer_of).
 * Ownership: carers_build allocates the records, the role lists and the
 * overloaded list; carers_free releases them.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

static double burden_weight(const struct model_params *p)
{
	return 1.0 / fmax(1.0, p->carer_burden_window_days);
}

double carer_burden(const struct model *m, const struct wijk *w, uint32_t c, int day)
{
	int dt = day - w->c_day[c];
	if (dt <= 0)
		return w->c_burden[c];
	double x0 = w->c_x0[c];
	return x0 + ((double)w->c_burden[c] - x0) * pow(1.0 - burden_weight(m->p), dt);
}

static int over_push(struct wijk *w, uint32_t c)
{
	w->c_over[c] = 1;
	return push_u32(&w->over_list, &w->over_len, &w->over_cap, c);
}

static bool holds_role(const struct model *m, const struct wijk *w, uint32_t r, int k,
                       uint32_t u[4])
{
	const struct role_params *rp = &m->p->roles[k];
	if (rp->formal || !(rp->member_share > 0.0) || !m->p->age_bands[w->age[r]].adult)
		return false;
	rng_words(&m->rng, w->first_resident + r, (uint32_t)k, RNG_CARER_INIT, 0, u);
	return rng_u01(u[0]) < rp->member_share;
}

int carers_build(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	size_t K = (size_t)p->n_roles;
	uint32_t u[4], n = 0;

	w->role_carers = calloc(K, sizeof *w->role_carers);
	w->role_n_carers = calloc(K, sizeof *w->role_n_carers);
	if (!w->role_carers || !w->role_n_carers)
		return -1;
	for (uint32_t r = 0; r < w->n_res; r++)
		for (int k = 0; k < p->n_roles; k++)
			if (holds_role(m, w, r, k, u)) {
				w->role_n_carers[k]++;
				n++;
			}
	w->n_carers = n;
	w->c_resident = malloc(((size_t)n + 1) * sizeof *w->c_resident);
	w->c_role = malloc(((size_t)n + 1) * sizeof *w->c_role);
	w->c_over = calloc((size_t)n + 1, 1);
	w->c_x0 = malloc(((size_t)n + 1) * sizeof *w->c_x0);
	w->c_burden = malloc(((size_t)n + 1) * sizeof *w->c_burden);
	w->c_day = malloc(((size_t)n + 1) * sizeof *w->c_day);
	if (!w->c_resident || !w->c_role || !w->c_over || !w->c_x0 || !w->c_burden ||
	    !w->c_day)
		return -1;
	for (size_t k = 0; k < K; k++) {
		w->role_carers[k] =
		        malloc(((size_t)w->role_n_carers[k] + 1) * sizeof **w->role_carers);
		if (!w->role_carers[k])
			return -1;
		w->role_n_carers[k] = 0;
	}
	uint32_t c = 0;
	for (uint32_t r = 0; r < w->n_res; r++)
		for (int k = 0; k < p->n_roles; k++) {
			const struct role_params *rp = &p->roles[k];
			if (!holds_role(m, w, r, k, u))
				continue;
			double other =
			        rp->other_care_hours_per_week > 0.0
			                ? rng_exponential(u[1], 1.0 / rp->other_care_hours_per_week)
			                : 0.0;
			double x0 = rp->hours_per_week_per_member > 0.0
			            ? other / rp->hours_per_week_per_member : 0.0;
			w->c_resident[c] = r;
			w->c_role[c] = (uint16_t)k;
			w->c_x0[c] = (float)x0;
			w->c_burden[c] = (float)x0;
			w->c_day[c] = 0;
			w->role_carers[k][w->role_n_carers[k]++] = c;
			if (w->c_x0[c] > rp->overload_utilisation && over_push(w, c))
				return -1;
			c++;
		}
	w->carers_overloaded = (double)w->over_len;
	return 0;
}

void carers_free(const struct model_params *p, struct wijk *w)
{
	free(w->c_resident);
	free(w->c_role);
	free(w->c_over);
	free(w->c_x0);
	free(w->c_burden);
	free(w->c_day);
	if (w->role_carers)
		for (int k = 0; k < p->n_roles; k++)
			free(w->role_carers[k]);
	free(w->role_carers);
	free(w->role_n_carers);
	free(w->over_list);
}

size_t carers_bytes(const struct model_params *p, const struct wijk *w)
{
	size_t b = (size_t)w->n_carers * (4 + 2 + 1 + 4 + 4 + 4 + 4);
	b += (size_t)w->over_cap * 4 + (size_t)p->n_roles * (sizeof(uint32_t *) + 4);
	return b;
}

/* Role k's record for resident x, or NONE. */
static uint32_t carer_of(const struct wijk *w, int k, uint32_t x)
{
	const uint32_t *list = w->role_carers[k];
	uint32_t lo = 0, hi = w->role_n_carers[k];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (w->c_resident[list[mid]] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->role_n_carers[k] && w->c_resident[list[lo]] == x ? list[lo] : NONE;
}

static void consider(const struct model *m, const struct wijk *w, uint32_t c, int day,
                     uint32_t *best, double *best_burden)
{
	if (c == NONE)
		return;
	double b = carer_burden(m, w, c, day);
	if (*best == NONE || b < *best_burden) {
		*best = c;
		*best_burden = b;
	}
}

uint32_t carer_find(struct model *m, struct wijk *w, uint32_t n, int role, int day)
{
	uint32_t r = w->n_resident[n], best = NONE, nc = w->role_n_carers[role];
	double best_burden = 0.0;

	if (nc == 0)
		return NONE;
	if (m->p->roles[role].reach_network) {
		uint32_t first, last;
		ties_household(w, r, &first, &last);
		for (uint32_t x = first; x <= last; x++)
			if (x != r)
				consider(m, w, carer_of(w, role, x), day, &best, &best_burden);
		for (uint32_t i = w->tie_start[r]; i < w->tie_start[r + 1]; i++)
			consider(m, w, carer_of(w, role, w->tie_to[i]), day, &best, &best_burden);
		return best;
	}
	/* Wijk-wide: the less burdened of the first two members drawn (not the
	 * resident themselves), as a volunteer centre would match. */
	uint32_t u[4], tried = 0;
	needs_draw(m, w, n, RNG_CARER_MATCH, u);
	for (int i = 0; i < 4 && tried < 2; i++) {
		uint32_t c = w->role_carers[role][(uint32_t)(rng_u01(u[i]) * (double)nc)];
		if (w->c_resident[c] == r)
			continue;
		consider(m, w, c, day, &best, &best_burden);
		tried++;
	}
	return best;
}

int carer_give(struct model *m, struct wijk *w, uint32_t c, double hours, int day)
{
	const struct role_params *rp = &m->p->roles[w->c_role[c]];
	if (!(rp->hours_per_week_per_member > 0.0))
		return 0;
	double b = carer_burden(m, w, c, day) +
	           burden_weight(m->p) * 7.0 * hours / rp->hours_per_week_per_member;
	w->c_burden[c] = (float)b;
	w->c_day[c] = day;
	if (w->c_burden[c] > rp->overload_utilisation && !w->c_over[c])
		return over_push(w, c);
	return 0;
}

/* Carers whose burden has fallen to their role's threshold or below leave
 * the overloaded list; the others stay, in list order (demand.c walks them
 * for their own needs). */
void carers_overload_update(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	uint32_t i = 0;

	while (i < w->over_len) {
		uint32_t c = w->over_list[i];
		const struct role_params *rp = &p->roles[w->c_role[c]];
		if (!(carer_burden(m, w, c, day) > rp->overload_utilisation)) {
			w->c_over[c] = 0;
			w->over_list[i] = w->over_list[--w->over_len];
			continue;
		}
		i++;
	}
	w->carers_overloaded = (double)w->over_len;
}
