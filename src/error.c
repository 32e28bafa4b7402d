/*
 * error.c — filling and rendering `struct wk_error` (see error.h).
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wk_error_clear(struct wk_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
}

int wk_error_set(struct wk_error *err, int status, const char *file, int line,
                 const char *path, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

void wk_error_format(const struct wk_error *err, char *buf, size_t size)
{
	char where[600] = "", setting[300] = "";

	if (size == 0)
		return;
	if (err->file[0] && err->line > 0)
		snprintf(where, sizeof where, "%.511s:%d: ", err->file, err->line);
	else if (err->file[0])
		snprintf(where, sizeof where, "%.511s: ", err->file);
	if (err->path[0])
		snprintf(setting, sizeof setting, "setting '%.255s': ", err->path);
	snprintf(buf, size, "%s%s%s", where, setting, err->message);
}
