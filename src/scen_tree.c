/*
 * scen_tree.c — editing libconfig trees, and step 5 of the loader: resolving
 * `extends = "base.cfg";` by loading the base (recursively) and merging the
 * file over it (the merge rules are in scen.h).
 *
 * Place in the pipeline: after scen_source.c, which it calls to read and
 * parse each file of an extends chain; scen_load_scenario_file is steps 1-5
 * for one file. The tree edits (copy, replace in place, find a named list
 * element) are also used by the later stages: scen_check.c (type
 * normalisation, defaults) and scen_override.c (--set).
 *
 * Invariants:
 *  - Replacing a setting (extends, type normalisation, --set) keeps its name
 *    and its position in its parent, so the effective text keeps the
 *    author's order (libconfig 1.5 can only append; move_last_to puts the
 *    new child back).
 *  - A copied setting carries a prov hook: the one given, else its source's.
 *    A merged group takes the origin of the overriding file.
 *  - The `extends` setting is removed before the merge; a base is found
 *    relative to the folder of the file that names it; a cycle, or a chain
 *    of MAX_NESTING files, is refused at the `extends` line.
 */
#include "scen_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
config_setting_t *scen_copy_setting(config_setting_t *dst_parent, const char *name,
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

		if (!scen_copy_setting(dst, config_setting_name(e), e, hook))
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
		dst = scen_copy_setting(parent, name, src, hook);
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

config_setting_t *scen_replace_by_copy(config_setting_t *old, const config_setting_t *src,
                                       void *hook)
{
	return replace_in_place(old, src, 0, hook);
}

config_setting_t *scen_replace_by_type(config_setting_t *old, int type)
{
	return replace_in_place(old, NULL, type, NULL);
}

config_setting_t *scen_insert_copy(config_setting_t *list, unsigned idx,
                                   const config_setting_t *src, void *hook)
{
	config_setting_t *dst = scen_copy_setting(list, NULL, src, hook);

	if (dst)
		move_last_to(list, idx);
	return dst;
}

/* ------------------------------------------------------------ extends */

int scen_is_named_list(const config_setting_t *l)
{
	int i, n = config_setting_length(l);

	for (i = 0; i < n; i++)
		if (!scen_element_name(config_setting_get_elem(l, (unsigned)i)))
			return 0;
	return 1;
}

config_setting_t *scen_find_named(const config_setting_t *l, const char *name)
{
	int i, n = config_setting_length(l);

	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
		const char *nm = scen_element_name(e);

		if (nm && strcmp(nm, name) == 0)
			return e;
	}
	return NULL;
}

static int merge_group(struct loader *ld, config_setting_t *dst, const config_setting_t *src);

/* Two elements of one overriding list with the same name would both merge
 * into one (the last winning): refuse them as a stand-alone file's list is
 * refused. */
static int named_list_unique(struct loader *ld, const config_setting_t *src)
{
	int n = config_setting_length(src);

	for (int i = 0; i < n; i++) {
		const config_setting_t *se = config_setting_get_elem(src, (unsigned)i);
		const char *name = scen_element_name(se);

		for (int j = 0; name && j < i; j++) {
			const config_setting_t *earlier = config_setting_get_elem(src, (unsigned)j);
			const char *other = scen_element_name(earlier);
			const struct prov *at = scen_prov_of(earlier);
			if (!other || strcmp(other, name) != 0)
				continue;
			return scen_report(ld, config_setting_get_member(se, "name"), NULL,
			                   "duplicate name \"%s\" in %s (also at %s:%d): names "
			                   "must be unique, also where a scenario extends another",
			                   name, config_setting_name(src),
			                   at && at->file ? at->file : "?", at ? at->line : 0);
		}
	}
	return 0;
}

/* Named elements merge by name, new names are appended in their order. */
static int merge_named_list(struct loader *ld, config_setting_t *dst, const config_setting_t *src)
{
	int i, n = config_setting_length(src), rc;

	if ((rc = named_list_unique(ld, src)))
		return rc;
	for (i = 0; i < n; i++) {
		const config_setting_t *se = config_setting_get_elem(src, (unsigned)i);
		config_setting_t *de = scen_find_named(dst, scen_element_name(se));

		if (de) {
			rc = merge_group(ld, de, se);
			if (rc)
				return rc;
		} else if (!scen_copy_setting(dst, NULL, se, NULL)) {
			return scen_oom(ld);
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
			if (!scen_copy_setting(dst, name, s, NULL))
				return scen_oom(ld);
		} else if (ts == CONFIG_TYPE_GROUP && td == CONFIG_TYPE_GROUP) {
			rc = merge_group(ld, d, s);
			if (rc)
				return rc;
		} else if (ts == CONFIG_TYPE_LIST && td == CONFIG_TYPE_LIST &&
		           config_setting_length(s) > 0 && scen_is_named_list(s) &&
		           scen_is_named_list(d)) {
			/* An empty overriding list replaces: that is how a scenario
			 * says "none of the base's elements". */
			rc = merge_named_list(ld, d, s);
			if (rc)
				return rc;
		} else if (!scen_replace_by_copy(d, s, NULL)) {
			return scen_oom(ld);
		}
	}
	config_setting_set_hook(dst, config_setting_get_hook(src));
	return 0;
}

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
	pr = scen_prov_of(ext);
	if (config_setting_type(ext) != CONFIG_TYPE_STRING || !config_setting_get_string(ext)[0])
		return scen_report(ld, ext, NULL, "expected the file name of a base scenario, "
		                   "e.g. extends = \"base.cfg\";");
	base_path = scen_path_beside(pr->file, config_setting_get_string(ext));
	if (!base_path) {
		rc = scen_oom(ld);
		goto out;
	}
	base_real = realpath(base_path, NULL);
	if (!base_real) {
		rc = scen_fail_at(ld, pr->file, pr->line, "extends",
		                  "cannot open base scenario '%s' (%s): %s",
		                  config_setting_get_string(ext), base_path, strerror(errno));
		goto out;
	}
	if (scen_on_chain(&link, base_real)) {
		scen_cycle_text(&link, base_path, cycle, sizeof cycle);
		rc = scen_fail_at(ld, pr->file, pr->line, "extends", "extends cycle: %s", cycle);
		goto out;
	}
	if (scen_chain_depth(&link) >= MAX_NESTING) {
		rc = scen_fail_at(ld, pr->file, pr->line, "extends",
		                  "extends nested deeper than %d files", MAX_NESTING);
		goto out;
	}
	rc = scen_load_scenario_file(ld, base_path, pr->file, pr->line, &link, &base);
	if (rc)
		goto out;
	config_setting_remove(root, "extends");
	rc = merge_group(ld, config_root_setting(base), root);
	if (rc)
		goto out;
	scen_destroy_config(*cfg);
	*cfg = base;
	base = NULL;
out:
	scen_destroy_config(base);
	free(base_path);
	free(base_real);
	return rc;
}

int scen_load_scenario_file(struct loader *ld, const char *path, const char *ref_file,
                            int ref_line, const struct chain *extends_chain, config_t **out)
{
	char *text = NULL, *real = NULL;
	const char *shown;
	config_t *cfg = NULL;
	size_t len;
	int rc;

	*out = NULL;
	shown = scen_intern_file(ld->scen, path);
	if (!shown)
		return scen_oom(ld);
	rc = scen_read_file(ld, path, ref_file, ref_line, "base scenario", &text, &len);
	if (rc)
		goto out;
	real = realpath(path, NULL);
	rc = scen_check_bytes(ld, shown, text, len);
	if (rc)
		goto out;
	rc = scen_parse_scenario_text(ld, text, len, shown, real, 1, &cfg);
	if (rc)
		goto out;
	rc = apply_extends(ld, &cfg, shown, real, extends_chain);
	if (rc)
		goto out;
	*out = cfg;
	cfg = NULL;
out:
	scen_destroy_config(cfg);
	free(text);
	free(real);
	return rc;
}
