/*
 * test_calendar.c — the event calendar (model/calendar.h): day buckets read
 * first-in first-out, the far-future heap, growth, empty days, scheduling for
 * today while it is drained, a long random run against a reference, and the
 * byte count.
 *
 * Order within a day, as calendar.h states it: events come out in the order
 * they were scheduled into the day's bucket. An event beyond the ring waits
 * in the heap (ordered on day, kind, id, gen) and enters its bucket when
 * calendar_begin_day brings its day within reach, that is, before anything
 * scheduled for that day from then on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"

static void expect_event(struct calendar *c, int32_t day, uint32_t kind, uint32_t id, uint32_t gen)
{
	struct event ev;
	assert_true(calendar_next(c, &ev));
	assert_int_equal(ev.day, day);
	assert_int_equal(ev.kind, kind);
	assert_int_equal(ev.id, id);
	assert_int_equal(ev.gen, gen);
}

static void expect_empty(struct calendar *c)
{
	struct event ev;
	assert_false(calendar_next(c, &ev));
	assert_false(calendar_next(c, &ev));   /* and stays empty */
}

/* Day `day` holds exactly one event. */
static void expect_lone_event(struct calendar *c, int32_t day, uint32_t kind, uint32_t id,
                              uint32_t gen)
{
	assert_int_equal(calendar_begin_day(c, day), 0);
	expect_event(c, day, kind, id, gen);
	expect_empty(c);
}

/* Days from..to (inclusive) hold nothing. */
static void walk_empty(struct calendar *c, int32_t from, int32_t to)
{
	for (int32_t d = from; d <= to; d++) {
		assert_int_equal(calendar_begin_day(c, d), 0);
		expect_empty(c);
	}
}

/* Schedule a list of events, in order. */
static void push_all(struct calendar *c, const struct event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(calendar_push(c, ev[i].day, ev[i].kind, ev[i].id, ev[i].gen), 0);
}

/* Within reach: each event comes out on its day, in the order pushed —
 * not sorted by kind, id or gen. */
static void test_bucket_fifo(void **state)
{
	struct calendar c;
	(void)state;
	static const struct event pushed[] = {
		{17, 9, 0x9e3779b9u, 41}, {5, 3, 0x7f4a7c15u, 2},  {17, 2, 0x1b873593u, 7},
		{17, 9, 0x0000a3f1u, 40}, {5, 3, 0x7f4a7c15u, 1},  {43, 6, 0xcc9e2d51u, 13},
		{17, 0, 0xe6546b64u, 0},
	};
	assert_int_equal(calendar_init(&c, 61, 40), 0);
	push_all(&c, pushed, sizeof pushed / sizeof *pushed);
	assert_int_equal(c.far_len, 0);   /* all within the ring */

	walk_empty(&c, 0, 4);
	assert_int_equal(calendar_begin_day(&c, 5), 0);
	expect_event(&c, 5, 3, 0x7f4a7c15u, 2);
	expect_event(&c, 5, 3, 0x7f4a7c15u, 1);
	expect_empty(&c);
	walk_empty(&c, 6, 16);
	assert_int_equal(calendar_begin_day(&c, 17), 0);
	expect_event(&c, 17, 9, 0x9e3779b9u, 41);
	expect_event(&c, 17, 2, 0x1b873593u, 7);
	expect_event(&c, 17, 9, 0x0000a3f1u, 40);
	expect_event(&c, 17, 0, 0xe6546b64u, 0);
	expect_empty(&c);
	walk_empty(&c, 18, 42);
	expect_lone_event(&c, 43, 6, 0xcc9e2d51u, 13);
	walk_empty(&c, 44, 200);   /* the ring wraps round three times, empty */
	calendar_free(&c);
}

/* The ring's edge: today + ring - 1 is a bucket, today + ring is far. */
static void test_ring_edge(void **state)
{
	struct calendar c;
	(void)state;
	assert_int_equal(calendar_init(&c, 13, 16), 0);
	assert_int_equal(calendar_begin_day(&c, 271), 0);
	assert_int_equal(calendar_push(&c, 271 + 12, 4, 0x5bd1e995u, 3), 0);
	assert_int_equal(c.far_len, 0);
	assert_int_equal(calendar_push(&c, 271 + 13, 4, 0x5bd1e996u, 3), 0);
	assert_int_equal(c.far_len, 1);
	walk_empty(&c, 272, 282);
	expect_lone_event(&c, 283, 4, 0x5bd1e995u, 3);
	expect_lone_event(&c, 284, 4, 0x5bd1e996u, 3);
	assert_int_equal(c.far_len, 0);
	calendar_free(&c);
}

/* Beyond the ring: the heap holds them, each comes out on its own day; far
 * events of one day come out in (kind, id, gen) order, whatever the order
 * pushed, and before the events scheduled for that day once it was in
 * reach (those keep their push order). */
static void test_far_heap(void **state)
{
	struct calendar c;
	(void)state;
	static const struct event pushed[] = {
		{389, 5, 0x00c0ffeeu, 19}, {97, 8, 0x2545f491u, 3},  {389, 2, 0xdeadbeefu, 77},
		{97, 8, 0x2545f491u, 1},   {97, 1, 0xfeedfaceu, 5},  {389, 5, 0x00c0ffe0u, 23},
		{3, 11, 0x31415926u, 8},   /* the one near event */
	};
	assert_int_equal(calendar_init(&c, 7, 16), 0);
	push_all(&c, pushed, sizeof pushed / sizeof *pushed);
	assert_int_equal(c.far_len, 6);

	walk_empty(&c, 1, 2);
	expect_lone_event(&c, 3, 11, 0x31415926u, 8);
	walk_empty(&c, 4, 90);
	assert_int_equal(c.far_len, 6);           /* day 97 is not yet in reach */
	assert_int_equal(calendar_begin_day(&c, 91), 0);
	assert_int_equal(c.far_len, 3);           /* 97 - 91 < 7: moved in */
	expect_empty(&c);
	/* Scheduled for day 97 now that it is within reach: after the far ones. */
	assert_int_equal(calendar_push(&c, 97, 0, 0x00000007u, 0), 0);
	walk_empty(&c, 92, 96);
	assert_int_equal(calendar_push(&c, 97, 0, 0x00000006u, 0), 0);
	assert_int_equal(calendar_begin_day(&c, 97), 0);
	expect_event(&c, 97, 1, 0xfeedfaceu, 5);
	expect_event(&c, 97, 8, 0x2545f491u, 1);
	expect_event(&c, 97, 8, 0x2545f491u, 3);
	expect_event(&c, 97, 0, 0x00000007u, 0);
	expect_event(&c, 97, 0, 0x00000006u, 0);
	expect_empty(&c);
	walk_empty(&c, 98, 388);
	assert_int_equal(calendar_begin_day(&c, 389), 0);
	assert_int_equal(c.far_len, 0);
	expect_event(&c, 389, 2, 0xdeadbeefu, 77);
	expect_event(&c, 389, 5, 0x00c0ffe0u, 23);
	expect_event(&c, 389, 5, 0x00c0ffeeu, 19);
	expect_empty(&c);
	walk_empty(&c, 390, 420);
	calendar_free(&c);
}

/* begin_day may skip days that hold nothing; far events still arrive. */
static void test_skip_empty_days(void **state)
{
	struct calendar c;
	(void)state;
	assert_int_equal(calendar_init(&c, 11, 16), 0);
	expect_empty(&c);   /* day 0 before any begin_day */
	assert_int_equal(calendar_push(&c, 1733, 3, 0x6c078965u, 4), 0);
	assert_int_equal(calendar_push(&c, 1729, 2, 0x41c64e6du, 9), 0);
	assert_int_equal(calendar_begin_day(&c, 1000), 0);
	expect_empty(&c);
	assert_int_equal(c.far_len, 2);
	assert_int_equal(calendar_begin_day(&c, 1725), 0);   /* both in reach now */
	assert_int_equal(c.far_len, 0);
	expect_empty(&c);
	expect_lone_event(&c, 1729, 2, 0x41c64e6du, 9);
	expect_lone_event(&c, 1733, 3, 0x6c078965u, 4);
	assert_int_equal(calendar_begin_day(&c, 1733), 0);   /* same day again: still empty */
	expect_empty(&c);
	calendar_free(&c);
}

/* day >= today is allowed, so today's events may be added while today is
 * being drained: they come out today, after those already waiting. */
static void test_push_today_while_draining(void **state)
{
	struct calendar c;
	(void)state;
	assert_int_equal(calendar_init(&c, 5, 16), 0);
	assert_int_equal(calendar_begin_day(&c, 613), 0);
	assert_int_equal(calendar_push(&c, 613, 7, 0x85ebca6bu, 1), 0);
	assert_int_equal(calendar_push(&c, 613, 3, 0xc2b2ae35u, 2), 0);
	expect_event(&c, 613, 7, 0x85ebca6bu, 1);
	assert_int_equal(calendar_push(&c, 613, 1, 0x27d4eb2fu, 3), 0);
	assert_int_equal(calendar_push(&c, 614, 2, 0x165667b1u, 4), 0);
	expect_event(&c, 613, 3, 0xc2b2ae35u, 2);
	expect_event(&c, 613, 1, 0x27d4eb2fu, 3);
	expect_empty(&c);
	/* The bucket emptied; a push now starts it afresh. */
	assert_int_equal(calendar_push(&c, 613, 9, 0x9e3779b1u, 5), 0);
	expect_event(&c, 613, 9, 0x9e3779b1u, 5);
	expect_empty(&c);
	expect_lone_event(&c, 614, 2, 0x165667b1u, 4);
	calendar_free(&c);
}

/* Far past the first guess at capacity, in the buckets and in the heap. */
static void test_growth(void **state)
{
	enum { NEAR = 5003, FAR = 1021 };
	struct calendar c;
	(void)state;
	assert_int_equal(calendar_init(&c, 29, 3), 0);
	uint32_t cap0 = c.node_cap, far0 = c.far_cap;
	uint64_t bytes0 = calendar_bytes(&c);
	assert_true(cap0 < NEAR);
	assert_true(far0 < FAR);
	/* Near: alternate two days; ids descend so a sort would show. */
	for (uint32_t i = 0; i < NEAR; i++) {
		int32_t day = 19 + (int32_t)(i % 2);
		assert_int_equal(calendar_push(&c, day, i % 5, 0xa5a5a5a5u - i, i), 0);
	}
	/* Far: one day, keys pushed in a scrambled order (a permutation of 0..FAR-1). */
	for (uint32_t i = 0; i < FAR; i++) {
		uint32_t k = (i * 389u + 17u) % FAR;
		assert_int_equal(calendar_push(&c, 887, 4, 0x10000000u + k, 3), 0);
	}
	assert_int_equal(c.far_len, FAR);
	assert_true(c.node_cap >= NEAR);
	assert_true(c.far_cap >= FAR);
	assert_true(calendar_bytes(&c) > bytes0);

	walk_empty(&c, 1, 18);
	for (int32_t d = 19; d <= 20; d++) {
		assert_int_equal(calendar_begin_day(&c, d), 0);
		for (uint32_t i = (uint32_t)(d - 19); i < NEAR; i += 2)
			expect_event(&c, d, i % 5, 0xa5a5a5a5u - i, i);
		expect_empty(&c);
	}
	/* Emptied nodes are reused: the same load again does not grow the pool. */
	uint32_t cap1 = c.node_cap;
	for (uint32_t i = 0; i < NEAR; i++)
		assert_int_equal(calendar_push(&c, 23, 3, 0x5a5a5a5au + i, i), 0);
	assert_int_equal(c.node_cap, cap1);
	walk_empty(&c, 21, 22);
	assert_int_equal(calendar_begin_day(&c, 23), 0);
	for (uint32_t i = 0; i < NEAR; i++)
		expect_event(&c, 23, 3, 0x5a5a5a5au + i, i);
	expect_empty(&c);
	walk_empty(&c, 24, 886);
	assert_int_equal(calendar_begin_day(&c, 887), 0);
	for (uint32_t k = 0; k < FAR; k++)
		expect_event(&c, 887, 4, 0x10000000u + k, 3);
	expect_empty(&c);
	assert_int_equal(c.node_cap, cap1);
	calendar_free(&c);
}

/* A long random run against a reference: every event is recorded with the
 * day it was pushed on and a sequence number. Expected order within a day:
 * the far ones (pushed ring or more days ahead) by (kind, id, gen), then the
 * others by push sequence. */
struct ref_event {
	int32_t day;
	uint32_t kind, id, gen;
	int far;
	uint32_t seq;
};

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int ref_cmp(const void *pa, const void *pb)
{
	const struct ref_event *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->far != b->far)
		return a->far ? -1 : 1;
	if (a->far) {
		if (a->kind != b->kind)
			return a->kind < b->kind ? -1 : 1;
		if (a->id != b->id)
			return a->id < b->id ? -1 : 1;
		if (a->gen != b->gen)
			return a->gen < b->gen ? -1 : 1;
	}
	return a->seq < b->seq ? -1 : a->seq > b->seq ? 1 : 0;
}

static void test_random_against_reference(void **state)
{
	enum { RING = 37, DAYS = 2500, MAX = 200000 };
	struct ref_event *ref = calloc(MAX, sizeof *ref);
	struct event *got = calloc(MAX, sizeof *got);
	struct calendar c;
	uint64_t s = 0x2385a4093822299fULL;
	uint32_t n = 0, taken = 0, far_pushed = 0, today_pushed = 0;
	(void)state;
	assert_non_null(ref);
	assert_non_null(got);
	assert_int_equal(calendar_init(&c, RING, 50), 0);

	for (int32_t day = 0; day < DAYS; day++) {
		assert_int_equal(calendar_begin_day(&c, day), 0);
		/* A few new events at the start of the day ... */
		uint32_t fresh = (uint32_t)(splitmix64(&s) % 11);
		/* ... and more while it is drained (follow-ups), until the day is empty. */
		for (;;) {
			for (; fresh > 0 && n < MAX; fresh--) {
				uint64_t r = splitmix64(&s);
				int32_t delay, spread = (int32_t)((r >> 8) % 400);
				switch (r % 16) {
				case 0: /* today */
					delay = 0;
					break;
				case 1: /* far */
					delay = RING + spread;
					break;
				case 2: /* the ring's edge: near, far, far */
					delay = RING - 1 + spread % 3;
					break;
				default:
					delay = 1 + spread % (RING - 1);
					break;
				}
				/* Few distinct keys, so far events often tie on day and kind. */
				struct ref_event e = {day + delay, (uint32_t)(r >> 20) % 4,
				                      (uint32_t)(r >> 24) % 7 * 0x3c6ef372u,
				                      (uint32_t)(r >> 40) % 3, delay >= RING, n};
				far_pushed += (uint32_t)e.far;
				today_pushed += delay == 0;
				ref[n++] = e;
				assert_int_equal(calendar_push(&c, e.day, e.kind, e.id, e.gen), 0);
			}
			if (taken == MAX || !calendar_next(&c, &got[taken]))
				break;
			assert_int_equal(got[taken].day, day);
			taken++;
			/* One event in four schedules a follow-up. */
			if (splitmix64(&s) % 4 == 0)
				fresh = 1;
		}
	}
	/* Drain what is left beyond the last day. */
	for (int32_t day = DAYS; c.far_len > 0 || day < DAYS + 500; day++) {
		assert_int_equal(calendar_begin_day(&c, day), 0);
		while (taken < MAX && calendar_next(&c, &got[taken]))
			taken++;
	}
	assert_true(n > 10000);
	assert_true(far_pushed > 500);
	assert_true(today_pushed > 500);
	assert_int_equal(taken, n);

	qsort(ref, n, sizeof *ref, ref_cmp);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(got[i].day, ref[i].day);
		assert_int_equal(got[i].kind, ref[i].kind);
		assert_int_equal(got[i].id, ref[i].id);
		assert_int_equal(got[i].gen, ref[i].gen);
	}
	calendar_free(&c);
	free(ref);
	free(got);
}

/* Bytes held: the two per-bucket index arrays, the node pool and the heap. */
static uint64_t bytes_of(const struct calendar *c)
{
	return (uint64_t)c->ring * 2 * sizeof(uint32_t) +
	       (uint64_t)c->node_cap * sizeof(struct cal_node) +
	       (uint64_t)c->far_cap * sizeof(struct event);
}

static void test_bytes(void **state)
{
	struct calendar c;
	(void)state;
	assert_int_equal(calendar_init(&c, 367, 1187), 0);
	/* 367 * 8 + 1187 * 16 + 64 * 16 */
	assert_int_equal(calendar_bytes(&c), 2936u + 18992u + 1024u);
	assert_int_equal(calendar_bytes(&c), bytes_of(&c));
	uint64_t before = calendar_bytes(&c);
	for (uint32_t i = 0; i < 1187; i++)
		assert_int_equal(calendar_push(&c, 1 + (int32_t)(i % 300), 1, i, 0), 0);
	assert_int_equal(calendar_bytes(&c), before);   /* within the first guess */
	for (uint32_t i = 0; i < 613; i++)
		assert_int_equal(calendar_push(&c, 1 + (int32_t)(i % 300), 2, i, 0), 0);
	for (uint32_t i = 0; i < 97; i++)
		assert_int_equal(calendar_push(&c, 367 + (int32_t)i, 3, i, 0), 0);
	assert_true(calendar_bytes(&c) > before);
	assert_int_equal(calendar_bytes(&c), bytes_of(&c));
	calendar_free(&c);
	assert_int_equal(calendar_bytes(&c), 0);
	calendar_free(&c);   /* freeing a freed calendar is harmless */

	/* A tiny first guess still gets a usable pool. */
	assert_int_equal(calendar_init(&c, 3, 0), 0);
	assert_true(c.node_cap > 0);
	assert_int_equal(calendar_bytes(&c), bytes_of(&c));
	calendar_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_fifo),
		cmocka_unit_test(test_ring_edge),
		cmocka_unit_test(test_far_heap),
		cmocka_unit_test(test_skip_empty_days),
		cmocka_unit_test(test_push_today_while_draining),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
