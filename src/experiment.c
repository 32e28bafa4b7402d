/*
 * experiment.c — the `experiment` section of a scenario: read, check,
 * design (experiment.h). Every message names the file, line and setting of
 * what is wrong, with status 2, as the loader's do.
 *
 * A factor's path is resolved in the resolved tree the way --set resolves
 * it (group members by name, list elements by index or by name), so the
 * schema entry of the setting gives its type and range. A factor is a range
 * (min, max: numbers only) or levels (values: numbers, a boolean's 0 and 1;
 * labels: texts); a boolean with neither gets both levels.
 */
#include "experiment.h"

#include <ctype.h>
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Settings no factor may vary: the experiment sets them for every point,
 * or they change nothing the model computes. */
static const char *const fixed_settings[] = {"name", "description", "simulation.seed",
                                             "simulation.replicates", NULL};

static int fixed_path(const char *spath)
{
	for (size_t i = 0; fixed_settings[i]; i++)
		if (strcmp(spath, fixed_settings[i]) == 0)
			return 1;
	return strncmp(spath, "experiment", 10) == 0 || strncmp(spath, "ingredients", 11) == 0;
}

/* Whether `s` was written in a file (a default or an override has line 0). */
static int written(const struct scen *scen, const config_setting_t *s)
{
	const char *file;
	int line;
	scen_where(scen, s, &file, &line);
	return line > 0;
}

static int index_part(const char *comp, long *idx)
{
	const char *d = comp;
	char *end;
	size_t n = strlen(comp);
	if (n > 2 && comp[0] == '[' && comp[n - 1] == ']')
		d = comp + 1;
	if (!isdigit((unsigned char)d[0]))
		return 0;
	*idx = strtol(d, &end, 10);
	return d == comp ? *end == '\0' : end == comp + n - 1;
}

/* Resolve `path` as --set does; the schema path ("roles.[].fte") into
 * spath. Fails (status 2, about `at`) with what is not found. */
static int resolve_path(const struct scen *scen, const config_setting_t *at, const char *path,
                        config_setting_t **out, char *spath, size_t spath_size,
                        struct wk_error *err)
{
	config_setting_t *cur = config_root_setting(scen_config(scen));
	char copy[256], *save = NULL;
	size_t used = 0;

	if (!path[0] || strlen(path) >= sizeof copy)
		return scen_error_at(scen, at, err, "expected a setting path as --set takes it, "
		                     "e.g. roles.huisarts.fte_per_1000");
	memcpy(copy, path, strlen(path) + 1);
	spath[0] = '\0';
	for (char *comp = strtok_r(copy, ".", &save); comp; comp = strtok_r(NULL, ".", &save)) {
		config_setting_t *next = NULL;
		long idx;
		int type = config_setting_type(cur);

		if (type == CONFIG_TYPE_GROUP) {
			next = config_setting_get_member(cur, comp);
			used += (size_t)snprintf(spath + used, spath_size - used, "%s%s",
			                         used ? "." : "", comp);
		} else if (type == CONFIG_TYPE_LIST) {
			if (index_part(comp, &idx)) {
				if (idx >= 0 && idx < config_setting_length(cur))
					next = config_setting_get_elem(cur, (unsigned)idx);
			} else {
				for (int i = 0; i < config_setting_length(cur) && !next; i++) {
					config_setting_t *el =
					        config_setting_get_elem(cur, (unsigned)i);
					const char *nm = NULL;
					if (config_setting_lookup_string(el, "name", &nm) &&
					    strcmp(nm, comp) == 0)
						next = el;
				}
			}
			used += (size_t)snprintf(spath + used, spath_size - used, ".[]");
		}
		if (used >= spath_size)
			return scen_error_at(scen, at, err, "setting path '%s' too long", path);
		if (!next)
			return scen_error_at(scen, at, err,
			                     "unknown setting '%s': '%s' is not in the scenario "
			                     "(paths as --set takes them; 'wijksim settings' "
			                     "lists them)", path, comp);
		cur = next;
	}
	*out = cur;
	return 0;
}

static const char *kind_of_setting(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group";
	case CONFIG_TYPE_LIST:
		return "a list";
	case CONFIG_TYPE_ARRAY:
		return "an array";
	default:
		return "a value";
	}
}

static int is_number_type(enum schema_type t)
{
	return t == SCHEMA_INT || t == SCHEMA_INT64 || t == SCHEMA_FLOAT;
}

/* A number for the setting of entry e: inside its range, whole for an
 * integer setting. */
static int check_value(const struct scen *scen, const config_setting_t *at,
                       const struct schema_entry *e, const char *path, double v,
                       struct wk_error *err)
{
	int ranged = !(e->min == 0 && e->max == 0) && e->min <= e->max;
	if (e->type != SCHEMA_FLOAT && v != floor(v))
		return scen_error_at(scen, at, err, "%g is not a whole number: %s is an integer "
		                     "setting", v, path);
	if (ranged && (v < e->min || v > e->max))
		return scen_error_at(scen, at, err, "%g is outside the range of %s: expected "
		                     "%g to %g", v, path, e->min, e->max);
	return 0;
}

static int read_levels(const struct scen *scen, const config_setting_t *el,
                       const struct schema_entry *e, struct experiment_factor *f,
                       struct wk_error *err)
{
	const config_setting_t *values = config_setting_get_member(el, "values");
	const config_setting_t *labels = config_setting_get_member(el, "labels");
	int nv = values ? config_setting_length(values) : 0;
	int nl = labels ? config_setting_length(labels) : 0;
	size_t n;

	if (nv && nl)
		return scen_error_at(scen, labels, err, "give values or labels, not both");
	if (nl && e->type != SCHEMA_STRING)
		return scen_error_at(scen, labels, err, "labels are levels of a text setting; "
		                     "%s is a %s: use values", f->path, schema_type_name(e->type));
	if (nv && e->type == SCHEMA_STRING)
		return scen_error_at(scen, values, err, "%s is a text setting: give its levels "
		                     "as labels = [\"...\", ...]", f->path);
	n = nv ? (size_t)nv : nl ? (size_t)nl : e->type == SCHEMA_BOOL ? 2 : 0;
	if (n == 0)
		return scen_error_at(scen, el, err, "factor %s needs a range (min and max) or "
		                     "levels (values%s)", f->path,
		                     e->type == SCHEMA_STRING ? ", or labels for a text setting"
		                                              : "");
	if (n < 2)
		return scen_error_at(scen, nv ? values : labels, err,
		                     "expected at least 2 levels, got 1");
	f->levels = calloc(n, sizeof *f->levels);
	if (nl)
		f->labels = calloc(n, sizeof *f->labels);
	if (!f->levels || (nl && !f->labels))
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	f->n_levels = n;
	for (size_t i = 0; i < n; i++) {
		if (nv) {
			double v = config_setting_get_float_elem(values, (int)i);
			if (config_setting_type(config_setting_get_elem(values, (unsigned)i)) !=
			    CONFIG_TYPE_FLOAT)
				v = (double)config_setting_get_int64_elem(values, (int)i);
			if (e->type == SCHEMA_BOOL && v != 0 && v != 1)
				return scen_error_at(scen, values, err,
				                     "%s is a boolean: its levels are 0 (false) "
				                     "and 1 (true), got %g", f->path, v);
			if (e->type != SCHEMA_BOOL && check_value(scen, values, e, f->path, v, err))
				return err->status;
			f->levels[i] = v;
		} else if (nl) {
			const char *t = config_setting_get_string_elem(labels, (int)i);
			if (e->choices && schema_choice_index(e, t) < 0)
				return scen_error_at(scen, labels, err,
				                     "'%s' is not a choice of %s: expected one "
				                     "of %s", t, f->path, e->choices);
			f->labels[i] = strdup(t);
			if (!f->labels[i])
				return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
				                    "out of memory");
			f->levels[i] = (double)i;
		} else {
			f->levels[i] = (double)i;
		}
		for (size_t j = 0; j < i; j++)
			if (f->levels[j] == f->levels[i] &&
			    (!nl || strcmp(f->labels[j], f->labels[i]) == 0))
				return scen_error_at(scen, nv ? values : labels, err,
				                     "level %zu repeats level %zu", i, j);
	}
	return 0;
}

/* A continuous factor in a factorial design: `levels` evenly spaced. */
static int range_levels(struct experiment_factor *f, size_t n)
{
	f->levels = calloc(n, sizeof *f->levels);
	if (!f->levels)
		return -1;
	f->n_levels = n;
	for (size_t i = 0; i < n; i++) {
		double v = f->min + (f->max - f->min) * (double)i / (double)(n - 1);
		f->levels[i] = f->type == SCHEMA_FLOAT ? v : round(v);
	}
	return 0;
}

int experiment_resolve_factor(const struct scen *scen, const struct schema *schema,
                              const config_setting_t *at, const char *path,
                              const struct schema_entry **entry, struct wk_error *err)
{
	config_setting_t *target;
	char spath[512];
	int rc;

	if ((rc = resolve_path(scen, at, path, &target, spath, sizeof spath, err)))
		return rc;
	if (config_setting_is_aggregate(target))
		return scen_error_at(scen, at, err, "%s is %s, not a scalar setting", path,
		                     kind_of_setting(config_setting_type(target)));
	*entry = schema_find(schema, spath);
	if (!*entry)
		return scen_error_at(scen, at, err, "%s is not a scenario setting", path);
	if (fixed_path(spath))
		return scen_error_at(scen, at, err, "%s cannot be varied: it is the same for "
		                     "every evaluation", path);
	return 0;
}

int experiment_resolve_array(const struct scen *scen, const struct schema *schema,
                             const config_setting_t *at, const char *path,
                             const struct schema_entry **entry, double *base, size_t cap,
                             size_t *n, struct wk_error *err)
{
	config_setting_t *target;
	char spath[512];
	int rc, len;

	if ((rc = resolve_path(scen, at, path, &target, spath, sizeof spath, err)))
		return rc;
	*entry = schema_find(schema, spath);
	if (!*entry)
		return scen_error_at(scen, at, err, "%s is not a scenario setting", path);
	if ((*entry)->type != SCHEMA_FLOAT_ARRAY ||
	    config_setting_type(target) != CONFIG_TYPE_ARRAY)
		return scen_error_at(scen, at, err, "%s is %s: a parameter with scale = true "
		                     "multiplies a number array (e.g. an incidence by age band)",
		                     path, (*entry)->type == SCHEMA_FLOAT_ARRAY ? "empty"
		                     : schema_type_name((*entry)->type));
	if (fixed_path(spath))
		return scen_error_at(scen, at, err, "%s cannot be varied: it is the same for "
		                     "every evaluation", path);
	len = config_setting_length(target);
	if (len < 1 || (size_t)len > cap)
		return scen_error_at(scen, at, err, "%s has %d elements: a scale parameter "
		                     "takes an array of 1 to %zu", path, len, cap);
	for (int i = 0; i < len; i++) {
		const config_setting_t *el = config_setting_get_elem(target, (unsigned)i);
		int t = config_setting_type(el);
		base[i] = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(el)
		          : t == CONFIG_TYPE_INT64 ? (double)config_setting_get_int64(el)
		                                   : (double)config_setting_get_int(el);
	}
	*n = (size_t)len;
	return 0;
}

int experiment_check_number(const struct scen *scen, const config_setting_t *at,
                            const struct schema_entry *e, const char *path, double v,
                            struct wk_error *err)
{
	return check_value(scen, at, e, path, v, err);
}

static int read_factor(const struct scen *scen, const struct schema *schema,
                       const config_setting_t *el, struct experiment *ex, size_t i,
                       config_setting_t **targets, struct wk_error *err)
{
	struct experiment_factor *f = &ex->factors[i];
	const config_setting_t *path_s = config_setting_get_member(el, "path");
	const config_setting_t *min_s = config_setting_get_member(el, "min");
	const config_setting_t *max_s = config_setting_get_member(el, "max");
	const config_setting_t *lev_s = config_setting_get_member(el, "levels");
	const struct schema_entry *e;
	char spath[512];
	int rc, ranged;

	snprintf(f->path, sizeof f->path, "%s", config_setting_get_string(path_s));
	if ((rc = resolve_path(scen, path_s, f->path, &targets[i], spath, sizeof spath, err)))
		return rc;
	if (config_setting_is_aggregate(targets[i]))
		return scen_error_at(scen, path_s, err, "%s is %s, not a scalar setting: a factor "
		                     "is one number, boolean or text", f->path,
		                     kind_of_setting(config_setting_type(targets[i])));
	e = schema_find(schema, spath);
	if (!e)
		return scen_error_at(scen, path_s, err, "%s is not a scenario setting", f->path);
	if (fixed_path(spath))
		return scen_error_at(scen, path_s, err, "%s cannot be a factor: the experiment "
		                     "keeps it the same for every point", f->path);
	for (size_t j = 0; j < i; j++)
		if (targets[j] == targets[i])
			return scen_error_at(scen, path_s, err, "%s is the same setting as factor "
			                     "%zu (%s)", f->path, j, ex->factors[j].path);
	f->type = e->type;
	/* By value, not by line: the effective text (stored in the result)
	 * writes every default out, and must read back as the same factor. */
	ranged = config_setting_get_float(min_s) != 0 || config_setting_get_float(max_s) != 0;
	if (ranged) {
		const config_setting_t *values = config_setting_get_member(el, "values");
		const config_setting_t *labels = config_setting_get_member(el, "labels");
		if (config_setting_length(values) || config_setting_length(labels))
			return scen_error_at(scen, path_s, err, "factor %s has a range (min, max) "
			                     "and levels: give one of them", f->path);
		if (!written(scen, min_s) || !written(scen, max_s))
			return scen_error_at(scen, written(scen, min_s) ? min_s : max_s, err,
			                     "a range needs both min and max");
		if (!is_number_type(e->type))
			return scen_error_at(scen, min_s, err, "%s is a %s setting: a range (min, "
			                     "max) needs a number setting; give values%s", f->path,
			                     schema_type_name(e->type),
			                     e->type == SCHEMA_STRING ? " as labels" : "");
		f->continuous = 1;
		f->min = config_setting_get_float(min_s);
		f->max = config_setting_get_float(max_s);
		if ((rc = check_value(scen, min_s, e, f->path, f->min, err)) ||
		    (rc = check_value(scen, max_s, e, f->path, f->max, err)))
			return rc;
		if (!(f->min < f->max))
			return scen_error_at(scen, max_s, err,
			                     "expected max above min (%g), got %g", f->min, f->max);
		if (config_setting_get_int(lev_s) && ex->design != DESIGN_FACTORIAL)
			return scen_error_at(scen, lev_s, err, "levels counts the levels of a "
			                     "range in a factorial design, not in a %s design",
			                     design_kind_name(ex->design));
		if (ex->design == DESIGN_FACTORIAL) {
			int n = config_setting_get_int(lev_s);
			if (n == 1)
				return scen_error_at(scen, lev_s, err,
				                     "expected at least 2 levels");
			if (range_levels(f, n ? (size_t)n : 2))
				return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
				                    "out of memory");
		}
		return 0;
	}
	if (config_setting_get_int(lev_s))
		return scen_error_at(scen, lev_s, err, "levels counts the levels of a range "
		                     "(min, max); this factor has none");
	if ((rc = read_levels(scen, el, e, f, err)))
		return rc;
	if (ex->design == DESIGN_SOBOL || ex->design == DESIGN_MORRIS)
		return scen_error_at(scen, path_s, err, "a %s design needs a range (min, max) for "
		                     "every factor; %s has levels (levels go in factorial and lhs "
		                     "designs)", design_kind_name(ex->design), f->path);
	return 0;
}

static int read_section(const struct scen *scen, const struct schema *schema,
                        struct experiment *ex, struct wk_error *err)
{
	const config_t *cfg = scen_config(scen);
	config_setting_t *sec = config_lookup(cfg, "experiment");
	config_setting_t *factors = config_setting_get_member(sec, "factors");
	config_setting_t *points = config_setting_get_member(sec, "points");
	config_setting_t *levels = config_setting_get_member(sec, "morris_levels");
	config_setting_t **targets = NULL;
	const char *name = NULL, *design = NULL, *scen_name = NULL;
	long long seed = 0;
	int replicates = 0, sim_replicates = 1, rc = 0;

	config_setting_lookup_string(sec, "name", &name);
	config_setting_lookup_string(sec, "design", &design);
	config_lookup_string(cfg, "name", &scen_name);
	config_lookup_int64(cfg, "simulation.seed", &seed);
	config_lookup_int(cfg, "simulation.replicates", &sim_replicates);
	config_setting_lookup_int(sec, "replicates", &replicates);
	snprintf(ex->name, sizeof ex->name, "%s", name && name[0] ? name : scen_name);
	if (strchr(ex->name, '/') || ex->name[0] == '.' || !ex->name[0])
		return scen_error_at(scen, config_setting_get_member(sec, "name"), err,
		                     "'%s' cannot name an HDF5 group: expected a name without "
		                     "'/' that does not start with '.'", ex->name);
	ex->design = (enum design_kind)design_kind_parse(design);
	ex->seed = (uint64_t)seed;
	ex->replicates = (size_t)(replicates ? replicates : sim_replicates);
	ex->points_setting = (size_t)config_setting_get_int(points);
	ex->morris_levels = (size_t)config_setting_get_int(levels);
	ex->k = (size_t)config_setting_length(factors);
	if (ex->k == 0)
		return scen_error_at(scen, written(scen, factors) ? factors : sec, err,
		                     "an experiment needs at least one factor (experiment.factors "
		                     "= ( { path = \"...\"; min = ...; max = ...; } ))");
	if (ex->design == DESIGN_FACTORIAL && ex->points_setting)
		return scen_error_at(scen, points, err, "a factorial design takes no points: it "
		                     "runs every combination of the factors' levels");
	if (ex->design != DESIGN_FACTORIAL && ex->points_setting == 0)
		return scen_error_at(scen, written(scen, points) ? points : sec, err,
		                     "expected points of at least 1 for a %s design (%s)",
		                     design_kind_name(ex->design),
		                     ex->design == DESIGN_LHS     ? "the number of points"
		                     : ex->design == DESIGN_SOBOL ? "the base sample N: N (k + 2) "
		                                                    "points"
		                                                  : "trajectories: r (k + 1) "
		                                                    "points");
	if (ex->design == DESIGN_MORRIS && ex->morris_levels % 2)
		return scen_error_at(scen, levels, err, "expected an even number of Morris levels, "
		                     "got %zu", ex->morris_levels);
	if (ex->design == DESIGN_SOBOL && ex->k > DESIGN_SOBOL_MAX_FACTORS)
		return scen_error_at(scen, factors, err, "a sobol design takes at most %d factors",
		                     DESIGN_SOBOL_MAX_FACTORS);
	ex->factors = calloc(ex->k, sizeof *ex->factors);
	targets = calloc(ex->k, sizeof *targets);
	if (!ex->factors || !targets) {
		free(targets);
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	}
	for (size_t i = 0; i < ex->k && !rc; i++)
		rc = read_factor(scen, schema, config_setting_get_elem(factors, (unsigned)i), ex,
		                 i, targets, err);
	free(targets);
	return rc;
}

/* The value of factor f at unit coordinate u. */
static double factor_value(const struct experiment *ex, const struct experiment_factor *f,
                           double u)
{
	if (f->n_levels)
		return f->levels[design_level(u, f->n_levels)];
	double v = f->min + (f->max - f->min) * u;
	if (f->type != SCHEMA_FLOAT)
		v = fmin(f->max, fmax(f->min, round(v)));
	(void)ex;
	return v;
}

int experiment_read(const struct scen *scen, const struct schema *schema,
                    struct experiment *ex, struct wk_error *err)
{
	size_t levels[64] = {0};   /* schema: at most 20 factors */
	struct design_spec spec;
	int rc;

	memset(ex, 0, sizeof *ex);
	if ((rc = read_section(scen, schema, ex, err)))
		return rc;
	for (size_t i = 0; i < ex->k; i++)
		levels[i] = ex->factors[i].n_levels;
	spec = (struct design_spec){ ex->design, ex->k, levels, ex->points_setting,
	                             ex->morris_levels, ex->seed };
	ex->n_points = design_point_count(&spec);
	if (ex->n_points == 0) {
		const config_setting_t *sec = config_lookup(scen_config(scen), "experiment");
		return scen_error_at(scen, sec, err, "the design has more than %u points",
		                     DESIGN_MAX_POINTS);
	}
	ex->unit = malloc(ex->n_points * ex->k * sizeof *ex->unit);
	ex->values = malloc(ex->n_points * ex->k * sizeof *ex->values);
	if (!ex->unit || !ex->values || design_generate(&spec, ex->unit))
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	for (size_t p = 0; p < ex->n_points; p++)
		for (size_t i = 0; i < ex->k; i++)
			ex->values[p * ex->k + i] =
			        factor_value(ex, &ex->factors[i], ex->unit[p * ex->k + i]);
	return 0;
}

void experiment_free(struct experiment *ex)
{
	for (size_t i = 0; ex->factors && i < ex->k; i++) {
		struct experiment_factor *f = &ex->factors[i];
		for (size_t j = 0; f->labels && j < f->n_levels; j++)
			free(f->labels[j]);
		free(f->labels);
		free(f->levels);
	}
	free(ex->factors);
	free(ex->unit);
	free(ex->values);
	memset(ex, 0, sizeof *ex);
}

void experiment_point_sets(const struct experiment *ex, size_t p,
                           char (*sets)[EXPERIMENT_SET_CAP])
{
	for (size_t i = 0; i < ex->k; i++) {
		const struct experiment_factor *f = &ex->factors[i];
		double v = ex->values[p * ex->k + i];
		if (f->labels)
			snprintf(sets[i], EXPERIMENT_SET_CAP, "%s=\"%s\"", f->path,
			         f->labels[(size_t)v]);
		else if (f->type == SCHEMA_BOOL)
			snprintf(sets[i], EXPERIMENT_SET_CAP, "%s=%s", f->path,
			         v != 0 ? "true" : "false");
		else if (f->type == SCHEMA_FLOAT)
			snprintf(sets[i], EXPERIMENT_SET_CAP, "%s=%.17g", f->path, v);
		else
			snprintf(sets[i], EXPERIMENT_SET_CAP, "%s=%.0f", f->path, v);
	}
}
