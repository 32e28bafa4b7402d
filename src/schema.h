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

struct schema_entry {
	const char *path;
	enum schema_type type;
	double min, max;            /* value range (numbers, number elements) */
	size_t min_count, max_count;/* element count (lists, arrays), length (strings) */
	const char *default_value;  /* libconfig literal; NULL = required */
	const char *choices;        /* "a|b|c" or NULL */
	const char *meaning;        /* one line, with the unit */
};

struct schema {
	const struct schema_entry *entries;
	size_t count;
};

/* The wijksim scenario schema (src/schema_table.c). */
extern const struct schema schema_wijksim;

/* Entry for an exact schema path ("roles.[].fte"), or NULL. */
const struct schema_entry *schema_find(const struct schema *schema, const char *path);

/* Human name of a type ("integer", "float", "list of groups", ...). */
const char *schema_type_name(enum schema_type type);

#endif
