/*
 * needs.c — demand, progression and signalling: the life of a need before
 * it reaches a role, and the event calendar that makes cost follow events.
 *
 * Demand: each resident's needs arrive as a Poisson process with the total
 * rate of their (age band, vulnerable, multi-problem) class; the type is
 * drawn in proportion to the per-type rates. Only the next arrival is kept
 * (one calendar entry per resident), so a resident without open needs costs
 * nothing on the days between arrivals.
 *
 * Progression and signalling are competing risks. For an open need the
 * hazards per day are
 *     worsen    w  (x in_care_worsen_multiplier between contacts)
 *     resolve   s  (x informal_resolve_multiplier with informal support)
 *     signal c  sigma_c(severity, resident)      (latent needs only;
 *               informal channels: per household member and informal tie)
 * The time to the first of them is Exp(H), H = their sum, and which one it
 * is follows the shares. Both are drawn when the need's state changes and
 * stored; any change of state redraws (valid because the hazards are
 * memoryless), and the stale calendar entry is skipped by its generation.
 * An event drawn T days after day d fires on day d + ceil(T): with only
 * worsening, P(crisis by day d + t) = 1 - exp(-w t) exactly.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

/* ---- the need pool ---- */

#define GROW(field, cap) do { \
	void *p_ = realloc(w->field, (size_t)(cap) * sizeof *w->field); \
	if (!p_) return -1; \
	w->field = p_; \
} while (0)

int needs_reserve(struct wijk *w, uint32_t cap)
{
	if (cap <= w->need_cap)
		return 0;
	GROW(n_resident, cap); GROW(n_ordinal, cap); GROW(n_seq, cap);
	GROW(n_gen_change, cap); GROW(n_gen_ready, cap); GROW(n_queue_gen, cap);
	GROW(n_next, cap); GROW(n_carer, cap); GROW(n_type, cap); GROW(n_severity, cap);
	GROW(n_state, cap); GROW(n_hops, cap); GROW(n_change, cap);
	GROW(n_first_done, cap); GROW(n_coordinated, cap); GROW(n_followup, cap);
	GROW(n_role, cap); GROW(n_arisen_day, cap); GROW(n_role_day, cap);
	for (uint32_t i = w->need_cap; i < cap; i++) {
		w->n_gen_change[i] = 0;
		w->n_gen_ready[i] = 0;
		w->n_queue_gen[i] = 0;
		w->n_state[i] = NEED_CLOSED;
	}
	w->need_cap = cap;
	return 0;
}

static int slot_alloc(struct wijk *w, uint32_t *out)
{
	if (w->free_head != NONE) {
		*out = w->free_head;
		w->free_head = w->n_next[*out];
		return 0;
	}
	if (w->need_used == w->need_cap &&
	    needs_reserve(w, w->need_cap + w->need_cap / 2 + 64))
		return -1;
	*out = w->need_used++;
	return 0;
}

uint32_t needs_draw(struct model *m, struct wijk *w, uint32_t n, uint32_t purpose,
                    uint32_t out[4])
{
	uint32_t seq = w->n_seq[n]++;
	rng_words(&m->rng, w->first_resident + w->n_resident[n], w->n_ordinal[n],
	          purpose, seq, out);
	return seq;
}

int needs_new(struct model *m, struct wijk *w, uint32_t r, int type, int severity,
              int day, uint32_t ordinal, uint32_t *out)
{
	uint32_t n;

	if (slot_alloc(w, &n))
		return -1;
	w->n_resident[n] = r;
	w->n_ordinal[n] = ordinal;
	w->n_seq[n] = 0;
	w->n_type[n] = (uint16_t)type;
	w->n_severity[n] = (uint8_t)severity;
	w->n_state[n] = NEED_LATENT;
	w->n_hops[n] = 0;
	w->n_first_done[n] = 0;
	w->n_coordinated[n] = 0;
	w->n_followup[n] = 0;
	w->n_role[n] = -1;
	w->n_carer[n] = NONE;
	w->n_arisen_day[n] = day;
	w->n_role_day[n] = day;
	w->n_next[n] = w->first_need[r];
	w->first_need[r] = n;
	w->flow[m->acc.needs_new + (size_t)type] += 1.0;
	w->totals.arisen++;
	w->totals.latent++;
	*out = n;
	return needs_schedule_change(m, w, n, day);
}

/* Start severity from the need type's weights over levels 1..S-1. */
int needs_start_severity(const struct need_type_params *nt, uint32_t word)
{
	double sum = 0.0;
	for (int s = 0; s < nt->severity_levels - 1; s++)
		sum += nt->start_severity[s];
	return 1 + rng_categorical(word, nt->start_severity, nt->severity_levels - 1, sum);
}

int needs_arrival(struct model *m, struct wijk *w, uint32_t r, int day)
{
	const struct model_params *p = m->p;
	int age = w->age[r];
	int vuln = (w->flags[r] & RES_VULNERABLE) != 0;
	int mp = (w->flags[r] & RES_MULTIPROBLEM) != 0;
	double rate = m->arrival_rate[age][vuln][mp];

	/* Several needs can arrive on one day; handle them all. */
	while (floor(w->next_arrival[r]) <= (double)day) {
		uint32_t u[4], n;
		rng_words(&m->rng, w->first_resident + r, w->ordinal[r], RNG_ARRIVAL, 0, u);
		int type = rng_categorical(u[0], m->arrival_weight[age][vuln][mp],
		                           p->n_need_types, rate);
		int sev = needs_start_severity(&p->need_types[type], u[1]);
		w->next_arrival[r] += rng_exponential(u[2], rate);
		if (needs_new(m, w, r, type, sev, day, w->ordinal[r]++, &n))
			return -1;
	}
	if (w->next_arrival[r] < (double)p->days)
		return calendar_push(&w->cal, (int32_t)floor(w->next_arrival[r]), EVENT_ARRIVAL, r, 0);
	return 0;
}

/* Hazards per day of the need's possible changes: [0] worsen, [1] resolve,
 * [2 + c] signal through channel c. Returns their sum. */
static double hazards(const struct model *m, const struct wijk *w, uint32_t n,
                      double *h)
{
	const struct model_params *p = m->p;
	const struct need_type_params *nt = &p->need_types[w->n_type[n]];
	uint32_t r = w->n_resident[n];
	int sev = w->n_severity[n];
	int state = w->n_state[n];
	double total;

	h[0] = nt->worsen_per_day;
	if (state == NEED_IN_CARE)
		h[0] *= nt->in_care_worsen_multiplier;
	h[1] = nt->resolve_per_day;
	if (w->flags[r] & RES_INFORMAL_SUPPORT)
		h[1] *= nt->informal_resolve_multiplier;
	total = h[0] + h[1];
	for (int c = 0; c < p->n_channels; c++) {
		const struct channel_params *ch = &p->channels[c];
		double rate = 0.0;
		if (state == NEED_LATENT && ch->need_types[w->n_type[n]]) {
			rate = ch->rate_per_day[sev - 1];
			switch (ch->kind) {
			case CHANNEL_SELF:
				rate *= w->help_seeking[r];
				if (ch->to_role >= 0)
					rate *= 1.0 - p->roles[ch->to_role].access_threshold;
				break;
			case CHANNEL_INFORMAL:
				/* Each household member and informal tie may notice. */
				rate *= (double)informal_contacts(w, r);
				break;
			case CHANNEL_OUTREACH:
				/* The rate is per FTE per 1,000 residents of the outreach role,
				 * so staffing the role up or down changes its reach. */
				rate *= ch->role >= 0 ? p->roles[ch->role].fte_per_1000 : 0.0;
				break;
			case CHANNEL_PROFESSIONAL:
			case CHANNEL_MDO:
				rate = 0.0;  /* these signal at contacts and meetings, not by hazard */
				break;
			}
		}
		h[2 + c] = rate;
		total += rate;
	}
	return total;
}

int needs_schedule_change(struct model *m, struct wijk *w, uint32_t n, int day)
{
	double h[2 + MODEL_MAX_CHANNELS], total;
	uint32_t u[4];

	w->n_gen_change[n]++;
	total = hazards(m, w, n, h);
	if (!(total > 0.0))
		return 0;
	needs_draw(m, w, n, RNG_NEED_EVENT, u);
	double t = rng_exponential(u[0], total);
	double fire = (double)day + fmax(1.0, ceil(t));
	if (fire >= (double)m->p->days)
		return 0;   /* beyond the horizon: nothing more happens to it */
	w->n_change[n] = (uint8_t)rng_categorical(u[1], h, 2 + m->p->n_channels, total);
	return calendar_push(&w->cal, (int32_t)fire, EVENT_CHANGE, n, w->n_gen_change[n]);
}

static void count_leave_state(struct wijk *w, uint32_t n)
{
	if (w->n_state[n] == NEED_LATENT)
		w->totals.latent--;
	else if (w->n_state[n] != NEED_CLOSED)
		w->totals.in_care--;
}

void needs_close(struct model *m, struct wijk *w, uint32_t n)
{
	uint32_t r = w->n_resident[n];
	uint32_t *link = &w->first_need[r];

	(void)m;
	if (w->n_state[n] == NEED_QUEUED)
		service_dequeue_stale(w, n);
	count_leave_state(w, n);
	w->n_state[n] = NEED_CLOSED;
	w->n_gen_change[n]++;
	w->n_gen_ready[n]++;
	w->n_queue_gen[n]++;
	while (*link != NONE && *link != n)
		link = &w->n_next[*link];
	if (*link == n)
		*link = w->n_next[n];
	w->n_next[n] = w->free_head;
	w->free_head = n;
}

static void escalate(struct model *m, struct wijk *w, uint32_t n)
{
	const struct need_type_params *nt = &m->p->need_types[w->n_type[n]];
	w->flow[m->acc.escalations + w->n_type[n]] += 1.0;
	w->flow[m->acc.cost_second_line] += nt->escalation_cost;
	w->totals.escalated++;
	needs_close(m, w, n);
}

int needs_fire_change(struct model *m, struct wijk *w, uint32_t n, int day)
{
	const struct need_type_params *nt = &m->p->need_types[w->n_type[n]];
	int change = w->n_change[n];

	if (change == CHANGE_WORSEN) {
		w->n_severity[n]++;
		if (w->n_severity[n] >= nt->severity_levels) {
			escalate(m, w, n);
			return 0;
		}
		return needs_schedule_change(m, w, n, day);
	}
	if (change == CHANGE_RESOLVE) {
		w->flow[m->acc.resolved_self] += 1.0;
		w->totals.resolved++;
		needs_close(m, w, n);
		return 0;
	}
	return needs_signal(m, w, n, change - CHANGE_SIGNAL, -1, day);
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

int needs_signal(struct model *m, struct wijk *w, uint32_t n, int channel,
                 int role, int day)
{
	const struct model_params *p = m->p;
	const struct channel_params *ch = &p->channels[channel];
	uint32_t r = w->n_resident[n];

	if (role < 0)
		role = ch->to_role >= 0 ? ch->to_role : ch->role;

	w->flow[m->acc.signalled + (size_t)channel] += 1.0;
	w->flow[m->acc.signal_delay_sum] += (double)(day - w->n_arisen_day[n]);
	w->totals.signalled++;
	if (w->n_severity[n] <= p->early_max_severity) {
		w->flow[m->acc.signalled_early] += 1.0;
		w->totals.signalled_early++;
	}
	if (mdo_triggered(m, w, r, day) && mdo_request(m, w, r, day))
		return -1;
	w->n_hops[n] = 0;
	return route_need(m, w, n, role, day);
}
