/*
 * error.h — the error record every fallible engine function fills.
 *
 * Invariants:
 *  1. A function that can fail returns an int (0 = ok) and, on failure, fills
 *     a caller-owned `struct wk_error`; nothing is printed where it happens.
 *  2. `status` is the process exit status the failure maps to:
 *     WK_EXIT_RUNTIME (1) for I/O and resource failures, WK_EXIT_USAGE (2) for
 *     bad command lines and bad scenario files.
 *  3. The one-line rendering is
 *        FILE:LINE: setting 'PATH': MESSAGE
 *     with the parts that are unknown left out, so that every user-facing
 *     error names the file, the line and the setting when they exist.
 */
#ifndef WK_ERROR_H
#define WK_ERROR_H

#include <stddef.h>

enum { WK_EXIT_OK = 0, WK_EXIT_RUNTIME = 1, WK_EXIT_USAGE = 2 };

struct wk_error {
	int status;          /* WK_EXIT_RUNTIME or WK_EXIT_USAGE; 0 when unset */
	char file[512];      /* "" when the error is not about a file */
	int line;            /* 0 when unknown */
	char path[256];      /* setting path, "" when not about a setting */
	char message[1024];  /* what was wrong and what was expected */
};

/* Clear the record (status 0, empty strings). */
void wk_error_clear(struct wk_error *err);

/* Fill the record; `file` and `path` may be NULL. Returns `status` so that a
 * caller can write `return wk_error_set(err, 2, ...)`. Safe with err == NULL. */
int wk_error_set(struct wk_error *err, int status, const char *file, int line,
                 const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Render the record as one line (no trailing newline) into buf. */
void wk_error_format(const struct wk_error *err, char *buf, size_t size);

#endif
