/*
 * service.c — roles working their queues (ODD.md §7.5).
 *
 * Each day, roles in scenario order: a role serves its follow-up queue
 * first, then its plan queue (needs in an MDO plan, with
 * mdo.plan_priority), then its waiting list, first come first served, within today's
 * hours (hours.c). A contact costs hours_per_contact[severity] x
 * contact_hours_multiplier; a contact that does not fit in what is left of
 * today waits for tomorrow, so capacity is never exceeded, and what was
 * left is carried to the next working day. The first contact ends the wait
 * (waiting time = days from arrival at the role, or from the hand-over when
 * a referral brought it there: referral delay and indication included). A
 * contact resolves the need with resolve_probability[severity]; otherwise a
 * follow-up is due after followup_days. A need that worsened above the
 * role's competence while waiting is routed again from the role before any
 * hours are spent. During a contact the professional may notice the
 * resident's other latent needs of the types the role notices (incidental
 * signalling, signal.c), or pass on one outside them to a role it knows
 * (network.pass_on_per_tie). A contact for a need in an MDO plan also sees
 * the resident's other plan needs waiting at the role (a shared visit,
 * mdo.combined_contact_share). A contact makes the role, and the roles it
 * introduces, known to the resident (network.known_access_factor).
 *
 * Informal roles work the same way with the members' pooled hours; each
 * contact's hours also count towards the burden of the need's own carer
 * (carers.c).
 *
 * Invariant: a need taken from a queue is SEEN (lifecycle.c) for the
 * length of the contact, and leaves it for CLOSED, IN_CARE or a route.
 * Ownership: service_alloc allocates each role's two queues and the
 * per-role counters; service_free releases them.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

int service_alloc(struct model *m, struct wijk *w)
{
	size_t K = (size_t)m->p->n_roles;

	w->q_new = calloc(K, sizeof *w->q_new);
	w->q_followup = calloc(K, sizeof *w->q_followup);
	w->q_plan = calloc(K, sizeof *w->q_plan);
	w->queued = calloc(K, sizeof *w->queued);
	w->waiting = calloc(K, sizeof *w->waiting);
	w->caseload = calloc(K, sizeof *w->caseload);
	w->clients = calloc(K, sizeof *w->clients);
	w->first_today = calloc(K, sizeof *w->first_today);
	w->first_rate = calloc(K, sizeof *w->first_rate);
	if (!w->q_new || !w->q_followup || !w->q_plan || !w->queued || !w->waiting ||
	    !w->caseload ||
	    !w->clients || !w->first_today || !w->first_rate)
		return -1;
	/* Why 64 and 16: a first guess; the rings grow as needed. */
	for (size_t k = 0; k < K; k++)
		if (queue_init(&w->q_new[k], 64) || queue_init(&w->q_followup[k], 16) ||
		    queue_init(&w->q_plan[k], 4))
			return -1;
	return 0;
}

void service_free(const struct model_params *p, struct wijk *w)
{
	if (w->q_new)
		for (int k = 0; k < p->n_roles; k++)
			queue_free(&w->q_new[k]);
	if (w->q_followup)
		for (int k = 0; k < p->n_roles; k++)
			queue_free(&w->q_followup[k]);
	if (w->q_plan)
		for (int k = 0; k < p->n_roles; k++)
			queue_free(&w->q_plan[k]);
	free(w->q_new);
	free(w->q_followup);
	free(w->q_plan);
	free(w->queued);
	free(w->waiting);
	free(w->caseload);
	free(w->clients);
	free(w->first_today);
	free(w->first_rate);
}

static bool entry_live(const struct wijk *w, const struct queue *q, int role)
{
	uint32_t n = q->need[q->head];
	uint8_t state = w->n_state[n];
	return (state == NEED_WAITING || state == NEED_FOLLOWUP) &&
	       w->n_queue_gen[n] == q->gen[q->head] && w->n_role[n] == role;
}

/* The formal role other than `role` best tied to it that can take a need of
 * this type and severity, and that tie; -1 if none. */
static int pass_on_target(const struct model *m, const struct wijk *w, int role, int type,
                          int severity, double *tie)
{
	const struct model_params *p = m->p;
	const float *row = tie_at(m, w, role, 0);
	int best = -1;

	*tie = 0.0;
	for (int j = 0; j < p->n_roles; j++)
		if (j != role && p->roles[j].formal && p->roles[j].max_severity[type] >= severity &&
		    (double)row[j] > *tie) {
			best = j;
			*tie = (double)row[j];
		}
	return best;
}

/* Incidental signalling: the professional notices other latent needs of
 * the types the role notices; a need outside them may be passed on to the
 * best-tied role that can take it, with chance pass_on_per_tie x tie. */
static int notice_others(struct model *m, struct wijk *w, uint32_t n, int role, int day)
{
	const struct model_params *p = m->p;
	const struct role_params *rp = &p->roles[role];
	/* At most 16 needs noticed per contact: a bound on a stack buffer, far
	 * above the open needs a resident has in practice. */
	uint32_t found[16];
	int to[16];
	int n_found = 0;
	bool notice = p->professional_channel >= 0 && rp->notice_probability > 0.0;
	bool pass_on = p->professional_channel >= 0 && p->pass_on_per_tie > 0.0 && rp->formal;

	if (!notice && !pass_on)
		return 0;
	for (uint32_t o = w->first_need[w->n_resident[n]]; o != NONE && n_found < 16;
	     o = w->n_next[o]) {
		uint32_t u[4];
		if (o == n || w->n_state[o] != NEED_LATENT)
			continue;
		if (rp->notices[w->n_type[o]]) {
			if (!notice)
				continue;
			needs_draw(m, w, o, RNG_NOTICE, u);
			if (rng_u01(u[0]) < rp->notice_probability) {
				found[n_found] = o;
				to[n_found++] = role;
			}
		} else if (pass_on) {
			double tie;
			int j = pass_on_target(m, w, role, w->n_type[o], w->n_severity[o], &tie);
			if (j < 0)
				continue;
			needs_draw(m, w, o, RNG_PASS_ON, u);
			if (rng_u01(u[0]) < p->pass_on_per_tie * tie) {
				found[n_found] = o;
				to[n_found++] = j;
			}
		}
	}
	/* Signal after the walk: routing can close needs and relink the list. */
	for (int i = 0; i < n_found; i++) {
		if (w->n_state[found[i]] != NEED_LATENT)
			continue;
		if (to[i] != role)
			w->flow[m->acc.needs_passed_on] += 1.0;
		if (signal_need(m, w, found[i], p->professional_channel, to[i], day))
			return -1;
	}
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
		return need_enter(m, w, n, (struct need_move){.to = NEED_CLOSED,
		                  .outcome = OUTCOME_RESOLVED}, day);
	}
	int due = day + (int)fmax(1.0, floor(rp->followup_days + 0.5));
	return need_enter(m, w, n, (struct need_move){.to = NEED_IN_CARE, .role = role,
	                  .ready_day = due}, day);
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

/* The resident now knows the role and those it introduces (needs.c). */
static void get_to_know(const struct model_params *p, struct wijk *w, uint32_t r, int role)
{
	if (!w->known)
		return;
	w->known[r] |= (uint64_t)1 << role;
	for (int k = 0; k < p->n_roles; k++)
		if (p->roles[role].introduces[k])
			w->known[r] |= (uint64_t)1 << k;
}

static double contact_hours(const struct model_params *p, const struct wijk *w, uint32_t n,
                            int role)
{
	return p->need_types[w->n_type[n]].hours_per_contact[w->n_severity[n] - 1] *
	       p->roles[role].contact_hours_multiplier;
}

/* One contact with need n, taken off role's queue, costing `hours`. */
static int see(struct model *m, struct wijk *w, uint32_t n, int role, int day, double hours)
{
	const struct model_params *p = m->p;

	if (need_enter(m, w, n, (struct need_move){.to = NEED_SEEN, .role = role}, day))
		return -1;
	hours_use(m, w, role, hours);
	if (!p->roles[role].formal && w->n_carer[n] != NONE &&
	    carer_give(m, w, w->n_carer[n], hours, day))
		return -1;
	w->flow[m->acc.contacts + (size_t)role] += 1.0;
	w->flow[m->acc.contacts_by_type + (size_t)role * (size_t)p->n_need_types +
	        w->n_type[n]] += 1.0;
	note_client(m, w, n, role);
	get_to_know(p, w, w->n_resident[n], role);
	int home = m->home_by[role];
	if (home >= 0 && w->n_severity[n] >= p->roles[home].home_care_min_severity &&
	    care_need_type(p, w->n_type[n]))
		w->n_home[n] = (int16_t)home;
	if (!w->n_first_done[n]) {
		w->n_first_done[n] = 1;
		w->flow[m->acc.wait_sum + (size_t)role] += (double)(day - w->n_role_day[n]);
		w->flow[m->acc.first_contacts + (size_t)role] += 1.0;
		w->first_today[role]++;
	}
	return contact(m, w, n, role, day);
}

/* A shared visit: after a contact for a plan need of resident r, the
 * resident's other plan needs waiting at the same role, or due a follow-up
 * there, are seen too, each for mdo_combined_share of its contact hours
 * while today's hours allow (ODD.md §7.8 "Plan"). */
static int see_plan_needs(struct model *m, struct wijk *w, uint32_t r, int role, int day)
{
	const struct model_params *p = m->p;
	uint32_t also[16];
	int n_also = 0;

	for (uint32_t o = w->first_need[r]; o != NONE && n_also < 16; o = w->n_next[o])
		if (w->n_coordinated[o] == NEED_IN_PLAN && w->n_role[o] == role &&
		    (w->n_state[o] == NEED_WAITING || w->n_state[o] == NEED_FOLLOWUP) &&
		    w->n_severity[o] <= p->roles[role].max_severity[w->n_type[o]])
			also[n_also++] = o;
	/* See after the walk: a contact can close needs and relink the list. */
	for (int i = 0; i < n_also; i++) {
		uint32_t o = also[i];
		if (w->n_role[o] != role ||
		    (w->n_state[o] != NEED_WAITING && w->n_state[o] != NEED_FOLLOWUP))
			continue;
		double hours = p->mdo_combined_share * contact_hours(p, w, o, role);
		if (!hours_fit(w, role, hours))
			return 0;
		w->flow[m->acc.shared_contacts] += 1.0;
		if (see(m, w, o, role, day, hours))
			return -1;
	}
	return 0;
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
		if (w->n_severity[n] > rp->max_severity[w->n_type[n]]) {
			/* It worsened beyond this role while waiting: route it on
			 * before anyone spends hours on it. */
			queue_pop(q);
			if (need_enter(m, w, n, (struct need_move){.to = NEED_SEEN, .role = role},
			               day) ||
			    route_need(m, w, n, role, day))
				return -1;
			continue;
		}
		double hours = contact_hours(p, w, n, role);
		if (!hours_fit(w, role, hours))
			return 1;
		queue_pop(q);
		uint32_t r = w->n_resident[n];
		bool plan = w->n_coordinated[n] == NEED_IN_PLAN && p->mdo_combined_share < 1.0;
		if (see(m, w, n, role, day, hours) || (plan && see_plan_needs(m, w, r, role, day)))
			return -1;
	}
	return 0;
}

/* Each role's first contacts per day, an exponential moving average with
 * weight 1 / wait_estimate_days on today (every day, weekends included:
 * a rate per calendar day, as waits are counted), behind the expected wait
 * of the waiting-list limit (route.c). */
static void first_rate_update(const struct model_params *p, struct wijk *w)
{
	for (int k = 0; k < p->n_roles; k++) {
		/* Only a role with a limit asks for its rate. */
		if (p->roles[k].max_wait_days > 0.0) {
			double a = 1.0 / p->roles[k].wait_estimate_days;
			w->first_rate[k] += a * ((double)w->first_today[k] - w->first_rate[k]);
		}
		w->first_today[k] = 0;
	}
}

int service_day(struct model *m, struct wijk *w, int day)
{
	for (int k = 0; k < m->p->n_roles; k++) {
		if (w->capacity_today[k] <= 0.0)
			continue;
		int rc = serve_queue(m, w, &w->q_followup[k], k, day);
		if (rc == 0)
			rc = serve_queue(m, w, &w->q_plan[k], k, day);
		if (rc == 0)
			rc = serve_queue(m, w, &w->q_new[k], k, day);
		if (rc < 0)
			return -1;
		/* Blocked by a contact longer than what is left: keep what is left
		 * (less than that one contact) for the next working day. */
		if (rc == 1)
			hours_carry_rest(w, k);
		else if (m->p->roles[k].care_hours_per_client_week > 0.0)
			/* Both queues served: what is left today is idle, for home care. */
			w->care_spare[k] += w->capacity_today[k] - w->used_today[k];
	}
	first_rate_update(m->p, w);
	return 0;
}
