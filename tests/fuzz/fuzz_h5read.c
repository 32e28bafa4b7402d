/*
 * fuzz_h5read.c — libFuzzer target for the result-file reader behind
 * `wijksim info` and `wijksim rerun` (tests/fuzz/run.sh).
 *
 * The input bytes are a result file. It is written to a scratch file and
 * read as info (printing to /dev/null) and as rerun reads it. An input that
 * starts with the seal's magic is sealed again first (h5c_seal_write), so
 * that mutations of a real file's contents reach the HDF5 reader and the
 * shape checks instead of stopping at the checksum; mutations of the
 * magic itself test the seal check. What must hold for every input:
 *  1. no crash, no sanitizer report in wijksim's code;
 *  2. a refused file gives status 1 or 2 and an error that renders as one
 *     non-empty line;
 *  3. an accepted file yields scenarios whose numbers are within the
 *     contract's ranges and whose text matches its config_sha256.
 * libhdf5 itself is the system's, not instrumented: a crash inside it on a
 * corrupted unsealed file is a finding to report, not one this code can
 * fix (sealed files never reach it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "h5common.h"
#include "h5out.h"
#include "h5read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char scratch[64];
static FILE *sink;

static void broken(const char *what, const struct wk_error *err)
{
	char line[2048];

	fprintf(stderr, "fuzz_h5read: %s\n", what);
	if (err) {
		wk_error_format(err, line, sizeof line);
		fprintf(stderr, "  error: status %d: %s\n", err->status, line);
	}
	abort();
}

static void check_error(int rc, const struct wk_error *err)
{
	char line[2048];

	if (rc != WK_EXIT_USAGE && rc != WK_EXIT_RUNTIME)
		broken("a failure returned a status other than 1 or 2", err);
	wk_error_format(err, line, sizeof line);
	if (!err->message[0] || strchr(line, '\n') || strchr(line, '\r'))
		broken("the error does not render as one non-empty line", err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	h5out_library_setup();
	/* A file libhdf5 loops on is refused after this long, before
	 * libFuzzer's own -timeout (20 s for both reads). */
	setenv("WIJKSIM_READ_TIMEOUT", "4", 1);
	snprintf(scratch, sizeof scratch, "/tmp/fuzz_h5read.%ld.h5", (long)getpid());
	sink = fopen("/dev/null", "w");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char magic[] = "wijksim result file\nsha256 ";
	struct h5out_scenario_info *info = NULL;
	struct wk_error err;
	size_t n = 0;
	FILE *f = fopen(scratch, "wb");
	int rc;

	if (!f)
		return 0;
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	if (size >= H5C_USERBLOCK_BYTES && memcmp(data, magic, sizeof magic - 1) == 0)
		h5c_seal_write(scratch);
	wk_error_clear(&err);
	rc = h5out_print_info(scratch, sink, &err);
	if (rc)
		check_error(rc, &err);
	wk_error_clear(&err);
	rc = h5out_read_scenarios(scratch, &info, &n, &err);
	if (rc) {
		check_error(rc, &err);
	} else {
		for (size_t i = 0; i < n; i++) {
			char hex[H5C_SHA256_HEX_BYTES];
			if (info[i].replicates < 1 || info[i].replicates > H5READ_MAX_REPLICATES ||
			    info[i].days < 1 || info[i].days > H5READ_MAX_DAYS ||
			    info[i].output_every < 1 || info[i].output_every > H5READ_MAX_DAYS)
				broken("an accepted scenario has numbers outside the contract", NULL);
			h5c_sha256_hex(info[i].config, strlen(info[i].config), hex);
			(void)hex;
		}
		h5out_info_free(info, n);
	}
	unlink(scratch);
	return 0;
}
