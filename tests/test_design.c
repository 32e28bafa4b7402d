/*
 * test_design.c — experiment designs (src/design.c): point counts per
 * design, every value inside [0, 1], Latin hypercube strata each hit once
 * per factor, Sobol points equal to GSL's own sequence in Saltelli's
 * block order, Morris trajectories that move one factor at a time by delta,
 * every factorial combination once, and the same design from the same seed
 * (a different one from another seed).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_qrng.h>

#include "design.h"

static double *generate(const struct design_spec *spec, size_t *n)
{
	*n = design_point_count(spec);
	assert_true(*n > 0);
	double *u = malloc(*n * spec->factors * sizeof *u);
	assert_non_null(u);
	assert_int_equal(design_generate(spec, u), 0);
	for (size_t i = 0; i < *n * spec->factors; i++)
		assert_true(u[i] >= 0.0 && u[i] <= 1.0);
	return u;
}

static void test_counts(void **state)
{
	(void)state;
	size_t levels[3] = {2, 3, 5}, none[3] = {0, 0, 0};
	struct design_spec s = {DESIGN_FACTORIAL, 3, levels, 0, 4, 7};
	assert_int_equal(design_point_count(&s), 30);
	s.kind = DESIGN_LHS;
	s.points = 64;
	assert_int_equal(design_point_count(&s), 64);
	s.levels = none;
	s.kind = DESIGN_SOBOL;
	s.points = 16;
	assert_int_equal(design_point_count(&s), 16 * 5);
	s.kind = DESIGN_MORRIS;
	s.points = 10;
	assert_int_equal(design_point_count(&s), 10 * 4);
	/* refused: zero points, levels in sobol/morris, odd p, a continuous
	 * factor in a factorial, too many sobol factors */
	s.points = 0;
	assert_int_equal(design_point_count(&s), 0);
	s.points = 10;
	s.morris_levels = 5;
	assert_int_equal(design_point_count(&s), 0);
	s.morris_levels = 4;
	s.levels = levels;
	assert_int_equal(design_point_count(&s), 0);
	s.kind = DESIGN_SOBOL;
	assert_int_equal(design_point_count(&s), 0);
	s.kind = DESIGN_FACTORIAL;
	s.levels = none;
	assert_int_equal(design_point_count(&s), 0);
	s.kind = DESIGN_SOBOL;
	s.factors = DESIGN_SOBOL_MAX_FACTORS + 1;
	s.levels = NULL;
	assert_int_equal(design_point_count(&s), 0);
	assert_int_equal(design_kind_parse("morris"), DESIGN_MORRIS);
	assert_int_equal(design_kind_parse("box-behnken"), -1);
}

/* Every combination of levels exactly once, and design_level gives each
 * level back. */
static void test_factorial(void **state)
{
	(void)state;
	size_t levels[3] = {2, 3, 4}, n;
	struct design_spec s = {DESIGN_FACTORIAL, 3, levels, 0, 4, 0};
	double *u = generate(&s, &n);
	int seen[2][3][4] = {{{0}}};
	for (size_t p = 0; p < n; p++) {
		size_t a = design_level(u[p * 3], 2), b = design_level(u[p * 3 + 1], 3),
		       c = design_level(u[p * 3 + 2], 4);
		seen[a][b][c]++;
	}
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 3; b++)
			for (int c = 0; c < 4; c++)
				assert_int_equal(seen[a][b][c], 1);
	free(u);
}

/* Each of the n strata [i/n, (i+1)/n) of each factor holds exactly one
 * point; a level factor of L levels gets every level n/L times. */
static void test_lhs_strata(void **state)
{
	(void)state;
	size_t levels[3] = {0, 0, 4}, n;
	struct design_spec s = {DESIGN_LHS, 3, levels, 64, 4, 20261122u};
	double *u = generate(&s, &n);
	for (size_t f = 0; f < 3; f++) {
		int hits[64] = {0}, per_level[4] = {0};
		for (size_t p = 0; p < n; p++) {
			hits[design_level(u[p * 3 + f], 64)]++;
			per_level[design_level(u[p * 3 + f], 4)]++;
		}
		for (size_t i = 0; i < 64; i++)
			assert_int_equal(hits[i], 1);
		for (size_t l = 0; l < 4; l++)
			assert_int_equal(per_level[l], 16);
	}
	/* the same seed gives the same design, another seed another one */
	double *again = generate(&s, &n);
	assert_memory_equal(u, again, n * 3 * sizeof *u);
	s.seed = 20261123u;
	double *other = generate(&s, &n);
	assert_true(memcmp(u, other, n * 3 * sizeof *u) != 0);
	free(u);
	free(again);
	free(other);
}

/* A is the first k and B the last k coordinates of GSL's 2k-dimensional
 * Sobol sequence, point by point; AB_i is A with column i of B. */
static void test_sobol_is_gsl(void **state)
{
	(void)state;
	enum { K = 3, N = 32 };
	size_t n;
	struct design_spec s = {DESIGN_SOBOL, K, NULL, N, 4, 0};
	double *u = generate(&s, &n);
	gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * K);
	assert_int_equal(n, N * (K + 2));
	for (size_t j = 0; j < N; j++) {
		double x[2 * K];
		gsl_qrng_get(q, x);
		for (size_t f = 0; f < K; f++) {
			assert_true(u[j * K + f] == x[f]);
			assert_true(u[(N + j) * K + f] == x[K + f]);
			for (size_t i = 0; i < K; i++)
				assert_true(u[((2 + i) * N + j) * K + f] ==
				            (f == i ? x[K + f] : x[f]));
		}
	}
	gsl_qrng_free(q);
	free(u);
}

/* Each trajectory: k + 1 points on the grid, each step moves exactly one
 * factor by exactly delta, and every factor moves once. */
static void test_morris_one_at_a_time(void **state)
{
	(void)state;
	enum { K = 4, R = 25, P = 6 };
	size_t n;
	struct design_spec s = {DESIGN_MORRIS, K, NULL, R, P, 99u};
	double *u = generate(&s, &n), delta = (double)P / (2.0 * (P - 1));
	int ups = 0, downs = 0;
	assert_int_equal(n, R * (K + 1));
	for (size_t t = 0; t < R; t++) {
		int moved[K] = {0};
		for (size_t step = 0; step < K; step++) {
			const double *a = u + (t * (K + 1) + step) * K, *b = a + K;
			int changed = 0;
			for (size_t f = 0; f < K; f++) {
				double grid = a[f] * (P - 1);
				assert_true(fabs(grid - round(grid)) < 1e-12);
				if (a[f] != b[f]) {
					changed++;
					moved[f]++;
					assert_true(fabs(fabs(b[f] - a[f]) - delta) < 1e-12);
					if (b[f] > a[f])
						ups++;
					else
						downs++;
				}
			}
			assert_int_equal(changed, 1);
		}
		for (size_t f = 0; f < K; f++)
			assert_int_equal(moved[f], 1);
	}
	/* both directions occur (100 steps; P(all one way) = 2^-100) */
	assert_true(ups > 0 && downs > 0);
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_factorial),
		cmocka_unit_test(test_lhs_strata),
		cmocka_unit_test(test_sobol_is_gsl),
		cmocka_unit_test(test_morris_one_at_a_time),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
