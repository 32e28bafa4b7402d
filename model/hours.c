/*
 * hours.c — the hours each role has today, and what it has used of them.
 *
 * Capacity of role k on day d (ODD.md §7.5):
 *   formal    FTE x hours_per_week_per_fte x direct_share / 5 on weekdays
 *             (0 at weekends) when weekdays_only, else / 7 every day;
 *             FTE = fte_per_1000 x residents / 1000;
 *   informal  members x hours_per_week_per_member / 7.
 * Home care (care.c) uses hours a formal role left idle during the week: it
 * is booked as used (hours_use_care) when the care week ends, never out of
 * today's hours, so contacts keep their priority.
 * Cost of capacity (cost_capacity): FTE x cost_per_fte_per_year / 365 for
 * every formal role on every day, whether its hours are used or not;
 * cost_formal counts the hours used x cost_per_hour.
 * Hours a role could not use because the next contact was longer than what
 * was left are carried to its next working day (a part-time role with fewer
 * hours a day than one contact still works).
 *
 * Invariant: used_today[k] <= capacity_today[k] after every booking
 * (hours_fit is asked first; model_check_wijk verifies it).
 * Ownership: hours_alloc allocates the three per-role arrays; hours_free
 * releases them.
 */
#include "internal.h"

#include <stdlib.h>

int hours_alloc(struct model *m, struct wijk *w)
{
	size_t K = (size_t)m->p->n_roles;
	w->capacity_today = calloc(K, sizeof *w->capacity_today);
	w->carry = calloc(K, sizeof *w->carry);
	w->used_today = calloc(K, sizeof *w->used_today);
	return w->capacity_today && w->carry && w->used_today ? 0 : -1;
}

void hours_free(struct wijk *w)
{
	free(w->capacity_today);
	free(w->carry);
	free(w->used_today);
}

void hours_begin_day(struct model *m, struct wijk *w, int day)
{
	const struct model_params *p = m->p;
	bool weekday = is_weekday(p, day);

	for (int k = 0; k < p->n_roles; k++) {
		const struct role_params *rp = &p->roles[k];
		double hours;
		if (rp->formal) {
			double fte = rp->fte_per_1000 * (double)w->n_res / 1000.0;
			/* Paid every day of the year, worked or not. */
			w->flow[m->acc.cost_capacity] += fte * rp->cost_per_fte_per_year / 365.0;
			double week = fte * rp->hours_per_week_per_fte * rp->direct_share;
			if (rp->weekdays_only)
				hours = weekday ? week / 5.0 : 0.0;
			else
				hours = week / 7.0;
		} else {
			hours = (double)w->role_n_carers[k] * rp->hours_per_week_per_member / 7.0;
		}
		if (hours > 0.0) {
			w->capacity_today[k] = hours + w->carry[k];
			w->carry[k] = 0.0;
		} else {
			w->capacity_today[k] = 0.0;
		}
		w->used_today[k] = 0.0;
		w->flow[m->acc.hours_capacity + (size_t)k] += hours;
	}
}

bool hours_fit(const struct wijk *w, int role, double hours)
{
	return !(w->used_today[role] + hours > w->capacity_today[role]);
}

/* Book hours as used (output and cost) without touching today's hours:
 * home care from idle hours (care.c); hours_use adds today's booking. */
void hours_use_care(struct model *m, struct wijk *w, int role, double hours)
{
	const struct role_params *rp = &m->p->roles[role];
	w->flow[m->acc.hours_used + (size_t)role] += hours;
	if (rp->formal)
		w->flow[m->acc.cost_formal] += hours * rp->cost_per_hour;
}

void hours_use(struct model *m, struct wijk *w, int role, double hours)
{
	w->used_today[role] += hours;
	hours_use_care(m, w, role, hours);
}


void hours_carry_rest(struct wijk *w, int role)
{
	w->carry[role] = w->capacity_today[role] - w->used_today[role];
}
