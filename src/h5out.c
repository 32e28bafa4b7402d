/*
 * h5out.c — the HDF5 result writer (layout in h5out.h, README.md "Output
 * contract"). Publishing (temporary name, fsync, rename) is h5publish.c;
 * reading back is h5read.c; `wijksim info` is info.c.
 *
 * Life cycle of a writer (one per `wijksim run` invocation):
 *
 *     h5out_create ──> root_attrs ──> scenario_begin ──> write_replicate ─┐
 *          │                               ^   │              ^         │
 *          │                               │   └──────────────┴─────────┤
 *          │                               └────────────────────────────┤
 *          └──────────────> h5out_abort  <─── (any failure)             │
 *                           h5out_commit <──────────────────────────────┘
 *
 * Invariants:
 *  1. The file is written at the temporary name chosen by h5pub_begin and
 *     reaches the target only through h5pub_publish in h5out_commit, after
 *     every HDF5 id is closed: a file at the target is always complete.
 *  2. Every HDF5 id the writer opens is recorded in `struct h5out` and
 *     closed exactly once, by commit or abort; metric datasets stay open
 *     between writes because the engine writes every replicate of every
 *     metric.
 *  3. HDF5's own error printing is switched off; each HDF5 failure becomes a
 *     wk_error with status 1 that quotes the innermost HDF5 message.
 *  4. Strings (attributes, axis labels) are variable-length UTF-8 so that
 *     h5py returns `str` and xarray/h5netcdf shows them as text.
 *  5. Each dimension scale dataset has the same name as its dimension (and
 *     H5DSset_scale gets that name too): h5netcdf names a dimension after
 *     the scale dataset it finds in DIMENSION_LIST. The one exception is
 *     `bnds`, the second dimension of time_bounds: a dimension without
 *     values, whose scale NAME is netCDF's marker for that (NETCDF_PHONY).
 *  6. time_bounds[t] = [start, end) of interval t; the intervals tile
 *     [start of the first, end of the last] (scenario_check), and `time`
 *     is their ends.
 *  7. The file is sealed (h5common.h: a SHA-256 of everything after the
 *     user block, in the user block) after it is closed and before it is
 *     published; readers check the seal before libhdf5 opens the file.
 *
 * Ownership: struct h5out owns its scenario records, their HDF5 ids and the
 * struct h5pub; commit and abort free all of it. Callers' arrays passed to
 * h5out_scenario_begin are copied where kept.
 */
#include "h5out.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5common.h"
#include "h5publish.h"

/* Compression level: 4 is the usual knee of the deflate size/time curve;
 * result files are written once and read many times. A fixed choice, not a
 * scenario parameter, because it changes no result. */
enum { DEFLATE_LEVEL = 4 };

/* Upper bound of one chunk in bytes. HDF5's default chunk cache is 1 MiB; a
 * chunk larger than that would be re-read for every partial access. */
enum { CHUNK_MAX_BYTES = 1 << 20 };

/* The NAME netCDF-4 gives the scale of a dimension that has no variable of
 * its own, followed by the length as %10d; h5netcdf and netCDF-C read such
 * a dimension without a coordinate. */
#define NETCDF_PHONY "This is a netCDF dimension but not a netCDF variable."

/* The name of the second dimension of time_bounds, CF's usual `bnds`. */
#define BOUNDS_DIM "bnds"

struct h5out_scenario {
	char *name;
	hid_t group;
	size_t replicates;
	size_t n_times;
	size_t n_metrics;
	hid_t *datasets;          /* one per metric; open until commit/abort */
	size_t *axis_len;         /* per metric: 0 for [R,T], A for [R,T,A] or [R,T,A,B] */
	size_t *axis2_len;        /* per metric: 0, or B for [R,T,A,B] */
	char **metric_names;      /* for error messages */
};

struct h5out {
	struct h5pub pub;         /* target, temporary name; see h5publish.h */
	hid_t file;
	hid_t scenarios;          /* the /scenarios group */
	struct h5out_scenario *scen;
	size_t n_scen, cap_scen;
};

/* Property list for a group whose links keep their creation order, so that
 * scenarios and datasets list in the order they were written. */
static hid_t ordered_group_plist(hid_t class_id)
{
	hid_t plist = H5Pcreate(class_id);

	if (plist < 0)
		return H5I_INVALID_HID;
	if (H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED |
	                                      H5P_CRT_ORDER_INDEXED) < 0) {
		hid_t saved = h5c_error_save();
		H5Pclose(plist);
		h5c_error_restore(saved);
		return H5I_INVALID_HID;
	}
	return plist;
}

/* ---- writer ---- */

static void scenario_close(struct h5out_scenario *s)
{
	size_t m;

	for (m = 0; m < s->n_metrics; m++) {
		if (s->datasets)
			h5c_close_id(&s->datasets[m]);
		if (s->metric_names)
			free(s->metric_names[m]);
	}
	free(s->datasets);
	free(s->axis_len);
	free(s->axis2_len);
	free(s->metric_names);
	h5c_close_id(&s->group);
	free(s->name);
	memset(s, 0, sizeof *s);
	s->group = H5I_INVALID_HID;
}

/* Close every id the writer holds. Returns -1 when an explicit close of the
 * file failed (data may not have reached the disk). */
static int writer_close(struct h5out *h)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < h->n_scen; i++)
		scenario_close(&h->scen[i]);
	free(h->scen);
	h->scen = NULL;
	h->n_scen = h->cap_scen = 0;
	h5c_close_id(&h->scenarios);
	if (h->file >= 0 && H5Fclose(h->file) < 0)
		rc = -1;
	h->file = H5I_INVALID_HID;
	return rc;
}

void h5out_abort(struct h5out *h)
{
	if (!h)
		return;
	writer_close(h);
	h5pub_discard(&h->pub);
	H5Eclear2(H5E_DEFAULT);
	free(h);
}

void h5out_library_setup(void)
{
	H5dont_atexit();
	h5c_quiet();
}

const char *h5out_temp_path(const struct h5out *h)
{
	return h ? h->pub.temp_path : NULL;
}

int h5out_create(const char *target, int force, struct h5out **out,
                 struct wk_error *err)
{
	struct h5out *h = NULL;
	hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID, gcpl = H5I_INVALID_HID;
	struct h5pub pub;
	int rc;

	*out = NULL;
	h5c_quiet();
	rc = h5pub_begin(&pub, target, force, err);
	if (rc)
		return rc;
	h = calloc(1, sizeof *h);
	if (!h) {
		h5pub_discard(&pub);
		return wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
	}
	h->pub = pub;
	h->file = H5I_INVALID_HID;
	h->scenarios = H5I_INVALID_HID;

	fcpl = ordered_group_plist(H5P_FILE_CREATE);
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	gcpl = ordered_group_plist(H5P_GROUP_CREATE);
	/* STRONG: closing the file closes anything still open, so a forgotten
	 * id cannot keep a half-written file open. */
	/* The user block holds the seal (h5common.h), written at commit. */
	if (fcpl < 0 || fapl < 0 || gcpl < 0 ||
	    H5Pset_userblock(fcpl, H5C_USERBLOCK_BYTES) < 0 ||
	    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
		rc = h5c_fail(err, target, "cannot set up the HDF5 file properties");
		goto out;
	}
	h->file = H5Fcreate(h->pub.temp_path, H5F_ACC_TRUNC, fcpl, fapl);
	if (h->file < 0) {
		rc = h5c_fail(err, target, "cannot create the temporary file '%s'",
		              h->pub.temp_path);
		goto out;
	}
	h->pub.temp_created = 1;
	h->scenarios = H5Gcreate2(h->file, "scenarios", H5P_DEFAULT, gcpl, H5P_DEFAULT);
	if (h->scenarios < 0) {
		rc = h5c_fail(err, target, "cannot create the group /scenarios");
		goto out;
	}
out:
	h5c_close_id(&gcpl);
	h5c_close_id(&fapl);
	h5c_close_id(&fcpl);
	if (rc) {
		h5out_abort(h);
		return rc;
	}
	*out = h;
	return 0;
}

int h5out_root_attrs(struct h5out *h, const char *producer, const char *version,
                     const char *command_line, const char *rng,
                     struct wk_error *err)
{
	char created[32];
	time_t now = time(NULL);
	struct tm utc;

	if (!h)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: no result file open");
	if (!gmtime_r(&now, &utc) ||
	    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
		return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
		                    "cannot read the current time");
	if (h5c_attr_write_string(h->file, "producer", producer) < 0 ||
	    h5c_attr_write_string(h->file, "version", version) < 0 ||
	    h5c_attr_write_string(h->file, "created", created) < 0 ||
	    h5c_attr_write_string(h->file, "command_line", command_line) < 0 ||
	    h5c_attr_write_string(h->file, "rng", rng) < 0)
		return h5c_fail(err, h->pub.target, "cannot write the provenance attributes");
	return 0;
}

/* An axis's optional property dataset: a usable name that no axis, other
 * property or metric has, and a value for every label. */
static int property_check(const struct h5out *h, const struct h5out_axis *axis,
                          const struct h5out_axis *axes, size_t n_axes,
                          const struct h5out_metric *metrics, size_t n_metrics,
                          struct wk_error *err)
{
	const char *name = axis->property_name;
	size_t j;
	int clash = !name[0] || strchr(name, '/') || !strcmp(name, "time") ||
	            !strcmp(name, "replicate") || !strcmp(name, "time_bounds") ||
	            !strcmp(name, BOUNDS_DIM) || !axis->property_values;

	for (j = 0; j < n_axes && !clash; j++)
		clash = !strcmp(name, axes[j].name) ||
		        (&axes[j] != axis && axes[j].property_name &&
		         !strcmp(name, axes[j].property_name));
	for (j = 0; j < n_metrics && !clash; j++)
		clash = metrics[j].name && !strcmp(name, metrics[j].name);
	for (j = 0; j < axis->len && !clash; j++)
		clash = !axis->property_values[j];
	if (clash)
		return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
		                    "internal error: property '%s' of axis '%s' has no "
		                    "values, a NULL value, or a name already used",
		                    name, axis->name);
	return 0;
}

/* Check the caller's description of a scenario before anything is written,
 * so that a mistake is reported by name instead of as an HDF5 failure. */
static int scenario_check(const struct h5out *h, const char *name,
                          size_t replicates, size_t n_times,
                          const double *time_days, const double *time_bounds,
                          const struct h5out_axis *axes, size_t n_axes,
                          const struct h5out_metric *metrics, size_t n_metrics,
                          struct wk_error *err)
{
	size_t i, j, k;

	if (!name || !name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return wk_error_set(err, WK_EXIT_USAGE, h->pub.target, 0, NULL,
		                    "scenario name '%s' cannot name a group: it must be "
		                    "non-empty and contain no '/'", name ? name : "");
	for (i = 0; i < h->n_scen; i++)
		if (!strcmp(h->scen[i].name, name))
			return wk_error_set(err, WK_EXIT_USAGE, h->pub.target, 0, NULL,
			                    "scenario name '%s' is used twice; each "
			                    "scenario in one run needs its own name", name);
	if (replicates == 0)
		return wk_error_set(err, WK_EXIT_USAGE, h->pub.target, 0, NULL,
		                    "scenario '%s': 0 replicates; expected at least 1", name);
	if (n_times == 0 || !time_days)
		return wk_error_set(err, WK_EXIT_USAGE, h->pub.target, 0, NULL,
		                    "scenario '%s': no output times; days must be at "
		                    "least output_every", name);
	if (!time_bounds)
		return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
		                    "internal error: scenario '%s' has no time bounds", name);
	for (i = 0; i < n_times; i++) {
		double start = time_bounds[2 * i], end = time_bounds[2 * i + 1];
		if (!(start < end) || end != time_days[i] ||
		    (i > 0 && start != time_bounds[2 * i - 1]))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: scenario '%s': output interval %zu "
			                    "is [%g, %g) with time %g; intervals must be "
			                    "non-empty, end at their time and start where the "
			                    "one before ends", name, i, start, end, time_days[i]);
	}
	for (i = 0; i < n_axes; i++) {
		if (!axes[i].name || !axes[i].name[0] || strchr(axes[i].name, '/') ||
		    !strcmp(axes[i].name, "time") || !strcmp(axes[i].name, "replicate") ||
		    !strcmp(axes[i].name, "time_bounds") || !strcmp(axes[i].name, BOUNDS_DIM) ||
		    axes[i].len == 0 || !axes[i].labels)
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: scenario '%s': axis %zu is "
			                    "unnamed, empty or reuses 'time'/'replicate'/"
			                    "'time_bounds'/'" BOUNDS_DIM "'", name, i);
		for (k = 0; k < axes[i].len; k++)
			if (!axes[i].labels[k])
				return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
				                    "internal error: axis '%s' label %zu is NULL",
				                    axes[i].name, k);
		for (j = 0; j < i; j++)
			if (!strcmp(axes[i].name, axes[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
				                    "internal error: axis '%s' given twice",
				                    axes[i].name);
		if (axes[i].property_name && property_check(h, &axes[i], axes, n_axes,
		                                            metrics, n_metrics, err))
			return err->status;
	}
	for (i = 0; i < n_metrics; i++) {
		const struct h5out_metric *m = &metrics[i];

		if (!m->name || !m->name[0] || strchr(m->name, '/') ||
		    !strcmp(m->name, "time") || !strcmp(m->name, "replicate") ||
		    !strcmp(m->name, "time_bounds") || !strcmp(m->name, BOUNDS_DIM))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: metric %zu has no usable name", i);
		if (m->axis < -1 || (m->axis >= 0 && (size_t)m->axis >= n_axes))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: metric '%s' has axis %d; "
			                    "there are %zu axes", m->name, m->axis, n_axes);
		if (m->axis2 < -1 || (m->axis2 >= 0 && (size_t)m->axis2 >= n_axes) ||
		    (m->axis2 >= 0 && (m->axis < 0 || m->axis2 == m->axis)))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: metric '%s' has axes %d and %d; "
			                    "a second axis needs a first and must differ from "
			                    "it (there are %zu axes)", m->name, m->axis,
			                    m->axis2, n_axes);
		if (!m->kind || (strcmp(m->kind, "flow") && strcmp(m->kind, "stock") &&
		                 strcmp(m->kind, "mean")))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "internal error: metric '%s' has kind '%s'; "
			                    "expected 'flow', 'stock' or 'mean'", m->name,
			                    m->kind ? m->kind : "");
		for (j = 0; j < n_axes; j++)
			if (!strcmp(m->name, axes[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
				                    "internal error: metric '%s' has the name "
				                    "of an axis", m->name);
		for (j = 0; j < i; j++)
			if (!strcmp(m->name, metrics[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
				                    "internal error: metric '%s' given twice",
				                    m->name);
	}
	return 0;
}

/* Create a 1-D dimension scale dataset `name` in `group` holding `values`;
 * returns its id (the caller closes) or -1. */
static hid_t scale_create(hid_t group, const char *name, hid_t file_type,
                          hid_t mem_type, size_t len, const void *values)
{
	hsize_t dims[1] = { len };
	hid_t space = H5I_INVALID_HID, dset = H5I_INVALID_HID, saved;

	space = H5Screate_simple(1, dims, NULL);
	if (space < 0)
		goto fail;
	dset = H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT,
	                  H5P_DEFAULT);
	if (dset < 0)
		goto fail;
	if (H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
		goto fail;
	if (H5DSset_scale(dset, name) < 0)
		goto fail;
	h5c_close_id(&space);
	return dset;
fail:
	saved = h5c_error_save();
	h5c_close_id(&dset);
	h5c_close_id(&space);
	h5c_error_restore(saved);
	return H5I_INVALID_HID;
}

/* Create an axis's property dataset (h5out_axis property_name) of strings
 * on `axis_scale`. Returns 0, or -1 with the HDF5 error stack kept. */
static int property_create(hid_t group, const struct h5out_axis *axis, hid_t axis_scale,
                           hid_t string_type)
{
	hsize_t dims[1] = { axis->len };
	hid_t space = H5I_INVALID_HID, dset = H5I_INVALID_HID, saved;
	int rc = -1;

	space = H5Screate_simple(1, dims, NULL);
	if (space < 0)
		goto out;
	dset = H5Dcreate2(group, axis->property_name, string_type, space, H5P_DEFAULT,
	                  H5P_DEFAULT, H5P_DEFAULT);
	if (dset < 0 ||
	    H5Dwrite(dset, string_type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
	             axis->property_values) < 0 ||
	    (axis->property_long_name &&
	     h5c_attr_write_string(dset, "long_name", axis->property_long_name) < 0) ||
	    H5DSattach_scale(dset, axis_scale, 0) < 0)
		goto out;
	rc = 0;
out:
	saved = rc ? h5c_error_save() : H5I_INVALID_HID;
	h5c_close_id(&dset);
	h5c_close_id(&space);
	if (rc)
		h5c_error_restore(saved);
	return rc;
}

/* Create time_bounds [T,2] (invariant 6) with the dimension `bnds` of its
 * second axis, attach the scales, and point `time` at it with CF's `bounds`
 * attribute. Returns 0, or -1 with the HDF5 error stack kept. */
static int bounds_create(hid_t group, hid_t time_scale, size_t n_times,
                         const double *time_bounds)
{
	hsize_t dims[2] = { n_times, 2 };
	hsize_t n_bounds = 2;
	const float no_values[2] = { 0.0f, 0.0f };
	char phony[sizeof NETCDF_PHONY + 16];
	hid_t space = H5I_INVALID_HID, bnds = H5I_INVALID_HID, dset = H5I_INVALID_HID;
	hid_t saved;
	int rc = -1;

	snprintf(phony, sizeof phony, "%s%10d", NETCDF_PHONY, 2);
	space = H5Screate_simple(1, &n_bounds, NULL);
	if (space < 0)
		goto out;
	bnds = H5Dcreate2(group, BOUNDS_DIM, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT,
	                  H5P_DEFAULT);
	if (bnds < 0 ||
	    H5Dwrite(bnds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, no_values) < 0 ||
	    H5DSset_scale(bnds, phony) < 0)
		goto out;
	h5c_close_id(&space);
	space = H5Screate_simple(2, dims, NULL);
	if (space < 0)
		goto out;
	dset = H5Dcreate2(group, "time_bounds", H5T_IEEE_F64LE, space, H5P_DEFAULT,
	                  H5P_DEFAULT, H5P_DEFAULT);
	if (dset < 0 ||
	    H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, time_bounds) < 0 ||
	    h5c_attr_write_string(dset, "units", "day") < 0 ||
	    h5c_attr_write_string(dset, "long_name",
	                          "days at the start and end of the output interval, "
	                          "[start, end)") < 0 ||
	    H5DSattach_scale(dset, time_scale, 0) < 0 ||
	    H5DSattach_scale(dset, bnds, 1) < 0 ||
	    h5c_attr_write_string(time_scale, "bounds", "time_bounds") < 0)
		goto out;
	rc = 0;
out:
	saved = rc ? h5c_error_save() : H5I_INVALID_HID;
	h5c_close_id(&dset);
	h5c_close_id(&bnds);
	h5c_close_id(&space);
	if (rc)
		h5c_error_restore(saved);
	return rc;
}

/* Create one metric dataset with its attributes and attach the scales.
 * axis_len 0: [R,T]; axis2_len 0: [R,T,A]; else [R,T,A,B]. */
static hid_t metric_create(hid_t group, const struct h5out_metric *m,
                           size_t replicates, size_t n_times, size_t axis_len,
                           size_t axis2_len, hid_t replicate_scale, hid_t time_scale,
                           hid_t axis_scale, hid_t axis2_scale)
{
	hsize_t dims[4] = { replicates, n_times, axis_len, axis2_len };
	hsize_t chunk[4] = { 1, n_times, axis_len, axis2_len };
	int rank = axis2_len ? 4 : axis_len ? 3 : 2;
	size_t per_time = (axis_len ? axis_len : 1) * (axis2_len ? axis2_len : 1) *
	                  sizeof(double);
	size_t row_bytes = n_times * per_time;
	double fill = NAN;
	hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, dset = H5I_INVALID_HID;
	hid_t saved;

	/* One chunk per replicate row, unless that is too large for the chunk
	 * cache; then split the time axis. */
	if (row_bytes > CHUNK_MAX_BYTES) {
		size_t times = CHUNK_MAX_BYTES / per_time;
		chunk[1] = times ? times : 1;
	}
	space = H5Screate_simple(rank, dims, NULL);
	dcpl = H5Pcreate(H5P_DATASET_CREATE);
	if (space < 0 || dcpl < 0 ||
	    H5Pset_chunk(dcpl, rank, chunk) < 0 ||
	    H5Pset_shuffle(dcpl) < 0 ||
	    H5Pset_deflate(dcpl, DEFLATE_LEVEL) < 0 ||
	    H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill) < 0)
		goto fail;
	dset = H5Dcreate2(group, m->name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl,
	                  H5P_DEFAULT);
	if (dset < 0)
		goto fail;
	if (h5c_attr_write_string(dset, "units", m->units) < 0 ||
	    h5c_attr_write_string(dset, "long_name", m->long_name) < 0 ||
	    h5c_attr_write_string(dset, "kind", m->kind) < 0)
		goto fail;
	if (H5DSattach_scale(dset, replicate_scale, 0) < 0 ||
	    H5DSattach_scale(dset, time_scale, 1) < 0 ||
	    (axis_len && H5DSattach_scale(dset, axis_scale, 2) < 0) ||
	    (axis2_len && H5DSattach_scale(dset, axis2_scale, 3) < 0))
		goto fail;
	h5c_close_id(&dcpl);
	h5c_close_id(&space);
	return dset;
fail:
	saved = h5c_error_save();
	h5c_close_id(&dset);
	h5c_close_id(&dcpl);
	h5c_close_id(&space);
	h5c_error_restore(saved);
	return H5I_INVALID_HID;
}

int h5out_scenario_begin(struct h5out *h, const char *name,
                         const char *config_text, uint64_t seed,
                         size_t replicates, int days, int output_every,
                         size_t n_times, const double *time_days,
                         const double *time_bounds,
                         const struct h5out_axis *axes, size_t n_axes,
                         const struct h5out_metric *metrics, size_t n_metrics,
                         size_t *index, struct wk_error *err)
{
	struct h5out_scenario s = { .group = H5I_INVALID_HID };
	hid_t gcpl = H5I_INVALID_HID, string_type = H5I_INVALID_HID;
	hid_t replicate_scale = H5I_INVALID_HID, time_scale = H5I_INVALID_HID;
	hid_t *axis_scales = NULL;
	long long *replicate_ids = NULL;
	char sha[H5C_SHA256_HEX_BYTES];
	const char *config = config_text ? config_text : "";
	size_t i;
	int rc;

	if (!h)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: no result file open");
	rc = scenario_check(h, name, replicates, n_times, time_days, time_bounds, axes,
	                    n_axes, metrics, n_metrics, err);
	if (rc)
		return rc;
	if (h->n_scen == h->cap_scen) {
		size_t cap = h->cap_scen ? 2 * h->cap_scen : 4;
		struct h5out_scenario *grown = realloc(h->scen, cap * sizeof *grown);
		if (!grown)
			return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                    "out of memory");
		h->scen = grown;
		h->cap_scen = cap;
	}

	s.name = h5c_copy_string(name);
	s.replicates = replicates;
	s.n_times = n_times;
	s.datasets = malloc((n_metrics ? n_metrics : 1) * sizeof *s.datasets);
	s.axis_len = calloc(n_metrics ? n_metrics : 1, sizeof *s.axis_len);
	s.axis2_len = calloc(n_metrics ? n_metrics : 1, sizeof *s.axis2_len);
	s.metric_names = calloc(n_metrics ? n_metrics : 1, sizeof *s.metric_names);
	axis_scales = malloc((n_axes ? n_axes : 1) * sizeof *axis_scales);
	replicate_ids = malloc(replicates * sizeof *replicate_ids);
	if (axis_scales)
		for (i = 0; i < n_axes; i++)
			axis_scales[i] = H5I_INVALID_HID;
	if (!s.name || !s.datasets || !s.axis_len || !s.axis2_len || !s.metric_names ||
	    !axis_scales || !replicate_ids) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < n_metrics; i++)
		s.datasets[i] = H5I_INVALID_HID;
	/* Every slot now holds an invalid id or NULL, so scenario_close may
	 * release all n_metrics of them whatever happens next. */
	s.n_metrics = n_metrics;
	for (i = 0; i < n_metrics; i++) {
		s.metric_names[i] = h5c_copy_string(metrics[i].name);
		if (!s.metric_names[i]) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
			                  "out of memory");
			goto out;
		}
		s.axis_len[i] = metrics[i].axis >= 0 ? axes[metrics[i].axis].len : 0;
		s.axis2_len[i] = metrics[i].axis2 >= 0 ? axes[metrics[i].axis2].len : 0;
	}

	gcpl = ordered_group_plist(H5P_GROUP_CREATE);
	if (gcpl < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot set up the group for scenario '%s'",
		              name);
		goto out;
	}
	s.group = H5Gcreate2(h->scenarios, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
	if (s.group < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot create the group for scenario '%s'",
		              name);
		goto out;
	}

	h5c_sha256_hex(config, strlen(config), sha);
	if (h5c_attr_write_string(s.group, "config", config) < 0 ||
	    h5c_attr_write_string(s.group, "config_sha256", sha) < 0 ||
	    h5c_attr_write_uint64(s.group, "seed", seed) < 0 ||
	    h5c_attr_write_int64(s.group, "replicates", (long long)replicates) < 0 ||
	    h5c_attr_write_int64(s.group, "days", days) < 0 ||
	    h5c_attr_write_int64(s.group, "output_every", output_every) < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot write the attributes of scenario '%s'",
		             name);
		goto out;
	}

	for (i = 0; i < replicates; i++)
		replicate_ids[i] = (long long)i;
	replicate_scale = scale_create(s.group, "replicate", H5T_STD_I64LE,
	                               H5T_NATIVE_LLONG, replicates, replicate_ids);
	time_scale = scale_create(s.group, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
	                          n_times, time_days);
	if (replicate_scale < 0 || time_scale < 0 ||
	    h5c_attr_write_string(time_scale, "units", "day") < 0 ||
	    h5c_attr_write_string(time_scale, "long_name",
	                      "day at the end of the output interval") < 0 ||
	    h5c_attr_write_string(replicate_scale, "long_name", "replicate number") < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot write the time and replicate axes "
		             "of scenario '%s'", name);
		goto out;
	}
	if (bounds_create(s.group, time_scale, n_times, time_bounds) < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot write the time bounds of scenario '%s'",
		              name);
		goto out;
	}
	string_type = h5c_utf8_string_type();
	if (string_type < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot make the HDF5 string type");
		goto out;
	}
	for (i = 0; i < n_axes; i++) {
		axis_scales[i] = scale_create(s.group, axes[i].name, string_type,
		                              string_type, axes[i].len, axes[i].labels);
		if (axis_scales[i] < 0) {
			rc = h5c_fail(err, h->pub.target, "cannot write axis '%s' of scenario '%s'",
			             axes[i].name, name);
			goto out;
		}
		if (axes[i].property_name &&
		    property_create(s.group, &axes[i], axis_scales[i], string_type) < 0) {
			rc = h5c_fail(err, h->pub.target, "cannot write '%s' of scenario '%s'",
			             axes[i].property_name, name);
			goto out;
		}
	}

	for (i = 0; i < n_metrics; i++) {
		hid_t axis_scale = metrics[i].axis >= 0 ? axis_scales[metrics[i].axis]
		                                        : H5I_INVALID_HID;
		hid_t axis2_scale = metrics[i].axis2 >= 0 ? axis_scales[metrics[i].axis2]
		                                          : H5I_INVALID_HID;
		s.datasets[i] = metric_create(s.group, &metrics[i], replicates, n_times,
		                              s.axis_len[i], s.axis2_len[i], replicate_scale,
		                              time_scale, axis_scale, axis2_scale);
		if (s.datasets[i] < 0) {
			rc = h5c_fail(err, h->pub.target,
			              "cannot create metric '%s' of scenario '%s'", metrics[i].name,
			              name);
			goto out;
		}
	}

	h->scen[h->n_scen] = s;
	if (index)
		*index = h->n_scen;
	h->n_scen++;
	memset(&s, 0, sizeof s);
	s.group = H5I_INVALID_HID;
out:
	if (axis_scales)
		for (i = 0; i < n_axes; i++)
			h5c_close_id(&axis_scales[i]);
	free(axis_scales);
	free(replicate_ids);
	h5c_close_id(&time_scale);
	h5c_close_id(&replicate_scale);
	h5c_close_id(&string_type);
	h5c_close_id(&gcpl);
	if (rc && s.group >= 0) {
		/* Remove the half-written group: a later commit must not publish
		 * a scenario without all its metrics, and the name stays free. */
		scenario_close(&s);
		H5Ldelete(h->scenarios, name, H5P_DEFAULT);
		H5Eclear2(H5E_DEFAULT);
	}
	scenario_close(&s);
	return rc;
}

int h5out_write_replicate(struct h5out *h, size_t index, size_t replicate,
                          const double *values, struct wk_error *err)
{
	const struct h5out_scenario *s;
	hid_t file_space = H5I_INVALID_HID, mem_space = H5I_INVALID_HID;
	size_t m, offset = 0;
	int rc = 0;

	if (!h || index >= h->n_scen || !values)
		return wk_error_set(err, WK_EXIT_RUNTIME, h ? h->pub.target : NULL, 0, NULL,
		                    "internal error: no scenario %zu to write", index);
	/* The engine writes from whichever thread finished the replicate; the
	 * error printing switch may be per thread (thread-safe HDF5). */
	h5c_quiet();
	s = &h->scen[index];
	if (replicate >= s->replicates)
		return wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
		                    "internal error: scenario '%s' has %zu replicates; "
		                    "cannot write replicate %zu", s->name, s->replicates,
		                    replicate);
	for (m = 0; m < s->n_metrics; m++) {
		size_t axis_len = s->axis_len[m], axis2_len = s->axis2_len[m];
		hsize_t start[4] = { replicate, 0, 0, 0 };
		hsize_t count[4] = { 1, s->n_times, axis_len, axis2_len };
		hsize_t row_len = s->n_times * (axis_len ? axis_len : 1) *
		                  (axis2_len ? axis2_len : 1);

		file_space = H5Dget_space(s->datasets[m]);
		mem_space = H5Screate_simple(1, &row_len, NULL);
		if (file_space < 0 || mem_space < 0 ||
		    H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count,
		                        NULL) < 0 ||
		    H5Dwrite(s->datasets[m], H5T_NATIVE_DOUBLE, mem_space, file_space,
		             H5P_DEFAULT, values + offset) < 0) {
			rc = h5c_fail(err, h->pub.target, "cannot write replicate %zu of metric "
			             "'%s' of scenario '%s'", replicate, s->metric_names[m],
			             s->name);
			goto out;
		}
		h5c_close_id(&mem_space);
		h5c_close_id(&file_space);
		offset += (size_t)row_len;
	}
out:
	h5c_close_id(&mem_space);
	h5c_close_id(&file_space);
	return rc;
}

hid_t h5out_file_id(const struct h5out *h)
{
	return h ? h->file : H5I_INVALID_HID;
}

int h5out_commit(struct h5out *h, struct wk_error *err)
{
	int rc = 0;

	if (!h)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: no result file to commit");
	if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot write the results to '%s'",
		              h->pub.temp_path);
		goto out;
	}
	if (writer_close(h) < 0) {
		rc = h5c_fail(err, h->pub.target, "cannot close '%s'", h->pub.temp_path);
		goto out;
	}
	if (h5c_seal_write(h->pub.temp_path) != 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, h->pub.target, 0, NULL,
		                  "cannot write the checksum into '%s': %s", h->pub.temp_path,
		                  strerror(errno));
		goto out;
	}
	rc = h5pub_publish(&h->pub, err);
out:
	h5out_abort(h);      /* removes the temporary file unless it was moved */
	return rc;
}
