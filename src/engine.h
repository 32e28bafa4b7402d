/*
 * engine.h — running scenarios x replicates with OpenMP and streaming the
 * results to an HDF5 file.
 */
#ifndef WK_ENGINE_H
#define WK_ENGINE_H

#include <signal.h>
#include <stddef.h>

#include "error.h"
#include "h5out.h"
#include "params.h"
#include "progress.h"

struct engine_scenario {
	const char *name;
	const struct model_params *params;
	const char *config_text;     /* effective scenario text, stored in the file */
	size_t replicates;
	/* engine_run only (not the MPI driver); zero for neither. values:
	 * replicates x engine_unit_doubles(params) doubles from an earlier run
	 * of the same text and replicates, written as they are instead of being
	 * run (the explorer's cached baseline, serve_run.c); capture: receives
	 * the values of every replicate run, in that layout. */
	const double *values;
	double *capture;
};

struct engine_options {
	int check;                   /* verify the model's invariants every day */
	enum progress_mode progress; /* on stderr: nothing, a bar, or lines */
	double progress_line_seconds; /* PROGRESS_LINES: seconds between lines */
	volatile sig_atomic_t *stop; /* set asynchronously to stop the run */
};

struct engine_stats {
	double wall_seconds;
	double write_seconds;        /* inside h5out calls */
	double resident_days;
	double needs_arisen;
	size_t model_bytes_max;      /* largest model allocated */
};

/* Run every scenario's replicates and write them to `out` (which the caller
 * created and will commit or abort). Parallel over wijken inside a run when
 * a run has enough wijken to fill the threads, else over runs; the results
 * are bit-identical either way and at any thread count. Returns 0, or
 * err->status: 1 for out-of-memory, write failures, an interrupted run and
 * invariant violations (--check). */
int engine_run(const struct engine_scenario *scenarios, size_t n,
               struct h5out *out, const struct engine_options *opt,
               struct engine_stats *stats, struct wk_error *err);

/* Memory (bytes) the run needs at peak with `threads` threads, and what the
 * machine has available (0 if unknown). */
size_t engine_memory_needed(const struct engine_scenario *scenarios, size_t n, int threads);
size_t engine_memory_available(void);

/* ---- work units (scenario x replicate), for a driver that hands them out
 * itself, e.g. over MPI ranks (mpi_run.c). The results are the same numbers
 * engine_run writes. ---- */

/* Doubles of one replicate's values, in the layout h5out_write_replicate
 * reads. */
size_t engine_unit_doubles(const struct model_params *p);

/* How many units of one scenario (with `replicates` replicates) a process
 * with `threads` OpenMP threads should run at once: 1 when a run has wijken
 * for every thread (parallel inside the run), else one per thread. */
size_t engine_batch_size(const struct model_params *p, size_t replicates, int threads);

/* Begin every scenario's group in `out` (index[s] receives scenario s's
 * index), as engine_run does before its first replicate. */
int engine_begin_scenarios(const struct engine_scenario *scenarios, size_t n,
                           struct h5out *out, size_t *index, struct wk_error *err);

/* Run replicates first .. first+count-1 of one scenario: one inside (over
 * its wijken) when count is 1, else count side by side over the threads.
 * values receives count x engine_unit_doubles(p) doubles, unit by unit;
 * stats its sums (wall_seconds and write_seconds stay 0). Returns 0; 1 when
 * a unit failed, 2 when interrupted by *stop, with "replicate R: why" in
 * msg. Touches no file. */
int engine_run_units(const struct model_params *p, size_t first, size_t count, int check,
                     volatile sig_atomic_t *stop, double *values,
                     struct engine_stats *stats, char *msg, size_t msg_size);

/* ---- one replicate's wijken in pieces, for a driver that spreads one
 * world over ranks (mpi_run.c). A wijk's observations are T x A doubles
 * (engine_wijk_doubles); a replicate's values are what
 * engine_finish_replicate makes of their sum, added wijk by wijk in wijk
 * order with engine_add_wijk starting from zeros: the numbers engine_run
 * writes, bit for bit. ---- */

size_t engine_wijk_doubles(const struct model_params *p);

/* acc[i] += wijk[i]: the one addition of a wijk to a replicate's sum. */
void engine_add_wijk(double *acc, const double *wijk, size_t doubles);

/* Run wijken first .. first+count-1 of replicate `replicate` of p, from
 * creation to their last observation, over the threads; slots receives
 * count x engine_wijk_doubles(p) doubles, wijk by wijk. stats: the wijken's
 * sums. Returns 0, 1 (a failure) or 2 (interrupted), with "replicate R:
 * why" in msg. */
int engine_run_wijken(const struct model_params *p, size_t replicate, int first, int count,
                      int check, volatile sig_atomic_t *stop, double *slots,
                      struct engine_stats *stats, char *msg, size_t msg_size);

/* A replicate's values (engine_unit_doubles) from the wijk-order sum of its
 * wijken's observations. Returns 0, or -1 when out of memory. */
int engine_finish_replicate(const struct model_params *p, const double *acc,
                            double *values);

#endif
