/*
 * serve_catalog.c — the answers of `wijksim serve` that do not change while
 * it runs: /api/scenarios (the served scenarios, what each changes against
 * its base, the current value of every lever), /api/schema (every setting,
 * the curated levers of web/levers.json, the headline indicators with the
 * analysis's minimal relevant differences, the run defaults and limits) and
 * /api/exercises (scenarios/education/README.md). web/API.md is the
 * contract.
 *
 * Invariants:
 *  1. Every served scenario loads and passes params_load at start; a bad
 *     file stops the server before it listens (status 2, the CLI's message).
 *  2. Every lever names a setting the schema knows, with a range inside the
 *     schema's; a wrong web/levers.json is status 2 naming the lever.
 *  3. Every schema setting with an English meaning has a Dutch one in
 *     web/meanings_nl.json, and every key there is a schema path; otherwise
 *     status 2 naming the file and the key. Settings, and levers of one
 *     setting, carry it as meaning_nl (a lever's own meaning_nl wins).
 *  4. The indicator table is the analysis's (scripts/serve-indicators.py,
 *     generated at build time into serve_indicators.inc), not a copy.
 *
 * Ownership: the answers are malloc'd JSON text owned by serve_state.
 */
#include "serve_internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "params_load.h"
#include "schema.h"

/* The analysis's indicator table (GROUPS, MRD, SHARES, DERIVED) as JSON. */
static const char indicators_json[] =
#include "serve_indicators.inc"
        ;

/* Why a bound: no setting path of the schema is nearly this long. */
enum { PATH_TEXT_MAX = 512 };

json_t *serve_number(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *scalar_json(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		return json_integer(config_setting_get_int(s));
	case CONFIG_TYPE_INT64:
		return json_integer(config_setting_get_int64(s));
	case CONFIG_TYPE_FLOAT:
		return serve_number(config_setting_get_float(s));
	case CONFIG_TYPE_BOOL:
		return json_boolean(config_setting_get_bool(s));
	case CONFIG_TYPE_STRING:
		return json_string(config_setting_get_string(s));
	default:
		return NULL;
	}
}

json_t *serve_setting_json(const config_setting_t *s)
{
	int type = config_setting_type(s);
	int n = config_setting_length(s);
	json_t *out;

	if (type != CONFIG_TYPE_GROUP && type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
		return scalar_json(s);
	out = type == CONFIG_TYPE_GROUP ? json_object() : json_array();
	for (int i = 0; out && i < n; i++) {
		const config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
		json_t *v = c ? serve_setting_json(c) : NULL;
		int rc = -1;
		if (v && type == CONFIG_TYPE_GROUP)
			rc = json_object_set_new(out, config_setting_name(c), v);
		else if (v)
			rc = json_array_append_new(out, v);
		if (rc) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* "[3]" or "3" as an index; -1 when the part is not one. */
static long part_index(const char *part)
{
	const char *p = part;
	char *end;
	long v;

	if (*p == '[')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || v > 100000)
		return -1;
	if (part[0] == '[' ? strcmp(end, "]") != 0 : *end != '\0')
		return -1;
	return v;
}

static const config_setting_t *child(const config_setting_t *s, const char *part)
{
	long idx = part_index(part);
	int type = config_setting_type(s);

	if (type == CONFIG_TYPE_GROUP)
		return idx < 0 ? config_setting_get_member(s, part) : NULL;
	if (type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY)
		return NULL;
	if (idx >= 0)
		return config_setting_get_elem(s, (unsigned)idx);
	for (int i = 0; type == CONFIG_TYPE_LIST && i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *name = NULL;
		if (e && config_setting_lookup_string(e, "name", &name) && strcmp(name, part) == 0)
			return e;
	}
	return NULL;
}

const config_setting_t *serve_lookup(const config_t *cfg, const char *path)
{
	char buf[PATH_TEXT_MAX];
	const config_setting_t *s = config_root_setting(cfg);
	char *part, *save = NULL;

	if (strlen(path) >= sizeof buf || !path[0])
		return NULL;
	memcpy(buf, path, strlen(path) + 1);
	for (part = strtok_r(buf, ".", &save); part && s; part = strtok_r(NULL, ".", &save))
		s = child(s, part);
	return s;
}

/* The schema path of a --set path ("roles.huisarts.fte" -> "roles.[].fte"),
 * or NULL when the schema has none. */
static const struct schema_entry *schema_entry_of(const char *path)
{
	char in[PATH_TEXT_MAX], out[PATH_TEXT_MAX] = "";
	char *part, *save = NULL;
	const struct schema_entry *e = NULL;
	size_t len = 0;
	int element = 0;

	if (strlen(path) >= sizeof in)
		return NULL;
	memcpy(in, path, strlen(path) + 1);
	for (part = strtok_r(in, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
		/* an element of a list of groups (by name or index) is "[]" */
		element = e && e->type == SCHEMA_LIST && !element;
		const char *name = element ? "[]" : part;
		int n = snprintf(out + len, sizeof out - len, "%s%s", len ? "." : "", name);
		if (n < 0 || (size_t)n >= sizeof out - len)
			return NULL;
		len += (size_t)n;
		if (!element && !(e = schema_find(&schema_wijksim, out)))
			return NULL;
	}
	return element ? NULL : e;
}

/* A whole small file into a malloc'd string; NULL when missing or over
 * `limit` bytes. */
static char *read_text(const char *path, size_t limit)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t n;

	if (!f)
		return NULL;
	text = malloc(limit + 1);
	if (text) {
		n = fread(text, 1, limit + 1, f);
		if (n > limit || ferror(f)) {
			free(text);
			text = NULL;
		} else {
			text[n] = '\0';
		}
	}
	fclose(f);
	return text;
}

/* The `extends = "FILE";` of a scenario file's top level, malloc'd, or
 * NULL: a line that starts with `extends` (the loader's convention). */
static char *extends_of(const char *file)
{
	char *text = read_text(file, SCEN_MAX_FILE_BYTES);
	char *out = NULL;

	for (char *line = text; line && *line && !out;) {
		char *next = strchr(line, '\n');
		char *p = line + strspn(line, " \t");
		if (next)
			*next++ = '\0';
		if (strncmp(p, "extends", 7) == 0) {
			p += 7 + strspn(p + 7, " \t");
			if (*p == '=' || *p == ':') {
				p += 1 + strspn(p + 1, " \t");
				char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
				if (end)
					out = strndup(p + 1, (size_t)(end - p - 1));
			}
		}
		line = next;
	}
	free(text);
	return out;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the *.cfg files of root/sub, sorted, to files[]. */
static int list_cfgs(const char *root, const char *sub, char ***files, size_t *n)
{
	char dir[PATH_MAX];
	DIR *d;
	struct dirent *ent;
	size_t first = *n;

	snprintf(dir, sizeof dir, "%s/%s", root, sub);
	if (!(d = opendir(dir)))
		return 0;
	while ((ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		char path[PATH_MAX];
		char **grown;
		if (len < 5 || strcmp(ent->d_name + len - 4, ".cfg") != 0 || ent->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", sub, ent->d_name);
		grown = realloc(*files, (*n + 1) * sizeof **files);
		if (!grown || !(grown[*n] = strdup(path))) {
			*files = grown ? grown : *files;
			closedir(d);
			return -1;
		}
		*files = grown;
		(*n)++;
	}
	closedir(d);
	qsort(*files + first, *n - first, sizeof **files, by_name);
	return 0;
}

/* What one served scenario says about itself. */
static int scenario_describe(const struct serve_state *st, size_t i, struct scen *const *scens,
                             const struct model_params *params, json_t *list)
{
	const struct serve_scenario *sc = &st->scenarios[i];
	const config_t *cfg = scen_config(scens[i]);
	const char *desc = "", *desc_nl = "";
	json_t *o = json_object(), *changes = json_array(), *levers = json_object();

	if (!o || !changes || !levers)
		goto oom;
	config_lookup_string(cfg, "description", &desc);
	config_lookup_string(cfg, "description_nl", &desc_nl);
	json_object_set_new(o, "name", json_string(sc->name));
	json_object_set_new(o, "file", json_string(sc->file));
	json_object_set_new(o, "description", json_string(desc));
	json_object_set_new(o, "description_nl", json_string(desc_nl));
	json_object_set_new(o, "extends", sc->extends ? json_string(sc->extends) : json_null());
	json_object_set_new(o, "base", sc->base >= 0 ? json_string(st->scenarios[sc->base].name)
	                                             : json_null());
	json_object_set_new(o, "residents",
	                    json_integer((json_int_t)params[i].wijken *
	                                 (json_int_t)params[i].residents_per_wijk));
	json_object_set_new(o, "days", json_integer(params[i].days));
	json_object_set_new(o, "replicates", json_integer(params[i].replicates));
	json_object_set_new(o, "warmup_days", json_integer(params[i].warmup_days));
	if (sc->base >= 0) {
		const config_t *bcfg = scen_config(scens[sc->base]);
		char *diff = scen_differences(scens[i], scens[sc->base]);
		char *save = NULL;
		if (!diff)
			goto oom;
		for (char *p = strtok_r(diff, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
			const config_setting_t *a = serve_lookup(cfg, p);
			const config_setting_t *b = serve_lookup(bcfg, p);
			json_t *c = json_object();
			if (!c)
				break;
			json_object_set_new(c, "path", json_string(p));
			json_object_set_new(c, "value", a ? serve_setting_json(a) : json_null());
			json_object_set_new(c, "base_value",
			                    b ? serve_setting_json(b) : json_null());
			json_array_append_new(changes, c);
		}
		free(diff);
	}
	size_t k;
	json_t *lever;
	json_array_foreach(json_object_get(st->levers, "levers"), k, lever) {
		const char *path = json_string_value(json_object_get(lever, "path"));
		json_t *on = json_object_get(lever, "on");
		const char *key;
		json_t *unused;
		if (path) {
			const config_setting_t *s = serve_lookup(cfg, path);
			json_object_set_new(levers, path, s ? serve_setting_json(s) : json_null());
		}
		json_object_foreach(on, key, unused) {
			const config_setting_t *s = serve_lookup(cfg, key);
			json_object_set_new(levers, key, s ? serve_setting_json(s) : json_null());
		}
	}
	json_object_set_new(o, "changes", changes);
	json_object_set_new(o, "lever_values", levers);
	return json_array_append_new(list, o);
oom:
	json_decref(o);
	json_decref(changes);
	json_decref(levers);
	return -1;
}

/* The Dutch meaning of a schema entry ("" when it has none). */
static const char *meaning_nl_of(const json_t *meanings, const struct schema_entry *e)
{
	const char *nl = e ? json_string_value(json_object_get(meanings, e->path)) : NULL;
	return nl ? nl : "";
}

/* A lever's meaning_nl from the schema, unless it has its own: that of its
 * path, or of simulation.<field> (a switch of several settings gets none). */
static void lever_meaning_nl(json_t *lever, const json_t *meanings,
                             const struct schema_entry *e)
{
	const char *field = json_string_value(json_object_get(lever, "field"));
	char path[64];

	if (json_object_get(lever, "meaning_nl"))
		return;
	if (!e && field && snprintf(path, sizeof path, "simulation.%s", field) < (int)sizeof path)
		e = schema_find(&schema_wijksim, path);
	json_object_set_new(lever, "meaning_nl", json_string(meaning_nl_of(meanings, e)));
}

/* Check a lever against the schema and fill what the file leaves out. */
static int lever_fill(json_t *lever, size_t i, const json_t *meanings, struct wk_error *err)
{
	const char *id = json_string_value(json_object_get(lever, "id"));
	const char *kind = json_string_value(json_object_get(lever, "kind"));
	const char *path = json_string_value(json_object_get(lever, "path"));
	const char *field = json_string_value(json_object_get(lever, "field"));
	json_t *on = json_object_get(lever, "on"), *off = json_object_get(lever, "off");
	const struct schema_entry *e = NULL;
	char where[64];

	snprintf(where, sizeof where, "levers[%zu]", i);
	if (!id || !kind || (strcmp(kind, "slider") && strcmp(kind, "switch")) ||
	    !json_string_value(json_object_get(lever, "label_en")) ||
	    !json_string_value(json_object_get(lever, "label_nl")))
		return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
		                    "expected id, kind (slider or switch), label_en and label_nl");
	if (field) {
		if (strcmp(field, "replicates") && strcmp(field, "days"))
			return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
			                    "lever %s: field \"%s\": expected replicates or days",
			                    id, field);
		lever_meaning_nl(lever, meanings, NULL);
		return 0;
	}
	if (on || off) {
		const char *key;
		json_t *v;
		if (!json_is_object(on) || !json_is_object(off))
			return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
			                    "lever %s: expected both on and off objects", id);
		json_object_foreach(on, key, v) {
			if (!schema_entry_of(key) || !json_object_get(off, key))
				return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
				                    "lever %s: '%s' is no setting, or not in off",
				                    id, key);
		}
		return 0;
	}
	if (!path || !(e = schema_entry_of(path)))
		return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
		                    "lever %s: path '%s' is no setting of the schema", id,
		                    path ? path : "(none)");
	if (!json_object_get(lever, "meaning"))
		json_object_set_new(lever, "meaning", json_string(e->meaning));
	lever_meaning_nl(lever, meanings, e);
	json_object_set_new(lever, "type", json_string(schema_type_name(e->type)));
	if (strcmp(kind, "switch") == 0 && e->type != SCHEMA_BOOL)
		return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
		                    "lever %s: a switch needs a boolean", id);
	if (strcmp(kind, "switch") == 0)
		return 0;
	if (e->type != SCHEMA_INT && e->type != SCHEMA_INT64 && e->type != SCHEMA_FLOAT)
		return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
		                    "lever %s: a slider needs a number setting", id);
	json_t *mn = json_object_get(lever, "min"), *mx = json_object_get(lever, "max");
	double lo = mn ? json_number_value(mn) : e->min, hi = mx ? json_number_value(mx) : e->max;
	if (lo < e->min || hi > e->max || lo >= hi)
		return wk_error_set(err, WK_EXIT_USAGE, "web/levers.json", 0, where,
		                    "lever %s: range %g..%g is not inside the schema's %g..%g", id,
		                    lo, hi, e->min, e->max);
	json_object_set_new(lever, "min", json_real(lo));
	json_object_set_new(lever, "max", json_real(hi));
	json_object_set_new(lever, "schema_min", json_real(e->min));
	json_object_set_new(lever, "schema_max", json_real(e->max));
	if (!json_object_get(lever, "step"))
		json_object_set_new(lever, "step", json_real((hi - lo) / 100.0));
	return 0;
}

static int levers_load(struct serve_state *st, struct wk_error *err)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *list;
	size_t i;
	json_t *lever;

	if (snprintf(path, sizeof path, "%s/web/levers.json", st->root) >= (int)sizeof path)
		return wk_error_set(err, WK_EXIT_USAGE, st->root, 0, NULL, "path too long");
	st->levers = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!st->levers)
		return wk_error_set(err, WK_EXIT_USAGE, path, jerr.line, NULL, "%s", jerr.text);
	list = json_object_get(st->levers, "levers");
	if (!json_is_array(list))
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, "levers", "expected an array");
	json_array_foreach(list, i, lever) {
		if (!json_is_object(lever))
			return wk_error_set(err, WK_EXIT_USAGE, path, 0, "levers",
			                    "expected objects");
		if (lever_fill(lever, i, st->meanings_nl, err))
			return err->status;
	}
	return 0;
}

/* web/meanings_nl.json: {"about": ..., "meanings": {schema path: Dutch}},
 * checked against the schema both ways (invariant 3). */
static int meanings_load(struct serve_state *st, struct wk_error *err)
{
	static const char file[] = "web/meanings_nl.json";
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *doc, *m, *v;
	const char *key;

	if (snprintf(path, sizeof path, "%s/%s", st->root, file) >= (int)sizeof path)
		return wk_error_set(err, WK_EXIT_USAGE, st->root, 0, NULL, "path too long");
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return wk_error_set(err, WK_EXIT_USAGE, path, jerr.line, NULL, "%s", jerr.text);
	m = json_object_get(doc, "meanings");
	if (!json_is_object(m)) {
		json_decref(doc);
		return wk_error_set(err, WK_EXIT_USAGE, path, 0, "meanings",
		                    "expected an object: schema path -> Dutch meaning");
	}
	st->meanings_nl = json_incref(m);
	json_decref(doc);
	json_object_foreach(m, key, v) {
		const char *text = json_string_value(v);
		if (!schema_find(&schema_wijksim, key))
			return wk_error_set(err, WK_EXIT_USAGE, file, 0, key,
			                    "no setting of the schema (expected a path as "
			                    "`wijksim settings` prints it)");
		if (!text || !text[0])
			return wk_error_set(err, WK_EXIT_USAGE, file, 0, key,
			                    "expected a non-empty string");
	}
	for (size_t i = 0; i < schema_wijksim.count; i++) {
		const struct schema_entry *e = &schema_wijksim.entries[i];
		if (e->meaning && e->meaning[0] && !json_object_get(m, e->path))
			return wk_error_set(err, WK_EXIT_USAGE, file, 0, e->path,
			                    "no Dutch meaning (the schema has an English one)");
	}
	return 0;
}

static json_t *settings_json(const json_t *meanings)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < schema_wijksim.count; i++) {
		const struct schema_entry *e = &schema_wijksim.entries[i];
		int number = e->type == SCHEMA_INT || e->type == SCHEMA_INT64 ||
		             e->type == SCHEMA_FLOAT || e->type == SCHEMA_FLOAT_ARRAY ||
		             e->type == SCHEMA_INT_ARRAY;
		int counted = e->type == SCHEMA_LIST || e->type == SCHEMA_STRING ||
		              e->type == SCHEMA_FLOAT_ARRAY || e->type == SCHEMA_INT_ARRAY ||
		              e->type == SCHEMA_STRING_ARRAY;
		json_t *o = json_object(), *choices = json_null();
		if (!o)
			break;
		json_object_set_new(o, "path", json_string(e->path));
		json_object_set_new(o, "type", json_string(schema_type_name(e->type)));
		json_object_set_new(o, "min", number ? json_real(e->min) : json_null());
		json_object_set_new(o, "max", number ? json_real(e->max) : json_null());
		if (counted) {
			json_object_set_new(o, "min_count", json_integer((json_int_t)e->min_count));
			json_object_set_new(o, "max_count", json_integer((json_int_t)e->max_count));
		}
		json_object_set_new(o, "default",
		                    e->default_value ? json_string(e->default_value) : json_null());
		json_object_set_new(o, "required", json_boolean(!e->default_value &&
		                                                e->type != SCHEMA_GROUP));
		json_object_set_new(o, "unit", json_null());
		json_object_set_new(o, "meaning", json_string(e->meaning ? e->meaning : ""));
		json_object_set_new(o, "meaning_nl", json_string(meaning_nl_of(meanings, e)));
		if (e->choices) {
			char buf[512];
			char *save = NULL;
			choices = json_array();
			snprintf(buf, sizeof buf, "%s", e->choices);
			for (char *p = strtok_r(buf, "|", &save); p && choices;
			     p = strtok_r(NULL, "|", &save))
				json_array_append_new(choices, json_string(p));
		}
		json_object_set_new(o, "choices", choices);
		json_array_append_new(list, o);
	}
	return list;
}

/* The headline indicators (per metric; the labels come with a run). */
static json_t *indicators_list(const json_t *table)
{
	json_t *out = json_array();
	json_t *mrd = json_object_get(table, "mrd"), *shares = json_object_get(table, "shares");
	json_t *derived = json_object_get(table, "derived");
	size_t gi, ii, k;
	json_t *g, *item, *s;

	json_array_foreach(json_object_get(table, "groups"), gi, g) {
		json_array_foreach(json_object_get(g, "items"), ii, item) {
			const char *metric = json_string_value(json_object_get(item, "metric"));
			json_t *o = json_object(), *d = json_object_get(derived, metric);
			int share = 0, mi = model_metric_find(metric);
			const struct model_metric *mm = NULL;
			if (mi >= 0)
				mm = model_metric_get((size_t)mi);
			if (!o || !metric)
				continue;
			json_array_foreach(shares, k, s) {
				share |= json_equal(s, json_object_get(item, "metric"));
			}
			json_object_set_new(o, "id", json_string(metric));
			json_object_set(o, "group", json_object_get(g, "group"));
			json_object_set_new(o, "metric", json_string(metric));
			json_object_set(o, "rule", json_object_get(item, "rule"));
			const char *units = json_string_value(json_object_get(d, "units"));
			const char *long_name = json_string_value(json_object_get(d, "long_name"));
			json_object_set_new(o, "units", json_string(mm ? mm->units : units));
			json_object_set_new(o, "long_name",
			                    json_string(mm ? mm->long_name : long_name));
			json_object_set_new(o, "share", json_boolean(share));
			json_t *m = json_object_get(mrd, metric);
			json_object_set(o, "mrd", m ? m : json_null());
			json_array_append_new(out, o);
		}
	}
	return out;
}

static json_t *run_defaults(const struct serve_state *st)
{
	(void)st;
	return json_pack("{s:i, s:i, s:i}", "replicates", SERVE_DEFAULT_REPLICATES, "days",
	                 SERVE_DEFAULT_DAYS, "warmup_days", SERVE_DEFAULT_WARMUP_DAYS);
}

static char *exercises_build(const struct serve_state *st)
{
	char path[PATH_MAX];
	char *en, *nl, *text;
	json_t *o;

	en = snprintf(path, sizeof path, "%s/scenarios/education/README.md", st->root) <
	     (int)sizeof path ? read_text(path, 1u << 20) : NULL;
	nl = snprintf(path, sizeof path, "%s/scenarios/education/README.nl.md", st->root) <
	     (int)sizeof path ? read_text(path, 1u << 20) : NULL;
	o = json_object();
	json_object_set_new(o, "markdown_en", en ? json_string(en) : json_null());
	json_object_set_new(o, "markdown_nl", nl ? json_string(nl) : json_null());
	text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(o);
	free(en);
	free(nl);
	return text;
}

/* Which scenarios are offered: the command line's, else the shipped ones. */
static int scenarios_find(struct serve_state *st, char **given, size_t n_given,
                          char ***files, size_t *n)
{
	if (n_given) {
		*files = calloc(n_given, sizeof **files);
		if (!*files)
			return -1;
		for (size_t i = 0; i < n_given; i++)
			if (!((*files)[i] = strdup(given[i])))
				return -1;
		*n = n_given;
		return 0;
	}
	if (list_cfgs(st->root, "scenarios", files, n) ||
	    list_cfgs(st->root, "scenarios/education", files, n))
		return -1;
	return 0;
}

int serve_catalog_build(struct serve_state *st, char **given, size_t n_given,
                        struct wk_error *err)
{
	char **files = NULL;
	size_t n = 0, best_size = 0;
	struct scen **scens = NULL;
	struct model_params *params = NULL;
	json_error_t jerr;
	json_t *list = NULL, *o;
	int rc = 0;

	st->indicators = json_loads(indicators_json, 0, &jerr);
	if (!st->indicators)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "the built-in indicator table is not JSON: %s", jerr.text);
	if ((rc = meanings_load(st, err)) || (rc = levers_load(st, err)))
		return rc;
	if (scenarios_find(st, given, n_given, &files, &n))
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	if (n == 0) {
		rc = wk_error_set(err, WK_EXIT_USAGE, st->root, 0, NULL,
		                  "no scenario files to serve (scenarios/*.cfg under the root)");
		goto out;
	}
	st->scenarios = calloc(n, sizeof *st->scenarios);
	scens = calloc(n, sizeof *scens);
	params = calloc(n, sizeof *params);
	if (!st->scenarios || !scens || !params) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	st->n_scenarios = n;
	for (size_t i = 0; i < n; i++) {
		char full[PATH_MAX], real[PATH_MAX];
		struct serve_scenario *sc = &st->scenarios[i];
		int len = n_given ? snprintf(full, sizeof full, "%s", files[i])
		                  : snprintf(full, sizeof full, "%s/%s", st->root, files[i]);
		if (len < 0 || len >= (int)sizeof full) {
			rc = wk_error_set(err, WK_EXIT_USAGE, files[i], 0, NULL, "path too long");
			goto out;
		}
		sc->base = -1;
		sc->file = files[i];
		files[i] = NULL;
		if ((rc = scen_load(&schema_wijksim, full, NULL, 0, &scens[i], err)) ||
		    (rc = params_load(scens[i], &params[i], err)))
			goto out;
		sc->name = strdup(params[i].name);
		sc->real = strdup(realpath(full, real) ? real : full);
		sc->extends = extends_of(full);
		for (size_t j = 0; j < i; j++)
			if (strcmp(sc->name, st->scenarios[j].name) == 0) {
				rc = wk_error_set(err, WK_EXIT_USAGE, sc->file, 0, "name",
				                  "scenario name \"%s\" is also the name of %s: "
				                  "expected distinct names", sc->name,
				                  st->scenarios[j].file);
				goto out;
			}
	}
	/* Bases: the file `extends` names, when it is served too. */
	for (size_t i = 0; i < n; i++) {
		struct serve_scenario *sc = &st->scenarios[i];
		char *dir, *slash, base[PATH_MAX], real[PATH_MAX];
		if (!sc->extends)
			continue;
		dir = strdup(sc->real);
		slash = dir ? strrchr(dir, '/') : NULL;
		if (slash)
			*slash = '\0';
		snprintf(base, sizeof base, "%s/%s", slash ? dir : ".", sc->extends);
		free(dir);
		if (!realpath(base, real))
			continue;
		for (size_t j = 0; j < n; j++)
			if (j != i && strcmp(st->scenarios[j].real, real) == 0)
				sc->base = (int)j;
	}
	/* Default pair: the scenario with a base whose pair has the fewest
	 * residents (the quickest to rerun live). */
	st->default_scenario = 0;
	st->default_baseline = st->scenarios[0].base >= 0 ? st->scenarios[0].base : 0;
	for (size_t i = 0; i < n; i++) {
		int b = st->scenarios[i].base;
		size_t size;
		if (b < 0)
			continue;
		size = (size_t)params[i].wijken * (size_t)params[i].residents_per_wijk;
		size_t bsize = (size_t)params[b].wijken * (size_t)params[b].residents_per_wijk;
		if (bsize > size)
			size = bsize;
		if (best_size == 0 || size < best_size) {
			best_size = size;
			st->default_scenario = (int)i;
			st->default_baseline = b;
		}
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		if (scenario_describe(st, i, scens, params, list)) {
			rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
			goto out;
		}
	o = json_pack("{s:s, s:s, s:O}", "default_scenario",
	              st->scenarios[st->default_scenario].name, "default_baseline",
	              st->scenarios[st->default_baseline].name, "scenarios", list);
	st->scenarios_json = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(o);
	o = json_object();
	if (o) {
		const struct serve_limits *l = &st->limits;
		json_object_set_new(o, "settings", settings_json(st->meanings_nl));
		json_object_set(o, "levers", json_object_get(st->levers, "levers"));
		st->indicator_defs = indicators_list(st->indicators);
		json_object_set(o, "indicators", st->indicator_defs);
		json_t *groups = json_array();
		size_t gi;
		json_t *g;
		json_array_foreach(json_object_get(st->indicators, "groups"), gi, g)
			json_array_append(groups, json_object_get(g, "group"));
		json_object_set_new(o, "groups", groups);
		json_object_set_new(o, "run_defaults", run_defaults(st));
		json_object_set_new(o, "limits",
		                    json_pack("{s:I, s:I, s:I, s:f, s:i, s:f, s:I, s:i}",
		                              "replicates", (json_int_t)l->replicates, "days",
		                              (json_int_t)l->days, "warmup_days",
		                              (json_int_t)l->warmup_days,
		                              "resident_days_replicates", l->resident_days,
		                              "concurrent_runs", l->concurrent_runs,
		                              "run_seconds", l->run_seconds, "body_bytes",
		                              (json_int_t)l->body_bytes, "kept_runs",
		                              l->kept_runs));
		st->schema_json = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
		json_decref(o);
	}
	st->exercises_json = exercises_build(st);
	if (!st->scenarios_json || !st->schema_json || !st->exercises_json)
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
out:
	json_decref(list);
	for (size_t i = 0; i < n; i++) {
		if (scens)
			scen_free(scens[i]);
		free(files[i]);
	}
	free(files);
	free(scens);
	free(params);
	return rc;
}
