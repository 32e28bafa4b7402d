/*
 * engine.c — the run loop: scenarios x replicates, OpenMP, streaming output.
 *
 * Two ways to use the cores, chosen per scenario:
 *   inside  a run with at least as many wijken as threads steps its wijken
 *           in parallel, one output interval at a time;
 *   across  smaller runs are handed out whole, one per thread.
 * Either way every wijk is stepped by one thread at a time and the wijken's
 * accumulators are summed in wijk order, so the numbers do not depend on the
 * mode or the thread count (README.md "Random numbers and reproducibility", promise 1).
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

/* One replicate's results: series[t][value] while running, reshaped to the
 * file's metric-major layout before writing. */
struct run_buffers {
	double *acc_wijk;    /* wijken x acc_size */
	double *acc;         /* acc_size */
	double *series;      /* T x values_size */
	double *out;         /* values_size x T (metric-major) */
};

static void buffers_free(struct run_buffers *b)
{
	free(b->acc_wijk);
	free(b->acc);
	free(b->series);
	free(b->out);
	memset(b, 0, sizeof *b);
}

static int buffers_alloc(struct run_buffers *b, const struct model_params *p)
{
	size_t A = model_acc_size(p), V = model_values_size(p), T = n_intervals(p);
	b->acc_wijk = calloc((size_t)p->wijken * A, sizeof *b->acc_wijk);
	b->acc = calloc(A, sizeof *b->acc);
	b->series = calloc(T * V, sizeof *b->series);
	b->out = calloc(T * V, sizeof *b->out);
	if (!b->acc_wijk || !b->acc || !b->series || !b->out) {
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

/* Step wijk w through model days [first, last); check invariants if asked.
 * A stop request (SIGINT, SIGTERM, SIGHUP: *stop set) is seen before every
 * day, so that a run stops within a simulated day wherever it is; one read
 * of a volatile flag per wijk-day costs nothing next to a day's work. */
static int step_days(struct model *m, int w, int first, int last, int check,
                     volatile sig_atomic_t *stop, char *msg, size_t msg_size)
{
	for (int day = first; day < last; day++) {
		if (stop && *stop) {
			snprintf(msg, msg_size, "interrupted");
			return -1;
		}
		if (model_step_wijk(m, w, day)) {
			snprintf(msg, msg_size, "out of memory in wijk %d on day %d", w, day);
			return -1;
		}
		if (check && model_check_wijk(m, w, msg, msg_size))
			return -1;
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
	int failed;
	char message[512];
	double needs_arisen;
	double residents;
	size_t model_bytes;
};

/* Step every wijk through model days [first, last) (in parallel when
 * `inside`); then observe each into its row of acc_wijk (A doubles a row),
 * or, with acc_wijk NULL and end_warmup, end its warm-up. Returns 1 with
 * the message in res when a wijk fails. */
static int step_wijken(struct model *m, int first, int last, int inside, int check,
                       volatile sig_atomic_t *stop, double *acc_wijk, size_t A,
                       int end_warmup, struct task_result *res)
{
	int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) if (inside) reduction(| : failed)
	for (int w = 0; w < model_wijk_count(m); w++) {
		char msg[sizeof res->message];
		if (step_days(m, w, first, last, check, stop, msg, sizeof msg)) {
#pragma omp critical(engine_message)
			snprintf(res->message, sizeof res->message, "%s", msg);
			failed |= 1;
			continue;
		}
		if (acc_wijk)
			model_observe_wijk(m, w, acc_wijk + (size_t)w * A);
		else if (end_warmup)
			model_warmup_end(m, w);
	}
	return failed;
}

/* One replicate, start to end. `inside`: parallelise over wijken. */
static void run_replicate(const struct model_params *p, size_t replicate, int inside,
                          int check, volatile sig_atomic_t *stop, struct run_buffers *b,
                          struct progress *prog, struct task_result *res)
{
	size_t A = model_acc_size(p), V = model_values_size(p), T = n_intervals(p);
	int W = p->wijken;
	struct model *m = model_alloc(p, (uint32_t)replicate);
	int failed = 0;

	if (!m) {
		res->failed = 1;
		snprintf(res->message, sizeof res->message, "out of memory allocating the world");
		return;
	}
#pragma omp parallel for schedule(dynamic, 1) if (inside) reduction(| : failed)
	for (int w = 0; w < W; w++)
		if (model_init_wijk(m, w))
			failed |= 1;
	if (failed) {
		res->failed = 1;
		snprintf(res->message, sizeof res->message, "out of memory creating residents");
		goto out;
	}
	/* Warm-up: the same days with the same keyed streams as a longer run,
	 * stepped in pieces of output_every days so that an interrupt is seen;
	 * what it counted is then discarded (model_warmup_end). */
	for (int start = 0; start < p->warmup_days && !failed; start += p->output_every) {
		int end = start + p->output_every < p->warmup_days ? start + p->output_every
		                                                    : p->warmup_days;
		if (stop && *stop)
			break;
		failed = step_wijken(m, start, end, inside, check, stop, NULL, 0,
		                     end == p->warmup_days, res);
		progress_add_days(prog, end - start);
	}
	for (size_t t = 0; t < T && !failed; t++) {
		int first, last;
		if (stop && *stop) {
			res->failed = 2;
			snprintf(res->message, sizeof res->message, "interrupted");
			goto out;
		}
		interval_days(p, t, &first, &last);
		memset(b->acc_wijk, 0, (size_t)W * A * sizeof *b->acc_wijk);
		failed = step_wijken(m, first, last, inside, check, stop, b->acc_wijk, A, 0,
		                     res);
		if (failed)
			break;
		progress_add_days(prog, last - first);
		/* Sum in wijk order: the same additions in the same order always. */
		memset(b->acc, 0, A * sizeof *b->acc);
		for (int w = 0; w < W; w++)
			for (size_t i = 0; i < A; i++)
				b->acc[i] += b->acc_wijk[(size_t)w * A + i];
		model_derive(p, b->acc, b->series + t * V);
	}
	if (failed) {
		res->failed = 1;
		goto out;
	}
	for (int w = 0; w < W; w++) {
		struct model_totals tot;
		model_totals_wijk(m, w, &tot);
		res->needs_arisen += (double)tot.arisen;
		res->residents += model_wijk_residents(m, w);
	}
	res->model_bytes = model_memory_bytes(m);
	reshape(p, b->series, b->out);
out:
	model_free(m);
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

/* Run replicate r of scenario s (OpenMP over its wijken when `inside`) and
 * write it to the file; the first failure stops the runs not yet begun. */
static void run_unit(struct run_shared *sh, size_t s, size_t r, int inside)
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
	if (buffers_alloc(&b, p)) {
		res.failed = 1;
		snprintf(res.message, sizeof res.message, "out of memory for result buffers");
	} else {
		run_replicate(p, r, inside, sh->opt->check, sh->opt->stop, &b, sh->prog, &res);
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
 * its wijken: when it has enough wijken to fill the threads, or one run. */
static int runs_inside(const struct engine_scenario *sc, int threads)
{
	return sc->params->wijken >= threads || sc->replicates < 2;
}

int engine_run(const struct engine_scenario *scenarios, size_t n, struct h5out *out,
               const struct engine_options *opt, struct engine_stats *stats,
               struct wk_error *err)
{
	double start = now_seconds();
	int threads = omp_get_max_threads();
	size_t total_runs = 0, n_units = 0;
	double total_days = 0;
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
		stats->write_seconds += now_seconds() - t0;
		total_runs += scenarios[s].replicates;
		total_days += (double)scenarios[s].replicates *
		              (scenarios[s].params->warmup_days + scenarios[s].params->days);
		if (!runs_inside(&scenarios[s], threads))
			n_units += scenarios[s].replicates;
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
	 * thread busy. Every run is independent and goes to its own place in
	 * the file: the order changes nothing in the datasets. */
	n_units = 0;
	for (size_t s = 0; s < n; s++) {
		if (!runs_inside(&scenarios[s], threads)) {
			for (size_t r = 0; r < scenarios[s].replicates; r++) {
				units[n_units][0] = s;
				units[n_units++][1] = r;
			}
			continue;
		}
		for (size_t r = 0; r < scenarios[s].replicates && !sh.rc; r++)
			run_unit(&sh, s, r, 1);
	}
#pragma omp parallel for schedule(dynamic, 1) if (n_units > 1)
	for (long u = 0; u < (long)n_units; u++)
		run_unit(&sh, units[u][0], units[u][1], 0);
out:
	progress_finish(sh.prog);
	progress_free(sh.prog);
	free(units);
	free(index);
	stats->wall_seconds = now_seconds() - start;
	return sh.rc;
}

size_t engine_memory_needed(const struct engine_scenario *scenarios, size_t n, int threads)
{
	size_t need = 0;
	for (size_t s = 0; s < n; s++) {
		const struct model_params *p = scenarios[s].params;
		/* Runs of different scenarios share the threads (engine_run). */
		size_t concurrent = runs_inside(&scenarios[s], threads) ? 1 : (size_t)threads;
		size_t buffers = (model_acc_size(p) * (size_t)p->wijken +
		                  2 * model_values_size(p) * n_intervals(p)) * sizeof(double);
		size_t one = model_memory_estimate(p) + buffers;
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
	/* engine_run's rule: inside a run when it has wijken for every thread. */
	if (p->wijken >= threads || replicates < 2 || threads < 2)
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
	int inside = count == 1, status = 0;

	memset(stats, 0, sizeof *stats);
#pragma omp parallel for schedule(dynamic, 1) if (!inside)
	for (long i = 0; i < (long)count; i++) {
		struct run_buffers b = {0};
		struct task_result res = {0};
		size_t r = first + (size_t)i;
		if (buffers_alloc(&b, p)) {
			res.failed = 1;
			snprintf(res.message, sizeof res.message,
			         "out of memory for result buffers");
		} else {
			run_replicate(p, r, inside, check, stop, &b, NULL, &res);
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
