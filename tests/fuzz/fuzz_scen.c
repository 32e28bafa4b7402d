/*
 * fuzz_scen.c — libFuzzer target for the scenario loader (tests/fuzz/run.sh).
 *
 * The input bytes are a scenario text. What must hold for every input:
 *  1. no crash, no sanitizer report, no leak (beyond libconfig 1.5's own
 *     leak on some syntax errors, suppressed in src/scen.c);
 *  2. a refused text gives status 1 or 2 and an error that renders as one
 *     non-empty line (stderr carries exactly one line per error);
 *  3. a text that loads goes through params_load and params_warnings; its
 *     effective text (scen_effective_text) loads again, gives the same
 *     effective text, and, when params_load accepted the first, gives
 *     bit-identical parameters: a result file's stored scenario must
 *     reproduce the run (`wijksim rerun`).
 * A broken property calls abort() after printing what broke, so that
 * libFuzzer saves the input as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "params_load.h"
#include "scen.h"
#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const struct wk_error *err, const char *text)
{
	char line[2048];

	fprintf(stderr, "fuzz_scen: %s\n", what);
	if (err) {
		wk_error_format(err, line, sizeof line);
		fprintf(stderr, "  error: status %d: %s\n", err->status, line);
	}
	if (text)
		fprintf(stderr, "  text:\n%s\n", text);
	abort();
}

static void check_error(int rc, const struct wk_error *err)
{
	char line[2048];

	if (rc != WK_EXIT_USAGE && rc != WK_EXIT_RUNTIME)
		broken("a failure returned a status other than 1 or 2", err, NULL);
	if (err->status != rc)
		broken("the returned status differs from err->status", err, NULL);
	wk_error_format(err, line, sizeof line);
	if (!err->message[0] || strchr(line, '\n') || strchr(line, '\r'))
		broken("the error does not render as one non-empty line", err, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wk_error err;
	struct scen *s = NULL, *s2 = NULL;
	struct model_params *p = NULL, *p2 = NULL;
	char *text, *eff = NULL, *eff2 = NULL, warning[1024];
	int rc, rc_params;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	wk_error_clear(&err);
	rc = scen_load_text(&schema_wijksim, text, "fuzz.cfg", NULL, 0, &s, &err);
	if (rc) {
		check_error(rc, &err);
		goto out;
	}
	p = calloc(2, sizeof *p);
	if (!p)
		goto out;
	p2 = p + 1;
	rc_params = params_load(s, p, &err);
	if (rc_params)
		check_error(rc_params, &err);
	else
		params_warnings(p, warning, sizeof warning);
	eff = scen_effective_text(s);
	if (!eff)
		broken("scen_effective_text failed", NULL, text);
	wk_error_clear(&err);
	rc = scen_load_text(&schema_wijksim, eff, "effective.cfg", NULL, 0, &s2, &err);
	if (rc)
		broken("the effective text does not load again", &err, eff);
	eff2 = scen_effective_text(s2);
	if (!eff2 || strcmp(eff, eff2) != 0)
		broken("the effective text of the effective text differs", NULL, eff);
	rc = params_load(s2, p2, &err);
	if ((rc != 0) != (rc_params != 0))
		broken("params_load judges the effective text differently", &err, eff);
	if (rc == 0 && memcmp(p, p2, sizeof *p) != 0)
		broken("the effective text gives different parameters", NULL, eff);
out:
	free(eff2);
	free(eff);
	free(p);
	scen_free(s2);
	scen_free(s);
	free(text);
	return 0;
}
