/*
 * scen_internal.h — what the parts of the scenario loader share; not for
 * callers outside src/scen*.c (they use scen.h).
 *
 * The loader is one pipeline (the steps are numbered in scen.h), split into
 * files that each call only the core and earlier stages, never a later one:
 *
 *   scen_core.c      struct scen and its provenance records, interning of
 *                    file names, growable buffers, error reporting; the
 *                    public accessors (scen_free, scen_where, ...)
 *   scen_source.c    steps 1-4: read a file, expand @include with a line map,
 *                    scan integers and tokens, parse and attach provenance
 *   scen_tree.c      tree edits (copy, replace in place) and step 5: extends
 *   scen_check.c     steps 6-7: schema checks, defaults, did-you-mean
 *   scen_override.c  step 8: --set path=value
 *   scen_print.c     effective text and `wijksim settings` (output only)
 *   scen_compose.c   ingredients of `wijksim decompose`: differences from a
 *                    baseline, a baseline with some ingredients (after load)
 *   scen.c           scen_load / scen_load_text: runs the steps in order
 *
 *   core <- source <- tree <- check <- override <- scen.c
 *                                  ^- print
 *                          ^- compose (works on loaded scens)
 *
 * Invariants every part keeps:
 *  1. Every setting of every tree the loader builds carries a hook (libconfig's
 *     per-setting void*) pointing at a `struct prov` (original file, line).
 *     The records and the file names they point at belong to the scen and are
 *     freed in scen_free, never by libconfig (no destructor is installed).
 *  2. A config_t never moves after config_init: settings point back at it
 *     (scen_new_config allocates it once on the heap).
 *  3. Every user-facing failure goes through scen_fail_at (or scen_report,
 *     which calls it), so that an error caused by a --set names the override.
 *
 * Path convention (messages and --set): dot-separated names; an element of a
 * list or array is `[i]`, 0-based: "roles.[2].fte". --set also accepts
 * "roles.2.fte" and, for lists of groups with a `name`, "roles.huisarts.fte".
 */
#ifndef WK_SCEN_INTERNAL_H
#define WK_SCEN_INTERNAL_H

#include <libconfig.h>
#include <stddef.h>

#include "scen.h"

/* Why fixed: buffers for setting paths and messages; scenario paths are a
 * handful of short names. Deeper nesting than this is refused, which also
 * bounds the recursion of includes and extends. */
enum { PATH_CAP = 512, MAX_NESTING = 64, NAME_CAP = 64, LIST_KNOWN_MAX = 12 };

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

struct sbuf {
	char *p;
	size_t len, cap;
};

/* Expanded text line -> original file and line (defined in scen_source.c). */
struct line_map;

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

/* Collects candidate names and picks the closest, or lists them all. */
struct suggest {
	const char *word;
	const char *best;
	size_t best_distance;
	const char *names[LIST_KNOWN_MAX];
	size_t n_names;
	size_t n_total;
};

/* ---------------------------------------------------------- scen_core.c */

/* Grow *p (of *cap elements of `elem` bytes) to hold `need`; -1 when out of
 * memory (then *p is unchanged). */
int scen_grow(void **p, size_t *cap, size_t need, size_t elem);
int scen_sbuf_add(struct sbuf *b, const char *s, size_t n);
/* The scen's copy of `name` (one per distinct name), NULL when out of memory. */
const char *scen_intern_file(struct scen *sc, const char *name);
struct prov *scen_new_prov(struct scen *sc, const char *file, int line);
/* A heap config_t with auto-convert on (invariant 2). */
config_t *scen_new_config(void);
void scen_destroy_config(config_t *cfg);
/* A scen for `origin` with its `generated` record; NULL when out of memory. */
struct scen *scen_alloc(const char *origin);

int scen_oom(struct loader *ld);
/* Fail (status 2) at file:line about setting path `path` (may be NULL). */
int scen_fail_at(struct loader *ld, const char *file, int line, const char *path,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Fail about setting `s` (or about its missing child `child`), at its origin. */
int scen_report(struct loader *ld, const config_setting_t *s, const char *child,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The provenance of `s` or of its nearest ancestor that has one. */
const struct prov *scen_prov_of(const config_setting_t *s);
/* Element name of a group that is a list element: its `name` string. */
const char *scen_element_name(const config_setting_t *g);

/* -------------------------------------------------------- scen_source.c */

int scen_read_file(struct loader *ld, const char *path, const char *ref_file, int ref_line,
                   const char *what, char **text, size_t *len);
/* Refuse NUL bytes and invalid UTF-8 in `text` (from `file`). */
int scen_check_bytes(struct loader *ld, const char *file, const char *text, size_t len);
/* `name` relative to the folder of `file` (absolute names stay). Caller frees. */
char *scen_path_beside(const char *file, const char *name);
/* "a.cfg -> b.cfg -> last" for the files on `chain`, outermost first. */
int scen_cycle_text(const struct chain *chain, const char *last, char *buf, size_t size);
int scen_on_chain(const struct chain *chain, const char *real);
size_t scen_chain_depth(const struct chain *chain);
/* Scan text as libconfig would: refuse integers it would wrap, count tokens.
 * `map` may be NULL (then errors name `fallback`, line 0). */
int scen_scan_tokens(struct loader *ld, const char *t, size_t len, const struct line_map *map,
                     const char *fallback, size_t *n_tokens);
/* Steps 2-4 for one scenario text: expand includes, check integers, parse. */
int scen_parse_scenario_text(struct loader *ld, const char *text, size_t len, const char *shown,
                             const char *real, int allow_include, config_t **out);

/* ---------------------------------------------------------- scen_tree.c */

config_setting_t *scen_copy_setting(config_setting_t *dst_parent, const char *name,
                                    const config_setting_t *src, void *hook);
config_setting_t *scen_replace_by_copy(config_setting_t *old, const config_setting_t *src,
                                       void *hook);
config_setting_t *scen_replace_by_type(config_setting_t *old, int type);
config_setting_t *scen_find_named(const config_setting_t *l, const char *name);
/* Whether every element of list `l` is a group with a `name` (an empty list
 * is). */
int scen_is_named_list(const config_setting_t *l);
/* A copy of `src` (origin `hook`, or src's own when NULL) as element `idx`
 * of `list`; NULL when out of memory. */
config_setting_t *scen_insert_copy(config_setting_t *list, unsigned idx,
                                   const config_setting_t *src, void *hook);
/* Steps 1-5 for a file: read, parse, resolve its extends chain. */
int scen_load_scenario_file(struct loader *ld, const char *path, const char *ref_file,
                            int ref_line, const struct chain *extends_chain, config_t **out);

/* --------------------------------------------------------- scen_check.c */

void scen_suggest_init(struct suggest *sg, const char *word);
void scen_suggest_add(struct suggest *sg, const char *name);
void scen_suggest_text(const struct suggest *sg, const char *known_what, char *buf, size_t size);
int scen_has_range(const struct schema_entry *e);
void scen_format_number(char *buf, size_t size, double v);
void scen_describe(const struct schema_entry *e, int article, char *buf, size_t size);
void scen_describe_value(const config_setting_t *s, char *buf, size_t size);
int scen_check_setting(struct loader *ld, config_setting_t *s, const struct schema_entry *e,
                       int fill);
int scen_check_group(struct loader *ld, config_setting_t *g, const char *spath, int fill);

/* ------------------------------------------------------ scen_override.c */

int scen_apply_override(struct loader *ld, const char *text);

#endif
