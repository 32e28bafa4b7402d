/*
 * h5out.c — writing and reading the HDF5 result file (layout in h5out.h,
 * DESIGN.md "Output contract").
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
 *  1. Nothing is ever written at the target path except by the final
 *     rename() in h5out_commit: a file at the target is always complete.
 *  2. The temporary file "<target>.tmp.<pid>" lives in the target's folder
 *     so that the rename is atomic (same file system).
 *  3. Every HDF5 id the writer opens is recorded in `struct h5out` and
 *     closed exactly once, by commit or abort; metric datasets stay open
 *     between writes because the engine writes every replicate of every
 *     metric.
 *  4. HDF5's own error printing is switched off; each HDF5 failure becomes a
 *     wk_error with status 1 that quotes the innermost HDF5 message.
 *  5. Strings (attributes, axis labels) are variable-length UTF-8 so that
 *     h5py returns `str` and xarray/h5netcdf shows them as text.
 *  6. Each dimension scale dataset has the same name as its dimension (and
 *     H5DSset_scale gets that name too): h5netcdf names a dimension after
 *     the scale dataset it finds in DIMENSION_LIST.
 */
#include "h5out.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "sha256.h"

/* Compression level: 4 is the usual knee of the deflate size/time curve;
 * result files are written once and read many times. A fixed choice, not a
 * scenario parameter, because it changes no result. */
enum { DEFLATE_LEVEL = 4 };

/* Upper bound of one chunk in bytes. HDF5's default chunk cache is 1 MiB; a
 * chunk larger than that would be re-read for every partial access. */
enum { CHUNK_MAX_BYTES = 1 << 20 };

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

struct h5out_scenario {
	char *name;
	hid_t group;
	size_t replicates;
	size_t n_times;
	size_t n_metrics;
	hid_t *datasets;          /* one per metric; open until commit/abort */
	size_t *axis_len;         /* per metric: 0 for [R,T], A for [R,T,A] */
	char **metric_names;      /* for error messages */
};

struct h5out {
	char *target;
	char *temp_path;
	int force;
	int temp_created;         /* the temporary file exists and is ours */
	hid_t file;
	hid_t scenarios;          /* the /scenarios group */
	struct h5out_scenario *scen;
	size_t n_scen, cap_scen;
};

/* ---- HDF5 error reporting ---- */

struct h5_reason_walk {
	char *buf;
	size_t size;
};

static herr_t h5_reason_visit(unsigned n, const H5E_error2_t *e, void *data)
{
	struct h5_reason_walk *walk = data;

	/* n == 0 is the innermost frame: where HDF5 detected the problem,
	 * which carries the useful detail (errno, name). */
	if (n == 0 && e->desc)
		snprintf(walk->buf, walk->size, "%s", e->desc);
	return 0;
}

/* Fill a status-1 error record for a failed HDF5 call, quoting HDF5's own
 * innermost message, and clear HDF5's error stack. */
static int h5_fail(struct wk_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int h5_fail(struct wk_error *err, const char *file, const char *fmt, ...)
{
	char what[600];
	char reason[400] = "";
	struct h5_reason_walk walk = { reason, sizeof reason };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_reason_visit, &walk);
	H5Eclear2(H5E_DEFAULT);
	if (reason[0])
		return wk_error_set(err, WK_EXIT_RUNTIME, file, 0, NULL, "%s (HDF5: %s)",
		                    what, reason);
	return wk_error_set(err, WK_EXIT_RUNTIME, file, 0, NULL, "%s", what);
}

static void h5_quiet(void)
{
	/* Errors are reported through wk_error, never printed by the library. */
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* Every HDF5 API call clears the error stack when it starts, so cleanup
 * after a failure would erase the reason. A helper that fails therefore
 * saves the stack before cleaning up and puts it back afterwards, for
 * h5_fail to quote. */
static hid_t error_save(void)
{
	return H5Eget_current_stack();
}

static void error_restore(hid_t saved)
{
	if (saved >= 0)
		H5Eset_current_stack(saved);    /* also releases `saved` */
}

static void close_id(hid_t *id)
{
	if (*id >= 0)
		H5Idec_ref(*id);
	*id = H5I_INVALID_HID;
}

/* ---- small helpers ---- */

static char *copy_string(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = malloc(len);

	if (copy)
		memcpy(copy, s, len);
	return copy;
}

/* The folder holding `path` ("." when it has no slash); NULL when out of
 * memory. The caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *folder;

	if (!slash)
		return copy_string(".");
	len = slash == path ? 1 : (size_t)(slash - path);
	folder = malloc(len + 1);
	if (!folder)
		return NULL;
	memcpy(folder, path, len);
	folder[len] = '\0';
	return folder;
}

static hid_t utf8_string_type(void)
{
	hid_t type = H5Tcopy(H5T_C_S1);

	if (type < 0)
		return H5I_INVALID_HID;
	if (H5Tset_size(type, H5T_VARIABLE) < 0 ||
	    H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
		hid_t saved = error_save();
		H5Tclose(type);
		error_restore(saved);
		return H5I_INVALID_HID;
	}
	return type;
}

/* Property list for a group whose links keep their creation order, so that
 * scenarios and datasets list in the order they were written. */
static hid_t ordered_group_plist(hid_t class_id)
{
	hid_t plist = H5Pcreate(class_id);

	if (plist < 0)
		return H5I_INVALID_HID;
	if (H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED |
	                                      H5P_CRT_ORDER_INDEXED) < 0) {
		hid_t saved = error_save();
		H5Pclose(plist);
		error_restore(saved);
		return H5I_INVALID_HID;
	}
	return plist;
}

/* ---- attribute writing: each returns 0 or -1 with the HDF5 error stack
 * set ---- */

static int attr_write(hid_t loc, const char *name, hid_t file_type,
                      hid_t mem_type, const void *value)
{
	hid_t space = H5I_INVALID_HID, attr = H5I_INVALID_HID, saved;
	int rc = -1;

	/* Rewriting an attribute replaces it (root_attrs may be called again). */
	if (H5Aexists(loc, name) > 0 && H5Adelete(loc, name) < 0)
		goto out;
	space = H5Screate(H5S_SCALAR);
	if (space < 0)
		goto out;
	attr = H5Acreate2(loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
	if (attr < 0)
		goto out;
	if (H5Awrite(attr, mem_type, value) < 0)
		goto out;
	rc = 0;
out:
	saved = rc ? error_save() : H5I_INVALID_HID;
	close_id(&attr);
	close_id(&space);
	error_restore(saved);
	return rc;
}

static int attr_write_string(hid_t loc, const char *name, const char *value)
{
	hid_t type = utf8_string_type(), saved;
	const char *text = value ? value : "";
	int rc;

	if (type < 0)
		return -1;
	rc = attr_write(loc, name, type, type, &text);
	saved = rc ? error_save() : H5I_INVALID_HID;
	H5Tclose(type);
	error_restore(saved);
	return rc;
}

static int attr_write_int64(hid_t loc, const char *name, long long value)
{
	return attr_write(loc, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, &value);
}

static int attr_write_uint64(hid_t loc, const char *name, uint64_t value)
{
	return attr_write(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

/* ---- attribute and string reading ---- */

/* Open attribute `name` of loc when it holds one value of type class cls;
 * *attr, *type and *space are for the caller to close, also on failure. */
static int attr_open_scalar(hid_t loc, const char *name, H5T_class_t cls, hid_t *attr,
                            hid_t *type, hid_t *space)
{
	if (H5Aexists(loc, name) <= 0)
		return -1;
	*attr = H5Aopen(loc, name, H5P_DEFAULT);
	if (*attr < 0)
		return -1;
	*type = H5Aget_type(*attr);
	*space = H5Aget_space(*attr);
	if (*type < 0 || *space < 0 || H5Tget_class(*type) != cls ||
	    H5Sget_simple_extent_npoints(*space) != 1)
		return -1;
	return 0;
}

/* Read a scalar string attribute (variable or fixed length) into a malloc'd
 * copy. Returns 0, or -1 when it is missing or not a string. */
static int attr_read_string(hid_t loc, const char *name, char **out)
{
	hid_t attr = H5I_INVALID_HID, file_type = H5I_INVALID_HID;
	hid_t mem_type = H5I_INVALID_HID, space = H5I_INVALID_HID;
	char *vl = NULL;
	char *fixed = NULL;
	size_t size;
	int rc = -1;

	*out = NULL;
	if (attr_open_scalar(loc, name, H5T_STRING, &attr, &file_type, &space))
		goto out;
	if (H5Tis_variable_str(file_type) > 0) {
		mem_type = utf8_string_type();
		if (mem_type < 0 || H5Aread(attr, mem_type, &vl) < 0)
			goto out;
		*out = copy_string(vl ? vl : "");
	} else {
		/* Fixed length (e.g. written by other tools): read with one byte
		 * more so HDF5 terminates it. */
		size = H5Tget_size(file_type);
		mem_type = H5Tcopy(H5T_C_S1);
		fixed = calloc(size + 1, 1);
		if (mem_type < 0 || !fixed || H5Tset_size(mem_type, size + 1) < 0 ||
		    H5Tset_strpad(mem_type, H5T_STR_NULLTERM) < 0 ||
		    H5Aread(attr, mem_type, fixed) < 0)
			goto out;
		*out = fixed;
		fixed = NULL;
	}
	if (*out)
		rc = 0;
out:
	if (vl)
		H5free_memory(vl);
	free(fixed);
	close_id(&mem_type);
	close_id(&space);
	close_id(&file_type);
	close_id(&attr);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

static int attr_read_number(hid_t loc, const char *name, hid_t mem_type, void *out)
{
	hid_t attr = H5I_INVALID_HID, file_type = H5I_INVALID_HID;
	hid_t space = H5I_INVALID_HID;
	int rc = -1;

	if (attr_open_scalar(loc, name, H5T_INTEGER, &attr, &file_type, &space))
		goto out;
	if (H5Aread(attr, mem_type, out) < 0)
		goto out;
	rc = 0;
out:
	close_id(&space);
	close_id(&file_type);
	close_id(&attr);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

static void free_strings(char **strings, size_t n)
{
	size_t i;

	if (!strings)
		return;
	for (i = 0; i < n; i++)
		free(strings[i]);
	free(strings);
}

/* Read a 1-D string dataset (variable or fixed length) into malloc'd copies.
 * Returns 0 or -1. */
static int dataset_read_strings(hid_t dset, char ***out, size_t *n_out)
{
	hid_t file_type = H5I_INVALID_HID, mem_type = H5I_INVALID_HID;
	hid_t space = H5I_INVALID_HID;
	hssize_t npoints;
	size_t n = 0, i, size;
	char **raw = NULL;
	char *fixed = NULL;
	char **strings = NULL;
	int raw_read = 0;
	int rc = -1;

	*out = NULL;
	*n_out = 0;
	file_type = H5Dget_type(dset);
	space = H5Dget_space(dset);
	if (file_type < 0 || space < 0 || H5Tget_class(file_type) != H5T_STRING)
		goto out;
	npoints = H5Sget_simple_extent_npoints(space);
	if (npoints <= 0)
		goto out;
	n = (size_t)npoints;
	strings = calloc(n, sizeof *strings);
	if (!strings)
		goto out;
	if (H5Tis_variable_str(file_type) > 0) {
		mem_type = utf8_string_type();
		raw = calloc(n, sizeof *raw);
		if (mem_type < 0 || !raw ||
		    H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
			goto out;
		raw_read = 1;
		for (i = 0; i < n; i++) {
			strings[i] = copy_string(raw[i] ? raw[i] : "");
			if (!strings[i])
				goto out;
		}
	} else {
		size = H5Tget_size(file_type) + 1;
		mem_type = H5Tcopy(H5T_C_S1);
		fixed = calloc(n, size);
		if (mem_type < 0 || !fixed || H5Tset_size(mem_type, size) < 0 ||
		    H5Tset_strpad(mem_type, H5T_STR_NULLTERM) < 0 ||
		    H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed) < 0)
			goto out;
		for (i = 0; i < n; i++) {
			strings[i] = copy_string(fixed + i * size);
			if (!strings[i])
				goto out;
		}
	}
	*out = strings;
	*n_out = n;
	strings = NULL;
	rc = 0;
out:
	if (raw_read)
		H5Dvlen_reclaim(mem_type, space, H5P_DEFAULT, raw);
	free(raw);
	free(fixed);
	free_strings(strings, n);
	close_id(&mem_type);
	close_id(&space);
	close_id(&file_type);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

/* ---- writer ---- */

static void scenario_close(struct h5out_scenario *s)
{
	size_t m;

	for (m = 0; m < s->n_metrics; m++) {
		if (s->datasets)
			close_id(&s->datasets[m]);
		if (s->metric_names)
			free(s->metric_names[m]);
	}
	free(s->datasets);
	free(s->axis_len);
	free(s->metric_names);
	close_id(&s->group);
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
	close_id(&h->scenarios);
	if (h->file >= 0 && H5Fclose(h->file) < 0)
		rc = -1;
	h->file = H5I_INVALID_HID;
	return rc;
}

static void writer_free(struct h5out *h)
{
	free(h->target);
	free(h->temp_path);
	free(h);
}

void h5out_abort(struct h5out *h)
{
	if (!h)
		return;
	writer_close(h);
	if (h->temp_created && h->temp_path)
		unlink(h->temp_path);
	H5Eclear2(H5E_DEFAULT);
	writer_free(h);
}

const char *h5out_temp_path(const struct h5out *h)
{
	return h ? h->temp_path : NULL;
}

int h5out_create(const char *target, int force, struct h5out **out,
                 struct wk_error *err)
{
	struct h5out *h = NULL;
	struct stat st;
	char *folder = NULL;
	hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID, gcpl = H5I_INVALID_HID;
	size_t temp_size;
	int rc = 0;

	*out = NULL;
	h5_quiet();
	if (!target || !target[0])
		return wk_error_set(err, WK_EXIT_USAGE, NULL, 0, NULL,
		                    "no output file name given");
	if (stat(target, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			rc = wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                  "is a folder; give a file name for the results");
			goto out;
		}
		if (!force) {
			rc = wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                  "exists; use --force to overwrite");
			goto out;
		}
		/* rename() would replace a device or pipe node itself. */
		if (!S_ISREG(st.st_mode)) {
			rc = wk_error_set(err, WK_EXIT_USAGE, target, 0, NULL,
			                  "is not a regular file; refusing to replace it");
			goto out;
		}
	} else if (errno != ENOENT) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write the results: %s", strerror(errno));
		goto out;
	}

	folder = folder_of(target);
	if (!folder) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	if (stat(folder, &st) != 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(ENOTDIR));
		goto out;
	}
	if (access(folder, W_OK | X_OK) != 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL,
		                  "cannot write to folder '%s': %s", folder, strerror(errno));
		goto out;
	}

	h = calloc(1, sizeof *h);
	if (!h) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	h->file = H5I_INVALID_HID;
	h->scenarios = H5I_INVALID_HID;
	h->force = force;
	h->target = copy_string(target);
	temp_size = strlen(target) + 32;
	h->temp_path = malloc(temp_size);
	if (!h->target || !h->temp_path) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, target, 0, NULL, "out of memory");
		goto out;
	}
	snprintf(h->temp_path, temp_size, "%s.tmp.%ld", target, (long)getpid());

	fcpl = ordered_group_plist(H5P_FILE_CREATE);
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	gcpl = ordered_group_plist(H5P_GROUP_CREATE);
	/* STRONG: closing the file closes anything still open, so a forgotten
	 * id cannot keep a half-written file open. */
	if (fcpl < 0 || fapl < 0 || gcpl < 0 ||
	    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
		rc = h5_fail(err, target, "cannot set up the HDF5 file properties");
		goto out;
	}
	h->file = H5Fcreate(h->temp_path, H5F_ACC_TRUNC, fcpl, fapl);
	if (h->file < 0) {
		rc = h5_fail(err, target, "cannot create the temporary file '%s'",
		             h->temp_path);
		goto out;
	}
	h->temp_created = 1;
	h->scenarios = H5Gcreate2(h->file, "scenarios", H5P_DEFAULT, gcpl, H5P_DEFAULT);
	if (h->scenarios < 0) {
		rc = h5_fail(err, target, "cannot create the group /scenarios");
		goto out;
	}
out:
	close_id(&gcpl);
	close_id(&fapl);
	close_id(&fcpl);
	free(folder);
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
		return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
		                    "cannot read the current time");
	if (attr_write_string(h->file, "producer", producer) < 0 ||
	    attr_write_string(h->file, "version", version) < 0 ||
	    attr_write_string(h->file, "created", created) < 0 ||
	    attr_write_string(h->file, "command_line", command_line) < 0 ||
	    attr_write_string(h->file, "rng", rng) < 0)
		return h5_fail(err, h->target, "cannot write the provenance attributes");
	return 0;
}

/* Check the caller's description of a scenario before anything is written,
 * so that a mistake is reported by name instead of as an HDF5 failure. */
static int scenario_check(const struct h5out *h, const char *name,
                          size_t replicates, size_t n_times,
                          const double *time_days,
                          const struct h5out_axis *axes, size_t n_axes,
                          const struct h5out_metric *metrics, size_t n_metrics,
                          struct wk_error *err)
{
	size_t i, j, k;

	if (!name || !name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
		                    "scenario name '%s' cannot name a group: it must be "
		                    "non-empty and contain no '/'", name ? name : "");
	for (i = 0; i < h->n_scen; i++)
		if (!strcmp(h->scen[i].name, name))
			return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
			                    "scenario name '%s' is used twice; each "
			                    "scenario in one run needs its own name", name);
	if (replicates == 0)
		return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
		                    "scenario '%s': 0 replicates; expected at least 1", name);
	if (n_times == 0 || !time_days)
		return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
		                    "scenario '%s': no output times; days must be at "
		                    "least output_every", name);
	for (i = 0; i < n_axes; i++) {
		if (!axes[i].name || !axes[i].name[0] || strchr(axes[i].name, '/') ||
		    !strcmp(axes[i].name, "time") || !strcmp(axes[i].name, "replicate") ||
		    axes[i].len == 0 || !axes[i].labels)
			return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                    "internal error: scenario '%s': axis %zu is "
			                    "unnamed, empty or reuses 'time'/'replicate'",
			                    name, i);
		for (k = 0; k < axes[i].len; k++)
			if (!axes[i].labels[k])
				return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
				                    "internal error: axis '%s' label %zu is NULL",
				                    axes[i].name, k);
		for (j = 0; j < i; j++)
			if (!strcmp(axes[i].name, axes[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
				                    "internal error: axis '%s' given twice",
				                    axes[i].name);
	}
	for (i = 0; i < n_metrics; i++) {
		const struct h5out_metric *m = &metrics[i];

		if (!m->name || !m->name[0] || strchr(m->name, '/') ||
		    !strcmp(m->name, "time") || !strcmp(m->name, "replicate"))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                    "internal error: metric %zu has no usable name", i);
		if (m->axis < -1 || (m->axis >= 0 && (size_t)m->axis >= n_axes))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                    "internal error: metric '%s' has axis %d; "
			                    "there are %zu axes", m->name, m->axis, n_axes);
		if (!m->kind || (strcmp(m->kind, "flow") && strcmp(m->kind, "stock") &&
		                 strcmp(m->kind, "mean")))
			return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                    "internal error: metric '%s' has kind '%s'; "
			                    "expected 'flow', 'stock' or 'mean'", m->name,
			                    m->kind ? m->kind : "");
		for (j = 0; j < n_axes; j++)
			if (!strcmp(m->name, axes[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
				                    "internal error: metric '%s' has the name "
				                    "of an axis", m->name);
		for (j = 0; j < i; j++)
			if (!strcmp(m->name, metrics[j].name))
				return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
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
	close_id(&space);
	return dset;
fail:
	saved = error_save();
	close_id(&dset);
	close_id(&space);
	error_restore(saved);
	return H5I_INVALID_HID;
}

/* Create one metric dataset with its attributes and attach the scales. */
static hid_t metric_create(hid_t group, const struct h5out_metric *m,
                           size_t replicates, size_t n_times, size_t axis_len,
                           hid_t replicate_scale, hid_t time_scale, hid_t axis_scale)
{
	hsize_t dims[3] = { replicates, n_times, axis_len };
	hsize_t chunk[3] = { 1, n_times, axis_len };
	int rank = axis_len ? 3 : 2;
	size_t row_bytes = n_times * (axis_len ? axis_len : 1) * sizeof(double);
	double fill = NAN;
	hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, dset = H5I_INVALID_HID;
	hid_t saved;

	/* One chunk per replicate row, unless that is too large for the chunk
	 * cache; then split the time axis. */
	if (row_bytes > CHUNK_MAX_BYTES) {
		size_t per_time = (axis_len ? axis_len : 1) * sizeof(double);
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
	if (attr_write_string(dset, "units", m->units) < 0 ||
	    attr_write_string(dset, "long_name", m->long_name) < 0 ||
	    attr_write_string(dset, "kind", m->kind) < 0)
		goto fail;
	if (H5DSattach_scale(dset, replicate_scale, 0) < 0 ||
	    H5DSattach_scale(dset, time_scale, 1) < 0 ||
	    (axis_len && H5DSattach_scale(dset, axis_scale, 2) < 0))
		goto fail;
	close_id(&dcpl);
	close_id(&space);
	return dset;
fail:
	saved = error_save();
	close_id(&dset);
	close_id(&dcpl);
	close_id(&space);
	error_restore(saved);
	return H5I_INVALID_HID;
}

int h5out_scenario_begin(struct h5out *h, const char *name,
                         const char *config_text, uint64_t seed,
                         size_t replicates, int days, int output_every,
                         size_t n_times, const double *time_days,
                         const struct h5out_axis *axes, size_t n_axes,
                         const struct h5out_metric *metrics, size_t n_metrics,
                         size_t *index, struct wk_error *err)
{
	struct h5out_scenario s = { .group = H5I_INVALID_HID };
	hid_t gcpl = H5I_INVALID_HID, string_type = H5I_INVALID_HID;
	hid_t replicate_scale = H5I_INVALID_HID, time_scale = H5I_INVALID_HID;
	hid_t *axis_scales = NULL;
	long long *replicate_ids = NULL;
	char sha[SHA256_HEX_BYTES];
	const char *config = config_text ? config_text : "";
	size_t i;
	int rc;

	if (!h)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: no result file open");
	rc = scenario_check(h, name, replicates, n_times, time_days, axes, n_axes,
	                    metrics, n_metrics, err);
	if (rc)
		return rc;
	if (h->n_scen == h->cap_scen) {
		size_t cap = h->cap_scen ? 2 * h->cap_scen : 4;
		struct h5out_scenario *grown = realloc(h->scen, cap * sizeof *grown);
		if (!grown)
			return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                    "out of memory");
		h->scen = grown;
		h->cap_scen = cap;
	}

	s.name = copy_string(name);
	s.replicates = replicates;
	s.n_times = n_times;
	s.datasets = malloc((n_metrics ? n_metrics : 1) * sizeof *s.datasets);
	s.axis_len = calloc(n_metrics ? n_metrics : 1, sizeof *s.axis_len);
	s.metric_names = calloc(n_metrics ? n_metrics : 1, sizeof *s.metric_names);
	axis_scales = malloc((n_axes ? n_axes : 1) * sizeof *axis_scales);
	replicate_ids = malloc(replicates * sizeof *replicate_ids);
	if (axis_scales)
		for (i = 0; i < n_axes; i++)
			axis_scales[i] = H5I_INVALID_HID;
	if (!s.name || !s.datasets || !s.axis_len || !s.metric_names || !axis_scales ||
	    !replicate_ids) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < n_metrics; i++)
		s.datasets[i] = H5I_INVALID_HID;
	/* Every slot now holds an invalid id or NULL, so scenario_close may
	 * release all n_metrics of them whatever happens next. */
	s.n_metrics = n_metrics;
	for (i = 0; i < n_metrics; i++) {
		s.metric_names[i] = copy_string(metrics[i].name);
		if (!s.metric_names[i]) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
			                  "out of memory");
			goto out;
		}
		s.axis_len[i] = metrics[i].axis >= 0 ? axes[metrics[i].axis].len : 0;
	}

	gcpl = ordered_group_plist(H5P_GROUP_CREATE);
	if (gcpl < 0) {
		rc = h5_fail(err, h->target, "cannot set up the group for scenario '%s'", name);
		goto out;
	}
	s.group = H5Gcreate2(h->scenarios, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
	if (s.group < 0) {
		rc = h5_fail(err, h->target, "cannot create the group for scenario '%s'", name);
		goto out;
	}

	sha256_hex(config, strlen(config), sha);
	if (attr_write_string(s.group, "config", config) < 0 ||
	    attr_write_string(s.group, "config_sha256", sha) < 0 ||
	    attr_write_uint64(s.group, "seed", seed) < 0 ||
	    attr_write_int64(s.group, "replicates", (long long)replicates) < 0 ||
	    attr_write_int64(s.group, "days", days) < 0 ||
	    attr_write_int64(s.group, "output_every", output_every) < 0) {
		rc = h5_fail(err, h->target, "cannot write the attributes of scenario '%s'",
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
	    attr_write_string(time_scale, "units", "day") < 0 ||
	    attr_write_string(time_scale, "long_name",
	                      "day at the end of the output interval") < 0 ||
	    attr_write_string(replicate_scale, "long_name", "replicate number") < 0) {
		rc = h5_fail(err, h->target, "cannot write the time and replicate axes "
		             "of scenario '%s'", name);
		goto out;
	}
	string_type = utf8_string_type();
	if (string_type < 0) {
		rc = h5_fail(err, h->target, "cannot make the HDF5 string type");
		goto out;
	}
	for (i = 0; i < n_axes; i++) {
		axis_scales[i] = scale_create(s.group, axes[i].name, string_type,
		                              string_type, axes[i].len, axes[i].labels);
		if (axis_scales[i] < 0) {
			rc = h5_fail(err, h->target, "cannot write axis '%s' of scenario '%s'",
			             axes[i].name, name);
			goto out;
		}
	}

	for (i = 0; i < n_metrics; i++) {
		hid_t axis_scale = metrics[i].axis >= 0 ? axis_scales[metrics[i].axis]
		                                        : H5I_INVALID_HID;
		s.datasets[i] = metric_create(s.group, &metrics[i], replicates, n_times,
		                              s.axis_len[i], replicate_scale, time_scale,
		                              axis_scale);
		if (s.datasets[i] < 0) {
			rc = h5_fail(err, h->target, "cannot create metric '%s' of scenario '%s'",
			             metrics[i].name, name);
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
			close_id(&axis_scales[i]);
	free(axis_scales);
	free(replicate_ids);
	close_id(&time_scale);
	close_id(&replicate_scale);
	close_id(&string_type);
	close_id(&gcpl);
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
		return wk_error_set(err, WK_EXIT_RUNTIME, h ? h->target : NULL, 0, NULL,
		                    "internal error: no scenario %zu to write", index);
	s = &h->scen[index];
	if (replicate >= s->replicates)
		return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
		                    "internal error: scenario '%s' has %zu replicates; "
		                    "cannot write replicate %zu", s->name, s->replicates,
		                    replicate);
	for (m = 0; m < s->n_metrics; m++) {
		size_t axis_len = s->axis_len[m];
		hsize_t start[3] = { replicate, 0, 0 };
		hsize_t count[3] = { 1, s->n_times, axis_len };
		hsize_t row_len = s->n_times * (axis_len ? axis_len : 1);

		file_space = H5Dget_space(s->datasets[m]);
		mem_space = H5Screate_simple(1, &row_len, NULL);
		if (file_space < 0 || mem_space < 0 ||
		    H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count,
		                        NULL) < 0 ||
		    H5Dwrite(s->datasets[m], H5T_NATIVE_DOUBLE, mem_space, file_space,
		             H5P_DEFAULT, values + offset) < 0) {
			rc = h5_fail(err, h->target, "cannot write replicate %zu of metric "
			             "'%s' of scenario '%s'", replicate, s->metric_names[m],
			             s->name);
			goto out;
		}
		close_id(&mem_space);
		close_id(&file_space);
		offset += (size_t)row_len;
	}
out:
	close_id(&mem_space);
	close_id(&file_space);
	return rc;
}

/* Move the finished temporary file onto the target. Without --force the
 * target must still not exist: RENAME_NOREPLACE makes that check and the
 * rename one step, so a file created meanwhile by someone else survives. */
static int move_into_place(const struct h5out *h, struct wk_error *err)
{
	if (!h->force) {
		if (renameat2(AT_FDCWD, h->temp_path, AT_FDCWD, h->target,
		              RENAME_NOREPLACE) == 0)
			return 0;
		if (errno == EEXIST)
			return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
			                    "exists; use --force to overwrite");
		/* File systems without renameat2 flags: check, then rename. */
		if (errno != EINVAL && errno != ENOSYS)
			goto fail;
		if (access(h->target, F_OK) == 0)
			return wk_error_set(err, WK_EXIT_USAGE, h->target, 0, NULL,
			                    "exists; use --force to overwrite");
	}
	if (rename(h->temp_path, h->target) == 0)
		return 0;
fail:
	return wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
	                    "cannot move '%s' into place: %s", h->temp_path,
	                    strerror(errno));
}

int h5out_commit(struct h5out *h, struct wk_error *err)
{
	int fd;
	int rc = 0;

	if (!h)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "internal error: no result file to commit");
	if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0) {
		rc = h5_fail(err, h->target, "cannot write the results to '%s'",
		             h->temp_path);
		goto out;
	}
	if (writer_close(h) < 0) {
		rc = h5_fail(err, h->target, "cannot close '%s'", h->temp_path);
		goto out;
	}
	/* Make the data durable before the name points at it, so that a crash
	 * cannot leave a complete-looking but empty file at the target. */
	fd = open(h->temp_path, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, h->target, 0, NULL,
		                  "cannot write '%s' to disk: %s", h->temp_path,
		                  strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	rc = move_into_place(h, err);
	if (rc == 0)
		h->temp_created = 0;
out:
	h5out_abort(h);      /* removes the temporary file unless it was moved */
	return rc;
}

/* ---- reader ---- */

/* Open a result file and its /scenarios group. Status 1 when the file cannot
 * be read, 2 when it is not a wijksim result. */
static int result_open(const char *path, hid_t *file_out, hid_t *scenarios_out,
                       struct wk_error *err)
{
	struct stat st;
	hid_t file = H5I_INVALID_HID, scenarios = H5I_INVALID_HID;
	htri_t is_hdf5;
	int rc = 0;

	*file_out = *scenarios_out = H5I_INVALID_HID;
	h5_quiet();
	if (!path || !path[0])
		return wk_error_set(err, WK_EXIT_USAGE, NULL, 0, NULL,
		                    "no result file name given");
	if (stat(path, &st) != 0)
		return wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL,
		                    "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "is a folder, not a wijksim result file");
	is_hdf5 = H5Fis_hdf5(path);
	if (is_hdf5 < 0)
		return h5_fail(err, path, "cannot open");
	if (is_hdf5 == 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file (not an HDF5 file)");
	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	if (file < 0)
		return h5_fail(err, path, "cannot open");
	if (H5Lexists(file, "scenarios", H5P_DEFAULT) > 0)
		scenarios = H5Oopen(file, "scenarios", H5P_DEFAULT);
	if (scenarios < 0 || H5Iget_type(scenarios) != H5I_GROUP) {
		rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                  "not a wijksim result file (no /scenarios group)");
		goto out;
	}
out:
	H5Eclear2(H5E_DEFAULT);
	if (rc) {
		close_id(&scenarios);
		close_id(&file);
		return rc;
	}
	*file_out = file;
	*scenarios_out = scenarios;
	return 0;
}

/* Name of link `i` of `group` in creation order (name order when the group
 * does not track creation order); malloc'd, NULL on failure. */
static char *link_name(hid_t group, H5_index_t index_type, size_t i)
{
	ssize_t len = H5Lget_name_by_idx(group, ".", index_type, H5_ITER_INC, i,
	                                 NULL, 0, H5P_DEFAULT);
	char *name;

	if (len < 0)
		return NULL;
	name = malloc((size_t)len + 1);
	if (!name)
		return NULL;
	if (H5Lget_name_by_idx(group, ".", index_type, H5_ITER_INC, i, name,
	                       (size_t)len + 1, H5P_DEFAULT) < 0) {
		free(name);
		return NULL;
	}
	return name;
}

static int scenario_info_read(hid_t group, const char *path, char *name,
                              struct h5out_scenario_info *info,
                              struct wk_error *err)
{
	static const char *const numbers[] = { "replicates", "days", "output_every" };
	long long *fields[3];
	size_t k;

	fields[0] = &info->replicates;
	fields[1] = &info->days;
	fields[2] = &info->output_every;
	memset(info, 0, sizeof *info);
	info->name = name;
	if (attr_read_string(group, "config", &info->config) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "string attribute 'config'", name);
	if (attr_read_number(group, "seed", H5T_NATIVE_UINT64, &info->seed) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "integer attribute 'seed'", name);
	for (k = 0; k < 3; k++)
		if (attr_read_number(group, numbers[k], H5T_NATIVE_LLONG, fields[k]) < 0)
			return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
			                    "not a wijksim result file: scenario '%s' has "
			                    "no integer attribute '%s'", name, numbers[k]);
	return 0;
}

void h5out_info_free(struct h5out_scenario_info *info, size_t n)
{
	size_t i;

	if (!info)
		return;
	for (i = 0; i < n; i++) {
		free(info[i].name);
		free(info[i].config);
	}
	free(info);
}

/* Visit the scenario groups of an open result in file order. The visitor
 * owns `name` (it must free it or keep it). */
typedef int (*scenario_visit_fn)(hid_t group, char *name, void *data,
                                 struct wk_error *err);

static int scenarios_visit(hid_t scenarios, const char *path,
                           scenario_visit_fn visit, void *data,
                           struct wk_error *err)
{
	H5G_info_t group_info;
	H5_index_t index_type = H5_INDEX_CRT_ORDER;
	size_t i;
	int rc = 0;

	if (H5Gget_info(scenarios, &group_info) < 0)
		return h5_fail(err, path, "cannot list /scenarios");
	/* Files written by other tools may not track creation order. */
	if (group_info.nlinks > 0 &&
	    H5Lget_name_by_idx(scenarios, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0,
	                       NULL, 0, H5P_DEFAULT) < 0) {
		index_type = H5_INDEX_NAME;
		H5Eclear2(H5E_DEFAULT);
	}
	for (i = 0; i < group_info.nlinks && rc == 0; i++) {
		char *name = link_name(scenarios, index_type, i);
		hid_t group;

		if (!name)
			return h5_fail(err, path, "cannot list /scenarios");
		group = H5Oopen(scenarios, name, H5P_DEFAULT);
		if (group < 0 || H5Iget_type(group) != H5I_GROUP) {
			/* Something else stored next to the scenarios: not ours. */
			close_id(&group);
			H5Eclear2(H5E_DEFAULT);
			free(name);
			continue;
		}
		rc = visit(group, name, data, err);
		close_id(&group);
	}
	return rc;
}

struct scenario_list {
	const char *path;
	struct h5out_scenario_info *info;
	size_t n, cap;
};

static int scenario_list_add(hid_t group, char *name, void *data,
                             struct wk_error *err)
{
	struct scenario_list *list = data;
	int rc;

	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 4;
		struct h5out_scenario_info *grown =
			realloc(list->info, cap * sizeof *grown);
		if (!grown) {
			free(name);
			return wk_error_set(err, WK_EXIT_RUNTIME, list->path, 0, NULL,
			                    "out of memory");
		}
		list->info = grown;
		list->cap = cap;
	}
	/* The entry owns name and config from here on, even on failure. */
	rc = scenario_info_read(group, list->path, name, &list->info[list->n], err);
	list->n++;
	return rc;
}

int h5out_read_scenarios(const char *path, struct h5out_scenario_info **out,
                         size_t *n, struct wk_error *err)
{
	struct scenario_list list = { path, NULL, 0, 0 };
	hid_t file, scenarios;
	int rc;

	*out = NULL;
	*n = 0;
	rc = result_open(path, &file, &scenarios, err);
	if (rc)
		return rc;
	rc = scenarios_visit(scenarios, path, scenario_list_add, &list, err);
	close_id(&scenarios);
	close_id(&file);
	if (rc == 0 && list.n == 0)
		rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                  "not a wijksim result file (no scenarios in it)");
	if (rc) {
		h5out_info_free(list.info, list.n);
		return rc;
	}
	*out = list.info;
	*n = list.n;
	return 0;
}

/* ---- wijksim info ---- */

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
	free_strings(capture->labels, capture->n);
	if (dataset_read_strings(scale, &capture->labels, &capture->n) < 0) {
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
	free_strings(capture.labels, capture.n);
	labels = calloc(len, sizeof *labels);
	if (!labels)
		return -1;
	for (i = 0; i < len; i++) {
		char number[32];
		snprintf(number, sizeof number, "%zu", i);
		labels[i] = copy_string(number);
		if (!labels[i]) {
			free_strings(labels, len);
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
	close_id(&mem_space);
	close_id(&file_space);
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
	if (attr_read_string(dset, "units", &units) < 0)
		units = NULL;
	if (attr_read_string(dset, "kind", &kind) < 0)
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
		free_strings(labels, axis_len);
	free(per_replicate);
	free(units);
	free(kind);
	close_id(&space);
	close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
}

static int scenario_print(hid_t group, char *name, void *data, struct wk_error *err)
{
	const struct info_printer *printer = data;
	struct h5out_scenario_info info;
	size_t i;
	int rc;

	rc = scenario_info_read(group, printer->path, name, &info, err);
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
	rc = result_open(path, &h5file, &scenarios, err);
	if (rc)
		return rc;
	fprintf(printer.out, "%-13s %s\n", "file", path);
	for (i = 0; i < sizeof provenance / sizeof provenance[0]; i++) {
		char *value = NULL;
		if (attr_read_string(h5file, provenance[i][0], &value) == 0) {
			fprintf(printer.out, "%-13s %s\n", provenance[i][1], value);
			free(value);
		} else {
			fprintf(printer.out, "%-13s %s\n", provenance[i][1], "(not recorded)");
		}
	}
	rc = scenarios_visit(scenarios, path, scenario_print, &printer, err);
	close_id(&scenarios);
	close_id(&h5file);
	if (rc == 0 && (fflush(printer.out) != 0 || ferror(printer.out)))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "cannot write the summary: %s", strerror(errno));
	return rc;
}
