/*
 * mdo.c — the multidisciplinary meeting (MDO) and the plan it makes: when
 * one is asked for, holding it, and who is in the plan (ODD.md §7.8).
 *
 * Unit (mdo.unit): the resident, or the resident's household. The trigger
 * counts the unit's open needs, and the plan covers them.
 * Trigger: when one of a resident's needs is signalled and MDOs are
 * enabled,
 *   - if the unit is in a plan (one of its open needs is NEED_IN_PLAN), the
 *     signalled need joins the plan: no new MDO;
 *   - else if an MDO is already requested for the unit (a need is
 *     NEED_PLAN_REQUESTED), nothing;
 *   - else an MDO is requested when the unit has at least
 *     mdo_min_open_needs open needs on at least mdo_min_dimensions Positive
 *     Health dimensions, or (with mdo_multiproblem) the household is
 *     multi-problem; and, with mdo_cooldown_days > 0, the unit's last MDO
 *     was at least that long ago.
 * So the number of MDOs follows from the trigger and from how long plans
 * last: a plan ends when no need of the unit is in it any more (they
 * closed), and only then can the unit qualify again.
 * Holding: requests wait in request order until a day on which every
 * participant role still has mdo_hours_per_participant hours left; a
 * request whose unit has no open needs left is dropped. A held MDO spends
 * those hours, takes all the unit's open needs into the plan (those on a
 * waiting list move to the plan queue with mdo.plan_priority; routed without
 * loss or delay, route.c; shared visits and priority, service.c) and hands
 * back the latent ones, which the caller signals through the MDO channel
 * (signal.c) at the channel's role, the plan's coordinator: this module
 * signals nothing itself, so it calls no module above it.
 *
 * Invariants: the pending list holds unit keys (the resident, or the
 * household's first member) in request order; the day's walk
 * (mdo_day_begin, then mdo_hold_next until it returns 0) keeps the requests
 * that could not be held, in order, and takes in requests made while it
 * runs (they are appended and reached in the same walk).
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

/* The residents [first, last] of resident r's unit. */
static void unit_of(const struct model_params *p, const struct wijk *w, uint32_t r,
                    uint32_t *first, uint32_t *last)
{
	if (p->mdo_unit == MDO_UNIT_HOUSEHOLD) {
		ties_household(w, r, first, last);
	} else {
		*first = r;
		*last = r;
	}
}

/* The unit's plan state: NEED_IN_PLAN if any open need is in a plan, else
 * NEED_PLAN_REQUESTED if any waits for an MDO, else NEED_NO_PLAN; with the
 * open needs and the dimensions they span. */
static int unit_state(const struct model_params *p, const struct wijk *w, uint32_t first,
                      uint32_t last, int *open, unsigned *dims)
{
	int state = NEED_NO_PLAN;
	*open = 0;
	*dims = 0;
	for (uint32_t s = first; s <= last; s++)
		for (uint32_t n = w->first_need[s]; n != NONE; n = w->n_next[n]) {
			(*open)++;
			*dims |= 1u << p->need_types[w->n_type[n]].dimension;
			if (w->n_coordinated[n] == NEED_IN_PLAN)
				state = NEED_IN_PLAN;
			else if (w->n_coordinated[n] == NEED_PLAN_REQUESTED &&
			         state == NEED_NO_PLAN)
				state = NEED_PLAN_REQUESTED;
		}
	return state;
}

static void unit_mark(struct wijk *w, uint32_t first, uint32_t last, uint8_t mark)
{
	for (uint32_t s = first; s <= last; s++)
		for (uint32_t n = w->first_need[s]; n != NONE; n = w->n_next[n])
			w->n_coordinated[n] = mark;
}

int mdo_consider(struct model *m, struct wijk *w, uint32_t n, int day)
{
	const struct model_params *p = m->p;
	uint32_t r = w->n_resident[n], first, last;
	int open;
	unsigned dims;

	if (!p->mdo_enabled)
		return 0;
	unit_of(p, w, r, &first, &last);
	switch (unit_state(p, w, first, last, &open, &dims)) {
	case NEED_IN_PLAN:
		w->n_coordinated[n] = NEED_IN_PLAN;   /* the plan takes it in */
		return 0;
	case NEED_PLAN_REQUESTED:
		w->n_coordinated[n] = NEED_PLAN_REQUESTED;
		return 0;
	default:
		break;
	}
	if (p->mdo_cooldown_days > 0.0 && day - w->last_mdo_day[first] < p->mdo_cooldown_days)
		return 0;
	bool multiproblem = p->mdo_multiproblem && (w->flags[r] & RES_MULTIPROBLEM);
	if (!multiproblem &&
	    !(open >= p->mdo_min_open_needs && __builtin_popcount(dims) >= p->mdo_min_dimensions))
		return 0;
	unit_mark(w, first, last, NEED_PLAN_REQUESTED);
	return push_u32(&w->mdo_pending, &w->mdo_pending_len, &w->mdo_pending_cap, first);
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
		uint32_t key = w->mdo_pending[w->mdo_cursor++], first, last;
		int open;
		unsigned dims;
		unit_of(p, w, key, &first, &last);
		if (unit_state(p, w, first, last, &open, &dims) != NEED_PLAN_REQUESTED)
			continue;   /* nothing left to discuss */
		if (!mdo_hours_available(m, w)) {
			w->mdo_pending[w->mdo_kept++] = key;
			continue;
		}
		for (int k = 0; k < p->n_roles; k++)
			if (p->mdo_participants[k])
				hours_use(m, w, k, p->mdo_hours_per_participant);
		w->flow[m->acc.mdo_held] += 1.0;
		w->last_mdo_day[first] = day;
		unit_mark(w, first, last, NEED_IN_PLAN);
		*n_latent = 0;
		for (uint32_t s = first; s <= last; s++)
			for (uint32_t n = w->first_need[s]; n != NONE; n = w->n_next[n]) {
				if (need_plan_requeue(m, w, n))
					return -1;
				if (w->n_state[n] == NEED_LATENT && *n_latent < MDO_MAX_SIGNALLED)
					latent[(*n_latent)++] = n;
			}
		return 1;
	}
	w->mdo_pending_len = w->mdo_kept;
	return 0;
}
