/*
 * serve_result.c — the summary of an explorer run that POST /api/run
 * answers (web/API.md): headline indicators of the scenario against the
 * baseline with paired differences and 95% t-intervals, time series with
 * bands, the network of professionals and the flow of needs, read back from
 * the committed result file of the run (the same file a download gives).
 *
 * The indicator rules follow the analysis (analysis/wijksim_analysis):
 * values over the run are flows summed over time, stocks averaged over
 * time and means averaged over the intervals that have one (NaN left out);
 * a derived ratio is the ratio of the sums (data.py DERIVED); a paired
 * difference is scenario minus baseline, replicate against replicate,
 * pairs with a NaN left out, with a Student t interval (stats.py); relevant
 * = the interval excludes 0 and |mean| >= the minimal relevant difference
 * (indicators.py MRD, which comes with the table handed in). Bands of a
 * series are the 5th and 95th percentiles over replicates (numpy's linear
 * rule, as gsl_stats_quantile_from_sorted_data).
 *
 * Invariants: reads only; every HDF5 id opened here is closed before
 * returning; every number that is not finite is written as null.
 *
 * Ownership: everything read is freed before serve_result_summarise
 * returns; `out` (the caller's object) receives new members.
 */
#include "serve_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <hdf5.h>

#include "h5common.h"
#include "h5read.h"

/* Why a bound: more labels on one axis than any scenario has
 * (MODEL_MAX_ROLES is 48, MODEL_MAX_NEED_TYPES 64). */
enum { MAX_LABELS = 128, MAX_METRICS = 128 };

struct metric {
	char *name, *kind, *units;
	int ndim;
	size_t dims[4];
	double *v;
};

struct side {
	const char *name;
	const config_t *cfg;
	size_t R, T;
	double *time;
	char **role, **role_kind, **channel, **need_type, **dimension;
	size_t n_role, n_role_kind, n_channel, n_need_type, n_dimension;
	struct metric metrics[MAX_METRICS];
	size_t n_metrics;
};

/* ---- reading ---- */

static void side_free(struct side *s)
{
	free(s->time);
	h5read_free_strings(s->role, s->n_role);
	h5read_free_strings(s->role_kind, s->n_role_kind);
	h5read_free_strings(s->channel, s->n_channel);
	h5read_free_strings(s->need_type, s->n_need_type);
	h5read_free_strings(s->dimension, s->n_dimension);
	for (size_t i = 0; i < s->n_metrics; i++) {
		free(s->metrics[i].name);
		free(s->metrics[i].kind);
		free(s->metrics[i].units);
		free(s->metrics[i].v);
	}
}

static void read_labels(hid_t group, const char *name, char ***out, size_t *n)
{
	hid_t d;

	if (H5Lexists(group, name, H5P_DEFAULT) <= 0)
		return;
	d = H5Dopen2(group, name, H5P_DEFAULT);
	if (d >= 0) {
		if (h5read_strings(d, out, n))
			H5Eclear2(H5E_DEFAULT);
		H5Dclose(d);
	}
}

/* A metric dataset (it has a `kind`), read whole; 1 when `name` is none. */
static int read_metric(hid_t group, const char *name, struct side *s)
{
	hid_t d = H5Dopen2(group, name, H5P_DEFAULT), space = H5I_INVALID_HID;
	hsize_t dims[4];
	struct metric *m = &s->metrics[s->n_metrics];
	size_t total = 1;
	int ndim, rc = 1;

	if (d < 0)
		return 1;
	if (H5Aexists(d, "kind") <= 0 || s->n_metrics == MAX_METRICS)
		goto out;
	space = H5Dget_space(d);
	ndim = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
	if (ndim < 2 || ndim > 4 || H5Sget_simple_extent_dims(space, dims, NULL) < 0)
		goto out;
	for (int i = 0; i < ndim; i++) {
		if (dims[i] == 0 || dims[i] > H5READ_MAX_ROW)
			goto out;
		m->dims[i] = (size_t)dims[i];
		total *= m->dims[i];
	}
	if (total > H5READ_MAX_ROW)
		goto out;
	m->v = malloc(total * sizeof *m->v);
	if (!m->v || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m->v) < 0 ||
	    h5read_attr_string(d, "kind", &m->kind)) {
		free(m->v);
		m->v = NULL;
		goto out;
	}
	if (h5read_attr_string(d, "units", &m->units))
		m->units = NULL;
	m->name = h5c_copy_string(name);
	m->ndim = ndim;
	s->n_metrics++;
	rc = 0;
out:
	if (space >= 0)
		H5Sclose(space);
	H5Dclose(d);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

/* Whether the summary reads a metric: the headline ones (defs) and those
 * the derived indicators, the network and the flow are made of. */
static int metric_wanted(const char *name, const json_t *defs)
{
	static const char *const used[] = {
		"signalled", "signalled_early", "signals_by_type", "signals_early_by_type",
		"hours_used", "hours_capacity", "escalations", "network_density", "network_phase",
		"referrals_by_route", "resolved", "resolved_self", "dropped", "needs_turned_away",
		"referrals", "task_shifts", "tie_strength",
	};
	size_t i;
	json_t *d;

	for (i = 0; i < sizeof used / sizeof used[0]; i++)
		if (strcmp(name, used[i]) == 0)
			return 1;
	json_array_foreach(defs, i, d) {
		const char *m = json_string_value(json_object_get(d, "metric"));
		if (m && strcmp(m, name) == 0)
			return 1;
	}
	return 0;
}

static int side_read(hid_t scenarios, struct side *s, const json_t *defs,
                     struct wk_error *err)
{
	hid_t g = H5Gopen2(scenarios, s->name, H5P_DEFAULT), t;
	H5G_info_t info;
	H5_index_t order;
	int rc = 0;

	if (g < 0)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "the run's result has no scenario '%s'", s->name);
	read_labels(g, "role", &s->role, &s->n_role);
	read_labels(g, "role_kind", &s->role_kind, &s->n_role_kind);
	read_labels(g, "channel", &s->channel, &s->n_channel);
	read_labels(g, "need_type", &s->need_type, &s->n_need_type);
	read_labels(g, "dimension", &s->dimension, &s->n_dimension);
	if (H5Gget_info(g, &info) < 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "cannot list the result");
		goto out;
	}
	order = h5read_link_order(g, info.nlinks);
	for (size_t i = 0; i < info.nlinks; i++) {
		char *name = h5read_link_name(g, order, i);
		if (name && metric_wanted(name, defs))
			read_metric(g, name, s);
		free(name);
	}
	if (s->n_metrics == 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "the result has no metrics");
		goto out;
	}
	s->R = s->metrics[0].dims[0];
	s->T = s->metrics[0].dims[1];
	s->time = calloc(s->T, sizeof *s->time);
	t = H5Dopen2(g, "time", H5P_DEFAULT);
	if (!s->time || t < 0 ||
	    H5Dread(t, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->time) < 0)
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "cannot read the time axis");
	if (t >= 0)
		H5Dclose(t);
out:
	H5Gclose(g);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

static const struct metric *metric_get(const struct side *s, const char *name)
{
	for (size_t i = 0; i < s->n_metrics; i++)
		if (strcmp(s->metrics[i].name, name) == 0 && s->metrics[i].dims[0] == s->R &&
		    s->metrics[i].dims[1] == s->T)
			return &s->metrics[i];
	return NULL;
}

static int label_index(char *const *labels, size_t n, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(labels[i], label) == 0)
			return (int)i;
	return -1;
}

static int role_formal(const struct side *s, size_t i)
{
	return i < s->n_role_kind && strcmp(s->role_kind[i], "formal") == 0;
}

/* 1 somatic (Positive Health dimension lichaamsfuncties), 0 social or
 * psychosocial, -1 unknown: from the scenario's settings. */
static int need_somatic(const struct side *s, const char *need)
{
	char path[128];
	const char *dim = NULL;
	const config_setting_t *e;

	snprintf(path, sizeof path, "need_types.%s.dimension", need);
	e = serve_lookup(s->cfg, path);
	dim = e ? config_setting_get_string(e) : NULL;
	return dim ? strcmp(dim, "lichaamsfuncties") == 0 : -1;
}

/* ---- terms: a metric summed over a set of labels ---- */

struct term {
	const struct metric *m;
	unsigned char pick[MAX_LABELS];   /* labels of its third axis summed */
};

static double term_at(const struct term *t, size_t r, size_t i, size_t T)
{
	const struct metric *m = t->m;
	size_t row = r * T + i;

	if (m->ndim == 2)
		return m->v[row];
	double sum = 0.0;
	size_t a = m->dims[2];
	for (size_t l = 0; l < a && l < MAX_LABELS; l++)
		if (t->pick[l])
			sum += m->v[row * a + l];
	return sum;
}

/* What an indicator is on one side: num (over den) per replicate and time. */
struct quantity {
	int ok;
	struct term num, den;
	int ratio;
	const char *kind;        /* of num: flow, stock, mean */
	const char *units;
};

enum pick_rule { PICK_ALL, PICK_FORMAL, PICK_INFORMAL, PICK_SOMATIC, PICK_SOCIAL };

static int term_set(struct term *t, const struct side *s, const char *metric,
                    enum pick_rule rule)
{
	memset(t, 0, sizeof *t);
	if (!(t->m = metric_get(s, metric)))
		return -1;
	if (t->m->ndim == 2)
		return 0;
	if (t->m->ndim != 3)
		return -1;
	for (size_t l = 0; l < t->m->dims[2] && l < MAX_LABELS; l++) {
		int want = 1;
		if (rule == PICK_FORMAL || rule == PICK_INFORMAL)
			want = (rule == PICK_FORMAL) == role_formal(s, l);
		else if (rule == PICK_SOMATIC || rule == PICK_SOCIAL)
			want = l < s->n_need_type &&
			       need_somatic(s, s->need_type[l]) == (rule == PICK_SOMATIC);
		t->pick[l] = (unsigned char)want;
	}
	return 0;
}

/* The quantity of indicator `metric` (label "" for none) on side s. */
static struct quantity quantity_of(const struct side *s, const char *metric, const char *label,
                                   char *const *axis_labels, size_t n_axis)
{
	struct quantity q;

	memset(&q, 0, sizeof q);
	q.kind = "flow";
	if (strcmp(metric, "early_share") == 0) {
		q.ok = !term_set(&q.num, s, "signalled_early", PICK_ALL) &&
		       !term_set(&q.den, s, "signalled", PICK_ALL);
		q.ratio = 1;
	} else if (strcmp(metric, "early_share_somatic") == 0 ||
	           strcmp(metric, "early_share_social") == 0) {
		enum pick_rule r = strcmp(metric, "early_share_somatic") == 0 ? PICK_SOMATIC
		                                                            : PICK_SOCIAL;
		q.ok = !term_set(&q.num, s, "signals_early_by_type", r) &&
		       !term_set(&q.den, s, "signals_by_type", r);
		q.ratio = 1;
	} else if (strcmp(metric, "informal_hours") == 0 || strcmp(metric, "formal_hours") == 0) {
		q.ok = !term_set(&q.num, s, "hours_used",
		                 metric[0] == 'i' ? PICK_INFORMAL : PICK_FORMAL);
		q.units = "hour";
	} else if (strcmp(metric, "formal_load") == 0) {
		q.ok = !term_set(&q.num, s, "hours_used", PICK_FORMAL) &&
		       !term_set(&q.den, s, "hours_capacity", PICK_FORMAL);
		q.ratio = 1;
	} else if (strcmp(metric, "escalations_total") == 0) {
		q.ok = !term_set(&q.num, s, "escalations", PICK_ALL);
	} else {
		const struct metric *m = metric_get(s, metric);
		if (!m || m->ndim > 3 || (m->ndim == 3) != (label[0] != '\0'))
			return q;
		q.num.m = m;
		q.kind = m->kind;
		q.units = m->units;
		if (m->ndim == 3) {
			int l = label_index(axis_labels, n_axis, label);
			if (l < 0 || (size_t)l >= m->dims[2] || l >= MAX_LABELS)
				return q;
			q.num.pick[l] = 1;
		}
		q.ok = 1;
	}
	if (q.ratio)
		q.units = "1";
	if (q.ok && !q.units)
		q.units = q.num.m->units;
	return q;
}

/* Per replicate over the run: out[R]. */
static void quantity_over_run(const struct quantity *q, const struct side *s, double *out)
{
	for (size_t r = 0; r < s->R; r++) {
		double num = 0.0, den = 0.0;
		size_t n = 0;
		for (size_t t = 0; t < s->T; t++) {
			double v = term_at(&q->num, r, t, s->T);
			if (q->ratio) {
				num += v;
				den += term_at(&q->den, r, t, s->T);
			} else if (strcmp(q->kind, "mean") == 0) {
				if (!isnan(v)) {
					num += v;
					n++;
				}
			} else {
				num += v;
				n++;
			}
		}
		if (q->ratio)
			out[r] = den != 0.0 ? num / den : NAN;
		else if (strcmp(q->kind, "flow") == 0)
			out[r] = num;
		else
			out[r] = n ? num / (double)n : NAN;
	}
}

/* Per replicate and interval: out[R*T]. */
static void quantity_series(const struct quantity *q, const struct side *s, double *out)
{
	for (size_t r = 0; r < s->R; r++)
		for (size_t t = 0; t < s->T; t++) {
			double v = term_at(&q->num, r, t, s->T);
			if (q->ratio) {
				double d = term_at(&q->den, r, t, s->T);
				v = d != 0.0 ? v / d : NAN;
			}
			out[r * s->T + t] = v;
		}
}

/* ---- statistics ---- */

/* Mean and 95% t-interval of the finite values of x[n] (stride 1). */
static json_t *mean_interval(const double *x, size_t n)
{
	double buf[4096];
	size_t k = 0;

	for (size_t i = 0; i < n && k < sizeof buf / sizeof buf[0]; i++)
		if (!isnan(x[i]))
			buf[k++] = x[i];
	if (k == 0)
		return json_pack("{s:n, s:n, s:n, s:i}", "mean", "lo", "hi", "n", 0);
	double mean = gsl_stats_mean(buf, 1, k), lo = NAN, hi = NAN, sd = NAN;
	if (k >= 2) {
		sd = gsl_stats_sd_m(buf, 1, k, mean);
		double half = sd > 0.0 ? gsl_cdf_tdist_Pinv(0.975, (double)(k - 1)) * sd /
		                         sqrt((double)k) : 0.0;
		lo = mean - half;
		hi = mean + half;
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:I}", "mean", serve_number(mean), "lo",
	                 serve_number(lo), "hi", serve_number(hi), "sd", serve_number(sd), "n",
	                 (json_int_t)k);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Mean and 5-95% band over replicates of series v[R*T], per interval. */
static json_t *band(const double *v, size_t R, size_t T)
{
	json_t *mean = json_array(), *lo = json_array(), *hi = json_array();
	double buf[4096];

	for (size_t t = 0; t < T; t++) {
		size_t k = 0;
		for (size_t r = 0; r < R && k < sizeof buf / sizeof buf[0]; r++)
			if (!isnan(v[r * T + t]))
				buf[k++] = v[r * T + t];
		if (k == 0) {
			json_array_append_new(mean, json_null());
			json_array_append_new(lo, json_null());
			json_array_append_new(hi, json_null());
			continue;
		}
		qsort(buf, k, sizeof buf[0], cmp_double);
		json_array_append_new(mean, serve_number(gsl_stats_mean(buf, 1, k)));
		double p5 = gsl_stats_quantile_from_sorted_data(buf, 1, k, 0.05);
		double p95 = gsl_stats_quantile_from_sorted_data(buf, 1, k, 0.95);
		json_array_append_new(lo, serve_number(p5));
		json_array_append_new(hi, serve_number(p95));
	}
	return json_pack("{s:o, s:o, s:o}", "mean", mean, "lo", lo, "hi", hi);
}

/* ---- indicators ---- */

struct summarise {
	struct side a, b;              /* scenario, baseline */
	const json_t *table;
	json_t *indicators, *series;
};

static const char *rule_of(const json_t *item)
{
	const char *r = json_string_value(json_object_get(item, "rule"));
	return r ? r : "";
}

/* The labels of an indicator on one side: its axis (role, need type,
 * dimension) as the metric's third dimension says. */
static char *const *axis_of(const struct side *s, const char *metric, size_t *n)
{
	const struct metric *m = metric_get(s, metric);
	*n = 0;
	if (!m || m->ndim != 3)
		return NULL;
	struct { char *const *l; size_t n; } axes[] = {
		{ s->role, s->n_role }, { s->need_type, s->n_need_type },
		{ s->dimension, s->n_dimension }, { s->channel, s->n_channel },
	};
	/* the metric's axis: the one of its length whose kind fits */
	const char *by_need[] = { "needs_new", "needs_open", "escalations", "signals_by_type",
	                          "signals_early_by_type" };
	size_t which = 0;
	for (size_t i = 0; i < sizeof by_need / sizeof by_need[0]; i++)
		if (strcmp(metric, by_need[i]) == 0)
			which = 1;
	if (strncmp(metric, "health", 6) == 0 || strcmp(metric, "residents_helped") == 0)
		which = 2;
	if (strcmp(metric, "signalled") == 0)
		which = 3;
	if (axes[which].n != m->dims[2])
		return NULL;
	*n = axes[which].n;
	return axes[which].l;
}

/* Whether a label of a metric is 0 everywhere on a side. */
static int label_zero(const struct side *s, const char *metric, const char *label)
{
	size_t n;
	char *const *labels = axis_of(s, metric, &n);
	const struct metric *m = metric_get(s, metric);
	int l = labels ? label_index(labels, n, label) : -1;
	if (l < 0)
		return 1;
	for (size_t row = 0; row < s->R * s->T; row++)
		if (m->v[row * m->dims[2] + (size_t)l] != 0.0)
			return 0;
	return 1;
}

static json_t *pair_json(struct summarise *S, const char *metric, const char *label,
                         const json_t *def, const char *group)
{
	size_t na, nb;
	char *const *la = axis_of(&S->a, metric, &na), *const *lb = axis_of(&S->b, metric, &nb);
	struct quantity qa = quantity_of(&S->a, metric, label, la, na);
	struct quantity qb = quantity_of(&S->b, metric, label, lb, nb);
	double *va = calloc(S->a.R + 1, sizeof *va), *vb = calloc(S->b.R + 1, sizeof *vb);
	json_t *o = json_object(), *mrd = json_object_get(def, "mrd");
	char id[160];

	if (!va || !vb || !o || (!qa.ok && !qb.ok)) {
		free(va);
		free(vb);
		json_decref(o);
		return NULL;
	}
	if (label[0])
		snprintf(id, sizeof id, "%s:%s", metric, label);
	else
		snprintf(id, sizeof id, "%s", metric);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "group", json_string(group));
	json_object_set_new(o, "metric", json_string(metric));
	json_object_set_new(o, "label", json_string(label));
	json_object_set_new(o, "units", json_string(qa.ok ? qa.units : qb.units));
	json_object_set(o, "share", json_object_get(def, "share"));
	if (qa.ok)
		quantity_over_run(&qa, &S->a, va);
	if (qb.ok)
		quantity_over_run(&qb, &S->b, vb);
	json_t *sa = qa.ok ? mean_interval(va, S->a.R) : json_null();
	json_t *sb = qb.ok ? mean_interval(vb, S->b.R) : json_null();
	double base_mean = qb.ok ? json_number_value(json_object_get(sb, "mean")) : NAN;
	if (qb.ok && json_is_null(json_object_get(sb, "mean")))
		base_mean = NAN;
	json_object_set_new(o, "scenario", sa);
	json_object_set_new(o, "baseline", sb);
	/* paired difference */
	json_t *diff = json_null();
	int excludes = 0;
	double dmean = NAN;
	if (qa.ok && qb.ok) {
		size_t n = S->a.R < S->b.R ? S->a.R : S->b.R;
		for (size_t r = 0; r < n; r++)
			va[r] -= vb[r];
		diff = mean_interval(va, n);
		json_object_set_new(diff, "n_pairs", json_integer(json_integer_value(
		                                             json_object_get(diff, "n"))));
		double lo = json_number_value(json_object_get(diff, "lo"));
		double hi = json_number_value(json_object_get(diff, "hi"));
		dmean = json_number_value(json_object_get(diff, "mean"));
		if (!json_is_null(json_object_get(diff, "lo")))
			excludes = lo > 0.0 || hi < 0.0;
		if (json_is_null(json_object_get(diff, "mean")))
			dmean = NAN;
	}
	double thr = NAN;
	const char *kind = json_string_value(json_object_get(mrd, "kind"));
	double value = json_number_value(json_object_get(mrd, "value"));
	if (kind && strcmp(kind, "abs") == 0)
		thr = value;
	else if (kind && strcmp(kind, "rel") == 0 && !isnan(base_mean))
		thr = value * fabs(base_mean);
	json_object_set_new(o, "diff", diff);
	json_object_set_new(o, "threshold", serve_number(thr));
	json_object_set_new(o, "excludes_zero", json_boolean(excludes));
	json_object_set_new(o, "relevant",
	                    json_boolean(excludes && !isnan(thr) && !isnan(dmean) &&
	                                 fabs(dmean) >= thr - 1e-12));
	free(va);
	free(vb);
	return o;
}

/* The labels of an indicator over both sides, by its rule, in order
 * (scenario first). */
static size_t rule_labels(const struct summarise *S, const char *metric, const char *rule,
                          const char **out, size_t max)
{
	size_t n = 0;
	const struct side *sides[2] = { &S->a, &S->b };

	if (!rule[0]) {
		out[0] = "";
		return 1;
	}
	for (int k = 0; k < 2; k++) {
		size_t na;
		char *const *labels = axis_of(sides[k], metric, &na);
		for (size_t i = 0; labels && i < na && n < max; i++) {
			int seen = 0;
			if (strcmp(rule, "formal") == 0 && !role_formal(sides[k], i))
				continue;
			if (strcmp(rule, "informal") == 0 && role_formal(sides[k], i))
				continue;
			if (strcmp(rule, "nonzero") == 0 && label_zero(&S->a, metric, labels[i]) &&
			    label_zero(&S->b, metric, labels[i]))
				continue;
			for (size_t j = 0; j < n; j++)
				seen |= strcmp(out[j], labels[i]) == 0;
			if (!seen)
				out[n++] = labels[i];
		}
	}
	return n;
}

static const json_t *indicator_def(const json_t *defs, const char *metric)
{
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		if (strcmp(json_string_value(json_object_get(d, "metric")), metric) == 0)
			return d;
	}
	return NULL;
}

static void indicators_add(struct summarise *S, const json_t *defs)
{
	size_t i;
	json_t *d;

	json_array_foreach(defs, i, d) {
		const char *metric = json_string_value(json_object_get(d, "metric"));
		const char *labels[MAX_LABELS];
		size_t n = rule_labels(S, metric, rule_of(d), labels, MAX_LABELS);
		for (size_t k = 0; k < n; k++) {
			json_t *row = pair_json(S, metric, labels[k], d,
			                        json_string_value(json_object_get(d, "group")));
			if (row)
				json_array_append_new(S->indicators, row);
		}
	}
}

/* ---- series ---- */

static json_t *side_band(const struct side *s, const char *metric, const char *label)
{
	size_t n;
	char *const *labels = axis_of(s, metric, &n);
	struct quantity q = quantity_of(s, metric, label, labels, n);
	double *v;
	json_t *out;

	if (!q.ok || !(v = malloc(s->R * s->T * sizeof *v)))
		return json_null();
	quantity_series(&q, s, v);
	out = band(v, s->R, s->T);
	free(v);
	return out;
}

static void series_add(struct summarise *S, const json_t *defs)
{
	static const struct { const char *metric, *rule; } main_series[] = {
		{ "early_share", "" }, { "early_share_social", "" }, { "informal_hours", "" },
		{ "formal_load", "" }, { "wait_days", "formal" }, { "escalations_total", "" },
		{ "carers_overloaded", "" }, { "health", "labels" }, { "cost_total", "" },
	};
	for (size_t i = 0; i < sizeof main_series / sizeof main_series[0]; i++) {
		const char *labels[MAX_LABELS];
		const char *metric = main_series[i].metric;
		const json_t *def = indicator_def(defs, metric);
		size_t n = rule_labels(S, metric, main_series[i].rule, labels, MAX_LABELS);
		for (size_t k = 0; k < n; k++) {
			char id[160];
			size_t na;
			char *const *la = axis_of(&S->a, metric, &na);
			struct quantity q = quantity_of(&S->a, metric, labels[k], la, na);
			json_t *o = json_object();
			snprintf(id, sizeof id, "%s%s%s", metric, labels[k][0] ? ":" : "",
			         labels[k]);
			json_object_set_new(o, "id", json_string(id));
			json_object_set_new(o, "metric", json_string(metric));
			json_object_set_new(o, "label", json_string(labels[k]));
			json_object_set_new(o, "units",
			                    json_string(q.ok && q.units ? q.units : ""));
			json_object_set_new(o, "kind", json_string(q.ratio ? "ratio" : q.ok ? q.kind
			                                                                   : ""));
			json_object_set(o, "share",
			                def ? json_object_get(def, "share") : json_false());
			json_object_set_new(o, "scenario", side_band(&S->a, metric, labels[k]));
			json_object_set_new(o, "baseline", side_band(&S->b, metric, labels[k]));
			json_array_append_new(S->series, o);
		}
	}
}

/* ---- network and flow ---- */

/* Mean over replicates of a [R,T] metric, per interval. */
static json_t *mean_series(const struct side *s, const char *metric)
{
	const struct metric *m = metric_get(s, metric);
	json_t *out = json_array();
	if (!m || m->ndim != 2)
		return out;
	for (size_t t = 0; t < s->T; t++) {
		double sum = 0.0;
		size_t k = 0;
		for (size_t r = 0; r < s->R; r++)
			if (!isnan(m->v[r * s->T + t])) {
				sum += m->v[r * s->T + t];
				k++;
			}
		json_array_append_new(out, k ? serve_number(sum / (double)k) : json_null());
	}
	return out;
}

/* Mean over replicates of the run total of label l of a [R,T,A] metric
 * (l < 0: a [R,T] metric). */
static double run_total(const struct side *s, const char *metric, int l)
{
	const struct metric *m = metric_get(s, metric);
	double sum = 0.0;

	if (!m || (l < 0) != (m->ndim == 2) || m->ndim > 3 || (l >= 0 && (size_t)l >= m->dims[2]))
		return NAN;
	for (size_t r = 0; r < s->R; r++)
		for (size_t t = 0; t < s->T; t++)
			sum += l < 0 ? m->v[r * s->T + t]
			             : m->v[(r * s->T + t) * m->dims[2] + (size_t)l];
	return s->R ? sum / (double)s->R : NAN;
}

/* Whether m is a metric [replicate, time, A, B] with (a, b) inside it. */
static int pair_ok(const struct metric *m, size_t a, size_t b)
{
	return m && m->ndim == 4 && a < m->dims[2] && b < m->dims[3];
}

/* Mean over replicates of such a metric at interval t, pair (a, b). */
static double pair_mean(const struct side *s, const struct metric *m, size_t t, size_t a,
                        size_t b)
{
	double sum = 0.0;
	for (size_t r = 0; r < s->R; r++)
		sum += m->v[((r * s->T + t) * m->dims[2] + a) * m->dims[3] + b];
	return sum / (double)s->R;
}

/* Mean over replicates of hand-overs a -> b per interval, and its total. */
static json_t *route_series(const struct side *s, size_t a, size_t b, double *total)
{
	const struct metric *m = metric_get(s, "referrals_by_route");
	json_t *out = json_array();
	*total = 0.0;
	if (!pair_ok(m, a, b))
		return out;
	for (size_t t = 0; t < s->T; t++) {
		double mean = pair_mean(s, m, t, a, b);
		*total += mean;
		json_array_append_new(out, serve_number(mean));
	}
	return out;
}

/* Mean over replicates of the tie a - b at the end of each interval, or
 * NULL when the file has no tie_strength (written before it existed). */
static json_t *tie_series(const struct side *s, size_t a, size_t b)
{
	const struct metric *m = metric_get(s, "tie_strength");
	json_t *out;
	if (!pair_ok(m, a, b) || !(out = json_array()))
		return NULL;
	for (size_t t = 0; t < s->T; t++)
		json_array_append_new(out, serve_number(pair_mean(s, m, t, a, b)));
	return out;
}

/* Whether the tie a - b reaches the side's network.tie_present_threshold
 * (the density's "a tie") in some interval, on the mean over replicates. */
static int tie_present(const struct side *s, size_t a, size_t b)
{
	const struct metric *m = metric_get(s, "tie_strength");
	const config_setting_t *th = s->cfg ? serve_lookup(s->cfg, "network.tie_present_threshold")
	                                    : NULL;
	if (a == b || !th || !pair_ok(m, a, b))
		return 0;
	for (size_t t = 0; t < s->T; t++)
		if (pair_mean(s, m, t, a, b) >= config_setting_get_float(th))
			return 1;
	return 0;
}

static json_t *network_side(const struct side *s, const unsigned char *used, size_t n_roles_a,
                            char *const *names)
{
	json_t *edges = json_array();

	for (size_t a = 0; a < s->n_role; a++)
		for (size_t b = 0; b < s->n_role; b++) {
			int ia = label_index(names, n_roles_a, s->role[a]);
			int ib = label_index(names, n_roles_a, s->role[b]);
			double total;
			if (ia < 0 || ib < 0 || !used[(size_t)ia * MAX_LABELS + (size_t)ib])
				continue;
			json_t *w = route_series(s, a, b, &total), *tie = tie_series(s, a, b);
			json_t *e = json_pack("{s:s, s:s, s:o, s:o}", "from", s->role[a], "to",
			                      s->role[b], "weight", w, "total",
			                      serve_number(total));
			if (e && tie)
				json_object_set_new(e, "tie", tie);
			else
				json_decref(tie);
			json_array_append_new(edges, e);
		}
	return json_pack("{s:o, s:o, s:o}", "phase", mean_series(s, "network_phase"), "density",
	                 mean_series(s, "network_density"), "edges", edges);
}

static json_t *role_json(const struct summarise *S, const struct side *s, size_t i)
{
	const char *role = s->role[i];
	int in_a = label_index(S->a.role, S->a.n_role, role) >= 0;
	int in_b = label_index(S->b.role, S->b.n_role, role) >= 0;

	return json_pack("{s:s, s:b, s:b, s:b}", "name", role, "formal", role_formal(s, i),
	                 "in_scenario", in_a, "in_baseline", in_b);
}

static json_t *network_json(const struct summarise *S)
{
	char *names[MAX_LABELS];
	size_t n = 0;
	json_t *roles = json_array();
	unsigned char *used = calloc(MAX_LABELS * MAX_LABELS, 1);
	const struct side *sides[2] = { &S->a, &S->b };
	json_t *out;

	if (!used)
		return json_null();
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sides[k]->n_role && n < MAX_LABELS; i++)
			if (label_index(names, n, sides[k]->role[i]) < 0) {
				names[n++] = sides[k]->role[i];
				json_array_append_new(roles, role_json(S, sides[k], i));
			}
	for (int k = 0; k < 2; k++)
		for (size_t a = 0; a < sides[k]->n_role; a++)
			for (size_t b = 0; b < sides[k]->n_role; b++) {
				double total;
				json_decref(route_series(sides[k], a, b, &total));
				int ia = label_index(names, n, sides[k]->role[a]);
				int ib = label_index(names, n, sides[k]->role[b]);
				int tied = tie_present(sides[k], a, b);
				if ((total > 0.0 || tied) && ia >= 0 && ib >= 0)
					used[(size_t)ia * MAX_LABELS + (size_t)ib] = 1;
			}
	out = json_pack("{s:o, s:[ssss], s:o, s:o}", "roles", roles, "phase_names", "verkennen",
	                "vormgeven", "verdiepen", "verankeren", "scenario",
	                network_side(&S->a, used, n, names), "baseline",
	                network_side(&S->b, used, n, names));
	free(used);
	return out;
}

static void flow_link(json_t *nodes, json_t *links, const char *source, const char *target,
                      double value)
{
	if (!(value > 0.0))
		return;
	json_array_append_new(links, json_pack("{s:s, s:s, s:o}", "source", source, "target",
	                                       target, "value", serve_number(value)));
	(void)nodes;
}

static void flow_node(json_t *nodes, const char *prefix, const char *name, int column,
                      const char *kind)
{
	char id[128];
	size_t i;
	json_t *nd;

	snprintf(id, sizeof id, "%s:%s", prefix, name);
	json_array_foreach(nodes, i, nd) {
		if (strcmp(json_string_value(json_object_get(nd, "id")), id) == 0)
			return;
	}
	json_array_append_new(nodes, json_pack("{s:s, s:i, s:s, s:s}", "id", id, "column", column,
	                                       "kind", kind, "name", name));
}

/* The role a channel's signals arrive at (its `to`, or the outreach role),
 * or NULL (professional and mdo channels without one). */
static const char *channel_target(const struct side *s, const char *channel)
{
	char path[128];
	const config_setting_t *to, *role;

	snprintf(path, sizeof path, "channels.%s.to", channel);
	to = serve_lookup(s->cfg, path);
	if (to && config_setting_get_string(to) && config_setting_get_string(to)[0])
		return config_setting_get_string(to);
	snprintf(path, sizeof path, "channels.%s.role", channel);
	role = serve_lookup(s->cfg, path);
	if (role && config_setting_get_string(role) && config_setting_get_string(role)[0])
		return config_setting_get_string(role);
	return NULL;
}

static json_t *flow_side(const struct side *s, json_t **totals)
{
	json_t *nodes = json_array(), *links = json_array();
	const struct metric *routes = metric_get(s, "referrals_by_route");
	unsigned char second[MAX_LABELS] = {0};
	char src[128], dst[128];
	double signalled = 0.0, resolved = 0.0, turned = 0.0;

	for (size_t c = 0; c < s->n_channel; c++) {
		double v = run_total(s, "signalled", (int)c);
		const char *to = channel_target(s, s->channel[c]);
		if (!(v > 0.0))
			continue;
		signalled += v;
		flow_node(nodes, "channel", s->channel[c], 0, "channel");
		flow_node(nodes, "role1", to ? to : "professionals", 1, "role");
		snprintf(src, sizeof src, "channel:%s", s->channel[c]);
		snprintf(dst, sizeof dst, "role1:%s", to ? to : "professionals");
		flow_link(nodes, links, src, dst, v);
	}
	for (size_t a = 0; routes && a < s->n_role; a++)
		for (size_t b = 0; b < s->n_role && b < MAX_LABELS; b++) {
			double total;
			json_decref(route_series(s, a, b, &total));
			if (!(total > 0.0))
				continue;
			second[b] = 1;
			flow_node(nodes, "role1", s->role[a], 1, "role");
			flow_node(nodes, "role2", s->role[b], 2, "role");
			snprintf(src, sizeof src, "role1:%s", s->role[a]);
			snprintf(dst, sizeof dst, "role2:%s", s->role[b]);
			flow_link(nodes, links, src, dst, total);
		}
	for (size_t r = 0; r < s->n_role && r < MAX_LABELS; r++) {
		double v = run_total(s, "resolved", (int)r);
		double away = run_total(s, "needs_turned_away", (int)r);
		const char *prefix = second[r] ? "role2" : "role1";
		snprintf(src, sizeof src, "%s:%s", prefix, s->role[r]);
		if (v > 0.0 || away > 0.0)
			flow_node(nodes, prefix, s->role[r], second[r] ? 2 : 1, "role");
		if (v > 0.0) {
			resolved += v;
			flow_node(nodes, "outcome", "resolved", 3, "outcome");
			flow_link(nodes, links, src, "outcome:resolved", v);
		}
		if (away > 0.0) {
			turned += away;
			flow_node(nodes, "outcome", "turned_away", 3, "outcome");
			flow_link(nodes, links, src, "outcome:turned_away", away);
		}
	}
	double self = run_total(s, "resolved_self", -1), dropped = run_total(s, "dropped", -1);
	double escalated = 0.0;
	for (size_t k = 0; k < s->n_need_type; k++) {
		double v = run_total(s, "escalations", (int)k);
		if (!isnan(v))
			escalated += v;
	}
	const struct { const char *name; double v; } pool[] = {
		{ "resolved_self", self }, { "escalated", escalated }, { "dropped", dropped },
	};
	for (size_t i = 0; i < sizeof pool / sizeof pool[0]; i++) {
		if (!(pool[i].v > 0.0))
			continue;
		flow_node(nodes, "pool", "open_needs", 2, "pool");
		flow_node(nodes, "outcome", pool[i].name, 3, "outcome");
		snprintf(dst, sizeof dst, "outcome:%s", pool[i].name);
		flow_link(nodes, links, "pool:open_needs", dst, pool[i].v);
	}
	*totals = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "signalled",
	                    serve_number(signalled), "referrals",
	                    serve_number(run_total(s, "referrals", -1)), "task_shifts",
	                    serve_number(run_total(s, "task_shifts", -1)), "resolved",
	                    serve_number(resolved), "resolved_self", serve_number(self),
	                    "escalated", serve_number(escalated), "dropped",
	                    serve_number(dropped), "turned_away", serve_number(turned));
	return json_pack("{s:o, s:o}", "nodes", nodes, "links", links);
}

static json_t *flow_json(const struct summarise *S)
{
	json_t *ta = NULL, *tb = NULL;
	json_t *a = flow_side(&S->a, &ta), *b = flow_side(&S->b, &tb);
	return json_pack("{s:o, s:o, s:{s:o, s:o}}", "scenario", a, "baseline", b, "totals",
	                 "scenario", ta, "baseline", tb);
}

int serve_result_summarise(const char *path, const struct serve_pair_info *pair,
                           const json_t *indicators, json_t *out, struct wk_error *err)
{
	struct summarise *S = calloc(1, sizeof *S);
	hid_t file = H5I_INVALID_HID, scenarios = H5I_INVALID_HID;
	int rc;

	if (!S)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	S->a.name = pair->scenario;
	S->a.cfg = pair->scenario_cfg;
	S->b.name = pair->baseline;
	S->b.cfg = pair->baseline_cfg;
	S->table = indicators;
	if ((rc = h5read_open(path, &file, &scenarios, NULL, err)))
		goto out;
	if ((rc = side_read(scenarios, &S->a, indicators, err)) ||
	    (rc = side_read(scenarios, &S->b, indicators, err)))
		goto out;
	if (S->a.T != S->b.T) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "scenario and baseline have different time axes");
		goto out;
	}
	S->indicators = json_array();
	S->series = json_array();
	indicators_add(S, indicators);
	series_add(S, indicators);
	json_t *time = json_array();
	for (size_t t = 0; t < S->a.T; t++)
		json_array_append_new(time, serve_number(S->a.time[t]));
	json_object_set_new(out, "indicators", S->indicators);
	json_object_set_new(out, "series", S->series);
	json_object_set_new(out, "time", time);
	json_object_set_new(out, "network", network_json(S));
	json_object_set_new(out, "flow", flow_json(S));
	rc = 0;
out:
	if (scenarios >= 0)
		H5Gclose(scenarios);
	if (file >= 0)
		H5Fclose(file);
	side_free(&S->a);
	side_free(&S->b);
	free(S);
	return rc;
}
