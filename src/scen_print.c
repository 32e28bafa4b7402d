/*
 * scen_print.c — output of a loaded scenario and of the schema: the
 * effective scenario as libconfig text (scen_effective_text) and the
 * settings reference of `wijksim settings` (scen_schema_print, plain or
 * markdown).
 *
 * Place in the pipeline: after it; reads a finished scen or the schema and
 * changes nothing. Calls scen_check.c for the number and range wording and
 * nothing else of the loader.
 *
 * Invariants:
 *  - The effective text is config_write of the resolved tree, which scen.c
 *    has already rounded so that every float reads back as the same double;
 *    loading it again gives the same tree.
 *  - A markdown cell never holds a bare '|'.
 */
#include "scen_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ effective text */

char *scen_effective_text(const struct scen *scen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!scen || !scen->cfg)
		return NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	config_write(scen->cfg, f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* ------------------------------------------------------------ settings reference */

/* "1..36500", "treat|refer|shift", "1.. elements" — the allowed values. */
static void format_allowed(const struct schema_entry *e, char *buf, size_t size)
{
	char lo[64], hi[64], count[96] = "";
	size_t used;

	buf[0] = '\0';
	if (e->type == SCHEMA_LIST || e->type == SCHEMA_FLOAT_ARRAY || e->type == SCHEMA_INT_ARRAY
	    || e->type == SCHEMA_STRING_ARRAY || e->type == SCHEMA_STRING) {
		const char *unit = e->type == SCHEMA_STRING ? "chars" : "elements";

		if (e->max_count)
			snprintf(count, sizeof count, "%zu..%zu %s", e->min_count, e->max_count,
			         unit);
		else if (e->min_count)
			snprintf(count, sizeof count, ">= %zu %s", e->min_count, unit);
	}
	used = 0;
	if (scen_has_range(e) && e->type != SCHEMA_BOOL && e->type != SCHEMA_STRING &&
	    e->type != SCHEMA_STRING_ARRAY && e->type != SCHEMA_GROUP && e->type != SCHEMA_LIST) {
		scen_format_number(lo, sizeof lo, e->min);
		scen_format_number(hi, sizeof hi, e->max);
		used = (size_t)snprintf(buf, size, "%s..%s", lo, hi);
	}
	if (e->choices && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
		                         e->choices);
	if (count[0] && used < size)
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "", count);
}

/* Markdown table cells: a '|' would end the cell, even inside `code`. */
static void print_cell(FILE *f, const char *s, int code)
{
	int tick = code && s[0];

	if (tick)
		fputc('`', f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	if (tick)
		fputc('`', f);
}

void scen_schema_print(const struct schema *schema, void *file, int markdown)
{
	FILE *f = file;
	size_t i;

	if (!schema || !f)
		return;
	if (markdown)
		fputs("| setting | type | allowed | default | meaning |\n"
		      "|---|---|---|---|---|\n", f);
	for (i = 0; i < schema->count; i++) {
		const struct schema_entry *e = &schema->entries[i];
		const char *def = e->default_value ? e->default_value
		                  : (e->type == SCHEMA_GROUP ? "" : "(required)");
		char allowed[512];

		format_allowed(e, allowed, sizeof allowed);
		if (markdown) {
			fputs("| ", f);
			print_cell(f, e->path, 1);
			fputs(" | ", f);
			print_cell(f, schema_type_name(e->type), 0);
			fputs(" | ", f);
			print_cell(f, allowed, 0);
			fputs(" | ", f);
			print_cell(f, def, e->default_value != NULL);
			fputs(" | ", f);
			print_cell(f, e->meaning ? e->meaning : "", 0);
			fputs(" |\n", f);
		} else {
			fprintf(f, "%-32s %-18s %-24s %-12s %s\n", e->path,
			        schema_type_name(e->type), allowed, def,
			        e->meaning ? e->meaning : "");
		}
	}
}
