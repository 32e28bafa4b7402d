/*
 * info.c — `wijksim info`: a result file's provenance and, per scenario, a
 * headline table of means over replicates with 95% intervals, and a list of
 * the scenario's datasets.
 *
 * Everything printed comes from the file, not from a list in C: the
 * datasets of each scenario group in file order, each one's `kind`, `units`
 * and `long_name` attributes, and its dimension scales (the name and labels
 * of the third axis). Which metrics make the table is a rule on those
 * (metric_is_headline):
 *   - every [replicate, time] metric: one number per replicate;
 *   - every metric with a label axis whose kind is "mean" (a mean or ratio
 *     such as utilisation or wait per role): one row per label, because
 *     such values cannot be added up over the labels;
 * per-label flows and stocks are listed below the table with their axis.
 * Flows are summed over time, stocks and means averaged over time; the 95%
 * interval of the mean over replicates uses GSL's t quantile.
 *
 * The table opens with the key outcomes (print_key_rows): the stored
 * cost_total (the headline cost) with cost_capacity and cost_second_line
 * beside it; the share of signals that were early for somatic needs and for
 * social and psychosocial needs, per replicate the sum over the run and over
 * the need types of each group of signals_early_by_type divided by that of
 * signals_by_type; and needs_turned_away for each role where it is not zero.
 * A need type is somatic when its Positive Health dimension is
 * lichaamsfuncties; the dimensions are read, with libconfig, from the
 * scenario's stored configuration text (its `config` attribute), matched to
 * the need_type labels by name. A file of an older layout (no cost_total, no
 * signals_by_type) gets a line saying what is missing instead.
 *
 * Invariants: read-only; a metric that cannot be summarised (odd shape,
 * unreadable) is skipped rather than failing the command, because the table
 * is a summary and the file stays readable with h5py. No printed line of a
 * scenario is wider than INFO_WIDTH columns (provenance lines print whole).
 *
 * Ownership: everything read from the file is freed before the function
 * that read it returns; the caller owns the FILE it prints to.
 */
#include "h5out.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <libconfig.h>

#include "h5common.h"
#include "h5read.h"

/* Width of the terminal the summary is laid out for. */
enum { INFO_WIDTH = 100 };

/* One metric dataset of a scenario group, as the file describes it. */
struct metric_desc {
	char *name;
	char *kind;                  /* "flow", "stock", "mean"; NULL: not given */
	char *units;
	char *long_name;
	char *axis;                  /* name of the third axis' scale; NULL: none */
	int rank;                    /* 2: [R,T]; 3: [R,T,A] */
	size_t replicates, n_times, axis_len;
};

struct info_printer {
	const char *path;
	FILE *out;
	char *last_list;             /* previous scenario's dataset list */
	char *last_scenario;         /* ... and its name */
};

/* Render a number for the headline table: fixed point for the usual range,
 * scientific for very large or very small magnitudes, "n/a" when there is
 * none. */
static void format_number(double x, char *buf, size_t size)
{
	if (!isfinite(x))
		snprintf(buf, size, "n/a");
	else if (fabs(x) >= 1e9 || (x != 0.0 && fabs(x) < 0.01))
		snprintf(buf, size, "%.3g", x);
	else
		snprintf(buf, size, "%.2f", x);
}

/* Whether byte c starts a character (an ASCII byte or a UTF-8 lead byte). */
static int is_char_start(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

/* Print one line, cut to INFO_WIDTH characters ("..." marks a cut). */
static void print_clipped(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void print_clipped(FILE *out, const char *fmt, ...)
{
	char line[1024];
	size_t i, chars = 0, cut = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (i = 0; line[i]; i++) {
		if (!is_char_start(line[i]))
			continue;
		if (chars == INFO_WIDTH - 3)
			cut = i;
		if (++chars > INFO_WIDTH) {
			snprintf(line + cut, sizeof line - cut, "...");
			break;
		}
	}
	fprintf(out, "%s\n", line);
}

/* Bytes of `text` beyond its count of characters: printf pads by bytes, so
 * a label such as "cliëntondersteuner" needs this much more field width to
 * line up. */
static int utf8_extra_bytes(const char *text)
{
	int extra = 0;

	for (; *text; text++)
		if (!is_char_start(*text))
			extra++;
	return extra;
}

/* The third axis of a dataset, from the dimension scale attached to it. */
struct axis_capture {
	char *name;
	char **labels;
	size_t n;
};

static herr_t axis_capture_visit(hid_t dset, unsigned dim, hid_t scale, void *data)
{
	struct axis_capture *capture = data;
	ssize_t len = H5DSget_scale_name(scale, NULL, 0);

	(void)dset;
	(void)dim;
	/* Like netCDF, the last attached scale wins. */
	free(capture->name);
	capture->name = len > 0 ? malloc((size_t)len + 1) : NULL;
	if (capture->name && H5DSget_scale_name(scale, capture->name, (size_t)len + 1) < 0) {
		free(capture->name);
		capture->name = NULL;
	}
	h5read_free_strings(capture->labels, capture->n);
	if (h5read_strings(scale, &capture->labels, &capture->n) < 0) {
		capture->labels = NULL;
		capture->n = 0;
	}
	return 0;
}

static void axis_capture(hid_t dset, struct axis_capture *capture)
{
	memset(capture, 0, sizeof *capture);
	H5DSiterate_scales(dset, 2, NULL, axis_capture_visit, capture);
	H5Eclear2(H5E_DEFAULT);
}

/* Labels of the third dimension of `dset`: its scale's strings, or the
 * numbers 0..len-1 when it has none (or they do not match its length). */
static int axis_labels(hid_t dset, size_t len, char ***out)
{
	struct axis_capture capture;
	char **labels;
	size_t i;

	axis_capture(dset, &capture);
	free(capture.name);
	if (capture.labels && capture.n == len) {
		*out = capture.labels;
		return 0;
	}
	h5read_free_strings(capture.labels, capture.n);
	labels = calloc(len, sizeof *labels);
	if (!labels)
		return -1;
	for (i = 0; i < len; i++) {
		char number[32];
		snprintf(number, sizeof number, "%zu", i);
		labels[i] = h5c_copy_string(number);
		if (!labels[i]) {
			h5read_free_strings(labels, len);
			return -1;
		}
	}
	*out = labels;
	return 0;
}

static void metric_desc_free(struct metric_desc *m)
{
	free(m->name);
	free(m->kind);
	free(m->units);
	free(m->long_name);
	free(m->axis);
}

/* Describe dataset `name` of `group` when it is a metric: a [R,T] or
 * [R,T,A] dataset that is not itself a dimension scale. Returns 1 with *m
 * filled (the caller frees it), 0 when it is not a metric. */
static int metric_describe(hid_t group, const char *name, struct metric_desc *m)
{
	hid_t dset = H5I_INVALID_HID, space = H5I_INVALID_HID;
	hsize_t dims[3] = { 0, 0, 1 };
	struct axis_capture capture;
	int found = 0;

	memset(m, 0, sizeof *m);
	dset = H5Oopen(group, name, H5P_DEFAULT);
	/* A metric has a kind; scales and time_bounds have none. */
	if (dset < 0 || H5Iget_type(dset) != H5I_DATASET || H5DSis_scale(dset) > 0 ||
	    H5Aexists(dset, "kind") <= 0)
		goto out;
	space = H5Dget_space(dset);
	m->rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
	if ((m->rank != 2 && m->rank != 3) ||
	    H5Sget_simple_extent_dims(space, dims, NULL) < 0 ||
	    dims[0] == 0 || dims[1] == 0 || dims[2] == 0)
		goto out;
	m->replicates = dims[0];
	m->n_times = dims[1];
	m->axis_len = m->rank == 3 ? dims[2] : 1;
	m->name = h5c_copy_string(name);
	if (!m->name)
		goto out;
	/* Missing attributes stay NULL and print as blanks. */
	h5read_attr_string(dset, "kind", &m->kind);
	h5read_attr_string(dset, "units", &m->units);
	h5read_attr_string(dset, "long_name", &m->long_name);
	if (m->rank == 3) {
		axis_capture(dset, &capture);
		m->axis = capture.name;
		h5read_free_strings(capture.labels, capture.n);
	}
	found = 1;
out:
	if (!found)
		metric_desc_free(m);
	h5c_close_id(&space);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
	return found;
}

static int kind_is(const struct metric_desc *m, const char *kind)
{
	return m->kind && !strcmp(m->kind, kind);
}

/* The rule for the headline table (see the top of this file). */
static int metric_is_headline(const struct metric_desc *m)
{
	return m->rank == 2 || kind_is(m, "mean");
}

/* Read the metrics of a scenario group in file order into *out. Returns
 * their number; datasets that are not metrics are left out. */
static size_t metrics_read(hid_t group, struct metric_desc **out)
{
	H5G_info_t group_info;
	H5_index_t order;
	struct metric_desc *list = NULL;
	size_t i, n = 0;

	*out = NULL;
	if (H5Gget_info(group, &group_info) < 0 || group_info.nlinks == 0) {
		H5Eclear2(H5E_DEFAULT);
		return 0;
	}
	order = h5read_link_order(group, group_info.nlinks);
	list = calloc(group_info.nlinks, sizeof *list);
	if (!list)
		return 0;
	for (i = 0; i < group_info.nlinks; i++) {
		char *name = h5read_link_name(group, order, i);

		if (name && metric_describe(group, name, &list[n]))
			n++;
		free(name);
	}
	H5Eclear2(H5E_DEFAULT);
	*out = list;
	return n;
}

/* One headline row: the mean over replicates of `per_replicate` (R values,
 * stride `stride`) and its 95% interval, mean ± t(0.975, n-1)·s/√n with
 * GSL's t quantile. Replicates that were never written (NaN) are left out
 * of the statistics. */
static void print_headline_row(FILE *out, const char *metric, const char *label,
                               const char *units, const double *per_replicate,
                               size_t replicates, size_t stride)
{
	double sum = 0.0, sum_sq = 0.0, mean = NAN;
	char mean_text[32], low_text[32], high_text[32], interval[80];
	size_t r, n = 0;

	for (r = 0; r < replicates; r++) {
		double v = per_replicate[r * stride];
		if (isfinite(v)) {
			sum += v;
			n++;
		}
	}
	if (n > 0)
		mean = sum / (double)n;
	snprintf(interval, sizeof interval, "n/a");
	if (n >= 2) {
		double sd, half;
		for (r = 0; r < replicates; r++) {
			double v = per_replicate[r * stride];
			if (isfinite(v))
				sum_sq += (v - mean) * (v - mean);
		}
		sd = sqrt(sum_sq / (double)(n - 1));
		half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
		format_number(mean - half, low_text, sizeof low_text);
		format_number(mean + half, high_text, sizeof high_text);
		snprintf(interval, sizeof interval, "[%s, %s]", low_text, high_text);
	}
	format_number(mean, mean_text, sizeof mean_text);
	print_clipped(out, "  %-17s %-*s %12s  %-26s %s", metric,
	              20 + utf8_extra_bytes(label), label, mean_text, interval, units);
}

/* Reduce a metric to one value per replicate and label: the sum over time
 * for a flow, the mean over time for a stock or mean. Reads one replicate row at a
 * time, so memory stays O(T*A + R*A) however many replicates there are.
 * per_replicate is [R][A]. Returns 0 or -1. */
static int reduce_over_time(hid_t dset, size_t replicates, size_t n_times,
                            size_t axis_len, int is_flow, double *per_replicate)
{
	hid_t file_space = H5I_INVALID_HID, mem_space = H5I_INVALID_HID;
	hsize_t row_len = n_times * axis_len;
	double *row = malloc(row_len * sizeof *row);
	size_t r, t, a;
	int rc = -1;

	file_space = H5Dget_space(dset);
	mem_space = H5Screate_simple(1, &row_len, NULL);
	if (!row || file_space < 0 || mem_space < 0)
		goto out;
	for (r = 0; r < replicates; r++) {
		hsize_t start[3] = { r, 0, 0 };
		hsize_t count[3] = { 1, n_times, axis_len };

		if (H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count,
		                        NULL) < 0 ||
		    H5Dread(dset, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT,
		            row) < 0)
			goto out;
		/* Intervals without a value (NaN: a ratio with nothing to divide,
		 * e.g. no first contacts) are left out rather than spoiling the sum. */
		for (a = 0; a < axis_len; a++) {
			double v = 0.0;
			size_t n_values = 0;
			for (t = 0; t < n_times; t++) {
				double x = row[t * axis_len + a];
				if (isnan(x))
					continue;
				v += x;
				n_values++;
			}
			per_replicate[r * axis_len + a] =
				n_values == 0 ? NAN : is_flow ? v : v / (double)n_values;
		}
	}
	rc = 0;
out:
	free(row);
	h5c_close_id(&mem_space);
	h5c_close_id(&file_space);
	return rc;
}

/* Print the table rows of one metric: one row, or one per label. Problems
 * with one metric skip it rather than fail `info`. */
static void print_metric_rows(FILE *out, hid_t group, const struct metric_desc *m)
{
	hid_t dset = H5Dopen2(group, m->name, H5P_DEFAULT);
	char **labels = NULL;
	double *per_replicate = malloc(m->replicates * m->axis_len * sizeof *per_replicate);
	const char *units = m->units ? m->units : "";
	size_t a;

	if (dset < 0 || !per_replicate ||
	    reduce_over_time(dset, m->replicates, m->n_times, m->axis_len,
	                     kind_is(m, "flow"), per_replicate) < 0)
		goto out;
	if (m->rank == 3) {
		if (axis_labels(dset, m->axis_len, &labels) < 0)
			goto out;
		for (a = 0; a < m->axis_len; a++)
			print_headline_row(out, a == 0 ? m->name : "", labels[a], units,
			                   per_replicate + a, m->replicates, m->axis_len);
	} else {
		print_headline_row(out, m->name, "", units, per_replicate, m->replicates, 1);
	}
out:
	if (labels)
		h5read_free_strings(labels, m->axis_len);
	free(per_replicate);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
}

/* A flow summed over time, per replicate and label: values is [R][A]. */
struct flow_totals {
	size_t replicates, axis_len;
	double *values;
	char **labels;               /* A labels; NULL for a [R,T] flow */
};

static void flow_totals_free(struct flow_totals *t)
{
	free(t->values);
	if (t->labels)
		h5read_free_strings(t->labels, t->axis_len);
	memset(t, 0, sizeof *t);
}

/* Read flow `name` of `group` summed over time. Returns 0, or -1 when the
 * group has no such flow (or it cannot be read). */
static int flow_totals_read(hid_t group, const char *name, struct flow_totals *t)
{
	struct metric_desc m;
	hid_t dset = H5I_INVALID_HID;
	int rc = -1;

	memset(t, 0, sizeof *t);
	if (H5Lexists(group, name, H5P_DEFAULT) <= 0) {
		H5Eclear2(H5E_DEFAULT);
		return -1;
	}
	if (!metric_describe(group, name, &m))
		return -1;
	t->replicates = m.replicates;
	t->axis_len = m.axis_len;
	t->values = malloc(m.replicates * m.axis_len * sizeof *t->values);
	dset = H5Dopen2(group, name, H5P_DEFAULT);
	if (!kind_is(&m, "flow") || !t->values || dset < 0 ||
	    reduce_over_time(dset, m.replicates, m.n_times, m.axis_len, 1, t->values) < 0 ||
	    (m.rank == 3 && axis_labels(dset, m.axis_len, &t->labels) < 0))
		goto out;
	rc = 0;
out:
	if (rc)
		flow_totals_free(t);
	metric_desc_free(&m);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

/* Print a [R,T] flow's row (summed over the run) when the group has it;
 * 1 when printed, 0 when the flow is not there. */
static int print_flow_row(FILE *out, hid_t group, const char *name, const char *label,
                          const char *units)
{
	struct flow_totals t;

	if (flow_totals_read(group, name, &t) < 0)
		return 0;
	if (t.axis_len != 1) {
		flow_totals_free(&t);
		return 0;
	}
	print_headline_row(out, name, label, units, t.values, t.replicates, 1);
	flow_totals_free(&t);
	return 1;
}

/* Group of each need type: 1 somatic (dimension lichaamsfuncties), 0 social
 * or psychosocial (any other dimension), -1 not in the configuration.
 * Returns a malloc'd array of n, or NULL when the text does not parse. */
static int *need_groups(const char *config_text, char *const *labels, size_t n)
{
	config_t cfg;
	config_setting_t *types;
	int *groups = NULL;
	size_t i;
	int k, count;

	if (!config_text)
		return NULL;
	config_init(&cfg);
	if (config_read_string(&cfg, config_text) != CONFIG_TRUE)
		goto out;
	groups = malloc((n ? n : 1) * sizeof *groups);
	if (!groups)
		goto out;
	for (i = 0; i < n; i++)
		groups[i] = -1;
	types = config_lookup(&cfg, "need_types");
	count = types ? config_setting_length(types) : 0;
	for (k = 0; k < count; k++) {
		config_setting_t *type = config_setting_get_elem(types, (unsigned)k);
		const char *name = NULL, *dimension = NULL;

		if (!type || !config_setting_lookup_string(type, "name", &name) ||
		    !config_setting_lookup_string(type, "dimension", &dimension))
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(labels[i], name))
				groups[i] = !strcmp(dimension, "lichaamsfuncties");
	}
out:
	config_destroy(&cfg);
	return groups;
}

/* Print the early shares by need group (all, somatic, social and
 * psychosocial); each replicate's share is its early signals over its
 * signals, both summed over the run and the group's need types. Returns 1
 * when the shares by group were printed, else 0. */
static int print_early_rows(FILE *out, hid_t group, const char *config_text)
{
	static const char *const group_label[] = { "social/psychosocial", "somatic" };
	struct flow_totals all, early;
	int *groups = NULL;
	double *share = NULL;
	size_t r, i;
	int k, any[2] = { 0, 0 };

	if (flow_totals_read(group, "signals_by_type", &all) < 0) {
		print_clipped(out, "  %-17s %s", "early_share",
		              "by need type: no signals_by_type in this file (an older layout)");
		return 0;
	}
	if (flow_totals_read(group, "signals_early_by_type", &early) < 0 ||
	    early.replicates != all.replicates || early.axis_len != all.axis_len ||
	    !all.labels) {
		print_clipped(out, "  %-17s %s", "early_share",
		              "by need type: no matching signals_early_by_type in this file");
		goto out;
	}
	groups = need_groups(config_text, all.labels, all.axis_len);
	share = malloc(all.replicates * sizeof *share);
	if (!share)
		goto out;
	for (k = 0; k < 3; k++) {  /* 2: all need types; 1: somatic; 0: social */
		int g = 2 - k;

		if (g < 2 && !groups)
			continue;
		for (r = 0; r < all.replicates; r++) {
			double num = 0.0, den = 0.0;
			for (i = 0; i < all.axis_len; i++) {
				if (g < 2 && groups[i] != g)
					continue;
				if (g < 2)
					any[g] = 1;
				num += early.values[r * all.axis_len + i];
				den += all.values[r * all.axis_len + i];
			}
			share[r] = den > 0.0 ? num / den : NAN;
		}
		if (g < 2 && !any[g])
			print_clipped(out, "  %-17s %-20s %s", "early_share", group_label[g],
			              "no need types of this group");
		else
			print_headline_row(out, "early_share", g == 2 ? "all need types" :
			                   group_label[g], "1", share, all.replicates, 1);
	}
	if (!groups)
		print_clipped(out, "  %-17s %s", "", "somatic, social: the stored config "
		              "could not be read");
out:
	free(share);
	flow_totals_free(&early);
	flow_totals_free(&all);
	if (!groups)
		return 0;
	free(groups);
	return 1;
}

/* needs_turned_away for each role where some replicate turned needs away;
 * nothing when there were none (or the file has no such metric). */
static void print_turned_away_rows(FILE *out, hid_t group)
{
	struct flow_totals t;
	size_t r, a;
	int first = 1;

	if (flow_totals_read(group, "needs_turned_away", &t) < 0)
		return;
	for (a = 0; t.labels && a < t.axis_len; a++) {
		int nonzero = 0;
		for (r = 0; r < t.replicates; r++)
			if (t.values[r * t.axis_len + a] != 0.0)
				nonzero = 1;
		if (!nonzero)
			continue;
		print_headline_row(out, first ? "needs_turned_away" : "", t.labels[a], "1",
		                   t.values + a, t.replicates, t.axis_len);
		first = 0;
	}
	flow_totals_free(&t);
}

/* Names of the metrics the key rows show; the rest of the table leaves
 * them out. */
static const char *const key_metrics[] = { "cost_total", "cost_capacity",
	                                    "cost_second_line" };

static int is_key_metric(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof key_metrics / sizeof key_metrics[0]; i++)
		if (!strcmp(name, key_metrics[i]))
			return 1;
	return 0;
}

/* The key outcomes at the top of a scenario's table (see the top of this
 * file). */
static void print_key_rows(FILE *out, hid_t group, const char *config_text)
{
	int by_type;

	if (!print_flow_row(out, group, "cost_total", "headline cost", "euro"))
		print_clipped(out, "  %-17s %s", "cost_total",
		              "not in this file (an older layout)");
	print_flow_row(out, group, "cost_capacity", "paid, used or not", "euro");
	print_flow_row(out, group, "cost_second_line", "escalations", "euro");
	by_type = print_early_rows(out, group, config_text);
	print_turned_away_rows(out, group);
	if (by_type)
		print_clipped(out, "  %s", "(early_share: signals_early_by_type / signals_by_type; "
		              "somatic: on lichaamsfuncties)");
	fprintf(out, "\n");
}

/* Bytes of the first line of `text` when it is wrapped at `width`
 * characters: up to the last space that fits, else a hard cut. */
static size_t wrap_point(const char *text, size_t width)
{
	size_t i, chars = 0, last_space = 0;

	for (i = 0; text[i]; i++) {
		if (!is_char_start(text[i]))
			continue;
		if (chars == width)
			return last_space ? last_space : i;
		if (text[i] == ' ')
			last_space = i;
		chars++;
	}
	return i;
}

/* The list of a scenario's metrics with what the file says about them, as
 * text (malloc'd; NULL when out of memory). Descriptions wrap within
 * INFO_WIDTH. */
static char *metric_list(const struct metric_desc *metrics, size_t n)
{
	char *text = NULL;
	size_t size = 0, i, lead;
	int name_width = 17;         /* wider when a name is longer */
	FILE *list;

	for (i = 0; i < n; i++)
		if (strlen(metrics[i].name) > (size_t)name_width)
			name_width = (int)strlen(metrics[i].name);
	lead = 2 + (size_t)name_width + 1 + 5 + 2 + 10 + 1;  /* before the description */
	list = open_memstream(&text, &size);
	if (!list)
		return NULL;
	print_clipped(list, "  %-*s %-5s  %-10s %s", name_width, "dataset", "kind", "axis",
	              "description (per-label flows and stocks are not in the table)");
	for (i = 0; i < n; i++) {
		const struct metric_desc *m = &metrics[i];
		const char *axis = m->rank == 2 ? "-" : m->axis ? m->axis : "?";
		const char *rest = m->long_name ? m->long_name : "";
		size_t len = wrap_point(rest, INFO_WIDTH - lead);

		print_clipped(list, "  %-*s %-5s  %-10s %.*s", name_width, m->name,
		              m->kind ? m->kind : "", axis, (int)len, rest);
		for (rest += len; *rest; rest += len) {
			rest += *rest == ' ';
			len = wrap_point(rest, INFO_WIDTH - lead);
			print_clipped(list, "%*s%.*s", (int)lead, "", (int)len, rest);
		}
	}
	if (fclose(list) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Print the dataset list, or refer to the previous scenario's when it is
 * the same. */
static void print_metric_list(struct info_printer *printer, const char *scenario,
                              const struct metric_desc *metrics, size_t n)
{
	char *text = metric_list(metrics, n);

	if (!text)
		return;
	fprintf(printer->out, "\n");
	if (printer->last_list && !strcmp(text, printer->last_list)) {
		print_clipped(printer->out, "  datasets: the same %zu as in scenario '%s'", n,
		              printer->last_scenario);
		free(text);
		return;
	}
	fputs(text, printer->out);
	free(printer->last_list);
	free(printer->last_scenario);
	printer->last_list = text;
	printer->last_scenario = h5c_copy_string(scenario);
}

static int scenario_print(hid_t group, char *name, void *data, struct wk_error *err)
{
	struct info_printer *printer = data;
	struct h5out_scenario_info info;
	struct metric_desc *metrics = NULL;
	size_t i, n;
	int rc;

	rc = h5read_scenario_info(group, printer->path, name, &info, err);
	if (rc == 0) {
		fprintf(printer->out, "\n");
		print_clipped(printer->out,
		              "scenario '%s': %lld replicates, %lld days, output every %lld "
		              "days, seed %llu",
		              info.name, info.replicates, info.days, info.output_every,
		              (unsigned long long)info.seed);
		print_clipped(printer->out,
		              "  flows summed over the run, stocks and means averaged over time; "
		              "95%% t-interval over replicates");
		print_clipped(printer->out, "  %-17s %-20s %12s  %-26s %s", "metric", "label",
		              "mean", "95% interval", "units");
		print_key_rows(printer->out, group, info.config);
		n = metrics_read(group, &metrics);
		for (i = 0; i < n; i++)
			if (metric_is_headline(&metrics[i]) && !is_key_metric(metrics[i].name))
				print_metric_rows(printer->out, group, &metrics[i]);
		print_metric_list(printer, info.name, metrics, n);
		for (i = 0; i < n; i++)
			metric_desc_free(&metrics[i]);
		free(metrics);
	}
	free(info.name);
	free(info.config);
	return rc;
}

struct verify_walk {
	const char *path;
	size_t n;
};

/* Count a scenario group after the checks of h5read_scenario_info and
 * h5read_shapes_check, so that a file is refused before anything of it is
 * printed. */
static int scenario_verify(hid_t group, char *name, void *data, struct wk_error *err)
{
	struct verify_walk *walk = data;
	struct h5out_scenario_info info;
	int rc = h5read_scenario_info(group, walk->path, name, &info, err);

	if (rc == 0)
		rc = h5read_shapes_check(group, walk->path, &info, err);
	free(info.name);
	free(info.config);
	walk->n++;
	return rc;
}

static int print_info(const char *path, void *file, struct wk_error *err)
{
	static const char *const provenance[][2] = {
		{ "producer", "producer" },
		{ "version", "version" },
		{ "created", "created" },
		{ "command_line", "command line" },
		{ "rng", "rng" },
	};
	struct info_printer printer = { path, file, NULL, NULL };
	enum h5c_seal_state seal = H5C_SEAL_NONE;
	hid_t h5file, scenarios;
	struct verify_walk verify = { path, 0 };
	size_t i;
	int rc;

	if (!file)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: nowhere to print");
	rc = h5read_open(path, &h5file, &scenarios, &seal, err);
	if (rc)
		return rc;
	/* Refuse a file without scenarios before printing anything, as rerun does. */
	rc = h5read_scenarios_visit(scenarios, path, scenario_verify, &verify, err);
	if (rc == 0 && verify.n == 0)
		rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                  "not a wijksim result file (no scenarios in it)");
	if (rc) {
		h5c_close_id(&scenarios);
		h5c_close_id(&h5file);
		return rc;
	}
	fprintf(printer.out, "%-13s %s\n", "file", path);
	fprintf(printer.out, "%-13s %s\n", "checksum",
	        seal == H5C_SEAL_INTACT ? "verified (SHA-256 of the contents, in the header)"
	                                : "none (not written by this wijksim: shapes checked, "
	                                  "contents not verified)");
	for (i = 0; i < sizeof provenance / sizeof provenance[0]; i++) {
		char *value = NULL;
		if (h5read_attr_string(h5file, provenance[i][0], &value) == 0) {
			fprintf(printer.out, "%-13s %s\n", provenance[i][1], value);
			free(value);
		} else {
			fprintf(printer.out, "%-13s %s\n", provenance[i][1], "(not recorded)");
		}
	}
	rc = h5read_scenarios_visit(scenarios, path, scenario_print, &printer, err);
	h5c_close_id(&scenarios);
	h5c_close_id(&h5file);
	free(printer.last_list);
	free(printer.last_scenario);
	if (rc == 0 && (fflush(printer.out) != 0 || ferror(printer.out)))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "cannot write the summary: %s", strerror(errno));
	return rc;
}

static int print_info_to_nowhere(const char *path, void *data)
{
	struct wk_error err;
	FILE *sink = fopen("/dev/null", "w");
	int rc;

	(void)data;
	if (!sink)
		return WK_EXIT_RUNTIME;
	wk_error_clear(&err);
	rc = print_info(path, sink, &err);
	fclose(sink);
	return rc;
}

int h5out_print_info(const char *path, void *file, struct wk_error *err)
{
	int rc;

	if (!file)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: nowhere to print");
	if ((rc = h5read_probe(path, print_info_to_nowhere, NULL, err)))
		return rc;
	return print_info(path, file, err);
}
