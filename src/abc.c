/*
 * abc.c — ABC-SMC over the unit box (abc.h gives the algorithm and the
 * invariants). GSL does the linear algebra (Cholesky of the kernel's
 * covariance) and the Gaussian draws, on the keyed streams of model/rng.h.
 */
#include "abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rng.h"

/* The keyed-stream purpose of the sampler's draws. Why not in enum
 * rng_purpose: that enum is the model's; these draws are made between runs,
 * and a purpose of their own (next to design.c's 210) keeps them apart from
 * every model and design draw. */
enum { ABC_RNG_PURPOSE = 211 };
/* Why a cap: a population squeezed against the box's edge could propose
 * outside it for ever; after this many proposals per particle wanted, the
 * generation ends as if the budget had (invariant 4). */
enum { ABC_MAX_PROPOSALS_PER_PARTICLE = 1000 };
/* Why: a kernel variance of zero (every particle in one point) would stop the
 * sampler from moving; the floor is a millionth of the box. */
#define ABC_MIN_VARIANCE 1e-12

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The q-quantile (linear interpolation) of n values. */
static double quantile_of(const double *v, size_t n, double q, double *scratch)
{
	memcpy(scratch, v, n * sizeof *v);
	qsort(scratch, n, sizeof *scratch, cmp_double);
	double pos = q * (double)(n - 1);
	size_t i = (size_t)floor(pos);
	if (i + 1 >= n)
		return scratch[n - 1];
	return scratch[i] + (pos - (double)i) * (scratch[i + 1] - scratch[i]);
}

/* L (lower Cholesky factor, in L's lower triangle) of twice the weighted
 * covariance of the population; a diagonal one when that is not positive
 * definite. */
static void kernel_factor(size_t n, size_t d, const double *x, const double *w, gsl_matrix *L)
{
	double mean[16] = {0};
	for (size_t i = 0; i < n; i++)
		for (size_t a = 0; a < d; a++)
			mean[a] += w[i] * x[i * d + a];
	for (size_t a = 0; a < d; a++)
		for (size_t b = 0; b <= a; b++) {
			double s = 0;
			for (size_t i = 0; i < n; i++)
				s += w[i] * (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
			gsl_matrix_set(L, a, b, 2 * s + (a == b ? ABC_MIN_VARIANCE : 0));
			gsl_matrix_set(L, b, a, 2 * s + (a == b ? ABC_MIN_VARIANCE : 0));
		}
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int bad = gsl_linalg_cholesky_decomp1(L);
	gsl_set_error_handler(old);
	if (bad) {
		for (size_t a = 0; a < d; a++) {
			double s = 0;
			for (size_t i = 0; i < n; i++)
				s += w[i] * (x[i * d + a] - mean[a]) * (x[i * d + a] - mean[a]);
			for (size_t b = 0; b < d; b++)
				gsl_matrix_set(L, a, b, 0);
			gsl_matrix_set(L, a, a, sqrt(2 * s + ABC_MIN_VARIANCE));
		}
	}
}

/* log K(x | y) up to a constant: -|L^-1 (x - y)|^2 / 2. */
static double log_kernel(const gsl_matrix *L, size_t d, const double *x, const double *y)
{
	double z[16], m = 0;
	for (size_t a = 0; a < d; a++) {
		double s = x[a] - y[a];
		for (size_t b = 0; b < a; b++)
			s -= gsl_matrix_get(L, a, b) * z[b];
		z[a] = s / gsl_matrix_get(L, a, a);
		m += z[a] * z[a];
	}
	return -0.5 * m;
}

void abc_result_free(struct abc_result *res)
{
	free(res->particles);
	free(res->weights);
	free(res->distances);
	free(res->tolerance);
	free(res->acceptance);
	free(res->sims);
	memset(res, 0, sizeof *res);
}

int abc_smc(const struct abc_spec *spec, abc_distance_fn fn, void *data,
            volatile sig_atomic_t *stop, struct abc_result *res)
{
	size_t n = spec->population, d = spec->d, G = spec->generations;
	double *x = malloc(n * d * sizeof *x), *w = malloc(n * sizeof *w);
	double *rho = malloc(n * sizeof *rho), *nx = malloc(n * d * sizeof *nx);
	double *nw = malloc(n * sizeof *nw), *nrho = malloc(n * sizeof *nrho);
	double *scratch = malloc(n * sizeof *scratch), *cum = malloc(n * sizeof *cum);
	gsl_matrix *L = d ? gsl_matrix_alloc(d, d) : NULL;
	gsl_rng *r = rng_gsl_alloc();
	struct rng_stream s;
	int rc = 0;

	memset(res, 0, sizeof *res);
	res->tolerance = malloc(G * sizeof *res->tolerance);
	res->acceptance = malloc(G * sizeof *res->acceptance);
	res->sims = malloc(G * sizeof *res->sims);
	if (!x || !w || !rho || !nx || !nw || !nrho || !scratch || !cum || !L || !r ||
	    !res->tolerance || !res->acceptance || !res->sims || d > 16 || n < 2) {
		rc = -1;
		goto out;
	}
	rng_stream_init(&s, spec->seed, 0);
	for (size_t g = 0; g < G; g++) {
		double eps = g == 0 ? INFINITY : quantile_of(rho, n, spec->quantile, scratch);
		size_t accepted = 0, simulated = 0, attempt = 0;
		size_t max_attempts = ABC_MAX_PROPOSALS_PER_PARTICLE * n;

		if (g > 0) {
			kernel_factor(n, d, x, w, L);
			for (size_t i = 0; i < n; i++)
				cum[i] = (i ? cum[i - 1] : 0) + w[i];
		}
		while (accepted < n) {
			double u[16];
			if (attempt == max_attempts ||
			    res->simulations + 1 > spec->max_simulations) {
				res->budget_stop = 1;
				break;
			}
			rng_gsl_seek(r, &s, (uint32_t)g, (uint32_t)attempt++, ABC_RNG_PURPOSE, 0);
			if (g == 0) {
				for (size_t a = 0; a < d; a++)
					u[a] = gsl_rng_uniform(r);
			} else {
				/* invariant 3: a particle by weight, moved by the kernel */
				double pick = gsl_rng_uniform(r) * cum[n - 1], z[16];
				size_t j = 0;
				int inside = 1;
				while (j + 1 < n && cum[j] <= pick)
					j++;
				for (size_t a = 0; a < d; a++)
					z[a] = gsl_ran_gaussian(r, 1.0);
				for (size_t a = 0; a < d; a++) {
					u[a] = x[j * d + a];
					for (size_t b = 0; b <= a; b++)
						u[a] += gsl_matrix_get(L, a, b) * z[b];
					inside = inside && u[a] >= 0 && u[a] <= 1;
				}
				if (!inside)
					continue;
			}
			uint64_t seed = gsl_rng_get(r);
			double dist = fn(data, u, seed);
			res->simulations++;
			simulated++;
			if (isnan(dist) || (stop && *stop)) {
				rc = 1;
				goto out;
			}
			if (!(dist <= eps))
				continue;
			memcpy(nx + accepted * d, u, d * sizeof *u);
			nrho[accepted] = dist;
			if (g == 0) {
				nw[accepted] = 1;
			} else {
				/* invariant 3: 1 / sum_j w_j K(u | x_j), by log-sum-exp */
				double top = -INFINITY, sum = 0;
				for (size_t j = 0; j < n; j++) {
					scratch[j] = log(w[j]) + log_kernel(L, d, u, x + j * d);
					top = fmax(top, scratch[j]);
				}
				for (size_t j = 0; j < n; j++)
					sum += exp(scratch[j] - top);
				nw[accepted] = -(top + log(sum)); /* a log weight */
			}
			accepted++;
		}
		if (accepted < n)
			break; /* invariant 4: the unfinished generation is dropped */
		double total = 0, top = -INFINITY;
		for (size_t i = 0; g > 0 && i < n; i++)
			top = fmax(top, nw[i]);
		for (size_t i = 0; g > 0 && i < n; i++)
			nw[i] = exp(nw[i] - top);
		for (size_t i = 0; i < n; i++)
			total += nw[i];
		for (size_t i = 0; i < n; i++)
			nw[i] /= total;
		memcpy(x, nx, n * d * sizeof *x);
		memcpy(w, nw, n * sizeof *w);
		memcpy(rho, nrho, n * sizeof *rho);
		res->tolerance[g] = eps;
		res->acceptance[g] = (double)n / (double)simulated;
		res->sims[g] = (double)simulated;
		res->generations = g + 1;
		if (res->acceptance[g] < spec->min_acceptance)
			break;
	}
	if (res->generations == 0) {
		rc = 0; /* the caller reports that the budget held no whole generation */
		goto out;
	}
	res->particles = x;
	res->weights = w;
	res->distances = rho;
	x = w = rho = NULL;
out:
	free(x);
	free(w);
	free(rho);
	free(nx);
	free(nw);
	free(nrho);
	free(scratch);
	free(cum);
	if (L)
		gsl_matrix_free(L);
	if (r)
		gsl_rng_free(r);
	if (rc)
		abc_result_free(res);
	return rc;
}
