/*
 * test_engine.c — unit tests of the engine's pieces of one world
 * (src/engine.c: engine_run_wijken, engine_add_wijk, engine_finish_replicate),
 * which bin/wijksim-mpi uses to spread one world's wijken over ranks: the
 * wijken run in pieces, in any order and on any thread count, and summed in
 * wijk order give the very doubles of the whole replicate run at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <omp.h>

#include "engine.h"
#include "params_load.h"
#include "scen.h"
#include "schema.h"

struct world {
	struct scen *scen;
	struct model_params p;
};

/* The baseline with five wijken of different sizes, a warm-up that does
 * not end on an interval's end, and a last interval shorter than the rest. */
static int world_setup(void **state)
{
	static const char *const ov[] = {
		"world.wijken=5",           "world.residents_per_wijk=900",
		"world.wijk_size_spread=0.5", "simulation.days=30",
		"simulation.warmup_days=17", "simulation.output_every=7",
	};
	struct world *w = calloc(1, sizeof *w);
	struct wk_error err;

	wk_error_clear(&err);
	if (!w || scen_load(&schema_wijksim, "scenarios/baseline.cfg", ov, 6, &w->scen, &err) ||
	    params_load(w->scen, &w->p, &err)) {
		free(w);
		return -1;
	}
	*state = w;
	return 0;
}

static int world_teardown(void **state)
{
	struct world *w = *state;
	scen_free(w->scen);
	free(w);
	return 0;
}

/* Replicate r run whole, as engine_run writes it. */
static double *whole(const struct model_params *p, size_t r)
{
	struct engine_stats st;
	char msg[512];
	double *v = malloc(engine_unit_doubles(p) * sizeof *v);
	assert_non_null(v);
	assert_int_equal(engine_run_units(p, r, 1, 0, NULL, v, &st, msg, sizeof msg), 0);
	return v;
}

/* Replicate r from pieces run in the order given (firsts[k], counts[k]),
 * summed in wijk order. */
static double *from_pieces(const struct model_params *p, size_t r, const int *firsts,
                           const int *counts, int n)
{
	size_t wd = engine_wijk_doubles(p);
	double *slots = calloc((size_t)p->wijken * wd, sizeof *slots);
	double *acc = calloc(wd, sizeof *acc);
	double *v = malloc(engine_unit_doubles(p) * sizeof *v);
	struct engine_stats st;
	char msg[512];

	assert_non_null(slots);
	assert_non_null(acc);
	assert_non_null(v);
	for (int k = 0; k < n; k++)
		assert_int_equal(engine_run_wijken(p, r, firsts[k], counts[k], 0, NULL,
		                                   slots + (size_t)firsts[k] * wd, &st, msg,
		                                   sizeof msg),
		                 0);
	for (int w = 0; w < p->wijken; w++)
		engine_add_wijk(acc, slots + (size_t)w * wd, wd);
	assert_int_equal(engine_finish_replicate(p, acc, v), 0);
	free(slots);
	free(acc);
	return v;
}

static void test_pieces_give_the_whole_replicate(void **state)
{
	const struct world *w = *state;
	const struct model_params *p = &w->p;
	size_t bytes = engine_unit_doubles(p) * sizeof(double);
	/* out of order, of uneven sizes, one of a single wijk */
	const int firsts[] = { 3, 0, 2 }, counts[] = { 2, 2, 1 };

	for (size_t r = 0; r < 2; r++) {
		double *a = whole(p, r), *b;
		omp_set_num_threads(1);
		b = from_pieces(p, r, firsts, counts, 3);
		assert_memory_equal(a, b, bytes);
		free(b);
		omp_set_num_threads(2);
		b = from_pieces(p, r, (const int[]){ 0 }, (const int[]){ 5 }, 1);
		assert_memory_equal(a, b, bytes);
		free(b);
		free(a);
	}
}

/* The check can fail: another replicate's pieces are other numbers. */
static void test_pieces_of_another_replicate_differ(void **state)
{
	const struct world *w = *state;
	const struct model_params *p = &w->p;
	double *a = whole(p, 0);
	double *b = from_pieces(p, 1, (const int[]){ 0 }, (const int[]){ 5 }, 1);
	assert_memory_not_equal(a, b, engine_unit_doubles(p) * sizeof(double));
	free(a);
	free(b);
}

static void test_wijken_outside_the_world_are_refused(void **state)
{
	const struct world *w = *state;
	struct engine_stats st;
	char msg[512] = "";
	double slot[1];

	assert_int_equal(engine_run_wijken(&w->p, 0, 4, 2, 0, NULL, slot, &st, msg, sizeof msg),
	                 1);
	assert_non_null(strstr(msg, "wijken 4..5 are not in the world"));
	assert_int_equal(engine_run_wijken(&w->p, 0, -1, 1, 0, NULL, slot, &st, msg, sizeof msg),
	                 1);
	assert_int_equal(engine_run_wijken(&w->p, 0, 0, 0, 0, NULL, slot, &st, msg, sizeof msg),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces_give_the_whole_replicate),
		cmocka_unit_test(test_pieces_of_another_replicate_differ),
		cmocka_unit_test(test_wijken_outside_the_world_are_refused),
	};
	return cmocka_run_group_tests(tests, world_setup, world_teardown);
}
