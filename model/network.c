/*
 * network.c — the living network of ties between roles in a wijk.
 *
 * A tie in [0, 1] between every two roles: how well they know each other.
 *   start    init_ties where the scenario gives one, else
 *            initial_tie_within_organisation between two roles of one
 *            organisation (roles.[].organisation, e.g. the GP practice)
 *            and initial_tie between any other two;
 *   decay    each day tie *= 1 - tie_decay_per_day;
 *   meeting  every meeting_interval_days (divided by
 *            kwartiermaker_meeting_factor during the first
 *            kwartiermaker_days) each formal role attends with probability
 *            meeting_attendance; every two attendees gain
 *            tie += meeting_tie_gain * (1 - tie);
 *   referral a successful referral or shift between two roles gains
 *            tie += tie_gain_per_referral * (1 - tie).
 * Density = share of pairs of formal roles with tie >= tie_present_threshold.
 * Phase (toolbox: verkennen 1, vormgeven 2, verdiepen 3, verankeren 4) =
 * 1 + the number of phase_thresholds at or below the density.
 */
#include "internal.h"

#include <math.h>
#include <string.h>

void network_init(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	int K = p->n_roles;

	for (int a = 0; a < K; a++)
		for (int b = 0; b < K; b++) {
			double t;
			if (a == b)
				t = 1.0;
			else if (p->init_ties[a][b] >= 0.0)
				t = p->init_ties[a][b];
			else if (strcmp(p->roles[a].organisation, p->roles[b].organisation) == 0)
				t = p->initial_tie_within_organisation;
			else
				t = p->initial_tie;
			*tie_at(m, w, a, b) = (float)t;
		}
}

void network_strengthen(struct model *m, struct wijk *w, int a, int b, double gain)
{
	float *ab = tie_at(m, w, a, b);
	float t = (float)(*ab + gain * (1.0 - *ab));
	*ab = t;
	*tie_at(m, w, b, a) = t;
}

static bool meeting_today(const struct model_params *p, int day)
{
	double interval = p->meeting_interval_days;
	if (!(interval > 0.0))
		return false;
	if (day < p->kwartiermaker_days && p->kwartiermaker_meeting_factor > 0.0)
		interval /= p->kwartiermaker_meeting_factor;
	/* Day d has a meeting when a multiple of the interval falls in (d, d+1]. */
	return floor((double)day / interval) != floor((double)(day + 1) / interval);
}

void network_day(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	int K = p->n_roles;
	float keep = (float)(1.0 - p->tie_decay_per_day);

	if (p->tie_decay_per_day > 0.0)
		for (int a = 0; a < K; a++)
			for (int b = 0; b < K; b++)
				if (a != b)
					*tie_at(m, w, a, b) *= keep;
	if (!meeting_today(p, day))
		return;
	bool attends[MODEL_MAX_ROLES];
	for (int k = 0; k < K; k++) {
		uint32_t u[4];
		rng_words(&m->rng, (uint32_t)w->id, (uint32_t)day, RNG_NETWORK, (uint32_t)k, u);
		attends[k] = p->roles[k].formal && rng_u01(u[0]) < p->meeting_attendance;
	}
	for (int a = 0; a < K; a++)
		for (int b = a + 1; b < K; b++)
			if (attends[a] && attends[b])
				network_strengthen(m, w, a, b, p->meeting_tie_gain);
}

/* Residents forget the roles they know (ODD §7.3): once a week, each who
 * knows any with probability 1 - exp(-7 / known_days), all at once, so that
 * knowing a role lasts Exp(known_days) days after the last contact and the
 * share of residents who know a role reaches a steady state. */
void network_forget_week(const struct model *m, struct wijk *w, int day)
{
	if (!w->known || !(m->p->known_days > 0.0))
		return;
	double prob = -expm1(-7.0 / m->p->known_days);
	uint32_t week = (uint32_t)(day / 7);
	for (uint32_t r = 0; r < w->n_res; r++) {
		uint32_t u[4];
		if (!w->known[r])
			continue;
		rng_words(&m->rng, w->first_resident + r, week, RNG_FORGET, 0, u);
		if (rng_u01(u[0]) < prob)
			w->known[r] = 0;
	}
}

double network_density(const struct model *m, const struct wijk *w)
{
	const struct model_params *p = m->p;
	int pairs = 0, present = 0;

	for (int a = 0; a < p->n_roles; a++)
		for (int b = a + 1; b < p->n_roles; b++) {
			if (!p->roles[a].formal || !p->roles[b].formal)
				continue;
			pairs++;
			if (*tie_at(m, w, a, b) >= p->tie_present_threshold)
				present++;
		}
	return pairs > 0 ? (double)present / pairs : 0.0;
}

int network_phase(const struct model_params *p, double density)
{
	int phase = 1;
	for (int i = 0; i < 3; i++)
		if (density >= p->phase_thresholds[i])
			phase++;
	return phase;
}
