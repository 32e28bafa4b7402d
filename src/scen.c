/*
 * scen.c — loading a scenario file into a validated, fully resolved libconfig
 * tree (see scen.h for the pipeline and its semantics).
 *
 * Why the loader does so much before libconfig sees the text: libconfig 1.5
 * resolves @include against one fixed folder, forgets which file a line came
 * from, and silently wraps integer literals above 2^31-1. So we expand
 * includes ourselves into one text with a line map (expanded line -> original
 * file and line), scan that text for too-large integers, and only then parse.
 *
 * Invariants:
 *  1. Every setting of every tree the loader builds carries a hook (libconfig's
 *     per-setting void*) pointing at a `struct prov` (original file, line).
 *     The records and the file names they point at belong to the scen and are
 *     freed in scen_free, never by libconfig (no destructor is installed).
 *  2. A config_t never moves after config_init: settings point back at it.
 *  3. Replacing a setting (extends, type normalisation, --set) keeps its
 *     position in its parent, so the effective text keeps the author's order.
 *  4. After scen_load succeeds the tree holds every setting the schema knows
 *     (missing lists stay as their default, usually empty), each with the
 *     libconfig type of its schema type: floats are FLOAT, 64-bit integers
 *     INT64, so that the effective text is canonical and loads back the same.
 *
 * Schema conventions this file relies on (schema.h leaves them open):
 *  - a number entry with min == max == 0 has no range;
 *  - max_count == 0 means "no upper bound" (lists, arrays, string length).
 *
 * Path convention (messages and --set): dot-separated names; an element of a
 * list or array is `[i]`, 0-based: "roles.[2].fte". --set also accepts
 * "roles.2.fte" and, for lists of groups with a `name`, "roles.huisarts.fte".
 */
#include "scen.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Why fixed: buffers for setting paths and messages; scenario paths are a
 * handful of short names. Deeper nesting than this is refused, which also
 * bounds the recursion of includes and extends. */
enum { PATH_CAP = 512, MAX_NESTING = 64, NAME_CAP = 64, LIST_KNOWN_MAX = 12,
       SYNTAX_QUOTE = 60 };

struct prov {
	const char *file;  /* interned in scen->files */
	int line;          /* 0: not from a line (defaults, overrides, root) */
};

struct scen {
	config_t *cfg;
	char *origin;
	char **files;
	size_t n_files, cap_files;
	struct prov **provs;
	size_t n_provs, cap_provs;
	struct prov *generated;  /* defaults and overrides: origin, line 0 */
};

struct line_origin {
	const char *file;
	int line;
};

/* Expanded text line i+1 came from at[i]. */
struct line_map {
	struct line_origin *at;
	size_t n, cap;
};

struct sbuf {
	char *p;
	size_t len, cap;
};

/* The files being expanded (includes) or loaded (extends), innermost first;
 * `real` is the canonical path used to spot cycles, `shown` the name used in
 * messages. */
struct chain {
	const char *real;
	const char *shown;
	const struct chain *up;
};

struct loader {
	struct scen *scen;
	const struct schema *schema;
	struct wk_error *err;
	const char *override_text;  /* the --set being applied, or NULL */
};

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
	       "leak:libconfig_yylex\n";  /* the empty string token "" */
}

/* ---------------------------------------------------------------- memory */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
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

static int sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	void *p = b->p;

	if (grow(&p, &b->cap, b->len + n + 1, 1) < 0)
		return -1;
	b->p = p;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int map_add(struct line_map *m, const char *file, int line)
{
	void *p = m->at;

	if (grow(&p, &m->cap, m->n + 1, sizeof *m->at) < 0)
		return -1;
	m->at = p;
	m->at[m->n].file = file;
	m->at[m->n].line = line;
	m->n++;
	return 0;
}

static struct line_origin map_line(const struct line_map *m, int line, const char *fallback)
{
	struct line_origin o = { fallback, 0 };

	if (!m || m->n == 0 || line < 1)
		return o;
	/* A syntax error at the end of the text reports the line after the last. */
	if ((size_t)line > m->n)
		return m->at[m->n - 1];
	return m->at[line - 1];
}

static const char *intern_file(struct scen *sc, const char *name)
{
	size_t i;
	void *p = sc->files;
	char *copy;

	for (i = 0; i < sc->n_files; i++)
		if (strcmp(sc->files[i], name) == 0)
			return sc->files[i];
	if (grow(&p, &sc->cap_files, sc->n_files + 1, sizeof *sc->files) < 0)
		return NULL;
	sc->files = p;
	copy = strdup(name);
	if (!copy)
		return NULL;
	sc->files[sc->n_files++] = copy;
	return copy;
}

static struct prov *new_prov(struct scen *sc, const char *file, int line)
{
	void *p = sc->provs;
	struct prov *pr;

	if (grow(&p, &sc->cap_provs, sc->n_provs + 1, sizeof *sc->provs) < 0)
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

static void destroy_config(config_t *cfg)
{
	if (!cfg)
		return;
	config_destroy(cfg);
	free(cfg);
}

static config_t *new_config(void)
{
	config_t *cfg = malloc(sizeof *cfg);

	if (!cfg)
		return NULL;
	config_init(cfg);
	config_set_auto_convert(cfg, 1);
	return cfg;
}

/* ---------------------------------------------------------------- errors */

static int oom(struct loader *ld)
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
static int fail_at(struct loader *ld, const char *file, int line, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int fail_at(struct loader *ld, const char *file, int line, const char *path,
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

static const struct prov *prov_of(const config_setting_t *s)
{
	for (; s; s = config_setting_parent(s))
		if (config_setting_get_hook(s))
			return config_setting_get_hook(s);
	return NULL;
}

/* Element name of a group that is a list element: its `name` string. */
static const char *element_name(const config_setting_t *g)
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
		nm = element_name(s);
		if (!nm)
			return;
		scen_setting_path(s, path, sizeof path);
		snprintf(buf, size, " (%s is \"%s\")", path, nm);
		return;
	}
}

/* Fail about setting `s` (or about its missing child `child`). */
static int report(struct loader *ld, const config_setting_t *s, const char *child,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int report(struct loader *ld, const config_setting_t *s, const char *child,
                  const char *fmt, ...)
{
	char msg[768], hint[PATH_CAP + 64], path[PATH_CAP], full[PATH_CAP + NAME_CAP];
	const struct prov *pr = prov_of(s);
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
	return fail_at(ld, pr ? pr->file : ld->scen->origin, pr ? pr->line : 0, full,
	               "%s%s", msg, hint);
}

/* ------------------------------------------------------------ suggestions */

/* Optimal string alignment distance (Levenshtein plus adjacent swaps):
 * "fet" is one step from "fte". Names longer than NAME_CAP are not compared. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row0[NAME_CAP + 1], row1[NAME_CAP + 1], row2[NAME_CAP + 1];
	size_t *prev2 = row0, *prev = row1, *cur = row2, *tmp;

	if (la > NAME_CAP || lb > NAME_CAP)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev[j] + 1;

			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + cost < best)
				best = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
			    && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb];
}

/* Collects candidate names and picks the closest, or lists them all. */
struct suggest {
	const char *word;
	const char *best;
	size_t best_distance;
	const char *names[LIST_KNOWN_MAX];
	size_t n_names;
	size_t n_total;
};

static void suggest_init(struct suggest *sg, const char *word)
{
	memset(sg, 0, sizeof *sg);
	sg->word = word;
	sg->best_distance = SIZE_MAX;
}

/* Close enough to be a typo of `candidate`, not a different word: "ab" is
 * not a typo of "cd". */
static int is_typo(const char *word, const char *candidate, size_t distance)
{
	size_t len = strlen(word), limit = len / 3 > 2 ? len / 3 : 2;
	size_t longer = len > strlen(candidate) ? len : strlen(candidate);

	return distance <= limit && distance < longer;
}

static void suggest_add(struct suggest *sg, const char *name)
{
	size_t d, i;

	for (i = 0; i < sg->n_names; i++)
		if (strcmp(sg->names[i], name) == 0)
			return;
	if (sg->n_names < LIST_KNOWN_MAX)
		sg->names[sg->n_names++] = name;
	sg->n_total++;
	d = edit_distance(sg->word, name);
	if (is_typo(sg->word, name, d) && d < sg->best_distance) {
		sg->best = name;
		sg->best_distance = d;
	}
}

/* "; did you mean 'fte'?" or "; known here: a, b, c" or "". */
static void suggest_text(const struct suggest *sg, const char *known_what, char *buf, size_t size)
{
	size_t i, used;
	int n;

	buf[0] = '\0';
	if (sg->best) {
		snprintf(buf, size, "; did you mean '%s'?", sg->best);
		return;
	}
	if (sg->n_total == 0 || sg->n_total > LIST_KNOWN_MAX)
		return;
	n = snprintf(buf, size, "; %s: ", known_what);
	used = n > 0 && (size_t)n < size ? (size_t)n : 0;
	for (i = 0; i < sg->n_names && used < size; i++) {
		n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", sg->names[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* ------------------------------------------------------------ reading */

static int read_file(struct loader *ld, const char *path, const char *ref_file, int ref_line,
                     const char *what, char **text, size_t *len)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;

	*text = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f) {
		if (ref_file)
			rc = fail_at(ld, ref_file, ref_line, NULL, "cannot open %s '%s': %s",
			             what, path, strerror(errno));
		else
			rc = fail_at(ld, path, 0, NULL, "cannot open scenario: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		size_t got;
		void *p = buf;

		if (grow(&p, &cap, n + 4096 + 1, 1) < 0) {
			rc = oom(ld);
			goto out;
		}
		buf = p;
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > SCEN_MAX_FILE_BYTES) {
			rc = fail_at(ld, path, 0, NULL,
			             "file is larger than %u bytes: not a scenario (a scenario is a "
			             "few kilobytes of text)", SCEN_MAX_FILE_BYTES);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = fail_at(ld, path, 0, NULL, "cannot read scenario: %s", strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	buf = NULL;
out:
	if (f)
		fclose(f);
	free(buf);
	return rc;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

static int check_bytes(struct loader *ld, const char *file, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int line = 1;

	while (i < len) {
		size_t k;

		if (s[i] == '\0')
			return fail_at(ld, file, line, NULL,
			               "NUL byte in the file: a scenario is text, not binary data");
		k = utf8_length(s + i, len - i);
		if (k == 0)
			return fail_at(ld, file, line, NULL,
			               "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", s[i]);
		if (s[i] == '\n')
			line++;
		i += k;
	}
	return 0;
}

/* ------------------------------------------------------------ includes */

/* `name` relative to the folder of `file` (absolute names stay). Caller frees. */
static char *path_beside(const char *file, const char *name)
{
	const char *slash = strrchr(file, '/');
	size_t dir_len, n;
	char *p;

	if (name[0] == '/' || !slash)
		return strdup(name);
	dir_len = (size_t)(slash - file) + 1;
	n = dir_len + strlen(name) + 1;
	p = malloc(n);
	if (!p)
		return NULL;
	memcpy(p, file, dir_len);
	memcpy(p + dir_len, name, strlen(name) + 1);
	return p;
}

/* 1 when the line is `@include "name"` (name at line+*off, *n bytes), 0 when
 * it is not a directive, -1 when it starts like one but is malformed. */
static int parse_include(const char *line, size_t len, size_t *off, size_t *n)
{
	static const char kw[] = "@include";
	size_t i = 0, start;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < sizeof kw - 1 || memcmp(line + i, kw, sizeof kw - 1) != 0)
		return 0;
	i += sizeof kw - 1;
	if (i >= len || (line[i] != ' ' && line[i] != '\t'))
		return -1;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '"')
		return -1;
	start = ++i;
	while (i < len && line[i] != '"')
		i++;
	if (i >= len || i == start)
		return -1;
	*off = start;
	*n = i - start;
	i++;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == len || line[i] == '#' || (line[i] == '/' && i + 1 < len && line[i + 1] == '/'))
		return 1;
	return -1;
}

/* Track whether a line ends inside a block comment, so that an @include
 * inside a comment is left alone, as libconfig would. */
static void update_comment_state(const char *line, size_t len, int *in_block)
{
	size_t i = 0;

	while (i < len) {
		if (*in_block) {
			if (line[i] == '*' && i + 1 < len && line[i + 1] == '/') {
				*in_block = 0;
				i += 2;
			} else {
				i++;
			}
		} else if (line[i] == '"') {
			for (i++; i < len && line[i] != '"'; i++)
				if (line[i] == '\\')
					i++;
			i++;
		} else if (line[i] == '#' || (line[i] == '/' && i + 1 < len && line[i + 1] == '/')) {
			return;
		} else if (line[i] == '/' && i + 1 < len && line[i + 1] == '*') {
			*in_block = 1;
			i += 2;
		} else {
			i++;
		}
	}
}

static int cycle_text(const struct chain *chain, const char *last, char *buf, size_t size)
{
	const char *names[MAX_NESTING];
	size_t n = 0, used = 0;
	const struct chain *c;
	int k;

	for (c = chain; c && n < MAX_NESTING; c = c->up)
		names[n++] = c->shown;
	buf[0] = '\0';
	while (n > 0 && used < size) {
		k = snprintf(buf + used, size - used, "%s -> ", names[--n]);
		if (k < 0)
			return -1;
		used += (size_t)k;
	}
	if (used < size)
		snprintf(buf + used, size - used, "%s", last);
	return 0;
}

static int on_chain(const struct chain *chain, const char *real)
{
	for (; chain; chain = chain->up)
		if (chain->real && strcmp(chain->real, real) == 0)
			return 1;
	return 0;
}

static size_t chain_depth(const struct chain *chain)
{
	size_t n = 0;

	for (; chain; chain = chain->up)
		n++;
	return n;
}

static int expand(struct loader *ld, const char *text, size_t len, const char *shown,
                  const struct chain *chain, int allow_include, struct sbuf *out,
                  struct line_map *map);

static int expand_include(struct loader *ld, const char *shown, int line_no, const char *name,
                          const struct chain *chain, struct sbuf *out, struct line_map *map)
{
	char *joined = NULL, *real = NULL, *text = NULL;
	char cycle[768];
	const char *inc_shown;
	struct chain link;
	size_t len;
	int rc = 0;

	joined = path_beside(shown, name);
	if (!joined) {
		rc = oom(ld);
		goto out;
	}
	real = realpath(joined, NULL);
	if (!real) {
		rc = fail_at(ld, shown, line_no, NULL, "cannot open included file '%s' (%s): %s",
		             name, joined, strerror(errno));
		goto out;
	}
	if (on_chain(chain, real)) {
		cycle_text(chain, joined, cycle, sizeof cycle);
		rc = fail_at(ld, shown, line_no, NULL, "include cycle: %s", cycle);
		goto out;
	}
	if (chain_depth(chain) >= MAX_NESTING) {
		rc = fail_at(ld, shown, line_no, NULL, "includes nested deeper than %d files",
		             MAX_NESTING);
		goto out;
	}
	inc_shown = intern_file(ld->scen, joined);
	if (!inc_shown) {
		rc = oom(ld);
		goto out;
	}
	rc = read_file(ld, joined, shown, line_no, "included file", &text, &len);
	if (rc)
		goto out;
	rc = check_bytes(ld, inc_shown, text, len);
	if (rc)
		goto out;
	link.real = real;
	link.shown = inc_shown;
	link.up = chain;
	rc = expand(ld, text, len, inc_shown, &link, 1, out, map);
out:
	free(joined);
	free(real);
	free(text);
	return rc;
}

/* Append `text` (from file `shown`) to `out`, replacing @include lines by the
 * expanded files they name, and record where every output line came from. */
static int expand(struct loader *ld, const char *text, size_t len, const char *shown,
                  const struct chain *chain, int allow_include, struct sbuf *out,
                  struct line_map *map)
{
	size_t pos = 0, off = 0, n = 0;
	int line_no = 0, in_block = 0, rc;

	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;
		int kind = 0;

		line_no++;
		pos += line_len + (nl ? 1 : 0);
		if (!in_block)
			kind = parse_include(line, line_len, &off, &n);
		if (kind < 0)
			return fail_at(ld, shown, line_no, NULL,
			               "malformed @include: write @include \"file.cfg\" alone on its line");
		if (kind > 0) {
			char name[PATH_CAP];

			if (!allow_include)
				return fail_at(ld, shown, line_no, NULL,
				               "@include is not allowed in scenario text "
				               "(effective scenario text has none)");
			if (n >= sizeof name)
				return fail_at(ld, shown, line_no, NULL, "included file name too long");
			memcpy(name, line + off, n);
			name[n] = '\0';
			rc = expand_include(ld, shown, line_no, name, chain, out, map);
			if (rc)
				return rc;
			continue;
		}
		update_comment_state(line, line_len, &in_block);
		if (sbuf_add(out, line, line_len) < 0 || sbuf_add(out, "\n", 1) < 0
		    || map_add(map, shown, line_no) < 0)
			return oom(ld);
	}
	return 0;
}

/* ------------------------------------------------------------ big integers */

static int is_name_start(int c)
{
	return isalpha(c) || c == '*' || c == '_';
}

static int is_name_char(int c)
{
	return isalnum(c) || c == '*' || c == '_' || c == '-';
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return tolower(c) - 'a' + 10;
}

/* Scan one number starting at t[*pos]; fail when it is an integer that
 * libconfig would wrap. Floats (a '.' or an exponent) are skipped. */
static int scan_number(struct loader *ld, const char *t, size_t len, size_t *pos,
                       struct line_origin where)
{
	size_t i = *pos, start = *pos;
	unsigned long long v = 0, limit;
	int negative = 0, overflow = 0, wide = 0;

	if (t[i] == '-' || t[i] == '+')
		negative = t[i++] == '-';
	if (t[i] == '0' && i + 1 < len && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
		for (i += 2; i < len && isxdigit((unsigned char)t[i]); i++) {
			unsigned d = (unsigned)hex_value((unsigned char)t[i]);

			if (v > (ULLONG_MAX - d) / 16)
				overflow = 1;
			else
				v = v * 16 + d;
		}
	} else {
		for (; i < len && isdigit((unsigned char)t[i]); i++) {
			unsigned d = (unsigned)(t[i] - '0');

			if (v > (ULLONG_MAX - d) / 10)
				overflow = 1;
			else
				v = v * 10 + d;
		}
		if (i < len && (t[i] == '.' || t[i] == 'e' || t[i] == 'E')) {
			while (i < len && (isdigit((unsigned char)t[i]) || t[i] == '.' || t[i] == 'e'
			                   || t[i] == 'E')) {
				if ((t[i] == 'e' || t[i] == 'E') && i + 1 < len
				    && (t[i + 1] == '-' || t[i + 1] == '+'))
					i++;
				i++;
			}
			*pos = i;
			return 0;
		}
	}
	if (i < len && t[i] == 'L') {
		wide = 1;
		i++;
		if (i < len && t[i] == 'L')
			i++;
	}
	*pos = i;
	limit = wide ? (unsigned long long)INT64_MAX : (unsigned long long)INT32_MAX;
	if (negative)
		limit++;
	if (!overflow && v <= limit)
		return 0;
	if (wide)
		return fail_at(ld, where.file, where.line, NULL,
		               "integer %.*s is outside the 64-bit range", (int)(i - start), t + start);
	return fail_at(ld, where.file, where.line, NULL,
	               "integer %.*s is outside the 32-bit range; write it as %.*sL",
	               (int)(i - start), t + start, (int)(i - start), t + start);
}

/* Walk the expanded text as libconfig's scanner would (comments, strings,
 * names, numbers): refuse integers that would wrap, and count the tokens so
 * that a file of only comments is recognised as empty. */
static int scan_tokens(struct loader *ld, const char *t, size_t len, const struct line_map *map,
                       const char *fallback, size_t *n_tokens)
{
	size_t i = 0;
	int line = 1, rc;

	*n_tokens = 0;
	while (i < len) {
		unsigned char c = (unsigned char)t[i];

		if (c == '\n') {
			line++;
			i++;
		} else if (isspace(c)) {
			i++;
		} else if (c == '#' || (c == '/' && i + 1 < len && t[i + 1] == '/')) {
			while (i < len && t[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			for (i += 2; i < len && !(t[i] == '*' && i + 1 < len && t[i + 1] == '/'); i++)
				if (t[i] == '\n')
					line++;
			i += 2;
		} else if (c == '"') {
			for (i++; i < len && t[i] != '"'; i++) {
				if (t[i] == '\\' && i + 1 < len)
					i++;
				if (t[i] == '\n')
					line++;
			}
			i++;
			(*n_tokens)++;
		} else if (is_name_start(c)) {
			while (i < len && is_name_char((unsigned char)t[i]))
				i++;
			(*n_tokens)++;
		} else if (isdigit(c)
		           || ((c == '-' || c == '+') && i + 1 < len
		               && (isdigit((unsigned char)t[i + 1]) || t[i + 1] == '.'))
		           || (c == '.' && i + 1 < len && isdigit((unsigned char)t[i + 1]))) {
			rc = scan_number(ld, t, len, &i, map_line(map, line, fallback));
			if (rc)
				return rc;
			(*n_tokens)++;
		} else {
			i++;
			(*n_tokens)++;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ parsing */

static int attach_prov(struct loader *ld, config_setting_t *s, const struct line_map *map,
                       struct prov *parent)
{
	struct prov *pr = parent;
	unsigned line = config_setting_source_line(s);
	int i, n;

	if (line > 0 && line <= INT_MAX) {
		struct line_origin o = map_line(map, (int)line, parent->file);

		if (o.file != parent->file || o.line != parent->line) {
			pr = new_prov(ld->scen, o.file, o.line);
			if (!pr)
				return oom(ld);
		}
	}
	config_setting_set_hook(s, pr);
	if (!config_setting_is_aggregate(s))
		return 0;
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		int rc = attach_prov(ld, config_setting_get_elem(s, (unsigned)i), map, pr);

		if (rc)
			return rc;
	}
	return 0;
}

/* " near 'days 10;'": the text of line `line` of `text`, trimmed and cut to
 * SYNTAX_QUOTE bytes, so that a syntax error shows what the parser met; ""
 * when the line is blank or past the end (an unclosed group at the end of the
 * file). Control bytes are shown as '?' to keep the message on one line. */
static void quote_line(const char *text, int line, char *buf, size_t size)
{
	const char *p = text, *end;
	size_t n, i;
	char q[SYNTAX_QUOTE + 1];

	buf[0] = '\0';
	if (line < 1)
		return;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - p);
	if (n == 0)
		return;
	if (n > SYNTAX_QUOTE)
		n = SYNTAX_QUOTE;
	for (i = 0; i < n; i++)
		q[i] = iscntrl((unsigned char)p[i]) ? '?' : p[i];
	q[n] = '\0';
	snprintf(buf, size, " near '%s%s'", q, (size_t)(end - p) > n ? "..." : "");
}

/* Parse expanded text into a new config whose settings know their origin. */
static int parse_text(struct loader *ld, const char *text, const struct line_map *map,
                      const char *shown, config_t **out)
{
	config_t *cfg = new_config();
	config_setting_t *root;
	struct prov *root_prov;
	int rc = 0, i, n;

	*out = NULL;
	if (!cfg)
		return oom(ld);
	if (!config_read_string(cfg, text)) {
		struct line_origin o = map_line(map, config_error_line(cfg), shown);
		const char *why = config_error_text(cfg);
		char near[SYNTAX_QUOTE + 16];

		quote_line(text, config_error_line(cfg), near, sizeof near);
		rc = fail_at(ld, o.file, o.line, NULL, "%s%s: expected settings written as "
		             "name = value; (groups { ... }, lists ( ... ), arrays [ ... ])",
		             why ? why : "syntax error", near);
		goto out;
	}
	root = config_root_setting(cfg);
	root_prov = new_prov(ld->scen, shown, 0);
	if (!root_prov) {
		rc = oom(ld);
		goto out;
	}
	config_setting_set_hook(root, root_prov);
	n = config_setting_length(root);
	for (i = 0; i < n; i++) {
		rc = attach_prov(ld, config_setting_get_elem(root, (unsigned)i), map, root_prov);
		if (rc)
			goto out;
	}
	*out = cfg;
	cfg = NULL;
out:
	destroy_config(cfg);
	return rc;
}

/* Steps 2-4 for one scenario text: expand includes, check integers, parse. */
static int parse_scenario_text(struct loader *ld, const char *text, size_t len, const char *shown,
                               const char *real, int allow_include, config_t **out)
{
	struct sbuf expanded = { NULL, 0, 0 };
	struct line_map map = { NULL, 0, 0 };
	struct chain top = { real, shown, NULL };
	size_t n_tokens;
	int rc;

	*out = NULL;
	rc = expand(ld, text, len, shown, &top, allow_include, &expanded, &map);
	if (rc)
		goto out;
	if (!expanded.p && sbuf_add(&expanded, "", 0) < 0) {
		rc = oom(ld);
		goto out;
	}
	rc = scan_tokens(ld, expanded.p, expanded.len, &map, shown, &n_tokens);
	if (rc)
		goto out;
	if (n_tokens == 0) {
		rc = fail_at(ld, shown, 0, NULL, "empty scenario: the file has no settings");
		goto out;
	}
	rc = parse_text(ld, expanded.p, &map, shown, out);
out:
	free(expanded.p);
	free(map.at);
	return rc;
}

/* ------------------------------------------------------------ tree edits */

static config_setting_t *add_child(config_setting_t *parent, const char *name, int type)
{
	return config_setting_add(parent,
	                          config_setting_type(parent) == CONFIG_TYPE_GROUP ? name : NULL,
	                          type);
}

/* Move the last child of `parent` to position `idx`. libconfig 1.5 can only
 * append; its child list is a public array, and look-ups by name scan it, so
 * reordering it is safe. */
static void move_last_to(config_setting_t *parent, unsigned idx)
{
	config_list_t *list = parent->value.list;
	config_setting_t *last;

	if (!list || list->length == 0 || idx >= list->length - 1)
		return;
	last = list->elements[list->length - 1];
	memmove(&list->elements[idx + 1], &list->elements[idx],
	        (list->length - 1 - idx) * sizeof *list->elements);
	list->elements[idx] = last;
}

static int copy_scalar(config_setting_t *dst, const config_setting_t *src)
{
	int ok = CONFIG_FALSE;

	switch (config_setting_type(src)) {
	case CONFIG_TYPE_INT:
		ok = config_setting_set_int(dst, config_setting_get_int(src));
		break;
	case CONFIG_TYPE_INT64:
		ok = config_setting_set_int64(dst, config_setting_get_int64(src));
		break;
	case CONFIG_TYPE_FLOAT:
		ok = config_setting_set_float(dst, config_setting_get_float(src));
		break;
	case CONFIG_TYPE_BOOL:
		ok = config_setting_set_bool(dst, config_setting_get_bool(src));
		break;
	case CONFIG_TYPE_STRING:
		ok = config_setting_set_string(dst, config_setting_get_string(src));
		break;
	default:
		break;
	}
	if (ok)
		config_setting_set_format(dst, config_setting_get_format(src));
	return ok ? 0 : -1;
}

/* Deep copy of `src` as a new child of `dst_parent`. Every copied setting
 * gets `hook` when it is not NULL, else the hook of its source. */
static config_setting_t *copy_setting(config_setting_t *dst_parent, const char *name,
                                      const config_setting_t *src, void *hook)
{
	config_setting_t *dst = add_child(dst_parent, name, config_setting_type(src));
	int i, n;

	if (!dst)
		return NULL;
	config_setting_set_hook(dst, hook ? hook : config_setting_get_hook(src));
	if (!config_setting_is_aggregate(src))
		return copy_scalar(dst, src) == 0 ? dst : NULL;
	n = config_setting_length(src);
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);

		if (!copy_setting(dst, config_setting_name(e), e, hook))
			return NULL;
	}
	return dst;
}

/* Replace `old`, at the same position and under the same name, by a copy of
 * `src` (origin `hook`, or src's own when NULL) or, when src is NULL, by a
 * new empty setting of `type` that keeps old's origin. */
static config_setting_t *replace_in_place(config_setting_t *old, const config_setting_t *src,
                                          int type, void *hook)
{
	config_setting_t *parent = config_setting_parent(old), *dst;
	void *old_hook = config_setting_get_hook(old);
	int idx = config_setting_index(old);
	char *name = NULL;

	if (idx < 0)
		return NULL;
	if (config_setting_name(old)) {
		name = strdup(config_setting_name(old));
		if (!name)
			return NULL;
	}
	config_setting_remove_elem(parent, (unsigned)idx);
	if (src) {
		dst = copy_setting(parent, name, src, hook);
	} else {
		dst = add_child(parent, name, type);
		if (dst)
			config_setting_set_hook(dst, old_hook);
	}
	if (dst)
		move_last_to(parent, (unsigned)idx);
	free(name);
	return dst;
}

static config_setting_t *replace_by_copy(config_setting_t *old, const config_setting_t *src,
                                         void *hook)
{
	return replace_in_place(old, src, 0, hook);
}

static config_setting_t *replace_by_type(config_setting_t *old, int type)
{
	return replace_in_place(old, NULL, type, NULL);
}

/* ------------------------------------------------------------ extends */

static int is_named_list(const config_setting_t *l)
{
	int i, n = config_setting_length(l);

	for (i = 0; i < n; i++)
		if (!element_name(config_setting_get_elem(l, (unsigned)i)))
			return 0;
	return 1;
}

static config_setting_t *find_named(const config_setting_t *l, const char *name)
{
	int i, n = config_setting_length(l);

	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
		const char *nm = element_name(e);

		if (nm && strcmp(nm, name) == 0)
			return e;
	}
	return NULL;
}

static int merge_group(struct loader *ld, config_setting_t *dst, const config_setting_t *src);

/* Named elements merge by name, new names are appended in their order. */
static int merge_named_list(struct loader *ld, config_setting_t *dst, const config_setting_t *src)
{
	int i, n = config_setting_length(src), rc;

	for (i = 0; i < n; i++) {
		const config_setting_t *se = config_setting_get_elem(src, (unsigned)i);
		config_setting_t *de = find_named(dst, element_name(se));

		if (de) {
			rc = merge_group(ld, de, se);
			if (rc)
				return rc;
		} else if (!copy_setting(dst, NULL, se, NULL)) {
			return oom(ld);
		}
	}
	config_setting_set_hook(dst, config_setting_get_hook(src));
	return 0;
}

/* Merge `src` over `dst`: the overriding setting's value and origin win. */
static int merge_group(struct loader *ld, config_setting_t *dst, const config_setting_t *src)
{
	int i, n = config_setting_length(src), rc;

	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(src, (unsigned)i);
		const char *name = config_setting_name(s);
		config_setting_t *d = config_setting_get_member(dst, name);
		int ts = config_setting_type(s), td = d ? config_setting_type(d) : CONFIG_TYPE_NONE;

		if (!d) {
			if (!copy_setting(dst, name, s, NULL))
				return oom(ld);
		} else if (ts == CONFIG_TYPE_GROUP && td == CONFIG_TYPE_GROUP) {
			rc = merge_group(ld, d, s);
			if (rc)
				return rc;
		} else if (ts == CONFIG_TYPE_LIST && td == CONFIG_TYPE_LIST
		           && config_setting_length(s) > 0 && is_named_list(s) && is_named_list(d)) {
			/* An empty overriding list replaces: that is how a scenario
			 * says "none of the base's elements". */
			rc = merge_named_list(ld, d, s);
			if (rc)
				return rc;
		} else if (!replace_by_copy(d, s, NULL)) {
			return oom(ld);
		}
	}
	config_setting_set_hook(dst, config_setting_get_hook(src));
	return 0;
}

static int load_scenario_file(struct loader *ld, const char *path, const char *ref_file,
                              int ref_line, const struct chain *extends_chain, config_t **out);

/* Step 5: when the tree has `extends`, load the base and merge cfg over it;
 * *cfg becomes the merged tree. */
static int apply_extends(struct loader *ld, config_t **cfg, const char *shown, const char *real,
                         const struct chain *extends_chain)
{
	config_setting_t *root = config_root_setting(*cfg);
	config_setting_t *ext = config_setting_get_member(root, "extends");
	const struct prov *pr;
	config_t *base = NULL;
	char *base_path = NULL, *base_real = NULL;
	char cycle[768];
	struct chain link = { real, shown, extends_chain };
	int rc = 0;

	if (!ext)
		return 0;
	pr = prov_of(ext);
	if (config_setting_type(ext) != CONFIG_TYPE_STRING || !config_setting_get_string(ext)[0])
		return report(ld, ext, NULL, "expected the file name of a base scenario, "
		              "e.g. extends = \"base.cfg\";");
	base_path = path_beside(pr->file, config_setting_get_string(ext));
	if (!base_path) {
		rc = oom(ld);
		goto out;
	}
	base_real = realpath(base_path, NULL);
	if (!base_real) {
		rc = fail_at(ld, pr->file, pr->line, "extends", "cannot open base scenario '%s' (%s): %s",
		             config_setting_get_string(ext), base_path, strerror(errno));
		goto out;
	}
	if (on_chain(&link, base_real)) {
		cycle_text(&link, base_path, cycle, sizeof cycle);
		rc = fail_at(ld, pr->file, pr->line, "extends", "extends cycle: %s", cycle);
		goto out;
	}
	if (chain_depth(&link) >= MAX_NESTING) {
		rc = fail_at(ld, pr->file, pr->line, "extends", "extends nested deeper than %d files",
		             MAX_NESTING);
		goto out;
	}
	rc = load_scenario_file(ld, base_path, pr->file, pr->line, &link, &base);
	if (rc)
		goto out;
	config_setting_remove(root, "extends");
	rc = merge_group(ld, config_root_setting(base), root);
	if (rc)
		goto out;
	destroy_config(*cfg);
	*cfg = base;
	base = NULL;
out:
	destroy_config(base);
	free(base_path);
	free(base_real);
	return rc;
}

static int load_scenario_file(struct loader *ld, const char *path, const char *ref_file,
                              int ref_line, const struct chain *extends_chain, config_t **out)
{
	char *text = NULL, *real = NULL;
	const char *shown;
	config_t *cfg = NULL;
	size_t len;
	int rc;

	*out = NULL;
	shown = intern_file(ld->scen, path);
	if (!shown)
		return oom(ld);
	rc = read_file(ld, path, ref_file, ref_line, "base scenario", &text, &len);
	if (rc)
		goto out;
	real = realpath(path, NULL);
	rc = check_bytes(ld, shown, text, len);
	if (rc)
		goto out;
	rc = parse_scenario_text(ld, text, len, shown, real, 1, &cfg);
	if (rc)
		goto out;
	rc = apply_extends(ld, &cfg, shown, real, extends_chain);
	if (rc)
		goto out;
	*out = cfg;
	cfg = NULL;
out:
	destroy_config(cfg);
	free(text);
	free(real);
	return rc;
}

/* ------------------------------------------------------------ schema checks */

static int has_range(const struct schema_entry *e)
{
	return !(e->min == 0 && e->max == 0) && e->min <= e->max;
}

static void format_number(char *buf, size_t size, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.15g", v);
}

static void format_range(const struct schema_entry *e, char *buf, size_t size)
{
	char lo[64], hi[64];

	buf[0] = '\0';
	if (!has_range(e))
		return;
	format_number(lo, sizeof lo, e->min);
	format_number(hi, sizeof hi, e->max);
	snprintf(buf, size, " between %s and %s", lo, hi);
}

static void format_count(const struct schema_entry *e, const char *unit, char *buf, size_t size)
{
	buf[0] = '\0';
	if (e->max_count == 0 && e->min_count == 0)
		return;
	if (e->max_count == 0)
		snprintf(buf, size, " with at least %zu %s%s", e->min_count, unit,
		         e->min_count == 1 ? "" : "s");
	else if (e->min_count == e->max_count)
		snprintf(buf, size, " with exactly %zu %s%s", e->min_count, unit,
		         e->min_count == 1 ? "" : "s");
	else
		snprintf(buf, size, " with %zu to %zu %ss", e->min_count, e->max_count, unit);
}

/* What a setting must be, e.g. "a float between 0 and 1"; without the
 * article ("float between 0 and 1") when `article` is 0. */
static void describe(const struct schema_entry *e, int article, char *buf, size_t size)
{
	char core[512], range[160], count[96];
	const char *choices_pre = e->choices ? ", one of " : "";
	const char *choices = e->choices ? e->choices : "";

	format_range(e, range, sizeof range);
	switch (e->type) {
	case SCHEMA_INT:
		snprintf(core, sizeof core, "integer%s", range);
		break;
	case SCHEMA_INT64:
		snprintf(core, sizeof core, "integer (64-bit)%s", range);
		break;
	case SCHEMA_FLOAT:
		snprintf(core, sizeof core, "float%s", range);
		break;
	case SCHEMA_BOOL:
		snprintf(core, sizeof core, "boolean (true or false)");
		break;
	case SCHEMA_STRING:
		format_count(e, "character", count, sizeof count);
		snprintf(core, sizeof core, "string%s%s%s", count, choices_pre, choices);
		break;
	case SCHEMA_GROUP:
		snprintf(core, sizeof core, "group { ... }");
		break;
	case SCHEMA_LIST:
		format_count(e, "element", count, sizeof count);
		snprintf(core, sizeof core, "list of groups ( { ... }, ... )%s", count);
		break;
	case SCHEMA_FLOAT_ARRAY:
	case SCHEMA_INT_ARRAY:
		format_count(e, "element", count, sizeof count);
		snprintf(core, sizeof core, "array [ ... ] of %s%s%s",
		         e->type == SCHEMA_FLOAT_ARRAY ? "floats" : "integers", range, count);
		break;
	case SCHEMA_STRING_ARRAY:
		format_count(e, "element", count, sizeof count);
		snprintf(core, sizeof core, "array [ ... ] of strings%s%s%s%s",
		         e->choices ? " (each one of " : "", choices, e->choices ? ")" : "", count);
		break;
	default:
		snprintf(core, sizeof core, "%s", schema_type_name(e->type));
		break;
	}
	if (!article)
		snprintf(buf, size, "%s", core);
	else
		snprintf(buf, size, "%s %s", strchr("aeiou", core[0]) ? "an" : "a", core);
}

/* What one element of an array entry must be, e.g. "a float between 0 and 1". */
static void describe_element(const struct schema_entry *e, char *buf, size_t size)
{
	char range[160];

	format_range(e, range, sizeof range);
	if (e->type == SCHEMA_STRING_ARRAY)
		snprintf(buf, size, "a string%s%s", e->choices ? ", one of " : "",
		         e->choices ? e->choices : "");
	else
		snprintf(buf, size, "%s%s", e->type == SCHEMA_INT_ARRAY ? "an integer" : "a float",
		         range);
}

/* What the file has, e.g. "\"abc\" (string)". */
static void describe_value(const config_setting_t *s, char *buf, size_t size)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		snprintf(buf, size, "%d (integer)", config_setting_get_int(s));
		break;
	case CONFIG_TYPE_INT64:
		snprintf(buf, size, "%lldL (64-bit integer)", config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		snprintf(buf, size, "%.15g (float)", config_setting_get_float(s));
		break;
	case CONFIG_TYPE_BOOL:
		snprintf(buf, size, "%s (boolean)", config_setting_get_bool(s) ? "true" : "false");
		break;
	case CONFIG_TYPE_STRING:
		snprintf(buf, size, "\"%.60s%s\" (string)", config_setting_get_string(s),
		         strlen(config_setting_get_string(s)) > 60 ? "..." : "");
		break;
	case CONFIG_TYPE_GROUP:
		snprintf(buf, size, "a group { ... }");
		break;
	case CONFIG_TYPE_LIST:
		snprintf(buf, size, "a list ( ... ) of %d elements", config_setting_length(s));
		break;
	case CONFIG_TYPE_ARRAY:
		snprintf(buf, size, "an array [ ... ] of %d elements", config_setting_length(s));
		break;
	default:
		snprintf(buf, size, "nothing");
		break;
	}
}

static int is_array_entry(const struct schema_entry *e)
{
	return e->type == SCHEMA_FLOAT_ARRAY || e->type == SCHEMA_INT_ARRAY
	       || e->type == SCHEMA_STRING_ARRAY;
}

/* `s` is the setting of entry `e` or, for array entries, one element. */
static int type_error(struct loader *ld, const config_setting_t *s, const struct schema_entry *e)
{
	char want[600], got[128];
	const config_setting_t *parent = config_setting_parent(s);

	if (is_array_entry(e) && parent && config_setting_type(parent) == CONFIG_TYPE_ARRAY)
		describe_element(e, want, sizeof want);
	else
		describe(e, 1, want, sizeof want);
	describe_value(s, got, sizeof got);
	return report(ld, s, NULL, "expected %s, got %s", want, got);
}

static int count_ok(const struct schema_entry *e, size_t n)
{
	return n >= e->min_count && (e->max_count == 0 || n <= e->max_count);
}

static int count_error(struct loader *ld, const config_setting_t *s, const struct schema_entry *e,
                       size_t n, const char *unit)
{
	if (n < e->min_count)
		return report(ld, s, NULL, "expected at least %zu %s%s, got %zu", e->min_count, unit,
		              e->min_count == 1 ? "" : "s", n);
	return report(ld, s, NULL, "expected at most %zu %s%s, got %zu", e->max_count, unit,
	              e->max_count == 1 ? "" : "s", n);
}

/* Numeric value of a number setting. */
static int number_value(const config_setting_t *s, double *v, long long *iv, int *is_int)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		*iv = config_setting_get_int(s);
		*v = (double)*iv;
		*is_int = 1;
		return 0;
	case CONFIG_TYPE_INT64:
		*iv = config_setting_get_int64(s);
		*v = (double)*iv;
		*is_int = 1;
		return 0;
	case CONFIG_TYPE_FLOAT:
		*v = config_setting_get_float(s);
		*iv = 0;
		*is_int = 0;
		return 0;
	default:
		return -1;
	}
}

/* Check one number (a scalar or an array element) against entry `e`.
 * `want_int`: an integer is required (SCHEMA_INT, SCHEMA_INT64, int arrays);
 * `bits32`: it must fit in 32 bits. */
static int check_number(struct loader *ld, const config_setting_t *s, const struct schema_entry *e,
                        int want_int, int bits32)
{
	char want[600], got[64];
	long long iv;
	double v;
	int is_int;

	if (number_value(s, &v, &iv, &is_int) < 0 || (want_int && !is_int))
		return type_error(ld, s, e);
	if (!isfinite(v))
		return report(ld, s, NULL, "value %g is not a finite number", v);
	if (is_int)
		snprintf(got, sizeof got, "%lld", iv);
	else
		snprintf(got, sizeof got, "%.15g", v);
	if ((has_range(e) && (v < e->min || v > e->max))
	    || (bits32 && (iv < INT_MIN || iv > INT_MAX))) {
		if (is_array_entry(e))
			describe_element(e, want, sizeof want);
		else
			describe(e, 1, want, sizeof want);
		if (!has_range(e))
			return report(ld, s, NULL, "value %s does not fit in a 32-bit integer", got);
		return report(ld, s, NULL, "value %s is out of range: expected %s", got, want);
	}
	return 0;
}

static int check_choice(struct loader *ld, const config_setting_t *s, const struct schema_entry *e)
{
	const char *v = config_setting_get_string(s), *c = e->choices, *best = NULL;
	char word[NAME_CAP + 1], hint[NAME_CAP + 32];
	size_t best_len = 0, best_distance = SIZE_MAX;

	if (!c)
		return 0;
	while (*c) {
		const char *bar = strchr(c, '|');
		size_t n = bar ? (size_t)(bar - c) : strlen(c), d;

		if (strlen(v) == n && memcmp(v, c, n) == 0)
			return 0;
		if (n <= NAME_CAP) {
			memcpy(word, c, n);
			word[n] = '\0';
			d = edit_distance(v, word);
			if (is_typo(v, word, d) && d < best_distance) {
				best = c;
				best_len = n;
				best_distance = d;
			}
		}
		c = bar ? bar + 1 : c + n;
	}
	hint[0] = '\0';
	if (best)
		snprintf(hint, sizeof hint, "; did you mean '%.*s'?", (int)best_len, best);
	return report(ld, s, NULL, "expected one of %s, got '%s'%s", e->choices, v, hint);
}

/* Strings are names, labels and one-paragraph descriptions: printable text.
 * A control character (a line break written as "\n", or a raw one inside
 * quotes) would break the one-line messages and the labels in result files. */
static int check_text(struct loader *ld, const config_setting_t *s)
{
	const unsigned char *p = (const unsigned char *)config_setting_get_string(s);

	for (; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return report(ld, s, NULL, "the string holds a control character (byte 0x%02X): "
			              "expected printable text on one line", *p);
	return 0;
}

static int check_string(struct loader *ld, const config_setting_t *s, const struct schema_entry *e)
{
	size_t n;
	int rc;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return type_error(ld, s, e);
	if ((rc = check_text(ld, s)))
		return rc;
	n = strlen(config_setting_get_string(s));
	if (e->type == SCHEMA_STRING && !count_ok(e, n))
		return count_error(ld, s, e, n, "character");
	return check_choice(ld, s, e);
}

static int check_group(struct loader *ld, config_setting_t *g, const char *spath, int fill);

/* Scalars of the wrong libconfig type for their schema type are replaced
 * in place (invariant 4). */
static int normalise_scalar(struct loader *ld, config_setting_t *s, int type)
{
	config_setting_t *d;
	long long iv;
	double v;
	int is_int;

	if (config_setting_type(s) == type)
		return 0;
	if (number_value(s, &v, &iv, &is_int) < 0)
		return 0;
	d = replace_by_type(s, type);
	if (!d)
		return oom(ld);
	if (type == CONFIG_TYPE_FLOAT)
		config_setting_set_float(d, v);
	else if (type == CONFIG_TYPE_INT64)
		config_setting_set_int64(d, iv);
	else
		config_setting_set_int(d, (int)iv);
	return 0;
}

/* libconfig arrays hold one element type, so a float array written with
 * integers is rebuilt whole. */
static int normalise_array(struct loader *ld, config_setting_t *a, int type)
{
	int i, n = config_setting_length(a), rc = 0, needed = 0;
	double *vals = NULL;
	config_setting_t *d;
	void *hook = config_setting_get_hook(a);

	for (i = 0; i < n; i++)
		if (config_setting_type(config_setting_get_elem(a, (unsigned)i)) != type)
			needed = 1;
	if (!needed)
		return 0;
	vals = calloc((size_t)n, sizeof *vals);
	if (!vals)
		return oom(ld);
	for (i = 0; i < n; i++) {
		long long iv;
		int is_int;

		number_value(config_setting_get_elem(a, (unsigned)i), &vals[i], &iv, &is_int);
	}
	d = replace_by_type(a, CONFIG_TYPE_ARRAY);
	if (!d) {
		rc = oom(ld);
		goto out;
	}
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_add(d, NULL, type);

		if (!e) {
			rc = oom(ld);
			goto out;
		}
		config_setting_set_hook(e, hook);
		if (type == CONFIG_TYPE_FLOAT)
			config_setting_set_float(e, vals[i]);
		else
			config_setting_set_int(e, (int)vals[i]);
	}
out:
	free(vals);
	return rc;
}

static int check_array(struct loader *ld, config_setting_t *s, const struct schema_entry *e)
{
	int i, n, rc;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY)
		return type_error(ld, s, e);
	n = config_setting_length(s);
	if (!count_ok(e, (size_t)n))
		return count_error(ld, s, e, (size_t)n, "element");
	for (i = 0; i < n; i++) {
		const config_setting_t *el = config_setting_get_elem(s, (unsigned)i);

		if (e->type == SCHEMA_STRING_ARRAY)
			rc = config_setting_type(el) != CONFIG_TYPE_STRING ? type_error(ld, el, e)
			     : check_text(ld, el) ? ld->err->status : check_choice(ld, el, e);
		else
			rc = check_number(ld, el, e, e->type == SCHEMA_INT_ARRAY, e->type == SCHEMA_INT_ARRAY);
		if (rc)
			return rc;
	}
	if (e->type == SCHEMA_FLOAT_ARRAY)
		return normalise_array(ld, s, CONFIG_TYPE_FLOAT);
	if (e->type == SCHEMA_INT_ARRAY)
		return normalise_array(ld, s, CONFIG_TYPE_INT);
	return 0;
}

static int check_list(struct loader *ld, config_setting_t *s, const struct schema_entry *e,
                      const char *spath, int fill)
{
	char elem_path[PATH_CAP];
	int i, n, rc;

	if (config_setting_type(s) != CONFIG_TYPE_LIST)
		return type_error(ld, s, e);
	n = config_setting_length(s);
	if (!count_ok(e, (size_t)n))
		return count_error(ld, s, e, (size_t)n, "element");
	snprintf(elem_path, sizeof elem_path, "%s.[]", spath);
	for (i = 0; i < n; i++) {
		config_setting_t *el = config_setting_get_elem(s, (unsigned)i);
		char got[128];

		if (config_setting_type(el) != CONFIG_TYPE_GROUP) {
			describe_value(el, got, sizeof got);
			return report(ld, el, NULL, "expected a group { ... } as list element, got %s", got);
		}
		rc = check_group(ld, el, elem_path, fill);
		if (rc)
			return rc;
	}
	return 0;
}

/* Check setting `s` against its entry; `fill`: also fill missing defaults. */
static int check_setting(struct loader *ld, config_setting_t *s, const struct schema_entry *e,
                         int fill)
{
	int rc;

	switch (e->type) {
	case SCHEMA_INT:
		rc = check_number(ld, s, e, 1, 1);
		return rc ? rc : normalise_scalar(ld, s, CONFIG_TYPE_INT);
	case SCHEMA_INT64:
		rc = check_number(ld, s, e, 1, 0);
		return rc ? rc : normalise_scalar(ld, s, CONFIG_TYPE_INT64);
	case SCHEMA_FLOAT:
		rc = check_number(ld, s, e, 0, 0);
		return rc ? rc : normalise_scalar(ld, s, CONFIG_TYPE_FLOAT);
	case SCHEMA_BOOL:
		return config_setting_type(s) == CONFIG_TYPE_BOOL ? 0 : type_error(ld, s, e);
	case SCHEMA_STRING:
		return check_string(ld, s, e);
	case SCHEMA_GROUP:
		if (config_setting_type(s) != CONFIG_TYPE_GROUP)
			return type_error(ld, s, e);
		return check_group(ld, s, e->path, fill);
	case SCHEMA_LIST:
		return check_list(ld, s, e, e->path, fill);
	case SCHEMA_FLOAT_ARRAY:
	case SCHEMA_INT_ARRAY:
	case SCHEMA_STRING_ARRAY:
		return check_array(ld, s, e);
	}
	return type_error(ld, s, e);
}

/* The last component of `path` when `path` is a direct child of schema path
 * `parent` ("" for the top level), else NULL. List element entries ("[]")
 * are not settings of their own. */
static const char *child_name(const char *path, const char *parent)
{
	size_t n = strlen(parent);
	const char *rest;

	if (n == 0)
		rest = path;
	else if (strncmp(path, parent, n) == 0 && path[n] == '.')
		rest = path + n + 1;
	else
		return NULL;
	if (strchr(rest, '.') || strcmp(rest, "[]") == 0 || !rest[0])
		return NULL;
	return rest;
}

/* The first required setting below group `spath` (through groups that have
 * no default), or NULL when the group can be created from defaults alone. */
static const struct schema_entry *required_inside(const struct schema *schema, const char *spath)
{
	size_t i;

	for (i = 0; i < schema->count; i++) {
		const struct schema_entry *e = &schema->entries[i], *r;

		if (!child_name(e->path, spath) || e->default_value)
			continue;
		if (e->type != SCHEMA_GROUP)
			return e;
		r = required_inside(schema, e->path);
		if (r)
			return r;
	}
	return NULL;
}

static int unknown_setting(struct loader *ld, const config_setting_t *m, const char *spath)
{
	const char *name = config_setting_name(m);
	char hint[512];
	struct suggest sg;
	size_t i;

	if (!name)
		return report(ld, m, NULL, "unexpected unnamed setting");
	suggest_init(&sg, name);
	for (i = 0; i < ld->schema->count; i++) {
		const char *nm = child_name(ld->schema->entries[i].path, spath);

		if (nm)
			suggest_add(&sg, nm);
	}
	suggest_text(&sg, "known settings here", hint, sizeof hint);
	if (!hint[0])
		snprintf(hint, sizeof hint, "; 'wijksim settings' lists them all");
	return report(ld, m, NULL, "unknown setting '%s'%s", name, hint);
}

/* Add the default of entry `e` as `name` in `g`. */
static int add_default(struct loader *ld, config_setting_t *g, const char *name,
                       const struct schema_entry *e, config_setting_t **out)
{
	config_t *tmp = new_config();
	char *text = NULL;
	size_t n;
	int rc = 0;
	const config_setting_t *v;

	*out = NULL;
	if (!tmp)
		return oom(ld);
	n = strlen(e->default_value) + 16;
	text = malloc(n);
	if (!text) {
		rc = oom(ld);
		goto out;
	}
	snprintf(text, n, "v = %s;", e->default_value);
	if (!config_read_string(tmp, text)
	    || config_setting_length(config_root_setting(tmp)) != 1
	    || !(v = config_setting_get_member(config_root_setting(tmp), "v"))) {
		rc = wk_error_set(ld->err, WK_EXIT_RUNTIME, NULL, 0, e->path,
		                  "internal: the schema default '%s' is not a libconfig value",
		                  e->default_value);
		goto out;
	}
	*out = copy_setting(g, name, v, ld->scen->generated);
	if (!*out)
		rc = oom(ld);
out:
	free(text);
	destroy_config(tmp);
	return rc;
}

/* Step 7 for one group: add what is missing, or fail on required settings. */
static int fill_group(struct loader *ld, config_setting_t *g, const char *spath)
{
	size_t i;
	int rc;

	for (i = 0; i < ld->schema->count; i++) {
		const struct schema_entry *e = &ld->schema->entries[i];
		const char *name = child_name(e->path, spath);
		config_setting_t *added = NULL;
		char want[600];

		if (!name || config_setting_get_member(g, name))
			continue;
		if (e->default_value) {
			rc = add_default(ld, g, name, e, &added);
			if (rc)
				return rc;
		} else if (e->type == SCHEMA_GROUP && !required_inside(ld->schema, e->path)) {
			added = config_setting_add(g, name, CONFIG_TYPE_GROUP);
			if (!added)
				return oom(ld);
			config_setting_set_hook(added, ld->scen->generated);
		} else if (e->type == SCHEMA_GROUP) {
			return report(ld, g, name, "missing required setting '%s' (group: %s; it must "
			              "contain at least '%s')", name, e->meaning ? e->meaning : "",
			              required_inside(ld->schema, e->path)->path);
		} else {
			describe(e, 0, want, sizeof want);
			return report(ld, g, name, "missing required setting '%s' (%s: %s)", name, want,
			              e->meaning ? e->meaning : "");
		}
		rc = check_setting(ld, added, e, 1);
		if (rc)
			return rc;
	}
	return 0;
}

/* Steps 6 (and 7 with `fill`) for a group whose schema path is `spath`. */
static int check_group(struct loader *ld, config_setting_t *g, const char *spath, int fill)
{
	char child_path[PATH_CAP];
	int i, n = config_setting_length(g), rc;

	for (i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		const struct schema_entry *e;

		if (!name)
			return unknown_setting(ld, m, spath);
		if ((size_t)snprintf(child_path, sizeof child_path, "%s%s%s", spath,
		                     spath[0] ? "." : "", name) >= sizeof child_path)
			return report(ld, m, NULL, "setting path too long");
		e = schema_find(ld->schema, child_path);
		if (!e)
			return unknown_setting(ld, m, spath);
		rc = check_setting(ld, m, e, fill);
		if (rc)
			return rc;
	}
	return fill ? fill_group(ld, g, spath) : 0;
}

/* ------------------------------------------------------------ --set */

/* "[2]" or "2": an element index. */
static int parse_index(const char *comp, long *idx)
{
	size_t len = strlen(comp);
	const char *digits = comp;
	char *end = NULL;

	if (len > 2 && comp[0] == '[' && comp[len - 1] == ']')
		digits = comp + 1;
	else if (comp[0] == '[')
		return 0;
	if (!isdigit((unsigned char)digits[0]))
		return 0;
	errno = 0;
	*idx = strtol(digits, &end, 10);
	if (errno)
		return 0;
	return digits == comp ? *end == '\0' : end == comp + len - 1;
}

/* Resolve an override path in the tree; `spath` gets the schema path. */
static int resolve_override_path(struct loader *ld, const char *path, config_setting_t **out,
                                 char *spath, size_t spath_size)
{
	config_setting_t *cur = config_root_setting(ld->scen->cfg);
	char copy[PATH_CAP], shown[PATH_CAP], hint[512];
	char *comp, *save = NULL;
	size_t used = 0;

	if (strlen(path) >= sizeof copy)
		return fail_at(ld, "--set", 0, NULL, "setting path too long");
	memcpy(copy, path, strlen(path) + 1);
	spath[0] = '\0';
	for (comp = strtok_r(copy, ".", &save); comp; comp = strtok_r(NULL, ".", &save)) {
		int type = config_setting_type(cur);
		config_setting_t *next = NULL;
		struct suggest sg;
		int i, n = config_setting_length(cur);

		scen_setting_path(cur, shown, sizeof shown);
		if (type == CONFIG_TYPE_GROUP) {
			next = config_setting_get_member(cur, comp);
			if (!next) {
				suggest_init(&sg, comp);
				for (i = 0; i < n; i++)
					suggest_add(&sg, config_setting_name(config_setting_get_elem(cur, (unsigned)i)));
				suggest_text(&sg, "known settings here", hint, sizeof hint);
				return fail_at(ld, "--set", 0, shown, "unknown setting '%s'%s", comp, hint);
			}
			used += (size_t)snprintf(spath + used, spath_size - used, "%s%s",
			                         used ? "." : "", comp);
		} else if (type == CONFIG_TYPE_LIST) {
			long idx;

			if (parse_index(comp, &idx)) {
				if (idx < 0 || idx >= n)
					return fail_at(ld, "--set", 0, shown,
					               "no element %ld: the list has %d elements (0 to %d)",
					               idx, n, n - 1);
				next = config_setting_get_elem(cur, (unsigned)idx);
			} else {
				next = find_named(cur, comp);
				if (!next) {
					suggest_init(&sg, comp);
					for (i = 0; i < n; i++) {
						const char *nm = element_name(config_setting_get_elem(cur, (unsigned)i));

						if (nm)
							suggest_add(&sg, nm);
					}
					suggest_text(&sg, "names", hint, sizeof hint);
					return fail_at(ld, "--set", 0, shown, "no element named '%s'%s", comp, hint);
				}
			}
			used += (size_t)snprintf(spath + used, spath_size - used, ".[]");
		} else if (type == CONFIG_TYPE_ARRAY) {
			return fail_at(ld, "--set", 0, shown,
			               "set an array whole, e.g. %s=[1.0, 2.0]", shown);
		} else {
			return fail_at(ld, "--set", 0, shown, "'%s' is a single value with no settings "
			               "inside", shown);
		}
		if (used >= spath_size)
			return fail_at(ld, "--set", 0, NULL, "setting path too long");
		cur = next;
	}
	if (config_setting_is_root(cur))
		return fail_at(ld, "--set", 0, NULL, "empty setting path");
	*out = cur;
	return 0;
}

static int looks_like_plain_integer(const char *v)
{
	size_t i = 0;

	if (v[i] == '-' || v[i] == '+')
		i++;
	if (v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
		for (i += 2; isxdigit((unsigned char)v[i]); i++)
			;
	} else {
		if (!isdigit((unsigned char)v[i]))
			return 0;
		while (isdigit((unsigned char)v[i]))
			i++;
	}
	return v[i] == '\0';
}

/* The value as libconfig text "v = ...;": bare text for a string is quoted,
 * a plain integer for a 64-bit setting gets its L. */
static char *override_literal(const char *value, const struct schema_entry *e)
{
	struct sbuf b = { NULL, 0, 0 };
	const char *p;
	int ok = sbuf_add(&b, "v = ", 4) == 0;

	if (e && e->type == SCHEMA_STRING && value[0] != '"') {
		ok = ok && sbuf_add(&b, "\"", 1) == 0;
		for (p = value; ok && *p; p++) {
			if (*p == '"' || *p == '\\')
				ok = sbuf_add(&b, "\\", 1) == 0;
			ok = ok && sbuf_add(&b, p, 1) == 0;
		}
		ok = ok && sbuf_add(&b, "\"", 1) == 0;
	} else {
		ok = ok && sbuf_add(&b, value, strlen(value)) == 0;
		if (e && e->type == SCHEMA_INT64 && looks_like_plain_integer(value))
			ok = ok && sbuf_add(&b, "L", 1) == 0;
	}
	ok = ok && sbuf_add(&b, ";", 1) == 0;
	if (!ok) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Step 8 for one "path=value". */
static int apply_override(struct loader *ld, const char *text)
{
	char *copy = NULL, *eq, *path, *value, *literal = NULL;
	char spath[PATH_CAP];
	config_setting_t *target = NULL, *fresh;
	const config_setting_t *v;
	const struct schema_entry *e;
	config_t *tmp = NULL;
	size_t n_tokens, spath_len;
	int rc = 0, is_element;

	if (!text || !strchr(text, '='))
		return wk_error_set(ld->err, WK_EXIT_USAGE, "--set", 0, NULL,
		                    "expected path=value, got '%s'", text ? text : "");
	copy = strdup(text);
	if (!copy)
		return oom(ld);
	eq = strchr(copy, '=');
	*eq = '\0';
	path = trim(copy);
	value = trim(eq + 1);
	if (!path[0] || !value[0]) {
		rc = wk_error_set(ld->err, WK_EXIT_USAGE, "--set", 0, path,
		                  "expected path=value with both parts, got '%s'", text);
		goto out;
	}
	ld->override_text = text;
	rc = resolve_override_path(ld, path, &target, spath, sizeof spath);
	if (rc)
		goto out;
	spath_len = strlen(spath);
	is_element = spath_len >= 3 && strcmp(spath + spath_len - 3, ".[]") == 0;
	e = is_element ? NULL : schema_find(ld->schema, spath);
	if (!is_element && !e) {
		rc = report(ld, target, NULL, "not a scenario setting");
		goto out;
	}
	literal = override_literal(value, e);
	tmp = new_config();
	if (!literal || !tmp) {
		rc = oom(ld);
		goto out;
	}
	rc = scan_tokens(ld, literal, strlen(literal), NULL, "--set", &n_tokens);
	if (rc)
		goto out;
	if (!config_read_string(tmp, literal)
	    || config_setting_length(config_root_setting(tmp)) != 1
	    || !(v = config_setting_get_member(config_root_setting(tmp), "v"))) {
		char want[600];

		if (e)
			describe(e, 1, want, sizeof want);
		else
			snprintf(want, sizeof want, "a group { ... }");
		rc = report(ld, target, NULL, "cannot read '%s' as a value: expected %s", value, want);
		goto out;
	}
	fresh = replace_by_copy(target, v, ld->scen->generated);
	if (!fresh) {
		rc = oom(ld);
		goto out;
	}
	if (is_element) {
		if (config_setting_type(fresh) != CONFIG_TYPE_GROUP) {
			char got[128];

			describe_value(fresh, got, sizeof got);
			rc = report(ld, fresh, NULL, "expected a group { ... } as list element, got %s", got);
			goto out;
		}
		rc = check_group(ld, fresh, spath, 1);
	} else {
		rc = check_setting(ld, fresh, e, 1);
	}
out:
	ld->override_text = NULL;
	destroy_config(tmp);
	free(literal);
	free(copy);
	return rc;
}

/* ------------------------------------------------------------ public */

static struct scen *scen_alloc(const char *origin)
{
	struct scen *sc = calloc(1, sizeof *sc);
	const char *file;

	if (!sc)
		return NULL;
	sc->origin = strdup(origin);
	file = sc->origin ? intern_file(sc, origin) : NULL;
	sc->generated = file ? new_prov(sc, file, 0) : NULL;
	if (!sc->generated) {
		scen_free(sc);
		return NULL;
	}
	return sc;
}

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

	rc = check_group(ld, root, "", 0);
	if (rc)
		return rc;
	rc = check_group(ld, root, "", 1);
	if (rc)
		return rc;
	for (i = 0; i < n_overrides; i++) {
		rc = apply_override(ld, overrides ? overrides[i] : NULL);
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
		return oom(&ld);
	rc = load_scenario_file(&ld, path, NULL, 0, NULL, &ld.scen->cfg);
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
		return oom(&ld);
	len = strlen(text);
	if (len > SCEN_MAX_FILE_BYTES) {
		rc = fail_at(&ld, origin, 0, NULL, "scenario text is larger than %u bytes",
		             SCEN_MAX_FILE_BYTES);
		goto out;
	}
	rc = check_bytes(&ld, ld.scen->origin, text, len);
	if (rc)
		goto out;
	rc = parse_scenario_text(&ld, text, len, ld.scen->files[0], NULL, 0, &ld.scen->cfg);
	if (rc)
		goto out;
	ext = config_setting_get_member(config_root_setting(ld.scen->cfg), "extends");
	if (ext) {
		rc = report(&ld, ext, NULL, "extends is not allowed in scenario text "
		            "(effective scenario text has none)");
		goto out;
	}
out:
	return hand_over(&ld, rc, overrides, n_overrides, out);
}

void scen_free(struct scen *scen)
{
	size_t i;

	if (!scen)
		return;
	destroy_config(scen->cfg);
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
	const struct prov *pr = prov_of(setting);

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
			k = snprintf(buf + used, size - used, "%s[%d]", dot, config_setting_index(c));
		else
			k = snprintf(buf + used, size - used, "%s%s", dot,
			             config_setting_name(c) ? config_setting_name(c) : "?");
		if (k < 0)
			return;
		used += (size_t)k;
	}
}

char *scen_effective_text(const struct scen *scen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!scen || !scen->cfg)
		return NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	config_write(scen->cfg, f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* "1..36500", "treat|refer|shift", "1.. elements" — the allowed values. */
static void format_allowed(const struct schema_entry *e, char *buf, size_t size)
{
	char lo[64], hi[64], count[96] = "";
	size_t used;

	buf[0] = '\0';
	if (e->type == SCHEMA_LIST || e->type == SCHEMA_FLOAT_ARRAY || e->type == SCHEMA_INT_ARRAY
	    || e->type == SCHEMA_STRING_ARRAY || e->type == SCHEMA_STRING) {
		const char *unit = e->type == SCHEMA_STRING ? "chars" : "elements";

		if (e->max_count)
			snprintf(count, sizeof count, "%zu..%zu %s", e->min_count, e->max_count, unit);
		else if (e->min_count)
			snprintf(count, sizeof count, ">= %zu %s", e->min_count, unit);
	}
	used = 0;
	if (has_range(e) && e->type != SCHEMA_BOOL && e->type != SCHEMA_STRING
	    && e->type != SCHEMA_STRING_ARRAY && e->type != SCHEMA_GROUP && e->type != SCHEMA_LIST) {
		format_number(lo, sizeof lo, e->min);
		format_number(hi, sizeof hi, e->max);
		used = (size_t)snprintf(buf, size, "%s..%s", lo, hi);
	}
	if (e->choices && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", e->choices);
	if (count[0] && used < size)
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "", count);
}

/* Markdown table cells: a '|' would end the cell, even inside `code`. */
static void print_cell(FILE *f, const char *s, int code)
{
	int tick = code && s[0];

	if (tick)
		fputc('`', f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	if (tick)
		fputc('`', f);
}

void scen_schema_print(const struct schema *schema, void *file, int markdown)
{
	FILE *f = file;
	size_t i;

	if (!schema || !f)
		return;
	if (markdown)
		fputs("| setting | type | allowed | default | meaning |\n"
		      "|---|---|---|---|---|\n", f);
	for (i = 0; i < schema->count; i++) {
		const struct schema_entry *e = &schema->entries[i];
		const char *def = e->default_value ? e->default_value
		                  : (e->type == SCHEMA_GROUP ? "" : "(required)");
		char allowed[512];

		format_allowed(e, allowed, sizeof allowed);
		if (markdown) {
			fputs("| ", f);
			print_cell(f, e->path, 1);
			fputs(" | ", f);
			print_cell(f, schema_type_name(e->type), 0);
			fputs(" | ", f);
			print_cell(f, allowed, 0);
			fputs(" | ", f);
			print_cell(f, def, e->default_value != NULL);
			fputs(" | ", f);
			print_cell(f, e->meaning ? e->meaning : "", 0);
			fputs(" |\n", f);
		} else {
			fprintf(f, "%-32s %-18s %-24s %-12s %s\n", e->path, schema_type_name(e->type),
			        allowed, def, e->meaning ? e->meaning : "");
		}
	}
}
