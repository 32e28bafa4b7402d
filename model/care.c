/*
 * care.c — care relationships: the weekly practical care that residents
 * with long-term needs get from formal home care, from informal carers in
 * their household and network, or not at all (ODD.md §7.7 "Care
 * relationships").
 *
 * Once a week (output days 6, 13, ..., counted back into the warm-up;
 * care_week_ends), after service, for each
 * resident r in id order:
 *   need     D_r = sum over r's open needs of care_hours_per_week[severity];
 *   formal   a need of r in care with a formal role k that gives home care
 *            (care_hours_per_client_week c_k > 0) asks min(D_r, c_k); role k
 *            serves every request by the same share
 *                f_k = min(1, idle_k / sum of requests at k),
 *            idle_k = hours of k left unused since the last care week
 *            (service.c), so home care never takes hours from contacts;
 *   informal the rest R_r = D_r - F_r is shared by up to care.max_carers
 *            carers: the first adults with room in r's household (household
 *            order), then among r's informal ties (tie order); each is offered
 *            a part of what is left in proportion to a weight (the first, the
 *            primary carer: care.primary_weight; the others 1), up to their
 *            room (their capacity left this week; a tie at most
 *            care.tie_hours_per_week), until R_r is given or nobody has room;
 *            a carer who broke down gives nothing;
 *   unmet    U_r = R_r - informal hours given.
 * Conservation: D = F + I + U every week (care_check).
 *
 * Carers. A resident's capacity is their age band's care_hours_per_week
 * (0 for children). Their weekly burden is b = (hours given / capacity) x
 * (1 - care.support_relief for a supported carer), and their burden B a
 * moving average with weight a = min(1, 7 / care.burden_window_days):
 *     B <- B + a (b - B).
 * B > care.overload_burden: the carer is overloaded (severely burdened). An
 * overloaded carer develops a need of care.overload_need_type with
 * probability 1 - exp(-7 care.overload_need_per_day) a week (unless one is
 * open), and breaks down with probability 1 - exp(-7 care.breakdown_per_day):
 * gives no care for care.breakdown_days. Who is supported is drawn once per
 * resident (care.support_share).
 *
 * Unmet care. Each open need with care hours of a resident with U_r > 0
 * worsens one level with probability 1 - exp(-7 care.unmet_worsen_per_day x
 * U_r / D_r) a week (lifecycle.c need_worsen: to crisis, an escalation).
 *
 * Output: informal hours go to hours_used of care.role (and the active
 * carers' capacity to its hours_capacity), formal home-care hours to the
 * role's hours_used and cost_formal. Random numbers are keyed on the
 * resident (or need) and the week, so the order of wijken does not matter.
 *
 * Ownership: care_alloc allocates the per-resident and per-role arrays;
 * care_free releases them.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CARE_MAX_NEEDS 32   /* care needs of one resident acted on in a week */

/* Care weeks are counted from output day 0, so that a year of output holds
 * 52 whole care weeks whatever the warm-up (a week that ended on output day
 * 0 would bring six warm-up days of care into the output). */
bool care_week_ends(const struct model_params *p, int day)
{
	int d = (day - p->warmup_days + 1) % 7;
	return d == 0;
}

/* home_by[j]: the role k whose home care a contact at role j indicates: k
 * names j in home_care_for (the loader allows one such k), or k = j for a
 * formal role with care hours and an empty home_care_for (its own
 * clients); -1 for none. */
void care_home_table(const struct model_params *p, int16_t home_by[MODEL_MAX_ROLES])
{
	for (int j = 0; j < MODEL_MAX_ROLES; j++)
		home_by[j] = -1;
	for (int k = 0; k < p->n_roles; k++) {
		const struct role_params *r = &p->roles[k];
		if (!r->formal || !(r->care_hours_per_client_week > 0.0))
			continue;
		bool any = false;
		for (int j = 0; j < p->n_roles; j++)
			if (r->home_care_for[j]) {
				home_by[j] = (int16_t)k;
				any = true;
			}
		if (!any && home_by[k] < 0)
			home_by[k] = (int16_t)k;
	}
}

/* Whether needs of this type ask for care hours at some level. */
bool care_need_type(const struct model_params *p, int type)
{
	const struct need_type_params *nt = &p->need_types[type];
	for (int s = 0; s < nt->severity_levels; s++)
		if (nt->care_hours_per_week[s] > 0.0)
			return true;
	return false;
}

int care_alloc(struct model *m, struct wijk *w)
{
	const struct model_params *p = m->p;
	size_t n = w->n_res, K = (size_t)p->n_roles;

	w->cr_given = calloc(n, sizeof *w->cr_given);
	w->cr_burden = calloc(n, sizeof *w->cr_burden);
	w->cr_off_until = calloc(n, sizeof *w->cr_off_until);
	w->cr_flags = calloc(n, 1);
	w->cr_unmet = calloc(n, 1);
	w->care_spare = calloc(K, sizeof *w->care_spare);
	if (!w->cr_given || !w->cr_burden || !w->cr_off_until || !w->cr_flags || !w->cr_unmet ||
	    !w->care_spare)
		return -1;
	if (p->care_support_share > 0.0)
		for (uint32_t r = 0; r < w->n_res; r++) {
			uint32_t u[4];
			rng_words(&m->rng, w->first_resident + r, 0, RNG_CARE, 0, u);
			if (rng_u01(u[0]) < p->care_support_share)
				w->cr_flags[r] |= CR_SUPPORTED;
		}
	return 0;
}

void care_free(struct wijk *w)
{
	free(w->cr_given);
	free(w->cr_burden);
	free(w->cr_off_until);
	free(w->cr_flags);
	free(w->cr_unmet);
	free(w->care_spare);
}

size_t care_bytes(const struct model_params *p, const struct wijk *w)
{
	return (size_t)w->n_res * (4 + 4 + 4 + 1 + 1) + (size_t)p->n_roles * sizeof(double);
}

static double capacity(const struct model_params *p, const struct wijk *w, uint32_t r)
{
	return p->age_bands[w->age[r]].care_hours_per_week;
}

/* The care hours a week of need n now (0 when its type needs none). */
static double need_hours(const struct model_params *p, const struct wijk *w, uint32_t n)
{
	return p->need_types[w->n_type[n]].care_hours_per_week[w->n_severity[n] - 1];
}

/* Resident r's care need this week, and the formal role that gives them
 * home care (-1: none): that of the first of r's needs with care hours
 * that has an indication (service.c sets n_home at a contact). */
static double resident_need(const struct model_params *p, const struct wijk *w, uint32_t r,
                            int *formal_role)
{
	double d = 0.0;
	*formal_role = -1;
	for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
		double h = need_hours(p, w, n);
		if (!(h > 0.0))
			continue;
		d += h;
		if (*formal_role < 0)
			*formal_role = w->n_home[n];
	}
	return d;
}

/* How much more carer x can give this week (0: not an adult, or broke
 * down); a tie gives at most `limit` to one recipient. */
static double room(const struct model_params *p, const struct wijk *w, uint32_t x,
                   double limit, int day)
{
	if (!p->age_bands[w->age[x]].adult || w->cr_off_until[x] > day)
		return 0.0;
	return fmax(0.0, fmin(limit, capacity(p, w, x) - (double)w->cr_given[x]));
}

/* Informal care for resident r: the first care.max_carers residents with
 * room, household first (household order), then informal ties (tie
 * order), share the hours: each is offered a part of what is left in
 * proportion to their weight (care.primary_weight for the first, the
 * primary carer; 1 for the others), up to their room, until it is given or
 * nobody has room left. */
static double informal(const struct model_params *p, struct wijk *w, uint32_t r, double left,
                       int day)
{
	uint32_t who[16], first, last;
	double can[16];
	int n = 0, max = p->care_max_carers < 16 ? p->care_max_carers : 16;
	double given = 0.0;

	ties_household(w, r, &first, &last);
	for (uint32_t x = first; x <= last && n < max; x++)
		if (x != r && (can[n] = room(p, w, x, HUGE_VAL, day)) > 0.0)
			who[n++] = x;
	for (uint32_t i = w->tie_start[r]; i < w->tie_start[r + 1] && n < max; i++)
		if ((can[n] = room(p, w, w->tie_to[i], p->care_tie_hours_per_week, day)) > 0.0)
			who[n++] = w->tie_to[i];
	/* Water-filling: at most n rounds, each fills at least one carer. */
	for (int round = 0; round < n && left > 1e-12; round++) {
		double weights = 0.0;
		for (int i = 0; i < n; i++)
			if (can[i] > 0.0)
				weights += i == 0 ? p->care_primary_weight : 1.0;
		if (!(weights > 0.0))
			break;
		double offer = left / weights;
		for (int i = 0; i < n; i++) {
			double g = fmin(offer * (i == 0 ? p->care_primary_weight : 1.0), can[i]);
			if (!(g > 0.0))
				continue;
			can[i] -= g;
			w->cr_given[who[i]] += (float)g;
			given += g;
			left -= g;
		}
	}
	return given;
}

/* Unmet care worsens the resident's care needs (collected first: a
 * worsening to crisis closes the need and changes the list). */
static int unmet_worsen(struct model *m, struct wijk *w, uint32_t r, double share, int day)
{
	const struct model_params *p = m->p;
	uint32_t ids[CARE_MAX_NEEDS];
	int n_ids = 0;
	double prob = -expm1(-7.0 * p->care_unmet_worsen_per_day * share);

	for (uint32_t n = w->first_need[r]; n != NONE && n_ids < CARE_MAX_NEEDS; n = w->n_next[n])
		if (need_hours(p, w, n) > 0.0)
			ids[n_ids++] = n;
	for (int i = 0; i < n_ids; i++) {
		uint32_t u[4];
		/* Keyed on the need and the week, apart from the need's own
		 * sequence (needs_draw), so that its other draws do not move. */
		rng_words(&m->rng, w->first_resident + r, w->n_ordinal[ids[i]], RNG_CARE,
		          0x40000000u | (uint32_t)(day / 7), u);
		if (rng_u01(u[0]) < prob && need_worsen(m, w, ids[i], day))
			return -1;
	}
	return 0;
}

/* The carers' week: burden, overload (a need of their own) and breakdown. */
static int carers_week(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	double a = fmin(1.0, 7.0 / p->care_burden_window_days), active = 0.0, cap = 0.0, over = 0.0;
	double p_need = -expm1(-7.0 * p->care_overload_need_per_day);
	double p_break = -expm1(-7.0 * p->care_breakdown_per_day);
	uint32_t week = (uint32_t)(day / 7);

	for (uint32_t x = 0; x < w->n_res; x++) {
		double given = (double)w->cr_given[x];
		if (!(given > 0.0) && !(w->cr_burden[x] > 0.0))
			continue;
		double c = capacity(p, w, x), b = c > 0.0 ? given / c : 0.0;
		if (w->cr_flags[x] & CR_SUPPORTED)
			b *= 1.0 - p->care_support_relief;
		double burden = (double)w->cr_burden[x] + a * (b - (double)w->cr_burden[x]);
		w->cr_burden[x] = burden < 1e-6 ? 0.0f : (float)burden;
		if (given > 0.0) {
			active += 1.0;
			cap += c;
		}
		w->cr_flags[x] &= (uint8_t)~CR_OVERLOADED;
		if (!(w->cr_burden[x] > p->care_overload_burden))
			continue;
		w->cr_flags[x] |= CR_OVERLOADED;
		over += 1.0;
		uint32_t u[4];
		rng_words(&m->rng, w->first_resident + x, week, RNG_CARE, 1, u);
		if (rng_u01(u[0]) < p_break) {
			w->cr_off_until[x] = day + (int32_t)floor(p->care_breakdown_days + 0.5);
			w->flow[m->acc.carer_breakdowns] += 1.0;
		}
		int type = p->care_overload_need_type;
		if (type >= 0 && rng_u01(u[1]) < p_need && !needs_has_open(w, x, type)) {
			uint32_t n;
			if (need_create(m, w, x, type,
			                needs_start_severity(&p->need_types[type], u[2]), day,
			                NEED_ORDINAL_OTHER + w->other_needs++, &n))
				return -1;
		}
	}
	w->carers_active = active;
	w->care_overloaded = over;
	if (p->care_role >= 0)
		w->flow[m->acc.hours_capacity + (size_t)p->care_role] += cap;
	return 0;
}

int care_week(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	size_t K = (size_t)p->n_roles;
	double need = 0.0, formal = 0.0, given = 0.0, unmet = 0.0, recipients = 0.0;

	if (p->care_role < 0)
		return 0;
	memset(w->cr_given, 0, w->n_res * sizeof *w->cr_given);
	memset(w->cr_unmet, 0, w->n_res);
	double share[MODEL_MAX_ROLES] = {0};   /* hours asked at role k, then the share given */
	/* Formal home care: what each role is asked for, then the share it can
	 * give (no pass at all when no role gives home care). */
	bool home_care = false;
	for (size_t k = 0; k < K; k++)
		home_care |= p->roles[k].formal && p->roles[k].care_hours_per_client_week > 0.0;
	for (uint32_t r = 0; home_care && r < w->n_res; r++) {
		int k;
		if (w->first_need[r] == NONE)
			continue;
		double d = resident_need(p, w, r, &k);
		if (k >= 0)
			share[k] += fmin(d, p->roles[k].care_hours_per_client_week);
	}
	for (size_t k = 0; k < K; k++) {
		double asked = share[k];
		share[k] = asked > 0.0 ? fmin(1.0, w->care_spare[k] / asked) : 0.0;
	}
	for (uint32_t r = 0; r < w->n_res; r++) {
		int k;
		if (w->first_need[r] == NONE)
			continue;
		double d = resident_need(p, w, r, &k);
		if (!(d > 0.0))
			continue;
		double f = k >= 0 ? fmin(d, p->roles[k].care_hours_per_client_week) *
		                            share[k] : 0.0;
		if (k >= 0 && f > 0.0) {
			hours_use_care(m, w, k, f);
			formal += f;
		}
		double i = informal(p, w, r, d - f, day);
		double u = d - f - i;
		need += d;
		given += i;
		if (i > 0.0)
			recipients += 1.0;
		if (u > 1e-9 * d) {
			unmet += u;
			w->cr_unmet[r] = (uint8_t)fmin(255.0, floor(255.0 * u / d + 0.5));
			if (p->care_unmet_worsen_per_day > 0.0 && unmet_worsen(m, w, r, u / d, day))
				return -1;
		}
	}
	memset(w->care_spare, 0, K * sizeof *w->care_spare);
	w->flow[m->acc.care_need_hours] += need;
	w->flow[m->acc.care_formal_hours] += formal;
	w->flow[m->acc.care_informal_hours] += given;
	w->flow[m->acc.care_unmet_hours] += unmet;
	w->flow[m->acc.hours_used + (size_t)p->care_role] += given;
	w->care_recipients = recipients;
	w->care_last_need = need;
	w->care_last_formal = formal;
	w->care_last_informal = given;
	w->care_last_unmet = unmet;
	return carers_week(m, w, day);
}

int care_check(const struct model *m, const struct wijk *w, char *msg, size_t size)
{
	const struct model_params *p = m->p;
	double sum = w->care_last_formal + w->care_last_informal + w->care_last_unmet;

	if (fabs(w->care_last_need - sum) > 1e-6 * fmax(1.0, w->care_last_need)) {
		snprintf(msg, size,
		         "wijk %d: care hours not conserved: need %.6f, formal %.6f + "
		         "informal %.6f + unmet %.6f",
		         w->id, w->care_last_need, w->care_last_formal, w->care_last_informal,
		         w->care_last_unmet);
		return -1;
	}
	for (uint32_t x = 0; x < w->n_res; x++)
		if ((double)w->cr_given[x] > capacity(p, w, x) * (1.0 + 1e-6) + 1e-9) {
			snprintf(msg, size,
			         "wijk %d: carer %u gave %.4f hours, above their capacity "
			         "%.4f",
			         w->id, x, (double)w->cr_given[x], capacity(p, w, x));
			return -1;
		}
	return 0;
}
