/*
 * mdo.c — the multidisciplinary meeting (MDO): when one is asked for, and
 * holding it (ODD.md §7.8).
 *
 * Trigger: when one of a resident's needs is signalled, an MDO is requested
 * if MDOs are enabled, the resident had none in the last mdo_cooldown_days,
 * and either the household is multi-problem (with mdo_multiproblem) or the
 * resident has at least mdo_min_open_needs open needs on at least
 * mdo_min_dimensions Positive Health dimensions.
 * Holding: requests wait in request order until a day on which every
 * participant role still has mdo_hours_per_participant hours left; a
 * request whose resident has no open needs left is dropped. A held MDO
 * spends those hours, marks all the resident's open needs coordinated
 * (routed without loss or delay, route.c) and hands back the latent ones,
 * which the caller signals through the MDO channel (signal.c): this module
 * signals nothing itself, so it calls no module above it.
 *
 * Invariants: the pending list holds residents in request order; the day's
 * walk (mdo_day_begin, then mdo_hold_next until it returns 0) keeps the
 * requests that could not be held, in order, and takes in requests made
 * while it runs (they are appended and reached in the same walk).
 * Ownership: mdo_alloc allocates the pending list; mdo_free releases it.
 */
#include "internal.h"

#include <stdlib.h>

int mdo_alloc(struct wijk *w)
{
	w->mdo_pending_cap = 64;
	w->mdo_pending_len = 0;
	w->mdo_pending = malloc(w->mdo_pending_cap * sizeof *w->mdo_pending);
	return w->mdo_pending ? 0 : -1;
}

void mdo_free(struct wijk *w)
{
	free(w->mdo_pending);
	w->mdo_pending = NULL;
}

static bool mdo_triggered(const struct model *m, const struct wijk *w, uint32_t r, int day)
{
	const struct model_params *p = m->p;
	int open = 0;
	unsigned dims = 0;

	if (!p->mdo_enabled || day - w->last_mdo_day[r] < p->mdo_cooldown_days)
		return false;
	if (p->mdo_multiproblem && (w->flags[r] & RES_MULTIPROBLEM))
		return true;
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
		open++;
		dims |= 1u << p->need_types[w->n_type[n]].dimension;
	}
	return open >= p->mdo_min_open_needs &&
	       __builtin_popcount(dims) >= p->mdo_min_dimensions;
}

int mdo_consider(struct model *m, struct wijk *w, uint32_t r, int day)
{
	if (!mdo_triggered(m, w, r, day))
		return 0;
	w->last_mdo_day[r] = day;
	return push_u32(&w->mdo_pending, &w->mdo_pending_len, &w->mdo_pending_cap, r);
}

static bool mdo_hours_available(const struct model *m, const struct wijk *w)
{
	const struct model_params *p = m->p;
	for (int k = 0; k < p->n_roles; k++)
		if (p->mdo_participants[k] && !hours_fit(w, k, p->mdo_hours_per_participant))
			return false;
	return true;
}

void mdo_day_begin(struct wijk *w)
{
	w->mdo_cursor = 0;
	w->mdo_kept = 0;
}

int mdo_hold_next(struct model *m, struct wijk *w, int day, uint32_t *latent,
                  int *n_latent)
{
	const struct model_params *p = m->p;

	while (w->mdo_cursor < w->mdo_pending_len) {
		uint32_t r = w->mdo_pending[w->mdo_cursor++];
		if (w->first_need[r] == NONE)
			continue;   /* nothing left to discuss */
		if (!mdo_hours_available(m, w)) {
			w->mdo_pending[w->mdo_kept++] = r;
			continue;
		}
		for (int k = 0; k < p->n_roles; k++)
			if (p->mdo_participants[k])
				hours_use(m, w, k, p->mdo_hours_per_participant);
		w->flow[m->acc.mdo_held] += 1.0;
		w->last_mdo_day[r] = day;
		*n_latent = 0;
		for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
			w->n_coordinated[n] = 1;
			if (w->n_state[n] == NEED_LATENT && *n_latent < MDO_MAX_SIGNALLED)
				latent[(*n_latent)++] = n;
		}
		return 1;
	}
	w->mdo_pending_len = w->mdo_kept;
	return 0;
}
