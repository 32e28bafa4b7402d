/*
 * needs.c — the need pool, the random keys of a need's draws, and its
 * hazards: everything about a need that does not move it between states
 * (lifecycle.c does that).
 *
 * Pool: structure of arrays with a free list; a slot is reused after its
 * need closes, so draws are keyed on (resident, ordinal, purpose, sequence)
 * (needs_draw), never on the slot. A resident's open needs form a linked
 * list through n_next (newest first); a free slot's n_next links the free
 * list. Ownership: needs_reserve grows the pool; needs_free releases it.
 *
 * Hazards. Progression and signalling are competing risks. For an open need
 * the hazards per day are
 *     worsen    w  (x in_care_worsen_multiplier between contacts)
 *     resolve   s  (x informal_resolve_multiplier with informal support)
 *     signal c  sigma_c(severity, resident)      (latent needs only;
 *               informal channels: per household member and informal tie;
 *               self channels: x help seeking x (1 - threshold), the
 *               threshold x known_access_factor when the resident knows
 *               the channel's role)
 * The time to the first of them is Exp(H), H = their sum, and which one it
 * is follows the shares. Both are drawn when the need's state changes
 * (needs_schedule_change, called by lifecycle.c only) and stored; a change
 * of state redraws (valid because the hazards are memoryless), and the
 * stale calendar entry is skipped by its generation. An event drawn T days
 * after day d fires on day d + max(1, ceil(T)): with only worsening,
 * P(crisis by day d + t) = 1 - exp(-w t) exactly.
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
	GROW(n_role, cap); GROW(n_home, cap); GROW(n_arisen_day, cap); GROW(n_role_day, cap);
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

int needs_alloc(struct wijk *w, uint32_t r, int type, int severity, int day,
                uint32_t ordinal, uint32_t *out)
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
	w->n_home[n] = -1;
	w->n_carer[n] = NONE;
	w->n_arisen_day[n] = day;
	w->n_role_day[n] = day;
	w->n_next[n] = w->first_need[r];
	w->first_need[r] = n;
	*out = n;
	return 0;
}

bool needs_has_open(const struct wijk *w, uint32_t r, int type)
{
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n])
		if (w->n_type[n] == type)
			return true;
	return false;
}

void needs_release(struct wijk *w, uint32_t n)
{
	uint32_t *link = &w->first_need[w->n_resident[n]];

	while (*link != NONE && *link != n)
		link = &w->n_next[*link];
	if (*link == n)
		*link = w->n_next[n];
	w->n_next[n] = w->free_head;
	w->free_head = n;
}

void needs_free(struct wijk *w)
{
	free(w->n_resident);
	free(w->n_ordinal);
	free(w->n_seq);
	free(w->n_gen_change);
	free(w->n_gen_ready);
	free(w->n_queue_gen);
	free(w->n_next);
	free(w->n_carer);
	free(w->n_type);
	free(w->n_severity);
	free(w->n_state);
	free(w->n_hops);
	free(w->n_change);
	free(w->n_first_done);
	free(w->n_coordinated);
	free(w->n_followup);
	free(w->n_role);
	free(w->n_home);
	free(w->n_arisen_day);
	free(w->n_role_day);
}

/* Start severity from the need type's weights over levels 1..S-1. */
int needs_start_severity(const struct need_type_params *nt, uint32_t word)
{
	double sum = 0.0;
	for (int s = 0; s < nt->severity_levels - 1; s++)
		sum += nt->start_severity[s];
	return 1 + rng_categorical(word, nt->start_severity, nt->severity_levels - 1, sum);
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
				if (ch->to_role >= 0) {
					double threshold = p->roles[ch->to_role].access_threshold;
					/* A resident who knows the role finds it easier. */
					if (w->known && (w->known[r] >> ch->to_role & 1u))
						threshold *= p->known_access_factor;
					rate *= 1.0 - threshold;
				}
				break;
			case CHANNEL_INFORMAL:
				/* Each household member and informal tie may notice. */
				rate *= (double)ties_contacts(w, r);
				break;
			case CHANNEL_OUTREACH:
				/* The rate is per FTE per 1,000 residents of the outreach role,
				 * so staffing the role up or down changes its reach. */
				rate *= ch->role >= 0 ? p->roles[ch->role].fte_per_1000 : 0.0;
				break;
			case CHANNEL_PROFESSIONAL:
			case CHANNEL_MDO:
				/* these signal at contacts and meetings, not by hazard */
				rate = 0.0;
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
	if (fire >= (double)model_days(m->p))
		return 0;   /* beyond the horizon: nothing more happens to it */
	w->n_change[n] = (uint8_t)rng_categorical(u[1], h, 2 + m->p->n_channels, total);
	return calendar_push(&w->cal, (int32_t)fire, EVENT_CHANGE, n, w->n_gen_change[n]);
}

