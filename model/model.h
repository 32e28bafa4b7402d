/*
 * model.h — the wijknetwerk model: init / step / observe.
 *
 * One `struct model` is one replicate of one scenario: a world of wijken,
 * each with its residents, open needs, roles with queues, and the network
 * of ties between professionals. The model does no I/O, owns no threads and
 * has no global mutable state. The engine drives it:
 *
 *     m = model_alloc(params, replicate)
 *     for each wijk (in parallel):  model_init_wijk(m, w)
 *     warm-up, for each wijk (in parallel):
 *         model_step_wijk(m, w, day) for day 0 .. warmup_days - 1
 *         model_warmup_end(m, w)
 *     for each output interval:
 *         for each wijk (in parallel):
 *             for each day of the interval: model_step_wijk(m, w, day)
 *             model_observe_wijk(m, w, acc_w)        (acc_w zeroed by caller)
 *         acc = sum of acc_w in wijk order          (fixed order: bit-identical)
 *         model_derive(params, acc, values)
 *     model_free(m)
 *
 * Wijken never touch each other's state, so stepping different wijken at
 * once is safe; one wijk must be stepped by one thread at a time. For the
 * same reason the loops may be turned inside out: the engine takes each wijk
 * through its creation, warm-up and every interval before the next
 * (keeping its observations until the sum in wijk order), then releases it
 * with model_free_wijk; the numbers are the same.
 */
#ifndef WK_MODEL_H
#define WK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"

struct model;

enum model_axis {
	AXIS_NONE = -1,
	AXIS_ROLE = 0,
	AXIS_NEED_TYPE,
	AXIS_CHANNEL,
	AXIS_DIMENSION,
	AXIS_TO_ROLE,       /* the receiving role of a hand-over: the labels of AXIS_ROLE */
	AXIS_COUNT
};

struct model_metric {
	const char *name;
	const char *units;
	const char *long_name;
	const char *kind;          /* "flow" (summed over the interval), "stock" (at
	                            * its end) or "mean" (a ratio over the interval) */
	enum model_axis axis;      /* AXIS_NONE: [R,T] */
	enum model_axis axis2;     /* AXIS_NONE, or a second axis: [R,T,axis,axis2] */
};

/* Allocate a world for one replicate. Copies nothing from `p`: the params
 * must outlive the model. Returns NULL when out of memory. The caller frees
 * with model_free. */
struct model *model_alloc(const struct model_params *p, uint32_t replicate);
void model_free(struct model *m);

/* Create wijk w's residents and schedule their first needs. Returns 0, or
 * -1 when out of memory (the model is then only fit for model_free). */
int model_init_wijk(struct model *m, int wijk);

/* Advance wijk w through model day `day` (0-based: the warm-up's days
 * come first, output day d is model day warmup_days + d). Days must be
 * stepped in order. Returns 0, or -1 when out of memory. */
int model_step_wijk(struct model *m, int wijk, int day);

/* End wijk w's warm-up: forget the flows counted so far and the "since
 * output day 0" counters (clients, residents helped); the state (open needs,
 * queues, ties, carers' burden) and the run totals are kept. */
void model_warmup_end(struct model *m, int wijk);

/* Number of doubles in one accumulator vector. */
size_t model_acc_size(const struct model_params *p);

/* Add wijk w's flows since its last observation and its current stocks to
 * acc; reset its flows. */
void model_observe_wijk(struct model *m, int wijk, double *acc);

/* The metrics written to the output, in order. */
size_t model_metric_count(void);
const struct model_metric *model_metric_get(size_t i);
/* Values of a metric per interval: the product of its axes' lengths (1 for
 * AXIS_NONE). */
size_t model_metric_len(const struct model_params *p, size_t i);
/* Total values per output interval (sum of model_metric_len). */
size_t model_values_size(const struct model_params *p);
/* Axis length and label i of an axis. */
size_t model_axis_len(const struct model_params *p, enum model_axis axis);
const char *model_axis_label(const struct model_params *p, enum model_axis axis,
                             size_t i);
const char *model_axis_name(enum model_axis axis);

/* Metric values for one interval from the summed accumulators. `values`
 * holds model_values_size doubles: metrics in order, each its axis length
 * (a two-axis metric row-major, [axis][axis2]). */
void model_derive(const struct model_params *p, const double *acc, double *values);

/* Index of a metric by name, or -1. Offset of its first value in `values`. */
int model_metric_find(const char *name);
size_t model_metric_offset(const struct model_params *p, size_t i);

/* Check wijk w's invariants (needs conserved, capacity not exceeded, no
 * negative counts). Returns 0, or -1 with a message in msg. */
int model_check_wijk(const struct model *m, int wijk, char *msg, size_t size);

/* Counters over the whole run, for tests and the --check summary. */
struct model_totals {
	uint64_t arisen, latent, in_care, resolved, escalated, dropped;
	uint64_t referrals, referrals_failed, task_shifts, signalled_early, signalled;
};
void model_totals_wijk(const struct model *m, int wijk, struct model_totals *t);

/* Bytes a world of these params will take, before allocation (an
 * estimate), and bytes the allocated model takes now. */
size_t model_memory_estimate(const struct model_params *p);
size_t model_memory_bytes(const struct model *m);
/* Bytes wijk w takes now (0 before model_init_wijk and after
 * model_free_wijk). */
size_t model_wijk_memory_bytes(const struct model *m, int wijk);

/* Release wijk w's residents, needs, queues and ties once the engine has
 * observed its last interval; its totals (model_totals_wijk) and size are
 * kept, nothing else may be called for it but model_free. */
void model_free_wijk(struct model *m, int wijk);

int model_wijk_count(const struct model *m);
uint32_t model_wijk_residents(const struct model *m, int wijk);

/* Tie strength between two roles in a wijk (tests, observation). */
double model_tie(const struct model *m, int wijk, int a, int b);

#endif
