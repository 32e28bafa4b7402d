/*
 * design.h — experiment designs in the unit hypercube: full factorial, Latin
 * hypercube, Saltelli's Sobol design and Morris trajectories
 * (README.md "Experiments, sensitivity and calibration").
 *
 * A design is a matrix unit[point][factor] of numbers in [0, 1]; the caller
 * maps a continuous factor's u to min + u (max - min) and a factor of L
 * levels to level floor(u L) (design_level). Nothing here reads files or
 * knows about scenarios.
 *
 * Invariants:
 *  1. Reproducible from the seed: LHS and Morris draw from the keyed random
 *     streams (model/rng.h) with a purpose of their own, so a design does not
 *     depend on the thread count, nor on anything else drawn in the run;
 *     Sobol points are GSL's gsl_qrng_sobol sequence, factorial has no
 *     randomness at all.
 *  2. Point counts (design_point_count): factorial the product of the levels;
 *     lhs `points`; sobol N (k + 2) for base sample N = `points`; morris
 *     r (k + 1) for r = `points` trajectories.
 *  3. Sobol order (Saltelli 2010): block A (N points), block B (N), then for
 *     each factor i block AB_i (N): A with column i taken from B. A is
 *     columns 0..k-1 and B columns k..2k-1 of the 2k-dimensional sequence,
 *     point j of both from the sequence's point j.
 *  4. Morris (1991): trajectory t is points t (k + 1) .. t (k + 1) + k; its
 *     first point lies on the grid {0, 1/(p-1), ..., 1}, and each next point
 *     moves exactly one factor, each factor once, by +-delta,
 *     delta = p / (2 (p - 1)), staying inside [0, 1].
 *
 * Ownership: design_generate writes into a caller-owned array of
 * design_point_count(...) * k doubles.
 */
#ifndef WK_DESIGN_H
#define WK_DESIGN_H

#include <stddef.h>
#include <stdint.h>

enum design_kind { DESIGN_FACTORIAL, DESIGN_LHS, DESIGN_SOBOL, DESIGN_MORRIS };

/* Why a bound: gsl_qrng_sobol has at most 40 dimensions and the Saltelli
 * design needs two per factor. */
enum { DESIGN_SOBOL_MAX_FACTORS = 20 };

/* Why a bound: a design larger than this is a typing mistake here (each
 * point is a whole scenario run, times its replicates). */
#define DESIGN_MAX_POINTS 10000000u

struct design_spec {
	enum design_kind kind;
	size_t factors;            /* k >= 1 */
	const size_t *levels;      /* k counts: 0 = continuous, else L >= 2 levels */
	size_t points;             /* lhs points, sobol N, morris trajectories */
	size_t morris_levels;      /* p, even, >= 2 */
	uint64_t seed;             /* lhs and morris */
};

/* "factorial", "lhs", "sobol", "morris" <-> kind; -1 when unknown. */
int design_kind_parse(const char *name);
const char *design_kind_name(enum design_kind kind);

/* Points of the design, or 0 when the counts overflow DESIGN_MAX_POINTS
 * (or a factorial factor is continuous). */
size_t design_point_count(const struct design_spec *spec);

/* Fill unit[point * k + factor]. Returns 0, or -1 when out of memory or the
 * spec is one design_point_count refuses (levels in a sobol or morris
 * design, too many sobol factors, an odd morris p). */
int design_generate(const struct design_spec *spec, double *unit);

/* The level (0..levels-1) of a unit value for a factor of `levels` levels. */
size_t design_level(double u, size_t levels);

#endif
