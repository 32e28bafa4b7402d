/*
 * scen_override.c — step 8 of the loader: `--set path=value`. The path must
 * exist in the resolved tree (elements of a list of groups by index,
 * `roles.[2].fte` / `roles.2.fte`, or by name, `roles.huisarts.fte`); the
 * value is read as libconfig literal text (bare text for a string setting is
 * quoted, a plain integer for a 64-bit setting gets its L) and replaces the
 * setting in place, then is checked like any other value.
 *
 * Place in the pipeline: last of the loading steps, after scen_check.c
 * (defaults are filled, so every path the schema knows exists); calls
 * scen_check.c, scen_tree.c, scen_source.c's scanner and the core. Called
 * by scen.c once per override, in order.
 *
 * A scoped override, `NAME:path=value` (`--set ruwaard:roles.x=1`), is the
 * caller's business: main.c hands it only to the scenario called NAME, and
 * here the scope is skipped, so that the path and value are read as usual
 * while every message quotes the override as it was given.
 *
 * Invariants:
 *  - While an override is applied ld->override_text is set, so that every
 *    failure names the --set (scen_core.c); it is cleared on every return.
 *  - The replaced setting keeps its position and carries scen->generated.
 *
 * Left as it was: the value text goes to config_read_string as given. It is
 * scanned for too-large integers, but not expanded, so a value holding a
 * line break and an `@include "file"` line is included by libconfig itself
 * (relative to the working directory); a file with no settings then passes.
 */
#include "scen_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		return scen_fail_at(ld, "--set", 0, NULL, "setting path too long");
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
				scen_suggest_init(&sg, comp);
				for (i = 0; i < n; i++) {
					const config_setting_t *m =
					        config_setting_get_elem(cur, (unsigned)i);

					scen_suggest_add(&sg, config_setting_name(m));
				}
				scen_suggest_text(&sg, "known settings here", hint, sizeof hint);
				return scen_fail_at(ld, "--set", 0, shown, "unknown setting '%s'%s",
				                    comp, hint);
			}
			used += (size_t)snprintf(spath + used, spath_size - used, "%s%s",
			                         used ? "." : "", comp);
		} else if (type == CONFIG_TYPE_LIST) {
			long idx;

			if (parse_index(comp, &idx)) {
				if (idx < 0 || idx >= n)
					return scen_fail_at(ld, "--set", 0, shown,
					                    "no element %ld: the list has %d "
					                    "elements (0 to %d)",
					                    idx, n, n - 1);
				next = config_setting_get_elem(cur, (unsigned)idx);
			} else {
				next = scen_find_named(cur, comp);
				if (!next) {
					scen_suggest_init(&sg, comp);
					for (i = 0; i < n; i++) {
						const config_setting_t *m =
						        config_setting_get_elem(cur, (unsigned)i);
						const char *nm = scen_element_name(m);

						if (nm)
							scen_suggest_add(&sg, nm);
					}
					scen_suggest_text(&sg, "names", hint, sizeof hint);
					return scen_fail_at(ld, "--set", 0, shown,
					                    "no element named '%s'%s", comp, hint);
				}
			}
			used += (size_t)snprintf(spath + used, spath_size - used, ".[]");
		} else if (type == CONFIG_TYPE_ARRAY) {
			return scen_fail_at(ld, "--set", 0, shown,
			                    "set an array whole, e.g. %s=[1.0, 2.0]", shown);
		} else {
			return scen_fail_at(ld, "--set", 0, shown,
			                    "'%s' is a single value with no settings "
			                    "inside",
			                    shown);
		}
		if (used >= spath_size)
			return scen_fail_at(ld, "--set", 0, NULL, "setting path too long");
		cur = next;
	}
	if (config_setting_is_root(cur))
		return scen_fail_at(ld, "--set", 0, NULL, "empty setting path");
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
	int ok = scen_sbuf_add(&b, "v = ", 4) == 0;

	if (e && e->type == SCHEMA_STRING && value[0] != '"') {
		ok = ok && scen_sbuf_add(&b, "\"", 1) == 0;
		for (p = value; ok && *p; p++) {
			if (*p == '"' || *p == '\\')
				ok = scen_sbuf_add(&b, "\\", 1) == 0;
			ok = ok && scen_sbuf_add(&b, p, 1) == 0;
		}
		ok = ok && scen_sbuf_add(&b, "\"", 1) == 0;
	} else {
		ok = ok && scen_sbuf_add(&b, value, strlen(value)) == 0;
		if (e && e->type == SCHEMA_INT64 && looks_like_plain_integer(value))
			ok = ok && scen_sbuf_add(&b, "L", 1) == 0;
	}
	ok = ok && scen_sbuf_add(&b, ";", 1) == 0;
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

/* The scope of "NAME:path=value": where the path starts, or NULL. */
static const char *scope_end(const char *text)
{
	const char *eq = strchr(text, '='), *colon = NULL;

	for (const char *p = text; *p && (!eq || p < eq); p++)
		if (*p == ':')
			colon = p;
	return colon;
}

int scen_override_scope(const char *text, char *name, size_t name_size)
{
	const char *colon = scope_end(text);

	if (!colon)
		return 0;
	if (colon == text)
		return -1;
	if (name_size)
		snprintf(name, name_size, "%.*s", (int)(colon - text), text);
	return 1;
}

/* Step 8 for one "[NAME:]path=value". */
int scen_apply_override(struct loader *ld, const char *text)
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
	copy = strdup(scope_end(text) ? scope_end(text) + 1 : text);
	if (!copy)
		return scen_oom(ld);
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
		rc = scen_report(ld, target, NULL, "not a scenario setting");
		goto out;
	}
	literal = override_literal(value, e);
	tmp = scen_new_config();
	if (!literal || !tmp) {
		rc = scen_oom(ld);
		goto out;
	}
	rc = scen_scan_tokens(ld, literal, strlen(literal), NULL, "--set", &n_tokens);
	if (rc)
		goto out;
	if (!config_read_string(tmp, literal)
	    || config_setting_length(config_root_setting(tmp)) != 1
	    || !(v = config_setting_get_member(config_root_setting(tmp), "v"))) {
		char want[600];

		if (e)
			scen_describe(e, 1, want, sizeof want);
		else
			snprintf(want, sizeof want, "a group { ... }");
		rc = scen_report(ld, target, NULL, "cannot read '%s' as a value: expected %s",
		                 value, want);
		goto out;
	}
	fresh = scen_replace_by_copy(target, v, ld->scen->generated);
	if (!fresh) {
		rc = scen_oom(ld);
		goto out;
	}
	if (is_element) {
		if (config_setting_type(fresh) != CONFIG_TYPE_GROUP) {
			char got[128];

			scen_describe_value(fresh, got, sizeof got);
			rc = scen_report(ld, fresh, NULL,
			                 "expected a group { ... } as list element, got %s", got);
			goto out;
		}
		rc = scen_check_group(ld, fresh, spath, 1);
	} else {
		rc = scen_check_setting(ld, fresh, e, 1);
	}
out:
	ld->override_text = NULL;
	scen_destroy_config(tmp);
	free(literal);
	free(copy);
	return rc;
}
