/*
 * params_load.c — from a validated scenario tree to struct model_params.
 *
 * scen.c has already checked every setting's type and range against the
 * schema and filled the defaults; what is left here are the checks that
 * span settings: names unique, references to roles and need types that
 * exist, arrays as long as the age bands or severity levels they describe,
 * shares that sum to one, and warnings for rules that can send a need in a
 * circle. Every error names the file, line and setting it is about.
 */
#include "params_load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double fget(const config_setting_t *g, const char *name)
{
	double v = 0.0;
	int iv;
	long long lv;
	if (config_setting_lookup_float(g, name, &v) == CONFIG_TRUE)
		return v;
	if (config_setting_lookup_int(g, name, &iv) == CONFIG_TRUE)
		return iv;
	if (config_setting_lookup_int64(g, name, &lv) == CONFIG_TRUE)
		return (double)lv;
	return 0.0;
}

static int iget(const config_setting_t *g, const char *name)
{
	int v = 0;
	config_setting_lookup_int(g, name, &v);
	return v;
}

static bool bget(const config_setting_t *g, const char *name)
{
	int v = 0;
	config_setting_lookup_bool(g, name, &v);
	return v != 0;
}

static const char *sget(const config_setting_t *g, const char *name)
{
	const char *v = "";
	config_setting_lookup_string(g, name, &v);
	return v;
}

static const config_setting_t *member(const config_setting_t *g, const char *name)
{
	return config_setting_get_member(g, name);
}

static double elem_float(const config_setting_t *arr, int i)
{
	const config_setting_t *e = config_setting_get_elem(arr, (unsigned)i);
	if (!e)
		return 0.0;
	if (config_setting_type(e) == CONFIG_TYPE_FLOAT)
		return config_setting_get_float(e);
	if (config_setting_type(e) == CONFIG_TYPE_INT64)
		return (double)config_setting_get_int64(e);
	return config_setting_get_int(e);
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

static void list_names(char *buf, size_t size, const char *(*get)(const struct model_params *, int),
                       const struct model_params *p, int n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && used + 2 < size; i++) {
		int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", get(p, i));
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

static const char *role_name(const struct model_params *p, int i) { return p->roles[i].name; }
static const char *need_name(const struct model_params *p, int i) { return p->need_types[i].name; }

static int want_role(const struct scen *s, const config_setting_t *at, const struct model_params *p,
                     const char *name, int *out, struct wk_error *err)
{
	char known[1024];
	*out = role_index(p, name);
	if (*out >= 0)
		return 0;
	list_names(known, sizeof known, role_name, p, p->n_roles);
	return scen_error_at(s, at, err, "unknown role \"%s\": expected one of %s", name, known);
}

static int want_need(const struct scen *s, const config_setting_t *at, const struct model_params *p,
                     const char *name, int *out, struct wk_error *err)
{
	char known[1024];
	*out = need_index(p, name);
	if (*out >= 0)
		return 0;
	list_names(known, sizeof known, need_name, p, p->n_need_types);
	return scen_error_at(s, at, err, "unknown need type \"%s\": expected one of %s", name, known);
}

/* A string array of need-type names as flags per need type. An empty array
 * means every type when `empty_is_all`, none otherwise. */
static int need_flags(const struct scen *s, const config_setting_t *arr,
                      const struct model_params *p, bool empty_is_all, bool *flags,
                      struct wk_error *err)
{
	int len = arr ? config_setting_length(arr) : 0;
	for (int t = 0; t < p->n_need_types; t++)
		flags[t] = empty_is_all && len == 0;
	for (int j = 0; j < len; j++) {
		const config_setting_t *e = config_setting_get_elem(arr, (unsigned)j);
		int t;
		if (want_need(s, e, p, config_setting_get_string(e), &t, err))
			return err->status;
		flags[t] = true;
	}
	return 0;
}

/* An array by severity 1..S-1: one value (all levels) or exactly S-1. */
static int severity_array(const struct scen *s, const config_setting_t *g, const char *name,
                          int levels, double *out, struct wk_error *err)
{
	const config_setting_t *arr = member(g, name);
	int len = arr ? config_setting_length(arr) : 0;
	if (len != 1 && len != levels - 1)
		return scen_error_at(s, arr ? arr : g, err,
		                     "has %d values: expected 1 (all severities) or %d "
		                     "(severity 1..%d below the crisis level %d)",
		                     len, levels - 1, levels - 1, levels);
	for (int i = 0; i < levels - 1; i++)
		out[i] = elem_float(arr, len == 1 ? 0 : i);
	return 0;
}

static int unique_names(const struct scen *s, const config_setting_t *list, const char *what,
                        struct wk_error *err)
{
	int n = config_setting_length(list);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++) {
			const config_setting_t *a = config_setting_get_elem(list, (unsigned)i);
			const config_setting_t *b = config_setting_get_elem(list, (unsigned)j);
			if (strcmp(sget(a, "name"), sget(b, "name")) == 0)
				return scen_error_at(s, member(a, "name"), err,
				                     "duplicate %s name \"%s\": names must be unique",
				                     what, sget(a, "name"));
		}
	return 0;
}

static void copy_name(char *dst, const char *src)
{
	snprintf(dst, MODEL_MAX_NAME, "%s", src);
}

static int load_world(const struct scen *s, const config_t *c, struct model_params *p,
                      struct wk_error *err)
{
	const config_setting_t *w = config_lookup(c, "world");
	const config_setting_t *bands = member(w, "age_bands");
	const config_setting_t *hh = member(w, "household_size_weights");
	double share_sum = 0.0, hh_sum = 0.0;

	p->wijken = iget(w, "wijken");
	p->residents_per_wijk = iget(w, "residents_per_wijk");
	p->wijk_size_spread = fget(w, "wijk_size_spread");
	if (unique_names(s, bands, "age band", err))
		return err->status;
	p->n_age_bands = config_setting_length(bands);
	for (int a = 0; a < p->n_age_bands; a++) {
		const config_setting_t *b = config_setting_get_elem(bands, (unsigned)a);
		copy_name(p->age_bands[a].name, sget(b, "name"));
		p->age_bands[a].share = fget(b, "share");
		p->age_bands[a].adult = bget(b, "adult");
		share_sum += p->age_bands[a].share;
	}
	if (fabs(share_sum - 1.0) > 1e-6)
		return scen_error_at(s, bands, err, "age band shares sum to %.6g: expected 1", share_sum);
	for (int i = 0; i < MODEL_MAX_HOUSEHOLD_SIZE; i++) {
		p->household_size_weights[i] = i < config_setting_length(hh) ? elem_float(hh, i) : 0.0;
		hh_sum += p->household_size_weights[i];
	}
	if (!(hh_sum > 0.0))
		return scen_error_at(s, hh, err, "all household size weights are 0: expected at least one positive weight");
	p->vulnerable_share = fget(w, "vulnerable_share");
	p->multiproblem_household_share = fget(w, "multiproblem_household_share");
	p->help_seeking_mean = fget(w, "help_seeking_mean");
	p->help_seeking_concentration = fget(w, "help_seeking_concentration");
	p->informal_ties_mean_degree = fget(w, "informal_ties_mean_degree");
	p->informal_ties_rewiring = fget(w, "informal_ties_rewiring");
	p->socially_isolated_share = fget(w, "socially_isolated_share");
	return 0;
}

static int load_need_types(const struct scen *s, const config_t *c, struct model_params *p,
                           struct wk_error *err)
{
	const config_setting_t *list = config_lookup(c, "need_types");

	if (unique_names(s, list, "need type", err))
		return err->status;
	p->n_need_types = config_setting_length(list);
	for (int t = 0; t < p->n_need_types; t++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)t);
		struct need_type_params *nt = &p->need_types[t];
		const config_setting_t *inc = member(g, "incidence_per_1000_per_year");
		int len = config_setting_length(inc);
		const char *dim = sget(g, "dimension");

		copy_name(nt->name, sget(g, "name"));
		nt->dimension = 0;
		for (int d = 0; d < MODEL_DIMENSIONS; d++)
			if (strcmp(dim, model_dimension_names[d]) == 0)
				nt->dimension = d;
		if (len != 1 && len != p->n_age_bands)
			return scen_error_at(s, inc, err, "has %d values: expected 1 (all age bands) or %d (one per age band)",
			                     len, p->n_age_bands);
		for (int a = 0; a < p->n_age_bands; a++)
			nt->incidence_per_1000_per_year[a] = elem_float(inc, len == 1 ? 0 : a);
		nt->vulnerable_multiplier = fget(g, "vulnerable_multiplier");
		nt->multiproblem_multiplier = fget(g, "multiproblem_multiplier");
		nt->severity_levels = iget(g, "severity_levels");
		nt->worsen_per_day = fget(g, "worsen_per_day");
		nt->resolve_per_day = fget(g, "resolve_per_day");
		nt->informal_resolve_multiplier = fget(g, "informal_resolve_multiplier");
		nt->in_care_worsen_multiplier = fget(g, "in_care_worsen_multiplier");
		nt->escalation_cost = fget(g, "escalation_cost");
		if (severity_array(s, g, "start_severity", nt->severity_levels, nt->start_severity, err) ||
		    severity_array(s, g, "hours_per_contact", nt->severity_levels, nt->hours_per_contact, err) ||
		    severity_array(s, g, "health_penalty", nt->severity_levels, nt->health_penalty, err))
			return err->status;
		double start_sum = 0.0;
		for (int l = 0; l < nt->severity_levels - 1; l++)
			start_sum += nt->start_severity[l];
		if (!(start_sum > 0.0))
			return scen_error_at(s, member(g, "start_severity"), err,
			                     "all start severity weights are 0: expected at least one positive weight");
		for (int l = 0; l < nt->severity_levels - 1; l++)
			if (!(nt->hours_per_contact[l] > 0.0))
				return scen_error_at(s, member(g, "hours_per_contact"), err,
				                     "severity %d has %g hours per contact: expected a positive number", l + 1,
				                     nt->hours_per_contact[l]);
	}
	return 0;
}

static int load_roles(const struct scen *s, const config_t *c, struct model_params *p,
                      struct wk_error *err)
{
	const config_setting_t *list = config_lookup(c, "roles");
	int max_levels = 2;

	if (unique_names(s, list, "role", err))
		return err->status;
	for (int t = 0; t < p->n_need_types; t++)
		if (p->need_types[t].severity_levels > max_levels)
			max_levels = p->need_types[t].severity_levels;
	p->n_roles = config_setting_length(list);
	/* Names first: rules and overload needs refer to roles by name. */
	for (int k = 0; k < p->n_roles; k++)
		copy_name(p->roles[k].name, sget(config_setting_get_elem(list, (unsigned)k), "name"));
	for (int k = 0; k < p->n_roles; k++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)k);
		struct role_params *r = &p->roles[k];
		const config_setting_t *comp = member(g, "competences");
		const config_setting_t *notices = member(g, "notices");
		const char *overload = sget(g, "overload_need_type");

		r->formal = bget(g, "formal");
		copy_name(r->organisation, sget(g, "organisation"));
		if (!r->organisation[0])
			copy_name(r->organisation, r->name);
		r->fte_per_1000 = fget(g, "fte_per_1000");
		r->hours_per_week_per_fte = fget(g, "hours_per_week_per_fte");
		r->direct_share = fget(g, "direct_share");
		r->weekdays_only = bget(g, "weekdays_only");
		r->cost_per_hour = fget(g, "cost_per_hour");
		r->member_share = fget(g, "member_share");
		r->hours_per_week_per_member = fget(g, "hours_per_week_per_member");
		r->other_care_hours_per_week = fget(g, "other_care_hours_per_week");
		r->reach_network = strcmp(sget(g, "reach"), "network") == 0;
		r->overload_utilisation = fget(g, "overload_utilisation");
		r->overload_need_per_day = fget(g, "overload_need_per_day");
		r->overload_need_type = -1;
		if (overload[0] && want_need(s, member(g, "overload_need_type"), p, overload,
		                             &r->overload_need_type, err))
			return err->status;
		r->contact_hours_multiplier = fget(g, "contact_hours_multiplier");
		if (severity_array(s, g, "resolve_probability", max_levels, r->resolve_probability, err))
			return err->status;
		int def = iget(g, "default_max_severity");
		for (int t = 0; t < p->n_need_types; t++)
			r->max_severity[t] = def;
		for (int i = 0; i < config_setting_length(comp); i++) {
			const config_setting_t *e = config_setting_get_elem(comp, (unsigned)i);
			int t;
			if (want_need(s, member(e, "need"), p, sget(e, "need"), &t, err))
				return err->status;
			r->max_severity[t] = iget(e, "max_severity");
		}
		r->followup_days = fget(g, "followup_days");
		r->entry = bget(g, "entry");
		r->access_threshold = fget(g, "access_threshold");
		r->notice_probability = fget(g, "notice_probability");
		if (need_flags(s, notices, p, false, r->notices, err))
			return err->status;
		r->indication_days = fget(g, "indication_days");
	}
	return 0;
}

/* A role can serve anyone only with hours: formal roles through FTE, hours
 * per FTE and the share of those hours for contacts; informal roles through
 * members and their hours. */
static bool role_has_capacity(const struct role_params *r)
{
	if (r->formal)
		return r->fte_per_1000 > 0.0 && r->hours_per_week_per_fte > 0.0 && r->direct_share > 0.0;
	return r->member_share > 0.0 && r->hours_per_week_per_member > 0.0;
}

/* A scenario in which no role has any hours would run, but every need would
 * wait for ever: almost always a forgotten fte_per_1000 (its default is 0),
 * so it is refused rather than simulated. */
static int check_capacity(const struct scen *s, const config_t *c, const struct model_params *p,
                          struct wk_error *err)
{
	for (int k = 0; k < p->n_roles; k++)
		if (role_has_capacity(&p->roles[k]))
			return 0;
	return scen_error_at(s, config_lookup(c, "roles"), err,
	                     "no role has any capacity: expected at least one formal role with "
	                     "fte_per_1000, hours_per_week_per_fte and direct_share above 0, or an "
	                     "informal role with member_share and hours_per_week_per_member above 0");
}

static int load_channels(const struct scen *s, const config_t *c, struct model_params *p,
                         struct wk_error *err)
{
	const config_setting_t *list = config_lookup(c, "channels");
	static const char *const kinds[] = {"self", "informal", "outreach", "professional", "mdo"};
	int max_levels = 2;

	if (unique_names(s, list, "channel", err))
		return err->status;
	for (int t = 0; t < p->n_need_types; t++)
		if (p->need_types[t].severity_levels > max_levels)
			max_levels = p->need_types[t].severity_levels;
	p->n_channels = config_setting_length(list);
	p->professional_channel = -1;
	p->mdo_channel = -1;
	for (int i = 0; i < p->n_channels; i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct channel_params *ch = &p->channels[i];
		const char *kind = sget(g, "kind"), *to = sget(g, "to"), *role = sget(g, "role");

		copy_name(ch->name, sget(g, "name"));
		for (int k = 0; k < 5; k++)
			if (strcmp(kind, kinds[k]) == 0)
				ch->kind = (enum channel_kind)k;
		if (severity_array(s, g, "rate_per_day", max_levels, ch->rate_per_day, err))
			return err->status;
		if (need_flags(s, member(g, "needs"), p, true, ch->need_types, err))
			return err->status;
		ch->to_role = -1;
		ch->role = -1;
		if (to[0] && want_role(s, member(g, "to"), p, to, &ch->to_role, err))
			return err->status;
		if (role[0] && want_role(s, member(g, "role"), p, role, &ch->role, err))
			return err->status;
		switch (ch->kind) {
		case CHANNEL_OUTREACH:
			if (ch->role < 0)
				return scen_error_at(s, g, err, "an outreach channel needs 'role': the role doing the outreach");
			break;
		case CHANNEL_SELF:
		case CHANNEL_INFORMAL:
		case CHANNEL_MDO:
			if (ch->to_role < 0)
				return scen_error_at(s, g, err, "a %s channel needs 'to': the role where signalled needs arrive", kind);
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

static int load_rules(const struct scen *s, const config_t *c, struct model_params *p,
                      struct wk_error *err)
{
	const config_setting_t *list = config_lookup(c, "rules");

	if (unique_names(s, list, "rule", err))
		return err->status;
	p->n_rules = config_setting_length(list);
	for (int i = 0; i < p->n_rules; i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct rule_params *r = &p->rules[i];
		const char *at = sget(g, "at"), *action = sget(g, "action"), *to = sget(g, "to");
		const config_setting_t *needs = member(g, "needs");

		copy_name(r->name, sget(g, "name"));
		r->at_role = -1;
		if (strcmp(at, "*") != 0 && want_role(s, member(g, "at"), p, at, &r->at_role, err))
			return err->status;
		if (need_flags(s, needs, p, true, r->need_types, err))
			return err->status;
		r->severity_min = iget(g, "severity_min");
		r->severity_max = iget(g, "severity_max");
		if (r->severity_min > r->severity_max)
			return scen_error_at(s, member(g, "severity_min"), err,
			                     "severity_min %d is above severity_max %d: expected min <= max",
			                     r->severity_min, r->severity_max);
		r->action = strcmp(action, "treat") == 0 ? ACTION_TREAT
		            : strcmp(action, "refer") == 0 ? ACTION_REFER : ACTION_SHIFT;
		r->to_role = -1;
		if (r->action != ACTION_TREAT) {
			if (!to[0])
				return scen_error_at(s, g, err, "action \"%s\" needs 'to': the receiving role", action);
			if (want_role(s, member(g, "to"), p, to, &r->to_role, err))
				return err->status;
		}
		r->min_tie = fget(g, "min_tie");
		r->priority = iget(g, "priority");
		r->requires_informal_support = bget(g, "requires_informal_support");
	}
	sort_rules(p);
	return 0;
}

static int load_network(const struct scen *s, const config_t *c, struct model_params *p,
                        struct wk_error *err)
{
	const config_setting_t *n = config_lookup(c, "network");
	const config_setting_t *ties = member(n, "ties");
	const config_setting_t *ph = member(n, "phase_thresholds");

	p->initial_tie = fget(n, "initial_tie");
	p->initial_tie_within_organisation = fget(n, "initial_tie_within_organisation");
	p->tie_decay_per_day = fget(n, "tie_decay_per_day");
	p->referral_tie_gain_step = fget(n, "tie_gain_per_referral");
	p->meeting_interval_days = fget(n, "meeting_interval_days");
	p->meeting_attendance = fget(n, "meeting_attendance");
	p->meeting_tie_gain = fget(n, "meeting_tie_gain");
	p->kwartiermaker_days = fget(n, "kwartiermaker_days");
	p->kwartiermaker_meeting_factor = fget(n, "kwartiermaker_meeting_factor");
	p->tie_present_threshold = fget(n, "tie_present_threshold");
	for (int i = 0; i < 3; i++)
		p->phase_thresholds[i] = elem_float(ph, i);
	for (int a = 0; a < MODEL_MAX_ROLES; a++)
		for (int b = 0; b < MODEL_MAX_ROLES; b++)
			p->init_ties[a][b] = -1.0;
	for (int i = 0; i < config_setting_length(ties); i++) {
		const config_setting_t *e = config_setting_get_elem(ties, (unsigned)i);
		int a, b;
		if (want_role(s, member(e, "from"), p, sget(e, "from"), &a, err) ||
		    want_role(s, member(e, "to"), p, sget(e, "to"), &b, err))
			return err->status;
		p->init_ties[a][b] = p->init_ties[b][a] = fget(e, "strength");
	}
	return 0;
}

static int load_mdo(const struct scen *s, const config_t *c, struct model_params *p,
                    struct wk_error *err)
{
	const config_setting_t *g = config_lookup(c, "mdo");
	const config_setting_t *parts = member(g, "participants");

	p->mdo_enabled = bget(g, "enabled");
	p->mdo_min_open_needs = iget(g, "min_open_needs");
	p->mdo_min_dimensions = iget(g, "min_dimensions");
	p->mdo_multiproblem = bget(g, "multiproblem");
	p->mdo_cooldown_days = fget(g, "cooldown_days");
	p->mdo_hours_per_participant = fget(g, "hours_per_participant");
	p->mdo_skips_indication = bget(g, "skips_indication");
	for (int i = 0; i < config_setting_length(parts); i++) {
		const config_setting_t *e = config_setting_get_elem(parts, (unsigned)i);
		int k;
		if (want_role(s, e, p, config_setting_get_string(e), &k, err))
			return err->status;
		p->mdo_participants[k] = true;
	}
	if (p->mdo_enabled && p->mdo_channel < 0)
		return scen_error_at(s, member(g, "enabled"), err,
		                     "MDOs are enabled but no channel has kind \"mdo\": expected one, "
		                     "naming where coordinated needs arrive");
	return 0;
}

int params_load(const struct scen *s, struct model_params *p, struct wk_error *err)
{
	const config_t *c = scen_config(s);
	const config_setting_t *sim = config_lookup(c, "simulation");
	long long seed = 0;

	memset(p, 0, sizeof *p);
	p->days = iget(sim, "days");
	p->output_every = iget(sim, "output_every");
	config_setting_lookup_int64(sim, "seed", &seed);
	if (seed == 0) {
		int small = 0;
		if (config_setting_lookup_int(sim, "seed", &small) == CONFIG_TRUE)
			seed = small;
	}
	p->seed = (uint64_t)seed;
	p->start_weekday = iget(sim, "start_weekday");
	{
		/* The name becomes the HDF5 group /scenarios/<name>. */
		const char *name = "";
		config_lookup_string(c, "name", &name);
		if (strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			return scen_error_at(s, config_lookup(c, "name"), err,
			                     "scenario name \"%s\" cannot name a group in the result file: "
			                     "expected a name without '/' that is not \".\" or \"..\"", name);
	}
	if (p->output_every > p->days)
		return scen_error_at(s, member(sim, "output_every"), err,
		                     "output interval %d is longer than the run (%d days): expected at most %d",
		                     p->output_every, p->days, p->days);
	if (load_world(s, c, p, err) || load_need_types(s, c, p, err) ||
	    load_roles(s, c, p, err) || check_capacity(s, c, p, err) ||
	    load_channels(s, c, p, err) ||
	    load_rules(s, c, p, err) || load_network(s, c, p, err) ||
	    load_mdo(s, c, p, err))
		return err->status;
	{
		const config_setting_t *sig = config_lookup(c, "signalling");
		p->early_max_severity = iget(sig, "early_max_severity");
	}
	p->max_hops = iget(config_lookup(c, "routing"), "max_hops");
	{
		const config_setting_t *r = config_lookup(c, "referral");
		p->referral_base_success = fget(r, "base_success");
		p->referral_tie_gain = fget(r, "tie_gain");
		p->referral_max_delay_days = fget(r, "max_delay_days");
		p->pooled_budget = bget(r, "pooled_budget");
	}
	p->carer_burden_window_days = fget(config_lookup(c, "informal"), "carer_burden_window_days");
	return 0;
}

/* Where a need of type t at severity s goes from role a: the first rule
 * that matches decides; a rule with a condition (min_tie, informal support,
 * a member of an informal role in reach) may or may not match, so its edge
 * counts and the scan goes on. Edges are collected into next[a][..]. */
static int edges_from(const struct model_params *p, int a, int t, int s, int *next)
{
	int n = 0;
	for (int i = 0; i < p->n_rules; i++) {
		const struct rule_params *r = &p->rules[i];
		if ((r->at_role >= 0 && r->at_role != a) || !r->need_types[t] ||
		    s < r->severity_min || s > r->severity_max)
			continue;
		if (r->action == ACTION_TREAT || r->to_role == a)
			return n;
		next[n++] = r->to_role;
		/* Conditions, and a shift to an informal role (a member must be in
		 * reach), may fail: the scan goes on. */
		if (r->min_tie <= 0.0 && !r->requires_informal_support && p->roles[r->to_role].formal)
			return n;
	}
	return n;
}

static bool cycle_dfs(const struct model_params *p, int t, int s, int a, int *state,
                      int *path, int depth, int *len)
{
	int next[MODEL_MAX_RULES];
	int n = edges_from(p, a, t, s, next);

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
				size_t used = (size_t)snprintf(buf, size,
				        "rules can send a need of type \"%s\" at severity %d in a circle: ",
				        p->need_types[t].name, s);
				for (int i = 0; i <= len && used < size; i++)
					used += (size_t)snprintf(buf + used, size - used, "%s%s",
					                         i ? " -> " : "", p->roles[path[i]].name);
				if (used < size)
					snprintf(buf + used, size - used,
					         " (such needs are dropped after routing.max_hops = %d steps)",
					         p->max_hops);
				return 1;
			}
		}
	return 0;
}
