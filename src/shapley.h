/*
 * shapley.h — Shapley values of a cooperative game on k players, and the
 * mean with a 95% t interval of per-replicate values (`wijksim decompose`).
 *
 * A game is v[mask] for every subset of the players 0..k-1, bit i of mask
 * set when player i is in the subset (2^k values; v[0] the empty set).
 * Pure arithmetic: no I/O, no allocation.
 */
#ifndef WK_SHAPLEY_H
#define WK_SHAPLEY_H

#include <stddef.h>

/* Why a bound: the weights use factorials of k in doubles and the game has
 * 2^k values; decompose needs at most 6 (SCEN_INGREDIENTS_MAX). */
enum { SHAPLEY_MAX_PLAYERS = 16 };

/* |S|! (k - |S| - 1)! / k!: the weight of adding a player to a subset S of
 * size s that lacks it (s < k). */
double shapley_weight(size_t k, size_t s);

/* phi[i] = sum over S without i of weight(k, |S|) (v[S + i] - v[S]), for
 * i = 0..k-1 (k <= SHAPLEY_MAX_PLAYERS). The phi sum to v[full] - v[0]. */
void shapley_values(size_t k, const double *v, double *phi);

/* Mean of n values x[0], x[stride], ... and its 95% interval, mean ±
 * t(0.975, n - 1) s / sqrt(n) (GSL's t quantile); lo = hi = mean when
 * n == 1, NaN for all three when n == 0. */
void shapley_mean_interval(const double *x, size_t n, size_t stride, double *mean, double *lo,
                           double *hi);

#endif
