/*
 * info.c — `wijksim info`: a result file's provenance and, per scenario, a
 * headline table of means over replicates with 95% intervals.
 *
 * Invariants: read-only; a metric that cannot be summarised (odd shape,
 * unreadable) is skipped rather than failing the command, because the table
 * is a summary and the file stays readable with h5py.
 *
 * Ownership: everything read from the file is freed before the function
 * that read it returns; the caller owns the FILE it prints to.
 */
#include "h5out.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5common.h"
#include "h5read.h"

/* The metrics `wijksim info` summarises, in the order it prints them. They
 * are the outcomes a policy comparison looks at first: how early needs are
 * signalled, how much professional time they take and how long people wait,
 * what escalates, and what it costs. Metrics absent from a file are skipped,
 * so a model that does not produce one of these still prints the rest. */
static const char *const headline_metrics[] = {
	"signalled_early",
	"signalled",
	"hours_used",         /* per role */
	"utilisation",        /* per role */
	"wait_days",          /* per role */
	"escalations",        /* per need type */
	"cost_formal",
	"cost_second_line",
	"needs_new",
};

struct info_printer {
	const char *path;
	FILE *out;
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

struct label_capture {
	char **labels;
	size_t n;
};

static herr_t label_capture_visit(hid_t dset, unsigned dim, hid_t scale, void *data)
{
	struct label_capture *capture = data;

	(void)dset;
	(void)dim;
	h5read_free_strings(capture->labels, capture->n);
	if (h5read_strings(scale, &capture->labels, &capture->n) < 0) {
		capture->labels = NULL;
		capture->n = 0;
	}
	return 0;    /* keep going: like netCDF, the last attached scale wins */
}

/* Labels of the third dimension of `dset`: its attached scale's strings, or
 * the numbers 0..len-1 when it has none. */
static int axis_labels(hid_t dset, size_t len, char ***out)
{
	struct label_capture capture = { NULL, 0 };
	char **labels;
	size_t i;

	H5DSiterate_scales(dset, 2, NULL, label_capture_visit, &capture);
	H5Eclear2(H5E_DEFAULT);
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

/* Bytes of `text` beyond its count of characters: printf pads by bytes, so
 * a label such as "cliëntondersteuner" needs this much more field width to
 * line up. */
static int utf8_extra_bytes(const char *text)
{
	int extra = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xc0) == 0x80)
			extra++;
	return extra;
}

/* One headline row: the mean over replicates of `per_replicate` (R values,
 * stride `stride`) and its 95% t-interval. Replicates that were never
 * written (NaN) are left out of the statistics. */
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
	fprintf(out, "  %-17s %-*s %12s  %-26s %s\n", metric,
	        20 + utf8_extra_bytes(label), label, mean_text, interval, units);
}

/* Reduce a metric to one value per replicate and label: the sum over time
 * for a flow, the mean over time for a stock. Reads one replicate row at a
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

/* Print the rows of one headline metric, if the scenario has it. Problems
 * with one metric (odd shape, unreadable) skip it rather than fail `info`:
 * the table is a summary, and the file itself stays readable with h5py. */
static void print_headline_metric(FILE *out, hid_t group, const char *metric)
{
	hid_t dset = H5I_INVALID_HID, space = H5I_INVALID_HID;
	hsize_t dims[3] = { 0, 0, 1 };
	char *units = NULL, *kind = NULL;
	char **labels = NULL;
	double *per_replicate = NULL;
	size_t replicates, n_times, axis_len = 1, a;
	int rank, is_flow;

	if (H5Lexists(group, metric, H5P_DEFAULT) <= 0)
		goto out;
	dset = H5Dopen2(group, metric, H5P_DEFAULT);
	if (dset < 0)
		goto out;
	space = H5Dget_space(dset);
	rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
	if (rank != 2 && rank != 3)
		goto out;
	if (H5Sget_simple_extent_dims(space, dims, NULL) < 0)
		goto out;
	replicates = dims[0];
	n_times = dims[1];
	axis_len = rank == 3 ? dims[2] : 1;
	if (replicates == 0 || n_times == 0 || axis_len == 0)
		goto out;
	if (h5read_attr_string(dset, "units", &units) < 0)
		units = NULL;
	if (h5read_attr_string(dset, "kind", &kind) < 0)
		kind = NULL;
	is_flow = kind && !strcmp(kind, "flow");
	per_replicate = malloc(replicates * axis_len * sizeof *per_replicate);
	if (!per_replicate ||
	    reduce_over_time(dset, replicates, n_times, axis_len, is_flow,
	                     per_replicate) < 0)
		goto out;
	if (rank == 3) {
		if (axis_labels(dset, axis_len, &labels) < 0)
			goto out;
		for (a = 0; a < axis_len; a++)
			print_headline_row(out, a == 0 ? metric : "", labels[a],
			                   units ? units : "", per_replicate + a, replicates,
			                   axis_len);
	} else {
		print_headline_row(out, metric, "", units ? units : "", per_replicate,
		                   replicates, 1);
	}
out:
	if (labels)
		h5read_free_strings(labels, axis_len);
	free(per_replicate);
	free(units);
	free(kind);
	h5c_close_id(&space);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
}

static int scenario_print(hid_t group, char *name, void *data, struct wk_error *err)
{
	const struct info_printer *printer = data;
	struct h5out_scenario_info info;
	size_t i;
	int rc;

	rc = h5read_scenario_info(group, printer->path, name, &info, err);
	if (rc == 0) {
		fprintf(printer->out,
		        "\nscenario '%s': %lld replicates, %lld days, output every %lld "
		        "days, seed %llu\n",
		        info.name, info.replicates, info.days, info.output_every,
		        (unsigned long long)info.seed);
		fprintf(printer->out,
		        "  flows are totals over the run, stocks and means averaged over time; "
		        "95%% interval over replicates\n");
		fprintf(printer->out, "  %-17s %-20s %12s  %-26s %s\n", "metric", "label",
		        "mean", "95% interval", "units");
		for (i = 0; i < sizeof headline_metrics / sizeof headline_metrics[0]; i++)
			print_headline_metric(printer->out, group, headline_metrics[i]);
	}
	free(info.name);
	free(info.config);
	return rc;
}

int h5out_print_info(const char *path, void *file, struct wk_error *err)
{
	static const char *const provenance[][2] = {
		{ "producer", "producer" },
		{ "version", "version" },
		{ "created", "created" },
		{ "command_line", "command line" },
		{ "rng", "rng" },
	};
	struct info_printer printer = { path, file };
	hid_t h5file, scenarios;
	size_t i;
	int rc;

	if (!file)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: nowhere to print");
	rc = h5read_open(path, &h5file, &scenarios, err);
	if (rc)
		return rc;
	fprintf(printer.out, "%-13s %s\n", "file", path);
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
	if (rc == 0 && (fflush(printer.out) != 0 || ferror(printer.out)))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "cannot write the summary: %s", strerror(errno));
	return rc;
}
