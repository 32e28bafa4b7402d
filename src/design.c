/*
 * design.c — the four experiment designs in the unit hypercube (design.h
 * gives the layout and the invariants). GSL does the work: gsl_qrng_sobol
 * for Sobol points, gsl_ran_shuffle and gsl_rng_uniform on the keyed
 * streams (model/rng.h rng_gsl_seek) for the Latin hypercube and Morris.
 */
#include "design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rng.h"

/* The keyed-stream purpose of design draws. Why not in enum rng_purpose:
 * that enum belongs to the model (model/rng.h); design draws are made by the
 * engine before any run, and a purpose of their own keeps them apart from
 * every model draw, so adding a factor never changes a resident's life. */
enum { DESIGN_RNG_PURPOSE = 210 };
/* Which design draws from the stream: the counter's index. */
enum { DESIGN_INDEX_LHS = 1, DESIGN_INDEX_MORRIS = 2 };

static const char *const kind_names[] = {"factorial", "lhs", "sobol", "morris"};

int design_kind_parse(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *design_kind_name(enum design_kind kind)
{
	return (unsigned)kind < 4 ? kind_names[kind] : "?";
}

/* a * b, or 0 when it passes DESIGN_MAX_POINTS. */
static size_t times_capped(size_t a, size_t b)
{
	if (a == 0 || b == 0 || a > DESIGN_MAX_POINTS / b)
		return 0;
	return a * b;
}

static int any_levels(const struct design_spec *spec)
{
	for (size_t i = 0; i < spec->factors; i++)
		if (spec->levels && spec->levels[i])
			return 1;
	return 0;
}

size_t design_point_count(const struct design_spec *spec)
{
	size_t k = spec->factors, n = 1;

	if (k == 0)
		return 0;
	switch (spec->kind) {
	case DESIGN_FACTORIAL:
		for (size_t i = 0; i < k; i++) {
			if (!spec->levels || spec->levels[i] < 2)
				return 0;
			n = times_capped(n, spec->levels[i]);
		}
		return n;
	case DESIGN_LHS:
		return spec->points <= DESIGN_MAX_POINTS ? spec->points : 0;
	case DESIGN_SOBOL:
		if (any_levels(spec) || k > DESIGN_SOBOL_MAX_FACTORS)
			return 0;
		return times_capped(spec->points, k + 2);
	case DESIGN_MORRIS:
		if (any_levels(spec) || spec->morris_levels < 2 || spec->morris_levels % 2)
			return 0;
		return times_capped(spec->points, k + 1);
	}
	return 0;
}

size_t design_level(double u, size_t levels)
{
	double x = floor(u * (double)levels);
	if (x < 0)
		return 0;
	if (x >= (double)levels)
		return levels - 1;
	return (size_t)x;
}

/* Every combination, the last factor varying fastest; level l of L at the
 * middle of its stratum, (l + 0.5) / L, so that design_level gives l back. */
static void generate_factorial(const struct design_spec *spec, size_t n, double *unit)
{
	size_t k = spec->factors;
	for (size_t p = 0; p < n; p++) {
		size_t rest = p;
		for (size_t f = k; f-- > 0;) {
			size_t L = spec->levels[f];
			unit[p * k + f] = ((double)(rest % L) + 0.5) / (double)L;
			rest /= L;
		}
	}
}

/* Column f: a random permutation of the n strata, a uniform point inside
 * each; one stream per factor. */
static int generate_lhs(const struct design_spec *spec, double *unit)
{
	size_t k = spec->factors, n = spec->points;
	size_t *stratum = malloc(n * sizeof *stratum);
	gsl_rng *r = rng_gsl_alloc();
	struct rng_stream s;
	int rc = -1;

	if (!stratum || !r)
		goto out;
	rng_stream_init(&s, spec->seed, 0);
	for (size_t f = 0; f < k; f++) {
		rng_gsl_seek(r, &s, (uint32_t)f, DESIGN_INDEX_LHS, DESIGN_RNG_PURPOSE, 0);
		for (size_t i = 0; i < n; i++)
			stratum[i] = i;
		gsl_ran_shuffle(r, stratum, n, sizeof *stratum);
		for (size_t i = 0; i < n; i++)
			unit[i * k + f] = ((double)stratum[i] + gsl_rng_uniform(r)) / (double)n;
	}
	rc = 0;
out:
	free(stratum);
	if (r)
		gsl_rng_free(r);
	return rc;
}

static int generate_sobol(const struct design_spec *spec, double *unit)
{
	size_t k = spec->factors, N = spec->points;
	gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
	double x[2 * DESIGN_SOBOL_MAX_FACTORS];

	if (!q)
		return -1;
	for (size_t j = 0; j < N; j++) {
		gsl_qrng_get(q, x);
		double *a = unit + j * k, *b = unit + (N + j) * k;
		memcpy(a, x, k * sizeof *a);
		memcpy(b, x + k, k * sizeof *b);
		for (size_t i = 0; i < k; i++) {
			double *ab = unit + ((2 + i) * N + j) * k;
			memcpy(ab, a, k * sizeof *ab);
			ab[i] = b[i];
		}
	}
	gsl_qrng_free(q);
	return 0;
}

/* One stream per trajectory: the base grid levels, then the order in which
 * the factors move. A factor in the lower half of the grid moves up by
 * delta (p/2 grid steps), one in the upper half down, so every point stays
 * on the grid. */
static int generate_morris(const struct design_spec *spec, double *unit)
{
	size_t k = spec->factors, p = spec->morris_levels;
	size_t *order = malloc(k * sizeof *order), *level = malloc(k * sizeof *level);
	gsl_rng *r = rng_gsl_alloc();
	struct rng_stream s;
	int rc = -1;

	if (!order || !level || !r)
		goto out;
	rng_stream_init(&s, spec->seed, 0);
	for (size_t t = 0; t < spec->points; t++) {
		double *x = unit + t * (k + 1) * k;
		rng_gsl_seek(r, &s, (uint32_t)t, DESIGN_INDEX_MORRIS, DESIGN_RNG_PURPOSE, 0);
		for (size_t f = 0; f < k; f++) {
			level[f] = (size_t)gsl_rng_uniform_int(r, (unsigned long)p);
			x[f] = (double)level[f] / (double)(p - 1);
			order[f] = f;
		}
		gsl_ran_shuffle(r, order, k, sizeof *order);
		for (size_t step = 0; step < k; step++) {
			double *prev = x + step * k, *next = prev + k;
			size_t f = order[step];
			size_t moved = level[f] < p / 2 ? level[f] + p / 2 : level[f] - p / 2;
			memcpy(next, prev, k * sizeof *next);
			next[f] = (double)moved / (double)(p - 1);
		}
	}
	rc = 0;
out:
	free(order);
	free(level);
	if (r)
		gsl_rng_free(r);
	return rc;
}

int design_generate(const struct design_spec *spec, double *unit)
{
	size_t n = design_point_count(spec);

	if (n == 0)
		return -1;
	switch (spec->kind) {
	case DESIGN_FACTORIAL:
		generate_factorial(spec, n, unit);
		return 0;
	case DESIGN_LHS:
		return generate_lhs(spec, unit);
	case DESIGN_SOBOL:
		return generate_sobol(spec, unit);
	case DESIGN_MORRIS:
		return generate_morris(spec, unit);
	}
	return -1;
}
