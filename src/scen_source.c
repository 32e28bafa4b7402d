/*
 * scen_source.c — steps 1-4 of the loader (see scen.h): from a file or text
 * to a parsed libconfig tree whose settings know their original file and
 * line. Read the file (size, NUL bytes, UTF-8), expand `@include` lines into
 * one text with a line map (expanded line -> original file and line), scan
 * that text for integers libconfig would wrap and count its tokens, parse it
 * with config_read_string and hook a struct prov on every setting.
 *
 * Place in the pipeline: first; calls only scen_core.c. scen_tree.c calls it
 * per file (and for each base of an `extends`), scen.c for scenario text,
 * scen_override.c uses the scanner on --set values.
 *
 * Why the loader expands @include itself, although libconfig 1.5 can: not
 * for provenance — libconfig 1.5 does keep each setting's file and line
 * across @include (config_setting_source_file/_line, config_error_file) —
 * but because:
 *  - libconfig resolves every @include of a config against one fixed folder
 *    (config_set_include_dir), or the working directory when none is set,
 *    never against the folder of the file that holds the directive; a
 *    scenario that includes a neighbour must work from any directory, and
 *    includes nest across folders;
 *  - its only guard against an include cycle is a nesting limit (ten levels)
 *    with "include file nesting too deep", and a missing file is "cannot
 *    open include file" without the name; here a cycle is named
 *    (a.cfg -> b.cfg -> a.cfg) and a missing file gets its path and the
 *    system's reason, both at the directive's file and line;
 *  - integer literals above 2^31-1 written without `L` wrap silently
 *    (3000000000 reads as -1294967296, 99999999999999999999 as -1), so the
 *    text must be scanned before it is parsed, and the scan must see exactly
 *    the text libconfig will parse, includes and all, and still name the
 *    original file and line: one expanded text with a line map does both;
 *  - scenario text given as a string (scen_load_text: the text a result file
 *    stores, run again by `rerun`) has no file name in libconfig
 *    (config_setting_source_file is NULL), and libconfig would still honour
 *    an @include in it, relative to the working directory; the expansion
 *    refuses @include there (allow_include = 0) with a clear message.
 *
 * Invariants:
 *  - Every @include line outside a block comment is expanded or refused, so
 *    libconfig does not open files itself for a scenario file or text.
 *  - map->at[i] is where expanded line i+1 came from; the scanner and the
 *    syntax-error path translate every line number through the map.
 *  - The scanner walks the text as libconfig's lexer does (comments, strings,
 *    names, numbers), so an integer inside a comment or string is ignored,
 *    and a text of only comments has no tokens and is refused as empty.
 *  - After a successful parse every setting has a prov hook (scen_core.c's
 *    invariant); a child whose origin equals its parent's shares the record.
 */
#include "scen_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why fixed: how much of a line a syntax error quotes. */
enum { SYNTAX_QUOTE = 60 };

struct line_origin {
	const char *file;
	int line;
};

/* Expanded text line i+1 came from at[i]. */
struct line_map {
	struct line_origin *at;
	size_t n, cap;
};

/* ---------------------------------------------------------------- line map */

static int map_add(struct line_map *m, const char *file, int line)
{
	void *p = m->at;

	if (scen_grow(&p, &m->cap, m->n + 1, sizeof *m->at) < 0)
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

/* ------------------------------------------------------------ reading */

int scen_read_file(struct loader *ld, const char *path, const char *ref_file, int ref_line,
                   const char *what, char **text, size_t *len)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	struct stat st;
	int rc = 0, fd;

	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
	 * files are read (a FIFO, a device such as /dev/zero or a folder
	 * would hang, never end, or fail without naming the directive). */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) != 0) {
		int saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	}
	if (fd < 0 || !S_ISREG(st.st_mode)) {
		const char *why = "it is not a regular file (a pipe or a device)";
		if (fd < 0)
			why = strerror(errno);
		else if (S_ISDIR(st.st_mode))
			why = "it is a folder";
		if (fd >= 0)
			close(fd);
		if (ref_file)
			rc = scen_fail_at(ld, ref_file, ref_line, NULL, "cannot open %s '%s': %s",
			                  what, path, why);
		else
			rc = scen_fail_at(ld, path, 0, NULL, "cannot open scenario: %s", why);
		goto out;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		rc = scen_oom(ld);
		goto out;
	}
	for (;;) {
		size_t got;
		void *p = buf;

		if (scen_grow(&p, &cap, n + 4096 + 1, 1) < 0) {
			rc = scen_oom(ld);
			goto out;
		}
		buf = p;
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > SCEN_MAX_FILE_BYTES) {
			rc = scen_fail_at(
			        ld, path, 0, NULL,
			        "file is larger than %u bytes: not a scenario (a scenario is a "
			        "few kilobytes of text)",
			        SCEN_MAX_FILE_BYTES);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = scen_fail_at(ld, path, 0, NULL, "cannot read scenario: %s", strerror(errno));
		goto out;
	}
	/* A byte-order mark (some Windows editors write one) is not text:
	 * drop it rather than quote an invisible character in a syntax error. */
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		memmove(buf, buf + 3, n - 3);
		n -= 3;
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

int scen_check_bytes(struct loader *ld, const char *file, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int line = 1;

	while (i < len) {
		size_t k;

		if (s[i] == '\0')
			return scen_fail_at(
			        ld, file, line, NULL,
			        "NUL byte in the file: a scenario is text, not binary data");
		k = utf8_length(s + i, len - i);
		if (k == 0)
			return scen_fail_at(ld, file, line, NULL,
			                    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			                    s[i]);
		if (s[i] == '\n')
			line++;
		i += k;
	}
	return 0;
}

/* ------------------------------------------------------------ includes */

/* `name` relative to the folder of `file` (absolute names stay). Caller frees. */
char *scen_path_beside(const char *file, const char *name)
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
		} else if (line[i] == '#' ||
		           (line[i] == '/' && i + 1 < len && line[i + 1] == '/')) {
			return;
		} else if (line[i] == '/' && i + 1 < len && line[i + 1] == '*') {
			*in_block = 1;
			i += 2;
		} else {
			i++;
		}
	}
}

int scen_cycle_text(const struct chain *chain, const char *last, char *buf, size_t size)
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

int scen_on_chain(const struct chain *chain, const char *real)
{
	for (; chain; chain = chain->up)
		if (chain->real && strcmp(chain->real, real) == 0)
			return 1;
	return 0;
}

size_t scen_chain_depth(const struct chain *chain)
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

	joined = scen_path_beside(shown, name);
	if (!joined) {
		rc = scen_oom(ld);
		goto out;
	}
	real = realpath(joined, NULL);
	if (!real) {
		rc = scen_fail_at(ld, shown, line_no, NULL,
		                  "cannot open included file '%s' (%s): %s", name, joined,
		                  strerror(errno));
		goto out;
	}
	if (scen_on_chain(chain, real)) {
		scen_cycle_text(chain, joined, cycle, sizeof cycle);
		rc = scen_fail_at(ld, shown, line_no, NULL, "include cycle: %s", cycle);
		goto out;
	}
	if (scen_chain_depth(chain) >= MAX_NESTING) {
		rc = scen_fail_at(ld, shown, line_no, NULL, "includes nested deeper than %d files",
		                  MAX_NESTING);
		goto out;
	}
	inc_shown = scen_intern_file(ld->scen, joined);
	if (!inc_shown) {
		rc = scen_oom(ld);
		goto out;
	}
	rc = scen_read_file(ld, joined, shown, line_no, "included file", &text, &len);
	if (rc)
		goto out;
	/* One budget for the whole expanded text, includes and all, so that
	 * many includes of a large file cannot get around the file limit. */
	if (out->len + len > SCEN_MAX_FILE_BYTES) {
		rc = scen_fail_at(ld, shown, line_no, NULL,
		                  "with the included file '%s' the scenario text would be larger "
		                  "than %u bytes: not a scenario (a scenario is a few kilobytes "
		                  "of text)", name, SCEN_MAX_FILE_BYTES);
		goto out;
	}
	rc = scen_check_bytes(ld, inc_shown, text, len);
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
			return scen_fail_at(ld, shown, line_no, NULL, "malformed @include: write "
			                    "@include \"file.cfg\" alone on its line");
		if (kind > 0) {
			char name[PATH_CAP];

			if (!allow_include)
				return scen_fail_at(ld, shown, line_no, NULL,
				                    "@include is not allowed in scenario text "
				                    "(effective scenario text has none)");
			if (n >= sizeof name)
				return scen_fail_at(ld, shown, line_no, NULL,
				                    "included file name too long");
			memcpy(name, line + off, n);
			name[n] = '\0';
			rc = expand_include(ld, shown, line_no, name, chain, out, map);
			if (rc)
				return rc;
			continue;
		}
		update_comment_state(line, line_len, &in_block);
		if (scen_sbuf_add(out, line, line_len) < 0 || scen_sbuf_add(out, "\n", 1) < 0
		    || map_add(map, shown, line_no) < 0)
			return scen_oom(ld);
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
			while (i < len && (isdigit((unsigned char)t[i]) || t[i] == '.' ||
			                   t[i] == 'e' || t[i] == 'E')) {
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
		return scen_fail_at(ld, where.file, where.line, NULL,
		                    "integer %.*s is outside the 64-bit range", (int)(i - start),
		                    t + start);
	return scen_fail_at(ld, where.file, where.line, NULL,
	                    "integer %.*s is outside the 32-bit range; write it as %.*sL",
	                    (int)(i - start), t + start, (int)(i - start), t + start);
}

/* Walk the expanded text as libconfig's scanner would (comments, strings,
 * names, numbers): refuse integers that would wrap, and count the tokens so
 * that a file of only comments is recognised as empty. */
int scen_scan_tokens(struct loader *ld, const char *t, size_t len, const struct line_map *map,
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
			for (i += 2; i < len && !(t[i] == '*' && i + 1 < len && t[i + 1] == '/');
			     i++)
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
			pr = scen_new_prov(ld->scen, o.file, o.line);
			if (!pr)
				return scen_oom(ld);
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
	config_t *cfg = scen_new_config();
	config_setting_t *root;
	struct prov *root_prov;
	int rc = 0, i, n;

	*out = NULL;
	if (!cfg)
		return scen_oom(ld);
	if (!config_read_string(cfg, text)) {
		struct line_origin o = map_line(map, config_error_line(cfg), shown);
		const char *why = config_error_text(cfg);
		char near[SYNTAX_QUOTE + 16];

		quote_line(text, config_error_line(cfg), near, sizeof near);
		rc = scen_fail_at(ld, o.file, o.line, NULL, "%s%s: expected settings written as "
		                  "name = value; (groups { ... }, lists ( ... ), arrays [ ... ])",
		                  why ? why : "syntax error", near);
		goto out;
	}
	root = config_root_setting(cfg);
	root_prov = scen_new_prov(ld->scen, shown, 0);
	if (!root_prov) {
		rc = scen_oom(ld);
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
	scen_destroy_config(cfg);
	return rc;
}

/* Steps 2-4 for one scenario text: expand includes, check integers, parse. */
int scen_parse_scenario_text(struct loader *ld, const char *text, size_t len, const char *shown,
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
	if (!expanded.p && scen_sbuf_add(&expanded, "", 0) < 0) {
		rc = scen_oom(ld);
		goto out;
	}
	rc = scen_scan_tokens(ld, expanded.p, expanded.len, &map, shown, &n_tokens);
	if (rc)
		goto out;
	if (n_tokens == 0) {
		rc = scen_fail_at(ld, shown, 0, NULL, "empty scenario: the file has no settings");
		goto out;
	}
	rc = parse_text(ld, expanded.p, &map, shown, out);
out:
	free(expanded.p);
	free(map.at);
	return rc;
}
