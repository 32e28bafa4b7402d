/*
 * calibrate.c — `wijksim calibrate` (calibrate.h gives the invariants).
 *
 * The loop: read the section and check it against the scenario (paths,
 * ranges, target metrics and labels, `per` against the metric's kind);
 * minimise chi2(u) = sum over targets ((model(u) - value) / sd)^2 with GSL's
 * nmsimplex2 in logit space; at the optimum compute the Hessian for the
 * uncertainty and every validation figure; write the result file, print the
 * table, and with --write-scenario a scenario that extends the input with
 * the calibrated values. One evaluation = the scenario's effective text
 * with the parameters as --set overrides, run through engine_run into a
 * scratch result that is read back open and thrown away (as experiment).
 */
#include "calibrate.h"

#include "abc.h"

#include <errno.h>
#include <libgen.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "engine.h"
#include "experiment.h"
#include "h5common.h"
#include "h5out.h"
#include "h5publish.h"
#include "model.h"
#include "params_load.h"
#include "shapley.h"

#ifdef WK_MPI
/* bin/wijksim-mpi compiles this file again (Makefile): an evaluation's
 * replicates run over the MPI ranks (src/mpi/mpi_run.c). */
#include "mpi_run.h"
#define engine_run mpi_engine_run
#endif

#ifndef WK_VERSION
#define WK_VERSION "0.1.0"
#endif

/* Why a constant: the Hessian's step, 1% of each range, is wide enough to
 * see the objective's curvature through the runs' discreteness at a few
 * replicates and narrow enough for a quadratic to hold near the optimum. */
#define HESSIAN_STEP 0.01
/* Why: the simplex starts at the middle of every range and spans about a
 * quarter of each (logit 0 -> 0.5, logit 1 -> 0.73). */
#define START_STEP 1.0
enum { CAL_MAX_PARAMETERS = 10, CAL_MAX_LABELS = 64, CAL_MAX_OVERRIDES = 256,
       CAL_MAX_ELEMENTS = 8 };
enum cal_per {
	PER_MEAN,
	PER_YEAR,
	PER_RESIDENT_YEAR,
	PER_1000_RESIDENT_YEAR,
	PER_END,
	PER_END_1000_RESIDENTS
};
static const char *const per_names[] = {"mean", "year", "resident_year", "per_1000_residents_year",
                                        "end",  "end_per_1000_residents"};

static volatile sig_atomic_t calibrate_stop;

static void on_stop(int sig)
{
	(void)sig;
	calibrate_stop = 1;
}

struct cal_figure {
	char name[48], metric_name[48], source[401];
	size_t metric, n_labels, labels[CAL_MAX_LABELS]; /* labels: indices on the axis */
	int all_labels;
	enum cal_per per;
	double value, sd;
	double model, lo, hi; /* at the last evaluation */
};

struct cal_parameter {
	char path[256];
	enum schema_type type;     /* FLOAT for a scale parameter */
	double min, max;
	int scale;                 /* the value multiplies the array base[0 .. n_base) */
	size_t n_base;
	double base[CAL_MAX_ELEMENTS];
};

enum cal_method { METHOD_NELDER_MEAD, METHOD_ABC_SMC };
static const char *const method_names[] = {"nelder-mead", "abc-smc"};

struct calibration {
	char name[48];
	enum cal_method method;
	size_t budget, replicates, d, n_targets, n_validation;
	size_t abc_population, abc_generations;
	double tolerance, residents, abc_quantile, abc_min_acceptance;
	uint64_t seed;
	struct cal_parameter par[CAL_MAX_PARAMETERS];
	struct cal_figure *targets, *validation;
};

struct cal_args {
	const char *file, *output, *write_scenario;
	const char *sets[CAL_MAX_OVERRIDES];
	size_t n_sets;
	long threads;
	int force, quiet;
};

/* ------------------------------------------------------------ reading */

static int read_figures(const struct scen *scen, const struct model_params *p,
                        const config_setting_t *list, struct cal_figure **out, size_t *n,
                        struct wk_error *err)
{
	*n = (size_t)config_setting_length(list);
	*out = calloc(*n ? *n : 1, sizeof **out);
	if (!*out)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	for (size_t i = 0; i < *n; i++) {
		const config_setting_t *el = config_setting_get_elem(list, (unsigned)i);
		const config_setting_t *ms = config_setting_get_member(el, "metric");
		const config_setting_t *ls = config_setting_get_member(el, "labels");
		const config_setting_t *ps = config_setting_get_member(el, "per");
		struct cal_figure *fg = &(*out)[i];
		const char *text = NULL;
		int m, flow;

		config_setting_lookup_string(el, "name", &text);
		snprintf(fg->name, sizeof fg->name, "%s", text);
		text = config_setting_get_string(ms);
		snprintf(fg->metric_name, sizeof fg->metric_name, "%s", text);
		text = NULL;
		config_setting_lookup_string(el, "source", &text);
		snprintf(fg->source, sizeof fg->source, "%s", text ? text : "");
		config_setting_lookup_float(el, "value", &fg->value);
		config_setting_lookup_float(el, "sd", &fg->sd);
		m = model_metric_find(fg->metric_name);
		if (m < 0)
			return scen_error_at(scen, ms, err,
			                     "unknown outcome '%s': expected a "
			                     "dataset name of a result (utilisation, contacts, "
			                     "cost_total, ...)",
			                     fg->metric_name);
		fg->metric = (size_t)m;
		const struct model_metric *mm = model_metric_get(fg->metric);
		fg->per = (enum cal_per)schema_choice_index(
		        schema_find(&schema_wijksim, "calibration.targets.[].per"),
		        config_setting_get_string(ps));
		flow = strcmp(mm->kind, "flow") == 0;
		if (flow && (fg->per == PER_MEAN || fg->per >= PER_END))
			return scen_error_at(scen, ps, err,
			                     "%s is a flow: expected per = \"year\", "
			                     "\"resident_year\" or \"per_1000_residents_year\"",
			                     fg->metric_name);
		if (!flow && strcmp(mm->kind, "stock") == 0 && fg->per != PER_MEAN &&
		    fg->per < PER_END)
			return scen_error_at(scen, ps, err,
			                     "%s is a stock, not a flow: expected per = "
			                     "\"mean\", \"end\" or \"end_per_1000_residents\"",
			                     fg->metric_name);
		if (!flow && strcmp(mm->kind, "stock") != 0 && fg->per != PER_MEAN)
			return scen_error_at(scen, ps, err,
			                     "%s is a %s, not a flow: expected per = "
			                     "\"mean\"",
			                     fg->metric_name, mm->kind);
		fg->n_labels = (size_t)config_setting_length(ls);
		fg->all_labels = fg->n_labels == 0;
		if (fg->n_labels && (mm->axis == AXIS_NONE || mm->axis2 != AXIS_NONE))
			return scen_error_at(scen, ls, err, "%s %s: labels pick labels of one axis",
			                     fg->metric_name,
			                     mm->axis == AXIS_NONE ? "has no axis"
			                                           : "has two axes");
		for (size_t j = 0; j < fg->n_labels; j++) {
			const char *want = config_setting_get_string_elem(ls, (int)j);
			size_t len = model_axis_len(p, mm->axis), k;
			for (k = 0; k < len; k++)
				if (strcmp(model_axis_label(p, mm->axis, k), want) == 0)
					break;
			if (k == len)
				return scen_error_at(scen, ls, err, "%s has no %s '%s'",
				                     fg->metric_name, model_axis_name(mm->axis),
				                     want);
			fg->labels[j] = k;
		}
	}
	return 0;
}

/* A scale parameter (scale = true): path names a number array, min and max
 * are positive multipliers, and every element times either end must be
 * inside the setting's range; its --set text must fit. */
static int read_scale(const struct scen *scen, const config_setting_t *el,
                      struct cal_parameter *pa, struct wk_error *err)
{
	const config_setting_t *ps = config_setting_get_member(el, "path");
	const config_setting_t *mn = config_setting_get_member(el, "min");
	const config_setting_t *mx = config_setting_get_member(el, "max");
	const struct schema_entry *e;
	int rc;

	if ((rc = experiment_resolve_array(scen, &schema_wijksim, ps, pa->path, &e, pa->base,
	                                   CAL_MAX_ELEMENTS, &pa->n_base, err)))
		return rc;
	pa->type = SCHEMA_FLOAT;
	pa->min = config_setting_get_float(mn);
	pa->max = config_setting_get_float(mx);
	if (!(pa->min > 0.0))
		return scen_error_at(scen, mn, err, "expected a multiplier above 0, got %g",
		                     pa->min);
	if (!(pa->min < pa->max))
		return scen_error_at(scen, mx, err, "expected max above min (%g), got %g", pa->min,
		                     pa->max);
	for (size_t k = 0; k < pa->n_base; k++)
		for (int end = 0; end < 2; end++) {
			double v = pa->base[k] * (end ? pa->max : pa->min);
			if (v < e->min || v > e->max)
				return scen_error_at(scen, end ? mx : mn, err,
				                     "%s element %zu (%g) times %g is %g, outside "
				                     "the setting's range %g to %g", pa->path, k,
				                     pa->base[k], end ? pa->max : pa->min, v,
				                     e->min, e->max);
		}
	/* the longest --set text: the path and every element at 24 characters */
	if (strlen(pa->path) + 3 + 26 * pa->n_base >= EXPERIMENT_SET_CAP)
		return scen_error_at(scen, ps, err, "%s: path and array too long for a "
		                     "parameter", pa->path);
	return 0;
}

/* The --set text of parameter pa at value v. */
static void parameter_set(const struct cal_parameter *pa, double v, char *out, size_t size)
{
	if (pa->scale) {
		size_t used = (size_t)snprintf(out, size, "%s=[", pa->path);
		for (size_t k = 0; k < pa->n_base && used < size; k++) {
			/* a float literal ("25.0", not "25"): libconfig arrays hold one type */
			char num[32];
			snprintf(num, sizeof num, "%.17g", pa->base[k] * v);
			used += (size_t)snprintf(out + used, size - used, "%s%s%s", k ? ", " : "",
			                         num, strpbrk(num, ".eEn") ? "" : ".0");
		}
		if (used < size)
			snprintf(out + used, size - used, "]");
	} else if (pa->type == SCHEMA_FLOAT) {
		snprintf(out, size, "%s=%.17g", pa->path, v);
	} else {
		snprintf(out, size, "%s=%.0f", pa->path, v);
	}
}

static int calibration_read(const struct scen *scen, const struct model_params *p,
                            struct calibration *cal, struct wk_error *err)
{
	const config_t *cfg = scen_config(scen);
	config_setting_t *sec = config_lookup(cfg, "calibration");
	config_setting_t *pars = config_setting_get_member(sec, "parameters");
	config_setting_t *targets = config_setting_get_member(sec, "targets");
	const char *name = NULL, *method = NULL;
	int budget = 0, replicates = 0, population = 0, generations = 0, rc;

	memset(cal, 0, sizeof *cal);
	config_setting_lookup_string(sec, "name", &name);
	snprintf(cal->name, sizeof cal->name, "%s", name && name[0] ? name : p->name);
	if (strchr(cal->name, '/') || cal->name[0] == '.')
		return scen_error_at(scen, config_setting_get_member(sec, "name"), err,
		                     "'%s' cannot name an HDF5 group", cal->name);
	config_setting_lookup_int(sec, "budget", &budget);
	config_setting_lookup_int(sec, "replicates", &replicates);
	config_setting_lookup_float(sec, "simplex_tolerance", &cal->tolerance);
	config_setting_lookup_string(sec, "method", &method);
	cal->method = method && strcmp(method, "abc-smc") == 0 ? METHOD_ABC_SMC
	                                                       : METHOD_NELDER_MEAD;
	config_setting_lookup_int(sec, "abc_population", &population);
	config_setting_lookup_int(sec, "abc_generations", &generations);
	config_setting_lookup_float(sec, "abc_quantile", &cal->abc_quantile);
	config_setting_lookup_float(sec, "abc_min_acceptance", &cal->abc_min_acceptance);
	cal->abc_population = (size_t)population;
	cal->abc_generations = (size_t)generations;
	cal->budget = (size_t)budget;
	cal->replicates = (size_t)(replicates ? replicates : p->replicates);
	cal->seed = p->seed;
	cal->residents = (double)p->wijken * (double)p->residents_per_wijk;
	cal->d = (size_t)config_setting_length(pars);
	if (cal->d == 0)
		return scen_error_at(scen, sec, err,
		                     "a calibration needs at least one parameter "
		                     "(calibration.parameters = ( { path = \"...\"; min = ...; "
		                     "max = ...; } ))");
	if (config_setting_length(targets) == 0)
		return scen_error_at(scen, sec, err,
		                     "a calibration needs at least one target "
		                     "(calibration.targets)");
	for (size_t i = 0; i < cal->d; i++) {
		const config_setting_t *el = config_setting_get_elem(pars, (unsigned)i);
		const config_setting_t *ps = config_setting_get_member(el, "path");
		const config_setting_t *mn = config_setting_get_member(el, "min");
		const config_setting_t *mx = config_setting_get_member(el, "max");
		const struct schema_entry *e;
		struct cal_parameter *pa = &cal->par[i];

		snprintf(pa->path, sizeof pa->path, "%s", config_setting_get_string(ps));
		for (size_t j = 0; j < i; j++)
			if (strcmp(cal->par[j].path, pa->path) == 0)
				return scen_error_at(scen, ps, err, "%s is parameter %zu already",
				                     pa->path, j);
		pa->scale = config_setting_get_bool(config_setting_get_member(el, "scale"));
		if (pa->scale) {
			if ((rc = read_scale(scen, el, pa, err)))
				return rc;
			continue;
		}
		if ((rc = experiment_resolve_factor(scen, &schema_wijksim, ps, pa->path, &e, err)))
			return rc;
		if (e->type != SCHEMA_FLOAT && e->type != SCHEMA_INT && e->type != SCHEMA_INT64)
			return scen_error_at(scen, ps, err,
			                     "%s is a %s setting: a parameter is a "
			                     "number",
			                     pa->path, schema_type_name(e->type));
		pa->type = e->type;
		pa->min = config_setting_get_float(mn);
		pa->max = config_setting_get_float(mx);
		if ((rc = experiment_check_number(scen, mn, e, pa->path, pa->min, err)) ||
		    (rc = experiment_check_number(scen, mx, e, pa->path, pa->max, err)))
			return rc;
		if (!(pa->min < pa->max))
			return scen_error_at(scen, mx, err, "expected max above min (%g), got %g",
			                     pa->min, pa->max);
	}
	if (cal->method == METHOD_ABC_SMC &&
	    cal->budget < cal->replicates * cal->abc_population)
		return scen_error_at(scen, config_setting_get_member(sec, "budget"), err,
		                     "a budget of %zu runs does not hold the first generation: "
		                     "expected at least abc_population x replicates = %zu",
		                     cal->budget, cal->replicates * cal->abc_population);
	if (cal->method == METHOD_NELDER_MEAD && cal->budget < cal->replicates * (cal->d + 1))
		return scen_error_at(scen, config_setting_get_member(sec, "budget"), err,
		                     "a budget of %zu runs does not hold the first simplex: "
		                     "expected at least (parameters + 1) x replicates = %zu",
		                     cal->budget, cal->replicates * (cal->d + 1));
	if ((rc = read_figures(scen, p, targets, &cal->targets, &cal->n_targets, err)))
		return rc;
	return read_figures(scen, p, config_setting_get_member(sec, "validation"), &cal->validation,
	                    &cal->n_validation, err);
}

static void calibration_free(struct calibration *cal)
{
	free(cal->targets);
	free(cal->validation);
	cal->targets = cal->validation = NULL;
}

/* --------------------------------------------------------- evaluating */

struct cal_context {
	const struct calibration *cal;
	struct calibration *mut;
	const char *text, *file, *scratch;
	size_t evaluations, cap;
	double *trace_u, *trace_chi2; /* [evaluations][d], [evaluations] */
	int failed;
	struct wk_error *err;
};

static double logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static double parameter_value(const struct cal_parameter *pa, double u)
{
	double v = pa->min + (pa->max - pa->min) * u;
	return pa->type == SCHEMA_FLOAT ? v : fmin(pa->max, fmax(pa->min, round(v)));
}

/* One figure's model value: per replicate the sum over its labels of the
 * run summaries, scaled by `per`; mean and 95% t interval over replicates. */
static void figure_value(struct cal_figure *fg, const double *summary, size_t R, size_t L,
                         double residents)
{
	double *v = malloc(R * sizeof *v);
	double scale = fg->per == PER_RESIDENT_YEAR ? 1.0 / residents
	               : fg->per == PER_1000_RESIDENT_YEAR || fg->per == PER_END_1000_RESIDENTS
	                       ? 1000.0 / residents
	                       : 1.0;
	if (!v) {
		fg->model = fg->lo = fg->hi = NAN;
		return;
	}
	for (size_t r = 0; r < R; r++) {
		double s = 0;
		if (fg->all_labels)
			for (size_t a = 0; a < L; a++)
				s += summary[r * L + a];
		else
			for (size_t j = 0; j < fg->n_labels; j++)
				s += summary[r * L + fg->labels[j]];
		v[r] = s * scale;
	}
	shapley_mean_interval(v, R, 1, &fg->model, &fg->lo, &fg->hi);
	free(v);
}

/* Run the scenario at u and fill every figure's model value (targets, and
 * validation when `validation`). Returns 0 or err->status. */
static int evaluate(struct cal_context *c, const double *u, const uint64_t *seed, int validation)
{
	const struct calibration *cal = c->cal;
	char sets[CAL_MAX_PARAMETERS + 2][EXPERIMENT_SET_CAP];
	const char *ov[CAL_MAX_PARAMETERS + 2];
	size_t n_ov = cal->d + 1;
	struct scen *scen = NULL;
	struct model_params p;
	struct engine_scenario sc;
	struct engine_options opt = {0};
	struct engine_stats stats;
	struct h5out *out = NULL;
	char *text = NULL;
	double *summary = NULL;
	int rc;

	for (size_t i = 0; i < cal->d; i++) {
		const struct cal_parameter *pa = &cal->par[i];
		parameter_set(pa, parameter_value(pa, u[i]), sets[i], sizeof sets[i]);
		ov[i] = sets[i];
	}
	snprintf(sets[cal->d], sizeof sets[cal->d], "simulation.replicates=%zu", cal->replicates);
	ov[cal->d] = sets[cal->d];
	if (seed) {
		snprintf(sets[n_ov], sizeof sets[n_ov], "simulation.seed=%lluL",
		         (unsigned long long)*seed);
		ov[n_ov] = sets[n_ov];
		n_ov++;
	}
	if ((rc = scen_load_text(&schema_wijksim, c->text, c->file, ov, n_ov, &scen, c->err)) ||
	    (rc = params_load(scen, &p, c->err)))
		goto out;
	text = scen_effective_text(scen);
	if (!text) {
		rc = wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	sc = (struct engine_scenario){ .name = "evaluation", .params = &p, .config_text = text,
	                               .replicates = cal->replicates };
	if ((rc = h5out_create(c->scratch, 1, &out, c->err)))
		goto out;
	opt.stop = &calibrate_stop;
	if ((rc = engine_run(&sc, 1, out, &opt, &stats, c->err)))
		goto out;
	for (int set = 0; set < (validation ? 2 : 1) && !rc; set++) {
		struct cal_figure *figs = set ? c->mut->validation : c->mut->targets;
		size_t n = set ? cal->n_validation : cal->n_targets;
		for (size_t i = 0; i < n && !rc; i++) {
			size_t L = model_metric_len(&p, figs[i].metric);
			free(summary);
			summary = malloc(cal->replicates * L * sizeof *summary);
			if (!summary) {
				rc = wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
				                  "out of memory");
				break;
			}
			rc = figs[i].per >= PER_END
			             ? experiment_read_end(out, "evaluation", &p, cal->replicates,
			                                   figs[i].metric, summary, c->err)
			             : experiment_read_summary(out, "evaluation", &p,
			                                       cal->replicates, figs[i].metric,
			                                       summary, c->err);
			if (!rc)
				figure_value(&figs[i], summary, cal->replicates, L, cal->residents);
		}
	}
out:
	h5out_abort(out);
	free(summary);
	free(text);
	scen_free(scen);
	return rc;
}

static double chi2_of(const struct calibration *cal)
{
	double chi2 = 0;
	for (size_t i = 0; i < cal->n_targets; i++) {
		double z = (cal->targets[i].model - cal->targets[i].value) / cal->targets[i].sd;
		chi2 += z * z;
	}
	return chi2;
}

/* chi2 at u (with `seed`, NULL: the scenario's), recorded in the trace;
 * NaN after a failure. */
static double objective_seeded(struct cal_context *c, const double *u, const uint64_t *seed)
{
	double chi2;
	if (c->failed)
		return GSL_NAN;
	if (evaluate(c, u, seed, 0)) {
		c->failed = 1;
		return GSL_NAN;
	}
	chi2 = chi2_of(c->cal);
	if (isnan(chi2))
		chi2 = GSL_POSINF; /* a NaN outcome (no denominator) fits nothing */
	if (c->evaluations == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		double *tu = realloc(c->trace_u, cap * c->cal->d * sizeof *tu);
		double *tc = tu ? realloc(c->trace_chi2, cap * sizeof *tc) : NULL;
		if (tu)
			c->trace_u = tu;
		if (!tu || !tc) {
			c->failed = 1;
			wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
			return GSL_NAN;
		}
		c->trace_chi2 = tc;
		c->cap = cap;
	}
	memcpy(c->trace_u + c->evaluations * c->cal->d, u, c->cal->d * sizeof *u);
	c->trace_chi2[c->evaluations++] = chi2;
	return chi2;
}

static double objective_at(struct cal_context *c, const double *u)
{
	return objective_seeded(c, u, NULL);
}

/* ABC's distance: chi2 of a run with a fresh seed (abc.h). */
static double abc_distance(void *data, const double *u, uint64_t seed)
{
	return objective_seeded(data, u, &seed);
}

static double simplex_objective(const gsl_vector *x, void *data)
{
	struct cal_context *c = data;
	double u[CAL_MAX_PARAMETERS];
	for (size_t i = 0; i < c->cal->d; i++)
		u[i] = logistic(gsl_vector_get(x, i));
	return objective_at(c, u);
}

/* Nelder-Mead in logit space (invariant 2); the best u into best. */
static int minimise(struct cal_context *c, double *best, double *chi2, int *converged)
{
	const struct calibration *cal = c->cal;
	size_t d = cal->d, max_evals = cal->budget / cal->replicates;
	/* Keep the Hessian's 2 d^2 + 1 evaluations out of the search when the
	 * budget holds both, so the optimum gets its uncertainty. */
	size_t reserve = 2 * d * d + 1;
	if (max_evals >= d + 1 + reserve + d + 1)
		max_evals -= reserve;
	gsl_multimin_function fn = {simplex_objective, d, c};
	gsl_vector *x = gsl_vector_calloc(d), *step = gsl_vector_alloc(d);
	gsl_multimin_fminimizer *s =
	        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, d);
	int rc = 0;

	*converged = 0;
	if (!x || !step || !s) {
		rc = wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	gsl_vector_set_all(step, START_STEP);
	gsl_multimin_fminimizer_set(s, &fn, x, step);
	/* An iteration evaluates 1 or 2 points, or d + 1 when it shrinks. */
	while (!c->failed && !calibrate_stop && c->evaluations + d + 1 <= max_evals) {
		if (gsl_multimin_fminimizer_iterate(s))
			break;
		/* |du| <= |dx| / 4 (the logistic's slope): size in x below 4 tol
		 * keeps the simplex in u below tol. */
		if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 4 * cal->tolerance) ==
		    GSL_SUCCESS) {
			*converged = 1;
			break;
		}
	}
	if (c->failed) {
		rc = c->err->status ? c->err->status : WK_EXIT_RUNTIME;
		goto out;
	}
	for (size_t i = 0; i < d; i++)
		best[i] = logistic(gsl_vector_get(s->x, i));
	*chi2 = s->fval;
out:
	if (s)
		gsl_multimin_fminimizer_free(s);
	gsl_vector_free(x);
	gsl_vector_free(step);
	return rc;
}

/* sd of each parameter from chi2's curvature at u (cov = 2 H^-1, in u
 * space, times the range); NaN where the step leaves [0, 1] or H is not
 * positive definite. */
static int uncertainty(struct cal_context *c, const double *u, double f0, double *sd)
{
	size_t d = c->cal->d;
	double h = HESSIAN_STEP, at[CAL_MAX_PARAMETERS];
	gsl_matrix *H = gsl_matrix_alloc(d, d);
	int ok = H != NULL;

	for (size_t i = 0; i < d; i++) {
		sd[i] = NAN;
		if (u[i] - h < 0 || u[i] + h > 1)
			ok = 0;
	}
	for (size_t i = 0; ok && i < d; i++) {
		double fp, fm;
		memcpy(at, u, d * sizeof *at);
		at[i] = u[i] + h;
		fp = objective_at(c, at);
		at[i] = u[i] - h;
		fm = objective_at(c, at);
		gsl_matrix_set(H, i, i, (fp - 2 * f0 + fm) / (h * h));
		for (size_t j = 0; j < i; j++) {
			double f[4];
			for (int k = 0; k < 4; k++) {
				memcpy(at, u, d * sizeof *at);
				at[i] += k & 1 ? -h : h;
				at[j] += k & 2 ? -h : h;
				f[k] = objective_at(c, at);
			}
			double hij = (f[0] - f[1] - f[2] + f[3]) / (4 * h * h);
			gsl_matrix_set(H, i, j, hij);
			gsl_matrix_set(H, j, i, hij);
		}
	}
	if (c->failed) {
		gsl_matrix_free(H);
		return c->err->status ? c->err->status : WK_EXIT_RUNTIME;
	}
	if (ok && gsl_linalg_cholesky_decomp1(H) == GSL_SUCCESS &&
	    gsl_linalg_cholesky_invert(H) == GSL_SUCCESS)
		for (size_t i = 0; i < d; i++)
			sd[i] = sqrt(2 * gsl_matrix_get(H, i, i)) *
			        (c->cal->par[i].max - c->cal->par[i].min);
	if (H)
		gsl_matrix_free(H);
	return 0;
}

struct cal_result {
	double u[CAL_MAX_PARAMETERS], estimate[CAL_MAX_PARAMETERS], sd[CAL_MAX_PARAMETERS];
	double chi2;
	int converged;
	struct abc_result abc; /* abc-smc: the last generation */
};

/* abc-smc (abc.h): the posterior sample, its weighted mean (res->u and the
 * estimate) and sd. Fresh seeds for every simulation, drawn from the keyed
 * streams of the scenario's seed; the fit is then run at the mean with the
 * scenario's seed, like nelder-mead's. */
static int run_abc(struct cal_context *c, struct cal_result *res)
{
	const struct calibration *cal = c->cal;
	struct abc_spec spec = {cal->d,
	                        cal->abc_population,
	                        cal->abc_generations,
	                        cal->budget / cal->replicates,
	                        cal->abc_quantile,
	                        cal->abc_min_acceptance,
	                        cal->seed};
	int rc = abc_smc(&spec, abc_distance, c, &calibrate_stop, &res->abc);

	if (rc < 0)
		return wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	if (rc)
		return c->err->status ? c->err->status : WK_EXIT_RUNTIME;
	if (res->abc.generations == 0)
		return wk_error_set(c->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "abc-smc: the first generation did not finish within the "
		                    "budget");
	for (size_t i = 0; i < cal->d; i++) {
		double mu = 0, mv = 0, vv = 0;
		for (size_t k = 0; k < cal->abc_population; k++) {
			double w = res->abc.weights[k];
			double ui = res->abc.particles[k * cal->d + i];
			mu += w * ui;
			mv += w * parameter_value(&cal->par[i], ui);
		}
		for (size_t k = 0; k < cal->abc_population; k++) {
			double v = parameter_value(&cal->par[i],
			                           res->abc.particles[k * cal->d + i]) -
			           mv;
			vv += res->abc.weights[k] * v * v;
		}
		res->u[i] = mu;
		res->estimate[i] = mv;
		res->sd[i] = sqrt(vv);
	}
	res->converged = !res->abc.budget_stop;
	return 0;
}

/* ------------------------------------------------------------ output */

static int write_strings(hid_t g, const char *name, size_t n, const char *const *v, int scale)
{
	hsize_t dims[1] = {n};
	hid_t type = h5c_utf8_string_type(), space = H5Screate_simple(1, dims, NULL), ds;
	int rc = -1;
	ds = type >= 0 && space >= 0
	             ? H5Dcreate2(g, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
	             : H5I_INVALID_HID;
	if (ds >= 0 && (n == 0 || H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0) &&
	    (!scale || H5DSset_scale(ds, name) >= 0))
		rc = 0;
	h5c_close_id(&ds);
	h5c_close_id(&space);
	h5c_close_id(&type);
	return rc;
}

static int write_doubles(hid_t g, const char *name, int rank, const hsize_t *dims, const double *v,
                         const char *const *scales)
{
	hid_t space = H5Screate_simple(rank, dims, NULL), ds;
	int ok = space >= 0;
	ds = ok ? H5Dcreate2(g, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT,
	                     H5P_DEFAULT)
	        : H5I_INVALID_HID;
	ok = ds >= 0 && (dims[0] == 0 ||
	                 H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
	for (int i = 0; ok && scales && i < rank; i++) {
		hid_t sc = H5Dopen2(g, scales[i], H5P_DEFAULT);
		ok = sc >= 0 && H5DSattach_scale(ds, sc, (unsigned)i) >= 0;
		h5c_close_id(&sc);
	}
	h5c_close_id(&ds);
	h5c_close_id(&space);
	return ok ? 0 : -1;
}

/* The figures of one set as name [N] (a scale) and <set>_<field> [N]. */
static int write_figures(hid_t g, const char *set, const struct cal_figure *f, size_t n)
{
	const char **names = calloc(n + 1, sizeof *names), **metric = calloc(n + 1, sizeof *metric);
	const char **per = calloc(n + 1, sizeof *per), **source = calloc(n + 1, sizeof *source);
	double *col = calloc(n + 1, sizeof *col);
	static const char *const fields[] = {"value",    "sd",       "model_value",
	                                     "model_lo", "model_hi", "ratio"};
	const char *scale[1] = {set};
	hsize_t dims[1] = {n};
	char name[64];
	int rc = -1;

	if (!names || !metric || !per || !source || !col)
		goto out;
	for (size_t i = 0; i < n; i++) {
		names[i] = f[i].name;
		metric[i] = f[i].metric_name;
		per[i] = per_names[f[i].per];
		source[i] = f[i].source;
	}
	if (write_strings(g, set, n, names, 1))
		goto out;
	snprintf(name, sizeof name, "%s_metric", set);
	if (write_strings(g, name, n, metric, 0))
		goto out;
	snprintf(name, sizeof name, "%s_per", set);
	if (write_strings(g, name, n, per, 0))
		goto out;
	snprintf(name, sizeof name, "%s_source", set);
	if (write_strings(g, name, n, source, 0))
		goto out;
	for (size_t k = 0; k < 6; k++) {
		for (size_t i = 0; i < n; i++) {
			const double v[6] = {f[i].value, f[i].sd, f[i].model,
			                     f[i].lo,    f[i].hi, f[i].model / f[i].value};
			col[i] = v[k];
		}
		snprintf(name, sizeof name, "%s_%s", set, fields[k]);
		if (write_doubles(g, name, 1, dims, col, scale))
			goto out;
	}
	rc = 0;
out:
	free(names);
	free(metric);
	free(per);
	free(source);
	free(col);
	return rc;
}

/* abc-smc: the particles [N, d] in value space, weights, distances, and the
 * schedule [G] (tolerance, acceptance, simulations). */
static int write_abc(hid_t g, const struct calibration *cal, const struct cal_result *res)
{
	const struct abc_result *a = &res->abc;
	size_t n = cal->abc_population, d = cal->d;
	hsize_t nd[2] = {n, d}, n1[1] = {n}, g1[1] = {a->generations};
	const char *ps[2] = {"particle", "parameter"}, *gs[1] = {"generation"};
	double *values = malloc((n * d + 1) * sizeof *values);
	long long *idx = malloc((n + a->generations + 1) * sizeof *idx);
	int ok = values && idx;

	for (size_t i = 0; ok && i < n * d; i++)
		values[i] = parameter_value(&cal->par[i % d], a->particles[i]);
	for (size_t i = 0; ok && i < n + a->generations; i++)
		idx[i] = (long long)(i < n ? i : i - n);
	for (int k = 0; ok && k < 2; k++) {
		hsize_t dims[1] = {k ? a->generations : n};
		hid_t sp = H5Screate_simple(1, dims, NULL), ds = H5I_INVALID_HID;
		const char *nm = k ? "generation" : "particle";
		if (sp >= 0)
			ds = H5Dcreate2(g, nm, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT,
			                H5P_DEFAULT);
		ok = ds >= 0 &&
		     H5Dwrite(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT,
		              idx + (k ? n : 0)) >= 0 &&
		     H5DSset_scale(ds, nm) >= 0;
		h5c_close_id(&ds);
		h5c_close_id(&sp);
	}
	ok = ok && write_doubles(g, "abc_parameters", 2, nd, values, ps) == 0 &&
	     write_doubles(g, "abc_weight", 1, n1, a->weights, ps) == 0 &&
	     write_doubles(g, "abc_distance", 1, n1, a->distances, ps) == 0 &&
	     write_doubles(g, "abc_tolerance", 1, g1, a->tolerance, gs) == 0 &&
	     write_doubles(g, "abc_acceptance", 1, g1, a->acceptance, gs) == 0 &&
	     write_doubles(g, "abc_simulations", 1, g1, a->sims, gs) == 0 &&
	     h5c_attr_write_int64(g, "abc_population", (long long)n) >= 0 &&
	     h5c_attr_write_int64(g, "abc_generations", (long long)a->generations) >= 0 &&
	     h5c_attr_write_int64(g, "abc_budget_stop", a->budget_stop) >= 0;
	free(values);
	free(idx);
	return ok ? 0 : -1;
}

static int write_result(const char *target, int force, const struct calibration *cal,
                        const struct cal_context *c, const struct cal_result *res,
                        const char *config_text, const char *command_line, struct wk_error *err)
{
	struct h5pub pub;
	hid_t file = H5I_INVALID_HID, root = H5I_INVALID_HID, g = H5I_INVALID_HID;
	char sha[H5C_SHA256_HEX_BYTES];
	const char *names[CAL_MAX_PARAMETERS];
	double lo[CAL_MAX_PARAMETERS], hi[CAL_MAX_PARAMETERS], scale[CAL_MAX_PARAMETERS];
	hsize_t d1[1] = {cal->d}, ed[2] = {c->evaluations, cal->d}, e1[1] = {c->evaluations};
	const char *ps[1] = {"parameter"}, *es[2] = {"evaluation", "parameter"};
	int rc;

	h5c_quiet();
	if ((rc = h5pub_begin(&pub, target, force, err)))
		return rc;
	file = H5Fcreate(pub.temp_path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	if (file < 0) {
		rc = h5c_fail(err, target, "cannot create '%s'", pub.temp_path);
		goto out;
	}
	pub.temp_created = 1;
	for (size_t i = 0; i < cal->d; i++) {
		names[i] = cal->par[i].path;
		lo[i] = cal->par[i].min;
		hi[i] = cal->par[i].max;
		scale[i] = cal->par[i].scale;
	}
	h5c_sha256_hex(config_text, strlen(config_text), sha);
	root = H5Gcreate2(file, "calibration", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	g = root >= 0 ? H5Gcreate2(root, cal->name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
	              : H5I_INVALID_HID;
	long long *evals = malloc((c->evaluations + 1) * sizeof *evals);
	for (size_t i = 0; evals && i < c->evaluations; i++)
		evals[i] = (long long)i;
	hid_t es_space = H5Screate_simple(1, e1, NULL), es_ds = H5I_INVALID_HID;
	if (g >= 0 && es_space >= 0)
		es_ds = H5Dcreate2(g, "evaluation", H5T_STD_I64LE, es_space, H5P_DEFAULT,
		                   H5P_DEFAULT, H5P_DEFAULT);
	int ok = evals && es_ds >= 0 &&
	         (c->evaluations == 0 ||
	          H5Dwrite(es_ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, evals) >= 0) &&
	         H5DSset_scale(es_ds, "evaluation") >= 0;
	h5c_close_id(&es_ds);
	h5c_close_id(&es_space);
	free(evals);
	double *trace = malloc((c->evaluations * cal->d + 1) * sizeof *trace);
	for (size_t i = 0; trace && i < c->evaluations * cal->d; i++)
		trace[i] = parameter_value(&cal->par[i % cal->d], c->trace_u[i]);
	ok = ok && trace && h5c_attr_write_string(file, "producer", "wijksim") >= 0 &&
	     h5c_attr_write_string(file, "version", WK_VERSION) >= 0 &&
	     h5c_attr_write_string(file, "command_line", command_line) >= 0 &&
	     h5c_attr_write_string(g, "method", method_names[cal->method]) >= 0 &&
	     h5c_attr_write_int64(g, "replicates", (long long)cal->replicates) >= 0 &&
	     h5c_attr_write_uint64(g, "seed", cal->seed) >= 0 &&
	     h5c_attr_write_int64(g, "budget", (long long)cal->budget) >= 0 &&
	     h5c_attr_write_int64(g, "evaluations", (long long)c->evaluations) >= 0 &&
	     h5c_attr_write_int64(g, "runs", (long long)(c->evaluations * cal->replicates)) >= 0 &&
	     h5c_attr_write_int64(g, "converged", res->converged) >= 0 &&
	     h5c_attr_write_string(g, "config", config_text) >= 0 &&
	     h5c_attr_write_string(g, "config_sha256", sha) >= 0 &&
	     write_strings(g, "parameter", cal->d, names, 1) == 0 &&
	     write_doubles(g, "estimate", 1, d1, res->estimate, ps) == 0 &&
	     write_doubles(g, "sd", 1, d1, res->sd, ps) == 0 &&
	     write_doubles(g, "min", 1, d1, lo, ps) == 0 &&
	     write_doubles(g, "max", 1, d1, hi, ps) == 0 &&
	     write_doubles(g, "scale", 1, d1, scale, ps) == 0 &&
	     write_doubles(g, "trace_parameters", 2, ed, trace, es) == 0 &&
	     write_doubles(g, "trace_objective", 1, e1, c->trace_chi2, es) == 0 &&
	     write_figures(g, "target", cal->targets, cal->n_targets) == 0 &&
	     write_figures(g, "validation", cal->validation, cal->n_validation) == 0 &&
	     (cal->method != METHOD_ABC_SMC || write_abc(g, cal, res) == 0);
	free(trace);
	if (ok) {
		hid_t sp = H5Screate(H5S_SCALAR);
		hid_t at = sp >= 0 ? H5Acreate2(g, "objective", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT,
		                                H5P_DEFAULT)
		                   : H5I_INVALID_HID;
		ok = at >= 0 && H5Awrite(at, H5T_NATIVE_DOUBLE, &res->chi2) >= 0;
		h5c_close_id(&at);
		h5c_close_id(&sp);
	}
	if (!ok) {
		rc = h5c_fail(err, target, "cannot write /calibration/%s", cal->name);
		goto out;
	}
	h5c_close_id(&g);
	h5c_close_id(&root);
	if (H5Fclose(file) < 0) {
		file = H5I_INVALID_HID;
		rc = h5c_fail(err, target, "cannot close '%s'", pub.temp_path);
		goto out;
	}
	file = H5I_INVALID_HID;
	rc = h5pub_publish(&pub, err);
out:
	h5c_close_id(&g);
	h5c_close_id(&root);
	if (file >= 0)
		H5Fclose(file);
	h5pub_discard(&pub);
	return rc;
}

static void print_figures(FILE *out, const char *title, const struct cal_figure *f, size_t n)
{
	if (n == 0)
		return;
	fprintf(out, "\n%-24s %-12s %12s %25s %12s %10s %7s\n", title, "metric", "model",
	        "95% interval", "target", "sd", "ratio");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%-24.24s %-12.12s %12.5g [%11.5g, %11.5g] %12.5g %10.3g %7.3f\n",
		        f[i].name, f[i].metric_name, f[i].model, f[i].lo, f[i].hi, f[i].value,
		        f[i].sd, f[i].model / f[i].value);
}

static void print_result(FILE *out, const struct calibration *cal, const struct cal_context *c,
                         const struct cal_result *res)
{
	if (cal->method == METHOD_ABC_SMC) {
		const struct abc_result *a = &res->abc;
		fprintf(out,
		        "calibration '%s': abc-smc, %zu replicates, %zu generations of %zu "
		        "particles, %zu evaluations (%zu runs of a budget of %zu), %s, final "
		        "tolerance %.4g (acceptance %.3f); objective at the posterior mean %.4g\n",
		        cal->name, cal->replicates, a->generations, cal->abc_population,
		        c->evaluations, c->evaluations * cal->replicates, cal->budget,
		        a->budget_stop ? "stopped by the budget" : "done",
		        a->tolerance[a->generations - 1], a->acceptance[a->generations - 1],
		        res->chi2);
		fprintf(out, "generation  tolerance  simulations  acceptance\n");
		for (size_t g = 0; g < a->generations; g++)
			fprintf(out, "%10zu %10.4g %12.0f %11.3f\n", g, a->tolerance[g], a->sims[g],
			        a->acceptance[g]);
		fputc('\n', out);
	} else {
		fprintf(out,
		        "calibration '%s': nelder-mead, %zu replicates, %zu evaluations (%zu runs "
		        "of a budget of %zu), %s, objective %.4g\n\n",
		        cal->name, cal->replicates, c->evaluations,
		        c->evaluations * cal->replicates, cal->budget,
		        res->converged ? "converged" : "stopped by the budget", res->chi2);
	}
	fprintf(out, "%-40s %12s %12s %25s\n", "parameter",
	        cal->method == METHOD_ABC_SMC ? "mean" : "estimate", "sd", "range");
	for (size_t i = 0; i < cal->d; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%.*s", cal->par[i].scale ? "x " : "",
		         cal->par[i].scale ? 38 : 40, cal->par[i].path);
		fprintf(out, "%-40.40s %12.6g %12.3g %12.6g .. %-10.6g\n", name,
		        res->estimate[i], res->sd[i], cal->par[i].min, cal->par[i].max);
	}
	print_figures(out, "target", cal->targets, cal->n_targets);
	print_figures(out, "validation (held out)", cal->validation, cal->n_validation);
}

/* The resolved path `target` relative to the resolved folder `from`
 * ("../scenarios/x.cfg"), so that the written scenario and its input can
 * move together; malloc'd, NULL when out of memory. */
static char *relative_to(const char *from, const char *target)
{
	size_t i = 0, last = 0, up = 0, len = strlen(from);
	const char *rest;
	char *out;

	/* last: the end of the last whole component both share */
	while (from[i] && from[i] == target[i]) {
		if (from[i] == '/')
			last = i + 1;
		i++;
	}
	if (!from[i] && target[i] == '/')
		last = i + 1;           /* `from` is a folder above `target` */
	/* each folder of `from` below the shared part is one "../" */
	rest = from + (last < len ? last : len);
	for (const char *c = rest; *c;) {
		up++;
		if (!(c = strchr(c, '/')))
			break;
		c++;
	}
	size_t size = 3 * up + strlen(target + last) + 1;
	if (!(out = malloc(size)))
		return NULL;
	for (i = 0; i < up; i++)
		memcpy(out + 3 * i, "../", 3);
	memcpy(out + 3 * up, target + last, strlen(target + last) + 1);
	return out;
}

/* --write-scenario: a scenario that extends the input with the estimates,
 * each parameter's path written out as groups and named list elements. */
static int write_scenario(const char *path, const char *input, const struct scen *base,
                          const struct calibration *cal, const struct cal_context *c,
                          const struct cal_result *res, struct wk_error *err)
{
	config_t out;
	char *real = realpath(input, NULL);
	FILE *f = NULL;
	time_t now = time(NULL);
	struct tm utc;
	char when[32] = "";
	int rc = 0;

	if (!real)
		return wk_error_set(err, WK_EXIT_RUNTIME, input, 0, NULL,
		                    "cannot resolve the "
		                    "path: %s",
		                    strerror(errno));
	config_init(&out);
	for (size_t i = 0; i < cal->d && !rc; i++) {
		config_setting_t *cur = config_root_setting(&out);
		const config_setting_t *in = config_root_setting(scen_config(base));
		char copy[256], *save = NULL, *comp, *next;
		snprintf(copy, sizeof copy, "%s", cal->par[i].path);
		for (comp = strtok_r(copy, ".", &save); comp; comp = next) {
			next = strtok_r(NULL, ".", &save);
			if (config_setting_type(in) == CONFIG_TYPE_LIST) {
				/* the element by index or by name; written by its name */
				const config_setting_t *el = NULL;
				const char *nm = NULL;
				char *end;
				const char *digits = comp[0] == '[' ? comp + 1 : comp;
				long idx = strtol(digits, &end, 10);
				if (end != digits && (*end == '\0' || *end == ']'))
					el = config_setting_get_elem(in, (unsigned)idx);
				for (int k = 0; !el && k < config_setting_length(in); k++) {
					const config_setting_t *e =
					        config_setting_get_elem(in, (unsigned)k);
					if (config_setting_lookup_string(e, "name", &nm) &&
					    strcmp(nm, comp) == 0)
						el = e;
				}
				nm = NULL;
				if (!el || !config_setting_lookup_string(el, "name", &nm)) {
					rc = wk_error_set(
					        err, WK_EXIT_USAGE, input, 0, cal->par[i].path,
					        "--write-scenario needs list elements with "
					        "names");
					break;
				}
				config_setting_t *mine = NULL;
				for (int k = 0; k < config_setting_length(cur) && !mine; k++) {
					config_setting_t *e =
					        config_setting_get_elem(cur, (unsigned)k);
					const char *en = NULL;
					if (config_setting_lookup_string(e, "name", &en) &&
					    strcmp(en, nm) == 0)
						mine = e;
				}
				if (!mine) {
					mine = config_setting_add(cur, NULL, CONFIG_TYPE_GROUP);
					config_setting_set_string(
					        config_setting_add(mine, "name",
					                           CONFIG_TYPE_STRING),
					        nm);
				}
				cur = mine;
				in = el;
				continue;
			}
			in = config_setting_get_member(in, comp);
			if (!next && cal->par[i].scale) {
				/* the array, each element times the estimate */
				config_setting_t *v =
				        config_setting_add(cur, comp, CONFIG_TYPE_ARRAY);
				for (size_t k = 0; v && k < cal->par[i].n_base; k++)
					config_setting_set_float_elem(
					        v, -1, cal->par[i].base[k] * res->estimate[i]);
				break;
			}
			if (!next) {
				config_setting_t *v = config_setting_add(
				        cur, comp,
				        cal->par[i].type == SCHEMA_FLOAT ? CONFIG_TYPE_FLOAT
				        : cal->par[i].type == SCHEMA_INT ? CONFIG_TYPE_INT
				                                         : CONFIG_TYPE_INT64);
				if (cal->par[i].type == SCHEMA_FLOAT)
					config_setting_set_float(v, res->estimate[i]);
				else if (cal->par[i].type == SCHEMA_INT)
					config_setting_set_int(v, (int)res->estimate[i]);
				else
					config_setting_set_int64(v, (long long)res->estimate[i]);
				break;
			}
			config_setting_t *child = config_setting_get_member(cur, comp);
			if (!child)
				child = config_setting_add(cur, comp,
				                           config_setting_type(in) ==
				                                           CONFIG_TYPE_LIST
				                                   ? CONFIG_TYPE_LIST
				                                   : CONFIG_TYPE_GROUP);
			cur = child;
		}
	}
	if (!rc && !(f = fopen(path, "w")))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "cannot write: %s",
		                  strerror(errno));
	if (!rc) {
		if (gmtime_r(&now, &utc))
			strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
		fprintf(f,
		        "# Calibrated by `wijksim calibrate %s` (wijksim %s, %s): %s\n"
		        "# %zu replicates, seed %llu, %zu evaluations (%zu "
		        "runs), "
		        "%s;\n# objective (sum of ((model - target) / sd)^2 over %zu targets) "
		        "%.4g.\n",
		        input, WK_VERSION, when,
		        cal->method == METHOD_ABC_SMC
		                ? "abc-smc (the posterior mean; sd the posterior's),"
		                : "nelder-mead on common random numbers,",
		        cal->replicates, (unsigned long long)cal->seed, c->evaluations,
		        c->evaluations * cal->replicates,
		        cal->method == METHOD_ABC_SMC
		                ? (res->abc.budget_stop ? "stopped by the budget" : "done")
		        : res->converged ? "converged"
		                         : "stopped by the budget",
		        cal->n_targets, res->chi2);
		for (size_t i = 0; i < cal->d; i++)
			fprintf(f, "#   %s %s %.6g (sd %.3g; range %g to %g)\n", cal->par[i].path,
			        cal->par[i].scale ? "x" : "=", res->estimate[i], res->sd[i],
			        cal->par[i].min, cal->par[i].max);
		for (size_t i = 0; i < cal->n_targets; i++)
			fprintf(f, "#   target %s: model %.5g, target %.5g (sd %.3g)%s%s\n",
			        cal->targets[i].name, cal->targets[i].model, cal->targets[i].value,
			        cal->targets[i].sd, cal->targets[i].source[0] ? "; " : "",
			        cal->targets[i].source);
		/* relative to the written file's folder, where the loader resolves it */
		char *dir = strdup(path), *dir_real = dir ? realpath(dirname(dir), NULL) : NULL;
		char *rel = dir_real ? relative_to(dir_real, real) : NULL;
		fprintf(f, "extends = \"%s\";\n", rel ? rel : real);
		free(rel);
		free(dir_real);
		free(dir);
		config_write(&out, f);
		if (fclose(f) != 0)
			rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "cannot write: %s",
			                  strerror(errno));
	}
	config_destroy(&out);
	free(real);
	return rc;
}

/* ----------------------------------------------------------- command */

void calibrate_print_usage(FILE *f)
{
	fputs("usage: wijksim calibrate FILE.cfg [-o CAL.h5] [--write-scenario OUT.cfg]\n"
	      "                         [-t N] [--set PATH=VALUE]... [--force] [--quiet]\n\n"
	      "  fits calibration.parameters to calibration.targets (method = \"nelder-mead\":\n"
	      "  GSL's simplex on common random numbers; \"abc-smc\": a weighted posterior\n"
	      "  sample by ABC-SMC) and reports the held-out validation figures (README.md\n"
	      "  \"Experiments, sensitivity and calibration\")\n",
	      f);
}

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "wijksim: %s%s%s (see 'wijksim calibrate --help')\n", msg, arg ? " " : "",
	        arg ? arg : "");
	return WK_EXIT_USAGE;
}

static int parse(int argc, char **argv, struct cal_args *a)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
	                                     {"threads", required_argument, NULL, 't'},
	                                     {"write-scenario", required_argument, NULL, 'W'},
	                                     {"force", no_argument, NULL, 'F'},
	                                     {"quiet", no_argument, NULL, 'q'},
	                                     {"set", required_argument, NULL, 'S'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:o:t:qh", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 1:
			if (a->file)
				return usage("calibrate takes one scenario file; also got", optarg);
			a->file = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'W':
			a->write_scenario = optarg;
			break;
		case 't':
			errno = 0;
			a->threads = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || a->threads < 1 || a->threads > 1024)
				return usage("-t needs a number of threads from 1 to 1024, got",
				             optarg);
			break;
		case 'F':
			a->force = 1;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case 'S':
			if (!strchr(optarg, '='))
				return usage("--set needs PATH=VALUE, got", optarg);
			if (a->n_sets == CAL_MAX_OVERRIDES)
				return usage("too many --set options", NULL);
			a->sets[a->n_sets++] = optarg;
			break;
		case 'h':
			calibrate_print_usage(stdout);
			return -1;
		case ':':
			return usage("option needs a value:", argv[optind - 1]);
		default:
			return usage("unknown option", argv[optind - 1]);
		}
	}
	if (!a->file)
		return usage("calibrate needs a scenario file with a `calibration` section", NULL);
	if (!a->output)
		a->output = "calibration.h5";
	return 0;
}

int calibrate_main(int argc, char **argv, const char *command_line)
{
	struct cal_args a;
	struct wk_error err;
	struct scen *base = NULL;
	struct model_params params;
	struct calibration cal;
	struct cal_context c;
	struct cal_result res;
	struct sigaction sa;
	char *text = NULL, dir[4096] = "", scratch[4200] = "";
	int rc;

	memset(&cal, 0, sizeof cal);
	memset(&c, 0, sizeof c);
	memset(&res, 0, sizeof res);
	wk_error_clear(&err);
	if ((rc = parse(argc, argv, &a)))
		return rc < 0 ? 0 : rc;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if ((rc = scen_load(&schema_wijksim, a.file, a.sets, a.n_sets, &base, &err)) ||
	    (rc = params_load(base, &params, &err)) ||
	    (rc = calibration_read(base, &params, &cal, &err)))
		goto out;
	for (int k = 0; k < 2; k++) {
		const char *out = k ? a.write_scenario : a.output, *in = scen_input_at(base, out);
		if (in) {
			rc = wk_error_set(&err, WK_EXIT_USAGE, out, 0, NULL,
			                  "%s names %s, an input of scenario %s; refusing to "
			                  "write over an input (with or without --force)",
			                  k ? "--write-scenario" : "-o", in, a.file);
			goto out;
		}
	}
	if (!(text = scen_effective_text(base))) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	{
		/* Refuse an existing -o now, not after the evaluations. */
		struct h5pub probe;
		if ((rc = h5pub_begin(&probe, a.output, a.force, &err)))
			goto out;
		h5pub_discard(&probe);
	}
	if (a.threads > 0)
		omp_set_num_threads((int)a.threads);
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !tmpdir[0])
		tmpdir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/wijksim-calibrate-XXXXXX", tmpdir);
	if (!mkdtemp(dir)) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, dir, 0, NULL,
		                  "cannot make a scratch folder: %s", strerror(errno));
		dir[0] = '\0';
		goto out;
	}
	snprintf(scratch, sizeof scratch, "%s/evaluation.h5", dir);
	c = (struct cal_context){&cal, &cal, text, a.file, scratch, 0, 0, NULL, NULL, 0, &err};
	if (cal.method == METHOD_ABC_SMC) {
		rc = run_abc(&c, &res);
		if (rc && calibrate_stop) {
			fprintf(stderr, "wijksim: interrupted; nothing was written to %s\n",
			        a.output);
			rc = WK_EXIT_RUNTIME;
			goto done;
		}
		if (rc)
			goto out;
		goto fit;
	}
	rc = minimise(&c, res.u, &res.chi2, &res.converged);
	if (rc && calibrate_stop) {
		fprintf(stderr, "wijksim: interrupted; nothing was written to %s\n", a.output);
		rc = WK_EXIT_RUNTIME;
		goto done;
	}
	if (rc)
		goto out;
	if (!calibrate_stop &&
	    c.evaluations + 2 * cal.d * cal.d + 1 <= cal.budget / cal.replicates) {
		if ((rc = uncertainty(&c, res.u, res.chi2, res.sd)))
			goto out;
	} else {
		for (size_t i = 0; i < cal.d; i++)
			res.sd[i] = NAN;
	}
	if (calibrate_stop) {
		fprintf(stderr, "wijksim: interrupted; nothing was written to %s\n", a.output);
		rc = WK_EXIT_RUNTIME;
		goto done;
	}
fit:
	/* The fit and the validation at the optimum (invariant 4). */
	if ((rc = evaluate(&c, res.u, NULL, 1)))
		goto out;
	res.chi2 = chi2_of(&cal);
	for (size_t i = 0; i < cal.d && cal.method == METHOD_NELDER_MEAD; i++)
		res.estimate[i] = parameter_value(&cal.par[i], res.u[i]);
	if ((rc = write_result(a.output, a.force, &cal, &c, &res, text, command_line, &err)))
		goto out;
	print_result(stdout, &cal, &c, &res);
	if (a.write_scenario &&
	    (rc = write_scenario(a.write_scenario, a.file, base, &cal, &c, &res, &err)))
		goto out;
	if (!a.quiet)
		fprintf(stderr, "wijksim: wrote %s%s%s\n", a.output,
		        a.write_scenario ? " and " : "", a.write_scenario ? a.write_scenario : "");
	goto done;
out:
	if (rc) {
		char line[2048];
		wk_error_format(&err, line, sizeof line);
		fprintf(stderr, "wijksim: %s\n", line);
		rc = err.status ? err.status : WK_EXIT_RUNTIME;
	}
done:
	if (scratch[0])
		unlink(scratch);
	if (dir[0])
		rmdir(dir);
	free(c.trace_u);
	free(c.trace_chi2);
	abc_result_free(&res.abc);
	free(text);
	calibration_free(&cal);
	scen_free(base);
	return rc;
}
