/*
 * shapley.c — Shapley values by the subset formula and the t interval of a
 * mean (shapley.h).
 *
 * The subset formula visits every subset once per player: k 2^(k-1)
 * differences, 192 for k = 6, so no cleverer order is needed. Because phi
 * is linear in v, decompose applies it to each replicate's game and then
 * takes the mean and interval of the per-replicate phi; the efficiency
 * property (the phi sum to v[full] - v[0]) holds per replicate up to
 * rounding, and decompose asserts it.
 */
#include "shapley.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

double shapley_weight(size_t k, size_t s)
{
	/* s! (k-s-1)! / k! = 1 / (k * C(k-1, s)); the product stays exact in
	 * doubles for k <= SHAPLEY_MAX_PLAYERS. */
	double binomial = 1.0;

	for (size_t j = 1; j <= s; j++)
		binomial = binomial * (double)(k - j) / (double)j;
	return 1.0 / ((double)k * binomial);
}

static size_t bits_set(unsigned mask)
{
	size_t n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

void shapley_values(size_t k, const double *v, double *phi)
{
	unsigned n_sets = 1u << k;

	for (size_t i = 0; i < k; i++) {
		unsigned bit = 1u << i;
		double sum = 0.0;

		for (unsigned s = 0; s < n_sets; s++)
			if (!(s & bit))
				sum += shapley_weight(k, bits_set(s)) * (v[s | bit] - v[s]);
		phi[i] = sum;
	}
}

void shapley_mean_interval(const double *x, size_t n, size_t stride, double *mean, double *lo,
                           double *hi)
{
	double sum = 0.0, sum_sq = 0.0, m, half;

	if (n == 0) {
		*mean = *lo = *hi = NAN;
		return;
	}
	for (size_t r = 0; r < n; r++)
		sum += x[r * stride];
	m = sum / (double)n;
	*mean = *lo = *hi = m;
	if (n < 2)
		return;
	for (size_t r = 0; r < n; r++)
		sum_sq += (x[r * stride] - m) * (x[r * stride] - m);
	half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sqrt(sum_sq / (double)(n - 1)) /
	       sqrt((double)n);
	*lo = m - half;
	*hi = m + half;
}
