/*
 * decompose.h — `wijksim decompose`: the headline outcomes of every
 * combination of a scenario's ingredients, their Shapley decomposition, and
 * its three outputs (a table, a tidy CSV, the /decompose group of a result
 * file). README.md "Decompose a scenario", ODD.md "Decomposing a scenario".
 *
 * Values are [combination][replicate][outcome], combination = the mask of
 * ingredients switched on (bit i: ingredient i; 0 = the baseline, 2^k - 1 =
 * the scenario). Statistics are per replicate first (the Shapley values are
 * linear in the game), then the mean and 95% t interval over replicates.
 */
#ifndef WK_DECOMPOSE_H
#define WK_DECOMPOSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "h5out.h"

/* Why not a setting: the default -r of decompose, chosen so that
 * `wijksim decompose scenarios/ruwaard.cfg --baseline scenarios/baseline.cfg`
 * (32 combinations, each replicate after a six-year warm-up) finishes in
 * under a minute on two cores (README.md "Decompose a scenario"). */
enum { DECOMPOSE_REPLICATES = 3 };

/* Statistics of one number over replicates. */
enum { DECOMPOSE_MEAN, DECOMPOSE_LO95, DECOMPOSE_HI95, DECOMPOSE_STATS };

struct decompose_result {
	size_t k, n_outcomes, replicates;
	char **ingredients;        /* k names (owned) */
	char *scenario, *baseline; /* names (owned) */
	uint64_t seed;
	double *shapley;        /* [k][O][3]: mean, lo95, hi95 */
	double *single;         /* [k][O][3]: v({i}) - v(empty) */
	double *total;          /* [O][3]: v(all) - v(empty) */
	double *remainder;      /* [O][3]: total - sum of single effects */
	double *baseline_value; /* [O]: mean of v(empty) */
	double *scenario_value; /* [O]: mean of v(all) */
};

/* The outcomes, in order: name (HDF5 and CSV), unit, and how a replicate's
 * series is reduced to the number. */
size_t decompose_outcome_count(void);
const char *decompose_outcome_name(size_t o);
const char *decompose_outcome_unit(size_t o);
const char *decompose_outcome_meaning(size_t o);

/* Read the outcomes of `n_groups` scenario groups of result file `path`,
 * each with `replicates` replicates, into values[g][r][o]. Status 1 on a
 * read failure. */
int decompose_read_outcomes(const char *path, const char *const *groups, size_t n_groups,
                            size_t replicates, double *values, struct wk_error *err);

/* Decompose values (2^k combinations, as above) into *res, which the caller
 * frees with decompose_result_free (also after a failure). Fails (status 1)
 * when the Shapley values of a replicate do not sum to its total effect. */
int decompose_compute(size_t k, const char *const *ingredients, size_t replicates,
                      const double *values, struct decompose_result *res, struct wk_error *err);
void decompose_result_free(struct decompose_result *res);

/* The table for a 100-column terminal. */
void decompose_print(FILE *out, const struct decompose_result *res);

/* Tidy CSV: outcome,unit,ingredient,kind,mean,lo95,hi95,replicates. */
int decompose_write_csv(const char *path, const struct decompose_result *res, struct wk_error *err);

/* The /decompose group (README.md "Decompose a scenario" gives the layout)
 * in result file `h` before it is committed. */
int decompose_write_h5(struct h5out *h, const struct decompose_result *res, struct wk_error *err);

#endif
