/*
 * abc.h — ABC-SMC (approximate Bayesian computation by sequential Monte
 * Carlo; Beaumont et al. 2009, Toni et al. 2009) over the unit box [0, 1]^d
 * with a uniform prior, for `wijksim calibrate` (method = "abc-smc").
 *
 * Invariants:
 *  1. Reproducible from the seed: every draw (prior points, the particle a
 *     proposal starts from, its perturbation, the simulation's seed) comes
 *     from the keyed streams (model/rng.h) at counter (generation, attempt),
 *     and the simulations run one after another, so the sample is the same
 *     at any thread count.
 *  2. Generation 0 samples the prior and accepts everything (tolerance
 *     +inf). Generation t accepts a proposal whose distance is at most
 *     eps_t, the `quantile` of generation t - 1's distances (adaptive).
 *  3. A proposal picks particle j of the last generation by weight and
 *     moves it by a Gaussian with twice that generation's weighted
 *     covariance; one outside the box is drawn again (j too) without a
 *     simulation. Its weight is 1 / sum_j w_j K(theta | theta_j), the
 *     uniform prior's density being constant: with j drawn again, the
 *     accepted proposals have exactly that density inside the box.
 *  4. It stops after `generations`, when a generation's acceptance (accepted
 *     / simulated) falls below `min_acceptance` (that generation is kept), or
 *     when the next simulation would pass `max_simulations`: an unfinished
 *     generation is dropped and the last whole one is the result.
 */
#ifndef WK_ABC_H
#define WK_ABC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct abc_spec {
	size_t d, population, generations, max_simulations;
	double quantile, min_acceptance;
	uint64_t seed;
};

/* Distance of the model at u (d values in [0, 1]) run with `seed`; NaN
 * stops the sampler (the callback keeps its own error). */
typedef double (*abc_distance_fn)(void *data, const double *u, uint64_t seed);

struct abc_result {
	size_t generations, simulations;
	double *particles;  /* [population][d], in [0, 1] */
	double *weights;    /* [population], summing to 1 */
	double *distances;  /* [population] */
	double *tolerance;  /* [generations]: eps_t (generation 0: +inf) */
	double *acceptance; /* [generations]: accepted / simulated */
	double *sims;       /* [generations]: simulations of each generation */
	int budget_stop;    /* 1: the budget ended a generation */
};

/* Run the sampler. 0 on success (res filled; free with abc_result_free),
 * -1 out of memory, 1 the callback failed (NaN) or *stop was set. */
int abc_smc(const struct abc_spec *spec, abc_distance_fn fn, void *data,
            volatile sig_atomic_t *stop, struct abc_result *res);

void abc_result_free(struct abc_result *res);

#endif
