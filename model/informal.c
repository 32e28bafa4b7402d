/*
 * informal.c — ties between residents, and the informal carers.
 *
 * Ties (ODD.md "Submodels: informal ties"). Residents live in households of
 * consecutive ids (world.c). Besides their household, residents who are not
 * socially isolated (world.socially_isolated_share) take part in a
 * small-world graph inside the wijk (Watts & Strogatz 1998): on a ring in
 * household order, each connected resident owns m ties to the next connected
 * residents past its own household (its neighbours), where m is floor(d/2)
 * or floor(d/2) + 1 with the odds that make the mean degree
 * d = world.informal_ties_mean_degree; each owned tie is rewired with
 * probability world.informal_ties_rewiring to a connected resident anywhere
 * in the wijk outside the household (a friend). Ties are undirected;
 * duplicates are merged. Household members plus ties are a resident's
 * informal contacts: they notice needs (the informal channel's hazard is per
 * contact, needs.c) and give informal support.
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
 * 1 - exp(-overload_need_per_day), unless one is already open.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

/* ---- ties ---- */

static void household_bounds(const struct wijk *w, uint32_t r, uint32_t *first,
                             uint32_t *last)
{
	uint32_t s = r;
	while (!(w->flags[s] & RES_HOUSEHOLD_HEAD))
		s--;
	*first = s;
	*last = s + household_size(w->flags[s]) - 1;
}

static bool connected(const struct wijk *w, uint32_t r)
{
	return !(w->flags[r] & RES_ISOLATED);
}

/* A friend for resident r: a connected resident outside r's household,
 * drawn from up to three words; NONE when all three miss. */
static uint32_t rewire_target(const struct wijk *w, const uint32_t u[4], uint32_t first,
                              uint32_t last)
{
	for (int i = 1; i < 4; i++) {
		uint32_t t = (uint32_t)(rng_u01(u[i]) * (double)w->n_res);
		if (connected(w, t) && (t < first || t > last))
			return t;
	}
	return NONE;
}

static void sort_small(uint32_t *a, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		uint32_t v = a[i], j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Edges owned by each resident, then compressed rows, then duplicates out. */
static int ties_build(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	uint32_t n = w->n_res;
	double half = p->informal_ties_mean_degree / 2.0;
	uint32_t base = (uint32_t)floor(half);
	double frac = half - (double)base;
	uint8_t *own = malloc(n);
	uint32_t *src = NULL, *dst = NULL, *cur = NULL;
	size_t edges = 0, e = 0;
	int rc = -1;

	w->tie_start = calloc((size_t)n + 1, sizeof *w->tie_start);
	if (!own || !w->tie_start)
		goto out;
	for (uint32_t r = 0; r < n; r++) {
		uint32_t u[4];
		own[r] = 0;
		if (!connected(w, r))
			continue;
		rng_words(&m->rng, w->first_resident + r, 0, RNG_TIES_INIT, 0, u);
		own[r] = (uint8_t)(base + (rng_u01(u[0]) < frac ? 1u : 0u));
		edges += own[r];
	}
	src = malloc((edges + 1) * sizeof *src);
	dst = malloc((edges + 1) * sizeof *dst);
	cur = malloc(((size_t)n + 1) * sizeof *cur);
	if (!src || !dst || !cur)
		goto out;
	for (uint32_t r = 0; r < n; r++) {
		uint32_t first, last, pos, steps = 0;
		if (!own[r])
			continue;
		household_bounds(w, r, &first, &last);
		pos = (last + 1) % n;
		for (uint32_t j = 0; j < own[r]; j++) {
			uint32_t u[4], target;
			while (steps < n && (!connected(w, pos) || (pos >= first && pos <= last))) {
				pos = (pos + 1) % n;
				steps++;
			}
			if (steps >= n)
				break;   /* nobody connected outside the household */
			target = pos;
			pos = (pos + 1) % n;
			steps++;
			rng_words(&m->rng, w->first_resident + r, 1 + j, RNG_TIES_INIT, 0, u);
			if (rng_u01(u[0]) < p->informal_ties_rewiring) {
				uint32_t t = rewire_target(w, u, first, last);
				if (t != NONE)
					target = t;
			}
			src[e] = r;
			dst[e] = target;
			e++;
		}
	}
	/* Compressed rows, both directions. */
	for (size_t i = 0; i < e; i++) {
		w->tie_start[src[i] + 1]++;
		w->tie_start[dst[i] + 1]++;
	}
	for (uint32_t r = 0; r < n; r++)
		w->tie_start[r + 1] += w->tie_start[r];
	w->tie_to = malloc(((size_t)w->tie_start[n] + 1) * sizeof *w->tie_to);
	if (!w->tie_to)
		goto out;
	for (uint32_t r = 0; r <= n; r++)
		cur[r] = w->tie_start[r];
	for (size_t i = 0; i < e; i++) {
		w->tie_to[cur[src[i]]++] = dst[i];
		w->tie_to[cur[dst[i]]++] = src[i];
	}
	/* Sort each row and merge duplicates, compacting in place. */
	uint32_t out_at = 0;
	for (uint32_t r = 0; r < n; r++) {
		uint32_t s = w->tie_start[r], end = w->tie_start[r + 1];
		sort_small(w->tie_to + s, end - s);
		w->tie_start[r] = out_at;
		for (uint32_t i = s; i < end; i++)
			if (i == s || w->tie_to[i] != w->tie_to[i - 1])
				w->tie_to[out_at++] = w->tie_to[i];
	}
	w->tie_start[n] = out_at;
	for (uint32_t r = 0; r < n; r++)
		if (household_size(w->flags[r]) > 1 || w->tie_start[r + 1] > w->tie_start[r])
			w->flags[r] |= RES_INFORMAL_SUPPORT;
	rc = 0;
out:
	free(own);
	free(src);
	free(dst);
	free(cur);
	return rc;
}

uint32_t informal_contacts(const struct wijk *w, uint32_t r)
{
	return household_size(w->flags[r]) - 1 + (w->tie_start[r + 1] - w->tie_start[r]);
}

/* ---- carers ---- */

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

static int carers_build(struct model *m, struct wijk *w)
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
		w->role_carers[k] = malloc(((size_t)w->role_n_carers[k] + 1) * sizeof **w->role_carers);
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
			double other = rp->other_care_hours_per_week > 0.0
			               ? rng_exponential(u[1], 1.0 / rp->other_care_hours_per_week) : 0.0;
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
	return 0;
}

int informal_init(struct model *m, struct wijk *w)
{
	if (ties_build(m, w) || carers_build(m, w))
		return -1;
	w->carers_overloaded = (double)w->over_len;
	return 0;
}

void informal_free(const struct model_params *p, struct wijk *w)
{
	free(w->tie_start);
	free(w->tie_to);
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

size_t informal_bytes(const struct model_params *p, const struct wijk *w)
{
	size_t b = ((size_t)w->n_res + 1) * 4 + (size_t)w->tie_start[w->n_res] * 4;
	b += (size_t)w->n_carers * (4 + 2 + 1 + 4 + 4 + 4 + 4);
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
		household_bounds(w, r, &first, &last);
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

static bool has_open_need(const struct wijk *w, uint32_t r, int type)
{
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n])
		if (w->n_type[n] == type)
			return true;
	return false;
}

int carers_day(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	uint32_t i = 0, overloaded = 0;

	while (i < w->over_len) {
		uint32_t c = w->over_list[i], r = w->c_resident[c];
		const struct role_params *rp = &p->roles[w->c_role[c]];
		if (!(carer_burden(m, w, c, day) > rp->overload_utilisation)) {
			w->c_over[c] = 0;
			w->over_list[i] = w->over_list[--w->over_len];
			continue;
		}
		overloaded++;
		i++;
		if (rp->overload_need_type < 0 || !(rp->overload_need_per_day > 0.0))
			continue;
		uint32_t u[4], n;
		rng_words(&m->rng, w->first_resident + r, (uint32_t)day, RNG_CARER, w->c_role[c], u);
		if (rng_u01(u[0]) >= -expm1(-rp->overload_need_per_day) ||
		    has_open_need(w, r, rp->overload_need_type))
			continue;
		const struct need_type_params *nt = &p->need_types[rp->overload_need_type];
		if (needs_new(m, w, r, rp->overload_need_type, needs_start_severity(nt, u[1]), day,
		              NEED_ORDINAL_OTHER + w->other_needs++, &n))
			return -1;
	}
	w->carers_overloaded = (double)overloaded;
	return 0;
}
