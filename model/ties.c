/*
 * ties.c — informal ties between residents: who may notice a need or help.
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
 *
 * Ownership: ties_build allocates the compressed rows; ties_free releases
 * them. The graph is fixed after initialisation.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

void ties_household(const struct wijk *w, uint32_t r, uint32_t *first, uint32_t *last)
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
int ties_build(struct model *m, struct wijk *w)
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
		ties_household(w, r, &first, &last);
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

uint32_t ties_contacts(const struct wijk *w, uint32_t r)
{
	return household_size(w->flags[r]) - 1 + (w->tie_start[r + 1] - w->tie_start[r]);
}

void ties_free(struct wijk *w)
{
	free(w->tie_start);
	free(w->tie_to);
	w->tie_start = w->tie_to = NULL;
}

size_t ties_bytes(const struct wijk *w)
{
	return ((size_t)w->n_res + 1) * 4 + (size_t)w->tie_start[w->n_res] * 4;
}
