/*
 * route.c — referral and task shifting as rules, not code.
 *
 * When a need arrives at a role (signalled there, referred there, or found
 * beyond the role's competence at a contact), the scenario's rule list is
 * read top to bottom and the first rule that matches decides:
 *   treat   join this role's queue;
 *   refer   send it to another discipline;
 *   shift   task-shift it (GP -> POH, professional -> informal role).
 * A rule matches on the role holding the need, the need type, a severity
 * range, and optional conditions (a tie of at least min_tie between the two
 * roles; the resident has informal support; for a shift or referral to an
 * informal role, a member in reach, informal.c). No match: treat here. Treat
 * here where the role is not competent for the severity: the need is
 * dropped (the rules leave it nowhere to go). Rules are read from high to
 * low priority, in file order within a priority.
 *
 * Referral and shift succeed with probability
 *     p = referral_base_success + referral_tie_gain * tie(from, to)
 * (1 when the need is coordinated by an MDO) and take
 *     delay = referral_max_delay_days * (1 - tie)        (0 when coordinated)
 * plus the receiving role's indication_days unless the budget is pooled (or
 * an MDO that skips indication coordinates the need). A failed referral drops
 * the need back to latent: it is lost until signalled again. Every routing
 * step counts a hop; past max_hops the need is dropped, which catches rules
 * that send needs in a circle.
 */
#include "internal.h"

#include <math.h>

/* Does the rule apply to need n at role `at`? A shift or referral to an
 * informal role applies only when a member is in reach: *carer says who. */
static bool rule_matches(struct model *m, struct wijk *w, uint32_t n,
                         const struct rule_params *rule, int at, int day, uint32_t *carer)
{
	int sev = w->n_severity[n];

	if (rule->at_role >= 0 && rule->at_role != at)
		return false;
	if (!rule->need_types[w->n_type[n]])
		return false;
	if (sev < rule->severity_min || sev > rule->severity_max)
		return false;
	if (rule->requires_informal_support &&
	    !(w->flags[w->n_resident[n]] & RES_INFORMAL_SUPPORT))
		return false;
	if (rule->action != ACTION_TREAT && rule->min_tie > 0.0 &&
	    *tie_at(m, w, at, rule->to_role) < rule->min_tie)
		return false;
	*carer = NONE;
	if (rule->action != ACTION_TREAT && rule->to_role != at &&
	    !m->p->roles[rule->to_role].formal) {
		*carer = carer_find(m, w, n, rule->to_role, day);
		if (*carer == NONE)
			return false;
	}
	return true;
}

static int drop(struct model *m, struct wijk *w, uint32_t n)
{
	w->flow[m->acc.dropped] += 1.0;
	w->totals.dropped++;
	needs_close(m, w, n);
	return 0;
}

static int transfer(struct model *m, struct wijk *w, uint32_t n, int from, int to,
                    enum rule_action action, int day)
{
	const struct model_params *p = m->p;
	bool coordinated = w->n_coordinated[n] != 0;
	double tie = *tie_at(m, w, from, to);
	double success = coordinated ? 1.0
	                 : fmin(1.0, p->referral_base_success + p->referral_tie_gain * tie);
	uint32_t u[4];

	if (action == ACTION_SHIFT) {
		w->flow[m->acc.task_shifts] += 1.0;
		w->totals.task_shifts++;
	} else {
		w->flow[m->acc.referrals] += 1.0;
		w->totals.referrals++;
	}
	needs_draw(m, w, n, RNG_ROUTE, u);
	if (rng_u01(u[0]) >= success) {
		w->flow[m->acc.referrals_failed] += 1.0;
		w->totals.referrals_failed++;
		need_set_state(w, n, NEED_LATENT);
		w->n_role[n] = -1;
		return needs_schedule_change(m, w, n, day);
	}
	network_strengthen(m, w, from, to, p->tie_gain_per_referral);
	double delay = coordinated ? 0.0 : p->referral_max_delay_days * (1.0 - tie);
	bool indication = p->roles[to].indication_days > 0.0 && !p->pooled_budget &&
	                  !(coordinated && p->mdo_skips_indication);
	if (indication)
		delay += p->roles[to].indication_days;
	int days = (int)floor(delay + 0.5);
	if (days <= 0)
		return route_need(m, w, n, to, day);
	need_set_state(w, n, NEED_TRANSIT);
	w->n_role[n] = (int16_t)to;
	w->n_role_day[n] = day;   /* the wait for `to` starts at the hand-over */
	w->n_gen_ready[n]++;
	if (day + days < p->days &&
	    calendar_push(&w->cal, day + days, EVENT_READY, n, w->n_gen_ready[n]))
		return -1;
	return needs_schedule_change(m, w, n, day);
}

int route_need(struct model *m, struct wijk *w, uint32_t n, int at, int day)
{
	const struct model_params *p = m->p;

	if (++w->n_hops[n] > p->max_hops)
		return drop(m, w, n);
	for (int i = 0; i < p->n_rules; i++) {
		const struct rule_params *rule = &p->rules[i];
		uint32_t carer;
		if (!rule_matches(m, w, n, rule, at, day, &carer))
			continue;
		if (rule->action == ACTION_TREAT || rule->to_role == at)
			break;
		w->n_carer[n] = carer;
		return transfer(m, w, n, at, rule->to_role, rule->action, day);
	}
	/* Treat here, but nobody here can handle it at this severity: the rules
	 * leave it nowhere to go, so the system loses it. */
	if (w->n_severity[n] > p->roles[at].max_severity[w->n_type[n]])
		return drop(m, w, n);
	/* At an informal role the need is helped by one member: the one the
	 * rule found, or else one in reach now; nobody in reach: lost too. */
	if (!p->roles[at].formal &&
	    (w->n_carer[n] == NONE || w->c_role[w->n_carer[n]] != at)) {
		w->n_carer[n] = carer_find(m, w, n, at, day);
		if (w->n_carer[n] == NONE)
			return drop(m, w, n);
	}
	if (service_enqueue(m, w, n, at, false))
		return -1;
	return needs_schedule_change(m, w, n, day);
}

int route_ready(struct model *m, struct wijk *w, uint32_t n, int day)
{
	int role = w->n_role[n];

	if (w->n_state[n] == NEED_TRANSIT)
		return route_need(m, w, n, role, day);
	if (w->n_state[n] == NEED_IN_CARE) {
		if (service_enqueue(m, w, n, role, true))
			return -1;
		return needs_schedule_change(m, w, n, day);
	}
	return 0;
}
