/*
 * calendar.h — the event calendar of one wijk: what happens on which day.
 *
 * Every event is scheduled at least one day ahead (progression, referral
 * delays and follow-ups all take >= 1 day), so a day's events can be kept
 * in a bucket and read first-in first-out: O(1) to schedule and to take.
 * Buckets form a ring of `ring` days; the rare event further ahead waits in
 * a small binary heap and moves into its bucket when the ring reaches it.
 *
 * Invariants:
 *  1. A bucket holds events of exactly one day (today .. today + ring - 1).
 *  2. Within a day, events that waited in the far heap come out first, in
 *     (kind, id, gen) order (they join the bucket when calendar_begin_day
 *     brings their day into the ring, before anything else can be added
 *     for it); then the rest in the order they were scheduled. Both depend
 *     only on the wijk's own history: deterministic at any thread count.
 *  3. Stale events (the need changed since) are not removed here; the
 *     caller skips them by their generation.
 *  4. calendar_begin_day must not skip a day that still has events: they
 *     would come out later, on the wrong day (the model steps every day).
 */
#ifndef WK_CALENDAR_H
#define WK_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct event {
	int32_t day;
	uint32_t kind;
	uint32_t id;
	uint32_t gen;
};

struct cal_node {
	uint32_t id, gen, kind, next;
};

struct calendar {
	uint32_t ring;
	int32_t today;
	uint32_t *head, *tail;          /* per bucket: node indices */
	struct cal_node *node;          /* pool with a free list */
	uint32_t node_cap, node_used, free_head;
	struct event *far;              /* min-heap on (day, kind, id, gen) */
	uint32_t far_len, far_cap;
};

/* Allocate; `capacity` is a first guess at events pending at once. Returns 0
 * or -1 (out of memory; calendar_free is still safe). */
int calendar_init(struct calendar *c, uint32_t ring, uint32_t capacity);
void calendar_free(struct calendar *c);

/* Schedule; `day` must be >= today. Returns 0 or -1 (out of memory). */
int calendar_push(struct calendar *c, int32_t day, uint32_t kind, uint32_t id, uint32_t gen);

/* Start `day` (>= today): bring far events into reach. Returns 0 or -1. */
int calendar_begin_day(struct calendar *c, int32_t day);

/* Take the next event of today; false when the day has none left. */
bool calendar_next(struct calendar *c, struct event *out);

/* Bytes held. */
uint64_t calendar_bytes(const struct calendar *c);

#endif
