/*
 * scen_check.c — steps 6 and 7 of the loader: validate a tree against the
 * schema (unknown settings with a did-you-mean among the known siblings,
 * types, ranges, choices, element counts, printable strings, required
 * settings) and fill every missing optional setting with its default; also
 * the wording of what a setting must be ("a float between 0 and 1") and of
 * what the file has, used in messages.
 *
 * Place in the pipeline: after scen_tree.c (it uses its in-place
 * replacement and copying); called by scen.c on the loaded tree, by
 * scen_override.c for each --set value, and for wording by scen_print.c.
 *
 * Invariants:
 *  - After scen_check_group(root, "", fill = 1) succeeds the tree holds
 *    every setting the schema knows (missing lists stay as their default,
 *    usually empty), each with the libconfig type of its schema type: floats
 *    are FLOAT, 64-bit integers INT64, integer arrays INT, so that the
 *    effective text is canonical and loads back the same. Settings of
 *    another number type are replaced in place (scen_tree.c keeps the order).
 *  - Checking stops at the first failure; with fill = 0 the tree is not
 *    changed apart from that normalisation.
 *  - Defaults and their settings carry scen->generated (origin, line 0).
 *
 * Schema conventions this file relies on (schema.h leaves them open):
 *  - a number entry with min == max == 0 has no range;
 *  - max_count == 0 means "no upper bound" (lists, arrays, string length).
 */
#include "scen_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void scen_suggest_init(struct suggest *sg, const char *word)
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

void scen_suggest_add(struct suggest *sg, const char *name)
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
void scen_suggest_text(const struct suggest *sg, const char *known_what, char *buf, size_t size)
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

/* ------------------------------------------------------------ schema checks */

int scen_has_range(const struct schema_entry *e)
{
	return !(e->min == 0 && e->max == 0) && e->min <= e->max;
}

void scen_format_number(char *buf, size_t size, double v)
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
	if (!scen_has_range(e))
		return;
	scen_format_number(lo, sizeof lo, e->min);
	scen_format_number(hi, sizeof hi, e->max);
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
void scen_describe(const struct schema_entry *e, int article, char *buf, size_t size)
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
void scen_describe_value(const config_setting_t *s, char *buf, size_t size)
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
		scen_describe(e, 1, want, sizeof want);
	scen_describe_value(s, got, sizeof got);
	return scen_report(ld, s, NULL, "expected %s, got %s", want, got);
}

static int count_ok(const struct schema_entry *e, size_t n)
{
	return n >= e->min_count && (e->max_count == 0 || n <= e->max_count);
}

static int count_error(struct loader *ld, const config_setting_t *s, const struct schema_entry *e,
                       size_t n, const char *unit)
{
	if (n < e->min_count)
		return scen_report(ld, s, NULL, "expected at least %zu %s%s, got %zu", e->min_count,
		                   unit, e->min_count == 1 ? "" : "s", n);
	return scen_report(ld, s, NULL, "expected at most %zu %s%s, got %zu", e->max_count, unit,
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
		return scen_report(ld, s, NULL, "value %g is not a finite number", v);
	if (is_int)
		snprintf(got, sizeof got, "%lld", iv);
	else
		snprintf(got, sizeof got, "%.15g", v);
	if ((scen_has_range(e) && (v < e->min || v > e->max))
	    || (bits32 && (iv < INT_MIN || iv > INT_MAX))) {
		if (is_array_entry(e))
			describe_element(e, want, sizeof want);
		else
			scen_describe(e, 1, want, sizeof want);
		if (!scen_has_range(e))
			return scen_report(ld, s, NULL, "value %s does not fit in a 32-bit integer",
			                   got);
		return scen_report(ld, s, NULL, "value %s is out of range: expected %s", got, want);
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
	return scen_report(ld, s, NULL, "expected one of %s, got '%s'%s", e->choices, v, hint);
}

/* Strings are names, labels and one-paragraph descriptions: printable text.
 * A control character (a line break written as "\n", or a raw one inside
 * quotes) would break the one-line messages and the labels in result files. */
static int check_text(struct loader *ld, const config_setting_t *s)
{
	const unsigned char *p = (const unsigned char *)config_setting_get_string(s);

	for (; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return scen_report(ld, s, NULL,
			                   "the string holds a control character (byte 0x%02X): "
			                   "expected printable text on one line",
			                   *p);
	return 0;
}

/* The limit on a string is in bytes (names are stored in fixed buffers):
 * say so when the string's characters are fewer than its bytes. */
static int string_length_error(struct loader *ld, const config_setting_t *s,
                               const struct schema_entry *e, size_t bytes)
{
	const unsigned char *p = (const unsigned char *)config_setting_get_string(s);
	size_t chars = 0;

	for (; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars == bytes || bytes < e->min_count)
		return count_error(ld, s, e, bytes, "character");
	return scen_report(ld, s, NULL,
	                   "expected at most %zu bytes of UTF-8, got %zu bytes (%zu characters; "
	                   "a letter such as 'ë' takes two bytes)", e->max_count, bytes, chars);
}

/* "*" in a rule's `at` means every role, so no element of a list may be
 * named "*" (a role of that name could never be told from the wildcard). */
static int check_reserved_name(struct loader *ld, const config_setting_t *s,
                               const struct schema_entry *e)
{
	static const char element_name[] = "[].name";
	size_t len = strlen(e->path), tail = sizeof element_name - 1;

	if (len < tail || strcmp(e->path + len - tail, element_name) != 0 ||
	    strcmp(config_setting_get_string(s), "*") != 0)
		return 0;
	return scen_report(ld, s, NULL, "the name \"*\" is reserved (in a rule's 'at' it means "
	                   "every role): expected another name");
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
		return string_length_error(ld, s, e, n);
	if ((rc = check_reserved_name(ld, s, e)))
		return rc;
	return check_choice(ld, s, e);
}

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
	d = scen_replace_by_type(s, type);
	if (!d)
		return scen_oom(ld);
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
		return scen_oom(ld);
	for (i = 0; i < n; i++) {
		long long iv;
		int is_int;

		number_value(config_setting_get_elem(a, (unsigned)i), &vals[i], &iv, &is_int);
	}
	d = scen_replace_by_type(a, CONFIG_TYPE_ARRAY);
	if (!d) {
		rc = scen_oom(ld);
		goto out;
	}
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_add(d, NULL, type);

		if (!e) {
			rc = scen_oom(ld);
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
			rc = check_number(ld, el, e, e->type == SCHEMA_INT_ARRAY,
			                  e->type == SCHEMA_INT_ARRAY);
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
			scen_describe_value(el, got, sizeof got);
			return scen_report(ld, el, NULL,
			                   "expected a group { ... } as list element, got %s", got);
		}
		rc = scen_check_group(ld, el, elem_path, fill);
		if (rc)
			return rc;
	}
	return 0;
}

/* Check setting `s` against its entry; `fill`: also fill missing defaults. */
int scen_check_setting(struct loader *ld, config_setting_t *s, const struct schema_entry *e,
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
		return scen_check_group(ld, s, e->path, fill);
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
		return scen_report(ld, m, NULL, "unexpected unnamed setting");
	scen_suggest_init(&sg, name);
	for (i = 0; i < ld->schema->count; i++) {
		const char *nm = child_name(ld->schema->entries[i].path, spath);

		if (nm)
			scen_suggest_add(&sg, nm);
	}
	scen_suggest_text(&sg, "known settings here", hint, sizeof hint);
	if (!hint[0])
		snprintf(hint, sizeof hint, "; 'wijksim settings' lists them all");
	return scen_report(ld, m, NULL, "unknown setting '%s'%s", name, hint);
}

/* Add the default of entry `e` as `name` in `g`. */
static int add_default(struct loader *ld, config_setting_t *g, const char *name,
                       const struct schema_entry *e, config_setting_t **out)
{
	config_t *tmp = scen_new_config();
	char *text = NULL;
	size_t n;
	int rc = 0;
	const config_setting_t *v;

	*out = NULL;
	if (!tmp)
		return scen_oom(ld);
	n = strlen(e->default_value) + 16;
	text = malloc(n);
	if (!text) {
		rc = scen_oom(ld);
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
	*out = scen_copy_setting(g, name, v, ld->scen->generated);
	if (!*out)
		rc = scen_oom(ld);
out:
	free(text);
	scen_destroy_config(tmp);
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
				return scen_oom(ld);
			config_setting_set_hook(added, ld->scen->generated);
		} else if (e->type == SCHEMA_GROUP) {
			return scen_report(ld, g, name,
			                   "missing required setting '%s' (group: %s; it must "
			                   "contain at least '%s')",
			                   name, e->meaning ? e->meaning : "",
			                   required_inside(ld->schema, e->path)->path);
		} else {
			scen_describe(e, 0, want, sizeof want);
			return scen_report(ld, g, name, "missing required setting '%s' (%s: %s)",
			                   name, want, e->meaning ? e->meaning : "");
		}
		rc = scen_check_setting(ld, added, e, 1);
		if (rc)
			return rc;
	}
	return 0;
}

/* Steps 6 (and 7 with `fill`) for a group whose schema path is `spath`. */
int scen_check_group(struct loader *ld, config_setting_t *g, const char *spath, int fill)
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
			return scen_report(ld, m, NULL, "setting path too long");
		e = schema_find(ld->schema, child_path);
		if (!e)
			return unknown_setting(ld, m, spath);
		rc = scen_check_setting(ld, m, e, fill);
		if (rc)
			return rc;
	}
	return fill ? fill_group(ld, g, spath) : 0;
}
