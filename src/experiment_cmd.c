/*
 * experiment_cmd.c — `wijksim experiment FILE.cfg [-o OUT.h5] [-t N]
 * [--resume] [--force] [--quiet] [--set path=value]...` (experiment.h).
 *
 * The loop: the points not yet done are run in batches, each batch through
 * engine_run (the same route as `wijksim run`, so every point is a scenario
 * like any other: checked, bit-identical at any thread count) into a
 * scratch result, whose runs are then summarised into the experiment file
 * point by point. An interrupt (SIGINT, SIGTERM) is seen inside engine_run
 * and between batches; the batch under way is dropped, the points before it
 * stay in "<target>.partial" for --resume. In bin/wijksim-mpi a batch has
 * as many points as keep every rank's threads busy (batch_workers).
 */
#include "experiment.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "h5out.h"
#include "params_load.h"

#ifdef WK_MPI
/* bin/wijksim-mpi compiles this file again (Makefile): every batch runs
 * over the MPI ranks (src/mpi/mpi_run.c), and is sized for all of them. */
#include "mpi_run.h"
#define engine_run mpi_engine_run
#define batch_workers mpi_engine_workers
#define EXPERIMENT_PROGRAM "mpirun ... wijksim-mpi"
/* mpirun gives rank 0 a pipe for stderr, not the terminal: progress goes
 * there too, a line per batch (the points done on every rank). */
#define PROGRESS_ANYWHERE 1
#else
#define EXPERIMENT_PROGRAM "wijksim"
#define PROGRESS_ANYWHERE 0
static int batch_workers(void)
{
	return 1;
}
#endif

/* Why bounds: the same as `run`'s (main.c). */
#define EXPERIMENT_MAX_THREADS 1024
#define EXPERIMENT_MAX_OVERRIDES 256
/* Why: a batch has at least this many runs per thread, so that the threads
 * stay busy across a batch, and at most this many points, so that an
 * interrupt loses little. */
enum { RUNS_PER_THREAD = 2, BATCH_MAX_POINTS = 32 };

static volatile sig_atomic_t experiment_stop;

static void on_stop(int sig)
{
	(void)sig;
	experiment_stop = 1;
}

struct exp_args {
	const char *file, *output;
	const char *sets[EXPERIMENT_MAX_OVERRIDES];
	size_t n_sets;
	long threads;
	int resume, force, quiet, series;
};

static int report(const struct wk_error *err)
{
	char line[2048];
	wk_error_format(err, line, sizeof line);
	for (char *c = line; *c; c++)
		if (*c == '\n' || (unsigned char)*c < 0x20)
			*c = ' ';
	fprintf(stderr, "wijksim: %s\n", line);
	return err->status ? err->status : WK_EXIT_RUNTIME;
}

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "wijksim: %s%s%s (see 'wijksim experiment --help')\n", msg,
	        arg ? " " : "", arg ? arg : "");
	return WK_EXIT_USAGE;
}

void experiment_print_usage(FILE *f)
{
	fprintf(f, "usage: wijksim experiment FILE.cfg [options]\n\n"
	       "  runs the design in the scenario's `experiment` section: every point x\n"
	       "  replicate, common random numbers across points, summaries per run in\n"
	       "  /experiments/<name>/ (README.md \"Experiments, sensitivity and calibration\")\n"
	       "  -o, --output FILE     result file (default experiment.h5); written as\n"
	       "                        FILE.partial and renamed when every point is done\n"
	       "  -t, --threads N       OpenMP threads (default: OMP_NUM_THREADS or all cores)\n"
	       "      --resume          continue an interrupted experiment from FILE.partial\n"
	       "      --force           overwrite an existing result (and a partial one)\n"
	       "      --set PATH=VALUE  override a setting of the scenario for every point\n"
	       "      --quiet           no progress bar, no summary\n"
	       "      --series          also store every run's time series in\n"
	       "                        /experiments/<name>/series/<metric>\n"
	       "                        [point, replicate, time, ...]\n");
}

static int parse(int argc, char **argv, struct exp_args *a)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"threads", required_argument, NULL, 't'},
		{"resume", no_argument, NULL, 'R'},       {"force", no_argument, NULL, 'F'},
		{"quiet", no_argument, NULL, 'q'},        {"set", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},         {"series", no_argument, NULL, 'T'},
		{NULL, 0, NULL, 0}
	};
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:o:t:qh", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 1:
			if (a->file)
				return usage("experiment takes one scenario file; also got",
				             optarg);
			a->file = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 't':
			errno = 0;
			a->threads = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || a->threads < 1 ||
			    a->threads > EXPERIMENT_MAX_THREADS)
				return usage("-t needs a number of threads from 1 to 1024, got",
				             optarg);
			break;
		case 'R':
			a->resume = 1;
			break;
		case 'F':
			a->force = 1;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case 'T':
			a->series = 1;
			break;
		case 'S':
			if (!strchr(optarg, '='))
				return usage("--set needs PATH=VALUE, got", optarg);
			if (a->n_sets == EXPERIMENT_MAX_OVERRIDES)
				return usage("too many --set options", NULL);
			a->sets[a->n_sets++] = optarg;
			break;
		case 'h':
			experiment_print_usage(stdout);
			return -1;
		case ':':
			return usage("option needs a value:", argv[optind - 1]);
		default:
			return usage("unknown option", argv[optind - 1]);
		}
	}
	if (!a->file)
		return usage("experiment needs a scenario file with an `experiment` section", NULL);
	if (!a->output)
		a->output = "experiment.h5";
	return 0;
}

struct point_run {
	struct scen *scen;
	struct model_params params;
	char *text;
	char group[32];
};

static void point_free(struct point_run *pr)
{
	scen_free(pr->scen);
	free(pr->text);
	memset(pr, 0, sizeof *pr);
}

/* Load point p: the scenario's effective text with the point's settings
 * and the experiment's replicates (experiment.h invariant 2). */
static int point_load(const struct experiment *ex, const char *text, const char *file, size_t p,
                      struct point_run *pr, struct wk_error *err)
{
	char (*sets)[EXPERIMENT_SET_CAP] = malloc((ex->k + 1) * sizeof *sets);
	const char *ov[DESIGN_SOBOL_MAX_FACTORS + 1];
	char origin[600];
	int rc;

	memset(pr, 0, sizeof *pr);
	if (!sets)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	experiment_point_sets(ex, p, sets);
	snprintf(sets[ex->k], EXPERIMENT_SET_CAP, "simulation.replicates=%zu", ex->replicates);
	for (size_t i = 0; i <= ex->k; i++)
		ov[i] = sets[i];
	snprintf(origin, sizeof origin, "%s (experiment point %zu)", file, p);
	snprintf(pr->group, sizeof pr->group, "point_%06zu", p);
	rc = scen_load_text(&schema_wijksim, text, origin, ov, ex->k + 1, &pr->scen, err);
	if (!rc)
		rc = params_load(pr->scen, &pr->params, err);
	if (!rc && !(pr->text = scen_effective_text(pr->scen)))
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	free(sets);
	return rc;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(size_t done, size_t total, size_t done_here, double start, int final)
{
	int width = 30, filled = total ? (int)((double)width * (double)done / (double)total) : 0;
	double elapsed = now_seconds() - start;
	if (!isatty(STDERR_FILENO)) {
		if (!final)
			fprintf(stderr, "wijksim: %zu of %zu points done, %.1f s\n", done, total,
			        elapsed);
		return;
	}
	fprintf(stderr, "\r[");
	for (int i = 0; i < width; i++)
		fputc(i < filled ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu points, %.1f s", done, total, elapsed);
	if (done_here && done < total)
		fprintf(stderr, ", ETA %.0f s  ",
		        elapsed / (double)done_here * (double)(total - done));
	else
		fputs("         ", stderr);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Run points [from, to) that are not done into f, through scratch file
 * `scratch`. */
static int run_batch(const struct experiment *ex, const char *text, const char *file,
                     const size_t *points, size_t n, struct experiment_file *f,
                     const char *scratch, struct engine_stats *total, struct wk_error *err)
{
	struct point_run *pr = calloc(n, sizeof *pr);
	struct engine_scenario *sc = calloc(n, sizeof *sc);
	struct engine_options opt = {0};
	struct engine_stats stats;
	struct h5out *out = NULL;
	int rc = 0;

	if (!pr || !sc) {
		rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		rc = point_load(ex, text, file, points[i], &pr[i], err);
		sc[i] = (struct engine_scenario){ .name = pr[i].group, .params = &pr[i].params,
		                                  .config_text = pr[i].text,
		                                  .replicates = ex->replicates };
	}
	if (rc)
		goto out;
	if ((rc = h5out_create(scratch, 1, &out, err)))
		goto out;
	opt.stop = &experiment_stop;
	rc = engine_run(sc, n, out, &opt, &stats, err);
	if (rc) {
		h5out_abort(out);
		goto out;
	}
	/* Read back through the open scratch file and throw it away: a
	 * commit would fsync a file nobody keeps. */
	total->wall_seconds += stats.wall_seconds;
	total->resident_days += stats.resident_days;
	for (size_t i = 0; i < n && !rc; i++)
		rc = experiment_file_add_point(f, points[i], out, pr[i].group, err);
	h5out_abort(out);
out:
	for (size_t i = 0; pr && i < n; i++)
		point_free(&pr[i]);
	free(pr);
	free(sc);
	return rc;
}

int experiment_main(int argc, char **argv, const char *command_line)
{
	struct exp_args a;
	struct wk_error err;
	struct scen *base = NULL;
	struct model_params params;
	struct experiment ex;
	struct experiment_file *f = NULL;
	struct engine_stats total = {0};
	struct sigaction sa;
	char *text = NULL, dir[4096] = "", scratch[4200] = "", partial[4200];
	size_t done = 0, done_here = 0, *batch = NULL, interrupt_after = 0;
	double start = now_seconds();
	int rc, threads, show;
	const char *hook = getenv("WIJKSIM_EXPERIMENT_INTERRUPT_AFTER");

	memset(&ex, 0, sizeof ex);
	wk_error_clear(&err);
	if ((rc = parse(argc, argv, &a)))
		return rc < 0 ? 0 : rc;
	if (hook && hook[0])
		interrupt_after = (size_t)strtoul(hook, NULL, 10);
	/* From the start: an interrupt while the points are checked stops
	 * before the first batch (and is not lost where the shell started us
	 * with SIGINT ignored). */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if ((rc = scen_load(&schema_wijksim, a.file, a.sets, a.n_sets, &base, &err)) ||
	    (rc = params_load(base, &params, &err)) ||
	    (rc = experiment_read(base, &schema_wijksim, &ex, &err)))
		goto out;
	if (scen_input_at(base, a.output)) {
		rc = wk_error_set(&err, WK_EXIT_USAGE, a.output, 0, NULL,
		                  "-o names %s, an input of scenario %s; refusing to write "
		                  "over an input (with or without --force)",
		                  scen_input_at(base, a.output), a.file);
		goto out;
	}
	text = scen_effective_text(base);
	if (!text) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	/* Check every point's scenario before anything is written: a bad
	 * point is a bad design (status 2). */
	for (size_t p = 0; p < ex.n_points && !experiment_stop; p++) {
		struct point_run pr;
		rc = point_load(&ex, text, a.file, p, &pr, &err);
		point_free(&pr);
		if (rc)
			goto out;
	}
	if (a.threads > 0)
		omp_set_num_threads((int)a.threads);
	threads = omp_get_max_threads();
	ex.series = a.series;
	if ((rc = experiment_file_open(a.output, a.force, a.resume, &ex, text, &params,
	                               command_line, &f, &done, &err)))
		goto out;
	/* The scratch results are written and thrown away batch by batch:
	 * memory (/dev/shm) when there is no TMPDIR, so that no disk waits. */
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !tmpdir[0])
		tmpdir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/wijksim-experiment-XXXXXX", tmpdir);
	if (!mkdtemp(dir)) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, dir, 0, NULL,
		                  "cannot make a scratch folder: %s", strerror(errno));
		dir[0] = '\0';
		goto out;
	}
	snprintf(scratch, sizeof scratch, "%s/points.h5", dir);
	show = !a.quiet && (isatty(STDERR_FILENO) || PROGRESS_ANYWHERE);
	size_t workers = (size_t)batch_workers();
	size_t per_batch = (RUNS_PER_THREAD * (size_t)threads * workers + ex.replicates - 1) /
	                   ex.replicates;
	if (per_batch > BATCH_MAX_POINTS * workers)
		per_batch = BATCH_MAX_POINTS * workers;
	batch = malloc(per_batch * sizeof *batch);
	if (!batch) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	if (show)
		progress(done, ex.n_points, 0, start, 0);
	for (size_t p = 0; p < ex.n_points && !experiment_stop;) {
		size_t n = 0;
		for (; p < ex.n_points && n < per_batch; p++)
			if (!experiment_file_done(f, p))
				batch[n++] = p;
		if (n == 0)
			break;
		if ((rc = run_batch(&ex, text, a.file, batch, n, f, scratch, &total, &err)))
			break;
		done += n;
		done_here += n;
		if (show)
			progress(done, ex.n_points, done_here, start, 0);
		if (interrupt_after && done_here >= interrupt_after)
			raise(SIGINT);
	}
	if (show)
		progress(done, ex.n_points, done_here, start, 1);
	if (experiment_stop) {
		experiment_file_close(f, 0, NULL);
		f = NULL;
		experiment_partial_path(a.output, partial, sizeof partial);
		fprintf(stderr, "wijksim: interrupted; %zu of %zu points are in %s and nothing was "
		        "written to %s: continue with '" EXPERIMENT_PROGRAM " experiment %s -o %s "
		        "--resume'%s\n",
		        done, ex.n_points, partial, a.output, a.file, a.output,
		        a.n_sets ? " and the same --set options" : "");
		rc = WK_EXIT_RUNTIME;
		goto done;
	}
	if (rc == WK_EXIT_USAGE && done_here == 0 && !a.resume) {
		/* Bad input that only a batch finds (bin/wijksim-mpi: a rank that
		 * cannot load the points), before any point: no partial file. */
		experiment_file_close(f, 0, NULL);
		f = NULL;
		experiment_partial_path(a.output, partial, sizeof partial);
		unlink(partial);
	}
	if (rc)
		goto out;
	rc = experiment_file_close(f, 1, &err);
	f = NULL;
	if (rc)
		goto out;
	if (!a.quiet) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "wijksim: wrote %s: experiment '%s', %s design, %zu points x %zu "
		        "replicates, %zu factor%s, %.2f s (%.3g resident-days/s, %d thread%s), "
		        "peak memory %.0f MiB\n",
		        a.output, ex.name, design_kind_name(ex.design), ex.n_points, ex.replicates,
		        ex.k, ex.k == 1 ? "" : "s", now_seconds() - start,
		        total.wall_seconds > 0 ? total.resident_days / total.wall_seconds : 0.0,
		        threads, threads == 1 ? "" : "s", (double)ru.ru_maxrss / 1024.0);
	}
	goto done;
out:
	if (rc)
		rc = report(&err);
done:
	/* An error keeps the partial file (and the points in it) for --resume
	 * only when it was interrupted; experiment_file_close leaves it either way,
	 * so a failed run can be resumed after the cause is fixed. */
	if (f)
		experiment_file_close(f, 0, NULL);
	if (scratch[0])
		unlink(scratch);
	if (dir[0])
		rmdir(dir);
	free(batch);
	free(text);
	experiment_free(&ex);
	scen_free(base);
	return rc;
}
