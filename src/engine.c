/*
 * engine.c — the run loop: scenarios x replicates, OpenMP, streaming output.
 *
 * Two ways to use the cores, chosen from the shape of the work:
 *   inside  a run with at least as many wijken as threads, and large enough
 *           to pay for them, hands its wijken out to the threads;
 *   across  the runs of all other scenarios are handed out whole, one per
 *           thread; a single such run goes inside instead.
 * Work too small to pay for a parallel region (PARALLEL_MIN_RESIDENT_DAYS)
 * runs on one thread, and at most one parallel region is opened per run
 * (inside) or for all runs together (across): never one per interval.
 *
 * Loop order (issue 20): a wijk goes from its creation through the warm-up
 * and every output interval on one thread before that thread takes the next
 * wijk, so that its few MB stay in that core's caches; it is then released.
 * Its observations wait in a ring of slots until every wijk before it is
 * done, and are then added to the run's sums in wijk order, so the numbers
 * do not depend on the mode, the loop order or the thread count (README.md
 * "Random numbers and reproducibility", promise 1). A stop request is seen
 * before every wijk-day.
 *
 * Output streams: a replicate's series is written as soon as it is done and
 * then freed, so memory holds at most one series per thread. HDF5 is not
 * thread-safe; writes happen in a critical section.
 */
#include "engine.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t n_intervals(const struct model_params *p)
{
	return (size_t)((p->days + p->output_every - 1) / p->output_every);
}

/* How many finished wijken may wait for their turn in the wijk-order sum
 * per thread (the ring of run_buffers.slots). Not a model parameter: a
 * memory/idle-time trade-off; a thread waits only when the wijk this many
 * places before its own is still running. */
enum { SLOTS_PER_THREAD = 4 };

/* Below this many resident-days a phase runs on one thread: a parallel
 * region costs tens of microseconds to open and its idle threads spin,
 * while a resident-day costs about 50 ns (BENCHMARKS.md), so 2e5
 * resident-days (~10 ms) keep the threads' overhead under 1%. Not a model
 * parameter: it changes nothing in the results. */
#define PARALLEL_MIN_RESIDENT_DAYS 2e5

/* One replicate's results: series[t][value] while running, reshaped to the
 * file's metric-major layout before writing. */
struct run_buffers {
	size_t n_slots;
	double *slots;       /* n_slots x T x acc_size: finished wijken's observations */
	double *acc;         /* T x acc_size: their sum in wijk order */
	double *series;      /* T x values_size */
	double *out;         /* values_size x T (metric-major) */
};

static void buffers_free(struct run_buffers *b)
{
	free(b->slots);
	free(b->acc);
	free(b->series);
	free(b->out);
	memset(b, 0, sizeof *b);
}

/* Slots for wijken that finish before those in front of them; the ring
 * needs no more than one per wijk. */
static size_t slot_count(const struct model_params *p, int threads)
{
	size_t n = threads > 1 ? (size_t)threads * SLOTS_PER_THREAD : 1;
	return n < (size_t)p->wijken ? n : (size_t)p->wijken;
}

static int buffers_alloc(struct run_buffers *b, const struct model_params *p, int threads)
{
	size_t A = model_acc_size(p), V = model_values_size(p), T = n_intervals(p);
	b->n_slots = slot_count(p, threads);
	b->slots = malloc(b->n_slots * T * A * sizeof *b->slots);
	b->acc = calloc(T * A, sizeof *b->acc);
	b->series = calloc(T * V, sizeof *b->series);
	b->out = calloc(T * V, sizeof *b->out);
	if (!b->slots || !b->acc || !b->series || !b->out) {
		buffers_free(b);
		return -1;
	}
	return 0;
}

/* Reshape [T][V] into the file layout: for each metric, [T][len]. */
static void reshape(const struct model_params *p, const double *series, double *out)
{
	size_t T = n_intervals(p), V = model_values_size(p), pos = 0;
	for (size_t i = 0; i < model_metric_count(); i++) {
		size_t off = model_metric_offset(p, i), len = model_metric_len(p, i);
		for (size_t t = 0; t < T; t++)
			for (size_t a = 0; a < len; a++)
				out[pos++] = series[t * V + off + a];
	}
}

/* A replicate's values (out, metric-major) from the wijk-order sum of its
 * wijken's observations (acc, T x A), through series (T x V, zeroed). */
static void derive_all(const struct model_params *p, const double *acc, double *series,
                       double *out)
{
	size_t T = n_intervals(p), A = model_acc_size(p), V = model_values_size(p);
	for (size_t t = 0; t < T; t++)
		model_derive(p, acc + t * A, series + t * V);
	reshape(p, series, out);
}

/* Step wijk w through model days [first, last); check invariants if asked.
 * A stop request (SIGINT, SIGTERM, SIGHUP: *stop set) is seen before every
 * day, so that a run stops within a simulated day wherever it is; one read
 * of a volatile flag per wijk-day costs nothing next to a day's work.
 * Returns 0, 1 with the message in msg, or 2 when stopped. */
static int step_days(struct model *m, int w, int first, int last, int check,
                     volatile sig_atomic_t *stop, char *msg, size_t msg_size)
{
	for (int day = first; day < last; day++) {
		if (stop && *stop) {
			snprintf(msg, msg_size, "interrupted");
			return 2;
		}
		if (model_step_wijk(m, w, day)) {
			snprintf(msg, msg_size, "out of memory in wijk %d on day %d", w, day);
			return 1;
		}
		if (check && model_check_wijk(m, w, msg, msg_size))
			return 1;
	}
	return 0;
}

/* The model days of output interval t: the warm-up comes first, so output
 * day 0 is model day warmup_days. */
static void interval_days(const struct model_params *p, size_t t, int *first, int *last)
{
	int start = (int)t * p->output_every, end = start + p->output_every;
	if (end > p->days)
		end = p->days;
	*first = p->warmup_days + start;
	*last = p->warmup_days + end;
}

struct task_result {
	int failed;          /* 0, 1 (a failure), 2 (interrupted) */
	char message[512];
	double needs_arisen;
	double residents;
	size_t model_bytes;
};

/* A replicate in progress: the world and the wijk-order sum of its wijken's
 * observations. */
struct replicate_state {
	const struct model_params *p;
	struct model *m;
	struct run_buffers *b;
	struct progress *prog;
	double progress_per_resident;  /* replicate-days per resident-day */
	size_t A, T;
	int check;
	volatile sig_atomic_t *stop;
	unsigned char *done;           /* wijk finished, its slot waiting to be summed */
	int next_sum;                  /* wijken before it are in b->acc */
	int failed;                    /* 0, 1 or 2 as task_result.failed */
	double needs_arisen;
	size_t model_bytes;
};

/* Wijk w from its creation to its last observation, into `slot` (T x A):
 * created, warmed up, stepped interval by interval, observed at the end of
 * each; then its arrays are released. One wijk's few MB stay in the cache of
 * the core that steps it for the whole run (issue 20: stepping every wijk
 * one interval at a time sent the whole world through the caches ~53 times
 * a simulated year). Returns 0, 1 or 2 (interrupted), with msg. */
static int run_wijk(struct replicate_state *st, int w, double *slot, char *msg, size_t size)
{
	const struct model_params *p = st->p;
	double share = st->progress_per_resident * model_wijk_residents(st->m, w);
	int rc;

	if (model_init_wijk(st->m, w)) {
		snprintf(msg, size, "out of memory creating residents");
		return 1;
	}
	/* Warm-up: the same days with the same keyed streams as a longer run;
	 * what it counted is then discarded (model_warmup_end). */
	for (int start = 0; start < p->warmup_days; start += p->output_every) {
		int end = start + p->output_every < p->warmup_days ? start + p->output_every
		                                                    : p->warmup_days;
		if ((rc = step_days(st->m, w, start, end, st->check, st->stop, msg, size)))
			return rc;
		progress_add_days(st->prog, share * (end - start));
	}
	if (p->warmup_days > 0)
		model_warmup_end(st->m, w);
	for (size_t t = 0; t < st->T; t++) {
		int first, last;
		interval_days(p, t, &first, &last);
		if ((rc = step_days(st->m, w, first, last, st->check, st->stop, msg, size)))
			return rc;
		memset(slot + t * st->A, 0, st->A * sizeof *slot);
		model_observe_wijk(st->m, w, slot + t * st->A);
		progress_add_days(st->prog, share * (last - first));
	}
	{
		struct model_totals tot;
		model_totals_wijk(st->m, w, &tot);
		size_t bytes = model_wijk_memory_bytes(st->m, w);
		model_free_wijk(st->m, w);
#pragma omp critical(engine_sum)
		{
			st->needs_arisen += (double)tot.arisen;
			st->model_bytes += bytes;
		}
	}
	return 0;
}

void engine_add_wijk(double *acc, const double *wijk, size_t doubles)
{
	for (size_t i = 0; i < doubles; i++)
		acc[i] += wijk[i];
}

/* Wijk w is done: add every finished wijk whose turn has come to the sum,
 * in wijk order, so that each interval's sum is (((0 + a_0) + a_1) + ...)
 * whatever the thread count (README.md "Random numbers and
 * reproducibility", promise 1). */
static void sum_finished(struct replicate_state *st, int w)
{
	size_t TA = st->T * st->A;
	int W = st->p->wijken;
#pragma omp critical(engine_sum)
	{
		st->done[w] = 1;
		while (st->next_sum < W && st->done[st->next_sum]) {
			engine_add_wijk(st->b->acc, st->b->slots +
			                (size_t)st->next_sum % st->b->n_slots * TA, TA);
#pragma omp atomic update
			st->next_sum++;
		}
	}
}

/* Whether wijk w's slot is free (the wijk n_slots before it is summed);
 * false too once the replicate has failed. */
static int wait_for_slot(struct replicate_state *st, int w)
{
	for (;;) {
		int next, failed;
#pragma omp atomic read
		next = st->next_sum;
#pragma omp atomic read
		failed = st->failed;
		if (failed)
			return 0;
		if ((size_t)(w - next) < st->b->n_slots)
			return 1;
		/* Rare (a wijk far behind the others): wait without spinning. */
		nanosleep(&(struct timespec){0, 100000}, NULL);
	}
}

static double resident_days(const struct model_params *p, double residents)
{
	return residents * (double)(p->warmup_days + p->days);
}

/* The threads one run of p gets when `threads` are offered: no more than it
 * has wijken, and one when it is too small to pay for a parallel region. */
static int replicate_threads(const struct model_params *p, int threads)
{
	double residents = (double)p->wijken * p->residents_per_wijk;
	if (threads > p->wijken)
		threads = p->wijken;
	if (threads < 1 || resident_days(p, residents) < PARALLEL_MIN_RESIDENT_DAYS)
		threads = 1;
	return threads;
}

/* One replicate, start to end, on `threads` threads (1: on the caller's
 * thread, no parallel region). Each wijk goes through the whole run on one
 * thread (run_wijk); the wijken are handed out in order. */
static void run_replicate(const struct model_params *p, size_t replicate, int threads,
                          int check, volatile sig_atomic_t *stop, struct run_buffers *b,
                          struct progress *prog, struct task_result *res)
{
	size_t T = n_intervals(p), A = model_acc_size(p);
	int W = p->wijken;
	struct replicate_state st = {p, NULL, b, prog, 0.0, A, T, check, stop, NULL, 0, 0,
	                             0.0, 0};
	double residents = 0.0;

	st.m = model_alloc(p, (uint32_t)replicate);
	st.done = calloc((size_t)W, 1);
	if (!st.m || !st.done) {
		res->failed = 1;
		snprintf(res->message, sizeof res->message, "out of memory allocating the world");
		goto out;
	}
	for (int w = 0; w < W; w++)
		residents += model_wijk_residents(st.m, w);
	st.progress_per_resident = 1.0 / residents;
	threads = replicate_threads(p, threads);
	memset(b->acc, 0, T * A * sizeof *b->acc);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
	for (int w = 0; w < W; w++) {
		char msg[sizeof res->message];
		int rc;
		if (!wait_for_slot(&st, w))
			continue;
		rc = run_wijk(&st, w, b->slots + (size_t)w % b->n_slots * T * A, msg, sizeof msg);
		if (rc) {
#pragma omp critical(engine_message)
			if (!st.failed || (rc == 1 && st.failed == 2)) {
				snprintf(res->message, sizeof res->message, "%s", msg);
#pragma omp atomic write
				st.failed = rc;
			}
			continue;
		}
		sum_finished(&st, w);
	}
	if (st.failed) {
		res->failed = st.failed;
		goto out;
	}
	derive_all(p, b->acc, b->series, b->out);
	res->needs_arisen = st.needs_arisen;
	res->residents = residents;
	res->model_bytes = model_memory_bytes(st.m) + st.model_bytes;
out:
	free(st.done);
	model_free(st.m);
}

static int begin_scenario(struct h5out *out, const struct engine_scenario *s, size_t *index,
                          struct wk_error *err)
{
	const struct model_params *p = s->params;
	size_t T = n_intervals(p);
	double *time_days = malloc(T * sizeof *time_days);
	double *time_bounds = malloc(2 * T * sizeof *time_bounds);
	struct h5out_axis axes[AXIS_COUNT] = {0};
	const char **labels[AXIS_COUNT] = {0};
	const char *role_kind[MODEL_MAX_ROLES];
	size_t M = model_metric_count();
	struct h5out_metric *metrics = malloc(M * sizeof *metrics);
	int rc = WK_EXIT_RUNTIME;

	if (!time_days || !time_bounds || !metrics) {
		wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	/* Interval t covers days [start, end): t * output_every up to the next
	 * multiple or `days`, whichever is first; `time` is its end. */
	for (size_t t = 0; t < T; t++) {
		int end = (int)(t + 1) * p->output_every;
		time_days[t] = end < p->days ? end : p->days;
		time_bounds[2 * t] = (double)((int)t * p->output_every);
		time_bounds[2 * t + 1] = time_days[t];
	}
	for (int a = 0; a < AXIS_COUNT; a++) {
		size_t len = model_axis_len(p, (enum model_axis)a);
		labels[a] = malloc(len * sizeof *labels[a]);
		if (!labels[a]) {
			wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < len; i++)
			labels[a][i] = model_axis_label(p, (enum model_axis)a, i);
		axes[a].name = model_axis_name((enum model_axis)a);
		axes[a].len = len;
		axes[a].labels = labels[a];
	}
	/* role_kind [role]: which roles are informal, so that readers need not
	 * parse the stored scenario text (README "Reading the result file"). */
	for (int k = 0; k < p->n_roles; k++)
		role_kind[k] = p->roles[k].formal ? "formal" : "informal";
	axes[AXIS_ROLE].property_name = "role_kind";
	axes[AXIS_ROLE].property_values = role_kind;
	axes[AXIS_ROLE].property_long_name = "formal (paid professional) or informal "
	                                     "(carers, volunteers) role";
	for (size_t i = 0; i < M; i++) {
		const struct model_metric *mm = model_metric_get(i);
		metrics[i].name = mm->name;
		metrics[i].units = mm->units;
		metrics[i].long_name = mm->long_name;
		metrics[i].kind = mm->kind;
		metrics[i].axis = mm->axis;
		metrics[i].axis2 = mm->axis2;
	}
	rc = h5out_scenario_begin(out, s->name, s->config_text, p->seed, s->replicates,
	                          p->days, p->output_every, T, time_days, time_bounds, axes,
	                          AXIS_COUNT, metrics, M, index, err);
out:
	for (int a = 0; a < AXIS_COUNT; a++)
		free(labels[a]);
	free(metrics);
	free(time_bounds);
	free(time_days);
	return rc;
}

/* What engine_run shares with each of its runs. */
struct run_shared {
	const struct engine_scenario *scenarios;
	const size_t *index;
	struct h5out *out;
	const struct engine_options *opt;
	struct engine_stats *stats;
	struct wk_error *err;
	struct progress *prog;
	int rc;
	int stop_all;
};

/* Run replicate r of scenario s (OpenMP over its wijken on up to `threads`
 * threads) and write it to the file; the first failure stops the runs not
 * yet begun. */
static void run_unit(struct run_shared *sh, size_t s, size_t r, int threads)
{
	const struct engine_scenario *sc = &sh->scenarios[s];
	const struct model_params *p = sc->params;
	struct run_buffers b = {0};
	struct task_result res = {0};
	int skip;

#pragma omp atomic read
	skip = sh->stop_all;
	if (skip)
		return;
	threads = replicate_threads(p, threads);
	if (buffers_alloc(&b, p, threads)) {
		res.failed = 1;
		snprintf(res.message, sizeof res.message, "out of memory for result buffers");
	} else {
		run_replicate(p, r, threads, sh->opt->check, sh->opt->stop, &b, sh->prog, &res);
	}
#pragma omp critical(engine_write)
	{
		if (res.failed && !sh->rc) {
			sh->rc = wk_error_set(sh->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
			                      "scenario '%s' replicate %zu: %s", sc->name, r,
			                      res.message);
#pragma omp atomic write
			sh->stop_all = 1;
		} else if (!res.failed && !sh->rc) {
			double t0 = now_seconds();
			if (h5out_write_replicate(sh->out, sh->index[s], r, b.out, sh->err)) {
				sh->rc = sh->err->status ? sh->err->status : WK_EXIT_RUNTIME;
#pragma omp atomic write
				sh->stop_all = 1;
			}
			sh->stats->write_seconds += now_seconds() - t0;
			if (sc->capture)
				memcpy(sc->capture + r * engine_unit_doubles(p), b.out,
				       engine_unit_doubles(p) * sizeof *b.out);
			sh->stats->needs_arisen += res.needs_arisen;
			sh->stats->resident_days +=
			        res.residents * (double)(p->warmup_days + p->days);
			if (res.model_bytes > sh->stats->model_bytes_max)
				sh->stats->model_bytes_max = res.model_bytes;
			progress_run_done(sh->prog);
		}
	}
	buffers_free(&b);
}

/* Whether scenario sc runs its replicates one at a time, in parallel over
 * its wijken: when it has wijken for every thread and a run is large enough
 * to pay for them (replicate_threads). The runs of all other scenarios are
 * spread over the threads whole (engine_run). */
static int runs_inside(const struct engine_scenario *sc, int threads)
{
	return threads > 1 && replicate_threads(sc->params, threads) >= threads;
}

/* Resident-days of all replicates of sc. */
static double scenario_work(const struct engine_scenario *sc)
{
	const struct model_params *p = sc->params;
	return (double)sc->replicates * resident_days(p, (double)p->wijken * p->residents_per_wijk);
}

int engine_run(const struct engine_scenario *scenarios, size_t n, struct h5out *out,
               const struct engine_options *opt, struct engine_stats *stats,
               struct wk_error *err)
{
	double start = now_seconds();
	int threads = omp_get_max_threads(), across_threads;
	size_t total_runs = 0, n_units = 0;
	double total_days = 0, across_work = 0;
	size_t *index = calloc(n, sizeof *index);
	struct run_shared sh = {scenarios, index, out, opt, stats, err, NULL, 0, 0};
	size_t (*units)[2] = NULL;

	memset(stats, 0, sizeof *stats);
	if (!index)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	for (size_t s = 0; s < n; s++) {
		double t0 = now_seconds();
		if ((sh.rc = begin_scenario(out, &scenarios[s], &index[s], err)))
			goto out;
		/* Values given (an earlier run of the same text): written, not run. */
		const double *given = scenarios[s].values;
		size_t doubles = engine_unit_doubles(scenarios[s].params);
		for (size_t r = 0; given && r < scenarios[s].replicates; r++)
			if ((sh.rc = h5out_write_replicate(out, index[s], r, given + r * doubles,
			                                   err)))
				goto out;
		stats->write_seconds += now_seconds() - t0;
		if (scenarios[s].values)
			continue;
		total_runs += scenarios[s].replicates;
		total_days += (double)scenarios[s].replicates *
		              (scenarios[s].params->warmup_days + scenarios[s].params->days);
		if (!runs_inside(&scenarios[s], threads)) {
			n_units += scenarios[s].replicates;
			across_work += scenario_work(&scenarios[s]);
		}
	}
	units = malloc((n_units + 1) * sizeof *units);
	if (!units) {
		sh.rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	sh.prog = progress_alloc(stderr, opt->progress, total_days, total_runs,
	                         opt->progress_line_seconds);
	progress_add_days(sh.prog, 0);

	/* Scenarios with many wijken: one run at a time, threads over wijken.
	 * The runs of all the others: one list, threads over runs, so that a few
	 * replicates of many scenarios (decompose, experiments) keep every
	 * thread busy; a list of one run is that run's alone, over its wijken;
	 * a list too small to pay for the threads runs on one. Every run is
	 * independent and goes to its own place in the file: the order changes
	 * nothing in the datasets. */
	n_units = 0;
	for (size_t s = 0; s < n; s++) {
		if (scenarios[s].values)
			continue;
		if (!runs_inside(&scenarios[s], threads)) {
			for (size_t r = 0; r < scenarios[s].replicates; r++) {
				units[n_units][0] = s;
				units[n_units++][1] = r;
			}
			continue;
		}
		for (size_t r = 0; r < scenarios[s].replicates && !sh.rc; r++)
			run_unit(&sh, s, r, threads);
	}
	across_threads = n_units < (size_t)threads ? (int)n_units : threads;
	if (across_work < PARALLEL_MIN_RESIDENT_DAYS)
		across_threads = 1;
	if (n_units == 1)
		run_unit(&sh, units[0][0], units[0][1], threads);
	else if (n_units > 1) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(across_threads) \
	if (across_threads > 1)
		for (long u = 0; u < (long)n_units; u++)
			run_unit(&sh, units[u][0], units[u][1], 1);
	}
out:
	progress_finish(sh.prog);
	progress_free(sh.prog);
	free(units);
	free(index);
	stats->wall_seconds = now_seconds() - start;
	return sh.rc;
}

/* Bytes of one run of p on `threads` threads: the world and the result
 * buffers. The world is counted whole although a run holds only the wijken
 * being stepped (run_wijk releases each when done): kept conservative, as
 * before the loop order changed, because this check is also what refuses
 * worlds beyond the model's 32-bit resident ids (tests/bad/huge_memory.cfg);
 * an exact estimate needs that limit checked on its own first. */
static size_t run_memory(const struct model_params *p, int threads)
{
	size_t T = n_intervals(p), A = model_acc_size(p), V = model_values_size(p);
	size_t buffers = ((slot_count(p, threads) + 1) * T * A + 2 * V * T) * sizeof(double);
	return model_memory_estimate(p) + buffers;
}

size_t engine_memory_needed(const struct engine_scenario *scenarios, size_t n, int threads)
{
	size_t need = 0;
	for (size_t s = 0; s < n; s++) {
		const struct model_params *p = scenarios[s].params;
		if (scenarios[s].values)
			continue;
		/* Runs of different scenarios share the threads (engine_run). */
		int inside = runs_inside(&scenarios[s], threads);
		size_t concurrent = inside ? 1 : (size_t)threads;
		size_t one = run_memory(p, inside ? replicate_threads(p, threads) : 1);
		if (one * concurrent > need)
			need = one * concurrent;
	}
	return need;
}

size_t engine_memory_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kb = 0;

	if (f) {
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
				break;
		fclose(f);
	}
	if (kb == 0) {
		long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
		if (pages > 0 && size > 0)
			return (size_t)pages * (size_t)size;
	}
	return (size_t)kb * 1024u;
}

/* ---- work units, for a driver that hands them out itself (mpi_run.c) ---- */

size_t engine_unit_doubles(const struct model_params *p)
{
	return model_values_size(p) * n_intervals(p);
}

size_t engine_batch_size(const struct model_params *p, size_t replicates, int threads)
{
	/* engine_run's rule: inside a run when it has wijken for every thread
	 * and is large enough to pay for them; a single run is run alone. */
	if (threads < 2 || replicates < 2 || replicate_threads(p, threads) >= threads)
		return 1;
	return (size_t)threads;
}

int engine_begin_scenarios(const struct engine_scenario *scenarios, size_t n,
                           struct h5out *out, size_t *index, struct wk_error *err)
{
	int rc;
	for (size_t s = 0; s < n; s++)
		if ((rc = begin_scenario(out, &scenarios[s], &index[s], err)))
			return rc;
	return 0;
}

int engine_run_units(const struct model_params *p, size_t first, size_t count, int check,
                     volatile sig_atomic_t *stop, double *values,
                     struct engine_stats *stats, char *msg, size_t msg_size)
{
	size_t doubles = engine_unit_doubles(p);
	int threads = omp_get_max_threads(), status = 0;
	/* One unit: over its wijken; several: one thread each. */
	int inner = count == 1 ? replicate_threads(p, threads) : 1;
	int outer = count == 1 ? 1 : (count < (size_t)threads ? (int)count : threads);

	memset(stats, 0, sizeof *stats);
	if ((double)count * resident_days(p, (double)p->wijken * p->residents_per_wijk) <
	    PARALLEL_MIN_RESIDENT_DAYS)
		outer = 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(outer) if (outer > 1)
	for (long i = 0; i < (long)count; i++) {
		struct run_buffers b = {0};
		struct task_result res = {0};
		size_t r = first + (size_t)i;
		if (buffers_alloc(&b, p, inner)) {
			res.failed = 1;
			snprintf(res.message, sizeof res.message,
			         "out of memory for result buffers");
		} else {
			run_replicate(p, r, inner, check, stop, &b, NULL, &res);
		}
#pragma omp critical(engine_units)
		{
			/* A failure outranks an interrupt: report the first of those. */
			if (res.failed && (!status || (res.failed == 1 && status == 2))) {
				snprintf(msg, msg_size, "replicate %zu: %s", r, res.message);
				status = res.failed;
			} else if (!res.failed) {
				memcpy(values + (size_t)i * doubles, b.out,
				       doubles * sizeof *values);
				stats->needs_arisen += res.needs_arisen;
				stats->resident_days +=
				        res.residents * (double)(p->warmup_days + p->days);
				if (res.model_bytes > stats->model_bytes_max)
					stats->model_bytes_max = res.model_bytes;
			}
		}
		buffers_free(&b);
	}
	return status;
}

/* ---- one replicate's wijken in pieces (mpi_run.c: one world over ranks) ---- */

size_t engine_wijk_doubles(const struct model_params *p)
{
	return n_intervals(p) * model_acc_size(p);
}

int engine_run_wijken(const struct model_params *p, size_t replicate, int first, int count,
                      int check, volatile sig_atomic_t *stop, double *slots,
                      struct engine_stats *stats, char *msg, size_t msg_size)
{
	size_t T = n_intervals(p), A = model_acc_size(p);
	struct replicate_state st = {p, NULL, NULL, NULL, 0.0, A, T, check, stop, NULL, 0, 0,
	                             0.0, 0};
	int threads = omp_get_max_threads();
	double residents = 0.0;

	memset(stats, 0, sizeof *stats);
	if (first < 0 || count < 1 || count > p->wijken - first) {
		snprintf(msg, msg_size, "replicate %zu: wijken %d..%d are not in the world",
		         replicate, first, first + count - 1);
		return 1;
	}
	if (!(st.m = model_alloc(p, (uint32_t)replicate))) {
		snprintf(msg, msg_size, "replicate %zu: out of memory allocating the world",
		         replicate);
		return 1;
	}
	for (int w = first; w < first + count; w++)
		residents += model_wijk_residents(st.m, w);
	if (threads > count)
		threads = count;
	if (threads < 1 || resident_days(p, residents) < PARALLEL_MIN_RESIDENT_DAYS)
		threads = 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
	for (int i = 0; i < count; i++) {
		char why[512];
		int rc, failed;
#pragma omp atomic read
		failed = st.failed;
		if (failed)
			continue;
		rc = run_wijk(&st, first + i, slots + (size_t)i * T * A, why, sizeof why);
		if (rc) {
#pragma omp critical(engine_message)
			if (!st.failed || (rc == 1 && st.failed == 2)) {
				snprintf(msg, msg_size, "replicate %zu: %s", replicate, why);
#pragma omp atomic write
				st.failed = rc;
			}
		}
	}
	if (!st.failed) {
		stats->needs_arisen = st.needs_arisen;
		stats->resident_days = resident_days(p, residents);
		stats->model_bytes_max = model_memory_bytes(st.m) + st.model_bytes;
	}
	model_free(st.m);
	return st.failed;
}

int engine_finish_replicate(const struct model_params *p, const double *acc, double *values)
{
	double *series = calloc(n_intervals(p) * model_values_size(p), sizeof *series);

	if (!series)
		return -1;
	derive_all(p, acc, series, values);
	free(series);
	return 0;
}
