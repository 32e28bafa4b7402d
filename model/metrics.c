/*
 * metrics.c — what the model reports, and its invariant checks.
 *
 * Each wijk adds raw, additive accumulators (counts, hour sums, sums of
 * waiting days) to a vector; the engine sums the wijken's vectors in wijk
 * order, and model_derive turns the sum into the published metrics
 * (ratios such as utilisation = hours_used / hours_capacity are formed only
 * after the sum, so they are exact for any number of wijken).
 *
 * The metric names, units and long names are part of the output contract
 * (README.md "Reading the result file"). Adding a metric is one row in
 * METRICS below, one slot in ACC_SLOTS (internal.h) when it needs a raw
 * quantity of its own, and the model code that counts it.
 *
 * Axes: the axis column of METRICS and of ACC_SLOTS names one axis
 * (AXIS_ROLE, ...; AXIS_NONE for a single value) or a pair of axes
 * (ROLE_BY_TO_ROLE, ...; see AXES_OF_ below). A pair is stored row-major,
 * value [a][b] at a * len(b) + b, and published as [R,T,a,b].
 */
#include "internal.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* How a metric is formed from the summed accumulators (after the sum, so
 * that ratios are exact for any number of wijken):
 *   COPY         v[i] = num[i]
 *   RATIO        v[i] = num[i] / den[i]           (NaN when den[i] = 0)
 *   RATIO_TOTAL  v    = num / sum over i of den[i]
 *   PER          v[i] = num[i] / den               (one denominator, e.g. residents)
 *   SUM          v[i] = num[i] + den[i] */
enum derive { COPY, RATIO, RATIO_TOTAL, PER, SUM };

/* The axes of an axis column as (first, second); second AXIS_NONE for one
 * axis. Pasted from the column's token, like SLOT_OFFSET_none below. */
#define AXES(axis) AXES_OF_##axis
#define AXES_OF_AXIS_NONE AXIS_NONE, AXIS_NONE
#define AXES_OF_AXIS_ROLE AXIS_ROLE, AXIS_NONE
#define AXES_OF_AXIS_NEED_TYPE AXIS_NEED_TYPE, AXIS_NONE
#define AXES_OF_AXIS_CHANNEL AXIS_CHANNEL, AXIS_NONE
#define AXES_OF_AXIS_DIMENSION AXIS_DIMENSION, AXIS_NONE
#define AXES_OF_ROLE_BY_TO_ROLE AXIS_ROLE, AXIS_TO_ROLE
#define AXES_OF_ROLE_BY_NEED_TYPE AXIS_ROLE, AXIS_NEED_TYPE

/* The published metrics, in output order: one row each. Columns: name,
 * units, kind ("flow": summed over the interval; "stock": at its end;
 * "mean": a ratio over the interval), axis (or pair of axes), derivation, numerator slot,
 * denominator slot (ACC_SLOTS; `none` for COPY), long name. */
#define METRICS(X)                                                                                 \
	X(needs_new, "1", "flow", AXIS_NEED_TYPE, COPY, needs_new, none, "new needs")              \
	X(needs_open, "1", "stock", AXIS_NEED_TYPE, COPY, needs_open, none,                        \
	  "open needs (latent or in care)")                                                        \
	X(needs_latent, "1", "stock", AXIS_NONE, COPY, needs_latent, none,                         \
	  "open needs not yet known to any role")                                                  \
	X(needs_in_care, "1", "stock", AXIS_NONE, COPY, needs_in_care, none,                       \
	  "open needs known to a role (in transit, queued or between contacts)")                   \
	X(signalled, "1", "flow", AXIS_CHANNEL, COPY, signalled, none,                             \
	  "needs signalled, by channel")                                                           \
	X(signalled_early, "1", "flow", AXIS_NONE, COPY, signalled_early, none,                    \
	  "needs signalled at or below the early-signalling severity")                             \
	X(signals_by_type, "1", "flow", AXIS_NEED_TYPE, COPY, signalled_by_type, none,             \
	  "needs signalled, by need type")                                                         \
	X(signals_early_by_type, "1", "flow", AXIS_NEED_TYPE, COPY, signalled_early_by_type, none, \
	  "needs signalled at or below the early-signalling severity, by need type")               \
	X(signal_delay_days, "day", "mean", AXIS_NONE, RATIO_TOTAL, signal_delay_sum, signalled,   \
	  "mean days from a need arising to its signalling")                                       \
	X(arrivals, "1", "flow", AXIS_ROLE, COPY, arrivals, none, "needs entering a role's queue") \
	X(referrals, "1", "flow", AXIS_NONE, COPY, referrals, none, "referrals made")              \
	X(referrals_failed, "1", "flow", AXIS_NONE, COPY, referrals_failed, none,                  \
	  "referrals and task shifts that failed (need lost until signalled again)")               \
	X(task_shifts, "1", "flow", AXIS_NONE, COPY, task_shifts, none, "task shifts made")        \
	X(hours_used, "hour", "flow", AXIS_ROLE, COPY, hours_used, none,                           \
	  "hours spent on contacts and MDOs, by role")                                             \
	X(hours_capacity, "hour", "flow", AXIS_ROLE, COPY, hours_capacity, none,                   \
	  "hours available for contacts, by role")                                                 \
	X(utilisation, "1", "mean", AXIS_ROLE, RATIO, hours_used, hours_capacity,                  \
	  "hours used / hours available, by role")                                                 \
	X(waiting_list, "1", "stock", AXIS_ROLE, COPY, waiting_list, none,                         \
	  "needs on a role's waiting list (waiting or in transit to it), no first contact yet")    \
	X(caseload, "1", "stock", AXIS_ROLE, COPY, caseload, none,                                 \
	  "needs in care at a role between contacts (follow-up due or not)")                       \
	X(wait_days, "day", "mean", AXIS_ROLE, RATIO, wait_sum, first_contacts,                    \
	  "mean days from arrival at a role (or hand-over by referral) to the first contact")      \
	X(contacts, "1", "flow", AXIS_ROLE, COPY, contacts, none, "contacts, by role")             \
	X(resolved, "1", "flow", AXIS_ROLE, COPY, resolved, none, "needs resolved by a role")      \
	X(resolved_self, "1", "flow", AXIS_NONE, COPY, resolved_self, none,                        \
	  "needs resolved by themselves")                                                          \
	X(escalations, "1", "flow", AXIS_NEED_TYPE, COPY, escalations, none,                       \
	  "crises escalated to second-line care, by need type")                                    \
	X(dropped, "1", "flow", AXIS_NONE, COPY, dropped, none,                                    \
	  "needs dropped by routing (hop limit)")                                                  \
	X(needs_turned_away, "1", "flow", AXIS_ROLE, COPY, needs_turned_away, none,                \
	  "needs turned away by a role with a full waiting list (back to latent)")                 \
	X(carers_overloaded, "1", "stock", AXIS_NONE, COPY, carers_overloaded, none,               \
	  "informal carers and volunteers overloaded (severely burdened)")                         \
	X(care_need_hours, "hour", "flow", AXIS_NONE, COPY, care_need_hours, none,                 \
	  "hours of practical care needed for long-term needs (care relationships)")               \
	X(care_formal_hours, "hour", "flow", AXIS_NONE, COPY, care_formal_hours, none,             \
	  "hours of that care given by formal roles (home care)")                                  \
	X(care_informal_hours, "hour", "flow", AXIS_NONE, COPY, care_informal_hours, none,         \
	  "hours of that care given by informal carers")                                           \
	X(care_unmet_hours, "hour", "flow", AXIS_NONE, COPY, care_unmet_hours, none,               \
	  "hours of that care not given by anyone")                                                \
	X(care_recipients, "1", "stock", AXIS_NONE, COPY, care_recipients, none,                   \
	  "residents receiving informal care (in the last care week)")                             \
	X(carers_active, "1", "stock", AXIS_NONE, COPY, carers_active, none,                       \
	  "residents giving informal care in care relationships (in the last care week)")          \
	X(carer_breakdowns, "1", "flow", AXIS_NONE, COPY, carer_breakdowns, none,                  \
	  "carers who broke down and stopped giving care")                                         \
	X(interaction_needs, "1", "flow", AXIS_NONE, COPY, interaction_needs, none,                \
	  "needs that arose because another need of the resident was open (interactions)")         \
	X(needs_passed_on, "1", "flow", AXIS_NONE, COPY, needs_passed_on, none,                    \
	  "latent needs outside a professional's domain passed on at a contact to a role they "    \
	  "know (network.pass_on_per_tie)")                                                        \
	X(shared_contacts, "1", "flow", AXIS_NONE, COPY, shared_contacts, none,                    \
	  "plan needs seen in the visit for another need of the same plan "                        \
	  "(mdo.combined_contact_share)")                                                          \
	X(health, "1", "stock", AXIS_DIMENSION, PER, health_sum, residents,                        \
	  "mean Positive Health score per resident (0-10): base score less the penalties of open " \
	  "needs and the recovering remnants of closed ones, by dimension")                        \
	X(health_low, "1", "stock", AXIS_DIMENSION, PER, health_low, residents,                    \
	  "share of residents whose Positive Health score is below metrics.health_low_threshold, " \
	  "by dimension")                                                                          \
	X(cost_formal, "euro", "flow", AXIS_NONE, COPY, cost_formal, none,                         \
	  "cost of formal roles' hours")                                                           \
	X(cost_second_line, "euro", "flow", AXIS_NONE, COPY, cost_second_line, none,               \
	  "cost of escalations to second-line care")                                               \
	X(cost_capacity, "euro", "flow", AXIS_NONE, COPY, cost_capacity, none,                     \
	  "cost of formal roles' paid capacity (FTE x yearly cost per FTE), used or not")          \
	X(cost_total, "euro", "flow", AXIS_NONE, SUM, cost_capacity, cost_second_line,             \
	  "cost of formal capacity and of escalations to second-line care")                        \
	X(network_density, "1", "stock", AXIS_NONE, RATIO, density_sum, wijk_count,                \
	  "share of pairs of formal roles with a tie")                                             \
	X(network_phase, "1", "stock", AXIS_NONE, RATIO, phase_sum, wijk_count,                    \
	  "toolbox phase: 1 verkennen, 2 vormgeven, 3 verdiepen, 4 verankeren (mean over wijken)") \
	X(mdo_held, "1", "flow", AXIS_NONE, COPY, mdo_held, none,                                  \
	  "multidisciplinary meetings held")                                                       \
	X(residents, "1", "stock", AXIS_NONE, COPY, residents, none, "residents")                  \
	X(clients, "1", "stock", AXIS_ROLE, COPY, clients, none,                                   \
	  "residents with a contact at the role since output day 0")                               \
	X(residents_helped, "1", "stock", AXIS_DIMENSION, COPY, helped, none,                      \
	  "residents with a contact for a need on the dimension since output day 0")               \
	X(referrals_by_route, "1", "flow", ROLE_BY_TO_ROLE, COPY, referrals_by_route, none,        \
	  "referrals and task shifts made, by role handing over and role receiving")               \
	X(contacts_by_type, "1", "flow", ROLE_BY_NEED_TYPE, COPY, contacts_by_type, none,          \
	  "contacts, by role and need type")                                                       \
	X(tie_strength, "1", "stock", ROLE_BY_TO_ROLE, PER, tie_sum, wijk_count,                   \
	  "tie between two roles (0-1, how well they know each other; 1 on the diagonal), mean "   \
	  "over wijken")

/* `none` names no slot: a COPY has no denominator. */
#define SLOT_OFFSET_none SIZE_MAX
#define SLOT_OFFSET(slot) offsetof(struct acc_layout, slot)

struct metric_row {
	struct model_metric meta;
	enum derive derive;
	size_t num, den;    /* offsetof the slots in struct acc_layout */
};

#define METRIC_ROW(name, units, kind, axis, derive, num, den, long_name) \
	{{#name, units, long_name, kind, AXES(axis)},                     \
	 derive, SLOT_OFFSET(num), METRIC_DEN_##derive(den)},
#define METRIC_DEN_COPY(den) SIZE_MAX
#define METRIC_DEN_RATIO(den) SLOT_OFFSET(den)
#define METRIC_DEN_RATIO_TOTAL(den) SLOT_OFFSET(den)
#define METRIC_DEN_PER(den) SLOT_OFFSET(den)
#define METRIC_DEN_SUM(den) SLOT_OFFSET(den)

static const struct metric_row metric_rows[] = { METRICS(METRIC_ROW) };
#define M_COUNT (sizeof metric_rows / sizeof metric_rows[0])

/* The six dimensions of Positive Health (Huber et al. 2016), the labels of
 * the dimension axis. */
const char *const model_dimension_names[MODEL_DIMENSIONS] = {
	"lichaamsfuncties", "mentaal_welbevinden", "zingeving",
	"kwaliteit_van_leven", "meedoen", "dagelijks_functioneren"
};

static const char *const axis_names[AXIS_COUNT] = {"role", "need_type", "channel", "dimension",
                                                   "to_role"};

size_t model_metric_count(void)
{
	return M_COUNT;
}

const struct model_metric *model_metric_get(size_t i)
{
	return i < M_COUNT ? &metric_rows[i].meta : NULL;
}

int model_metric_find(const char *name)
{
	for (size_t i = 0; i < M_COUNT; i++)
		if (strcmp(metric_rows[i].meta.name, name) == 0)
			return (int)i;
	return -1;
}

const char *model_axis_name(enum model_axis axis)
{
	return axis >= 0 && axis < AXIS_COUNT ? axis_names[axis] : NULL;
}

size_t model_axis_len(const struct model_params *p, enum model_axis axis)
{
	switch (axis) {
	case AXIS_ROLE: return (size_t)p->n_roles;
	case AXIS_TO_ROLE: return (size_t)p->n_roles;
	case AXIS_NEED_TYPE: return (size_t)p->n_need_types;
	case AXIS_CHANNEL: return (size_t)p->n_channels;
	case AXIS_DIMENSION: return MODEL_DIMENSIONS;
	default: return 1;
	}
}

const char *model_axis_label(const struct model_params *p, enum model_axis axis, size_t i)
{
	switch (axis) {
	case AXIS_ROLE: return p->roles[i].name;
	case AXIS_TO_ROLE: return p->roles[i].name;
	case AXIS_NEED_TYPE: return p->need_types[i].name;
	case AXIS_CHANNEL: return p->channels[i].name;
	case AXIS_DIMENSION: return model_dimension_names[i];
	default: return "";
	}
}

/* Values of one slot or metric per interval: model_axis_len is 1 for
 * AXIS_NONE, so this serves one axis and none as well as a pair. */
static size_t axes_len(const struct model_params *p, enum model_axis axis,
                       enum model_axis axis2)
{
	return model_axis_len(p, axis) * model_axis_len(p, axis2);
}

size_t model_metric_len(const struct model_params *p, size_t i)
{
	return axes_len(p, metric_rows[i].meta.axis, metric_rows[i].meta.axis2);
}

size_t model_metric_offset(const struct model_params *p, size_t i)
{
	size_t off = 0;
	for (size_t j = 0; j < i; j++)
		off += model_metric_len(p, j);
	return off;
}

size_t model_values_size(const struct model_params *p)
{
	return model_metric_offset(p, M_COUNT);
}

void metrics_layout(const struct model_params *p, struct acc_layout *a)
{
	size_t off = 0;
#define ACC_PLACE(name, axis) a->name = off; off += axes_len(p, AXES(axis));
	ACC_SLOTS(ACC_PLACE)
#undef ACC_PLACE
	a->size = off;
}

size_t model_acc_size(const struct model_params *p)
{
	struct acc_layout a;
	metrics_layout(p, &a);
	return a.size;
}

void model_observe_wijk(struct model *m, int wi, double *acc)
{
	const struct model_params *p = m->p;
	const struct acc_layout *a = &m->acc;
	struct wijk *w = &m->wijken[wi];

	for (size_t i = 0; i < a->size; i++)
		acc[i] += w->flow[i];
	for (size_t i = 0; i < a->size; i++)
		w->flow[i] = 0.0;
	/* stocks */
	for (uint32_t n = 0; n < w->need_used; n++)
		if (w->n_state[n] != NEED_CLOSED)
			acc[a->needs_open + w->n_type[n]] += 1.0;
	/* Positive Health walks the residents: O(residents + open needs). */
	health_observe(m, w, acc + a->health_sum, acc + a->health_low);
	for (int k = 0; k < p->n_roles; k++) {
		acc[a->waiting_list + (size_t)k] += w->waiting[k];
		acc[a->caseload + (size_t)k] += w->caseload[k];
	}
	acc[a->carers_overloaded] += w->carers_overloaded + w->care_overloaded;
	acc[a->care_recipients] += w->care_recipients;
	acc[a->carers_active] += w->carers_active;
	for (int k = 0; k < p->n_roles; k++)
		for (int j = 0; j < p->n_roles; j++)
			acc[a->tie_sum + (size_t)k * (size_t)p->n_roles + (size_t)j] +=
			        *tie_at(m, w, k, j);
	double density = network_density(m, w);
	acc[a->density_sum] += density;
	acc[a->phase_sum] += network_phase(p, density);
	acc[a->residents] += w->n_res;
	acc[a->needs_latent] += (double)w->totals.latent;
	acc[a->needs_in_care] += (double)w->totals.in_care;
	for (int k = 0; k < p->n_roles; k++)
		acc[a->clients + (size_t)k] += w->clients[k];
	for (int d = 0; d < MODEL_DIMENSIONS; d++)
		acc[a->helped + (size_t)d] += w->helped[d];
	acc[a->wijk_count] += 1.0;
}

static double ratio(double num, double den)
{
	return den > 0.0 ? num / den : NAN;
}

static size_t slot_at(const struct acc_layout *a, size_t offset)
{
	return *(const size_t *)(const void *)((const char *)a + offset);
}

/* The axis of each accumulator slot, by its offsetof in struct acc_layout. */
#define SLOT_AXIS(name, axis) {SLOT_OFFSET(name), AXES(axis)},
static const struct { size_t offset; enum model_axis axis, axis2; } slot_axes[] = {
	ACC_SLOTS(SLOT_AXIS)
};
#undef SLOT_AXIS

static size_t slot_len(const struct model_params *p, size_t offset)
{
	for (size_t i = 0; i < sizeof slot_axes / sizeof slot_axes[0]; i++)
		if (slot_axes[i].offset == offset)
			return axes_len(p, slot_axes[i].axis, slot_axes[i].axis2);
	return 0;
}

void model_derive(const struct model_params *p, const double *acc, double *values)
{
	struct acc_layout a;

	metrics_layout(p, &a);
	for (size_t i = 0; i < M_COUNT; i++) {
		const struct metric_row *row = &metric_rows[i];
		size_t len = model_metric_len(p, i);
		const double *num = acc + slot_at(&a, row->num);
		const double *den = row->den == SIZE_MAX ? NULL : acc + slot_at(&a, row->den);
		double *v = values + model_metric_offset(p, i);
		double total = 0.0;
		switch (row->derive) {
		case COPY:
			for (size_t k = 0; k < len; k++)
				v[k] = num[k];
			break;
		case RATIO:
			for (size_t k = 0; k < len; k++)
				v[k] = ratio(num[k], den[k]);
			break;
		case RATIO_TOTAL:
			for (size_t k = 0; k < slot_len(p, row->den); k++)
				total += den[k];
			v[0] = ratio(num[0], total);
			break;
		case PER:
			for (size_t k = 0; k < len; k++)
				v[k] = ratio(num[k], den[0]);
			break;
		case SUM:
			for (size_t k = 0; k < len; k++)
				v[k] = num[k] + den[k];
			break;
		}
	}
}

int model_check_wijk(const struct model *m, int wi, char *msg, size_t size)
{
	const struct model_params *p = m->p;
	const struct wijk *w = &m->wijken[wi];
	const struct model_totals *t = &w->totals;
	uint64_t latent = 0, in_care = 0;
	uint32_t queued[MODEL_MAX_ROLES] = {0}, waiting[MODEL_MAX_ROLES] = {0},
	         caseload[MODEL_MAX_ROLES] = {0};

	if (t->arisen != t->latent + t->in_care + t->resolved + t->escalated + t->dropped) {
		snprintf(msg, size,
		         "wijk %d day %d: needs not conserved: arisen %llu != latent %llu"
		         " + in care %llu + resolved %llu + escalated %llu + dropped %llu",
		         wi, w->day, (unsigned long long)t->arisen, (unsigned long long)t->latent,
		         (unsigned long long)t->in_care, (unsigned long long)t->resolved,
		         (unsigned long long)t->escalated, (unsigned long long)t->dropped);
		return -1;
	}
	for (uint32_t r = 0; r < w->n_res; r++)
		for (uint32_t n = w->first_need[r]; n != NONE; n = w->n_next[n]) {
			if (w->n_state[n] == NEED_LATENT)
				latent++;
			else if (w->n_state[n] == NEED_CLOSED) {
				snprintf(msg, size,
				         "wijk %d: a closed need is on resident %u's list", wi, r);
				return -1;
			} else
				in_care++;
			bool in_queue =
			        w->n_state[n] == NEED_WAITING || w->n_state[n] == NEED_FOLLOWUP;
			if (in_queue)
				queued[w->n_role[n]]++;
			if (w->n_state[n] == NEED_WAITING || w->n_state[n] == NEED_TRANSIT)
				waiting[w->n_role[n]]++;
			if (w->n_state[n] == NEED_IN_CARE || w->n_state[n] == NEED_FOLLOWUP)
				caseload[w->n_role[n]]++;
			if ((in_queue || w->n_state[n] == NEED_IN_CARE) &&
			    !p->roles[w->n_role[n]].formal &&
			    (w->n_carer[n] == NONE || w->c_role[w->n_carer[n]] != w->n_role[n])) {
				snprintf(msg, size,
				         "wijk %d: a need at informal role %s has no carer of that "
				         "role",
				         wi, p->roles[w->n_role[n]].name);
				return -1;
			}
			if (w->n_severity[n] < 1 ||
			    w->n_severity[n] >= p->need_types[w->n_type[n]].severity_levels) {
				snprintf(msg, size, "wijk %d: open need with severity %d", wi,
				         w->n_severity[n]);
				return -1;
			}
		}
	if (latent != t->latent || in_care != t->in_care) {
		snprintf(msg, size, "wijk %d day %d: open needs found (%llu latent, %llu in care)"
		         " differ from the counters (%llu, %llu)", wi, w->day,
		         (unsigned long long)latent, (unsigned long long)in_care,
		         (unsigned long long)t->latent, (unsigned long long)t->in_care);
		return -1;
	}
	for (int k = 0; k < p->n_roles; k++) {
		if (queued[k] != w->queued[k]) {
			snprintf(msg, size, "wijk %d day %d: role %s queue count %u, found %u",
			         wi, w->day, p->roles[k].name, w->queued[k], queued[k]);
			return -1;
		}
		if (waiting[k] != w->waiting[k] || caseload[k] != w->caseload[k]) {
			snprintf(msg, size,
			         "wijk %d day %d: role %s waiting list %u, caseload %u;"
			         " found %u, %u",
			         wi, w->day, p->roles[k].name, w->waiting[k], w->caseload[k],
			         waiting[k], caseload[k]);
			return -1;
		}
		if (w->used_today[k] > w->capacity_today[k] * (1.0 + 1e-9) + 1e-9) {
			snprintf(msg, size, "wijk %d day %d: role %s used %.6f hours of %.6f", wi,
			         w->day, p->roles[k].name, w->used_today[k], w->capacity_today[k]);
			return -1;
		}
	}
	/* Overloaded carers: on the list exactly when their burden at the end
	 * of the day is above their role's threshold. */
	uint32_t flagged = 0;
	for (uint32_t c = 0; c < w->n_carers; c++) {
		bool above =
		        carer_burden(m, w, c, w->day) > p->roles[w->c_role[c]].overload_utilisation;
		flagged += w->c_over[c];
		if (above != (w->c_over[c] != 0)) {
			snprintf(msg, size,
			         "wijk %d day %d: carer %u (resident %u) burden %.4f, overloaded "
			         "flag %d",
			         wi, w->day, c, w->c_resident[c], carer_burden(m, w, c, w->day),
			         w->c_over[c]);
			return -1;
		}
	}
	if (flagged != w->over_len) {
		snprintf(msg, size, "wijk %d day %d: %u carers flagged overloaded, %u on the list",
		         wi, w->day, flagged, w->over_len);
		return -1;
	}
	uint32_t bad;
	if (health_check(w, &bad)) {
		snprintf(msg, size, "wijk %d day %d: resident %u's health state out of range", wi,
		         w->day, bad);
		return -1;
	}
	for (size_t i = 0; i < m->acc.size; i++)
		if (w->flow[i] < 0.0 || isnan(w->flow[i])) {
			snprintf(msg, size, "wijk %d day %d: accumulator %zu is %g", wi, w->day, i,
			         w->flow[i]);
			return -1;
		}
	/* Care relationships: need = formal + informal + unmet in the last care
	 * week, and no carer above their capacity. */
	return care_check(m, w, msg, size);
}
