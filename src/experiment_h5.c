/*
 * experiment_h5.c — the result file of `wijksim experiment`: the group
 * /experiments/<name>/ (README.md "Experiments, sensitivity and
 * calibration" gives the layout), written one point at a time.
 *
 * State machine of the file:
 *
 *   (none) --open--> <target>.partial --add_point * P--> complete
 *                        |   ^                              |
 *                 interrupt  | --resume                 close(publish)
 *                        v   |                              v
 *                   <target>.partial (done[p] = 0 for      <target>
 *                   the points not yet written)
 *
 * Invariants:
 *  1. Point p's summaries of every metric are written before done[p] = 1,
 *     and the file is flushed after each point: a partial file never says
 *     a point is done that is not.
 *  2. Every dataset is created whole at open (fill NaN, done 0), so a
 *     resumed file and an uninterrupted one have the same datasets, shapes,
 *     chunks and, once every point is written, the same values.
 *  3. A summary of replicate r of a point is a function of that run alone
 *     (flows summed and scaled to a year, stocks and means averaged over
 *     the output intervals weighted by their length, NaN intervals of a
 *     mean left out), so it does not depend on batches or threads.
 */
#include "experiment.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5common.h"
#include "h5out.h"
#include "h5publish.h"
#include "model.h"
#include "rng.h"

#ifndef WK_VERSION
#define WK_VERSION "0.1.0"
#endif

/* Why 365: flows are reported per year of 365 days, as the rest of the
 * output's yearly figures (PARAMETERS.md). */
#define DAYS_PER_YEAR 365.0

struct experiment_file {
	struct h5pub pub; /* target, and the partial file as its temp_path */
	hid_t file, group, done;
	hid_t *metrics; /* model_metric_count() datasets */
	hid_t *series;  /* --series: the same under series/, [P][R][T]..., or NULL */
	size_t n_metrics, n_points, replicates;
	unsigned char *done_flags;
	const struct model_params *params;
};

void experiment_partial_path(const char *target, char *buf, size_t size)
{
	snprintf(buf, size, "%s.partial", target);
}

static int write_strings(hid_t group, const char *name, size_t n, const char *const *values,
                         int scale)
{
	hsize_t dims[1] = {n};
	hid_t type = h5c_utf8_string_type(), space = H5Screate_simple(1, dims, NULL);
	hid_t dset = H5I_INVALID_HID;
	int rc = -1;

	if (type < 0 || space < 0)
		goto out;
	dset = H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (dset < 0 || H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0 ||
	    (scale && H5DSset_scale(dset, name) < 0))
		goto out;
	rc = 0;
out:
	h5c_close_id(&dset);
	h5c_close_id(&space);
	h5c_close_id(&type);
	return rc;
}

/* A float64 dataset of rank dims on the named scales, written from values
 * (NULL: left at the NaN fill), with a long_name; chunked one point at a
 * time when `chunk_points`. Returns its id or -1. */
static hid_t create_doubles(hid_t group, const char *name, int rank, const hsize_t *dims,
                            const char *const *scales, const double *values, const char *long_name,
                            int chunk_points)
{
	hid_t space = H5Screate_simple(rank, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE);
	hid_t dset = H5I_INVALID_HID;
	hsize_t chunk[5];
	double fill = NAN;
	int ok = space >= 0 && dcpl >= 0 && H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill) >= 0;

	for (int i = 0; i < rank; i++)
		chunk[i] = i == 0 ? 1 : dims[i];
	if (ok && chunk_points)
		ok = H5Pset_chunk(dcpl, rank, chunk) >= 0 && H5Pset_shuffle(dcpl) >= 0 &&
		     H5Pset_deflate(dcpl, 4) >= 0;
	if (ok)
		dset = H5Dcreate2(group, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl,
		                  H5P_DEFAULT);
	ok = dset >= 0;
	if (ok && values)
		ok = H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
	if (ok && long_name)
		ok = h5c_attr_write_string(dset, "long_name", long_name) >= 0;
	for (int i = 0; ok && i < rank; i++) {
		hid_t sc = H5Dopen2(group, scales[i], H5P_DEFAULT);
		ok = sc >= 0 && H5DSattach_scale(dset, sc, (unsigned)i) >= 0;
		h5c_close_id(&sc);
	}
	h5c_close_id(&dcpl);
	h5c_close_id(&space);
	if (!ok)
		h5c_close_id(&dset);
	return dset;
}

static int write_int_scale(hid_t group, const char *name, size_t n)
{
	hsize_t dims[1] = {n};
	long long *v = malloc((n ? n : 1) * sizeof *v);
	hid_t space = H5Screate_simple(1, dims, NULL), dset = H5I_INVALID_HID;
	int rc = -1;

	if (!v || space < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		v[i] = (long long)i;
	dset = H5Dcreate2(group, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (dset >= 0 && H5Dwrite(dset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0 &&
	    H5DSset_scale(dset, name) >= 0)
		rc = 0;
out:
	h5c_close_id(&dset);
	h5c_close_id(&space);
	free(v);
	return rc;
}

static const char *summary_of(const char *kind)
{
	return strcmp(kind, "flow") == 0 ? "sum over the run per year of 365 days"
	                                 : "mean over the run, weighted by interval length";
}

/* A flow's units per year: "1" -> "year-1", "hour" -> "hour year-1". */
static void yearly_units(const char *units, char *buf, size_t size)
{
	if (strcmp(units, "1") == 0)
		snprintf(buf, size, "year-1");
	else
		snprintf(buf, size, "%s year-1", units);
}

/* --series: the group series/ with a time axis (time [T], the interval's
 * end day; time_bounds [T, 2]) and, for every metric, its runs' series
 * [P][R][T] (+ its axes), chunked one point at a time. Values as the run
 * command stores them; the summaries above are computed from them. */
static int create_series(struct experiment_file *f, const struct experiment *ex)
{
	const struct model_params *p = f->params;
	size_t T = (size_t)((p->days + p->output_every - 1) / p->output_every);
	hid_t sg = H5Gcreate2(f->group, "series", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	double *bounds = malloc(2 * T * sizeof *bounds);
	long long *ends = malloc(T * sizeof *ends);
	char base[128];
	int ok = sg >= 0 && bounds && ends;

	snprintf(base, sizeof base, "/experiments/%s/", ex->name);
	for (size_t t = 0; ok && t < T; t++) {
		double hi = (double)((t + 1) * (size_t)p->output_every);
		bounds[2 * t] = (double)(t * (size_t)p->output_every);
		bounds[2 * t + 1] = fmin(hi, (double)p->days);
		ends[t] = (long long)bounds[2 * t + 1];
	}
	if (ok) {
		hsize_t d1[1] = {T};
		hid_t sp = H5Screate_simple(1, d1, NULL), ds = H5I_INVALID_HID;
		if (sp >= 0)
			ds = H5Dcreate2(sg, "time", H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT,
			                H5P_DEFAULT);
		ok = ds >= 0 &&
		     H5Dwrite(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, ends) >= 0 &&
		     H5DSset_scale(ds, "time") >= 0 &&
		     h5c_attr_write_string(ds, "units", "day") >= 0 &&
		     h5c_attr_write_string(ds, "long_name",
		                           "day at the end of the output interval") >= 0;
		h5c_close_id(&ds);
		h5c_close_id(&sp);
	}
	if (ok) {
		hsize_t d2[2] = {T, 2};
		hid_t sp = H5Screate_simple(2, d2, NULL), ds = H5I_INVALID_HID;
		if (sp >= 0)
			ds = H5Dcreate2(sg, "time_bounds", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT,
			                H5P_DEFAULT, H5P_DEFAULT);
		ok = ds >= 0 &&
		     H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, bounds) >= 0;
		h5c_close_id(&ds);
		h5c_close_id(&sp);
	}
	for (size_t m = 0; ok && m < f->n_metrics; m++) {
		const struct model_metric *mm = model_metric_get(m);
		char sc[5][160];
		const char *scales[5] = {sc[0], sc[1], "time", sc[3], sc[4]};
		hsize_t dims[5] = {ex->n_points, ex->replicates, T, 0, 0};
		int rank = 3;
		snprintf(sc[0], sizeof sc[0], "%spoint", base);
		snprintf(sc[1], sizeof sc[1], "%sreplicate", base);
		if (mm->axis != AXIS_NONE) {
			snprintf(sc[rank], sizeof sc[rank], "%s%s", base,
			         model_axis_name(mm->axis));
			dims[rank++] = model_axis_len(p, mm->axis);
		}
		if (mm->axis2 != AXIS_NONE) {
			snprintf(sc[rank], sizeof sc[rank], "%s%s", base,
			         model_axis_name(mm->axis2));
			dims[rank++] = model_axis_len(p, mm->axis2);
		}
		f->series[m] =
		        create_doubles(sg, mm->name, rank, dims, scales, NULL, mm->long_name, 1);
		ok = f->series[m] >= 0 &&
		     h5c_attr_write_string(f->series[m], "units", mm->units) >= 0 &&
		     h5c_attr_write_string(f->series[m], "kind", mm->kind) >= 0;
	}
	h5c_close_id(&sg);
	free(bounds);
	free(ends);
	return ok ? 0 : -1;
}

/* Point `point`'s series of metric m ([R][T][L] in `series`). `count` holds
 * the summary's [1, R, axes] of rank `rank`. */
static int write_series(struct experiment_file *f, size_t m, size_t point, const double *series,
                        size_t T, const hsize_t *count, size_t rank)
{
	hsize_t start[5] = {point, 0, 0, 0, 0}, cnt[5] = {1, count[1], T, 1, 1};
	hid_t fspace = H5Dget_space(f->series[m]), mspace;
	int ok;

	for (size_t i = 2; i < rank; i++)
		cnt[i + 1] = count[i];
	mspace = H5Screate_simple((int)rank + 1, cnt, NULL);
	ok = fspace >= 0 && mspace >= 0 &&
	     H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, cnt, NULL) >= 0 &&
	     H5Dwrite(f->series[m], H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, series) >= 0;
	h5c_close_id(&mspace);
	h5c_close_id(&fspace);
	return ok ? 0 : -1;
}

static int create_layout(struct experiment_file *f, const struct experiment *ex,
                         const char *config_text, const char *command_line, struct wk_error *err)
{
	const struct model_params *p = f->params;
	const char *target = f->pub.target;
	size_t P = ex->n_points, R = ex->replicates, K = ex->k;
	hid_t root = H5I_INVALID_HID;
	char sha[H5C_SHA256_HEX_BYTES], created[32];
	time_t now = time(NULL);
	struct tm utc;
	const char **labels = NULL, **kinds = NULL;
	double *fmin = NULL, *fmax = NULL;
	int rc = 0;

	if (!gmtime_r(&now, &utc) ||
	    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
		created[0] = '\0';
	if (h5c_attr_write_string(f->file, "producer", "wijksim") < 0 ||
	    h5c_attr_write_string(f->file, "version", WK_VERSION) < 0 ||
	    h5c_attr_write_string(f->file, "created", created) < 0 ||
	    h5c_attr_write_string(f->file, "command_line", command_line) < 0 ||
	    h5c_attr_write_string(f->file, "rng", rng_describe()) < 0)
		return h5c_fail(err, target, "cannot write the provenance attributes");
	root = H5Gcreate2(f->file, "experiments", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (root < 0)
		return h5c_fail(err, target, "cannot create /experiments");
	f->group = H5Gcreate2(root, ex->name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	h5c_close_id(&root);
	if (f->group < 0)
		return h5c_fail(err, target, "cannot create /experiments/%s", ex->name);
	h5c_sha256_hex(config_text, strlen(config_text), sha);
	if (h5c_attr_write_string(f->group, "design", design_kind_name(ex->design)) < 0 ||
	    h5c_attr_write_int64(f->group, "points_setting", (long long)ex->points_setting) < 0 ||
	    h5c_attr_write_int64(f->group, "morris_levels", (long long)ex->morris_levels) < 0 ||
	    h5c_attr_write_int64(f->group, "replicates", (long long)R) < 0 ||
	    h5c_attr_write_uint64(f->group, "seed", ex->seed) < 0 ||
	    h5c_attr_write_int64(f->group, "days", p->days) < 0 ||
	    h5c_attr_write_int64(f->group, "warmup_days", p->warmup_days) < 0 ||
	    h5c_attr_write_string(f->group, "scenario", p->name) < 0 ||
	    h5c_attr_write_string(f->group, "config", config_text) < 0 ||
	    h5c_attr_write_string(f->group, "config_sha256", sha) < 0)
		return h5c_fail(err, target, "cannot write the experiment's attributes");

	labels = calloc(K, sizeof *labels);
	kinds = calloc(K, sizeof *kinds);
	fmin = calloc(K, sizeof *fmin);
	fmax = calloc(K, sizeof *fmax);
	if (!labels || !kinds || !fmin || !fmax) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < K; i++) {
		const struct experiment_factor *fa = &ex->factors[i];
		labels[i] = fa->path;
		kinds[i] = fa->continuous ? "range" : fa->labels ? "labels" : "levels";
		fmin[i] = fa->continuous ? fa->min : NAN;
		fmax[i] = fa->continuous ? fa->max : NAN;
	}
	{
		static const char *const pf[2] = {"point", "factor"}, *const f1[1] = {"factor"};
		hsize_t pk[2] = {P, K}, k1[1] = {K};
		hid_t d;
		if (write_int_scale(f->group, "point", P) ||
		    write_int_scale(f->group, "replicate", R) ||
		    write_strings(f->group, "factor", K, labels, 1) ||
		    write_strings(f->group, "factor_kind", K, kinds, 0)) {
			rc = h5c_fail(err, target, "cannot write the design's scales");
			goto out;
		}
		d = create_doubles(f->group, "factor_min", 1, k1, f1, fmin,
		                   "lower end of a range factor (NaN: levels)", 0);
		if (d >= 0)
			h5c_close_id(&d);
		else
			goto fail;
		d = create_doubles(f->group, "factor_max", 1, k1, f1, fmax,
		                   "upper end of a range factor (NaN: levels)", 0);
		if (d >= 0)
			h5c_close_id(&d);
		else
			goto fail;
		d = create_doubles(f->group, "design_unit", 2, pk, pf, ex->unit,
		                   "the design in the unit hypercube (design.h)", 0);
		if (d >= 0)
			h5c_close_id(&d);
		else
			goto fail;
		d = create_doubles(f->group, "factor_values", 2, pk, pf, ex->values,
		                   "the value of each factor at each point (boolean: 0/1; "
		                   "labels: the label's index)",
		                   0);
		if (d >= 0)
			h5c_close_id(&d);
		else
			goto fail;
	}
	for (int a = 0; a < AXIS_COUNT; a++) {
		size_t len = model_axis_len(p, (enum model_axis)a);
		const char **ax = calloc(len ? len : 1, sizeof *ax);
		int bad;
		if (!ax) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < len; i++)
			ax[i] = model_axis_label(p, (enum model_axis)a, i);
		bad = write_strings(f->group, model_axis_name((enum model_axis)a), len, ax, 1);
		free(ax);
		if (bad)
			goto fail;
	}
	{
		hsize_t dims[1] = {P};
		hid_t space = H5Screate_simple(1, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE);
		unsigned char zero = 0;
		hid_t sc = H5Dopen2(f->group, "point", H5P_DEFAULT);
		int ok = space >= 0 && dcpl >= 0 && sc >= 0 &&
		         H5Pset_fill_value(dcpl, H5T_NATIVE_UCHAR, &zero) >= 0;
		if (ok)
			f->done = H5Dcreate2(f->group, "done", H5T_STD_U8LE, space, H5P_DEFAULT,
			                     dcpl, H5P_DEFAULT);
		ok = ok && f->done >= 0 &&
		     h5c_attr_write_string(f->done, "long_name",
		                           "1 when the point's runs are "
		                           "written (wijksim experiment --resume)") >= 0 &&
		     H5DSattach_scale(f->done, sc, 0) >= 0;
		h5c_close_id(&sc);
		h5c_close_id(&dcpl);
		h5c_close_id(&space);
		if (!ok)
			goto fail;
	}
	for (size_t m = 0; m < f->n_metrics; m++) {
		const struct model_metric *mm = model_metric_get(m);
		const char *scales[4] = {"point", "replicate", NULL, NULL};
		hsize_t dims[4] = {P, R, 0, 0};
		int rank = 2;
		char units[96];
		if (mm->axis != AXIS_NONE) {
			scales[rank] = model_axis_name(mm->axis);
			dims[rank++] = model_axis_len(p, mm->axis);
		}
		if (mm->axis2 != AXIS_NONE) {
			scales[rank] = model_axis_name(mm->axis2);
			dims[rank++] = model_axis_len(p, mm->axis2);
		}
		f->metrics[m] = create_doubles(f->group, mm->name, rank, dims, scales, NULL,
		                               mm->long_name, 1);
		if (strcmp(mm->kind, "flow") == 0)
			yearly_units(mm->units, units, sizeof units);
		else
			snprintf(units, sizeof units, "%s", mm->units);
		if (f->metrics[m] < 0 || h5c_attr_write_string(f->metrics[m], "units", units) < 0 ||
		    h5c_attr_write_string(f->metrics[m], "kind", mm->kind) < 0 ||
		    h5c_attr_write_string(f->metrics[m], "summary", summary_of(mm->kind)) < 0)
			goto fail;
	}
	if (f->series && create_series(f, ex))
		goto fail;
	goto out;
fail:
	rc = h5c_fail(err, target, "cannot lay out /experiments/%s", ex->name);
out:
	free(labels);
	free(kinds);
	free(fmin);
	free(fmax);
	return rc;
}

/* Open the datasets of a partial file and check it holds this experiment. */
static int open_partial(struct experiment_file *f, const struct experiment *ex,
                        const char *config_text, struct wk_error *err)
{
	const char *shown = f->pub.temp_path;
	char sha[H5C_SHA256_HEX_BYTES], *stored = NULL;
	hid_t attr = H5I_INVALID_HID, type = h5c_utf8_string_type();
	hsize_t dims[1];
	hid_t space;
	int same = 0;

	h5c_sha256_hex(config_text, strlen(config_text), sha);
	/* Points of another build may come from another model: refuse. */
	attr = H5Aopen(f->file, "version", H5P_DEFAULT);
	if (attr >= 0 && H5Aread(attr, type, &stored) >= 0 && stored) {
		same = strcmp(stored, WK_VERSION) == 0;
		H5free_memory(stored);
		stored = NULL;
	}
	h5c_close_id(&attr);
	if (!same) {
		h5c_close_id(&type);
		return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL, "was written by another "
		                    "build of wijksim (not %s): its points may come from another "
		                    "model; remove it, or run without --resume", WK_VERSION);
	}
	same = 0;
	f->group = H5Gopen2(f->file, "experiments", H5P_DEFAULT);
	if (f->group >= 0) {
		hid_t g = H5Gopen2(f->group, ex->name, H5P_DEFAULT);
		h5c_close_id(&f->group);
		f->group = g;
	}
	if (f->group < 0) {
		h5c_close_id(&type);
		return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL,
		                    "holds no experiment "
		                    "'%s' to resume: remove it, or run without --resume",
		                    ex->name);
	}
	attr = H5Aopen(f->group, "config_sha256", H5P_DEFAULT);
	if (attr >= 0 && H5Aread(attr, type, &stored) >= 0 && stored) {
		same = strcmp(stored, sha) == 0;
		H5free_memory(stored);
	}
	h5c_close_id(&attr);
	h5c_close_id(&type);
	if (!same)
		return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL,
		                    "is a different "
		                    "experiment (its scenario text differs from this one's): "
		                    "remove it, or run the experiment it was");
	f->done = H5Dopen2(f->group, "done", H5P_DEFAULT);
	space = f->done >= 0 ? H5Dget_space(f->done) : H5I_INVALID_HID;
	if (space < 0 || H5Sget_simple_extent_dims(space, dims, NULL) != 1 ||
	    dims[0] != ex->n_points) {
		h5c_close_id(&space);
		return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL,
		                    "its design does not "
		                    "have %zu points: remove it",
		                    ex->n_points);
	}
	h5c_close_id(&space);
	if (H5Dread(f->done, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, f->done_flags) < 0)
		return h5c_fail(err, shown, "cannot read /experiments/%s/done", ex->name);
	for (size_t m = 0; m < f->n_metrics; m++) {
		f->metrics[m] = H5Dopen2(f->group, model_metric_get(m)->name, H5P_DEFAULT);
		if (f->metrics[m] < 0)
			return h5c_fail(err, shown, "lacks the dataset %s: remove it",
			                model_metric_get(m)->name);
	}
	if (H5Lexists(f->group, "series", H5P_DEFAULT) > 0 && !f->series)
		return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL,
		                    "holds time series: resume it with --series");
	for (size_t m = 0; f->series && m < f->n_metrics; m++) {
		char path[96];
		snprintf(path, sizeof path, "series/%s", model_metric_get(m)->name);
		f->series[m] = H5Lexists(f->group, "series", H5P_DEFAULT) > 0
		                       ? H5Dopen2(f->group, path, H5P_DEFAULT)
		                       : H5I_INVALID_HID;
		if (f->series[m] < 0)
			return wk_error_set(err, WK_EXIT_USAGE, shown, 0, NULL,
			                    "holds no time series: resume it without --series");
	}
	return 0;
}

int experiment_file_open(const char *target, int force, int resume, const struct experiment *ex,
                         const char *config_text, const struct model_params *p,
                         const char *command_line, struct experiment_file **out,
                         size_t *done_points, struct wk_error *err)
{
	struct experiment_file *f = calloc(1, sizeof *f);
	char partial[4200];
	hid_t fapl = H5I_INVALID_HID;
	int rc, exists;

	*out = NULL;
	*done_points = 0;
	h5c_quiet();
	if (!f)
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	f->file = f->group = f->done = H5I_INVALID_HID;
	f->params = p;
	f->n_points = ex->n_points;
	f->replicates = ex->replicates;
	f->n_metrics = model_metric_count();
	f->metrics = malloc(f->n_metrics * sizeof *f->metrics);
	f->done_flags = calloc(ex->n_points, 1);
	if (!f->metrics || !f->done_flags) {
		free(f->metrics);
		free(f->done_flags);
		free(f);
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	}
	for (size_t m = 0; m < f->n_metrics; m++)
		f->metrics[m] = H5I_INVALID_HID;
	if (ex->series) {
		f->series = malloc(f->n_metrics * sizeof *f->series);
		if (!f->series) {
			free(f->metrics);
			free(f->done_flags);
			free(f);
			return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		}
		for (size_t m = 0; m < f->n_metrics; m++)
			f->series[m] = H5I_INVALID_HID;
	}
	if ((rc = h5pub_begin(&f->pub, target, force, err))) {
		free(f->series);
		free(f->metrics);
		free(f->done_flags);
		free(f);
		return rc;
	}
	/* The partial file replaces h5pub's temporary name: it must outlive
	 * this process for --resume. */
	experiment_partial_path(target, partial, sizeof partial);
	free(f->pub.temp_path);
	f->pub.temp_path = strdup(partial);
	if (!f->pub.temp_path) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	exists = access(partial, F_OK) == 0;
	if (resume && !exists) {
		rc = wk_error_set(err, WK_EXIT_USAGE, partial, 0, NULL,
		                  "nothing to resume: no "
		                  "such file (an interrupted experiment leaves it)");
		goto out;
	}
	if (!resume && exists && !force) {
		rc = wk_error_set(err, WK_EXIT_USAGE, partial, 0, NULL,
		                  "an interrupted experiment "
		                  "waits here: continue it with --resume, or start again with "
		                  "--force");
		goto out;
	}
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
		rc = h5c_fail(err, target, "cannot set up the HDF5 file properties");
		goto out;
	}
	if (resume) {
		f->file = H5Fopen(partial, H5F_ACC_RDWR, fapl);
		if (f->file < 0) {
			rc = h5c_fail(err, partial, "cannot open the partial experiment");
			goto out;
		}
		if ((rc = open_partial(f, ex, config_text, err)))
			goto out;
	} else {
		f->file = H5Fcreate(partial, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
		if (f->file < 0) {
			rc = h5c_fail(err, target, "cannot create '%s'", partial);
			goto out;
		}
		if ((rc = create_layout(f, ex, config_text, command_line, err)))
			goto out;
		if (H5Fflush(f->file, H5F_SCOPE_LOCAL) < 0) {
			rc = h5c_fail(err, partial, "cannot flush");
			goto out;
		}
	}
	for (size_t i = 0; i < ex->n_points; i++)
		*done_points += f->done_flags[i] != 0;
out:
	h5c_close_id(&fapl);
	if (rc) {
		/* A partial file we did not make, or one to resume, stays. */
		int ours = f->file >= 0 && !resume;
		experiment_file_close(f, 0, NULL);
		if (ours)
			unlink(partial);
		return rc;
	}
	*out = f;
	return 0;
}

int experiment_file_done(const struct experiment_file *f, size_t point)
{
	return f->done_flags[point] != 0;
}

static int read_all(hid_t group, const char *name, size_t n, double *buf)
{
	hid_t d = H5Dopen2(group, name, H5P_DEFAULT), space;
	hssize_t count;
	int rc = -1;

	if (d < 0)
		return -1;
	space = H5Dget_space(d);
	count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
	if (count == (hssize_t)n &&
	    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0)
		rc = 0;
	h5c_close_id(&space);
	h5c_close_id(&d);
	return rc;
}

/* Invariant 3: one run's series [T][L] -> summary [L]. */
static void summarise(const char *kind, const double *series, size_t T, size_t L,
                      const double *bounds, double days, double *out)
{
	int flow = strcmp(kind, "flow") == 0;
	for (size_t a = 0; a < L; a++) {
		double sum = 0, weight = 0;
		for (size_t t = 0; t < T; t++) {
			double v = series[t * L + a], w = bounds[2 * t + 1] - bounds[2 * t];
			if (flow) {
				sum += v;
			} else if (!isnan(v)) {
				sum += v * w;
				weight += w;
			}
		}
		out[a] = flow ? sum * DAYS_PER_YEAR / days : weight > 0 ? sum / weight : NAN;
	}
}

/* Open /scenarios/<group> of an open scratch result and read its interval
 * bounds ([T][2]); -1 on failure. */
static hid_t scratch_group(const struct h5out *scratch, const char *group, size_t T, double *bounds)
{
	hid_t g = H5Gopen2(h5out_file_id(scratch), "scenarios", H5P_DEFAULT), sg;

	if (g < 0)
		return H5I_INVALID_HID;
	sg = H5Gopen2(g, group, H5P_DEFAULT);
	h5c_close_id(&g);
	if (sg >= 0 && read_all(sg, "time_bounds", 2 * T, bounds))
		h5c_close_id(&sg);
	return sg;
}

/* Every run's summary (invariant 3), or with `at_end` its value in the last
 * output interval (a stock at the end of the run). */
static int read_runs(const struct h5out *scratch, const char *group,
                     const struct model_params *p, size_t R, size_t m, int at_end, double *out,
                     struct wk_error *err)
{
	size_t T = (size_t)((p->days + p->output_every - 1) / p->output_every);
	size_t L = model_metric_len(p, m);
	const struct model_metric *mm = model_metric_get(m);
	double *bounds = malloc(2 * T * sizeof *bounds),
	       *series = malloc(R * T * L * sizeof *series);
	hid_t g = H5I_INVALID_HID;
	int rc = 0;

	if (!bounds || !series) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	g = scratch_group(scratch, group, T, bounds);
	if (g < 0 || read_all(g, mm->name, R * T * L, series)) {
		rc = h5c_fail(err, h5out_temp_path(scratch), "cannot read %s of %s", mm->name,
		              group);
		goto out;
	}
	for (size_t r = 0; r < R; r++)
		if (at_end)
			memcpy(out + r * L, series + (r * T + T - 1) * L, L * sizeof *out);
		else
			summarise(mm->kind, series + r * T * L, T, L, bounds, (double)p->days,
			          out + r * L);
out:
	h5c_close_id(&g);
	free(bounds);
	free(series);
	return rc;
}

int experiment_read_summary(const struct h5out *scratch, const char *group,
                            const struct model_params *p, size_t R, size_t m, double *out,
                            struct wk_error *err)
{
	return read_runs(scratch, group, p, R, m, 0, out, err);
}

int experiment_read_end(const struct h5out *scratch, const char *group,
                        const struct model_params *p, size_t R, size_t m, double *out,
                        struct wk_error *err)
{
	return read_runs(scratch, group, p, R, m, 1, out, err);
}

int experiment_file_add_point(struct experiment_file *f, size_t point,
                              const struct h5out *scratch_out, const char *group,
                              struct wk_error *err)
{
	const struct model_params *p = f->params;
	size_t T = (size_t)((p->days + p->output_every - 1) / p->output_every), R = f->replicates;
	const char *target = f->pub.target;
	const char *scratch = h5out_temp_path(scratch_out);
	hid_t g = H5I_INVALID_HID;
	double *bounds = malloc(2 * T * sizeof *bounds), *series = NULL, *summary = NULL;
	size_t cap = 0;
	int rc = 0;

	g = H5Gopen2(h5out_file_id(scratch_out), "scenarios", H5P_DEFAULT);
	if (g >= 0) {
		hid_t sg = H5Gopen2(g, group, H5P_DEFAULT);
		h5c_close_id(&g);
		g = sg;
	}
	if (!bounds || g < 0 || read_all(g, "time_bounds", 2 * T, bounds)) {
		rc = bounds ? h5c_fail(err, scratch, "cannot read the runs of point %zu", point)
		            : wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t m = 0; m < f->n_metrics && !rc; m++) {
		const struct model_metric *mm = model_metric_get(m);
		size_t L = model_metric_len(p, m), rank = 2;
		hsize_t start[4] = {point, 0, 0, 0}, count[4] = {1, R, 0, 0};
		hid_t fspace, mspace;
		if (R * T * L > cap) {
			free(series);
			free(summary);
			cap = R * T * L;
			series = malloc(cap * sizeof *series);
			summary = malloc(R * L * sizeof *summary);
			if (!series || !summary) {
				rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
				                  "out of memory");
				break;
			}
		}
		if (read_all(g, mm->name, R * T * L, series)) {
			rc = h5c_fail(err, scratch, "cannot read %s of point %zu", mm->name, point);
			break;
		}
		for (size_t r = 0; r < R; r++)
			summarise(mm->kind, series + r * T * L, T, L, bounds, (double)p->days,
			          summary + r * L);
		if (mm->axis != AXIS_NONE)
			count[rank++] = model_axis_len(p, mm->axis);
		if (mm->axis2 != AXIS_NONE)
			count[rank++] = model_axis_len(p, mm->axis2);
		fspace = H5Dget_space(f->metrics[m]);
		mspace = H5Screate_simple((int)rank, count, NULL);
		if (fspace < 0 || mspace < 0 ||
		    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
		    H5Dwrite(f->metrics[m], H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT,
		             summary) < 0)
			rc = h5c_fail(err, target, "cannot write %s of point %zu", mm->name, point);
		h5c_close_id(&mspace);
		h5c_close_id(&fspace);
		if (!rc && f->series && write_series(f, m, point, series, T, count, rank))
			rc = h5c_fail(err, target, "cannot write the series of %s of point %zu",
			              mm->name, point);
	}
	if (!rc) {
		/* Invariant 1: done after the values, then flushed. */
		hsize_t start[1] = {point}, one[1] = {1};
		unsigned char yes = 1;
		hid_t fspace = H5Dget_space(f->done), mspace = H5Screate_simple(1, one, NULL);
		if (fspace < 0 || mspace < 0 ||
		    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, one, NULL) < 0 ||
		    H5Dwrite(f->done, H5T_NATIVE_UCHAR, mspace, fspace, H5P_DEFAULT, &yes) < 0 ||
		    H5Fflush(f->file, H5F_SCOPE_LOCAL) < 0)
			rc = h5c_fail(err, target, "cannot mark point %zu done", point);
		else
			f->done_flags[point] = 1;
		h5c_close_id(&mspace);
		h5c_close_id(&fspace);
	}
out:
	h5c_close_id(&g);
	free(bounds);
	free(series);
	free(summary);
	return rc;
}

int experiment_file_close(struct experiment_file *f, int publish, struct wk_error *err)
{
	int rc = 0;

	if (!f)
		return 0;
	for (size_t m = 0; f->metrics && m < f->n_metrics; m++)
		h5c_close_id(&f->metrics[m]);
	for (size_t m = 0; f->series && m < f->n_metrics; m++)
		h5c_close_id(&f->series[m]);
	h5c_close_id(&f->done);
	h5c_close_id(&f->group);
	if (f->file >= 0 && H5Fclose(f->file) < 0 && publish)
		rc = h5c_fail(err, f->pub.target, "cannot close '%s'", f->pub.temp_path);
	f->file = H5I_INVALID_HID;
	if (publish && !rc) {
		f->pub.temp_created = 1;
		rc = h5pub_publish(&f->pub, err);
	}
	/* The partial file stays unless published (h5pub_discard removes only
	 * a temporary file it still counts as its own). */
	f->pub.temp_created = 0;
	h5pub_discard(&f->pub);
	free(f->series);
	free(f->metrics);
	free(f->done_flags);
	free(f);
	return rc;
}
