/*
 * route.h — where a need goes from a role: the scenario's rules as a
 * decision without side effects.
 *
 * The model's routing (route.c `route_need`) and the scenario validator
 * (src/params_load.c, circles of rules) ask the same function, so the two
 * can never disagree about which rule applies. It reads only the params
 * and what the caller says about the need; it draws nothing and changes
 * nothing.
 */
#ifndef WK_ROUTE_H
#define WK_ROUTE_H

#include <stdbool.h>

#include "params.h"
#include "rng.h"

/* What the rules may look at. A caller that cannot know a condition (the
 * validator knows no ties and no residents) says so, and a rule that
 * depends on it is reported as conditional. */
struct route_query {
	int at_role, need_type, severity;
	int informal_support;     /* 1 yes, 0 no, -1 unknown */
	const float *tie_row;     /* tie(at_role, k) for every role k; NULL: unknown */
	bool coordinated;         /* an MDO coordinates the need */
	int full;                 /* at_role's waiting list is full: 1 yes, 0 no, -1 unknown */
	/* The need's keyed stream, for rules with a share below 1: the
	 * resident's global id and the need's ordinal. NULL: unknown. */
	const struct rng_stream *rng;
	uint32_t entity, ordinal;
};

enum route_verdict {
	ROUTE_TREAT,      /* join at_role's waiting list */
	ROUTE_TRANSFER,   /* refer or task-shift to to_role */
	ROUTE_DROP,       /* treat here, but at_role is not competent: lost */
	ROUTE_TURN_AWAY   /* treat here, but at_role's waiting list is full */
};

struct route_decision {
	enum route_verdict verdict;
	int rule;                 /* the rule that decided; -1: no rule matched */
	int to_role;              /* TRANSFER: the receiving role; else at_role */
	enum rule_action action;  /* TRANSFER: ACTION_REFER or ACTION_SHIFT */
	/* TRANSFER to, or TREAT at, an informal role: applies only if a member
	 * is in reach; the caller looks, and if nobody is, asks again from
	 * rule + 1 (TRANSFER) or drops the need (TREAT). */
	bool needs_carer;
	bool conditional;         /* a condition the caller marked unknown */
	double success;           /* TRANSFER: probability the hand-over works */
	int delay_days;           /* TRANSFER: days until to_role has the need */
};

/* Decide from rule `first_rule` on (0 for a fresh decision). */
void route_decide(const struct model_params *p, const struct route_query *q,
                  int first_rule, struct route_decision *d);

/* Roles a need of this type and severity may be sent to from `at_role`,
 * over every combination of the conditions the rules depend on (ties,
 * informal support, a carer in reach). Fills next[] (at most n_rules
 * entries, in rule order) and returns their number. */
int route_targets(const struct model_params *p, int at_role, int need_type, int severity,
                  int *next);

#endif
