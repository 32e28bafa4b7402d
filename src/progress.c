/*
 * progress.c — the progress bar and progress lines of a run (progress.h).
 *
 * Invariants:
 *  1. done_days <= total_days and runs_done <= total_runs; both only grow.
 *  2. Every change and every draw happens inside the critical section
 *     `progress`, so threads never interleave their output.
 *  3. Progress never touches the simulation: it is told how far the engine
 *     is and reads the clock, nothing else, so results do not depend on it.
 *
 * The estimate of the time left assumes the remaining replicate-days take as
 * long as the ones done: elapsed * (total - done) / done.
 */
#include "progress.h"

#include <stdlib.h>
#include <time.h>

/* Why a constant: a redraw more often than ten times a second cannot be
 * read and costs terminal time on fast runs. */
#define BAR_REDRAW_SECONDS 0.1
#define BAR_WIDTH 24

struct progress {
	FILE *f;
	enum progress_mode mode;
	double total_days, done_days;
	size_t total_runs, runs_done;
	double line_seconds;
	double start, last_draw;
	int drawn;              /* the bar is on screen (a line break is owed) */
};

static double clock_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_format_duration(double seconds, char *buf, size_t size)
{
	long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
	if (s >= 3600)
		snprintf(buf, size, "%ldh%02ldm", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(buf, size, "%ldm%02lds", s / 60, s % 60);
	else if (seconds >= 9.95)
		snprintf(buf, size, "%lds", s);
	else
		snprintf(buf, size, "%.1fs", seconds > 0 ? seconds : 0.0);
}

struct progress *progress_alloc(FILE *f, enum progress_mode mode, double total_days,
                                size_t total_runs, double line_seconds)
{
	struct progress *p;

	if (mode == PROGRESS_OFF)
		return NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->f = f;
	p->mode = mode;
	p->total_days = total_days > 0 ? total_days : 1;
	p->total_runs = total_runs;
	p->line_seconds = line_seconds > 0 ? line_seconds : 60;
	p->start = p->last_draw = clock_seconds();
	return p;
}

/* The share done, the time elapsed and the estimate of the time left. */
static void times(const struct progress *p, double now, double *share, char *elapsed,
                  char *left, size_t size)
{
	double e = now - p->start;
	*share = p->done_days / p->total_days;
	if (*share > 1)
		*share = 1;
	progress_format_duration(e, elapsed, size);
	if (*share > 0)
		progress_format_duration(e * (1 - *share) / *share, left, size);
	else
		snprintf(left, size, "?");
}

static void draw_bar(struct progress *p, double now)
{
	char elapsed[32], left[32];
	double share;
	int filled;

	times(p, now, &share, elapsed, left, sizeof elapsed);
	filled = (int)(share * BAR_WIDTH);
	fputs("\r[", p->f);
	for (int i = 0; i < BAR_WIDTH; i++)
		fputc(i < filled ? '#' : '.', p->f);
	fprintf(p->f, "] %3.0f%%  %zu/%zu runs  %s elapsed, %s left   ", 100 * share,
	        p->runs_done, p->total_runs, elapsed, left);
	fflush(p->f);
	p->drawn = 1;
	p->last_draw = now;
}

static void draw_line(struct progress *p, double now)
{
	char elapsed[32], left[32];
	double share;

	times(p, now, &share, elapsed, left, sizeof elapsed);
	fprintf(p->f, "wijksim: %.0f%% simulated, %zu of %zu runs done, %s elapsed, about %s "
	        "left\n", 100 * share, p->runs_done, p->total_runs, elapsed, left);
	fflush(p->f);
	p->last_draw = now;
}

/* Draw if due; inside the critical section. */
static void maybe_draw(struct progress *p)
{
	double now = clock_seconds();

	if (p->mode == PROGRESS_BAR && (now - p->last_draw >= BAR_REDRAW_SECONDS || !p->drawn))
		draw_bar(p, now);
	else if (p->mode == PROGRESS_LINES && now - p->last_draw >= p->line_seconds)
		draw_line(p, now);
}

void progress_add_days(struct progress *p, double days)
{
	if (!p)
		return;
#pragma omp critical(progress)
	{
		p->done_days += days;
		if (p->done_days > p->total_days)
			p->done_days = p->total_days;
		maybe_draw(p);
	}
}

void progress_run_done(struct progress *p)
{
	if (!p)
		return;
#pragma omp critical(progress)
	{
		if (p->runs_done < p->total_runs)
			p->runs_done++;
		maybe_draw(p);
	}
}

void progress_finish(struct progress *p)
{
	if (!p || p->mode != PROGRESS_BAR)
		return;
	draw_bar(p, clock_seconds());
	fputc('\n', p->f);
	fflush(p->f);
}

void progress_free(struct progress *p)
{
	free(p);
}
