/*
 * scen_compose.c — a scenario's ingredients (`wijksim decompose`): reading
 * the `ingredients` list, the settings in which a scenario differs from a
 * baseline, and a baseline with some of the scenario's ingredients.
 *
 * Place in the pipeline: after it. It works on two loaded, resolved scens
 * (defaults filled, overrides applied), so every setting the schema knows is
 * present in both trees and only list elements can be missing from one.
 * Calls the tree edits of scen_tree.c and the core; the composed text goes
 * back through scen_load_text, which validates it like any scenario.
 *
 * Invariants:
 *  1. Paths are followed in both trees at once (locate): a path is known
 *     when it leads to a setting in the scenario or the baseline. Only the
 *     last step may be missing on one side, and only as a list element.
 *  2. Composing uses the same merge rules as `extends` for a named element
 *     (scen.h step 5), applied to one path at a time: a setting or element
 *     present in both is replaced by the scenario's; one only in the
 *     scenario is inserted after the nearest element before it in the
 *     scenario's list that the composed list has; one only in the baseline
 *     is removed. With every ingredient the composed tree therefore equals
 *     the scenario's, element order included (decompose checks this with
 *     scen_differences).
 *  3. Differences are found at the finest level the merge works at: values
 *     and arrays whole, groups member by member, lists of named groups
 *     element by element (a different order of common elements is a
 *     difference of the whole list), other lists whole.
 */
#include "scen_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Root settings that never count as a difference or an ingredient. */
static const char *const not_counted[] = {"name", "description", "description_nl",
                                          "assumptions", "ingredients"};

static int is_not_counted(const char *root_name)
{
	for (size_t i = 0; i < sizeof not_counted / sizeof not_counted[0]; i++)
		if (strcmp(root_name, not_counted[i]) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ paths */

/* Where a path leads in the scenario (s) and the baseline (b); NULL where
 * it does not exist. list_s/list_b: the lists holding them when the last
 * step named a list element, else NULL. */
struct located {
	config_setting_t *s, *b;
	config_setting_t *list_s, *list_b;
};

static int looks_like_index(const char *comp)
{
	size_t i = comp[0] == '[';

	if (comp[0] == '\0')
		return 0;
	for (; comp[i] && comp[i] != ']'; i++)
		if (comp[i] < '0' || comp[i] > '9')
			return 0;
	return 1;
}

/* Follow `path` in both trees (invariant 1). Returns 0 with *loc, or -1
 * with the reason in msg. */
static int locate(config_setting_t *root_s, config_setting_t *root_b, const char *path,
                  struct located *loc, char *msg, size_t size)
{
	char copy[PATH_CAP], shown[PATH_CAP] = "", hint[512];
	char *comp, *save = NULL;
	config_setting_t *cur_s = root_s, *cur_b = root_b;

	memset(loc, 0, sizeof *loc);
	if (strlen(path) >= sizeof copy) {
		snprintf(msg, size, "setting path too long");
		return -1;
	}
	memcpy(copy, path, strlen(path) + 1);
	if (!path[0] || path[0] == '.' || strstr(path, "..") || path[strlen(path) - 1] == '.') {
		snprintf(msg, size,
		         "'%s' is not a setting path: expected names joined by '.', "
		         "e.g. mdo.enabled or roles.huisarts.fte_per_1000",
		         path);
		return -1;
	}
	for (comp = strtok_r(copy, ".", &save); comp; comp = strtok_r(NULL, ".", &save)) {
		config_setting_t *ref = cur_s ? cur_s : cur_b;
		config_setting_t *next_s = NULL, *next_b = NULL;
		const char *where = shown[0] ? shown : "the scenario";
		int type = config_setting_type(ref), more = save && *save;
		struct suggest sg;

		loc->list_s = loc->list_b = NULL;
		if (type == CONFIG_TYPE_GROUP) {
			if (ref == root_s && is_not_counted(comp)) {
				snprintf(msg, size,
				         "'%s' cannot be an ingredient: expected a setting "
				         "of the model",
				         comp);
				return -1;
			}
			next_s = cur_s ? config_setting_get_member(cur_s, comp) : NULL;
			next_b = cur_b ? config_setting_get_member(cur_b, comp) : NULL;
			if (!next_s && !next_b) {
				scen_suggest_init(&sg, comp);
				for (int i = 0; i < config_setting_length(ref); i++)
					scen_suggest_add(
					        &sg, config_setting_name(config_setting_get_elem(
					                     ref, (unsigned)i)));
				scen_suggest_text(&sg, "known settings here", hint, sizeof hint);
				snprintf(msg, size, "unknown setting '%s' in %s%s", comp, where,
				         hint);
				return -1;
			}
		} else if (type == CONFIG_TYPE_LIST) {
			if (looks_like_index(comp)) {
				snprintf(msg, size,
				         "'%s' is an index: name an element of %s by its "
				         "name (positions differ between scenarios)",
				         comp, where);
				return -1;
			}
			next_s = cur_s ? scen_find_named(cur_s, comp) : NULL;
			next_b = cur_b ? scen_find_named(cur_b, comp) : NULL;
			if (!next_s && !next_b) {
				scen_suggest_init(&sg, comp);
				for (int k = 0; k < 2; k++) {
					config_setting_t *l = k ? cur_b : cur_s;
					for (int i = 0; l && i < config_setting_length(l); i++) {
						const char *nm = scen_element_name(
						        config_setting_get_elem(l, (unsigned)i));
						if (nm)
							scen_suggest_add(&sg, nm);
					}
				}
				scen_suggest_text(&sg, "names", hint, sizeof hint);
				snprintf(msg, size,
				         "no element named '%s' in %s of the scenario or "
				         "the baseline%s",
				         comp, where, hint);
				return -1;
			}
			loc->list_s = cur_s;
			loc->list_b = cur_b;
		} else if (type == CONFIG_TYPE_ARRAY) {
			snprintf(msg, size, "%s is an array: name it whole", where);
			return -1;
		} else {
			snprintf(msg, size, "%s is a single value with no settings inside", where);
			return -1;
		}
		if (more && (!next_s || !next_b)) {
			snprintf(msg, size, "%s%s%s is only in the %s: name the whole element",
			         shown, shown[0] ? "." : "", comp,
			         next_s ? "scenario" : "baseline");
			return -1;
		}
		snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s",
		         shown[0] ? "." : "", comp);
		cur_s = next_s;
		cur_b = next_b;
	}
	loc->s = cur_s;
	loc->b = cur_b;
	return 0;
}

/* Whether path p is q or holds it (a component-wise prefix). */
static int path_holds(const char *p, const char *q)
{
	size_t n = strlen(p);

	return strncmp(p, q, n) == 0 && (q[n] == '\0' || q[n] == '.');
}

/* ------------------------------------------------------------ differences */

struct path_list {
	char **paths;
	size_t n, cap;
};

static void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof *l);
}

static int path_list_add(struct path_list *l, const char *path)
{
	void *p = l->paths;
	char *copy;

	if (scen_grow(&p, &l->cap, l->n + 1, sizeof *l->paths) < 0)
		return -1;
	l->paths = p;
	copy = strdup(path);
	if (!copy)
		return -1;
	l->paths[l->n++] = copy;
	return 0;
}

static int values_equal(const config_setting_t *a, const config_setting_t *b)
{
	int type = config_setting_type(a), n;

	if (type != config_setting_type(b))
		return 0;
	switch (type) {
	case CONFIG_TYPE_INT:
		return config_setting_get_int(a) == config_setting_get_int(b);
	case CONFIG_TYPE_INT64:
		return config_setting_get_int64(a) == config_setting_get_int64(b);
	case CONFIG_TYPE_FLOAT:
		return config_setting_get_float(a) == config_setting_get_float(b);
	case CONFIG_TYPE_BOOL:
		return config_setting_get_bool(a) == config_setting_get_bool(b);
	case CONFIG_TYPE_STRING:
		return strcmp(config_setting_get_string(a), config_setting_get_string(b)) == 0;
	default:
		break;
	}
	n = config_setting_length(a);
	if (n != config_setting_length(b))
		return 0;
	for (int i = 0; i < n; i++) {
		const config_setting_t *ea = config_setting_get_elem(a, (unsigned)i);
		const config_setting_t *eb = config_setting_get_elem(b, (unsigned)i);
		const char *na = config_setting_name(ea), *nb = config_setting_name(eb);

		if ((na || nb) && (!na || !nb || strcmp(na, nb) != 0))
			return 0;
		if (!values_equal(ea, eb))
			return 0;
	}
	return 1;
}

/* "prefix.name" into buf. */
static void join_path(char *buf, size_t size, const char *prefix, const char *name)
{
	snprintf(buf, size, "%s%s%s", prefix, prefix[0] ? "." : "", name);
}

/* Whether the elements of named list a that b also has come in b's order. */
static int same_order(const config_setting_t *a, const config_setting_t *b)
{
	int last = -1;

	for (int i = 0; i < config_setting_length(a); i++) {
		const config_setting_t *e = config_setting_get_elem(a, (unsigned)i);
		const config_setting_t *f = scen_find_named(b, scen_element_name(e));

		if (!f)
			continue;
		if (config_setting_index(f) < last)
			return 0;
		last = config_setting_index(f);
	}
	return 1;
}

/* Add the paths where a and b differ (invariant 3); -1 when out of memory. */
static int collect_differences(const config_setting_t *a, const config_setting_t *b,
                               const char *path, struct path_list *out)
{
	int type = config_setting_type(a), is_root = path[0] == '\0';
	char sub[PATH_CAP];

	if (type != config_setting_type(b))
		return path_list_add(out, path);
	if (type == CONFIG_TYPE_GROUP) {
		for (int k = 0; k < 2; k++) {
			const config_setting_t *x = k ? b : a, *y = k ? a : b;
			for (int i = 0; i < config_setting_length(x); i++) {
				const config_setting_t *m = config_setting_get_elem(x, (unsigned)i);
				const char *name = config_setting_name(m);
				const config_setting_t *o = config_setting_get_member(y, name);

				if (is_root && is_not_counted(name))
					continue;
				join_path(sub, sizeof sub, path, name);
				if (!o) {
					if (path_list_add(out, sub))
						return -1;
				} else if (k == 0 && collect_differences(m, o, sub, out)) {
					return -1;
				}
			}
		}
		return 0;
	}
	if (type == CONFIG_TYPE_LIST && scen_is_named_list(a) && scen_is_named_list(b)) {
		if (!same_order(a, b))
			return path_list_add(out, path);
		for (int k = 0; k < 2; k++) {
			const config_setting_t *x = k ? b : a, *y = k ? a : b;
			for (int i = 0; i < config_setting_length(x); i++) {
				const config_setting_t *e = config_setting_get_elem(x, (unsigned)i);
				const config_setting_t *o =
				        scen_find_named(y, scen_element_name(e));

				join_path(sub, sizeof sub, path, scen_element_name(e));
				if (!o) {
					if (path_list_add(out, sub))
						return -1;
				} else if (k == 0 && collect_differences(e, o, sub, out)) {
					return -1;
				}
			}
		}
		return 0;
	}
	return values_equal(a, b) ? 0 : path_list_add(out, path);
}

char *scen_differences(const struct scen *a, const struct scen *b)
{
	struct path_list l = {NULL, 0, 0};
	struct sbuf text = {NULL, 0, 0};
	int ok = collect_differences(config_root_setting(a->cfg), config_root_setting(b->cfg), "",
	                             &l) == 0;

	ok = ok && scen_sbuf_add(&text, "", 0) == 0;
	for (size_t i = 0; ok && i < l.n; i++)
		ok = scen_sbuf_add(&text, ", ", i ? 2 : 0) == 0 &&
		     scen_sbuf_add(&text, l.paths[i], strlen(l.paths[i])) == 0;
	path_list_free(&l);
	if (!ok) {
		free(text.p);
		return NULL;
	}
	return text.p;
}

/* ------------------------------------------------------------ ingredients */

void scen_ingredients_free(struct scen_ingredients *ing)
{
	for (size_t i = 0; ing && i < ing->n; i++) {
		for (size_t j = 0; j < ing->items[i].n_paths; j++)
			free(ing->items[i].paths[j]);
		free(ing->items[i].paths);
		free(ing->items[i].name);
	}
	if (ing) {
		free(ing->items);
		ing->items = NULL;
		ing->n = 0;
	}
}

static int oom(struct wk_error *err)
{
	return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
}

/* Add an ingredient with the paths of `l` (taken over) to *ing. */
static int add_ingredient(struct scen_ingredients *ing, const char *name, struct path_list *l,
                          int implicit)
{
	struct scen_ingredient *items = realloc(ing->items, (ing->n + 1) * sizeof *items);

	if (!items)
		return -1;
	ing->items = items;
	items[ing->n].name = strdup(name);
	if (!items[ing->n].name)
		return -1;
	items[ing->n].paths = l->paths;
	items[ing->n].n_paths = l->n;
	items[ing->n].implicit = implicit;
	ing->n++;
	memset(l, 0, sizeof *l);
	return 0;
}

/* The string setting that declared path j of ingredient i. */
static const config_setting_t *declared_at(const config_setting_t *list, size_t i, size_t j)
{
	const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);

	return config_setting_get_elem(config_setting_get_member(e, "settings"), (unsigned)j);
}

/* The checks of one ingredient element `e` (number i); paths go to *paths. */
static int read_one(const struct scen *scen, const struct scen *base, const config_setting_t *list,
                    size_t i, const struct scen_ingredients *done, struct path_list *paths,
                    struct wk_error *err)
{
	const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
	const config_setting_t *name = config_setting_get_member(e, "name");
	const config_setting_t *settings = config_setting_get_member(e, "settings");
	const char *nm = config_setting_get_string(name);
	char msg[1024];

	if (strcmp(nm, "other") == 0)
		return scen_error_at(
		        scen, name, err,
		        "the ingredient name \"other\" is kept for "
		        "the settings that no ingredient names: expected another name");
	for (size_t k = 0; k < done->n; k++)
		if (strcmp(done->items[k].name, nm) == 0)
			return scen_error_at(scen, name, err,
			                     "duplicate ingredient name \"%s\": "
			                     "names must be unique",
			                     nm);
	for (int j = 0; j < config_setting_length(settings); j++) {
		const config_setting_t *s = config_setting_get_elem(settings, (unsigned)j);
		const char *path = config_setting_get_string(s);
		struct located loc;

		if (locate(config_root_setting(scen->cfg), config_root_setting(base->cfg), path,
		           &loc, msg, sizeof msg))
			return scen_error_at(scen, s, err, "%s", msg);
		for (size_t k = 0; k <= done->n; k++) {
			size_t n = k < done->n ? done->items[k].n_paths : paths->n;
			for (size_t m = 0; m < n; m++) {
				const char *other =
				        k < done->n ? done->items[k].paths[m] : paths->paths[m];
				const char *owner = k < done->n ? done->items[k].name : nm;
				char where[PATH_CAP];

				if (!path_holds(other, path) && !path_holds(path, other))
					continue;
				scen_setting_path(declared_at(list, k < done->n ? k : i, m), where,
				                  sizeof where);
				return scen_error_at(
				        scen, s, err,
				        "setting '%s' is also in ingredient "
				        "\"%s\" as '%s' (%s): expected each setting in one "
				        "ingredient",
				        path, owner, other, where);
			}
		}
		if (path_list_add(paths, path))
			return oom(err);
	}
	return 0;
}

int scen_ingredients_read(const struct scen *scen, const struct scen *base,
                          struct scen_ingredients *out, struct wk_error *err)
{
	const config_setting_t *list =
	        config_setting_get_member(config_root_setting(scen->cfg), "ingredients");
	struct path_list paths = {NULL, 0, 0}, diff = {NULL, 0, 0}, other = {NULL, 0, 0};
	int rc = 0, n = list ? config_setting_length(list) : 0;

	memset(out, 0, sizeof *out);
	if (n == 0) {
		rc = scen_error_at(
		        scen, list, err,
		        "the scenario declares no ingredients: expected "
		        "ingredients = ( { name = \"...\"; settings = [\"path\", ...]; }, "
		        "... ); (README.md \"Decompose a scenario\")");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		rc = read_one(scen, base, list, (size_t)i, out, &paths, err);
		if (rc)
			goto out;
		if (add_ingredient(out,
		                   config_setting_get_string(config_setting_get_member(
		                           config_setting_get_elem(list, (unsigned)i), "name")),
		                   &paths, 0)) {
			rc = oom(err);
			goto out;
		}
	}
	if (collect_differences(config_root_setting(scen->cfg), config_root_setting(base->cfg), "",
	                        &diff)) {
		rc = oom(err);
		goto out;
	}
	for (size_t d = 0; d < diff.n; d++) {
		int covered = 0;
		for (size_t i = 0; i < out->n && !covered; i++)
			for (size_t j = 0; j < out->items[i].n_paths && !covered; j++)
				covered = path_holds(out->items[i].paths[j], diff.paths[d]);
		if (!covered && path_list_add(&other, diff.paths[d])) {
			rc = oom(err);
			goto out;
		}
	}
	if (other.n && add_ingredient(out, "other", &other, 1)) {
		rc = oom(err);
		goto out;
	}
	if (out->n > SCEN_INGREDIENTS_MAX) {
		int implicit = out->items[out->n - 1].implicit;
		rc = scen_error_at(scen, list, err,
		                   "%zu ingredients (%d declared%s): expected at "
		                   "most %d (%d combinations); group ingredients into fewer",
		                   out->n, n,
		                   implicit ? " and \"other\" for the differing settings "
		                              "no ingredient names"
		                            : "",
		                   SCEN_INGREDIENTS_MAX, 1 << SCEN_INGREDIENTS_MAX);
		goto out;
	}
out:
	path_list_free(&paths);
	path_list_free(&diff);
	path_list_free(&other);
	if (rc)
		scen_ingredients_free(out);
	return rc;
}

/* ------------------------------------------------------------ composing */

/* Take `path` from the scenario tree into the composed tree (invariant 2). */
static int take_path(config_setting_t *root_c, config_setting_t *root_s, const char *path,
                     struct wk_error *err)
{
	struct located loc;
	char msg[1024];

	if (locate(root_s, root_c, path, &loc, msg, sizeof msg))
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, path,
		                    "internal error composing an ingredient: %s", msg);
	if (loc.s && loc.b)
		return scen_replace_by_copy(loc.b, loc.s, NULL) ? 0 : oom(err);
	if (loc.b) {
		config_setting_remove_elem(loc.list_b, (unsigned)config_setting_index(loc.b));
		return 0;
	}
	if (!loc.s || !loc.list_b)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, path,
		                    "internal error composing an ingredient: no such setting");
	unsigned at = 0;
	for (int j = config_setting_index(loc.s) - 1; j >= 0; j--) {
		const config_setting_t *before = config_setting_get_elem(loc.list_s, (unsigned)j);
		const config_setting_t *there =
		        scen_find_named(loc.list_b, scen_element_name(before));
		if (there) {
			at = (unsigned)config_setting_index(there) + 1;
			break;
		}
	}
	return scen_insert_copy(loc.list_b, at, loc.s, NULL) ? 0 : oom(err);
}

int scen_compose_text(const struct scen *base, const struct scen *scen,
                      const struct scen_ingredients *ing, unsigned mask, char **text,
                      struct wk_error *err)
{
	config_t *cfg = scen_new_config();
	config_setting_t *root_b = config_root_setting(base->cfg);
	config_setting_t *root_c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc = 0;

	*text = NULL;
	if (!cfg)
		return oom(err);
	root_c = config_root_setting(cfg);
	for (int i = 0; i < config_setting_length(root_b); i++) {
		const config_setting_t *m = config_setting_get_elem(root_b, (unsigned)i);
		if (!scen_copy_setting(root_c, config_setting_name(m), m, NULL)) {
			rc = oom(err);
			goto out;
		}
	}
	for (size_t i = 0; i < ing->n; i++) {
		if (!(mask & (1u << i)))
			continue;
		for (size_t j = 0; j < ing->items[i].n_paths; j++) {
			rc = take_path(root_c, config_root_setting(scen->cfg),
			               ing->items[i].paths[j], err);
			if (rc)
				goto out;
		}
	}
	f = open_memstream(&buf, &len);
	if (!f) {
		rc = oom(err);
		goto out;
	}
	config_write(cfg, f);
	if (fclose(f) != 0) {
		free(buf);
		rc = oom(err);
		goto out;
	}
	*text = buf;
out:
	scen_destroy_config(cfg);
	return rc;
}
