/*
 * test_scen.c — unit tests of the scenario loader (src/scen.c, src/schema.c).
 *
 * The tests use a small schema of their own (below), not the wijksim table:
 * the loader must work for any table, and a test should not break when a
 * model setting is added. Fixture files live in tests/fixtures/scen/ and are
 * found relative to the repository root, where `make test-unit` runs us.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scen.h"
#include "schema.h"

#define FIX "tests/fixtures/scen/"

static const struct schema_entry test_entries[] = {
	{ "days", SCHEMA_INT, 1, 36500, 0, 0, "365", NULL, "simulated time (days)", {0} },
	{ "seed", SCHEMA_INT64, 0, 9.0e18, 0, 0, "1L", NULL, "random seed", {0} },
	{ "share", SCHEMA_FLOAT, 0, 1, 0, 0, "0.25", NULL,
	  "share of residents who ask for help (fraction)", {0} },
	{ "verbose", SCHEMA_BOOL, 0, 0, 0, 0, "false", NULL, "print progress", {0} },
	{ "policy", SCHEMA_STRING, 0, 0, 1, 16, "\"treat\"", "treat|refer|shift",
	  "what a professional does with a need outside their scope", {0} },
	{ "weights", SCHEMA_FLOAT_ARRAY, 0, 1, 1, 8, "[0.5, 0.5]", NULL,
	  "mix weights (fractions)", {0} },
	{ "limits", SCHEMA_INT_ARRAY, 0, 100, 0, 0, "[10, 20]", NULL,
	  "caps (contacts per week)", {0} },
	{ "labels", SCHEMA_STRING_ARRAY, 0, 0, 0, 4, "[]", "low|mid|high", "report labels", {0} },
	{ "population", SCHEMA_GROUP, 0, 0, 0, 0, NULL, NULL, "the residents", {0} },
	{ "population.size", SCHEMA_INT, 1, 1e7, 0, 0, NULL, NULL, "number of residents", {0} },
	{ "population.age_mean", SCHEMA_FLOAT, 0, 120, 0, 0, "45", NULL, "mean age (years)", {0} },
	{ "output", SCHEMA_GROUP, 0, 0, 0, 0, NULL, NULL, "what to write", {0} },
	{ "output.every_days", SCHEMA_INT, 1, 365, 0, 0, "7", NULL,
	  "observation interval (days)", {0} },
	{ "output.file", SCHEMA_STRING, 0, 0, 1, 0, "\"out.h5\"", NULL, "result file", {0} },
	{ "roles", SCHEMA_LIST, 0, 0, 1, 0, NULL, NULL, "the professional roles", {0} },
	{ "roles.[].name", SCHEMA_STRING, 0, 0, 1, 32, NULL, NULL, "role name", {0} },
	{ "roles.[].fte", SCHEMA_FLOAT, 0, 100, 0, 0, "1.0", NULL,
	  "staff (full-time equivalents)", {0} },
	{ "roles.[].mode", SCHEMA_STRING, 0, 0, 0, 0, "\"refer\"", "treat|refer|shift",
	  "default handling", {0} },
	{ "roles.[].skills", SCHEMA_STRING_ARRAY, 0, 0, 0, 0, "[]", NULL, "skills", {0} },
	{ "events", SCHEMA_LIST, 0, 0, 0, 0, "()", NULL, "scheduled events", {0} },
	{ "events.[].day", SCHEMA_INT, 0, 36500, 0, 0, NULL, NULL, "day of the event", {0} },
	{ "events.[].what", SCHEMA_STRING, 0, 0, 0, 0, "\"audit\"", NULL, "kind of event", {0} },
};

static const struct schema test_schema = {
	test_entries, sizeof test_entries / sizeof test_entries[0]
};

/* The smallest valid scenario under test_schema. */
#define MINIMAL "population = { size = 10; };\nroles = ( { name = \"huisarts\"; } );\n"

/* ---------------------------------------------------------------- helpers */

static void show_error(const struct wk_error *err)
{
	char buf[2048];

	wk_error_format(err, buf, sizeof buf);
	print_message("error: %s\n", buf);
}

static struct scen *load_ok(const char *path, const char *const *ov, size_t n)
{
	struct scen *sc = NULL;
	struct wk_error err;
	int rc;

	wk_error_clear(&err);
	rc = scen_load(&test_schema, path, ov, n, &sc, &err);
	if (rc)
		show_error(&err);
	assert_int_equal(rc, 0);
	assert_non_null(sc);
	return sc;
}

static struct scen *load_text_ok(const char *text, const char *const *ov, size_t n)
{
	struct scen *sc = NULL;
	struct wk_error err;
	int rc;

	wk_error_clear(&err);
	rc = scen_load_text(&test_schema, text, "text.cfg", ov, n, &sc, &err);
	if (rc)
		show_error(&err);
	assert_int_equal(rc, 0);
	assert_non_null(sc);
	return sc;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle)) {
		print_message("expected to find \"%s\" in \"%s\"\n", needle, haystack);
		fail();
	}
}

/* Load a file that must fail; checks status 2, file and line. */
static void load_fails(const char *path, const char *const *ov, size_t n, struct wk_error *err)
{
	struct scen *sc = (struct scen *)1;
	int rc;

	wk_error_clear(err);
	rc = scen_load(&test_schema, path, ov, n, &sc, err);
	show_error(err);
	assert_int_equal(rc, 2);
	assert_int_equal(err->status, 2);
	assert_null(sc);
}

static void text_fails(const char *text, const char *const *ov, size_t n, struct wk_error *err)
{
	struct scen *sc = (struct scen *)1;
	int rc;

	wk_error_clear(err);
	rc = scen_load_text(&test_schema, text, "text.cfg", ov, n, &sc, err);
	show_error(err);
	assert_int_equal(rc, 2);
	assert_int_equal(err->status, 2);
	assert_null(sc);
}

static const config_setting_t *get(const struct scen *sc, const char *path)
{
	const config_setting_t *s = config_lookup(scen_config(sc), path);

	if (!s)
		print_message("no setting %s\n", path);
	assert_non_null(s);
	return s;
}

static double get_float(const struct scen *sc, const char *path)
{
	const config_setting_t *s = get(sc, path);

	assert_int_equal(config_setting_type(s), CONFIG_TYPE_FLOAT);
	return config_setting_get_float(s);
}

static int get_int(const struct scen *sc, const char *path)
{
	const config_setting_t *s = get(sc, path);

	assert_int_equal(config_setting_type(s), CONFIG_TYPE_INT);
	return config_setting_get_int(s);
}

static const char *get_string(const struct scen *sc, const char *path)
{
	const config_setting_t *s = get(sc, path);

	assert_int_equal(config_setting_type(s), CONFIG_TYPE_STRING);
	return config_setting_get_string(s);
}

/* ---------------------------------------------------------------- schema */

static void test_schema_lookups(void **state)
{
	(void)state;
	assert_ptr_equal(schema_find(&test_schema, "roles.[].fte"), &test_entries[16]);
	assert_null(schema_find(&test_schema, "roles.fte"));
	assert_null(schema_find(&test_schema, NULL));
	assert_string_equal(schema_type_name(SCHEMA_FLOAT), "float");
	assert_string_equal(schema_type_name(SCHEMA_LIST), "list of groups");
}

static void test_schema_print(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	scen_schema_print(&test_schema, f, 0);
	fclose(f);
	assert_contains(text, "days");
	assert_contains(text, "1..36500");
	assert_contains(text, "simulated time (days)");
	assert_contains(text, "(required)");
	free(text);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	scen_schema_print(&test_schema, f, 1);
	fclose(f);
	assert_contains(text, "| setting | type |");
	assert_contains(text, "| `days` | integer | 1..36500 | `365` |");
	assert_contains(text, "treat\\|refer\\|shift");
	free(text);
}

/* ---------------------------------------------------------------- loading */

static void test_valid_file_loads_and_defaults_filled(void **state)
{
	struct scen *sc = load_ok(FIX "valid.cfg", NULL, 0);
	const config_setting_t *s;

	(void)state;
	assert_string_equal(scen_origin(sc), FIX "valid.cfg");
	assert_int_equal(get_int(sc, "days"), 730);
	assert_int_equal(config_setting_get_int64(get(sc, "seed")), 4294967296LL);
	assert_string_equal(get_string(sc, "policy"), "refer");
	/* defaults at the top level, in a present group, in a created group */
	assert_int_equal(config_setting_get_bool(get(sc, "verbose")), 0);
	assert_float_equal(get_float(sc, "population.age_mean"), 45.0, 0);
	assert_int_equal(get_int(sc, "output.every_days"), 7);
	assert_string_equal(get_string(sc, "output.file"), "out.h5");
	assert_int_equal(config_setting_length(get(sc, "labels")), 0);
	assert_int_equal(config_setting_length(get(sc, "events")), 0);
	assert_int_equal(config_setting_get_int_elem(get(sc, "limits"), 1), 20);
	/* defaults inside every list element */
	assert_string_equal(get_string(sc, "roles.[0].mode"), "refer");
	assert_string_equal(get_string(sc, "roles.[1].mode"), "treat");
	assert_float_equal(get_float(sc, "roles.[0].fte"), 2.5, 0);
	assert_int_equal(config_setting_length(get(sc, "roles.[0].skills")), 0);
	assert_string_equal(config_setting_get_string_elem(get(sc, "roles.[1].skills"), 1),
	                    "palliative");
	/* where things came from */
	{
		const char *file;
		int line;

		scen_where(sc, get(sc, "roles.[1].mode"), &file, &line);
		assert_string_equal(file, FIX "valid.cfg");
		assert_int_equal(line, 12);
		scen_where(sc, get(sc, "output.file"), &file, &line);
		assert_string_equal(file, FIX "valid.cfg");
		assert_int_equal(line, 0);
	}
	s = get(sc, "weights");
	assert_int_equal(config_setting_length(s), 2);
	scen_free(sc);
}

static void test_types_normalised_in_place(void **state)
{
	struct scen *sc = load_ok(FIX "valid.cfg", NULL, 0);
	const config_setting_t *share = get(sc, "share");

	(void)state;
	/* share = 1 becomes a float and keeps its place (second setting) */
	assert_int_equal(config_setting_type(share), CONFIG_TYPE_FLOAT);
	assert_float_equal(config_setting_get_float(share), 1.0, 0);
	assert_int_equal(config_setting_index(share), 1);
	assert_int_equal(config_setting_type(get(sc, "seed")), CONFIG_TYPE_INT64);
	assert_int_equal(config_setting_type(get(sc, "roles.[1].fte")), CONFIG_TYPE_FLOAT);
	assert_int_equal(config_setting_index(get(sc, "roles.[1].fte")), 1);
	assert_int_equal(config_setting_type(get(sc, "population.age_mean")), CONFIG_TYPE_FLOAT);
	scen_free(sc);

	/* an int for an int64 setting becomes int64; an int array of floats */
	sc = load_text_ok(MINIMAL "seed = 5;\nweights = [1, 0];\n", NULL, 0);
	assert_int_equal(config_setting_type(get(sc, "seed")), CONFIG_TYPE_INT64);
	assert_int_equal(config_setting_get_int64(get(sc, "seed")), 5);
	assert_int_equal(config_setting_type(config_setting_get_elem(get(sc, "weights"), 0)),
	                 CONFIG_TYPE_FLOAT);
	scen_free(sc);
}

static void test_file_not_found(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "does_not_exist.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "does_not_exist.cfg");
	assert_contains(err.message, "No such file or directory");
}

static void test_empty_file_refused(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "empty.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "empty.cfg");
	assert_contains(err.message, "empty scenario");
	load_fails(FIX "comments_only.cfg", NULL, 0, &err);
	assert_contains(err.message, "empty scenario");
	text_fails("  \n\t\n", NULL, 0, &err);
	assert_contains(err.message, "empty scenario");
}

static void test_non_utf8_refused(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "bad_utf8.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "bad_utf8.cfg");
	assert_int_equal(err.line, 2);
	assert_contains(err.message, "UTF-8");
	/* overlong encoding and a lone continuation byte */
	text_fails(MINIMAL "policy = \"\xc0\xaf\";\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
	text_fails("\x80", NULL, 0, &err);
	assert_int_equal(err.line, 1);
	/* valid multi-byte text is fine */
	scen_free(load_text_ok(MINIMAL "output = { file = \"caf\xc3\xa9-\xe2\x82\xac.h5\"; };\n",
	                       NULL, 0));
}

static void test_nul_byte_refused(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "nul.cfg", NULL, 0, &err);
	assert_int_equal(err.line, 2);
	assert_contains(err.message, "NUL");
}

static void test_oversized_file_refused(void **state)
{
	char path[] = "/tmp/test_scen_big_XXXXXX";
	struct wk_error err;
	size_t left = SCEN_MAX_FILE_BYTES + 10;
	char block[4096];
	int fd;
	FILE *f;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	memset(block, '#', sizeof block);
	while (left > 0) {
		size_t n = left < sizeof block ? left : sizeof block;

		assert_int_equal(fwrite(block, 1, n, f), n);
		left -= n;
	}
	fclose(f);
	load_fails(path, NULL, 0, &err);
	assert_contains(err.message, "larger than");
	unlink(path);
}

static void test_syntax_error_line(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "syntax3.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "syntax3.cfg");
	assert_int_equal(err.line, 3);
	assert_contains(err.message, "syntax error");
	/* a string where libconfig expects '=' (libconfig 1.5 leaks that token:
	 * the sanitizer build must still pass) */
	text_fails(MINIMAL "\npolicy \"treat\";\n", NULL, 0, &err);
	assert_int_equal(err.line, 4);
	text_fails(MINIMAL "policy = \"\" \"\" x;\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
}

/* Every prefix of a valid file either loads or fails with status 2, and
 * whatever loads survives the effective-text round trip. */
static void test_truncated_text_never_crashes(void **state)
{
	FILE *f = fopen(FIX "valid.cfg", "r");
	char text[4096];
	size_t n, cut;
	int loaded = 0;

	(void)state;
	assert_non_null(f);
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	for (cut = 0; cut <= n; cut++) {
		char saved = text[cut];
		struct scen *sc = NULL;
		struct wk_error err;
		int rc;

		text[cut] = '\0';
		rc = scen_load_text(&test_schema, text, "cut.cfg", NULL, 0, &sc, &err);
		text[cut] = saved;
		assert_true(rc == 0 || rc == 2);
		if (rc == 0) {
			char *eff = scen_effective_text(sc);
			struct scen *again = load_text_ok(eff, NULL, 0);

			free(eff);
			scen_free(again);
			scen_free(sc);
			loaded++;
		} else {
			assert_null(sc);
			assert_true(err.message[0] != '\0');
		}
	}
	assert_true(loaded > 0);
}

/* ---------------------------------------------------------------- includes */

static void test_include_relative_to_including_file(void **state)
{
	struct scen *sc = load_ok(FIX "include/main.cfg", NULL, 0);
	const char *file;
	int line;

	(void)state;
	assert_int_equal(get_int(sc, "output.every_days"), 14);
	assert_string_equal(get_string(sc, "roles.[0].name"), "huisarts");
	assert_int_equal(get_int(sc, "population.size"), 10);
	/* provenance goes through the includes; the line after them is mapped back */
	scen_where(sc, get(sc, "output.every_days"), &file, &line);
	assert_string_equal(file, FIX "include/parts/output.cfg");
	assert_int_equal(line, 2);
	scen_where(sc, get(sc, "roles.[0].name"), &file, &line);
	assert_string_equal(file, FIX "include/parts/roles.cfg");
	assert_int_equal(line, 1);
	scen_where(sc, get(sc, "population.size"), &file, &line);
	assert_string_equal(file, FIX "include/main.cfg");
	assert_int_equal(line, 4);
	scen_free(sc);
}

static void test_include_cycle(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "include/cycle_a.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "include/cycle_b.cfg");
	assert_int_equal(err.line, 3);
	assert_contains(err.message, "include cycle");
	assert_contains(err.message, "cycle_a.cfg -> " FIX "include/cycle_b.cfg -> ");
}

static void test_include_missing(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "include/missing.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "include/missing.cfg");
	assert_int_equal(err.line, 3);
	assert_contains(err.message, "nope.cfg");
	assert_contains(err.message, "No such file or directory");
}

static void test_syntax_error_in_included_file(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "include/err_main.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "include/parts/bad_syntax.cfg");
	assert_int_equal(err.line, 2);
}

static void test_unknown_setting_in_included_file(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "include/unknown_main.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "include/parts/unknown.cfg");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.path, "roles.[0].fet");
	assert_contains(err.message, "unknown setting 'fet'; did you mean 'fte'?");
	assert_contains(err.message, "\"poh\"");
}

static void test_include_refused_in_text(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails(MINIMAL "@include \"x.cfg\"\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
	assert_contains(err.message, "@include");
	/* inside a block comment it is no directive */
	scen_free(load_text_ok(MINIMAL "/*\n@include \"x.cfg\"\n*/\n", NULL, 0));
	text_fails(MINIMAL "@include x.cfg\n", NULL, 0, &err);
	assert_contains(err.message, "malformed @include");
}

/* ---------------------------------------------------------------- extends */

static void test_extends_merges(void **state)
{
	struct scen *sc = load_ok(FIX "ext/derived.cfg", NULL, 0);
	const config_setting_t *roles = get(sc, "roles"), *w = get(sc, "weights");
	const char *file;
	int line;

	(void)state;
	assert_null(config_lookup(scen_config(sc), "extends"));
	/* scalars override; what the derived file does not say comes from the base */
	assert_int_equal(get_int(sc, "days"), 730);
	assert_float_equal(get_float(sc, "share"), 0.5, 0);
	/* groups merge setting by setting */
	assert_int_equal(get_int(sc, "population.size"), 2000);
	assert_float_equal(get_float(sc, "population.age_mean"), 40.0, 0);
	/* named elements merge by name, new names are appended */
	assert_int_equal(config_setting_length(roles), 3);
	assert_string_equal(get_string(sc, "roles.[0].name"), "huisarts");
	assert_float_equal(get_float(sc, "roles.[0].fte"), 2.0, 0);
	assert_string_equal(config_setting_get_string_elem(get(sc, "roles.[0].skills"), 0),
	                    "triage");
	assert_string_equal(get_string(sc, "roles.[1].name"), "poh");
	assert_float_equal(get_float(sc, "roles.[1].fte"), 3.0, 0);
	assert_string_equal(get_string(sc, "roles.[2].name"), "wijkverpleegkundige");
	/* arrays and unnamed lists replace */
	assert_int_equal(config_setting_length(w), 2);
	assert_float_equal(config_setting_get_float_elem(w, 0), 0.5, 0);
	assert_int_equal(config_setting_length(get(sc, "events")), 1);
	assert_int_equal(get_int(sc, "events.[0].day"), 9);
	/* the overriding setting's origin wins */
	scen_where(sc, get(sc, "days"), &file, &line);
	assert_string_equal(file, FIX "ext/derived.cfg");
	assert_int_equal(line, 2);
	scen_where(sc, get(sc, "share"), &file, &line);
	assert_string_equal(file, FIX "ext/base.cfg");
	assert_int_equal(line, 2);
	scen_where(sc, get(sc, "roles.[1].fte"), &file, &line);
	assert_string_equal(file, FIX "ext/derived.cfg");
	assert_int_equal(line, 6);
	scen_where(sc, get(sc, "roles.[0].fte"), &file, &line);
	assert_string_equal(file, FIX "ext/base.cfg");
	assert_int_equal(line, 6);
	/* the merged tree keeps the base's order */
	assert_int_equal(config_setting_index(get(sc, "weights")), 2);
	scen_free(sc);
}

static void test_extends_chain(void **state)
{
	struct scen *sc = load_ok(FIX "ext/more/chain.cfg", NULL, 0);

	(void)state;
	assert_float_equal(get_float(sc, "share"), 0.9, 0);
	assert_int_equal(get_int(sc, "days"), 730);
	assert_float_equal(get_float(sc, "population.age_mean"), 40.0, 0);
	assert_int_equal(config_setting_length(get(sc, "roles")), 3);
	scen_free(sc);
}

/* scen_input_at: the base and the includes are inputs, found by device and
 * inode whatever the path; other files, missing files and a text's origin
 * are not. */
static void test_input_at(void **state)
{
	struct scen *ext = load_ok(FIX "ext/derived.cfg", NULL, 0);
	struct scen *inc = load_ok(FIX "include/main.cfg", NULL, 0);
	struct scen *text = load_text_ok(MINIMAL, NULL, 0);

	(void)state;
	assert_string_equal(scen_input_at(ext, FIX "ext/derived.cfg"), FIX "ext/derived.cfg");
	assert_string_equal(scen_input_at(ext, FIX "ext/more/../base.cfg"), FIX "ext/base.cfg");
	assert_string_equal(scen_input_at(inc, FIX "include/parts/roles.cfg"),
	                    FIX "include/parts/roles.cfg");
	assert_null(scen_input_at(ext, FIX "ext/more/chain.cfg"));
	assert_null(scen_input_at(inc, FIX "ext/base.cfg"));
	assert_null(scen_input_at(ext, FIX "ext/no_such_file.cfg"));
	assert_null(scen_input_at(ext, NULL));
	assert_null(scen_input_at(text, "text.cfg"));
	scen_free(ext);
	scen_free(inc);
	scen_free(text);
}

static void test_extends_cycle_and_missing(void **state)
{
	struct wk_error err;

	(void)state;
	load_fails(FIX "ext/cyc_a.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "ext/cyc_b.cfg");
	assert_int_equal(err.line, 2);
	assert_contains(err.message, "extends cycle");
	assert_contains(err.message, "cyc_a.cfg -> " FIX "ext/cyc_b.cfg -> ");

	load_fails(FIX "ext/missing_base.cfg", NULL, 0, &err);
	assert_string_equal(err.file, FIX "ext/missing_base.cfg");
	assert_int_equal(err.line, 2);
	assert_contains(err.message, "no_such_base.cfg");

	text_fails(MINIMAL "extends = \"base.cfg\";\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
	assert_contains(err.message, "extends is not allowed");
}

/* ---------------------------------------------------------------- validation */

static void test_unknown_setting_did_you_mean(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails(MINIMAL "\ndayz = 3;\n", NULL, 0, &err);
	assert_string_equal(err.file, "text.cfg");
	assert_int_equal(err.line, 4);
	assert_string_equal(err.path, "dayz");
	assert_string_equal(err.message, "unknown setting 'dayz'; did you mean 'days'?");

	text_fails("population = { size = 10; };\n"
	           "roles = ( { name = \"a\"; }, { name = \"huisarts\"; fet = 2; } );\n",
	           NULL, 0, &err);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.path, "roles.[1].fet");
	assert_contains(err.message, "unknown setting 'fet'; did you mean 'fte'?");
	assert_contains(err.message, "(roles.[1] is \"huisarts\")");

	/* nothing close: the few known settings are listed */
	text_fails(MINIMAL "output = { xyz = 1; };\n", NULL, 0, &err);
	assert_string_equal(err.path, "output.xyz");
	assert_contains(err.message, "known settings here: every_days, file");
}

static void test_wrong_type(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails(MINIMAL "share = \"abc\";\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.path, "share");
	assert_string_equal(err.message, "expected a float between 0 and 1, got \"abc\" (string)");

	text_fails(MINIMAL "days = 2.5;\n", NULL, 0, &err);
	assert_string_equal(err.message,
	                    "expected an integer between 1 and 36500, got 2.5 (float)");
	text_fails(MINIMAL "verbose = 1;\n", NULL, 0, &err);
	assert_contains(err.message, "expected a boolean");
	text_fails(MINIMAL "output = 3;\n", NULL, 0, &err);
	assert_contains(err.message, "expected a group");
	text_fails(MINIMAL "weights = [\"a\"];\n", NULL, 0, &err);
	assert_string_equal(err.path, "weights.[0]");
	assert_contains(err.message, "expected a float between 0 and 1, got \"a\" (string)");
	text_fails("population = { size = 10; };\nroles = ( 3 );\n", NULL, 0, &err);
	assert_string_equal(err.path, "roles.[0]");
	assert_contains(err.message, "expected a group");
}

static void test_out_of_range(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails(MINIMAL "days = -3;\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.path, "days");
	assert_string_equal(err.message,
	                    "value -3 is out of range: expected an integer between 1 and 36500");
	text_fails(MINIMAL "weights = [0.5, 1.5];\n", NULL, 0, &err);
	assert_string_equal(err.path, "weights.[1]");
	assert_string_equal(err.message,
	                    "value 1.5 is out of range: expected a float between 0 and 1");
	text_fails(MINIMAL "share = 1e999;\n", NULL, 0, &err);
	assert_contains(err.message, "not a finite number");
	text_fails(MINIMAL "seed = -1L;\n", NULL, 0, &err);
	assert_contains(err.message, "value -1 is out of range");
	/* an int64 value for a 32-bit setting */
	text_fails(MINIMAL "days = 5000000000L;\n", NULL, 0, &err);
	assert_contains(err.message, "value 5000000000 is out of range");
	/* counts and lengths */
	text_fails("population = { size = 10; };\nroles = ();\n", NULL, 0, &err);
	assert_string_equal(err.path, "roles");
	assert_contains(err.message, "expected at least 1 element");
	text_fails(MINIMAL "weights = [0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1];\n", NULL, 0, &err);
	assert_contains(err.message, "expected at most 8 elements");
	text_fails("population = { size = 10; };\nroles = ( { name = \"\"; } );\n", NULL, 0, &err);
	assert_string_equal(err.path, "roles.[0].name");
	assert_contains(err.message, "expected at least 1 character");
}

static void test_bad_choice(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails(MINIMAL "policy = \"trat\";\n", NULL, 0, &err);
	assert_string_equal(err.path, "policy");
	assert_string_equal(err.message,
	                    "expected one of treat|refer|shift, got 'trat'; did you mean 'treat'?");
	text_fails(MINIMAL "labels = [\"low\", \"hihg\"];\n", NULL, 0, &err);
	assert_string_equal(err.path, "labels.[1]");
	assert_contains(err.message, "did you mean 'high'?");
	text_fails(MINIMAL "policy = \"something\";\n", NULL, 0, &err);
	assert_string_equal(err.message, "expected one of treat|refer|shift, got 'something'");
}

static void test_missing_required(void **state)
{
	struct wk_error err;

	(void)state;
	text_fails("# no days needed\n\npopulation = {\n  age_mean = 30.0;\n};\n"
	           "roles = ( { name = \"a\"; } );\n", NULL, 0, &err);
	assert_int_equal(err.line, 3);  /* the parent group's line */
	assert_string_equal(err.path, "population.size");
	assert_string_equal(err.message, "missing required setting 'size' "
	                    "(integer between 1 and 10000000: number of residents)");
	text_fails("roles = ( { name = \"a\"; } );\n", NULL, 0, &err);
	assert_string_equal(err.path, "population");
	assert_string_equal(err.message, "missing required setting 'population' (group: the "
	                    "residents; it must contain at least 'population.size')");
	text_fails("population = { size = 10; };\nroles = ( { fte = 1.0; } );\n", NULL, 0, &err);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.path, "roles.[0].name");
	text_fails("population = { size = 10; };\nroles = ( { name = \"a\"; } );\n"
	           "events = ( { what = \"x\"; } );\n", NULL, 0, &err);
	assert_string_equal(err.path, "events.[0].day");
}

static void test_big_integer_needs_L(void **state)
{
	struct wk_error err;
	struct scen *sc;

	(void)state;
	text_fails(MINIMAL "\nseed = 4294967296;\n", NULL, 0, &err);
	assert_int_equal(err.line, 4);
	assert_string_equal(err.message,
	                    "integer 4294967296 is outside the 32-bit range; "
	                    "write it as 4294967296L");
	text_fails(MINIMAL "limits = [1, -2147483649];\n", NULL, 0, &err);
	assert_contains(err.message, "integer -2147483649 is outside");
	text_fails(MINIMAL "days = 0x80000000;\n", NULL, 0, &err);
	assert_contains(err.message, "0x80000000L");
	text_fails(MINIMAL "seed = 99999999999999999999L;\n", NULL, 0, &err);
	assert_contains(err.message, "outside the 64-bit range");
	/* in a file the line is the original one */
	{
		FILE *f = fopen("/tmp/test_scen_bigint.cfg", "w");

		assert_non_null(f);
		fputs(MINIMAL "# seed below\nseed = 3000000000;\n", f);
		fclose(f);
		load_fails("/tmp/test_scen_bigint.cfg", NULL, 0, &err);
		assert_string_equal(err.file, "/tmp/test_scen_bigint.cfg");
		assert_int_equal(err.line, 4);
		unlink("/tmp/test_scen_bigint.cfg");
	}
	/* with L it is accepted; floats, comments, strings and names are not integers */
	sc = load_text_ok("roles = ( { name = \"a\"; } );\n"
	                  "seed = 4294967296L;  # 4294967296\n"
	                  "share = 0.0000000003e9; /* 3000000000 */\n"
	                  "// 5000000000\n"
	                  "population = { size = 10; age_mean = 3000000000.0e-8; };\n"
	                  "output = { file = \"run-4294967296.h5\"; };\n", NULL, 0);
	scen_free(sc);
	/* -2^31 fits in 32 bits: the range check, not the scan, refuses it */
	text_fails(MINIMAL "days = -2147483648;\n", NULL, 0, &err);
	assert_contains(err.message, "value -2147483648 is out of range");
}

static void test_big_integer_accepted_limits(void **state)
{
	struct scen *sc;

	(void)state;
	struct wk_error err;

	sc = load_text_ok(MINIMAL "seed = 9000000000000000000L;\nlimits = [0x10, 100];\n", NULL, 0);
	assert_int_equal(config_setting_get_int64(get(sc, "seed")), 9000000000000000000LL);
	assert_int_equal(config_setting_get_int_elem(get(sc, "limits"), 0), 16);
	scen_free(sc);
	/* 2^31-1 passes the scan; the range check refuses it */
	text_fails(MINIMAL "limits = [2147483647];\n", NULL, 0, &err);
	assert_string_equal(err.path, "limits.[0]");
	assert_string_equal(err.message,
	                    "value 2147483647 is out of range: "
	                    "expected an integer between 0 and 100");
}

/* ---------------------------------------------------------------- --set */

static void test_set_by_index_and_name(void **state)
{
	const char *ov[] = { "roles.[1].fte=3.5", "roles.huisarts.mode = shift", "days=99",
	                     "roles.0.skills=[\"a\", \"b\"]", "seed=4294967297", "policy=\"shift\"",
	                     "weights=[0.2, 0.3, 0.5]", "share=1" };
	struct scen *sc = load_ok(FIX "valid.cfg", ov, sizeof ov / sizeof ov[0]);
	const char *file;
	int line;

	(void)state;
	assert_float_equal(get_float(sc, "roles.[1].fte"), 3.5, 0);
	assert_string_equal(get_string(sc, "roles.[0].mode"), "shift");
	assert_int_equal(get_int(sc, "days"), 99);
	assert_int_equal(config_setting_index(get(sc, "days")), 0);
	assert_string_equal(config_setting_get_string_elem(get(sc, "roles.[0].skills"), 1), "b");
	assert_int_equal(config_setting_type(get(sc, "seed")), CONFIG_TYPE_INT64);
	assert_int_equal(config_setting_get_int64(get(sc, "seed")), 4294967297LL);
	assert_string_equal(get_string(sc, "policy"), "shift");
	assert_int_equal(config_setting_length(get(sc, "weights")), 3);
	assert_float_equal(get_float(sc, "share"), 1.0, 0);
	scen_where(sc, get(sc, "days"), &file, &line);
	assert_string_equal(file, FIX "valid.cfg");
	assert_int_equal(line, 0);
	scen_free(sc);
}

static void test_set_whole_element(void **state)
{
	const char *ov[] = { "roles.[0]={ name = \"poh\"; fte = 0.5; }" };
	struct scen *sc = load_ok(FIX "valid.cfg", ov, 1);

	(void)state;
	assert_string_equal(get_string(sc, "roles.[0].name"), "poh");
	assert_string_equal(get_string(sc, "roles.[0].mode"), "refer");  /* default filled */
	assert_int_equal(config_setting_length(get(sc, "roles")), 2);
	scen_free(sc);
}

static void test_set_errors(void **state)
{
	struct wk_error err;
	const char *wrong_type[] = { "days=abc" };
	const char *unknown[] = { "rols.[0].fte=2" };
	const char *unknown_in_element[] = { "roles.huisarts.fet=2" };
	const char *no_such_name[] = { "roles.huisart.fte=2" };
	const char *no_such_index[] = { "roles.[7].fte=2" };
	const char *range[] = { "share=2" };
	const char *no_eq[] = { "days" };
	const char *float_for_int[] = { "days=2.5" };
	const char *two_values[] = { "days=3; verbose = true" };
	const char *big[] = { "days=3000000000" };
	const char *into_scalar[] = { "days.x=3" };

	(void)state;
	load_fails(FIX "valid.cfg", wrong_type, 1, &err);
	assert_string_equal(err.file, "--set");
	assert_string_equal(err.path, "days");
	assert_contains(err.message, "abc");
	assert_contains(err.message, "expected an integer between 1 and 36500");
	assert_contains(err.message, "--set days=abc");

	load_fails(FIX "valid.cfg", unknown, 1, &err);
	assert_string_equal(err.file, "--set");
	assert_contains(err.message, "unknown setting 'rols'; did you mean 'roles'?");

	load_fails(FIX "valid.cfg", unknown_in_element, 1, &err);
	assert_string_equal(err.path, "roles.[0]");
	assert_contains(err.message, "did you mean 'fte'?");

	load_fails(FIX "valid.cfg", no_such_name, 1, &err);
	assert_contains(err.message, "no element named 'huisart'; did you mean 'huisarts'?");

	load_fails(FIX "valid.cfg", no_such_index, 1, &err);
	assert_contains(err.message, "no element 7");

	load_fails(FIX "valid.cfg", range, 1, &err);
	assert_string_equal(err.file, "--set");
	assert_string_equal(err.path, "share");
	assert_contains(err.message, "value 2 is out of range: expected a float between 0 and 1");

	load_fails(FIX "valid.cfg", no_eq, 1, &err);
	assert_contains(err.message, "expected path=value");

	load_fails(FIX "valid.cfg", float_for_int, 1, &err);
	assert_contains(err.message, "got 2.5 (float)");

	load_fails(FIX "valid.cfg", two_values, 1, &err);
	assert_contains(err.message, "cannot read");

	load_fails(FIX "valid.cfg", big, 1, &err);
	assert_string_equal(err.file, "--set");
	assert_contains(err.message, "outside the 32-bit range");

	load_fails(FIX "valid.cfg", into_scalar, 1, &err);
	assert_contains(err.message, "no settings inside");
}

/* ---------------------------------------------------------------- output */

static void test_effective_text_round_trip(void **state)
{
	const char *files[] = { FIX "valid.cfg", FIX "ext/derived.cfg", FIX "include/main.cfg" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct scen *a = load_ok(files[i], NULL, 0), *b;
		char *t1 = scen_effective_text(a), *t2;

		assert_non_null(t1);
		assert_null(strstr(t1, "extends"));
		b = load_text_ok(t1, NULL, 0);
		t2 = scen_effective_text(b);
		assert_non_null(t2);
		assert_string_equal(t1, t2);
		free(t1);
		free(t2);
		scen_free(a);
		scen_free(b);
	}
}

static void test_setting_path_and_error_at(void **state)
{
	struct scen *sc = load_ok(FIX "valid.cfg", NULL, 0);
	const config_setting_t *s = get(sc, "roles.[1].fte");
	struct wk_error err;
	char path[64];
	char ov_text[96];
	const char *ov[1];
	struct scen *again;

	(void)state;
	scen_setting_path(s, path, sizeof path);
	assert_string_equal(path, "roles.[1].fte");
	scen_setting_path(get(sc, "weights.[1]"), path, sizeof path);
	assert_string_equal(path, "weights.[1]");
	scen_setting_path(config_root_setting(scen_config(sc)), path, sizeof path);
	assert_string_equal(path, "");
	scen_setting_path(s, path, 6);
	assert_string_equal(path, "roles");

	/* the path is one --set accepts */
	scen_setting_path(s, path, sizeof path);
	snprintf(ov_text, sizeof ov_text, "%s=7", path);
	ov[0] = ov_text;
	again = load_ok(FIX "valid.cfg", ov, 1);
	assert_float_equal(get_float(again, "roles.[1].fte"), 7.0, 0);
	scen_free(again);

	wk_error_clear(&err);
	assert_int_equal(scen_error_at(sc, s, &err, "a rule names an unknown role '%s'", "x"), 2);
	assert_int_equal(err.status, 2);
	assert_string_equal(err.file, FIX "valid.cfg");
	assert_int_equal(err.line, 12);
	assert_string_equal(err.path, "roles.[1].fte");
	assert_string_equal(err.message, "a rule names an unknown role 'x'");
	scen_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_lookups),
		cmocka_unit_test(test_schema_print),
		cmocka_unit_test(test_valid_file_loads_and_defaults_filled),
		cmocka_unit_test(test_types_normalised_in_place),
		cmocka_unit_test(test_file_not_found),
		cmocka_unit_test(test_empty_file_refused),
		cmocka_unit_test(test_non_utf8_refused),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_oversized_file_refused),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_truncated_text_never_crashes),
		cmocka_unit_test(test_include_relative_to_including_file),
		cmocka_unit_test(test_include_cycle),
		cmocka_unit_test(test_include_missing),
		cmocka_unit_test(test_syntax_error_in_included_file),
		cmocka_unit_test(test_unknown_setting_in_included_file),
		cmocka_unit_test(test_include_refused_in_text),
		cmocka_unit_test(test_extends_merges),
		cmocka_unit_test(test_extends_chain),
		cmocka_unit_test(test_input_at),
		cmocka_unit_test(test_extends_cycle_and_missing),
		cmocka_unit_test(test_unknown_setting_did_you_mean),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_bad_choice),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_big_integer_needs_L),
		cmocka_unit_test(test_big_integer_accepted_limits),
		cmocka_unit_test(test_set_by_index_and_name),
		cmocka_unit_test(test_set_whole_element),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_effective_text_round_trip),
		cmocka_unit_test(test_setting_path_and_error_at),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
