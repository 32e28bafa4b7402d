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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "h5common.h"

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
		mem_type = h5c_utf8_string_type();
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
	if (npoints <= 0)
		goto out;
	n = (size_t)npoints;
	strings = calloc(n, sizeof *strings);
	if (!strings)
		goto out;
	if (H5Tis_variable_str(file_type) > 0) {
		mem_type = h5c_utf8_string_type();
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
                       struct wk_error *err)
{
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

int h5read_scenario_info(hid_t group, const char *path, char *name,
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
	if (h5read_attr_string(group, "config", &info->config) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "string attribute 'config'", name);
	if (h5read_attr_number(group, "seed", H5T_NATIVE_UINT64, &info->seed) < 0)
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, NULL,
		                    "not a wijksim result file: scenario '%s' has no "
		                    "integer attribute 'seed'", name);
	for (k = 0; k < 3; k++)
		if (h5read_attr_number(group, numbers[k], H5T_NATIVE_LLONG, fields[k]) < 0)
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
	rc = h5read_open(path, &file, &scenarios, err);
	if (rc)
		return rc;
	rc = h5read_scenarios_visit(scenarios, path, scenario_list_add, &list, err);
	h5c_close_id(&scenarios);
	h5c_close_id(&file);
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
