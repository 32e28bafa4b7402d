/*
 * test_h5out.c — unit tests of the HDF5 result writer/reader (src/h5out.c)
 * and of the SHA-256 (nettle, via h5c_sha256_hex) behind config_sha256.
 *
 * Each test gets its own fresh folder under /tmp (setup) that teardown
 * removes with everything in it, so tests are independent and leave nothing
 * behind. Files are checked with the plain HDF5 C API, not with h5out's own
 * reader, so that a symmetric bug in writer and reader cannot hide; the
 * last test hands a file to tests/h5check.py to prove that h5py and
 * xarray/h5netcdf read it with named dimensions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "error.h"
#include "h5common.h"
#include "h5out.h"

#include <nettle/sha2.h>

/* ---- fixture: a private folder per test ---- */

struct fixture {
	char dir[64];
};

static int fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_h5out.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void path_in(const struct fixture *fx, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", fx->dir, name);
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Number of entries in the fixture folder (to prove no temporary remains). */
static int folder_entries(const struct fixture *fx)
{
	char command[160];
	FILE *p;
	int n = -1;

	snprintf(command, sizeof command, "ls -A '%s' | wc -l", fx->dir);
	p = popen(command, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

static void write_text_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *read_text_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc((size_t)len + 1, 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* ---- the test result: two scenarios, one axis, three metrics ---- */

enum { N_TIMES = 4, N_ROLES = 3, N_REPLICATES = 3, N_METRICS = 3 };

static const char *const role_labels[N_ROLES] = {
	"huisarts", "wijkverpleegkundige", "cliëntondersteuner"   /* UTF-8 on purpose */
};
static const char *const role_kinds[N_ROLES] = { "formal", "formal", "informal" };
static const struct h5out_axis test_axes[] = {
	{ "role", N_ROLES, role_labels, "role_kind", role_kinds, "formal or informal role" },
};
static const struct h5out_metric test_metrics[N_METRICS] = {
	{ "signalled_early", "needs", "needs signalled before a crisis", "flow", -1, -1 },
	/* "hour", not "hours": xarray decodes a variable whose units are
	 * "hours" or "days" into timedelta64 and drops its units attribute. */
	{ "hours_used", "hour", "professional hours used", "flow", 0, -1 },
	{ "utilisation", "1", "share of capacity used", "mean", 0, -1 },
};
static const double test_times[N_TIMES] = { 7.0, 14.0, 21.0, 28.0 };
static const double test_bounds[2 * N_TIMES] = { 0.0, 7.0, 7.0, 14.0, 14.0, 21.0, 21.0,
                                                 28.0 };
static const char *const scenario_names[2] = { "zeta", "alpha" };  /* not sorted */
static const uint64_t scenario_seeds[2] = { 42u, 18446744073709551557u };
static const char *const scenario_configs[2] = {
	"name = \"zeta\";\nsimulation = { days = 28; output_every = 7; };\n",
	"name = \"alpha\";\n# wijk Oost – café \"de Hoek\"\nsimulation = { days = 28; };\n",
};

enum { VALUES_PER_REPLICATE = N_TIMES + 2 * N_TIMES * N_ROLES };

/* Known, high-entropy values. signalled_early sums over time to 10, 12, 14
 * for replicates 0, 1, 2 (exact in binary), so its headline interval has a
 * hand-computed answer. */
static double test_value(size_t scenario, size_t replicate, size_t metric,
                         size_t t, size_t a)
{
	if (metric == 0)
		return (10.0 + 2.0 * (double)replicate) / N_TIMES + 100.0 * (double)scenario;
	if (metric == 1)
		return 2.385 * (double)(scenario + 1) + 0.5 * (double)replicate +
		       0.125 * (double)t + 0.03125 * (double)a;
	return 0.1 + 0.0625 * (double)a + 0.01 * (double)replicate + 0.001 * (double)t;
}

static void fill_replicate(size_t scenario, size_t replicate,
                           double values[VALUES_PER_REPLICATE])
{
	size_t t, a, k = 0;

	for (t = 0; t < N_TIMES; t++)
		values[k++] = test_value(scenario, replicate, 0, t, 0);
	for (t = 0; t < N_TIMES; t++)
		for (a = 0; a < N_ROLES; a++)
			values[k++] = test_value(scenario, replicate, 1, t, a);
	for (t = 0; t < N_TIMES; t++)
		for (a = 0; a < N_ROLES; a++)
			values[k++] = test_value(scenario, replicate, 2, t, a);
}

/* Begin scenario `s` of the test result and write the replicates whose bit
 * is set in `written` (bit r = replicate r). */
static void write_scenario(struct h5out *h, size_t s, unsigned written)
{
	struct wk_error err;
	double values[VALUES_PER_REPLICATE];
	size_t index = 99, r;

	wk_error_clear(&err);
	assert_int_equal(h5out_scenario_begin(h, scenario_names[s], scenario_configs[s],
	                                      scenario_seeds[s], N_REPLICATES, 28, 7,
	                                      N_TIMES, test_times, test_bounds, test_axes, 1,
	                                      test_metrics, N_METRICS, &index, &err), 0);
	assert_int_equal(index, s);
	for (r = 0; r < N_REPLICATES; r++) {
		if (!(written & (1u << r)))
			continue;
		fill_replicate(s, r, values);
		assert_int_equal(h5out_write_replicate(h, index, r, values, &err), 0);
	}
}

/* Write the complete two-scenario test result to `path`. */
static void write_test_result(const char *path, int force)
{
	struct wk_error err;
	struct h5out *h = NULL;

	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, force, &h, &err), 0);
	assert_non_null(h);
	assert_int_equal(h5out_root_attrs(h, "wijksim", "0.1.0+test",
	                                  "wijksim run a.cfg b.cfg -r 3", "pcg64 (test)",
	                                  &err), 0);
	write_scenario(h, 0, 7u);
	write_scenario(h, 1, 7u);
	assert_int_equal(h5out_commit(h, &err), 0);
}

/* ---- HDF5 C API readers for the checks ---- */

static char *h5_attr_string(hid_t loc, const char *name)
{
	hid_t attr = H5Aopen(loc, name, H5P_DEFAULT);
	hid_t type, mem;
	char *raw = NULL, *copy;

	assert_true(attr >= 0);
	type = H5Aget_type(attr);
	assert_true(H5Tis_variable_str(type) > 0);
	assert_int_equal(H5Tget_cset(type), H5T_CSET_UTF8);
	mem = H5Tcopy(H5T_C_S1);
	H5Tset_size(mem, H5T_VARIABLE);
	H5Tset_cset(mem, H5T_CSET_UTF8);
	assert_true(H5Aread(attr, mem, &raw) >= 0);
	copy = strdup(raw);
	H5free_memory(raw);
	H5Tclose(mem);
	H5Tclose(type);
	H5Aclose(attr);
	return copy;
}

static void assert_attr_string(hid_t loc, const char *name, const char *expected)
{
	char *value = h5_attr_string(loc, name);

	assert_string_equal(value, expected);
	free(value);
}

static long long h5_attr_llong(hid_t loc, const char *name)
{
	hid_t attr = H5Aopen(loc, name, H5P_DEFAULT);
	long long value = -1;

	assert_true(attr >= 0);
	assert_true(H5Aread(attr, H5T_NATIVE_LLONG, &value) >= 0);
	H5Aclose(attr);
	return value;
}

static uint64_t h5_attr_u64(hid_t loc, const char *name)
{
	hid_t attr = H5Aopen(loc, name, H5P_DEFAULT);
	hid_t type;
	uint64_t value = 0;

	assert_true(attr >= 0);
	type = H5Aget_type(attr);
	assert_true(H5Tequal(type, H5T_STD_U64LE) > 0);
	assert_true(H5Aread(attr, H5T_NATIVE_UINT64, &value) >= 0);
	H5Tclose(type);
	H5Aclose(attr);
	return value;
}

/* Read a whole float64 dataset; checks its shape. The caller frees. */
static double *h5_read_doubles(hid_t group, const char *name, int rank,
                               const hsize_t *expected_dims)
{
	hid_t dset = H5Dopen2(group, name, H5P_DEFAULT);
	hid_t space;
	hsize_t dims[3] = { 0, 0, 0 };
	size_t total = 1;
	double *data;
	int i;

	assert_true(dset >= 0);
	space = H5Dget_space(dset);
	assert_int_equal(H5Sget_simple_extent_ndims(space), rank);
	H5Sget_simple_extent_dims(space, dims, NULL);
	for (i = 0; i < rank; i++) {
		assert_int_equal(dims[i], expected_dims[i]);
		total *= dims[i];
	}
	data = malloc(total * sizeof *data);
	assert_non_null(data);
	assert_true(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
	                    data) >= 0);
	H5Sclose(space);
	H5Dclose(dset);
	return data;
}

/* ---- SHA-256 ---- */

static void test_sha256_vectors(void **state)
{
	char hex[H5C_SHA256_HEX_BYTES];
	const char *two_blocks =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct sha256_ctx ctx;
	unsigned char digest[SHA256_DIGEST_SIZE];
	unsigned char million_a_digest_prefix[4] = { 0xcd, 0xc7, 0x6e, 0x5c };
	enum { MILLION = 1000000 };
	char *million_a = malloc(MILLION);
	size_t i;

	(void)state;
	assert_non_null(million_a);
	h5c_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
	h5c_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	                         "27ae41e4649b934ca495991b7852b855");
	/* 448 bits: the padding no longer fits in the first block. */
	h5c_sha256_hex(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	                         "a33ce45964ff2167f6ecedd419db06c1");
	/* FIPS 180-2 one million 'a', fed in uneven pieces across blocks. */
	memset(million_a, 'a', MILLION);
	sha256_init(&ctx);
	for (i = 0; i < MILLION; i += 997)
		sha256_update(&ctx, MILLION - i < 997 ? MILLION - i : 997,
		              (const uint8_t *)million_a + i);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	assert_memory_equal(digest, million_a_digest_prefix, 4);
	h5c_sha256_hex(million_a, MILLION, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                         "f1809a48a497200e046d39ccc7112cd0");
	free(million_a);
}

/* ---- writing ---- */

static void test_write_two_scenarios_and_read_back(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	hid_t file, group, dset, dcpl;
	hsize_t dims2[2] = { N_REPLICATES, N_TIMES };
	hsize_t dims3[3] = { N_REPLICATES, N_TIMES, N_ROLES };
	hsize_t chunk[3];
	char sha[H5C_SHA256_HEX_BYTES];
	char *created;
	size_t s, r, t, a;

	path_in(fx, "result.h5", path, sizeof path);
	write_test_result(path, 0);
	assert_true(file_exists(path));
	assert_int_equal(folder_entries(fx), 1);   /* no temporary left */

	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	assert_true(file >= 0);
	assert_attr_string(file, "producer", "wijksim");
	assert_attr_string(file, "version", "0.1.0+test");
	assert_attr_string(file, "command_line", "wijksim run a.cfg b.cfg -r 3");
	assert_attr_string(file, "rng", "pcg64 (test)");
	created = h5_attr_string(file, "created");
	assert_int_equal(strlen(created), 20);
	assert_int_equal(created[4], '-');
	assert_int_equal(created[10], 'T');
	assert_int_equal(created[19], 'Z');
	free(created);

	for (s = 0; s < 2; s++) {
		char group_path[64];
		double *data;

		snprintf(group_path, sizeof group_path, "/scenarios/%s", scenario_names[s]);
		group = H5Gopen2(file, group_path, H5P_DEFAULT);
		assert_true(group >= 0);
		assert_attr_string(group, "config", scenario_configs[s]);
		h5c_sha256_hex(scenario_configs[s], strlen(scenario_configs[s]), sha);
		assert_attr_string(group, "config_sha256", sha);
		assert_true(h5_attr_u64(group, "seed") == scenario_seeds[s]);
		assert_int_equal(h5_attr_llong(group, "replicates"), N_REPLICATES);
		assert_int_equal(h5_attr_llong(group, "days"), 28);
		assert_int_equal(h5_attr_llong(group, "output_every"), 7);

		data = h5_read_doubles(group, "time", 1, dims2 + 1);
		assert_memory_equal(data, test_times, sizeof test_times);
		free(data);

		data = h5_read_doubles(group, "signalled_early", 2, dims2);
		for (r = 0; r < N_REPLICATES; r++)
			for (t = 0; t < N_TIMES; t++)
				assert_true(data[r * N_TIMES + t] == test_value(s, r, 0, t, 0));
		free(data);
		data = h5_read_doubles(group, "hours_used", 3, dims3);
		for (r = 0; r < N_REPLICATES; r++)
			for (t = 0; t < N_TIMES; t++)
				for (a = 0; a < N_ROLES; a++)
					assert_true(data[(r * N_TIMES + t) * N_ROLES + a] ==
					            test_value(s, r, 1, t, a));
		free(data);
		data = h5_read_doubles(group, "utilisation", 3, dims3);
		for (r = 0; r < N_REPLICATES; r++)
			for (t = 0; t < N_TIMES; t++)
				for (a = 0; a < N_ROLES; a++)
					assert_true(data[(r * N_TIMES + t) * N_ROLES + a] ==
					            test_value(s, r, 2, t, a));
		free(data);

		/* Metric attributes, storage and dimension scales. */
		dset = H5Dopen2(group, "hours_used", H5P_DEFAULT);
		assert_attr_string(dset, "units", "hour");
		assert_attr_string(dset, "long_name", "professional hours used");
		assert_attr_string(dset, "kind", "flow");
		dcpl = H5Dget_create_plist(dset);
		assert_int_equal(H5Pget_layout(dcpl), H5D_CHUNKED);
		assert_int_equal(H5Pget_chunk(dcpl, 3, chunk), 3);
		assert_int_equal(chunk[0], 1);
		assert_int_equal(chunk[1], N_TIMES);
		assert_int_equal(chunk[2], N_ROLES);
		assert_int_equal(H5Pget_nfilters(dcpl), 2);
		assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, NULL, NULL,
		                                 NULL, 0, NULL, NULL) >= 0);
		assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, NULL, NULL,
		                                 NULL, 0, NULL, NULL) >= 0);
		H5Pclose(dcpl);
		{
			const char *scale_names[3] = { "replicate", "time", "role" };
			unsigned dim;
			for (dim = 0; dim < 3; dim++) {
				hid_t scale = H5Dopen2(group, scale_names[dim], H5P_DEFAULT);
				char name[32] = "";
				assert_true(H5DSis_scale(scale) > 0);
				assert_true(H5DSget_scale_name(scale, name, sizeof name) > 0);
				assert_string_equal(name, scale_names[dim]);
				assert_true(H5DSis_attached(dset, scale, dim) > 0);
				H5Dclose(scale);
			}
		}
		H5Dclose(dset);
		dset = H5Dopen2(group, "utilisation", H5P_DEFAULT);
		assert_attr_string(dset, "kind", "mean");
		H5Dclose(dset);
		dset = H5Dopen2(group, "time", H5P_DEFAULT);
		assert_attr_string(dset, "units", "day");
		H5Dclose(dset);

		/* Axis labels: variable-length UTF-8 strings. */
		{
			hid_t role = H5Dopen2(group, "role", H5P_DEFAULT);
			hid_t type = H5Dget_type(role);
			hid_t space = H5Dget_space(role);
			hid_t mem = H5Tcopy(type);
			char *labels[N_ROLES] = { NULL };
			assert_true(H5Tis_variable_str(type) > 0);
			assert_int_equal(H5Tget_cset(type), H5T_CSET_UTF8);
			assert_true(H5Dread(role, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, labels) >= 0);
			for (a = 0; a < N_ROLES; a++)
				assert_string_equal(labels[a], role_labels[a]);
			H5Dvlen_reclaim(mem, space, H5P_DEFAULT, labels);
			H5Tclose(mem);
			H5Sclose(space);
			H5Tclose(type);
			H5Dclose(role);
		}
		H5Gclose(group);
	}
	assert_int_equal(H5Fclose(file), 0);
}

static void test_unwritten_replicate_reads_as_nan(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	hid_t file, group;
	hsize_t dims2[2] = { N_REPLICATES, N_TIMES };
	double *data;
	size_t t;

	path_in(fx, "partial.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	write_scenario(h, 0, 5u);            /* replicates 0 and 2 only */
	assert_int_equal(h5out_commit(h, &err), 0);

	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	group = H5Gopen2(file, "/scenarios/zeta", H5P_DEFAULT);
	assert_true(group >= 0);
	data = h5_read_doubles(group, "signalled_early", 2, dims2);
	for (t = 0; t < N_TIMES; t++) {
		assert_true(data[0 * N_TIMES + t] == test_value(0, 0, 0, t, 0));
		assert_true(isnan(data[1 * N_TIMES + t]));
		assert_true(data[2 * N_TIMES + t] == test_value(0, 2, 0, t, 0));
	}
	free(data);
	H5Gclose(group);
	H5Fclose(file);
}

static void test_temp_file_lives_next_to_target(void **state)
{
	const struct fixture *fx = *state;
	char path[160], expected[200];
	struct wk_error err;
	struct h5out *h = NULL;

	path_in(fx, "out.h5", path, sizeof path);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	snprintf(expected, sizeof expected, "%s.tmp.%ld", path, (long)getpid());
	assert_string_equal(h5out_temp_path(h), expected);
	assert_true(file_exists(expected));
	assert_false(file_exists(path));    /* nothing at the target until commit */
	assert_int_equal(h5out_commit(h, &err), 0);
	assert_false(file_exists(expected));
	assert_true(file_exists(path));
}

static void test_abort_leaves_nothing(void **state)
{
	const struct fixture *fx = *state;
	char path[160], temp[200];
	struct wk_error err;
	struct h5out *h = NULL;

	path_in(fx, "aborted.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	write_scenario(h, 0, 3u);
	snprintf(temp, sizeof temp, "%s", h5out_temp_path(h));
	assert_true(file_exists(temp));
	h5out_abort(h);
	assert_false(file_exists(temp));
	assert_false(file_exists(path));
	assert_int_equal(folder_entries(fx), 0);
	h5out_abort(NULL);                   /* documented as safe */
}

static void test_existing_target_needs_force(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = (struct h5out *)&err;   /* must be reset to NULL */
	const char *precious = "earlier results, not to be lost\n";
	char *after;

	path_in(fx, "existing.h5", path, sizeof path);
	write_text_file(path, precious);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), WK_EXIT_USAGE);
	assert_null(h);
	assert_int_equal(err.status, WK_EXIT_USAGE);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.message, "exists; use --force to overwrite"));
	after = read_text_file(path);
	assert_non_null(after);
	assert_string_equal(after, precious);
	free(after);
	assert_int_equal(folder_entries(fx), 1);
}

static void test_force_replaces_existing_target(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	const char *old = "old bytes\n";
	char *during;

	path_in(fx, "replace.h5", path, sizeof path);
	write_text_file(path, old);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 1, &h, &err), 0);
	write_scenario(h, 0, 7u);
	/* While the run writes, the old file is untouched. */
	during = read_text_file(path);
	assert_string_equal(during, old);
	free(during);
	assert_int_equal(h5out_commit(h, &err), 0);
	assert_true(H5Fis_hdf5(path) > 0);
	assert_int_equal(folder_entries(fx), 1);
}

static void test_commit_does_not_clobber_a_file_that_appeared(void **state)
{
	const struct fixture *fx = *state;
	char path[160], temp[200];
	struct wk_error err;
	struct h5out *h = NULL;
	char *after;

	path_in(fx, "race.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	snprintf(temp, sizeof temp, "%s", h5out_temp_path(h));
	write_text_file(path, "someone else's\n");   /* appears during the run */
	assert_int_equal(h5out_commit(h, &err), WK_EXIT_USAGE);
	assert_non_null(strstr(err.message, "exists; use --force"));
	after = read_text_file(path);
	assert_string_equal(after, "someone else's\n");
	free(after);
	assert_false(file_exists(temp));
}

static void test_target_is_folder(void **state)
{
	const struct fixture *fx = *state;
	struct wk_error err;
	struct h5out *h = NULL;

	wk_error_clear(&err);
	assert_int_equal(h5out_create(fx->dir, 1, &h, &err), WK_EXIT_USAGE);
	assert_null(h);
	assert_non_null(strstr(err.message, "is a folder"));
	assert_int_equal(folder_entries(fx), 0);
}

static void test_missing_folder_is_runtime_error(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;

	path_in(fx, "no/such/folder/out.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), WK_EXIT_RUNTIME);
	assert_null(h);
	assert_non_null(strstr(err.message, strerror(ENOENT)));
	assert_int_equal(folder_entries(fx), 0);
}

static void test_duplicate_scenario_name(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	size_t index;

	path_in(fx, "dup.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	write_scenario(h, 0, 0u);
	assert_int_equal(h5out_scenario_begin(h, "zeta", "other", 1, 2, 28, 7, N_TIMES,
	                                      test_times, test_bounds, test_axes, 1, test_metrics,
	                                      N_METRICS, &index, &err), WK_EXIT_USAGE);
	assert_non_null(strstr(err.message, "zeta"));
	assert_non_null(strstr(err.message, "twice"));
	/* The writer is still usable after a refused scenario. */
	write_scenario(h, 1, 7u);
	assert_int_equal(h5out_commit(h, &err), 0);
}

/* An axis property is refused when its name is taken (by a metric or an
 * axis) or a value is missing; with a free name it is written as strings on
 * the axis's scale (h5check.py checks the layout in
 * test_python_xarray_reads_result). */
static void test_axis_property_is_checked(void **state)
{
	const struct fixture *fx = *state;
	static const char *const missing[N_ROLES] = { "formal", NULL, "informal" };
	const char *const taken[] = { "hours_used", "role", "time" };
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	struct h5out_axis axis = test_axes[0];
	size_t index, i;

	path_in(fx, "property.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	for (i = 0; i < sizeof taken / sizeof taken[0]; i++) {
		axis.property_name = taken[i];
		assert_int_equal(h5out_scenario_begin(h, "zeta", "", 1, N_REPLICATES, 28, 7,
		                                      N_TIMES, test_times, test_bounds, &axis, 1,
		                                      test_metrics, N_METRICS, &index, &err),
		                 WK_EXIT_RUNTIME);
		assert_non_null(strstr(err.message, taken[i]));
	}
	axis.property_name = "role_kind";
	axis.property_values = missing;
	assert_int_equal(h5out_scenario_begin(h, "zeta", "", 1, N_REPLICATES, 28, 7, N_TIMES,
	                                      test_times, test_bounds, &axis, 1, test_metrics,
	                                      N_METRICS, &index, &err), WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, "role_kind"));
	h5out_abort(h);
}

static void test_bad_arguments_are_errors(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	double values[VALUES_PER_REPLICATE] = { 0 };
	const struct h5out_metric bad_axis[] = {
		{ "x", "1", "x", "flow", 3, -1 },
	};
	const struct h5out_metric bad_kind[] = {
		{ "x", "1", "x", "level", -1, -1 },
	};
	size_t index;

	path_in(fx, "bad.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "a/b", "", 1, 1, 28, 7, N_TIMES,
	                                      test_times, test_bounds, NULL, 0, test_metrics, 1,
	                                      &index, &err), WK_EXIT_USAGE);
	assert_int_equal(h5out_scenario_begin(h, "none", "", 1, 0, 28, 7, N_TIMES,
	                                      test_times, test_bounds, NULL, 0, test_metrics, 1,
	                                      &index, &err), WK_EXIT_USAGE);
	assert_int_equal(h5out_scenario_begin(h, "axis", "", 1, 1, 28, 7, N_TIMES,
	                                      test_times, test_bounds, test_axes, 1, bad_axis, 1,
	                                      &index, &err), WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, "axis 3"));
	assert_int_equal(h5out_scenario_begin(h, "kind", "", 1, 1, 28, 7, N_TIMES,
	                                      test_times, test_bounds, NULL, 0, bad_kind, 1,
	                                      &index, &err), WK_EXIT_RUNTIME);
	assert_int_equal(h5out_write_replicate(h, 0, 0, values, &err), WK_EXIT_RUNTIME);
	write_scenario(h, 0, 0u);
	assert_int_equal(h5out_write_replicate(h, 0, N_REPLICATES, values, &err),
	                 WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, "replicate 3"));
	h5out_abort(h);
	assert_int_equal(folder_entries(fx), 0);
	assert_int_equal(h5out_commit(NULL, &err), WK_EXIT_RUNTIME);
}

static void test_failed_scenario_is_removed(void **state)
{
	const struct fixture *fx = *state;
	/* "." passes the name checks but HDF5 cannot create a dataset of that
	 * name: a real HDF5 failure half-way through scenario_begin. */
	const struct h5out_metric dot[] = {
		{ "signalled", "needs", "signalled", "flow", -1, -1 },
		{ ".", "1", "x", "flow", -1, -1 },
	};
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	struct h5out_scenario_info *info = NULL;
	size_t index, n = 0;

	path_in(fx, "half.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "zeta", "", 1, N_REPLICATES, 28, 7,
	                                      N_TIMES, test_times, test_bounds, NULL, 0, dot, 2,
	                                      &index, &err), WK_EXIT_RUNTIME);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.message, "cannot create metric '.'"));
	assert_non_null(strstr(err.message, "(HDF5: "));
	/* The half-written group is gone, so the name can be used again. */
	write_scenario(h, 0, 7u);
	assert_int_equal(h5out_commit(h, &err), 0);
	assert_int_equal(h5out_read_scenarios(path, &info, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(info[0].name, "zeta");
	h5out_info_free(info, n);
}

static void test_large_rows_get_bounded_chunks(void **state)
{
	const struct fixture *fx = *state;
	enum { LONG_T = 40000, WIDE_A = 8 };   /* 2.4 MiB per replicate row */
	static const char *const labels[WIDE_A] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	const struct h5out_axis axis = { "channel", WIDE_A, labels };
	const struct h5out_metric metric = { "signalled", "needs", "signalled", "flow", 0, -1 };
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	double *times = malloc(LONG_T * sizeof *times);
	double *bounds = malloc(2 * (size_t)LONG_T * sizeof *bounds);
	double *values = malloc((size_t)LONG_T * WIDE_A * sizeof *values);
	hid_t file, dset, dcpl;
	hsize_t chunk[3];
	size_t i, index;

	assert_non_null(times);
	assert_non_null(values);
	assert_non_null(bounds);
	for (i = 0; i < LONG_T; i++) {
		times[i] = (double)(i + 1);
		bounds[2 * i] = (double)i;
		bounds[2 * i + 1] = times[i];
	}
	for (i = 0; i < (size_t)LONG_T * WIDE_A; i++)
		values[i] = 0.5 * (double)i;
	path_in(fx, "long.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "long", "", 7, 1, LONG_T, 1, LONG_T,
	                                      times, bounds, &axis, 1, &metric, 1, &index,
	                                      &err), 0);
	assert_int_equal(h5out_write_replicate(h, index, 0, values, &err), 0);
	assert_int_equal(h5out_commit(h, &err), 0);

	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	dset = H5Dopen2(file, "/scenarios/long/signalled", H5P_DEFAULT);
	dcpl = H5Dget_create_plist(dset);
	assert_int_equal(H5Pget_chunk(dcpl, 3, chunk), 3);
	assert_true(chunk[0] * chunk[1] * chunk[2] * sizeof(double) <= (1u << 20));
	assert_int_equal(chunk[2], WIDE_A);
	H5Pclose(dcpl);
	H5Dclose(dset);
	H5Fclose(file);
	free(times);
	free(bounds);
	free(values);
}

/* A [R,T,A,B] metric: rank 4, a scale on every dimension, one chunk per
 * replicate row, values in row-major order; time_bounds [T,2] with its bnds
 * dimension and time's `bounds` attribute. */
static void test_two_axis_metric_and_time_bounds(void **state)
{
	enum { T = 3, A = 3, B = 2 };
	static const char *const need_labels[B] = { "eenzaamheid", "schulden" };
	const struct h5out_axis axes[2] = {
		{ "role", A, role_labels },
		{ "need_type", B, need_labels },
	};
	const struct h5out_metric metric = { "contacts_by_type", "1", "contacts", "flow", 0, 1 };
	/* 16 days by 7: the last interval is [14, 16). */
	const double times[T] = { 7.0, 14.0, 16.0 };
	const double bounds[2 * T] = { 0.0, 7.0, 7.0, 14.0, 14.0, 16.0 };
	const struct fixture *fx = *state;
	char path[160], name[64];
	struct wk_error err;
	struct h5out *h = NULL;
	double values[T * A * B], back[T * A * B], bounds_back[2 * T];
	hid_t file, dset, space, dcpl, scale;
	hsize_t dims[4], chunk[4];
	size_t i, index;
	unsigned d;

	for (i = 0; i < T * A * B; i++)
		values[i] = 2.385 * (double)i;
	path_in(fx, "four.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "four", "", 1, 1, 16, 7, T, times, bounds,
	                                      axes, 2, &metric, 1, &index, &err), 0);
	assert_int_equal(h5out_write_replicate(h, index, 0, values, &err), 0);
	assert_int_equal(h5out_commit(h, &err), 0);

	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	dset = H5Dopen2(file, "/scenarios/four/contacts_by_type", H5P_DEFAULT);
	space = H5Dget_space(dset);
	assert_int_equal(H5Sget_simple_extent_dims(space, dims, NULL), 4);
	assert_true(dims[0] == 1 && dims[1] == T && dims[2] == A && dims[3] == B);
	dcpl = H5Dget_create_plist(dset);
	assert_int_equal(H5Pget_chunk(dcpl, 4, chunk), 4);
	assert_true(chunk[0] == 1 && chunk[1] == T && chunk[2] == A && chunk[3] == B);
	assert_true(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0);
	assert_memory_equal(back, values, sizeof values);
	for (d = 0; d < 4; d++)
		assert_int_equal(H5DSget_num_scales(dset, d), 1);
	scale = H5Dopen2(file, "/scenarios/four/need_type", H5P_DEFAULT);
	assert_true(H5DSis_attached(dset, scale, 3) > 0);
	H5Dclose(scale);
	H5Pclose(dcpl);
	H5Sclose(space);
	H5Dclose(dset);

	dset = H5Dopen2(file, "/scenarios/four/time_bounds", H5P_DEFAULT);
	assert_true(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
	                    bounds_back) >= 0);
	assert_memory_equal(bounds_back, bounds, sizeof bounds);
	scale = H5Dopen2(file, "/scenarios/four/time", H5P_DEFAULT);
	assert_true(H5DSis_attached(dset, scale, 0) > 0);
	assert_true(H5Aexists(scale, "bounds") > 0);
	H5Dclose(scale);
	scale = H5Dopen2(file, "/scenarios/four/bnds", H5P_DEFAULT);
	assert_true(H5DSis_attached(dset, scale, 1) > 0);
	assert_true(H5DSget_scale_name(scale, name, sizeof name) > 0);
	assert_non_null(strstr(name, "not a netCDF variable"));
	H5Dclose(scale);
	H5Dclose(dset);
	H5Fclose(file);
}

/* A second axis needs a first and must differ from it; time bounds must
 * tile the run and end at the times. */
static void test_bad_axes_and_bounds_are_errors(void **state)
{
	static const char *const need_labels[2] = { "eenzaamheid", "schulden" };
	const struct h5out_axis axes[2] = {
		{ "role", N_ROLES, role_labels },
		{ "need_type", 2, need_labels },
	};
	const struct h5out_metric same_twice = { "x", "1", "x", "flow", 0, 0 };
	const struct h5out_metric no_first = { "x", "1", "x", "flow", -1, 1 };
	const struct h5out_metric past_end = { "x", "1", "x", "flow", 0, 2 };
	const double gap[2 * N_TIMES] = { 0.0, 7.0, 8.0, 14.0, 14.0, 21.0, 21.0, 28.0 };
	const double late_end[2 * N_TIMES] = { 0.0, 7.0, 7.0, 14.0, 14.0, 21.0, 21.0, 27.0 };
	const double empty[2 * N_TIMES] = { 0.0, 7.0, 7.0, 7.0, 7.0, 21.0, 21.0, 28.0 };
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out *h = NULL;
	size_t index;

	path_in(fx, "bad4.h5", path, sizeof path);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      test_bounds, axes, 2, &same_twice, 1, &index,
	                                      &err), WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, "second axis"));
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      test_bounds, axes, 2, &no_first, 1, &index,
	                                      &err), WK_EXIT_RUNTIME);
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      test_bounds, axes, 2, &past_end, 1, &index,
	                                      &err), WK_EXIT_RUNTIME);
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      gap, axes, 2, test_metrics, 1, &index, &err),
	                 WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, "interval 1"));
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      late_end, axes, 2, test_metrics, 1, &index, &err),
	                 WK_EXIT_RUNTIME);
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      empty, axes, 2, test_metrics, 1, &index, &err),
	                 WK_EXIT_RUNTIME);
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      NULL, axes, 2, test_metrics, 1, &index, &err),
	                 WK_EXIT_RUNTIME);
	/* Nothing was half-written: the name is still free. */
	assert_int_equal(h5out_scenario_begin(h, "a", "", 1, 1, 28, 7, N_TIMES, test_times,
	                                      test_bounds, axes, 2, test_metrics, 1, &index,
	                                      &err), 0);
	h5out_abort(h);
}

/* ---- reading ---- */

static void test_read_scenarios_round_trip(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	struct h5out_scenario_info *info = NULL;
	size_t n = 0, s;

	path_in(fx, "round.h5", path, sizeof path);
	write_test_result(path, 0);
	wk_error_clear(&err);
	assert_int_equal(h5out_read_scenarios(path, &info, &n, &err), 0);
	assert_int_equal(n, 2);
	for (s = 0; s < 2; s++) {       /* creation order: zeta before alpha */
		assert_string_equal(info[s].name, scenario_names[s]);
		assert_string_equal(info[s].config, scenario_configs[s]);
		assert_true(info[s].seed == scenario_seeds[s]);
		assert_int_equal(info[s].replicates, N_REPLICATES);
		assert_int_equal(info[s].days, 28);
		assert_int_equal(info[s].output_every, 7);
	}
	h5out_info_free(info, n);
	h5out_info_free(NULL, 0);
}

static void test_read_rejects_other_files(void **state)
{
	const struct fixture *fx = *state;
	char text[160], missing[160], bare[160];
	struct wk_error err;
	struct h5out_scenario_info *info = (struct h5out_scenario_info *)&err;
	size_t n = 5;
	hid_t file;

	path_in(fx, "notes.txt", text, sizeof text);
	path_in(fx, "missing.h5", missing, sizeof missing);
	path_in(fx, "bare.h5", bare, sizeof bare);
	write_text_file(text, "this is not HDF5\n");
	file = H5Fcreate(bare, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	assert_true(file >= 0);
	H5Fclose(file);

	wk_error_clear(&err);
	assert_int_equal(h5out_read_scenarios(text, &info, &n, &err), WK_EXIT_USAGE);
	assert_null(info);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.message, "not a wijksim result file"));
	assert_int_equal(h5out_read_scenarios(bare, &info, &n, &err), WK_EXIT_USAGE);
	assert_non_null(strstr(err.message, "not a wijksim result file"));
	assert_int_equal(h5out_read_scenarios(missing, &info, &n, &err), WK_EXIT_RUNTIME);
	assert_non_null(strstr(err.message, strerror(ENOENT)));
	assert_string_equal(err.file, missing);
	assert_int_equal(h5out_read_scenarios(fx->dir, &info, &n, &err), WK_EXIT_USAGE);
	assert_int_equal(h5out_print_info(text, stdout, &err), WK_EXIT_USAGE);
	assert_int_equal(h5out_print_info(missing, stdout, &err), WK_EXIT_RUNTIME);
}

/* A committed file carries the seal (h5common.h) in its user block: intact
 * as written, broken by one changed byte after it, and then refused by
 * the reader with status 2 before libhdf5 reads it. */
static void test_seal_guards_the_contents(void **state)
{
	const struct fixture *fx = *state;
	char path[160], hex[H5C_SHA256_HEX_BYTES], head[32];
	struct wk_error err;
	struct h5out_scenario_info *info = NULL;
	size_t n = 0;
	FILE *f;
	int c;

	path_in(fx, "sealed.h5", path, sizeof path);
	write_test_result(path, 0);
	assert_int_equal(h5c_seal_check(path, hex), H5C_SEAL_INTACT);
	assert_int_equal(strlen(hex), 64);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	assert_memory_equal(head, "wijksim result file\nsha256 ", 27);
	/* One byte well inside the HDF5 part, changed. */
	assert_int_equal(fseek(f, H5C_USERBLOCK_BYTES + 1000, SEEK_SET), 0);
	c = fgetc(f);
	assert_int_equal(fseek(f, H5C_USERBLOCK_BYTES + 1000, SEEK_SET), 0);
	fputc(c ^ 0x01, f);
	fclose(f);
	assert_int_equal(h5c_seal_check(path, hex), H5C_SEAL_BROKEN);
	wk_error_clear(&err);
	assert_int_equal(h5out_read_scenarios(path, &info, &n, &err), WK_EXIT_USAGE);
	assert_non_null(strstr(err.message, "changed or damaged after wijksim wrote it"));
	assert_null(info);
	wk_error_clear(&err);
	assert_int_equal(h5out_print_info(path, stdout, &err), WK_EXIT_USAGE);
	/* Sealing again (what a forger would do) makes the seal intact. */
	assert_int_equal(h5c_seal_write(path), 0);
	assert_int_equal(h5c_seal_check(path, hex), H5C_SEAL_INTACT);
}

/* The headline row of a metric for one label, from the printed table. */
static const char *find_row(const char *text, const char *start_of_row)
{
	return strstr(text, start_of_row);
}

static void test_print_info(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	struct wk_error err;
	FILE *out = tmpfile();
	char *text, *line;
	long len;
	double t_quantile = gsl_cdf_tdist_Pinv(0.975, 2.0);
	char expected[160];

	assert_non_null(out);
	path_in(fx, "info.h5", path, sizeof path);
	write_test_result(path, 0);
	wk_error_clear(&err);
	assert_int_equal(h5out_print_info(path, out, &err), 0);
	len = ftell(out);
	assert_true(len > 0);
	text = calloc((size_t)len + 1, 1);
	rewind(out);
	assert_int_equal(fread(text, 1, (size_t)len, out), (size_t)len);
	fclose(out);

	assert_non_null(strstr(text, "producer      wijksim"));
	assert_non_null(strstr(text, "command line  wijksim run a.cfg b.cfg -r 3"));
	assert_non_null(strstr(text, "scenario 'zeta': 3 replicates, 28 days, "
	                             "output every 7 days"));
	assert_non_null(strstr(text, "scenario 'alpha'"));
	assert_true(strstr(text, "scenario 'zeta'") < strstr(text, "scenario 'alpha'"));
	/* Known answer: sums 10, 12, 14 -> mean 12, sd 2, half-width
	 * t(0.975, 2) * 2 / sqrt(3) = 4.968. */
	assert_true(fabs(t_quantile - 4.302652729911275) < 1e-9);
	line = strstr(text, "  signalled_early ");
	assert_non_null(line);
	assert_non_null(strstr(line, "12.00"));
	assert_non_null(strstr(line, "[7.03, 16.97]"));
	assert_non_null(strstr(line, "needs"));
	/* A per-role mean: one row per role, the first names the metric;
	 * the mean over time of role 0, replicate 1 is
	 * 0.1 + 0.01 + 0.0015 = 0.1115; mean over replicates 0.1115 -> 0.11. */
	line = strstr(text, "  utilisation       huisarts");
	assert_non_null(line);
	snprintf(expected, sizeof expected, "%12s", "0.11");
	assert_non_null(strstr(line, expected));
	assert_non_null(find_row(text, "                    wijkverpleegkundige"));
	/* A per-role flow is listed with its kind, axis (from its dimension
	 * scale) and long_name, not tabled. */
	assert_null(find_row(text, "  hours_used        huisarts"));
	assert_non_null(find_row(text, "  hours_used        flow   role       "
	                               "professional hours used\n"));
	assert_non_null(find_row(text, "  signalled_early   flow   -          "
	                               "needs signalled before a crisis\n"));
	/* The second scenario has the same datasets: not listed again
	 * (time_bounds, which has no kind, is not a metric). */
	assert_non_null(strstr(text, "datasets: the same 3 as in scenario 'zeta'"));
	assert_non_null(strstr(text, " as in scenario 'zeta'"));
	/* Only what the file holds. */
	assert_null(strstr(text, "cost_formal"));
	/* Fits a 100-column terminal. */
	for (line = text; *line; ) {
		char *end = strchr(line, '\n');
		size_t width = end ? (size_t)(end - line) : strlen(line);
		if (!strstr(line, "command line") && !strstr(line, "file  "))
			assert_true(width <= 100);
		line = end ? end + 1 : line + width;
	}
	free(text);
}

/* Write a one-replicate, no-provenance result with scenario "solo" at
 * `path` and print its `info` into text. */
static void info_of_one_replicate(const char *path, const struct h5out_axis *axes,
                                  const struct h5out_metric *metrics,
                                  size_t n_metrics, const double *values,
                                  char *text, size_t size)
{
	struct wk_error err;
	struct h5out *h = NULL;
	FILE *out = tmpfile();
	size_t index;

	assert_non_null(out);
	wk_error_clear(&err);
	assert_int_equal(h5out_create(path, 0, &h, &err), 0);
	assert_int_equal(h5out_scenario_begin(h, "solo", "x", 3, 1, 28, 7, N_TIMES,
	                                      test_times, test_bounds, axes, 1, metrics, n_metrics,
	                                      &index, &err), 0);
	assert_int_equal(h5out_write_replicate(h, index, 0, values, &err), 0);
	assert_int_equal(h5out_commit(h, &err), 0);
	assert_int_equal(h5out_print_info(path, out, &err), 0);
	rewind(out);
	memset(text, 0, size);
	assert_true(fread(text, 1, size - 1, out) > 0);
	fclose(out);
}

static void test_print_info_single_replicate(void **state)
{
	const struct fixture *fx = *state;
	char path[160];
	double values[VALUES_PER_REPLICATE];
	char text[4096];
	char *line;

	path_in(fx, "one.h5", path, sizeof path);
	fill_replicate(0, 0, values);
	info_of_one_replicate(path, test_axes, test_metrics, N_METRICS, values, text,
	                      sizeof text);
	/* No provenance written: said so, not failed. */
	assert_non_null(strstr(text, "(not recorded)"));
	line = strstr(text, "  signalled_early ");
	assert_non_null(line);
	assert_non_null(strstr(line, "10.00"));
	assert_non_null(strstr(line, "n/a"));
}

/* Names, kinds and units come from the file: metrics no list in C knows. */
static void test_print_info_reads_metrics_from_file(void **state)
{
	static const char *const wijk_labels[2] = { "noord", "zuid" };
	static const struct h5out_axis wijk_axis[] = { { "wijk", 2, wijk_labels } };
	static const struct h5out_metric made_up[3] = {
		{ "koffie", "kop", "cups of coffee at the MDO", "flow", -1, -1 },
		{ "wachttijd", "week", "mean wait, by wijk", "mean", 0, -1 },
		{ "bezoek", "1", "visits, by wijk", "flow", 0, -1 },
	};
	const struct fixture *fx = *state;
	char path[160];
	double values[N_TIMES * 5];
	size_t i;
	char text[4096];

	for (i = 0; i < N_TIMES * 5; i++)
		values[i] = 1.0;
	path_in(fx, "made_up.h5", path, sizeof path);
	info_of_one_replicate(path, wijk_axis, made_up, 3, values, text, sizeof text);
	/* A flow over [R,T] is summed over the 4 intervals. */
	assert_non_null(strstr(text, "  koffie                                         4.00  n/a"));
	assert_non_null(strstr(text, "kop\n"));
	/* A mean by wijk: one row per label of the scale, averaged over time. */
	assert_non_null(strstr(text, "  wachttijd         noord                        1.00"));
	assert_non_null(strstr(text, "                    zuid                         1.00"));
	assert_non_null(strstr(text, "week\n"));
	/* A flow by wijk: listed only. */
	assert_null(strstr(text, "  bezoek            noord"));
	assert_non_null(strstr(text, "  bezoek            flow   wijk       visits, by wijk\n"));
}

/* ---- h5py / xarray ---- */

static void test_python_xarray_reads_result(void **state)
{
	const struct fixture *fx = *state;
	char path[160], script[512], command[1024];
	char *slash;
	int status;

	if (system("/usr/bin/python3 -c 'import h5py, xarray, h5netcdf' "
	           ">/dev/null 2>&1") != 0) {
		print_message("skipping: /usr/bin/python3 lacks h5py/xarray/h5netcdf\n");
		skip();
	}
	/* The script sits next to this source file. */
	snprintf(script, sizeof script, "%s", __FILE__);
	slash = strrchr(script, '/');
	if (slash)
		snprintf(slash + 1, sizeof script - (size_t)(slash + 1 - script), "h5check.py");
	else
		snprintf(script, sizeof script, "h5check.py");
	if (access(script, R_OK) != 0)
		fail_msg("cannot find %s (run the tests from the repository root)", script);

	path_in(fx, "xr.h5", path, sizeof path);
	write_test_result(path, 0);
	snprintf(command, sizeof command, "/usr/bin/python3 '%s' '%s'", script, path);
	status = system(command);
	assert_int_equal(status, 0);

	/* A negative control: the checker must notice a tampered fingerprint. */
	{
		hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
		hid_t group = H5Gopen2(file, "/scenarios/alpha", H5P_DEFAULT);
		hid_t attr = H5Aopen(group, "config_sha256", H5P_DEFAULT);
		hid_t type = H5Aget_type(attr);
		const char *wrong = "0000";
		assert_true(H5Awrite(attr, type, &wrong) >= 0);
		H5Tclose(type);
		H5Aclose(attr);
		H5Gclose(group);
		H5Fclose(file);
	}
	snprintf(command, sizeof command, "/usr/bin/python3 '%s' '%s' 2>/dev/null",
	         script, path);
	status = system(command);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
		T(test_sha256_vectors),
		T(test_write_two_scenarios_and_read_back),
		T(test_unwritten_replicate_reads_as_nan),
		T(test_temp_file_lives_next_to_target),
		T(test_abort_leaves_nothing),
		T(test_existing_target_needs_force),
		T(test_force_replaces_existing_target),
		T(test_commit_does_not_clobber_a_file_that_appeared),
		T(test_target_is_folder),
		T(test_missing_folder_is_runtime_error),
		T(test_duplicate_scenario_name),
		T(test_bad_arguments_are_errors),
		T(test_axis_property_is_checked),
		T(test_failed_scenario_is_removed),
		T(test_large_rows_get_bounded_chunks),
		T(test_two_axis_metric_and_time_bounds),
		T(test_bad_axes_and_bounds_are_errors),
		T(test_read_scenarios_round_trip),
		T(test_read_rejects_other_files),
		T(test_seal_guards_the_contents),
		T(test_print_info),
		T(test_print_info_single_replicate),
		T(test_print_info_reads_metrics_from_file),
		T(test_python_xarray_reads_result),
#undef T
	};

	/* The tests provoke HDF5 failures on purpose; keep its stack dumps out
	 * of the log (h5out does the same for its own calls). */
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
