/*
 * signal.c — a latent need becomes known to a role (ODD.md §7.3).
 *
 * Channels (scenario file): self (the resident asks), informal (household
 * and informal ties notice), outreach (buurtcoach, wijkagent, …) fire by
 * hazard (needs.c); professional (noticed at a contact, service.c) and MDO
 * (discussed at a meeting, mdo.c) fire at those moments. Signalling counts
 * the channel and the need type, the delay since the need arose and
 * whether it was early (severity at most early_max_severity), may request
 * an MDO for the resident's unit or take the need into the unit's plan
 * (mdo.c), and routes the need at the channel's role (route.c) with a
 * fresh hop count.
 */
#include "internal.h"

int signal_need(struct model *m, struct wijk *w, uint32_t n, int channel, int role, int day)
{
	const struct model_params *p = m->p;
	const struct channel_params *ch = &p->channels[channel];

	if (role < 0)
		role = ch->to_role >= 0 ? ch->to_role : ch->role;
	w->flow[m->acc.signalled + (size_t)channel] += 1.0;
	w->flow[m->acc.signalled_by_type + w->n_type[n]] += 1.0;
	w->flow[m->acc.signal_delay_sum] += (double)(day - w->n_arisen_day[n]);
	w->totals.signalled++;
	if (w->n_severity[n] <= p->early_max_severity) {
		w->flow[m->acc.signalled_early] += 1.0;
		w->flow[m->acc.signalled_early_by_type + w->n_type[n]] += 1.0;
		w->totals.signalled_early++;
	}
	if (mdo_consider(m, w, n, day))
		return -1;
	w->n_hops[n] = 0;
	return route_need(m, w, n, role, day);
}

int signal_mdo_day(struct model *m, struct wijk *w, int day)
{
	uint32_t latent[MDO_MAX_SIGNALLED];
	int n_latent, held;

	mdo_day_begin(w);
	while ((held = mdo_hold_next(m, w, day, latent, &n_latent)) > 0)
		for (int i = 0; i < n_latent; i++)
			if (w->n_state[latent[i]] == NEED_LATENT &&
			    signal_need(m, w, latent[i], m->p->mdo_channel, -1, day))
				return -1;
	return held < 0 ? -1 : 0;
}
