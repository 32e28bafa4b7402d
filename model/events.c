/*
 * events.c — the day's event dispatcher: what the calendar says happens to
 * residents and needs today (ODD.md §3, step "Calendar").
 *
 * Events of a day come out in the order they were scheduled (calendar.h);
 * three kinds:
 *   arrival (id = resident)  the resident's new needs of today (demand.c);
 *   change  (id = need)      the need's pre-drawn competing risk fires:
 *                            worsen (possibly to crisis), resolve by itself,
 *                            or signal through a channel (signal.c);
 *   ready   (id = need)      a referral delay or follow-up interval ended: a
 *                            need in transit is routed at its receiving role,
 *                            a need in care joins its role's follow-up queue.
 * An event whose need closed, or whose generation no longer matches (the
 * need moved since it was drawn), is stale and skipped. No event schedules
 * another for the same day (every delay is at least one day).
 *
 * This file sits above lifecycle.c, route.c and signal.c and is called only
 * by world.c: lifecycle.c itself calls nothing that calls it back.
 */
#include "internal.h"

static int fire_change(struct model *m, struct wijk *w, uint32_t n, int day)
{
	switch (w->n_change[n]) {
	case CHANGE_WORSEN:
		return need_worsen(m, w, n, day);
	case CHANGE_RESOLVE:
		w->flow[m->acc.resolved_self] += 1.0;
		return need_enter(m, w, n, (struct need_move){.to = NEED_CLOSED,
		                  .outcome = OUTCOME_RESOLVED}, day);
	default:
		return signal_need(m, w, n, w->n_change[n] - CHANGE_SIGNAL, -1, day);
	}
}

static int fire_ready(struct model *m, struct wijk *w, uint32_t n, int day)
{
	int role = w->n_role[n];

	if (w->n_state[n] == NEED_TRANSIT)
		return route_need(m, w, n, role, day);
	if (w->n_state[n] == NEED_IN_CARE)
		return need_enter(m, w, n, (struct need_move){.to = NEED_FOLLOWUP, .role = role},
		                  day);
	return 0;
}

int events_day(struct model *m, struct wijk *w, int day)
{
	struct event ev;

	if (calendar_begin_day(&w->cal, day))
		return -1;
	while (calendar_next(&w->cal, &ev)) {
		int rc = 0;
		switch (ev.kind) {
		case EVENT_ARRIVAL:
			rc = demand_arrival(m, w, ev.id, day);
			break;
		case EVENT_CHANGE:
			if (w->n_state[ev.id] != NEED_CLOSED && w->n_gen_change[ev.id] == ev.gen)
				rc = fire_change(m, w, ev.id, day);
			break;
		case EVENT_READY:
			if (w->n_state[ev.id] != NEED_CLOSED && w->n_gen_ready[ev.id] == ev.gen)
				rc = fire_ready(m, w, ev.id, day);
			break;
		default:
			break;
		}
		if (rc)
			return -1;
	}
	return 0;
}
