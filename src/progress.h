/*
 * progress.h — how far a run is, on stderr: a bar on a terminal, a line a
 * minute elsewhere (README.md "Using the command line").
 *
 * Progress is counted in replicate-days: every day a replicate simulates,
 * warm-up included, so that the bar moves within a replicate and a run of one
 * replicate of the whole Netherlands shows how far it is.
 */
#ifndef WK_PROGRESS_H
#define WK_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

enum progress_mode {
	PROGRESS_OFF,    /* nothing (--quiet) */
	PROGRESS_BAR,    /* a bar redrawn in place, for a terminal */
	PROGRESS_LINES   /* one line every `line_seconds`, for a log file */
};

struct progress;

/* A progress report on `f` for `total_days` replicate-days in `total_runs`
 * replicates. Returns NULL when out of memory or the mode is PROGRESS_OFF;
 * every function below accepts NULL and then does nothing. The caller frees
 * it with progress_free. */
struct progress *progress_alloc(FILE *f, enum progress_mode mode, double total_days,
                                size_t total_runs, double line_seconds);

/* `days` more replicate-days simulated. Safe to call from several OpenMP
 * threads; draws when a redraw (bar) or a line is due. */
void progress_add_days(struct progress *p, double days);

/* One more replicate finished and written. Thread-safe as above. */
void progress_run_done(struct progress *p);

/* The run ended: the bar's last state and its line break (a finished bar
 * shows 100%; an unfinished one is left where it stopped). */
void progress_finish(struct progress *p);

void progress_free(struct progress *p);

/* "1h02m", "3m05s" or "12s": a duration for a progress line. */
void progress_format_duration(double seconds, char *buf, size_t size);

#endif
