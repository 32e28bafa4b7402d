/*
 * test_shapley.c — Shapley values and the t interval (src/shapley.c): known
 * answers for an additive game, games with interaction, a dummy player and
 * efficiency on an arbitrary game.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "shapley.h"

/* |S|!(k-|S|-1)!/k! for k = 3 and 4, and the weights of one player's
 * subsets sum to 1 for every k. */
static void test_weights(void **state)
{
	(void)state;
	assert_true(fabs(shapley_weight(3, 0) - 1.0 / 3.0) < 1e-15);
	assert_true(fabs(shapley_weight(3, 1) - 1.0 / 6.0) < 1e-15);
	assert_true(fabs(shapley_weight(3, 2) - 1.0 / 3.0) < 1e-15);
	assert_true(fabs(shapley_weight(4, 1) - 1.0 / 12.0) < 1e-15);
	for (size_t k = 1; k <= 8; k++) {
		double sum = 0.0, binomial = 1.0;
		for (size_t s = 0; s < k; s++) {
			sum += binomial * shapley_weight(k, s);
			binomial = binomial * (double)(k - 1 - s) / (double)(s + 1);
		}
		assert_true(fabs(sum - 1.0) < 1e-13);
	}
}

/* v(S) = c + sum of a_i over S: each phi_i is a_i, the single effect. */
static void test_additive(void **state)
{
	static const double a[3] = { 2.385, -0.731, 1.618 }, c = 17.25;
	double v[8], phi[3];
	(void)state;
	for (unsigned s = 0; s < 8; s++) {
		v[s] = c;
		for (unsigned i = 0; i < 3; i++)
			if (s & (1u << i))
				v[s] += a[i];
	}
	shapley_values(3, v, phi);
	for (unsigned i = 0; i < 3; i++) {
		assert_true(fabs(phi[i] - a[i]) < 1e-12);
		assert_true(fabs(phi[i] - (v[1u << i] - v[0])) < 1e-12);
	}
}

/* v(S) = 1 iff |S| = 2, k = 2: no single effect, phi = 0.5 each. */
static void test_pure_interaction(void **state)
{
	static const double v[4] = { 0.0, 0.0, 0.0, 1.0 };
	double phi[2];
	(void)state;
	shapley_values(2, v, phi);
	assert_true(fabs(phi[0] - 0.5) < 1e-15);
	assert_true(fabs(phi[1] - 0.5) < 1e-15);
}

/* Majority of three (v = 1 iff |S| >= 2): 1/3 each; a dummy player (the
 * fourth, who changes nothing) gets exactly 0. */
static void test_majority_and_dummy(void **state)
{
	double v[16], phi[4];
	(void)state;
	for (unsigned s = 0; s < 16; s++) {
		unsigned n = (s & 1u) + ((s >> 1) & 1u) + ((s >> 2) & 1u);
		v[s] = n >= 2 ? 4.75 : 0.0;
	}
	shapley_values(4, v, phi);
	for (unsigned i = 0; i < 3; i++)
		assert_true(fabs(phi[i] - 4.75 / 3.0) < 1e-12);
	assert_true(phi[3] == 0.0);
}

/* Efficiency on an arbitrary game of 6 players: the phi sum to
 * v(full) - v(empty). */
static void test_efficiency(void **state)
{
	double v[64], phi[6], sum = 0.0;
	(void)state;
	for (unsigned s = 0; s < 64; s++)
		v[s] = sin(2.385 * s) * 100.0 + (double)(s * s) * 0.0731;
	shapley_values(6, v, phi);
	for (unsigned i = 0; i < 6; i++)
		sum += phi[i];
	assert_true(fabs(sum - (v[63] - v[0])) < 1e-10);
}

/* 1, 2, 3, 4: mean 2.5, s = 1.2909944, t(0.975, 3) = 3.1824463. */
static void test_interval(void **state)
{
	static const double x[8] = { 1.0, -9.0, 2.0, -9.0, 3.0, -9.0, 4.0, -9.0 };
	double mean, lo, hi, half = 3.182446305284263 * 1.2909944487358056 / 2.0;
	(void)state;
	shapley_mean_interval(x, 4, 2, &mean, &lo, &hi);
	assert_true(fabs(mean - 2.5) < 1e-15);
	assert_true(fabs(lo - (2.5 - half)) < 1e-9);
	assert_true(fabs(hi - (2.5 + half)) < 1e-9);
	shapley_mean_interval(x, 1, 1, &mean, &lo, &hi);
	assert_true(mean == 1.0 && lo == 1.0 && hi == 1.0);
	shapley_mean_interval(x, 0, 1, &mean, &lo, &hi);
	assert_true(isnan(mean) && isnan(lo) && isnan(hi));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_additive),
		cmocka_unit_test(test_pure_interaction),
		cmocka_unit_test(test_majority_and_dummy),
		cmocka_unit_test(test_efficiency),
		cmocka_unit_test(test_interval),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
