/*
 * lifecycle.c — the need state machine: the one place where a need moves
 * between states (ODD.md §3 "Need state machine").
 *
 *            arises
 *              v          fails                    delay ends
 *   +-----> LATENT <------------- (route) ---> TRANSIT ----> (route at the
 *   |          | signal              |  treat                receiving role)
 *   |          +------> (route) -----+--------> WAITING  (waiting list)
 *   |                                              | first contact
 *   |                    FOLLOWUP ---contact---> SEEN ---not resolved--> IN_CARE
 *   |               (follow-up queue)   ^   (a contact or a re-route,   |
 *   |                                   |    no time passes)            |
 *   |                                   +--------- follow-up due -------+
 *   +-- referral from SEEN fails
 *
 *   any open state --> CLOSED (resolved at a role, resolved by itself,
 *                              escalated to second-line care, dropped)
 *
 * need_enter is the only function that writes n_state. On every move it
 *   1. leaves the old state: a need leaving WAITING or FOLLOWUP leaves its
 *      role's queue (its entry goes stale: queue generation bumped); the
 *      per-role stocks (waiting list, caseload) move here and in step 3;
 *   2. moves the run totals (latent / in care / closed by outcome);
 *   3. enters the new state: joins a queue (a plan need with
 *      mdo.plan_priority the role's plan queue, served before the list), schedules its ready event
 *      (TRANSIT: end of the referral delay; IN_CARE: follow-up due), or
 *      releases the slot (CLOSED);
 *   4. redraws the need's next change from its new hazards, exactly once
 *      (not for SEEN, which lasts no simulated time, nor CLOSED).
 * A change of severity without a change of state (need_worsen) also redraws.
 *
 * Invariants (model_check_wijk):
 *   arisen = latent + in care + resolved + escalated + dropped;
 *   queued[k] = needs in WAITING or FOLLOWUP at role k;
 *   waiting[k] = needs in WAITING at role k or in TRANSIT to it;
 *   caseload[k] = needs in IN_CARE or FOLLOWUP at role k;
 *   a need has at most one live change event and one live ready event.
 * Calendar order matters for bit-identical results: the ready event is
 * scheduled before the change event, always in this order.
 */
#include "internal.h"

static bool in_queue(uint8_t state)
{
	return state == NEED_WAITING || state == NEED_FOLLOWUP;
}

/* The per-role stocks (metrics.c): waiting[k] counts needs on role k's
 * waiting list, WAITING there or in TRANSIT to it (their wait, wait_days,
 * runs from the hand-over); caseload[k] counts needs in care at k between
 * contacts, IN_CARE or FOLLOWUP. */
static void count_stocks(struct wijk *w, uint32_t n, bool add)
{
	uint8_t s = w->n_state[n];
	uint32_t *c = NULL;

	if (s == NEED_WAITING || s == NEED_TRANSIT)
		c = &w->waiting[w->n_role[n]];
	else if (s == NEED_IN_CARE || s == NEED_FOLLOWUP)
		c = &w->caseload[w->n_role[n]];
	if (c && add)
		(*c)++;
	else if (c)
		(*c)--;
}

static void leave(struct wijk *w, uint32_t n)
{
	count_stocks(w, n, false);
	if (in_queue(w->n_state[n])) {
		w->queued[w->n_role[n]]--;
		w->n_queue_gen[n]++;
	}
	if (w->n_state[n] == NEED_LATENT)
		w->totals.latent--;
	else
		w->totals.in_care--;
}

/* The one place a need closes: its Positive Health penalty becomes a
 * remnant that wears off (health.c). */
static void close_need(const struct model *m, struct wijk *w, uint32_t n,
                       enum need_outcome outcome, int day)
{
	health_need_closed(m, w, n, day);
	switch (outcome) {
	case OUTCOME_RESOLVED: w->totals.resolved++; break;
	case OUTCOME_ESCALATED: w->totals.escalated++; break;
	case OUTCOME_DROPPED: w->totals.dropped++; break;
	}
	w->n_state[n] = NEED_CLOSED;
	w->n_gen_change[n]++;
	w->n_gen_ready[n]++;
	w->n_queue_gen[n]++;
	needs_release(w, n);
}

static int schedule_ready(struct model *m, struct wijk *w, uint32_t n, int32_t ready_day)
{
	w->n_gen_ready[n]++;
	if (ready_day < model_days(m->p) &&
	    calendar_push(&w->cal, ready_day, EVENT_READY, n, w->n_gen_ready[n]))
		return -1;
	return 0;
}

static int join_queue(const struct model_params *p, struct wijk *w, uint32_t n, int role,
                      bool followup)
{
	struct queue *q = followup ? &w->q_followup[role]
	                  : p->mdo_plan_priority && w->n_coordinated[n] == NEED_IN_PLAN
	                  ? &w->q_plan[role] : &w->q_new[role];

	w->n_queue_gen[n]++;
	w->queued[role]++;
	return queue_push(q, n, w->n_queue_gen[n]);
}

int need_enter(struct model *m, struct wijk *w, uint32_t n, struct need_move mv, int day)
{
	enum need_state from = (enum need_state)w->n_state[n];
	int from_role = w->n_role[n];
	int rc = 0;

	leave(w, n);
	if (mv.to == NEED_CLOSED) {
		close_need(m, w, n, mv.outcome, day);
		return 0;
	}
	if (mv.to == NEED_LATENT)
		w->totals.latent++;
	else
		w->totals.in_care++;
	w->n_state[n] = (uint8_t)mv.to;
	switch (mv.to) {
	case NEED_LATENT:
		w->n_role[n] = -1;
		break;
	case NEED_TRANSIT:
		w->n_role[n] = (int16_t)mv.role;
		w->n_role_day[n] = day;   /* the wait for the role starts at the hand-over */
		rc = schedule_ready(m, w, n, mv.ready_day);
		break;
	case NEED_WAITING:
		/* A need handed over by a referral has been waiting for this role
		 * since the hand-over (referral delay and indication included). */
		w->n_role[n] = (int16_t)mv.role;
		if (!(from == NEED_TRANSIT && from_role == mv.role))
			w->n_role_day[n] = day;
		w->n_first_done[n] = 0;
		w->flow[m->acc.arrivals + (size_t)mv.role] += 1.0;
		rc = join_queue(m->p, w, n, mv.role, false);
		break;
	case NEED_FOLLOWUP:
		w->n_role[n] = (int16_t)mv.role;
		rc = join_queue(m->p, w, n, mv.role, true);
		break;
	case NEED_SEEN:
		return 0;   /* lasts no simulated time: nothing to redraw */
	case NEED_IN_CARE:
		rc = schedule_ready(m, w, n, mv.ready_day);
		break;
	case NEED_CLOSED:
		break;
	}
	count_stocks(w, n, true);
	if (rc)
		return -1;
	return needs_schedule_change(m, w, n, day);
}

/* A need that was on a waiting list when its MDO put it in a plan moves to
 * the role's plan queue (mdo.plan_priority), keeping its wait so far. */
int need_plan_requeue(const struct model *m, struct wijk *w, uint32_t n)
{
	if (!m->p->mdo_plan_priority || w->n_state[n] != NEED_WAITING)
		return 0;
	w->n_queue_gen[n]++;
	return queue_push(&w->q_plan[w->n_role[n]], n, w->n_queue_gen[n]);
}

int need_create(struct model *m, struct wijk *w, uint32_t r, int type, int severity,
                int day, uint32_t ordinal, uint32_t *out)
{
	if (needs_alloc(w, r, type, severity, day, ordinal, out))
		return -1;
	w->flow[m->acc.needs_new + (size_t)type] += 1.0;
	w->totals.arisen++;
	w->totals.latent++;
	return needs_schedule_change(m, w, *out, day);
}

int need_worsen(struct model *m, struct wijk *w, uint32_t n, int day)
{
	const struct need_type_params *nt = &m->p->need_types[w->n_type[n]];

	w->n_severity[n]++;
	if (w->n_severity[n] < nt->severity_levels)
		return needs_schedule_change(m, w, n, day);
	/* Crisis: second-line care takes over. */
	w->flow[m->acc.escalations + w->n_type[n]] += 1.0;
	w->flow[m->acc.cost_second_line] += nt->escalation_cost;
	return need_enter(m, w, n, (struct need_move){.to = NEED_CLOSED,
	                  .outcome = OUTCOME_ESCALATED}, day);
}
