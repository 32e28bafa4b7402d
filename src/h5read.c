/*
 * h5read.c — reading a result file back: opening it and its /scenarios
 * group, walking the scenario groups in file order, each scenario's
 * attributes (h5out_read_scenarios, for `wijksim rerun`), and the
 * attribute and string-dataset readers that `wijksim info` shares.
 * Interface in h5read.h (private) and h5out.h (public).
 *
 * Invariants: the reader opens files read-only and never changes them;
 * every id it opens it closes before returning (except those handed to the
 * caller by h5read_open); HDF5's error stack is cleared after a tolerated
 * failure, so a later h5c_fail quotes only its own cause. Files written by
 * other tools (fixed-length strings, no creation order) are read too.
 *
 * Ownership: see h5read.h; h5out_info_free frees h5out_read_scenarios'
 * array with every string in it.
 */
#include "h5read.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libconfig.h>

#include "h5common.h"

/* ---- attribute and string reading ---- */

/* A variable-length string type in the character set of `file_type`: HDF5
 * converts no variable-length string between ASCII and UTF-8, and R,
 * netCDF and h5py write ASCII. The caller closes it. */
static hid_t vlen_type_like(hid_t file_type)
{
	hid_t type = h5c_utf8_string_type();
	H5T_cset_t cset = H5Tget_cset(file_type);

	if (type >= 0 && cset >= 0 && H5Tset_cset(type, cset) < 0)
		h5c_close_id(&type);
	return type;
}

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
int h5read_attr_string(hid_t loc, const char *name, char **out)
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
		mem_type = vlen_type_like(file_type);
		if (mem_type < 0 || H5Aread(attr, mem_type, &vl) < 0)
			goto out;
		*out = h5c_copy_string(vl ? vl : "");
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
	h5c_close_id(&mem_type);
	h5c_close_id(&space);
	h5c_close_id(&file_type);
	h5c_close_id(&attr);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

int h5read_attr_number(hid_t loc, const char *name, hid_t mem_type, void *out)
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
	h5c_close_id(&space);
	h5c_close_id(&file_type);
	h5c_close_id(&attr);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

void h5read_free_strings(char **strings, size_t n)
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
int h5read_strings(hid_t dset, char ***out, size_t *n_out)
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
	if (npoints <= 0 || npoints > H5READ_MAX_LABELS)
		goto out;
	n = (size_t)npoints;
	strings = calloc(n, sizeof *strings);
	if (!strings)
		goto out;
	if (H5Tis_variable_str(file_type) > 0) {
		mem_type = vlen_type_like(file_type);
		raw = calloc(n, sizeof *raw);
		if (mem_type < 0 || !raw ||
		    H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
			goto out;
		raw_read = 1;
		for (i = 0; i < n; i++) {
			strings[i] = h5c_copy_string(raw[i] ? raw[i] : "");
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
			strings[i] = h5c_copy_string(fixed + i * size);
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
	h5read_free_strings(strings, n);
	h5c_close_id(&mem_type);
	h5c_close_id(&space);
	h5c_close_id(&file_type);
	H5Eclear2(H5E_DEFAULT);
	return rc;
}

/* Open a result file and its /scenarios group. Status 1 when the file cannot
 * be read, 2 when it is not a wijksim result. */
int h5read_open(const char *path, hid_t *file_out, hid_t *scenarios_out,
                enum h5c_seal_state *seal, struct wk_error *err)
{
	char digest[H5C_SHA256_HEX_BYTES];
	enum h5c_seal_state state;
	struct stat st;
	hid_t file = H5I_INVALID_HID, scenarios = H5I_INVALID_HID;
	htri_t is_hdf5;
	int rc = 0;

	*file_out = *scenarios_out = H5I_INVALID_HID;
	h5c_quiet();
	if (!path || !path[0])
		return wk_error_set(err, WK_EXIT_USAGE, NULL, 0, NULL,
		                    "no result file name given");
	if (stat(path, &st) != 0)
		return wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL,
		                    "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "is a folder, not a wijksim result file");
	/* A FIFO or a device would block or never end. */
	if (!S_ISREG(st.st_mode))
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "is not a regular file (a pipe or a device), not a wijksim "
		                    "result file");
	state = h5c_seal_check(path, digest);
	if (seal)
		*seal = state;
	if (state == H5C_SEAL_UNREADABLE)
		return wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "cannot read: %s",
		                    strerror(errno));
	if (state == H5C_SEAL_BROKEN)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "the file was changed or damaged after wijksim wrote it (the "
		                    "SHA-256 of its contents is not the %.12s... in its header): "
		                    "refusing to read it; use the original file, or run its "
		                    "scenarios again", digest);
	is_hdf5 = H5Fis_hdf5(path);
	if (is_hdf5 < 0)
		return h5c_fail(err, path, "cannot open");
	if (is_hdf5 == 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file (not an HDF5 file)");
	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	if (file < 0)
		return h5c_fail(err, path, "cannot open");
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
		h5c_close_id(&scenarios);
		h5c_close_id(&file);
		return rc;
	}
	*file_out = file;
	*scenarios_out = scenarios;
	return 0;
}

/* Files written by other tools may not track creation order; their links
 * list in name order. */
H5_index_t h5read_link_order(hid_t group, hsize_t nlinks)
{
	if (nlinks > 0 &&
	    H5Lget_name_by_idx(group, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, NULL, 0,
	                       H5P_DEFAULT) < 0) {
		H5Eclear2(H5E_DEFAULT);
		return H5_INDEX_NAME;
	}
	return H5_INDEX_CRT_ORDER;
}

/* Name of link `i` of `group` in creation order (name order when the group
 * does not track creation order); malloc'd, NULL on failure. */
char *h5read_link_name(hid_t group, H5_index_t index_type, size_t i)
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

/* The contract's ranges of a scenario's numbers (the schema's ranges of
 * simulation.replicates, days and output_every): a file outside them was
 * not written by wijksim, and its shapes must not be trusted. */
static const struct {
	const char *name;
	long long lo, hi;
} number_range[] = {
	{ "replicates", 1, H5READ_MAX_REPLICATES },
	{ "days", 1, H5READ_MAX_DAYS },
	{ "output_every", 1, H5READ_MAX_DAYS },
};

/* The stored text must be the one its config_sha256 was computed from. */
static int config_hash_check(hid_t group, const char *path,
                             const struct h5out_scenario_info *info, struct wk_error *err)
{
	char actual[H5C_SHA256_HEX_BYTES], *stored = NULL;
	int rc = 0;

	if (h5read_attr_string(group, "config_sha256", &stored) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no string "
		                    "attribute 'config_sha256'", info->name);
	h5c_sha256_hex(info->config, strlen(info->config), actual);
	if (strcmp(stored, actual) != 0)
		rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                  "scenario '%s': its stored scenario text does not match its "
		                  "config_sha256 (%.12s..., the text's is %.12s...): the text "
		                  "was changed after the run; refusing to trust it",
		                  info->name, stored, actual);
	free(stored);
	return rc;
}

/* The attributes must say what the text says: for each of seed,
 * replicates, days and output_every that the text sets (an effective text
 * sets all four), the same value. A text libconfig cannot parse is left to
 * the loader (rerun refuses it there; info only shows the attributes). */
static int attrs_match_text(const char *path, const struct h5out_scenario_info *info,
                            struct wk_error *err)
{
	static const char *const settings[] = { "simulation.seed", "simulation.replicates",
		                                "simulation.days", "simulation.output_every" };
	long long attrs[4];
	config_t cfg;
	int rc = 0;

	attrs[0] = (long long)info->seed;
	attrs[1] = info->replicates;
	attrs[2] = info->days;
	attrs[3] = info->output_every;
	config_init(&cfg);
	if (config_read_string(&cfg, info->config) != CONFIG_TRUE)
		goto out;
	for (size_t k = 0; k < 4 && rc == 0; k++) {
		long long in_text;
		if (!config_lookup_int64(&cfg, settings[k], &in_text))
			continue;
		if (k == 0 ? (uint64_t)in_text != info->seed : in_text != attrs[k])
			rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
			                  "scenario '%s': attribute '%s' is %lld but its stored "
			                  "scenario text has %s = %lld: the file was changed after "
			                  "the run; refusing to trust it",
			                  info->name, settings[k] + 11, attrs[k], settings[k],
			                  in_text);
	}
out:
	config_destroy(&cfg);
	return rc;
}

int h5read_scenario_info(hid_t group, const char *path, char *name,
                         struct h5out_scenario_info *info, struct wk_error *err)
{
	long long *fields[3];
	size_t k;

	fields[0] = &info->replicates;
	fields[1] = &info->days;
	fields[2] = &info->output_every;
	memset(info, 0, sizeof *info);
	info->name = name;
	if (h5read_attr_string(group, "config", &info->config) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "string attribute 'config'", name);
	if (h5read_attr_number(group, "seed", H5T_NATIVE_UINT64, &info->seed) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "integer attribute 'seed'", name);
	for (k = 0; k < 3; k++) {
		const char *what = number_range[k].name;
		if (h5read_attr_number(group, what, H5T_NATIVE_LLONG, fields[k]) < 0)
			return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
			                    "not a wijksim result file: scenario '%s' has "
			                    "no integer attribute '%s'", name, what);
		if (*fields[k] < number_range[k].lo || *fields[k] > number_range[k].hi)
			return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
			                    "not a wijksim result file: scenario '%s' has %s = "
			                    "%lld, expected %lld to %lld", name, what, *fields[k],
			                    number_range[k].lo, number_range[k].hi);
	}
	if (config_hash_check(group, path, info, err) || attrs_match_text(path, info, err))
		return err->status;
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
		free(info[i].version);
	}
	free(info);
}

int h5read_scenarios_visit(hid_t scenarios, const char *path,
                           h5read_visit_fn visit, void *data,
                           struct wk_error *err)
{
	H5G_info_t group_info;
	H5_index_t index_type;
	size_t i;
	int rc = 0;

	if (H5Gget_info(scenarios, &group_info) < 0)
		return h5c_fail(err, path, "cannot list /scenarios");
	index_type = h5read_link_order(scenarios, group_info.nlinks);
	for (i = 0; i < group_info.nlinks && rc == 0; i++) {
		char *name = h5read_link_name(scenarios, index_type, i);
		hid_t group;

		if (!name)
			return h5c_fail(err, path, "cannot list /scenarios");
		group = H5Oopen(scenarios, name, H5P_DEFAULT);
		if (group < 0 || H5Iget_type(group) != H5I_GROUP) {
			/* Something else stored next to the scenarios: not ours. */
			h5c_close_id(&group);
			H5Eclear2(H5E_DEFAULT);
			free(name);
			continue;
		}
		rc = visit(group, name, data, err);
		h5c_close_id(&group);
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
	rc = h5read_scenario_info(group, list->path, name, &list->info[list->n], err);
	list->n++;
	if (rc == 0)
		rc = h5read_shapes_check(group, list->path, &list->info[list->n - 1], err);
	return rc;
}

static int read_scenarios(const char *path, struct h5out_scenario_info **out, size_t *n,
                          struct wk_error *err)
{
	struct scenario_list list = { path, NULL, 0, 0 };
	hid_t file, scenarios;
	char *version = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = h5read_open(path, &file, &scenarios, NULL, err);
	if (rc)
		return rc;
	h5read_attr_string(file, "version", &version);
	rc = h5read_scenarios_visit(scenarios, path, scenario_list_add, &list, err);
	h5c_close_id(&scenarios);
	h5c_close_id(&file);
	if (rc == 0 && list.n == 0)
		rc = wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                  "not a wijksim result file (no scenarios in it)");
	for (size_t i = 0; rc == 0 && version && i < list.n; i++)
		if (!(list.info[i].version = h5c_copy_string(version)))
			rc = wk_error_set(err, WK_EXIT_RUNTIME, path, 0, NULL, "out of memory");
	free(version);
	if (rc) {
		h5out_info_free(list.info, list.n);
		return rc;
	}
	*out = list.info;
	*n = list.n;
	return 0;
}

/* ---- shapes (the contract of h5out.h, before anything is allocated) ---- */

struct shape_walk {
	const char *path;
	const struct h5out_scenario_info *info;
	hsize_t n_times;
	struct wk_error *err;
	int rc;
};

/* Elements of `dims` past the first, or 0 when a dimension is 0 or the
 * product passes H5READ_MAX_ROW. */
static hsize_t row_elements(const hsize_t *dims, int rank, int from)
{
	hsize_t n = 1;

	for (int d = from; d < rank; d++) {
		if (dims[d] == 0 || dims[d] > H5READ_MAX_ROW / n)
			return 0;
		n *= dims[d];
	}
	return n;
}

static int shape_fail(struct shape_walk *w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int shape_fail(struct shape_walk *w, const char *name, const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	w->rc = wk_error_set(w->err, WK_EXIT_USAGE, w->path, 0, NULL,
	                     "not a wijksim result file: dataset /scenarios/%s/%s %s",
	                     w->info->name, name, why);
	return w->rc;
}

/* One dataset of a scenario group against the contract: a metric (it has
 * `kind`) is float64-like [replicate, time, label...] with replicate and
 * time as the attributes say and at most H5READ_MAX_LABELS labels; a
 * one-dimensional dataset (a scale, role_kind) has at most that many
 * values, `time` and `replicate` exactly theirs, time_bounds is [time, 2]. */
static int shape_check_one(hid_t group, const char *name, struct shape_walk *w)
{
	hid_t dset = H5Oopen(group, name, H5P_DEFAULT);
	hid_t space = H5I_INVALID_HID, type = H5I_INVALID_HID;
	hsize_t dims[H5S_MAX_RANK];
	hsize_t R = (hsize_t)w->info->replicates, T = w->n_times;
	int rank, metric;

	if (dset < 0 || H5Iget_type(dset) != H5I_DATASET)
		goto out;                    /* groups and others: info does not read them */
	space = H5Dget_space(dset);
	type = H5Dget_type(dset);
	rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
	if (rank < 0 || type < 0 || H5Sget_simple_extent_dims(space, dims, NULL) < 0) {
		shape_fail(w, name, "cannot be read");
		goto out;
	}
	metric = H5Aexists(dset, "kind") > 0;
	if (metric) {
		if (H5Tget_class(type) != H5T_FLOAT)
			shape_fail(w, name, "is not of floating-point numbers");
		else if (rank < 2 || rank > 4)
			shape_fail(w, name, "has %d dimensions, expected [replicate, time] and at "
			           "most two label axes", rank);
		else if (dims[0] != R || dims[1] != T)
			shape_fail(w, name, "is [%llu, %llu, ...], expected [replicate = %llu, "
			           "time = %llu, ...] as the scenario's attributes say",
			           (unsigned long long)dims[0], (unsigned long long)dims[1],
			           (unsigned long long)R, (unsigned long long)T);
		else if (row_elements(dims, rank, 2) == 0 || row_elements(dims, rank, 1) == 0 ||
		         row_elements(dims, rank, 2) > H5READ_MAX_ROW / R)
			shape_fail(w, name, "has an empty axis or more labels than a result holds "
			           "(at most %d per axis)", H5READ_MAX_LABELS);
		else
			for (int d = 2; d < rank; d++)
				if (dims[d] > H5READ_MAX_LABELS)
					shape_fail(w, name, "has %llu labels on axis %d, expected "
					           "at most %d", (unsigned long long)dims[d], d,
					           H5READ_MAX_LABELS);
	} else if (!strcmp(name, "time_bounds")) {
		if (rank != 2 || dims[0] != T || dims[1] != 2)
			shape_fail(w, name, "is not [time = %llu, 2]", (unsigned long long)T);
	} else if (rank == 1) {
		hsize_t want = !strcmp(name, "time") ? T : !strcmp(name, "replicate") ? R : 0;
		if (want ? dims[0] != want : dims[0] > H5READ_MAX_LABELS)
			shape_fail(w, name, "has %llu values, expected %s %llu",
			           (unsigned long long)dims[0], want ? "" : "at most",
			           (unsigned long long)(want ? want : H5READ_MAX_LABELS));
	}
out:
	h5c_close_id(&type);
	h5c_close_id(&space);
	h5c_close_id(&dset);
	H5Eclear2(H5E_DEFAULT);
	return w->rc;
}

int h5read_shapes_check(hid_t group, const char *path, const struct h5out_scenario_info *info,
                        struct wk_error *err)
{
	struct shape_walk w = { path, info, 0, err, 0 };
	H5G_info_t group_info;
	H5_index_t order;

	w.n_times = (hsize_t)((info->days + info->output_every - 1) / info->output_every);
	if (H5Gget_info(group, &group_info) < 0)
		return h5c_fail(err, path, "cannot list scenario '%s'", info->name);
	order = h5read_link_order(group, group_info.nlinks);
	for (hsize_t i = 0; i < group_info.nlinks && w.rc == 0; i++) {
		char *name = h5read_link_name(group, order, (size_t)i);
		if (!name)
			return h5c_fail(err, path, "cannot list scenario '%s'", info->name);
		shape_check_one(group, name, &w);
		free(name);
	}
	return w.rc;
}

/* ---- reading in a child first: libhdf5 may crash on a damaged file ---- */

/* The probe child exits with PROBE_EXIT_BASE + its reader's status (0-2),
 * so that any other status is a crash a sanitizer turned into an exit. */
enum { PROBE_EXIT_BASE = 64 };

/* How long the probe child may read before it is taken to loop (libhdf5
 * can loop for ever on damaged contents): PROBE_SECONDS plus one second
 * per PROBE_BYTES_PER_SECOND of file, far beyond any real read; the
 * environment variable WIJKSIM_READ_TIMEOUT (seconds) replaces the base,
 * for the tests and the fuzzer. */
enum { PROBE_SECONDS = 60, PROBE_BYTES_PER_SECOND = 8 << 20 };

static unsigned probe_seconds(const char *path)
{
	const char *env = getenv("WIJKSIM_READ_TIMEOUT");
	unsigned long base = PROBE_SECONDS;
	struct stat st;
	char *end;

	if (env && env[0]) {
		unsigned long v = strtoul(env, &end, 10);
		if (*end == '\0' && v > 0 && v < 86400)
			base = v;
	}
	if (stat(path, &st) == 0)
		base += (unsigned long)st.st_size / PROBE_BYTES_PER_SECOND;
	return (unsigned)base;
}

int h5read_probe(const char *path, int (*work)(const char *path, void *data), void *data,
                 struct wk_error *err)
{
	unsigned limit = probe_seconds(path);
	pid_t child;
	int status;

	fflush(NULL);
	child = fork();
	if (child < 0)
		return 0;            /* no probe: read as before */
	if (child == 0) {
		/* The child's messages (a sanitizer's report of libhdf5's crash)
		 * are not ours to print: the parent says what happened. */
		static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
		int null_fd = open("/dev/null", O_WRONLY);
		if (null_fd >= 0)
			dup2(null_fd, STDERR_FILENO);
		/* A crash in libhdf5 ends the child at once by its signal: no
		 * sanitizer's or libFuzzer's handler, which would symbolise a
		 * report nobody reads and (libFuzzer) write a crash file for what
		 * the parent refuses in one line. */
		for (size_t k = 0; k < sizeof fatal / sizeof fatal[0]; k++)
			signal(fatal[k], SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		alarm(limit);
		_exit(PROBE_EXIT_BASE + (work(path, data) & 0x3));
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "the HDF5 library did not finish reading this file in %u s "
		                    "(it loops on damaged contents): it is damaged or not a "
		                    "result file; refusing it", limit);
	if (WIFSIGNALED(status))
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "the HDF5 library crashed reading this file (signal %d): it "
		                    "is damaged or not a result file; refusing it",
		                    WTERMSIG(status));
	/* Any other exit is a crash a sanitizer caught (it exits with 1). */
	if (!WIFEXITED(status) || WEXITSTATUS(status) < PROBE_EXIT_BASE ||
	    WEXITSTATUS(status) > PROBE_EXIT_BASE + 3)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "the HDF5 library failed reading this file (the reader "
		                    "ended with status %d): it is damaged or not a result file; "
		                    "refusing it", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int read_scenarios_quietly(const char *path, void *data)
{
	struct h5out_scenario_info *info = NULL;
	struct wk_error err;
	size_t n = 0;
	int rc;

	(void)data;
	wk_error_clear(&err);
	rc = read_scenarios(path, &info, &n, &err);
	h5out_info_free(info, n);
	return rc;
}

int h5out_read_scenarios(const char *path, struct h5out_scenario_info **out,
                         size_t *n, struct wk_error *err)
{
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = h5read_probe(path, read_scenarios_quietly, NULL, err)))
		return rc;
	return read_scenarios(path, out, n, err);
}
