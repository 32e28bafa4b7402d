/*
 * queue.c — a role's first-come-first-served queue of needs: a growable
 * ring of (need, generation) entries.
 *
 * Invariants:
 *  1. Entries come out in the order they went in.
 *  2. An entry is never removed from the middle: a need that leaves a queue
 *     early (it closed, or was routed on) bumps its queue generation
 *     (lifecycle.c), and the reader skips the entry whose generation no
 *     longer matches (service.c). So push and pop are O(1).
 *  3. The ring only grows; queue_free releases it. Who owns a ring: the
 *     service module allocates a wijk's per-role rings (service_alloc) and
 *     frees them (service_free).
 */
#include "internal.h"

#include <stdlib.h>

int queue_init(struct queue *q, uint32_t cap)
{
	q->need = malloc(cap * sizeof *q->need);
	q->gen = malloc(cap * sizeof *q->gen);
	q->cap = cap;
	q->head = q->count = 0;
	return q->need && q->gen ? 0 : -1;
}

void queue_free(struct queue *q)
{
	free(q->need);
	free(q->gen);
	q->need = q->gen = NULL;
	q->cap = q->count = q->head = 0;
}

/* Double the ring, unrolling it so that the head is at 0. */
static int queue_grow(struct queue *q)
{
	uint32_t cap = q->cap ? q->cap * 2 : 16;
	uint32_t *need = malloc(cap * sizeof *need);
	uint32_t *gen = malloc(cap * sizeof *gen);

	if (!need || !gen) {
		free(need);
		free(gen);
		return -1;
	}
	for (uint32_t i = 0; i < q->count; i++) {
		need[i] = q->need[(q->head + i) % q->cap];
		gen[i] = q->gen[(q->head + i) % q->cap];
	}
	free(q->need);
	free(q->gen);
	q->need = need;
	q->gen = gen;
	q->cap = cap;
	q->head = 0;
	return 0;
}

int queue_push(struct queue *q, uint32_t n, uint32_t gen)
{
	if (q->count == q->cap && queue_grow(q))
		return -1;
	uint32_t tail = (q->head + q->count) % q->cap;
	q->need[tail] = n;
	q->gen[tail] = gen;
	q->count++;
	return 0;
}

void queue_pop(struct queue *q)
{
	q->head = (q->head + 1) % q->cap;
	q->count--;
}

size_t queue_bytes(const struct queue *q)
{
	return (size_t)q->cap * (sizeof *q->need + sizeof *q->gen);
}
