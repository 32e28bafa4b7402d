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
 * (DESIGN.md, issue "The wijknetwerk model").
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum metric_id {
	M_NEEDS_NEW, M_NEEDS_OPEN, M_NEEDS_LATENT, M_NEEDS_IN_CARE, M_SIGNALLED,
	M_SIGNALLED_EARLY, M_SIGNAL_DELAY, M_ARRIVALS, M_REFERRALS,
	M_REFERRALS_FAILED, M_TASK_SHIFTS, M_HOURS_USED, M_HOURS_CAPACITY,
	M_UTILISATION, M_QUEUE_LENGTH, M_WAIT_DAYS, M_CONTACTS, M_RESOLVED,
	M_RESOLVED_SELF, M_ESCALATIONS, M_DROPPED, M_CARERS_OVERLOADED, M_HEALTH,
	M_COST_FORMAL, M_COST_SECOND_LINE, M_NETWORK_DENSITY, M_NETWORK_PHASE,
	M_MDO_HELD, M_RESIDENTS, M_CLIENTS, M_HELPED, M_COUNT
};

static const struct model_metric metrics[M_COUNT] = {
	[M_NEEDS_NEW] = {"needs_new", "1", "new needs", "flow", AXIS_NEED_TYPE},
	[M_NEEDS_OPEN] = {"needs_open", "1", "open needs (latent or in care)", "stock", AXIS_NEED_TYPE},
	[M_NEEDS_LATENT] = {"needs_latent", "1", "open needs not yet known to any role", "stock", AXIS_NONE},
	[M_NEEDS_IN_CARE] = {"needs_in_care", "1", "open needs known to a role (in transit, queued or between contacts)", "stock", AXIS_NONE},
	[M_SIGNALLED] = {"signalled", "1", "needs signalled, by channel", "flow", AXIS_CHANNEL},
	[M_SIGNALLED_EARLY] = {"signalled_early", "1", "needs signalled at or below the early-signalling severity", "flow", AXIS_NONE},
	[M_SIGNAL_DELAY] = {"signal_delay_days", "day", "mean days from a need arising to its signalling", "mean", AXIS_NONE},
	[M_ARRIVALS] = {"arrivals", "1", "needs entering a role's queue", "flow", AXIS_ROLE},
	[M_REFERRALS] = {"referrals", "1", "referrals made", "flow", AXIS_NONE},
	[M_REFERRALS_FAILED] = {"referrals_failed", "1", "referrals and task shifts that failed (need lost until signalled again)", "flow", AXIS_NONE},
	[M_TASK_SHIFTS] = {"task_shifts", "1", "task shifts made", "flow", AXIS_NONE},
	[M_HOURS_USED] = {"hours_used", "hour", "hours spent on contacts and MDOs, by role", "flow", AXIS_ROLE},
	[M_HOURS_CAPACITY] = {"hours_capacity", "hour", "hours available for contacts, by role", "flow", AXIS_ROLE},
	[M_UTILISATION] = {"utilisation", "1", "hours used / hours available, by role", "mean", AXIS_ROLE},
	[M_QUEUE_LENGTH] = {"queue_length", "1", "needs waiting in a role's queue", "stock", AXIS_ROLE},
	[M_WAIT_DAYS] = {"wait_days", "day", "mean days from arrival at a role (or hand-over by referral) to the first contact", "mean", AXIS_ROLE},
	[M_CONTACTS] = {"contacts", "1", "contacts, by role", "flow", AXIS_ROLE},
	[M_RESOLVED] = {"resolved", "1", "needs resolved by a role", "flow", AXIS_ROLE},
	[M_RESOLVED_SELF] = {"resolved_self", "1", "needs resolved by themselves", "flow", AXIS_NONE},
	[M_ESCALATIONS] = {"escalations", "1", "crises escalated to second-line care, by need type", "flow", AXIS_NEED_TYPE},
	[M_DROPPED] = {"dropped", "1", "needs dropped by routing (hop limit)", "flow", AXIS_NONE},
	[M_CARERS_OVERLOADED] = {"carers_overloaded", "1", "informal carers and volunteers overloaded", "stock", AXIS_NONE},
	[M_HEALTH] = {"health", "1", "mean Positive Health score (0-10), by dimension", "stock", AXIS_DIMENSION},
	[M_COST_FORMAL] = {"cost_formal", "euro", "cost of formal roles' hours", "flow", AXIS_NONE},
	[M_COST_SECOND_LINE] = {"cost_second_line", "euro", "cost of escalations to second-line care", "flow", AXIS_NONE},
	[M_NETWORK_DENSITY] = {"network_density", "1", "share of pairs of formal roles with a tie", "stock", AXIS_NONE},
	[M_NETWORK_PHASE] = {"network_phase", "1", "toolbox phase: 1 verkennen, 2 vormgeven, 3 verdiepen, 4 verankeren (mean over wijken)", "stock", AXIS_NONE},
	[M_MDO_HELD] = {"mdo_held", "1", "multidisciplinary meetings held", "flow", AXIS_NONE},
	[M_RESIDENTS] = {"residents", "1", "residents", "stock", AXIS_NONE},
	[M_CLIENTS] = {"clients", "1", "residents who have had a contact at the role since day 0", "stock", AXIS_ROLE},
	[M_HELPED] = {"residents_helped", "1", "residents who have had a contact for a need on the dimension since day 0", "stock", AXIS_DIMENSION},
};

/* The six dimensions of Positive Health (Huber et al. 2016), the labels of
 * the dimension axis. */
const char *const model_dimension_names[MODEL_DIMENSIONS] = {
	"lichaamsfuncties", "mentaal_welbevinden", "zingeving",
	"kwaliteit_van_leven", "meedoen", "dagelijks_functioneren"
};

static const char *const axis_names[AXIS_COUNT] = {"role", "need_type", "channel", "dimension"};

size_t model_metric_count(void)
{
	return M_COUNT;
}

const struct model_metric *model_metric_get(size_t i)
{
	return i < M_COUNT ? &metrics[i] : NULL;
}

int model_metric_find(const char *name)
{
	for (int i = 0; i < M_COUNT; i++)
		if (strcmp(metrics[i].name, name) == 0)
			return i;
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
	case AXIS_NEED_TYPE: return p->need_types[i].name;
	case AXIS_CHANNEL: return p->channels[i].name;
	case AXIS_DIMENSION: return model_dimension_names[i];
	default: return "";
	}
}

size_t model_metric_len(const struct model_params *p, size_t i)
{
	return model_axis_len(p, metrics[i].axis);
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
	size_t N = (size_t)p->n_need_types, K = (size_t)p->n_roles,
	       C = (size_t)p->n_channels, off = 0;
#define SLOT(field, len) do { a->field = off; off += (len); } while (0)
	SLOT(needs_new, N); SLOT(needs_open, N); SLOT(signalled, C);
	SLOT(signalled_early, 1); SLOT(signal_delay_sum, 1); SLOT(arrivals, K);
	SLOT(referrals, 1); SLOT(referrals_failed, 1); SLOT(task_shifts, 1);
	SLOT(hours_used, K); SLOT(hours_capacity, K); SLOT(queue_length, K);
	SLOT(wait_sum, K); SLOT(resolved, K); SLOT(resolved_self, 1);
	SLOT(escalations, N); SLOT(dropped, 1); SLOT(carers_overloaded, 1);
	SLOT(health_penalty, MODEL_DIMENSIONS); SLOT(cost_formal, 1);
	SLOT(cost_second_line, 1); SLOT(density_sum, 1); SLOT(phase_sum, 1);
	SLOT(mdo_held, 1); SLOT(contacts, K); SLOT(first_contacts, K);
	SLOT(residents, 1); SLOT(needs_latent, 1); SLOT(needs_in_care, 1);
	SLOT(clients, K); SLOT(helped, MODEL_DIMENSIONS);
	SLOT(wijk_count, 1);
#undef SLOT
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
	/* Walk the need pool, not the residents: the cost follows open needs. */
	for (uint32_t n = 0; n < w->need_used; n++) {
		if (w->n_state[n] == NEED_CLOSED)
			continue;
		const struct need_type_params *nt = &p->need_types[w->n_type[n]];
		acc[a->needs_open + w->n_type[n]] += 1.0;
		acc[a->health_penalty + (size_t)nt->dimension] +=
			nt->health_penalty[w->n_severity[n] - 1];
	}
	for (int k = 0; k < p->n_roles; k++)
		acc[a->queue_length + (size_t)k] += w->queued[k];
	acc[a->carers_overloaded] += w->carers_overloaded;
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

void model_derive(const struct model_params *p, const double *acc, double *values)
{
	const size_t N = (size_t)p->n_need_types, K = (size_t)p->n_roles,
	             C = (size_t)p->n_channels;
	struct acc_layout a;
	double signalled_total = 0.0;

	metrics_layout(p, &a);
	for (size_t c = 0; c < C; c++)
		signalled_total += acc[a.signalled + c];
	for (size_t i = 0; i < M_COUNT; i++) {
		double *v = values + model_metric_offset(p, i);
		switch ((enum metric_id)i) {
		case M_NEEDS_NEW: for (size_t t = 0; t < N; t++) v[t] = acc[a.needs_new + t]; break;
		case M_NEEDS_OPEN: for (size_t t = 0; t < N; t++) v[t] = acc[a.needs_open + t]; break;
		case M_NEEDS_LATENT: v[0] = acc[a.needs_latent]; break;
		case M_NEEDS_IN_CARE: v[0] = acc[a.needs_in_care]; break;
		case M_SIGNALLED: for (size_t c = 0; c < C; c++) v[c] = acc[a.signalled + c]; break;
		case M_SIGNALLED_EARLY: v[0] = acc[a.signalled_early]; break;
		case M_SIGNAL_DELAY: v[0] = ratio(acc[a.signal_delay_sum], signalled_total); break;
		case M_ARRIVALS: for (size_t k = 0; k < K; k++) v[k] = acc[a.arrivals + k]; break;
		case M_REFERRALS: v[0] = acc[a.referrals]; break;
		case M_REFERRALS_FAILED: v[0] = acc[a.referrals_failed]; break;
		case M_TASK_SHIFTS: v[0] = acc[a.task_shifts]; break;
		case M_HOURS_USED: for (size_t k = 0; k < K; k++) v[k] = acc[a.hours_used + k]; break;
		case M_HOURS_CAPACITY: for (size_t k = 0; k < K; k++) v[k] = acc[a.hours_capacity + k]; break;
		case M_UTILISATION:
			for (size_t k = 0; k < K; k++)
				v[k] = ratio(acc[a.hours_used + k], acc[a.hours_capacity + k]);
			break;
		case M_QUEUE_LENGTH: for (size_t k = 0; k < K; k++) v[k] = acc[a.queue_length + k]; break;
		case M_WAIT_DAYS:
			for (size_t k = 0; k < K; k++)
				v[k] = ratio(acc[a.wait_sum + k], acc[a.first_contacts + k]);
			break;
		case M_CONTACTS: for (size_t k = 0; k < K; k++) v[k] = acc[a.contacts + k]; break;
		case M_RESOLVED: for (size_t k = 0; k < K; k++) v[k] = acc[a.resolved + k]; break;
		case M_RESOLVED_SELF: v[0] = acc[a.resolved_self]; break;
		case M_ESCALATIONS: for (size_t t = 0; t < N; t++) v[t] = acc[a.escalations + t]; break;
		case M_DROPPED: v[0] = acc[a.dropped]; break;
		case M_CARERS_OVERLOADED: v[0] = acc[a.carers_overloaded]; break;
		case M_HEALTH:
			for (size_t d = 0; d < MODEL_DIMENSIONS; d++)
				v[d] = acc[a.residents] > 0.0
				       ? 10.0 - acc[a.health_penalty + d] / acc[a.residents] : NAN;
			break;
		case M_COST_FORMAL: v[0] = acc[a.cost_formal]; break;
		case M_COST_SECOND_LINE: v[0] = acc[a.cost_second_line]; break;
		case M_NETWORK_DENSITY: v[0] = ratio(acc[a.density_sum], acc[a.wijk_count]); break;
		case M_NETWORK_PHASE: v[0] = ratio(acc[a.phase_sum], acc[a.wijk_count]); break;
		case M_MDO_HELD: v[0] = acc[a.mdo_held]; break;
		case M_RESIDENTS: v[0] = acc[a.residents]; break;
		case M_CLIENTS: for (size_t k = 0; k < K; k++) v[k] = acc[a.clients + k]; break;
		case M_HELPED:
			for (size_t d = 0; d < MODEL_DIMENSIONS; d++)
				v[d] = acc[a.helped + d];
			break;
		case M_COUNT: break;
		}
	}
}

int model_check_wijk(const struct model *m, int wi, char *msg, size_t size)
{
	const struct model_params *p = m->p;
	const struct wijk *w = &m->wijken[wi];
	const struct model_totals *t = &w->totals;
	uint64_t latent = 0, in_care = 0;
	uint32_t queued[MODEL_MAX_ROLES] = {0};

	if (t->arisen != t->latent + t->in_care + t->resolved + t->escalated + t->dropped) {
		snprintf(msg, size, "wijk %d day %d: needs not conserved: arisen %llu != latent %llu"
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
				snprintf(msg, size, "wijk %d: a closed need is on resident %u's list", wi, r);
				return -1;
			} else
				in_care++;
			bool in_queue = w->n_state[n] == NEED_WAITING || w->n_state[n] == NEED_FOLLOWUP;
			if (in_queue)
				queued[w->n_role[n]]++;
			if ((in_queue || w->n_state[n] == NEED_IN_CARE) &&
			    !p->roles[w->n_role[n]].formal &&
			    (w->n_carer[n] == NONE || w->c_role[w->n_carer[n]] != w->n_role[n])) {
				snprintf(msg, size, "wijk %d: a need at informal role %s has no carer of that role",
				         wi, p->roles[w->n_role[n]].name);
				return -1;
			}
			if (w->n_severity[n] < 1 || w->n_severity[n] >= p->need_types[w->n_type[n]].severity_levels) {
				snprintf(msg, size, "wijk %d: open need with severity %d", wi, w->n_severity[n]);
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
		if (w->used_today[k] > w->capacity_today[k] * (1.0 + 1e-9) + 1e-9) {
			snprintf(msg, size, "wijk %d day %d: role %s used %.6f hours of %.6f",
			         wi, w->day, p->roles[k].name, w->used_today[k], w->capacity_today[k]);
			return -1;
		}
	}
	/* Overloaded carers: on the list exactly when their burden at the end
	 * of the day is above their role's threshold. */
	uint32_t flagged = 0;
	for (uint32_t c = 0; c < w->n_carers; c++) {
		bool above = carer_burden(m, w, c, w->day) > p->roles[w->c_role[c]].overload_utilisation;
		flagged += w->c_over[c];
		if (above != (w->c_over[c] != 0)) {
			snprintf(msg, size, "wijk %d day %d: carer %u (resident %u) burden %.4f, overloaded flag %d",
			         wi, w->day, c, w->c_resident[c], carer_burden(m, w, c, w->day), w->c_over[c]);
			return -1;
		}
	}
	if (flagged != w->over_len) {
		snprintf(msg, size, "wijk %d day %d: %u carers flagged overloaded, %u on the list",
		         wi, w->day, flagged, w->over_len);
		return -1;
	}
	for (size_t i = 0; i < m->acc.size; i++)
		if (w->flow[i] < 0.0 || isnan(w->flow[i])) {
			snprintf(msg, size, "wijk %d day %d: accumulator %zu is %g", wi, w->day, i, w->flow[i]);
			return -1;
		}
	return 0;
}
