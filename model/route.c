/*
 * route.c — referral and task shifting as rules, not code.
 *
 * Decision (route_decide, no side effects). When a need arrives at a role
 * (signalled there, referred there, or found beyond the role's competence
 * at a contact), the scenario's rules are read from high to low priority,
 * in file order within a priority, and the first rule that matches decides:
 *   treat   join this role's waiting list;
 *   refer   send it to another discipline;
 *   shift   task-shift it (GP -> POH, professional -> informal role).
 * A rule matches on the role holding the need, the need type, a severity
 * range, and optional conditions: a tie of at least min_tie between the two
 * roles; the budget (budget = pooled: only with a pooled wijk budget, the
 * freedom to provide what fits; separate: only without); the resident has
 * informal support; for a shift or referral to an informal role, a member
 * in reach (carers.c); and a share below 1: the rule applies to that share
 * of the needs it matches, decided once per need and rule by a keyed draw
 *     applies  <=>  u(resident, need ordinal, rule key) < share
 * (rule key: 24 bits of the SHA-256 of the rule's name), so a need that
 * comes back to the role meets the same decision, and scenarios that share
 * the rule share the draws. No match: treat here. Treat here where the role is
 * not competent for the severity: the need is
 * dropped (the rules leave it nowhere to go). Treat here where the role's
 * waiting list is full, its expected wait above max_wait_days
 *     full  <=>  ahead > 0  and  ahead > max_wait_days x first_rate
 * (ahead: needs on the list or in transit to it; first_rate: the role's
 * first contacts per day, averaged over wait_estimate_days, service.c):
 * the need is turned away and stays latent, the resident gives up for now.
 * A rule with when_full matches only then, so a scenario can send such
 * needs elsewhere.
 *
 * Referral and shift succeed with probability
 *     p = referral_base_success + referral_tie_gain * tie(from, to)
 * (1 when the need is coordinated by an MDO) and take
 *     delay = referral_max_delay_days * (1 - tie)        (0 when coordinated)
 * plus the receiving role's indication_days unless the budget is pooled (or
 * an MDO that skips indication coordinates the need), rounded to whole days.
 *
 * Action (route_need). Every routing step counts a hop; past max_hops the
 * need is dropped, which catches rules that send needs in a circle. A
 * failed hand-over drops the need back to latent: it is lost until
 * signalled again. A successful one strengthens the tie between the two
 * roles (network.c); with no delay the need is routed at once at the
 * receiving role, else it is in transit until the delay ends. All moves go
 * through need_enter (lifecycle.c).
 */
#include "internal.h"

#include <math.h>

/* The unconditional part of a rule: role, need type, severity. */
static bool rule_applies(const struct rule_params *rule, int at, int type, int severity)
{
	return (rule->at_role < 0 || rule->at_role == at) && rule->need_types[type] &&
	       severity >= rule->severity_min && severity <= rule->severity_max;
}

static void hand_over(const struct model_params *p, const struct route_query *q,
                      struct route_decision *d)
{
	int to = d->to_role;
	double tie = q->tie_row ? (double)q->tie_row[to] : 0.0;

	d->success = q->coordinated ? 1.0
	             : fmin(1.0, p->referral_base_success + p->referral_tie_gain * tie);
	double delay = q->coordinated ? 0.0 : p->referral_max_delay_days * (1.0 - tie);
	bool indication = p->roles[to].indication_days > 0.0 && !p->pooled_budget &&
	                  !(q->coordinated && p->mdo_skips_indication);
	if (indication)
		delay += p->roles[to].indication_days;
	d->delay_days = (int)floor(delay + 0.5);
}

void route_decide(const struct model_params *p, const struct route_query *q,
                  int first_rule, struct route_decision *d)
{
	int at = q->at_role;

	d->rule = -1;
	d->to_role = at;
	d->action = ACTION_TREAT;
	d->needs_carer = false;
	d->conditional = false;
	d->success = 1.0;
	d->delay_days = 0;
	for (int i = first_rule; i < p->n_rules; i++) {
		const struct rule_params *rule = &p->rules[i];
		bool conditional = false;
		if (!rule_applies(rule, at, q->need_type, q->severity))
			continue;
		if (rule->requires_informal_support) {
			if (q->informal_support == 0)
				continue;
			conditional |= q->informal_support < 0;
		}
		if ((rule->budget == RULE_BUDGET_POOLED && !p->pooled_budget) ||
		    (rule->budget == RULE_BUDGET_SEPARATE && p->pooled_budget))
			continue;
		if (rule->when_full) {
			if (q->full == 0)
				continue;
			conditional |= q->full < 0;
		}
		if (rule->action != ACTION_TREAT && rule->min_tie > 0.0) {
			if (!q->tie_row)
				conditional = true;
			else if (q->tie_row[rule->to_role] < rule->min_tie)
				continue;
		}
		if (rule->share < 1.0) {
			if (!(rule->share > 0.0))
				continue;
			if (!q->rng) {
				conditional = true;
			} else {
				uint32_t u[4];
				rng_words(q->rng, q->entity, q->ordinal, RNG_RULE_SHARE,
				          rule->share_key, u);
				if (rng_u01(u[0]) >= rule->share)
					continue;
			}
		}
		d->rule = i;
		d->conditional = conditional;
		if (rule->action == ACTION_TREAT || rule->to_role == at)
			break;
		d->verdict = ROUTE_TRANSFER;
		d->to_role = rule->to_role;
		d->action = rule->action;
		d->needs_carer = !p->roles[rule->to_role].formal;
		hand_over(p, q, d);
		return;
	}
	d->to_role = at;
	d->action = ACTION_TREAT;
	if (q->severity > p->roles[at].max_severity[q->need_type]) {
		d->verdict = ROUTE_DROP;
		return;
	}
	d->verdict = q->full == 1 ? ROUTE_TURN_AWAY : ROUTE_TREAT;
	d->needs_carer = !p->roles[at].formal;
}

int route_targets(const struct model_params *p, int at_role, int need_type, int severity,
                  int *next)
{
	struct route_query q = {
		.at_role = at_role, .need_type = need_type, .severity = severity,
		.informal_support = -1, .tie_row = NULL, .coordinated = false, .full = -1,
		.rng = NULL
	};
	struct route_decision d;
	int n = 0, from = 0;

	for (;;) {
		route_decide(p, &q, from, &d);
		if (d.verdict != ROUTE_TRANSFER)
			return n;
		next[n++] = d.to_role;
		/* A condition, or a member of an informal role in reach, may fail:
		 * then the next rule decides. */
		if (!d.conditional && !d.needs_carer)
			return n;
		from = d.rule + 1;
	}
}

/* ---- acting on a decision ---- */

static int drop(struct model *m, struct wijk *w, uint32_t n, int day)
{
	w->flow[m->acc.dropped] += 1.0;
	return need_enter(m, w, n, (struct need_move){.to = NEED_CLOSED,
	                  .outcome = OUTCOME_DROPPED}, day);
}

/* Whether need n would join a full waiting list at role k: the needs ahead
 * of it (on the list or in transit to it) would take more than
 * max_wait_days at the role's recent rate of first contacts (service.c).
 * An empty list is never full; a need in transit to k is on k's list
 * already (it was let on at the hand-over); and the limit applies only
 * once the rate has a whole window (wait_estimate_days) behind it. */
static int waiting_full(const struct model *m, const struct wijk *w, uint32_t n, int k,
                        int day)
{
	const struct role_params *rp = &m->p->roles[k];
	if (!(rp->max_wait_days > 0.0) || day < rp->wait_estimate_days ||
	    (w->n_state[n] == NEED_TRANSIT && w->n_role[n] == k))
		return 0;
	uint32_t ahead = w->waiting[k];
	return ahead > 0 && (double)ahead > rp->max_wait_days * w->first_rate[k];
}

static int turn_away(struct model *m, struct wijk *w, uint32_t n, int at, int day)
{
	w->flow[m->acc.needs_turned_away + (size_t)at] += 1.0;
	return need_enter(m, w, n, (struct need_move){.to = NEED_LATENT}, day);
}

static int transfer(struct model *m, struct wijk *w, uint32_t n, int from,
                    const struct route_decision *d, int day)
{
	uint32_t u[4];

	if (d->action == ACTION_SHIFT) {
		w->flow[m->acc.task_shifts] += 1.0;
		w->totals.task_shifts++;
	} else {
		w->flow[m->acc.referrals] += 1.0;
		w->totals.referrals++;
	}
	w->flow[m->acc.referrals_by_route + (size_t)from * (size_t)m->p->n_roles +
	        (size_t)d->to_role] += 1.0;
	needs_draw(m, w, n, RNG_ROUTE, u);
	if (rng_u01(u[0]) >= d->success) {
		w->flow[m->acc.referrals_failed] += 1.0;
		w->totals.referrals_failed++;
		return need_enter(m, w, n, (struct need_move){.to = NEED_LATENT}, day);
	}
	network_strengthen(m, w, from, d->to_role, m->p->tie_gain_per_referral);
	if (d->delay_days <= 0)
		return route_need(m, w, n, d->to_role, day);
	/* A delayed hand-over places the need on the receiving role's list now. */
	if (waiting_full(m, w, n, d->to_role, day))
		return turn_away(m, w, n, d->to_role, day);
	return need_enter(m, w, n, (struct need_move){.to = NEED_TRANSIT, .role = d->to_role,
	                  .ready_day = day + d->delay_days}, day);
}

int route_need(struct model *m, struct wijk *w, uint32_t n, int at, int day)
{
	const struct model_params *p = m->p;
	struct route_query q = {
		.at_role = at, .need_type = w->n_type[n], .severity = w->n_severity[n],
		.informal_support = (w->flags[w->n_resident[n]] & RES_INFORMAL_SUPPORT) != 0,
		.tie_row = tie_at(m, w, at, 0), .coordinated = w->n_coordinated[n] == NEED_IN_PLAN,
		.full = waiting_full(m, w, n, at, day),
		.rng = &m->rng, .entity = w->first_resident + w->n_resident[n],
		.ordinal = w->n_ordinal[n]
	};
	struct route_decision d;

	if (++w->n_hops[n] > p->max_hops)
		return drop(m, w, n, day);
	route_decide(p, &q, 0, &d);
	while (d.verdict == ROUTE_TRANSFER) {
		uint32_t carer = NONE;
		if (d.needs_carer)
			carer = carer_find(m, w, n, d.to_role, day);
		if (!d.needs_carer || carer != NONE) {
			w->n_carer[n] = carer;
			return transfer(m, w, n, at, &d, day);
		}
		route_decide(p, &q, d.rule + 1, &d);   /* nobody in reach: next rule */
	}
	if (d.verdict == ROUTE_DROP)
		return drop(m, w, n, day);
	if (d.verdict == ROUTE_TURN_AWAY)
		return turn_away(m, w, n, at, day);
	/* At an informal role the need is helped by one member: the one the
	 * rule found, or else one in reach now; nobody in reach: lost too. */
	if (d.needs_carer && (w->n_carer[n] == NONE || w->c_role[w->n_carer[n]] != at)) {
		w->n_carer[n] = carer_find(m, w, n, at, day);
		if (w->n_carer[n] == NONE)
			return drop(m, w, n, day);
	}
	return need_enter(m, w, n, (struct need_move){.to = NEED_WAITING, .role = at}, day);
}
