/*
 * health.c — Positive Health as a state of each resident (ODD.md §7.11).
 *
 * Each resident has a base score per dimension, drawn once at
 * initialisation, and a remnant per dimension: the penalty of needs that
 * have closed and is still wearing off. The score on dimension d at the end
 * of day t is
 *
 *   score_d = clamp(base_d - sum over open needs on d of health_penalty[s]
 *                   - remnant_d(t) - extra_d, 0, 10)
 *   remnant_d(t) = remnant_d(t0) * exp(-recovery_per_day * (t - t0))
 *
 * where t0 is the day the resident's remnants were last written (the day a
 * need of theirs last closed). The decay is applied lazily: at a close (the
 * remnants are brought to that day, the closing need's penalty is added,
 * t0 moves) and, without writing, at observation. Results therefore do not
 * depend on the output interval.
 *
 * Storage (HEALTH_BYTES_PER_RESIDENT, world.c accounts it): base and
 * remnant quantised to steps of HEALTH_STEP points in one byte each per
 * dimension, and t0 as an int32: 6 + 6 + 4 = 16 bytes per resident.
 * Rounding to the nearest step happens at initialisation and at a close
 * only, so the error is at most HEALTH_STEP / 2 per close per dimension.
 *
 * Invariants (model_check_wijk, health_check): base and remnant are at
 * most 10 points (HEALTH_MAX_Q steps); a score is in [0, 10] by the clamp.
 *
 * Layer: below lifecycle (which calls health_need_closed, the one hook
 * where a penalty leaves the open needs) and metrics (health_observe);
 * calls only rng.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

static uint8_t quantise(double points)
{
	double q = points / HEALTH_STEP + 0.5;
	if (!(q > 0.0))
		return 0;
	if (q >= HEALTH_MAX_Q)
		return HEALTH_MAX_Q;
	return (uint8_t)q;   /* truncation = floor for q > 0 */
}

double health_base_mean(const struct model_params *p, int age_band, uint8_t flags, int d)
{
	double mu =
	        p->health_base_mean[d] + p->health_age_shift[age_band] * p->health_age_weight[d];
	if (flags & RES_VULNERABLE)
		mu += p->health_vulnerable_shift[d];
	if (flags & RES_ISOLATED)
		mu += p->health_isolated_shift[d];
	return fmin(fmax(mu, 0.0), 10.0);
}

/* Base score: 10 x Beta(mean mu / 10, concentration), keyed on the
 * resident's global id and the dimension, so it depends on neither the
 * thread count nor the order of the draws. A mean at 0 or 10 is that score. */
static double draw_base(struct model *m, struct wijk *w, uint32_t r, int d)
{
	const struct model_params *p = m->p;
	double mu = health_base_mean(p, w->age[r], w->flags[r], d) / 10.0;
	double nu = p->health_base_concentration[d];

	if (mu <= 0.0 || mu >= 1.0)
		return 10.0 * mu;
	rng_gsl_seek(w->gr, &m->rng, w->first_resident + r, (uint32_t)d, RNG_HEALTH_INIT, 0);
	return 10.0 * gsl_ran_beta(w->gr, mu * nu, (1.0 - mu) * nu);
}

int health_alloc(struct model *m, struct wijk *w)
{
	size_t n = (size_t)w->n_res;

	w->h_rec = calloc(n, sizeof *w->h_rec);
	if (!w->h_rec)
		return -1;
	for (uint32_t r = 0; r < w->n_res; r++)
		for (int d = 0; d < MODEL_DIMENSIONS; d++)
			w->h_rec[r].base[d] = quantise(draw_base(m, w, r, d));
	return 0;
}

void health_free(struct wijk *w)
{
	free(w->h_rec);
	w->h_rec = NULL;
}

/* The factor by which a remnant written on day t0 has shrunk by the end of
 * day t: the same exp as always, looked up (model_alloc fills the table). */
static double decay(const struct model *m, int32_t t0, int t)
{
	int k = t - t0;
	if (k >= 0 && k < m->health_decay_len)
		return m->health_decay[k];
	return exp(-m->p->health_recovery_per_day * (double)k);
}

void health_need_closed(const struct model *m, struct wijk *w, uint32_t n, int day)
{
	const struct model_params *p = m->p;
	const struct need_type_params *nt = &p->need_types[w->n_type[n]];
	uint32_t r = w->n_resident[n];
	struct health_rec *h = &w->h_rec[r];
	uint8_t *rem = h->rem;

	if (p->health_recovery_per_day <= 0.0)
		return;   /* no remnant: the penalty ends with the need */
	/* An escalated need has reached the crisis level S, which has no
	 * penalty of its own: it leaves with the penalty of level S - 1. */
	int level = w->n_severity[n] < nt->severity_levels ? w->n_severity[n]
	                                                     : nt->severity_levels - 1;
	double f = decay(m, h->day, day);
	for (int d = 0; d < MODEL_DIMENSIONS; d++) {
		double v = rem[d] * HEALTH_STEP * f;
		if (d == nt->dimension)
			v += nt->health_penalty[level - 1];
		rem[d] = quantise(v);
	}
	h->day = day;
}

/* Penalties from outside the resident's own needs (care.c, last care
 * week), per dimension: an overloaded carer loses
 * health.overloaded_carer_penalty[d]; a resident whose care need went unmet
 * loses health.unmet_care_penalty[d] x the unmet share. */
static double health_extra_penalty(const struct model *m, const struct wijk *w, uint32_t r, int d)
{
	const struct model_params *p = m->p;
	double pen = 0.0;
	if (w->cr_flags[r] & CR_OVERLOADED)
		pen += p->health_overloaded_carer_penalty[d];
	if (w->cr_unmet[r])
		pen += p->health_unmet_care_penalty[d] * (double)w->cr_unmet[r] / 255.0;
	return pen;
}

void health_scores(const struct model *m, const struct wijk *w, uint32_t r, int day,
                   double score[MODEL_DIMENSIONS])
{
	const struct model_params *p = m->p;
	const struct health_rec *h = &w->h_rec[r];
	const uint8_t *base = h->base, *rem = h->rem;
	double f = 0.0;

	for (int d = 0; d < MODEL_DIMENSIONS; d++)
		score[d] = base[d] * HEALTH_STEP;
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
		const struct need_type_params *nt = &p->need_types[w->n_type[n]];
		score[nt->dimension] -= nt->health_penalty[w->n_severity[n] - 1];
	}
	for (int d = 0; d < MODEL_DIMENSIONS; d++) {
		if (rem[d]) {
			if (f == 0.0)
				f = decay(m, h->day, day);
			score[d] -= rem[d] * HEALTH_STEP * f;
		}
	}
	for (int d = 0; d < MODEL_DIMENSIONS; d++)
		score[d] -= health_extra_penalty(m, w, r, d);
	for (int d = 0; d < MODEL_DIMENSIONS; d++)   /* clamp (no NaN here: fmin/fmax not needed) */
		score[d] = score[d] < 0.0 ? 0.0 : score[d] > 10.0 ? 10.0 : score[d];
}

void health_observe(const struct model *m, const struct wijk *w, double *sum, double *low)
{
	double threshold = m->p->health_low_threshold;
	double score[MODEL_DIMENSIONS];

	for (uint32_t r = 0; r < w->n_res; r++) {
		health_scores(m, w, r, w->day, score);
		for (int d = 0; d < MODEL_DIMENSIONS; d++) {
			sum[d] += score[d];
			low[d] += score[d] < threshold ? 1.0 : 0.0;
		}
	}
}

int health_check(const struct wijk *w, uint32_t *bad_resident)
{
	for (uint32_t r = 0; r < w->n_res; r++) {
		const struct health_rec *h = &w->h_rec[r];
		bool bad = h->day > w->day;
		for (int d = 0; d < MODEL_DIMENSIONS; d++)
			bad |= h->base[d] > HEALTH_MAX_Q || h->rem[d] > HEALTH_MAX_Q;
		if (bad) {
			*bad_resident = r;
			return -1;
		}
	}
	return 0;
}
