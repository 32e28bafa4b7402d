/*
 * params_load.c — from a validated scenario tree to struct model_params.
 *
 * scen.c has already checked every setting's type and range against the
 * schema and filled the defaults. Every setting's place in struct
 * model_params is in the schema table (schema.h invariant 4), so the filling
 * here is one walk over the table, in two passes: first the plain fields and
 * list counts, then the settings that refer to roles and need types by name
 * or whose length depends on other settings (age bands, severity levels).
 * What is left by hand are the checks that span settings and the derived
 * values: names unique, shares that sum to one, capacity, what a channel
 * kind or a rule action needs, the first professional and MDO channel, the
 * rule order, and warnings for rules that can send a need in a circle.
 * Every error names the file, line and setting it is about: the walk
 * remembers which setting filled which field.
 *
 * Invariant: no setting is read here by a name of its own; a field gets the
 * value of the setting whose schema entry names it, and nothing else.
 */
#include "params_load.h"
#include "route.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

/* Which setting filled a field, an element or a list (for error locations). */
enum seen_what { SEEN_FIELD, SEEN_ELEMENT, SEEN_LIST };

struct seen {
	const void *at;
	enum seen_what what;
	const config_setting_t *setting;
};

/* One load: the scenario, the parameters being filled, and what was seen.
 * `seen` is owned here: load_free releases it. */
struct load {
	const struct scen *s;
	struct model_params *p;
	struct wk_error *err;
	struct seen *seen;
	size_t n_seen, cap_seen;
};

static void load_free(struct load *L)
{
	free(L->seen);
	L->seen = NULL;
	L->n_seen = L->cap_seen = 0;
}

static int remember(struct load *L, const void *at, enum seen_what what,
                    const config_setting_t *setting)
{
	if (L->n_seen == L->cap_seen) {
		size_t cap = L->cap_seen ? 2 * L->cap_seen : 1024;
		struct seen *grown = realloc(L->seen, cap * sizeof *grown);
		if (!grown)
			return wk_error_set(L->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
			                    "out of memory");
		L->seen = grown;
		L->cap_seen = cap;
	}
	L->seen[L->n_seen++] = (struct seen){at, what, setting};
	return 0;
}

/* The setting that last filled `at` (NULL when none did). */
static const config_setting_t *seen(const struct load *L, const void *at, enum seen_what what)
{
	for (size_t i = L->n_seen; i-- > 0;)
		if (L->seen[i].at == at && L->seen[i].what == what)
			return L->seen[i].setting;
	return NULL;
}

static const config_setting_t *field_setting(const struct load *L, const void *at)
{
	return seen(L, at, SEEN_FIELD);
}

static double num(const config_setting_t *e)
{
	if (!e)
		return 0.0;
	if (config_setting_type(e) == CONFIG_TYPE_FLOAT)
		return config_setting_get_float(e);
	if (config_setting_type(e) == CONFIG_TYPE_INT64)
		return (double)config_setting_get_int64(e);
	return config_setting_get_int(e);
}

static double elem_num(const config_setting_t *arr, int i)
{
	return num(config_setting_get_elem(arr, (unsigned)i));
}

static int length(const config_setting_t *s)
{
	return s ? config_setting_length(s) : 0;
}

static const char *text(const config_setting_t *s)
{
	const char *v = s ? config_setting_get_string(s) : NULL;
	return v ? v : "";
}

static int role_index(const struct model_params *p, const char *name)
{
	for (int i = 0; i < p->n_roles; i++)
		if (strcmp(p->roles[i].name, name) == 0)
			return i;
	return -1;
}

static int need_index(const struct model_params *p, const char *name)
{
	for (int i = 0; i < p->n_need_types; i++)
		if (strcmp(p->need_types[i].name, name) == 0)
			return i;
	return -1;
}

static void list_names(char *buf, size_t size, const char *first, size_t stride, int n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && used + 2 < size; i++) {
		int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
		                 first + (size_t)i * stride);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* Name -> index of a role (roles) or need type; an error naming the known
 * ones when there is none of that name. */
static int want(struct load *L, const config_setting_t *at, bool roles, const char *name, int *out)
{
	const struct model_params *p = L->p;
	char known[1024];
	*out = roles ? role_index(p, name) : need_index(p, name);
	if (*out >= 0)
		return 0;
	if (roles)
		list_names(known, sizeof known, p->roles[0].name, sizeof p->roles[0], p->n_roles);
	else
		list_names(known, sizeof known, p->need_types[0].name, sizeof p->need_types[0],
		           p->n_need_types);
	return scen_error_at(L->s, at, L->err, "unknown %s \"%s\": expected one of %s",
	                     roles ? "role" : "need type", name, known);
}

/* A string array of names as flags per role or need type. An empty array
 * means every one when `empty_is_all`, none otherwise. */
static int name_flags(struct load *L, const config_setting_t *arr, bool roles, bool empty_is_all,
                      bool *flags)
{
	int len = length(arr), n = roles ? L->p->n_roles : L->p->n_need_types;
	for (int t = 0; t < n; t++)
		flags[t] = empty_is_all && len == 0;
	for (int j = 0; j < len; j++) {
		const config_setting_t *e = config_setting_get_elem(arr, (unsigned)j);
		int t;
		if (want(L, e, roles, text(e), &t))
			return L->err->status;
		flags[t] = true;
	}
	return 0;
}

/* An array by severity 1..S-1: one value (all levels) or exactly S-1. */
static int severity_array(struct load *L, const config_setting_t *arr, int levels, double *out)
{
	int len = length(arr);
	if (len != 1 && len != levels - 1)
		return scen_error_at(L->s, arr, L->err,
		                     "has %d values: expected 1 (all severities) or %d "
		                     "(severity 1..%d below the crisis level %d)",
		                     len, levels - 1, levels - 1, levels);
	for (int i = 0; i < levels - 1; i++)
		out[i] = elem_num(arr, len == 1 ? 0 : i);
	return 0;
}

static int max_levels(const struct model_params *p)
{
	int m = 2;
	for (int t = 0; t < p->n_need_types; t++)
		if (p->need_types[t].severity_levels > m)
			m = p->need_types[t].severity_levels;
	return m;
}

/* Pass 1: a plain field, stored as the setting's schema type says. */
static void put_field(const struct schema_entry *e, const config_setting_t *set, char *at)
{
	switch (e->type) {
	case SCHEMA_INT:
		*(int *)(void *)at = config_setting_get_int(set);
		break;
	case SCHEMA_INT64:
		*(uint64_t *)(void *)at = (uint64_t)config_setting_get_int64(set);
		break;
	case SCHEMA_FLOAT:
		*(double *)(void *)at = num(set);
		break;
	case SCHEMA_BOOL:
		*(bool *)at = config_setting_get_bool(set) != 0;
		break;
	case SCHEMA_STRING:
		if (e->place.values) {
			int i = schema_choice_index(e, text(set));
			int v = i >= 0 && (size_t)i < e->place.n_values ? e->place.values[i] : 0;
			if (e->place.size == sizeof(bool))
				*(bool *)at = v != 0;
			else
				*(int *)(void *)at = v;
		} else {
			snprintf(at, e->place.size, "%s", text(set));
		}
		break;
	case SCHEMA_FLOAT_ARRAY: {
		int n = (int)(e->place.size / sizeof(double));
		for (int i = 0; i < n; i++)
			((double *)(void *)at)[i] = i < length(set) ? elem_num(set, i) : 0.0;
		break;
	}
	case SCHEMA_INT_ARRAY:
	case SCHEMA_STRING_ARRAY:
	case SCHEMA_GROUP:
	case SCHEMA_LIST:
		break;
	}
}

/* The keys of a keyed-list element: its settings of kind PLACE_ROLE_KEY or
 * PLACE_NEED_KEY, in schema order, as indices (already checked). */
static int element_keys(struct load *L, const struct schema_entry *e, const config_setting_t *elem,
                        int keys[2])
{
	const char *dot = strrchr(e->path, '.');
	size_t parent = dot ? (size_t)(dot - e->path) + 1 : 0;
	int n = 0;

	for (size_t i = 0; i < schema_wijksim.count && n < 2; i++) {
		const struct schema_entry *k = &schema_wijksim.entries[i];
		if ((k->place.kind != PLACE_ROLE_KEY && k->place.kind != PLACE_NEED_KEY) ||
		    strncmp(k->path, e->path, parent) != 0 || strchr(k->path + parent, '.'))
			continue;
		if (want(L, NULL, k->place.kind == PLACE_ROLE_KEY,
		         text(config_setting_get_member(elem, k->path + parent)), &keys[n++]))
			return L->err->status;
	}
	return n == 0;
}

/* Pass 2: settings that refer to other lists or whose length depends on
 * other settings. */
static int put_derived(struct load *L, const struct schema_entry *e, const config_setting_t *set,
                       char *base)
{
	struct model_params *p = L->p;
	char *at = base + e->place.offset;
	int *ip = (int *)(void *)at, keys[2], k;

	switch (e->place.kind) {
	case PLACE_ROLE:
	case PLACE_NEED:
		*ip = -1;
		if (e->place.none && strcmp(text(set), e->place.none) == 0)
			return 0;
		return want(L, set, e->place.kind == PLACE_ROLE, text(set), ip);
	case PLACE_ROLE_KEY:
	case PLACE_NEED_KEY:
		return want(L, set, e->place.kind == PLACE_ROLE_KEY, text(set), &k);
	case PLACE_ROLE_FLAGS:
		return name_flags(L, set, true, false, (bool *)at);
	case PLACE_NEED_FLAGS:
	case PLACE_NEED_FLAGS_ALL:
		return name_flags(L, set, false, e->place.kind == PLACE_NEED_FLAGS_ALL, (bool *)at);
	case PLACE_BY_LEVEL:
		return severity_array(L, set, max_levels(p), (double *)(void *)at);
	case PLACE_BY_OWN_LEVEL:
		return severity_array(L, set, *(int *)(void *)(base + e->place.count_offset),
		                      (double *)(void *)at);
	case PLACE_BY_AGE_BAND: {
		int len = length(set);
		if (len != 1 && len != p->n_age_bands)
			return scen_error_at(L->s, set, L->err,
			                     "has %d values: expected 1 (all age bands) or %d (one "
			                     "per age band)",
			                     len, p->n_age_bands);
		for (int a = 0; a < p->n_age_bands; a++)
			((double *)(void *)at)[a] = elem_num(set, len == 1 ? 0 : a);
		return 0;
	}
	case PLACE_INT_EACH_NEED:
		for (int t = 0; t < p->n_need_types; t++)
			ip[t] = config_setting_get_int(set);
		return 0;
	case PLACE_INT_AT_KEY:
		if (element_keys(L, e, config_setting_parent(set), keys))
			return L->err->status;
		ip[keys[0]] = config_setting_get_int(set);
		return 0;
	case PLACE_DOUBLE_AT_KEY_PAIR: {
		double (*pair)[MODEL_MAX_ROLES] = (double (*)[MODEL_MAX_ROLES])(void *)at;
		if (element_keys(L, e, config_setting_parent(set), keys))
			return L->err->status;
		pair[keys[0]][keys[1]] = pair[keys[1]][keys[0]] = num(set);
		return 0;
	}
	case PLACE_NONE:
	case PLACE_FIELD:
	case PLACE_LIST:
	case PLACE_KEYED_LIST:
		break;
	}
	return 0;
}

static int put(struct load *L, const struct schema_entry *e, const config_setting_t *set,
               char *base, int pass)
{
	const struct schema_place *pl = &e->place;
	char *at = base + pl->offset;

	if (!set || pl->kind == PLACE_NONE || pl->kind == PLACE_KEYED_LIST)
		return 0;
	if (pl->kind == PLACE_FIELD || pl->kind == PLACE_LIST) {
		if (pass != 1)
			return 0;
		if (pl->kind == PLACE_FIELD) {
			put_field(e, set, at);
			return remember(L, at, SEEN_FIELD, set);
		}
		*(int *)(void *)(base + pl->count_offset) = length(set);
		if (remember(L, at, SEEN_LIST, set))
			return L->err->status;
		for (int i = 0; i < length(set); i++)
			if (remember(L, at + (size_t)i * pl->size, SEEN_ELEMENT,
			             config_setting_get_elem(set, (unsigned)i)))
				return L->err->status;
		return 0;
	}
	if (pass != 2)
		return 0;
	if (put_derived(L, e, set, base))
		return L->err->status;
	return remember(L, at, SEEN_FIELD, set);
}

/* Fill the place of entry e for every element of the lists around it.
 * `rest` is e's path below the setting `cfg`, whose values go to `base`. */
static int walk(struct load *L, const struct schema_entry *e, const char *rest,
                const config_setting_t *cfg, char *base, int pass)
{
	const char *br = strstr(rest, ".[].");
	char list_path[256], below[256];
	const struct schema_entry *list;
	const config_setting_t *elems;

	if (!br)
		return put(L, e, config_setting_lookup((config_setting_t *)cfg, rest), base, pass);
	/* rest is a tail of e->path: the list is e->path up to ".[]." */
	snprintf(list_path, sizeof list_path, "%.*s", (int)(br - e->path), e->path);
	snprintf(below, sizeof below, "%.*s", (int)(br - rest), rest);
	list = schema_find(&schema_wijksim, list_path);
	elems = config_setting_lookup((config_setting_t *)cfg, below);
	for (int i = 0; list && i < length(elems); i++) {
		char *elem_base = base;
		if (list->place.kind == PLACE_LIST)
			elem_base += list->place.offset + (size_t)i * list->place.size;
		if (walk(L, e, br + 4, config_setting_get_elem(elems, (unsigned)i), elem_base,
		         pass))
			return L->err->status;
	}
	return 0;
}

static int walk_all(struct load *L, const config_t *c, int pass)
{
	for (size_t i = 0; i < schema_wijksim.count; i++)
		if (walk(L, &schema_wijksim.entries[i], schema_wijksim.entries[i].path,
		         config_root_setting(c), (char *)L->p, pass))
			return L->err->status;
	return 0;
}

/* Names of one list unique; `first` is the name of element 0. */
static int unique_names(struct load *L, const char *first, size_t stride, int n, const char *what)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++) {
			const char *a = first + (size_t)i * stride, *b = first + (size_t)j * stride;
			if (strcmp(a, b) == 0)
				return scen_error_at(
				        L->s, field_setting(L, a), L->err,
				        "duplicate %s name \"%s\": names must be unique", what, a);
		}
	return 0;
}

#define UNIQUE(L, array, n, what)                                                                  \
	unique_names(L, (L)->p->array[0].name, sizeof(L)->p->array[0], (L)->p->n, what)

static int check_world(struct load *L)
{
	const struct model_params *p = L->p;
	double share_sum = 0.0, hh_sum = 0.0;

	for (int a = 0; a < p->n_age_bands; a++)
		share_sum += p->age_bands[a].share;
	if (fabs(share_sum - 1.0) > 1e-6)
		return scen_error_at(L->s, seen(L, p->age_bands, SEEN_LIST), L->err,
		                     "age band shares sum to %.6g: expected 1", share_sum);
	for (int i = 0; i < MODEL_MAX_HOUSEHOLD_SIZE; i++)
		hh_sum += p->household_size_weights[i];
	if (!(hh_sum > 0.0))
		return scen_error_at(
		        L->s, field_setting(L, p->household_size_weights), L->err,
		        "all household size weights are 0: expected at least one positive weight");
	return 0;
}

static int check_need_types(struct load *L)
{
	for (int t = 0; t < L->p->n_need_types; t++) {
		const struct need_type_params *nt = &L->p->need_types[t];
		double start_sum = 0.0;
		for (int l = 0; l < nt->severity_levels - 1; l++)
			start_sum += nt->start_severity[l];
		if (!(start_sum > 0.0))
			return scen_error_at(L->s, field_setting(L, nt->start_severity), L->err,
			                     "all start severity weights are 0: expected at least "
			                     "one positive weight");
		for (int l = 0; l < nt->severity_levels - 1; l++)
			if (!(nt->hours_per_contact[l] > 0.0))
				return scen_error_at(L->s, field_setting(L, nt->hours_per_contact),
				                     L->err,
				                     "severity %d has %g hours per contact: "
				                     "expected a positive number",
				                     l + 1, nt->hours_per_contact[l]);
	}
	return 0;
}

/* A role can serve anyone only with hours: formal roles through FTE, hours
 * per FTE and the share of those hours for contacts; informal roles through
 * members and their hours. */
static bool role_has_capacity(const struct role_params *r)
{
	if (r->formal)
		return r->fte_per_1000 > 0.0 && r->hours_per_week_per_fte > 0.0 &&
		       r->direct_share > 0.0;
	return r->member_share > 0.0 && r->hours_per_week_per_member > 0.0;
}

/* A scenario in which no role has any hours would run, but every need would
 * wait for ever: almost always a forgotten fte_per_1000 (its default is 0),
 * so it is refused rather than simulated. An empty organisation is the
 * role's own. */
static int check_roles(struct load *L)
{
	struct model_params *p = L->p;
	bool capacity = false;

	for (int k = 0; k < p->n_roles; k++) {
		struct role_params *r = &p->roles[k];
		if (!r->organisation[0])
			memcpy(r->organisation, r->name,
			       sizeof r->organisation); /* same size, both NUL-padded */
		capacity = capacity || role_has_capacity(r);
	}
	if (p->care_role >= 0 && p->roles[p->care_role].formal)
		return scen_error_at(L->s, field_setting(L, &p->care_role), L->err,
		                     "care.role \"%s\" is a formal role: expected an informal "
		                     "role (formal = false), whose hours the care relationships "
		                     "add to", p->roles[p->care_role].name);
	int by[MODEL_MAX_ROLES];
	for (int j = 0; j < p->n_roles; j++)
		by[j] = -1;
	for (int k = 0; k < p->n_roles; k++) {
		const struct role_params *r = &p->roles[k];
		const config_setting_t *set = field_setting(L, r->home_care_for);
		for (int j = 0; j < p->n_roles; j++) {
			if (!r->home_care_for[j])
				continue;
			if (!r->formal || !(r->care_hours_per_client_week > 0.0))
				return scen_error_at(L->s, set, L->err,
				                     "names roles for role \"%s\", which gives no "
				                     "home care: expected a formal role with "
				                     "care_hours_per_client_week above 0",
				                     r->name);
			if (by[j] >= 0)
				return scen_error_at(L->s, set, L->err,
				                     "names \"%s\", which already indicates the "
				                     "home care of \"%s\": expected each role in "
				                     "the home_care_for of one role at most",
				                     p->roles[j].name, p->roles[by[j]].name);
			by[j] = k;
		}
	}
	if (capacity)
		return 0;
	return scen_error_at(
	        L->s, seen(L, p->roles, SEEN_LIST), L->err,
	        "no role has any capacity: expected at least one formal role with "
	        "fte_per_1000, hours_per_week_per_fte and direct_share above 0, or an "
	        "informal role with member_share and hours_per_week_per_member above 0");
}

static int check_channels(struct load *L)
{
	struct model_params *p = L->p;

	p->professional_channel = -1;
	p->mdo_channel = -1;
	for (int i = 0; i < p->n_channels; i++) {
		const struct channel_params *ch = &p->channels[i];
		const config_setting_t *g = seen(L, ch, SEEN_ELEMENT);
		switch (ch->kind) {
		case CHANNEL_OUTREACH:
			if (ch->role < 0)
				return scen_error_at(L->s, g, L->err,
				                     "an outreach channel needs 'role': the role "
				                     "doing the outreach");
			break;
		case CHANNEL_SELF:
		case CHANNEL_INFORMAL:
		case CHANNEL_MDO:
			if (ch->to_role < 0)
				return scen_error_at(L->s, g, L->err,
				                     "a %s channel needs 'to': the role where "
				                     "signalled needs arrive",
				                     text(field_setting(L, &ch->kind)));
			break;
		case CHANNEL_PROFESSIONAL:
			break;
		}
		if (ch->kind == CHANNEL_PROFESSIONAL && p->professional_channel < 0)
			p->professional_channel = i;
		if (ch->kind == CHANNEL_MDO && p->mdo_channel < 0)
			p->mdo_channel = i;
	}
	return 0;
}

/* Rules are read from high to low priority; within a priority in file
 * order (insertion sort: stable, and rule lists are short). */
static void sort_rules(struct model_params *p)
{
	for (int i = 1; i < p->n_rules; i++) {
		struct rule_params r = p->rules[i];
		int j = i;
		while (j > 0 && p->rules[j - 1].priority < r.priority) {
			p->rules[j] = p->rules[j - 1];
			j--;
		}
		p->rules[j] = r;
	}
}

/* The key of a rule's share draw (route.c): the first 24 bits of the
 * SHA-256 of its name, so that the draw follows the rule, not its place in
 * the list, and scenarios that extend one another share it. */
static uint32_t rule_share_key(const char *name)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, strlen(name), (const uint8_t *)name);
	sha256_digest(&ctx, sizeof digest, digest);
	return (uint32_t)digest[0] << 16 | (uint32_t)digest[1] << 8 | digest[2];
}

/* A treated need stays: a treat rule's 'to' is not a receiving role. */
static int check_rules(struct load *L)
{
	struct model_params *p = L->p;

	for (int i = 0; i < p->n_rules; i++) {
		struct rule_params *r = &p->rules[i];
		if (r->severity_min > r->severity_max)
			return scen_error_at(
			        L->s, field_setting(L, &r->severity_min), L->err,
			        "severity_min %d is above severity_max %d: expected min <= max",
			        r->severity_min, r->severity_max);
		r->share_key = rule_share_key(r->name);
		if (r->action == ACTION_TREAT)
			r->to_role = -1;
		else if (r->to_role < 0)
			return scen_error_at(L->s, seen(L, r, SEEN_ELEMENT), L->err,
			                     "action \"%s\" needs 'to': the receiving role",
			                     text(field_setting(L, &r->action)));
	}
	sort_rules(p);
	return 0;
}

static int check_mdo(struct load *L)
{
	if (L->p->mdo_enabled && L->p->mdo_channel < 0)
		return scen_error_at(
		        L->s, field_setting(L, &L->p->mdo_enabled), L->err,
		        "MDOs are enabled but no channel has kind \"mdo\": expected one, "
		        "naming where coordinated needs arrive");
	return 0;
}

static int check_simulation(struct load *L)
{
	const struct model_params *p = L->p;

	/* The name becomes the HDF5 group /scenarios/<name>. */
	if (strchr(p->name, '/') || strcmp(p->name, ".") == 0 || strcmp(p->name, "..") == 0)
		return scen_error_at(L->s, field_setting(L, p->name), L->err,
		                     "scenario name \"%s\" cannot name a group in the result file: "
		                     "expected a name without '/' that is not \".\" or \"..\"",
		                     p->name);
	if (p->output_every > p->days)
		return scen_error_at(
		        L->s, field_setting(L, &p->output_every), L->err,
		        "output interval %d is longer than the run (%d days): expected at most %d "
		        "(with a short --days, add --set simulation.output_every=%d)",
		        p->output_every, p->days, p->days, p->days);
	return 0;
}

int params_load(const struct scen *s, struct model_params *p, struct wk_error *err)
{
	const config_t *c = scen_config(s);
	struct load L = {s, p, err, NULL, 0, 0};
	int rc;

	memset(p, 0, sizeof *p);
	for (int a = 0; a < MODEL_MAX_ROLES; a++)
		for (int b = 0; b < MODEL_MAX_ROLES; b++)
			p->init_ties[a][b] = -1.0;
	rc = walk_all(&L, c, 1) || check_simulation(&L) ||
	     UNIQUE(&L, age_bands, n_age_bands, "age band") || check_world(&L) ||
	     UNIQUE(&L, need_types, n_need_types, "need type") ||
	     UNIQUE(&L, roles, n_roles, "role") || UNIQUE(&L, channels, n_channels, "channel") ||
	     UNIQUE(&L, rules, n_rules, "rule") ||
	     walk_all(&L, c, 2) || check_need_types(&L) || check_roles(&L) ||
	     check_channels(&L) || check_rules(&L) || check_mdo(&L);
	load_free(&L);
	return rc ? err->status : 0;
}

static bool cycle_dfs(const struct model_params *p, int t, int s, int a, int *state,
                      int *path, int depth, int *len)
{
	int next[MODEL_MAX_RULES];
	/* Where a need of type t at severity s may go from role a: the model's
	 * own decider (model/route.h), over every outcome of the conditions a
	 * rule may depend on, so the warning and the model cannot disagree. */
	int n = route_targets(p, a, t, s, next);

	state[a] = 1;
	path[depth] = a;
	for (int i = 0; i < n; i++) {
		if (state[next[i]] == 1) {
			path[depth + 1] = next[i];
			*len = depth + 1;
			return true;
		}
		if (state[next[i]] == 0 && cycle_dfs(p, t, s, next[i], state, path, depth + 1, len))
			return true;
	}
	state[a] = 2;
	return false;
}

int params_warnings(const struct model_params *p, char *buf, size_t size)
{
	int path[MODEL_MAX_ROLES + 2], len = 0;

	buf[0] = '\0';
	/* Severity is fixed while a need is routed, so a circle must exist for
	 * one need type at one severity. */
	for (int t = 0; t < p->n_need_types; t++)
		for (int s = 1; s < p->need_types[t].severity_levels; s++) {
			int state[MODEL_MAX_ROLES] = {0};
			for (int k = 0; k < p->n_roles; k++) {
				if (state[k] != 0 || !cycle_dfs(p, t, s, k, state, path, 0, &len))
					continue;
				size_t used =
				        (size_t)snprintf(buf, size,
				                         "rules can send a need of type \"%s\" at "
				                         "severity %d in a circle: ",
				                         p->need_types[t].name, s);
				for (int i = 0; i <= len && used < size; i++)
					used += (size_t)snprintf(buf + used, size - used, "%s%s",
					                         i ? " -> " : "",
					                         p->roles[path[i]].name);
				if (used < size)
					snprintf(buf + used, size - used,
					         " (such needs are dropped after routing.max_hops "
					         "= %d steps)",
					         p->max_hops);
				return 1;
			}
		}
	return 0;
}
