/*
 * calendar.c — day buckets with a far-future heap (see calendar.h).
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

int calendar_init(struct calendar *c, uint32_t ring, uint32_t capacity)
{
	memset(c, 0, sizeof *c);
	c->ring = ring;
	c->head = malloc(ring * sizeof *c->head);
	c->tail = malloc(ring * sizeof *c->tail);
	c->node_cap = capacity > 16 ? capacity : 16;
	c->node = malloc(c->node_cap * sizeof *c->node);
	c->far_cap = 64;
	c->far = malloc(c->far_cap * sizeof *c->far);
	c->free_head = NIL;
	if (!c->head || !c->tail || !c->node || !c->far)
		return -1;
	for (uint32_t i = 0; i < ring; i++)
		c->head[i] = c->tail[i] = NIL;
	return 0;
}

void calendar_free(struct calendar *c)
{
	free(c->head);
	free(c->tail);
	free(c->node);
	free(c->far);
	memset(c, 0, sizeof *c);
}

static bool event_less(const struct event *a, const struct event *b)
{
	if (a->day != b->day)
		return a->day < b->day;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	if (a->id != b->id)
		return a->id < b->id;
	return a->gen < b->gen;
}

static int far_push(struct calendar *c, struct event ev)
{
	if (c->far_len == c->far_cap) {
		uint32_t cap = c->far_cap * 2;
		struct event *f = realloc(c->far, cap * sizeof *f);
		if (!f)
			return -1;
		c->far = f;
		c->far_cap = cap;
	}
	uint32_t i = c->far_len++;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!event_less(&ev, &c->far[parent]))
			break;
		c->far[i] = c->far[parent];
		i = parent;
	}
	c->far[i] = ev;
	return 0;
}

static struct event far_pop(struct calendar *c)
{
	struct event top = c->far[0];
	struct event last = c->far[--c->far_len];
	uint32_t i = 0, n = c->far_len;
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= n)
			break;
		if (child + 1 < n && event_less(&c->far[child + 1], &c->far[child]))
			child++;
		if (!event_less(&c->far[child], &last))
			break;
		c->far[i] = c->far[child];
		i = child;
	}
	if (n > 0)
		c->far[i] = last;
	return top;
}

static int bucket_append(struct calendar *c, int32_t day, uint32_t kind, uint32_t id,
                         uint32_t gen)
{
	uint32_t n;
	if (c->free_head != NIL) {
		n = c->free_head;
		c->free_head = c->node[n].next;
	} else {
		if (c->node_used == c->node_cap) {
			uint32_t cap = c->node_cap + c->node_cap / 2;
			struct cal_node *p = realloc(c->node, cap * sizeof *p);
			if (!p)
				return -1;
			c->node = p;
			c->node_cap = cap;
		}
		n = c->node_used++;
	}
	c->node[n] = (struct cal_node){id, gen, kind, NIL};
	uint32_t slot = (uint32_t)day % c->ring;
	if (c->tail[slot] == NIL)
		c->head[slot] = n;
	else
		c->node[c->tail[slot]].next = n;
	c->tail[slot] = n;
	return 0;
}

int calendar_push(struct calendar *c, int32_t day, uint32_t kind, uint32_t id, uint32_t gen)
{
	if (day < c->today)
		day = c->today;   /* never in the past; the model does not ask for it */
	if ((uint32_t)(day - c->today) < c->ring)
		return bucket_append(c, day, kind, id, gen);
	return far_push(c, (struct event){day, kind, id, gen});
}

int calendar_begin_day(struct calendar *c, int32_t day)
{
	c->today = day;
	while (c->far_len > 0 && c->far[0].day - day < (int32_t)c->ring) {
		struct event ev = far_pop(c);
		if (bucket_append(c, ev.day, ev.kind, ev.id, ev.gen))
			return -1;
	}
	return 0;
}

bool calendar_next(struct calendar *c, struct event *out)
{
	uint32_t slot = (uint32_t)c->today % c->ring;
	uint32_t n = c->head[slot];
	if (n == NIL)
		return false;
	c->head[slot] = c->node[n].next;
	if (c->head[slot] == NIL)
		c->tail[slot] = NIL;
	*out = (struct event){c->today, c->node[n].kind, c->node[n].id, c->node[n].gen};
	c->node[n].next = c->free_head;
	c->free_head = n;
	return true;
}

uint64_t calendar_bytes(const struct calendar *c)
{
	return (uint64_t)c->ring * 8u + (uint64_t)c->node_cap * sizeof(struct cal_node) +
	       (uint64_t)c->far_cap * sizeof(struct event);
}
