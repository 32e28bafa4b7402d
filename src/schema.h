/*
 * schema.h — the description of every scenario setting.
 *
 * One table (src/schema_table.c) lists every setting a scenario file may
 * contain: its path, type, allowed range, default and one-line meaning. The
 * same table drives validation, the filling of defaults, `wijksim settings`
 * and the settings reference in the documentation, so that a setting cannot
 * exist in one place and not in another.
 *
 * Paths: dot-separated group names as in libconfig; the elements of a list
 * of groups are written `[]`, e.g. "roles.[].fte". Every ancestor of an entry
 * is itself an entry (a SCHEMA_GROUP or SCHEMA_LIST).
 *
 * Invariants:
 *  1. `default_value` is libconfig literal text ("365", "0.25", "true",
 *     "\"huisarts\"", "[1.0, 2.0]", "()") or NULL when the setting is
 *     required. A group entry needs no default: a missing group is created
 *     when none of its children is required.
 *  2. For numbers (and the elements of number arrays) `min`..`max` is the
 *     inclusive allowed range. For lists and arrays `min_count`..`max_count`
 *     bounds the number of elements; for strings, the length.
 *  3. `choices`, when not NULL, is a '|'-separated list of the allowed values
 *     of a string setting (or of each element of a string array).
 *  4. `place` says where a setting's value goes in the structure the loader
 *     fills (for wijksim: struct model_params, src/params_load.c), so that a
 *     setting is named only here. Offsets are relative to the structure
 *     that holds the setting: the top-level structure, or the element of
 *     the nearest enclosing list (PLACE_LIST gives the element's array,
 *     stride and count field). A choice setting stored as a number has
 *     `values`: the value of each choice, in the order of `choices`.
 */
#ifndef WK_SCHEMA_H
#define WK_SCHEMA_H

#include <stddef.h>

enum schema_type {
	SCHEMA_INT,          /* 32-bit integer */
	SCHEMA_INT64,        /* 64-bit integer; written with an L suffix */
	SCHEMA_FLOAT,        /* an integer literal is accepted too */
	SCHEMA_BOOL,
	SCHEMA_STRING,
	SCHEMA_GROUP,        /* { ... } */
	SCHEMA_LIST,         /* ( {...}, {...} ): a list of groups */
	SCHEMA_FLOAT_ARRAY,  /* [1.0, 2.0]; integer elements accepted */
	SCHEMA_INT_ARRAY,
	SCHEMA_STRING_ARRAY
};

/* How a setting reaches its place. PLACE_FIELD stores the value as the
 * setting's schema type says (integer: int, 64-bit: uint64_t, float: double,
 * boolean: bool, string: char[size] or, with `values`, the choice's value as
 * an int, or a bool when size is sizeof(bool); float array: double[size /
 * sizeof(double)], elements past the array's length 0). The other kinds
 * need the lists they refer to and are filled in a second pass. */
enum schema_place_kind {
	PLACE_NONE, /* a group, or a setting the model does not read */
	PLACE_FIELD,
	PLACE_LIST,           /* array of element structs; count into count_offset */
	PLACE_KEYED_LIST,     /* elements write into the holder, at their keys */
	PLACE_ROLE,           /* role name -> int index; `none` text -> -1 */
	PLACE_NEED,           /* need type name -> int index; `none` text -> -1 */
	PLACE_ROLE_KEY,       /* role name: a key of a keyed-list element */
	PLACE_NEED_KEY,       /* need type name: a key of a keyed-list element */
	PLACE_ROLE_FLAGS,     /* role names -> bool per role; empty: none */
	PLACE_NEED_FLAGS,     /* need type names -> bool per type; empty: none */
	PLACE_NEED_FLAGS_ALL, /* the same; empty: every type */
	PLACE_BY_LEVEL,       /* doubles by severity 1..S-1 for the most levels of any need type */
	PLACE_BY_OWN_LEVEL,   /* the same for the element's levels, an int at count_offset */
	PLACE_BY_AGE_BAND,    /* doubles: one value (all bands) or one per age band */
	PLACE_INT_EACH_NEED,  /* int copied to int[need type] for every need type */
	PLACE_INT_AT_KEY,     /* int[key] at the keyed-list element's key */
	PLACE_DOUBLE_AT_KEY_PAIR /* double[k1][k2] and [k2][k1] (role by role) */
};

struct schema_place {
	enum schema_place_kind kind;
	size_t offset;              /* in the holding structure */
	size_t size;                /* field size; for PLACE_LIST the element stride */
	size_t count_offset; /* PLACE_LIST: int element count; PLACE_BY_OWN_LEVEL: int levels */
	const int *values;          /* choices stored as numbers: one value per choice */
	size_t n_values;
	const char *none;           /* PLACE_ROLE/PLACE_NEED: text meaning "no reference" */
};

struct schema_entry {
	const char *path;
	enum schema_type type;
	double min, max;            /* value range (numbers, number elements) */
	size_t min_count, max_count;/* element count (lists, arrays), length (strings) */
	const char *default_value;  /* libconfig literal; NULL = required */
	const char *choices;        /* "a|b|c" or NULL */
	const char *meaning;        /* one line, with the unit */
	struct schema_place place;  /* where the value goes (invariant 4) */
};

struct schema {
	const struct schema_entry *entries;
	size_t count;
};

/* The wijksim scenario schema (src/schema_table.c). */
extern const struct schema schema_wijksim;

/* Entry for an exact schema path ("roles.[].fte"), or NULL. */
const struct schema_entry *schema_find(const struct schema *schema, const char *path);

/* Position of `text` among the entry's '|'-separated choices, or -1. */
int schema_choice_index(const struct schema_entry *e, const char *text);

/* Number of choices of the entry (0 when it has none). */
size_t schema_choice_count(const struct schema_entry *e);

/* Human name of a type ("integer", "float", "list of groups", ...). */
const char *schema_type_name(enum schema_type type);

#endif
