/*
 * scen.c — the scenario loader's entry points, scen_load and scen_load_text
 * (see scen.h for the pipeline and its semantics): they run the steps in
 * order and hand over a finished scen, or free it on any failure.
 *
 *   steps 1-5  scen_tree.c  (file, extends) -> scen_source.c (read, @include,
 *                           integer scan, parse)
 *   steps 6-7  scen_check.c (validate, then fill defaults)
 *   step 8     scen_override.c (--set, in the order given)
 *   then       round every float to the double its written form reads back as
 *
 * Place in the pipeline: on top; nothing in the loader calls this file. The
 * shared types and the order of the parts are in scen_internal.h. The
 * LeakSanitizer hooks for libconfig's own leak also live here (the fuzz and
 * valgrind scripts name this file).
 *
 * Invariants:
 *  - On success the root carries scen->generated and the tree holds every
 *    setting the schema knows; on failure *out is NULL and nothing leaks.
 *  - Scenario text (scen_load_text) may hold neither @include nor extends:
 *    effective text has none.
 */
#include "scen_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- libconfig */

/* libconfig 1.5's parser does not free a string token that is the look-ahead
 * when it meets a syntax error (`policy "treat";`): its grammar has no
 * %destructor. We cannot reach that memory, and a bad scenario ends the
 * process anyway, so the sanitizer build is told to ignore exactly that
 * allocation site; every other leak is still reported. LeakSanitizer calls
 * this hook by name; in other builds nothing calls it. */
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);

/* Without this LeakSanitizer lists the suppressions it used at exit, which
 * would add lines to the one-line error of a refused scenario. */
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:strbuf_append\n"    /* a string token */
	       "leak:libconfig_yylex\n"   /* the empty string token "" */
	       /* libhdf5 1.10 loses an attribute message it decoded while
	        * iterating an object header whose attributes are damaged
	        * (fuzz_h5read; tests/fuzz/regressions-h5read/): its own memory,
	        * no wijksim callback runs in that iteration. */
	       "leak:H5O__msg_iterate_real\n";
}

/* ------------------------------------------------------------ loading */

/* libconfig 1.5 writes a float with 15 significant digits (config_write has
 * no precision setting in 1.5), which does not always give back the same
 * double. The effective text is what a result file stores and what `rerun`
 * runs, so every float of the tree is rounded to the double its written
 * form reads back as: the tree, the parameters of this run and the stored
 * text then agree exactly. The change is below 1e-15 relative. */
static void round_floats_as_written(config_setting_t *s)
{
	int i, n;

	if (config_setting_type(s) == CONFIG_TYPE_FLOAT) {
		char text[40];
		double v = config_setting_get_float(s), w;

		snprintf(text, sizeof text, "%.15g", v);
		w = strtod(text, NULL);
		if (w != v && isfinite(w))
			config_setting_set_float(s, w);
		return;
	}
	if (!config_setting_is_aggregate(s))
		return;
	n = config_setting_length(s);
	for (i = 0; i < n; i++)
		round_floats_as_written(config_setting_get_elem(s, (unsigned)i));
}

/* Steps 6-8 on the loaded tree. */
static int finish_load(struct loader *ld, const char *const *overrides, size_t n_overrides)
{
	config_setting_t *root = config_root_setting(ld->scen->cfg);
	size_t i;
	int rc;

	rc = scen_check_group(ld, root, "", 0);
	if (rc)
		return rc;
	rc = scen_check_group(ld, root, "", 1);
	if (rc)
		return rc;
	for (i = 0; i < n_overrides; i++) {
		rc = scen_apply_override(ld, overrides ? overrides[i] : NULL);
		if (rc)
			return rc;
	}
	round_floats_as_written(root);
	return 0;
}

/* The end of both loaders: after a parse that returned rc, validate and
 * apply the overrides; hand the scenario over, or free it on any failure. */
static int hand_over(struct loader *ld, int rc, const char *const *overrides,
                     size_t n_overrides, struct scen **out)
{
	if (!rc) {
		config_setting_set_hook(config_root_setting(ld->scen->cfg), ld->scen->generated);
		rc = finish_load(ld, overrides, n_overrides);
	}
	if (rc) {
		scen_free(ld->scen);
		return rc;
	}
	*out = ld->scen;
	return 0;
}

int scen_load(const struct schema *schema, const char *path,
              const char *const *overrides, size_t n_overrides,
              struct scen **out, struct wk_error *err)
{
	struct loader ld = { NULL, schema, err, NULL };
	int rc;

	*out = NULL;
	if (!schema || !path)
		return wk_error_set(err, WK_EXIT_USAGE, NULL, 0, NULL, "no scenario file given");
	ld.scen = scen_alloc(path);
	if (!ld.scen)
		return scen_oom(&ld);
	rc = scen_load_scenario_file(&ld, path, NULL, 0, NULL, &ld.scen->cfg);
	return hand_over(&ld, rc, overrides, n_overrides, out);
}

int scen_load_text(const struct schema *schema, const char *text,
                   const char *origin, const char *const *overrides,
                   size_t n_overrides, struct scen **out, struct wk_error *err)
{
	struct loader ld = { NULL, schema, err, NULL };
	const config_setting_t *ext;
	size_t len;
	int rc;

	*out = NULL;
	if (!origin)
		origin = "(scenario text)";
	if (!schema || !text)
		return wk_error_set(err, WK_EXIT_USAGE, origin, 0, NULL, "no scenario text given");
	ld.scen = scen_alloc(origin);
	if (!ld.scen)
		return scen_oom(&ld);
	len = strlen(text);
	if (len > SCEN_MAX_FILE_BYTES) {
		rc = scen_fail_at(&ld, origin, 0, NULL, "scenario text is larger than %u bytes",
		                  SCEN_MAX_FILE_BYTES);
		goto out;
	}
	rc = scen_check_bytes(&ld, ld.scen->origin, text, len);
	if (rc)
		goto out;
	rc = scen_parse_scenario_text(&ld, text, len, ld.scen->files[0], NULL, 0, &ld.scen->cfg);
	if (rc)
		goto out;
	ext = config_setting_get_member(config_root_setting(ld.scen->cfg), "extends");
	if (ext) {
		rc = scen_report(&ld, ext, NULL, "extends is not allowed in scenario text "
		                 "(effective scenario text has none)");
		goto out;
	}
out:
	return hand_over(&ld, rc, overrides, n_overrides, out);
}
