/*
 * service.c — roles working their queues, and MDOs.
 *
 * Service (each day, roles in scenario order): a role has
 *   capacity = FTE x hours_per_week_per_fte x direct_share / 5 on weekdays
 *              (/ 7 every day when not weekdays_only), FTE = fte_per_1000 x
 *              residents / 1000;   informal roles: members x hours / 7.
 * It serves follow-ups first, then new arrivals, first come first served.
 * A contact costs hours_per_contact[severity] x contact_hours_multiplier;
 * a contact that does not fit in what is left of today waits for tomorrow,
 * so capacity is never exceeded; what was left is saved for it, so that a
 * role with fewer hours a day than one contact (part-time) still works. The first contact ends the wait (waiting
 * time = days from arrival at the role, or from the hand-over when a
 * referral brought it there: referral delay and indication included). A contact resolves the need with
 * resolve_probability[severity]; otherwise a follow-up is due after
 * followup_days. A need that worsened above the role's competence while
 * waiting is routed again from the role before any hours are spent. During a contact the professional may notice the resident's
 * other latent needs of the types the role notices (incidental signalling).
 *
 * MDO: requested when a signalled need's resident qualifies; held on the
 * first day every participant role has the hours; all the resident's needs
 * become coordinated (routed without loss or delay) and latent ones are
 * signalled through the MDO channel.
 *
 * Informal roles work the same way with the members' pooled hours; each
 * contact's hours also count towards the burden of the need's own carer
 * (informal.c).
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

/* ---- queues ---- */

static int queue_push(struct queue *q, uint32_t n, uint32_t gen)
{
	if (q->count == q->cap) {
		uint32_t cap = q->cap * 2;
		uint32_t *need = malloc(cap * sizeof *need);
		uint32_t *g = malloc(cap * sizeof *g);
		if (!need || !g) {
			free(need);
			free(g);
			return -1;
		}
		for (uint32_t i = 0; i < q->count; i++) {
			need[i] = q->need[(q->head + i) % q->cap];
			g[i] = q->gen[(q->head + i) % q->cap];
		}
		free(q->need);
		free(q->gen);
		q->need = need;
		q->gen = g;
		q->cap = cap;
		q->head = 0;
	}
	uint32_t tail = (q->head + q->count) % q->cap;
	q->need[tail] = n;
	q->gen[tail] = gen;
	q->count++;
	return 0;
}

static void queue_pop(struct queue *q)
{
	q->head = (q->head + 1) % q->cap;
	q->count--;
}

int service_enqueue(struct model *m, struct wijk *w, uint32_t n, int role, bool followup)
{
	struct queue *q = followup ? &w->q_followup[role] : &w->q_new[role];

	/* A need handed over by a referral has been waiting for this role since
	 * the hand-over (referral delay and indication included). */
	bool handed_over = w->n_state[n] == NEED_TRANSIT && w->n_role[n] == role;

	need_set_state(w, n, NEED_QUEUED);
	w->n_role[n] = (int16_t)role;
	w->n_queue_gen[n]++;
	if (!followup) {
		if (!handed_over)
			w->n_role_day[n] = w->day;
		w->n_first_done[n] = 0;
		w->flow[m->acc.arrivals + (size_t)role] += 1.0;
	}
	w->queued[role]++;
	return queue_push(q, n, w->n_queue_gen[n]);
}

void service_dequeue_stale(struct wijk *w, uint32_t n)
{
	/* The ring entry stays and is skipped later by its generation. */
	w->queued[w->n_role[n]]--;
	w->n_queue_gen[n]++;
}

static bool entry_live(const struct wijk *w, const struct queue *q, int role)
{
	uint32_t n = q->need[q->head];
	return w->n_state[n] == NEED_QUEUED && w->n_queue_gen[n] == q->gen[q->head] &&
	       w->n_role[n] == role;
}

/* Incidental signalling: the professional notices other latent needs. */
static int notice_others(struct model *m, struct wijk *w, uint32_t n, int role, int day)
{
	const struct model_params *p = m->p;
	const struct role_params *rp = &p->roles[role];
	/* At most 16 needs noticed per contact: a bound on a stack buffer, far
	 * above the open needs a resident has in practice. */
	uint32_t found[16];
	int n_found = 0;

	if (p->professional_channel < 0 || rp->notice_probability <= 0.0)
		return 0;
	for (uint32_t o = w->first_need[w->n_resident[n]]; o != NONE && n_found < 16;
	     o = w->n_next[o]) {
		uint32_t u[4];
		if (o == n || w->n_state[o] != NEED_LATENT || !rp->notices[w->n_type[o]])
			continue;
		needs_draw(m, w, o, RNG_NOTICE, u);
		if (rng_u01(u[0]) < rp->notice_probability)
			found[n_found++] = o;
	}
	/* Signal after the walk: routing can close needs and relink the list. */
	for (int i = 0; i < n_found; i++)
		if (w->n_state[found[i]] == NEED_LATENT &&
		    needs_signal(m, w, found[i], p->professional_channel, role, day))
			return -1;
	return 0;
}

static int contact(struct model *m, struct wijk *w, uint32_t n, int role, int day)
{
	const struct model_params *p = m->p;
	const struct role_params *rp = &p->roles[role];
	int sev = w->n_severity[n];
	uint32_t u[4];

	if (notice_others(m, w, n, role, day))
		return -1;
	needs_draw(m, w, n, RNG_SERVICE, u);
	if (rng_u01(u[0]) < rp->resolve_probability[sev - 1]) {
		w->flow[m->acc.resolved + (size_t)role] += 1.0;
		w->totals.resolved++;
		needs_close(m, w, n);
		return 0;
	}
	need_set_state(w, n, NEED_IN_CARE);
	w->n_gen_ready[n]++;
	int due = day + (int)fmax(1.0, floor(rp->followup_days + 0.5));
	if (due < p->days && calendar_push(&w->cal, due, EVENT_READY, n, w->n_gen_ready[n]))
		return -1;
	return needs_schedule_change(m, w, n, day);
}

static void use_hours(struct model *m, struct wijk *w, int role, double hours)
{
	const struct role_params *rp = &m->p->roles[role];
	w->used_today[role] += hours;
	w->flow[m->acc.hours_used + (size_t)role] += hours;
	if (rp->formal)
		w->flow[m->acc.cost_formal] += hours * rp->cost_per_hour;
}

/* Count the resident among the role's clients and the people helped on
 * the need's dimension, once each over the run. */
static void note_client(const struct model *m, struct wijk *w, uint32_t n, int role)
{
	uint32_t r = w->n_resident[n];
	uint64_t role_bit = (uint64_t)1 << role;
	int dim = m->p->need_types[w->n_type[n]].dimension;
	uint8_t dim_bit = (uint8_t)(1u << dim);

	if (!(w->roles_seen[r] & role_bit)) {
		w->roles_seen[r] |= role_bit;
		w->clients[role]++;
	}
	if (!(w->dims_seen[r] & dim_bit)) {
		w->dims_seen[r] |= dim_bit;
		w->helped[dim]++;
	}
}

/* Serve one queue; returns 1 when today's capacity ran out, -1 on error. */
static int serve_queue(struct model *m, struct wijk *w, struct queue *q, int role, int day)
{
	const struct model_params *p = m->p;
	const struct role_params *rp = &p->roles[role];

	while (q->count > 0) {
		if (!entry_live(w, q, role)) {
			queue_pop(q);
			continue;
		}
		uint32_t n = q->need[q->head];
		const struct need_type_params *nt = &p->need_types[w->n_type[n]];
		if (w->n_severity[n] > rp->max_severity[w->n_type[n]]) {
			/* It worsened beyond this role while waiting: route it on
			 * before anyone spends hours on it. */
			queue_pop(q);
			w->queued[role]--;
			need_set_state(w, n, NEED_IN_CARE);
			if (route_need(m, w, n, role, day))
				return -1;
			continue;
		}
		double hours = nt->hours_per_contact[w->n_severity[n] - 1] *
		               rp->contact_hours_multiplier;
		if (w->used_today[role] + hours > w->capacity_today[role])
			return 1;
		queue_pop(q);
		w->queued[role]--;
		need_set_state(w, n, NEED_IN_CARE);   /* out of the queue, being seen */
		use_hours(m, w, role, hours);
		if (!rp->formal && w->n_carer[n] != NONE &&
		    carer_give(m, w, w->n_carer[n], hours, day))
			return -1;
		w->flow[m->acc.contacts + (size_t)role] += 1.0;
		note_client(m, w, n, role);
		if (!w->n_first_done[n]) {
			w->n_first_done[n] = 1;
			w->flow[m->acc.wait_sum + (size_t)role] += (double)(day - w->n_role_day[n]);
			w->flow[m->acc.first_contacts + (size_t)role] += 1.0;
		}
		if (contact(m, w, n, role, day))
			return -1;
	}
	return 0;
}

int service_day(struct model *m, struct wijk *w, int day)
{
	for (int k = 0; k < m->p->n_roles; k++) {
		if (w->capacity_today[k] <= 0.0)
			continue;
		int rc = serve_queue(m, w, &w->q_followup[k], k, day);
		if (rc == 0)
			rc = serve_queue(m, w, &w->q_new[k], k, day);
		if (rc < 0)
			return -1;
		/* Blocked by a contact longer than what is left: keep what is left
		 * (less than that one contact) for the next working day. */
		if (rc == 1)
			w->carry[k] = w->capacity_today[k] - w->used_today[k];
	}
	return 0;
}

/* ---- MDO ---- */

int mdo_request(struct model *m, struct wijk *w, uint32_t r, int day)
{
	(void)m;
	w->last_mdo_day[r] = day;
	return push_u32(&w->mdo_pending, &w->mdo_pending_len, &w->mdo_pending_cap, r);
}

static bool mdo_hours_available(const struct model *m, const struct wijk *w)
{
	const struct model_params *p = m->p;
	for (int k = 0; k < p->n_roles; k++)
		if (p->mdo_participants[k] &&
		    w->used_today[k] + p->mdo_hours_per_participant > w->capacity_today[k])
			return false;
	return true;
}

static int mdo_hold(struct model *m, struct wijk *w, uint32_t r, int day)
{
	const struct model_params *p = m->p;
	/* At most 32 latent needs signalled per MDO (a stack buffer; residents
	 * have a handful at most); the rest stay latent and coordinated. */
	uint32_t latent[32];
	int n_latent = 0;

	for (int k = 0; k < p->n_roles; k++)
		if (p->mdo_participants[k])
			use_hours(m, w, k, p->mdo_hours_per_participant);
	w->flow[m->acc.mdo_held] += 1.0;
	w->last_mdo_day[r] = day;
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
		w->n_coordinated[n] = 1;
		if (w->n_state[n] == NEED_LATENT && n_latent < 32)
			latent[n_latent++] = n;
	}
	for (int i = 0; i < n_latent; i++)
		if (w->n_state[latent[i]] == NEED_LATENT &&
		    needs_signal(m, w, latent[i], p->mdo_channel, -1, day))
			return -1;
	return 0;
}

int mdo_hold_pending(struct model *m, struct wijk *w, int day)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < w->mdo_pending_len; i++) {
		uint32_t r = w->mdo_pending[i];
		if (w->first_need[r] == NONE)
			continue;   /* nothing left to discuss */
		if (!mdo_hours_available(m, w)) {
			w->mdo_pending[kept++] = r;
			continue;
		}
		if (mdo_hold(m, w, r, day))
			return -1;
	}
	w->mdo_pending_len = kept;
	return 0;
}
