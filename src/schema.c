/*
 * schema.c — look-ups in a scenario schema (see schema.h).
 *
 * The table itself lives in schema_table.c; this file only answers questions
 * about any table, so that tests can hand in a small schema of their own.
 * Tables have a few hundred entries at most and are consulted a few times per
 * setting while loading, so a linear search is fast enough and keeps the
 * table a plain array that reads like documentation.
 */
#include "schema.h"

#include <string.h>

const struct schema_entry *schema_find(const struct schema *schema, const char *path)
{
	size_t i;

	if (!schema || !path)
		return NULL;
	for (i = 0; i < schema->count; i++)
		if (schema->entries[i].path && strcmp(schema->entries[i].path, path) == 0)
			return &schema->entries[i];
	return NULL;
}

int schema_choice_index(const struct schema_entry *e, const char *text)
{
	const char *c = e && text ? e->choices : NULL;
	size_t len = text ? strlen(text) : 0;

	for (int i = 0; c; i++) {
		const char *bar = strchr(c, '|');
		size_t n = bar ? (size_t)(bar - c) : strlen(c);
		if (n == len && strncmp(c, text, len) == 0)
			return i;
		c = bar ? bar + 1 : NULL;
	}
	return -1;
}

size_t schema_choice_count(const struct schema_entry *e)
{
	size_t n = 1;
	if (!e || !e->choices)
		return 0;
	for (const char *c = e->choices; *c; c++)
		n += *c == '|';
	return n;
}

const char *schema_type_name(enum schema_type type)
{
	switch (type) {
	case SCHEMA_INT:          return "integer";
	case SCHEMA_INT64:        return "64-bit integer";
	case SCHEMA_FLOAT:        return "float";
	case SCHEMA_BOOL:         return "boolean";
	case SCHEMA_STRING:       return "string";
	case SCHEMA_GROUP:        return "group";
	case SCHEMA_LIST:         return "list of groups";
	case SCHEMA_FLOAT_ARRAY:  return "array of floats";
	case SCHEMA_INT_ARRAY:    return "array of integers";
	case SCHEMA_STRING_ARRAY: return "array of strings";
	}
	return "unknown type";
}
