/*
 * scen_core.c — the shared core of the scenario loader: the scen itself
 * (tree, origin, interned file names, provenance records), growable buffers,
 * and error reporting; plus the public accessors of scen.h that only read a
 * loaded scen (scen_free, scen_config, scen_origin, scen_where,
 * scen_error_at, scen_setting_path, scen_input_file, scen_input_at).
 *
 * Place in the pipeline: below every step. Every other scen_*.c file calls
 * into this one; this file calls no other part of the loader.
 *
 * Invariants:
 *  - A file name is interned once per scen (scen_intern_file) and every
 *    struct prov points at such a copy; scen_free frees the records and the
 *    names, libconfig never does (the hooks have no destructor).
 *  - scen->files[0] is the origin: scen_alloc interns it first, and
 *    scen->generated (defaults, overrides, the root) points at it, line 0.
 *  - Every message leaves here on one line: control characters in values,
 *    paths and --set text are written as escapes (\n, \t, \xHH).
 *  - A failure while a --set is applied (ld->override_text set) is reported
 *    against "--set" and quotes the override, whatever file the setting came
 *    from.
 */
#include "scen_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- memory */

int scen_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t cap2;
	void *q;

	if (need <= *cap)
		return 0;
	cap2 = *cap ? *cap : 16;
	while (cap2 < need)
		cap2 *= 2;
	q = realloc(*p, cap2 * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = cap2;
	return 0;
}

int scen_sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	void *p = b->p;

	if (scen_grow(&p, &b->cap, b->len + n + 1, 1) < 0)
		return -1;
	b->p = p;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

const char *scen_input_file(const struct scen *scen, size_t i)
{
	return scen && i < scen->n_files ? scen->files[i] : NULL;
}

const char *scen_input_at(const struct scen *scen, const char *path)
{
	struct stat sp, si;

	if (!scen || !path || stat(path, &sp) != 0)
		return NULL;
	for (size_t i = 0; i < scen->n_files; i++)
		if (stat(scen->files[i], &si) == 0 && si.st_dev == sp.st_dev &&
		    si.st_ino == sp.st_ino)
			return scen->files[i];
	return NULL;
}

const char *scen_intern_file(struct scen *sc, const char *name)
{
	size_t i;
	void *p = sc->files;
	char *copy;

	for (i = 0; i < sc->n_files; i++)
		if (strcmp(sc->files[i], name) == 0)
			return sc->files[i];
	if (scen_grow(&p, &sc->cap_files, sc->n_files + 1, sizeof *sc->files) < 0)
		return NULL;
	sc->files = p;
	copy = strdup(name);
	if (!copy)
		return NULL;
	sc->files[sc->n_files++] = copy;
	return copy;
}

struct prov *scen_new_prov(struct scen *sc, const char *file, int line)
{
	void *p = sc->provs;
	struct prov *pr;

	if (scen_grow(&p, &sc->cap_provs, sc->n_provs + 1, sizeof *sc->provs) < 0)
		return NULL;
	sc->provs = p;
	pr = malloc(sizeof *pr);
	if (!pr)
		return NULL;
	pr->file = file;
	pr->line = line;
	sc->provs[sc->n_provs++] = pr;
	return pr;
}

void scen_destroy_config(config_t *cfg)
{
	if (!cfg)
		return;
	config_destroy(cfg);
	free(cfg);
}

config_t *scen_new_config(void)
{
	config_t *cfg = malloc(sizeof *cfg);

	if (!cfg)
		return NULL;
	config_init(cfg);
	config_set_auto_convert(cfg, 1);
	return cfg;
}

/* ---------------------------------------------------------------- errors */

int scen_oom(struct loader *ld)
{
	return wk_error_set(ld->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
}

/* Copy `in` to `out` with control characters written as escapes (\n, \r,
 * \t, \xHH): a message quotes values from the file, and a string may hold a
 * line break, yet every error must stay one line on stderr. */
static void escape_controls(const char *in, char *out, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	for (; *in && used + 1 < size; in++) {
		unsigned char c = (unsigned char)*in;
		char esc[8];
		size_t n;

		if (c >= 0x20 && c != 0x7f) {
			out[used++] = (char)c;
			continue;
		}
		if (c == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (c == '\r')
			snprintf(esc, sizeof esc, "\\r");
		else if (c == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else
			snprintf(esc, sizeof esc, "\\x%02X", c);
		n = strlen(esc);
		if (used + n + 1 > size)
			break;
		memcpy(out + used, esc, n);
		used += n;
	}
	out[used] = '\0';
}

/* Every user-facing failure goes through here so that an error caused by a
 * --set names the override it came from. */
int scen_fail_at(struct loader *ld, const char *file, int line, const char *path,
                 const char *fmt, ...)
{
	char raw[sizeof ld->err->message], msg[sizeof ld->err->message];
	char where[sizeof ld->err->path], set[sizeof ld->err->message];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape_controls(raw, msg, sizeof msg);
	escape_controls(path ? path : "", where, sizeof where);
	if (ld->override_text) {
		escape_controls(ld->override_text, set, sizeof set);
		return wk_error_set(ld->err, WK_EXIT_USAGE, "--set", 0, where,
		                    "%s (in --set %s)", msg, set);
	}
	return wk_error_set(ld->err, WK_EXIT_USAGE, file, line, where, "%s", msg);
}

const struct prov *scen_prov_of(const config_setting_t *s)
{
	for (; s; s = config_setting_parent(s))
		if (config_setting_get_hook(s))
			return config_setting_get_hook(s);
	return NULL;
}

/* Element name of a group that is a list element: its `name` string. */
const char *scen_element_name(const config_setting_t *g)
{
	const config_setting_t *m;

	if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP)
		return NULL;
	m = config_setting_get_member(g, "name");
	if (!m || config_setting_type(m) != CONFIG_TYPE_STRING)
		return NULL;
	return config_setting_get_string(m);
}

/* " (roles.[2] is "huisarts")" for a setting inside a named list element:
 * indices alone are hard to count in a long file. */
static void element_hint(const config_setting_t *s, char *buf, size_t size)
{
	char path[PATH_CAP];

	buf[0] = '\0';
	for (; s && config_setting_parent(s); s = config_setting_parent(s)) {
		const char *nm;

		if (config_setting_type(config_setting_parent(s)) != CONFIG_TYPE_LIST)
			continue;
		nm = scen_element_name(s);
		if (!nm)
			return;
		scen_setting_path(s, path, sizeof path);
		snprintf(buf, size, " (%s is \"%s\")", path, nm);
		return;
	}
}

/* Fail about setting `s` (or about its missing child `child`). */
int scen_report(struct loader *ld, const config_setting_t *s, const char *child,
                const char *fmt, ...)
{
	char msg[768], hint[PATH_CAP + 64], path[PATH_CAP], full[PATH_CAP + NAME_CAP];
	const struct prov *pr = scen_prov_of(s);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	scen_setting_path(s, path, sizeof path);
	if (child)
		snprintf(full, sizeof full, "%s%s%s", path, path[0] ? "." : "", child);
	else
		snprintf(full, sizeof full, "%s", path);
	element_hint(s, hint, sizeof hint);
	return scen_fail_at(ld, pr ? pr->file : ld->scen->origin, pr ? pr->line : 0, full,
	                    "%s%s", msg, hint);
}

/* ------------------------------------------------------------ the scen */

struct scen *scen_alloc(const char *origin)
{
	struct scen *sc = calloc(1, sizeof *sc);
	const char *file;

	if (!sc)
		return NULL;
	sc->origin = strdup(origin);
	file = sc->origin ? scen_intern_file(sc, origin) : NULL;
	sc->generated = file ? scen_new_prov(sc, file, 0) : NULL;
	if (!sc->generated) {
		scen_free(sc);
		return NULL;
	}
	return sc;
}

void scen_free(struct scen *scen)
{
	size_t i;

	if (!scen)
		return;
	scen_destroy_config(scen->cfg);
	for (i = 0; i < scen->n_provs; i++)
		free(scen->provs[i]);
	free(scen->provs);
	for (i = 0; i < scen->n_files; i++)
		free(scen->files[i]);
	free(scen->files);
	free(scen->origin);
	free(scen);
}

const config_t *scen_config(const struct scen *scen)
{
	return scen ? scen->cfg : NULL;
}

const char *scen_origin(const struct scen *scen)
{
	return scen ? scen->origin : NULL;
}

void scen_where(const struct scen *scen, const config_setting_t *setting,
                const char **file, int *line)
{
	const struct prov *pr = scen_prov_of(setting);

	*file = pr ? pr->file : scen_origin(scen);
	*line = pr ? pr->line : 0;
}

int scen_error_at(const struct scen *scen, const config_setting_t *setting,
                  struct wk_error *err, const char *fmt, ...)
{
	char raw[sizeof err->message], msg[sizeof err->message], path[PATH_CAP];
	char where[PATH_CAP];
	const char *file;
	int line;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape_controls(raw, msg, sizeof msg);
	scen_where(scen, setting, &file, &line);
	path[0] = '\0';
	if (setting)
		scen_setting_path(setting, path, sizeof path);
	escape_controls(path, where, sizeof where);
	return wk_error_set(err, WK_EXIT_USAGE, file, line, where, "%s", msg);
}

void scen_setting_path(const config_setting_t *setting, char *buf, size_t size)
{
	const config_setting_t *chain[MAX_NESTING];
	const config_setting_t *s;
	size_t n = 0, used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (s = setting; s && config_setting_parent(s) && n < MAX_NESTING;
	     s = config_setting_parent(s))
		chain[n++] = s;
	while (n > 0 && used < size) {
		const config_setting_t *c = chain[--n];
		int parent_type = config_setting_type(config_setting_parent(c));
		const char *dot = used ? "." : "";
		int k;

		if (parent_type == CONFIG_TYPE_LIST || parent_type == CONFIG_TYPE_ARRAY)
			k = snprintf(buf + used, size - used, "%s[%d]", dot,
			             config_setting_index(c));
		else
			k = snprintf(buf + used, size - used, "%s%s", dot,
			             config_setting_name(c) ? config_setting_name(c) : "?");
		if (k < 0)
			return;
		used += (size_t)k;
	}
}
