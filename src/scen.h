/*
 * scen.h — loading a scenario file into a validated, fully resolved
 * libconfig tree.
 *
 * The pipeline, in order (each step can fail with a wk_error of status 2 that
 * names file, line, setting path, the value and what was expected):
 *   1. read the file: refuse empty files, files over SCEN_MAX_FILE_BYTES,
 *      NUL bytes and invalid UTF-8;
 *   2. expand `@include "x.cfg"` lines textually, relative to the folder of
 *      the file that contains the directive, keeping a line map so that every
 *      later error names the original file and line; a missing include and an
 *      include cycle are errors at the directive's line;
 *   3. refuse integer literals outside the 32-bit range written without the
 *      `L` suffix (libconfig 1.5 would silently wrap them);
 *   4. parse with libconfig (auto-convert on); a syntax error names the
 *      original file and line;
 *   5. `extends = "base.cfg";` at the top level: load the base (recursively,
 *      relative to this file's folder, cycles refused) and merge this file
 *      over it: groups merge setting by setting; lists of groups whose
 *      elements all have a `name` merge by name (same name: merge into that
 *      element; new name: appended); any other list or array replaces; the
 *      `extends` setting itself is dropped from the result;
 *   6. validate against the schema: unknown settings (with a did-you-mean
 *      among the known siblings), wrong types, out-of-range values, bad
 *      choices, element counts, missing required settings;
 *   7. fill defaults for every missing optional setting (also inside every
 *      element of a list of groups);
 *   8. apply `--set path=value` overrides: the path must exist in the
 *      resolved tree (elements of a list of groups may be addressed by index
 *      `roles.[2].fte` / `roles.2.fte` or by name `roles.huisarts.fte`), the
 *      value is parsed as libconfig literal text and must have the type of
 *      the setting it replaces (an integer for a float is fine), and is then
 *      checked against the schema like any other value. An override may
 *      carry a scope, `NAME:path=value`; scen_override_scope reads it, the
 *      caller decides which scenario it belongs to, and the loader applies
 *      it as `path=value` (messages quote the whole text).
 *
 * Ownership: scen_load allocates the scen; the caller frees it with
 * scen_free. Pointers returned by scen_config stay valid until then.
 */
#ifndef WK_SCEN_H
#define WK_SCEN_H

#include <libconfig.h>
#include <stddef.h>

#include "error.h"
#include "schema.h"

/* Why not a setting: a guard against feeding the loader a huge file by
 * mistake (a data file, a binary); real scenarios are a few kilobytes. */
#define SCEN_MAX_FILE_BYTES (4u * 1024u * 1024u)

struct scen;

/* Load, resolve and validate `path`. `overrides` are "path=value" strings
 * (may be NULL when n_overrides is 0). On failure returns err->status and
 * *out is NULL. */
int scen_load(const struct schema *schema, const char *path,
              const char *const *overrides, size_t n_overrides,
              struct scen **out, struct wk_error *err);

/* The same from text in memory (used by `rerun` for the scenario text
 * stored in a result file). `origin` names the text in error messages.
 * `@include` and `extends` are refused here: effective text has none. */
int scen_load_text(const struct schema *schema, const char *text,
                   const char *origin, const char *const *overrides,
                   size_t n_overrides, struct scen **out, struct wk_error *err);

void scen_free(struct scen *scen);

/* The scope of an override "NAME:path=value" (the text before the last ':'
 * ahead of the first '='; setting paths hold no ':'): 1 with NAME copied
 * into `name` (truncated to name_size), 0 for an override without a scope,
 * -1 when the scope is empty (":path=value"). */
int scen_override_scope(const char *text, char *name, size_t name_size);

/* The resolved tree. Every setting the schema knows is present. */
const config_t *scen_config(const struct scen *scen);

/* The file the scenario was loaded from (or the origin given to
 * scen_load_text). */
const char *scen_origin(const struct scen *scen);

/* The files the scenario was read from: the top-level file, its `extends`
 * bases and every `@include`d file (file 0 is the origin; the names as
 * opened, relative to the working directory). For scen_load_text only the
 * origin, which names no file. NULL past the end. */
const char *scen_input_file(const struct scen *scen, size_t i);

/* The input file (as scen_input_file names it) that `path` is, after links,
 * by device and inode; NULL when `path` is none of them or does not exist.
 * Every command that writes a file checks its output names with this:
 * no output may replace an input, with or without --force. */
const char *scen_input_at(const struct scen *scen, const char *path);

/* Where a setting of the resolved tree came from: the original file and line
 * (through includes and extends). For defaults and overrides the file is the
 * top-level file and the line 0. */
void scen_where(const struct scen *scen, const config_setting_t *setting,
                const char **file, int *line);

/* Fill err (status 2) about `setting`: its file, line and full path, and the
 * printf-style message. Returns 2. For the model's cross-checks ("a rule
 * names an unknown role") done after loading. */
int scen_error_at(const struct scen *scen, const config_setting_t *setting,
                  struct wk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The full path of a setting ("roles.[3].fte"); writes into buf (truncated
 * to size; "" for the root).
 * Path convention, used in every message and accepted by --set: names joined
 * by '.'; an element of a list or array is `[i]`, counted from 0. --set also
 * accepts a bare index ("roles.3.fte") and, in a list of groups, the value of
 * an element's `name` ("roles.huisarts.fte"); `[i]` and all-digit parts are
 * always indices. Messages about a setting inside a named element add
 * `(roles.[3] is "huisarts")`. */
void scen_setting_path(const config_setting_t *setting, char *buf, size_t size);

/* The effective scenario as libconfig text: includes and extends resolved,
 * defaults filled, overrides applied. Loading it again gives the same tree.
 * Returns malloc'd text (caller frees) or NULL when out of memory. */
char *scen_effective_text(const struct scen *scen);

/* Print the schema as a reference: one setting per line with type, range,
 * default and meaning (`wijksim settings`); markdown table when `markdown`. */
void scen_schema_print(const struct schema *schema, void *file /* FILE* */, int markdown);

/* ---- ingredients (scen_compose.c; `wijksim decompose`) ----
 *
 * A scenario's `ingredients` are named groups of setting paths. A path uses
 * the --set convention with names only: group members by name, elements of
 * a list of groups by their `name` (an element may be missing from the
 * baseline, or from the scenario); no indices (positions differ between two
 * scenarios) and nothing inside an array. A path names a value, an array, a
 * whole group or a whole list element.
 *
 * Why a bound: 2^6 = 64 combinations, each a whole scenario run; more
 * ingredients should be grouped. */
enum { SCEN_INGREDIENTS_MAX = 6 };

struct scen_ingredient {
	char *name;
	char **paths;
	size_t n_paths;
	int implicit;     /* 1: "other", the differing settings no ingredient names */
};

struct scen_ingredients {
	struct scen_ingredient *items;
	size_t n;
};

/* Read the ingredients of `scen` and check them against `base`: names
 * unique (and not "other"), every path found in the scenario or the
 * baseline, no setting in two ingredients (nor one inside another), at most
 * SCEN_INGREDIENTS_MAX. The settings in which the two differ and that no
 * ingredient names become one more ingredient, "other" (implicit = 1).
 * Settings that never count: name, description, description_nl, ingredients.
 * On failure (status 2, naming the scenario's file and line) *out is empty.
 * The caller frees with scen_ingredients_free. */
int scen_ingredients_read(const struct scen *scen, const struct scen *base,
                          struct scen_ingredients *out, struct wk_error *err);
void scen_ingredients_free(struct scen_ingredients *ing);

/* The effective text (as scen_effective_text) of `base` with, for every
 * ingredient i whose bit (1u << i) is set in `mask`, every path of it taken
 * from `scen`: a value or subtree replaced, a list element added (at the
 * place it has in the scenario's list) or removed. Load the text with
 * scen_load_text to validate it. Returns 0, or err->status. *text is
 * malloc'd; the caller frees it. */
int scen_compose_text(const struct scen *base, const struct scen *scen,
                      const struct scen_ingredients *ing, unsigned mask, char **text,
                      struct wk_error *err);

/* The settings in which two loaded scenarios differ ("mdo.enabled",
 * "roles.buurtcoach"), leaving out name, description, description_nl and
 * ingredients, as one malloc'd line joined by ", " ("" when none; NULL when
 * out of memory). */
char *scen_differences(const struct scen *a, const struct scen *b);

#endif
