/*
 * test_rng.c — the counter-based streams: known answers, independence from
 * visiting order, and the gsl_rng wrapper.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>

#include "rng.h"

/* Philox4x32-10 known-answer vectors published with Random123
 * (kat_vectors): key = seed words, counter = our four counter words. */
static void test_known_answers(void **state)
{
	struct rng_stream s;
	uint32_t out[4];
	(void)state;

	rng_stream_init(&s, 0, 0);
	rng_words(&s, 0, 0, 0, 0, out);
	assert_int_equal(out[0], 0x6627e8d5u);
	assert_int_equal(out[1], 0xe169c58du);
	assert_int_equal(out[2], 0xbc57ac4cu);
	assert_int_equal(out[3], 0x9b00dbd8u);

	/* counter 243f6a88 85a308d3 13198a2e 03707344, key a4093822 299f31d0 */
	rng_stream_init(&s, 0x299f31d0a4093822ULL, 0x13198a2eu);
	rng_words(&s, 0x243f6a88u, 0x85a308d3u, 0x03u, 0x707344u, out);
	assert_int_equal(out[0], 0xd16cfe09u);
	assert_int_equal(out[1], 0x94fdccebu);
	assert_int_equal(out[2], 0x5001e420u);
	assert_int_equal(out[3], 0x24126ea1u);
}

/* A draw depends only on its counter: visiting entities backwards gives
 * every entity the same words. */
static void test_order_independent(void **state)
{
	enum { N = 1000 };
	static uint32_t forward[N][4], backward[N][4];
	struct rng_stream s;
	(void)state;
	rng_stream_init(&s, 2385, 7);
	for (uint32_t e = 0; e < N; e++)
		rng_words(&s, e, 3, RNG_ARRIVAL, 0, forward[e]);
	for (uint32_t e = N; e-- > 0;) {
		uint32_t noise[4];
		rng_words(&s, e + 5000, 1, RNG_SERVICE, 9, noise);  /* other draws in between */
		rng_words(&s, e, 3, RNG_ARRIVAL, 0, backward[e]);
	}
	assert_memory_equal(forward, backward, sizeof forward);
}

/* Seed, replicate, purpose and sequence each change the draw. */
static void test_every_counter_word_matters(void **state)
{
	struct rng_stream a, b;
	uint32_t x[4], y[4];
	(void)state;
	rng_stream_init(&a, 2385, 0);
	rng_words(&a, 1, 2, RNG_NEED_EVENT, 3, x);
	rng_stream_init(&b, 2386, 0);
	rng_words(&b, 1, 2, RNG_NEED_EVENT, 3, y);
	assert_true(memcmp(x, y, sizeof x) != 0);
	rng_stream_init(&b, 2385, 1);
	rng_words(&b, 1, 2, RNG_NEED_EVENT, 3, y);
	assert_true(memcmp(x, y, sizeof x) != 0);
	rng_words(&a, 1, 2, RNG_ROUTE, 3, y);
	assert_true(memcmp(x, y, sizeof x) != 0);
	rng_words(&a, 1, 2, RNG_NEED_EVENT, 4, y);
	assert_true(memcmp(x, y, sizeof x) != 0);
}

/* Uniform mean and exponential mean within 4 standard errors (fixed seed). */
static void test_distributions(void **state)
{
	struct rng_stream s;
	const int n = 200000;
	double sum_u = 0.0, sum_e = 0.0, lo = 1.0, hi = 0.0;
	(void)state;
	rng_stream_init(&s, 2385, 0);
	for (int i = 0; i < n; i++) {
		uint32_t w[4];
		rng_words(&s, (uint32_t)i, 0, RNG_TEST, 0, w);
		double u = rng_u01(w[0]);
		sum_u += u;
		lo = fmin(lo, u);
		hi = fmax(hi, u);
		sum_e += rng_exponential(w[1], 0.25);
	}
	assert_true(lo > 0.0 && hi < 1.0);
	assert_true(fabs(sum_u / n - 0.5) < 4.0 * sqrt(1.0 / 12.0 / n));
	assert_true(fabs(sum_e / n - 4.0) < 4.0 * 4.0 / sqrt((double)n));
	assert_true(isinf(rng_exponential(12345u, 0.0)));
}

/* Categorical draws follow the weights (chi-square-like check per cell). */
static void test_categorical_and_gsl(void **state)
{
	struct rng_stream s;
	const double weights[4] = {0.1, 0.0, 0.6, 0.3};
	int counts[4] = {0};
	const int n = 100000;
	(void)state;
	rng_stream_init(&s, 2385, 2);
	for (int i = 0; i < n; i++) {
		uint32_t w[4];
		rng_words(&s, (uint32_t)i, 0, RNG_TEST, 1, w);
		counts[rng_categorical(w[0], weights, 4, 1.0)]++;
	}
	assert_int_equal(counts[1], 0);
	for (int k = 0; k < 4; k++)
		assert_true(fabs(counts[k] - n * weights[k]) <=
		            4.0 * sqrt(n * weights[k] * (1 - weights[k])) + 1e-9);

	/* The gsl wrapper: a seek to the same counter repeats the draws. */
	gsl_rng *r = rng_gsl_alloc();
	assert_non_null(r);
	double first[8], again[8];
	rng_gsl_seek(r, &s, 11, 12, RNG_TEST, 13);
	for (int i = 0; i < 8; i++)
		first[i] = gsl_ran_gaussian(r, 1.0);
	rng_gsl_seek(r, &s, 11, 12, RNG_TEST, 13);
	for (int i = 0; i < 8; i++)
		again[i] = gsl_ran_gaussian(r, 1.0);
	assert_memory_equal(first, again, sizeof first);
	gsl_rng_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_order_independent),
		cmocka_unit_test(test_every_counter_word_matters),
		cmocka_unit_test(test_distributions),
		cmocka_unit_test(test_categorical_and_gsl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
