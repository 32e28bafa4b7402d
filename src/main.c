/*
 * main.c — the wijksim command line (README.md "Using the command line").
 *
 *   wijksim run SCENARIO.cfg [MORE.cfg ...] [-o OUT.h5] [-r N] [--seed N]
 *               [--days N] [-t THREADS] [--set [NAME:]path=value]... [--force]
 *               [--quiet] [--check]
 *   wijksim validate SCENARIO.cfg [--set [NAME:]path=value]...
 *   wijksim info OUT.h5
 *   wijksim rerun OUT.h5 -o AGAIN.h5 [-t THREADS] [--force] [--quiet]
 *   wijksim decompose SCENARIO.cfg --baseline BASE.cfg [-r N] [-t THREADS]
 *               [-o OUT.h5] [--csv OUT.csv] [--seed S] [--set path=value]...
 *   wijksim settings [--markdown]
 *   wijksim experiment FILE.cfg [-o OUT.h5] [-t N] [--resume] (experiment_cmd.c)
 *   wijksim calibrate FILE.cfg [-o CAL.h5] [--write-scenario OUT.cfg] (calibrate.c)
 *   wijksim serve [--port N] [--host ADDR] [SCENARIO.cfg ...] (serve.c)
 *   wijksim help [COMMAND] | COMMAND --help | --help | --version
 *
 * The usage texts are in cli_help.c. `--set NAME:path=value` applies to the
 * scenario called NAME only, after the overrides for every scenario.
 *
 * Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad scenario, 128 + N
 * for a run stopped by signal N (SIGINT, SIGTERM, SIGHUP). Every
 * error is one line on stderr. Nothing here knows about the model beyond
 * loading parameters and handing them to the engine.
 */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <limits.h>
#include <omp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "cli_help.h"
#include "decompose.h"
#include "engine.h"
#include "error.h"
#include "experiment.h"
#include "h5out.h"
#include "model.h"
#include "omp_env.h"
#include "params_load.h"
#include "rng.h"
#include "scen.h"
#include "schema.h"
#include "serve.h"

#ifdef WK_MPI
/* bin/wijksim-mpi (make mpi, src/mpi/mpi_run.c): this file's main runs on
 * rank 0 as wijksim_cli_main, and engine_run hands the work units out over
 * the ranks. */
#include "mpi_run.h"
#define main wijksim_cli_main
#define engine_run mpi_engine_run
#endif

#ifndef WK_VERSION
#define WK_VERSION "0.1.0"
#endif

/* Why a bound: more threads than this is a typing mistake, not a machine. */
#define MAX_THREADS 1024
#define MAX_SCENARIOS 64
#define MAX_OVERRIDES 256

/* A stop request: SIGINT, SIGTERM or SIGHUP sets both; the engine checks
 * stop_requested before every simulated day, and the run then exits with
 * 128 + the signal's number (130 for Ctrl-C) and leaves no file. */
static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
	stop_requested = 1;
}

/* Catch the stop signals; ignore SIGXFSZ, so that a write past `ulimit -f`
 * fails with EFBIG and ends as a write error, not as a killed process that
 * leaves its temporary file. */
static void signals_install(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &sa, NULL);
}

/* The exit status of a run stopped by a signal: 128 + its number. */
static int stopped_status(void)
{
	return 128 + (stop_signal ? (int)stop_signal : SIGINT);
}

/* Print "wijksim: LINE" with control characters escaped: an error is one
 * line on stderr even when a file name or an argument holds a line break. */
static void print_error_line(const char *line)
{
	fputs("wijksim: ", stderr);
	for (const unsigned char *p = (const unsigned char *)line; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02X", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

static int fail(const struct wk_error *err)
{
	char line[2048];
	wk_error_format(err, line, sizeof line);
	print_error_line(line);
	return err->status ? err->status : WK_EXIT_RUNTIME;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line "wijksim: MESSAGE (see 'wijksim --help')"; returns exit status 2. */
static int usage_error(const char *fmt, ...)
{
	char msg[1024], line[1100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s (see 'wijksim --help')", msg);
	print_error_line(line);
	return WK_EXIT_USAGE;
}

static int parse_long(const char *text, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

struct run_args {
	const char *files[MAX_SCENARIOS];
	size_t n_files;
	const char *overrides[MAX_OVERRIDES];
	size_t n_overrides;
	char owned[3][64];          /* texts of the -r / --days / --seed overrides */
	const char *output;
	long threads;
	int force, quiet, check, markdown;
	const char *run_only;       /* first option given that only run/rerun take */
	const char *baseline, *csv; /* decompose: --baseline, --csv */
	const char *decompose_only; /* first option given that only decompose takes */
	const char *input_result;   /* rerun: the result file read */
};

static int add_override(struct run_args *a, const char *text)
{
	if (a->n_overrides == MAX_OVERRIDES)
		return usage_error("too many --set options (at most %d)", MAX_OVERRIDES);
	a->overrides[a->n_overrides++] = text;
	return 0;
}

/* -r, --days and --seed become overrides with one slot each: given twice,
 * the second value replaces the first (the text is rewritten in place). */
enum { OWNED_REPLICATES, OWNED_DAYS, OWNED_SEED };

static int set_owned(struct run_args *a, int slot, const char *text)
{
	bool added = a->owned[slot][0] != '\0';
	snprintf(a->owned[slot], sizeof a->owned[slot], "%s", text);
	return added ? 0 : add_override(a, a->owned[slot]);
}

/* Options of run, validate, rerun and settings (getopt_long, in order:
 * the leading '-' keeps positional arguments in place, ':' reports a missing
 * value). Only the exact spellings below are options: no abbreviations of
 * long options, no grouped or attached short options, and only --set has
 * an "=VALUE" form. */
enum { OPT_DAYS = 256, OPT_SEED, OPT_SET, OPT_FORCE, OPT_CHECK, OPT_MARKDOWN, OPT_BASELINE,
       OPT_CSV };

static const struct option long_options[] = {
	{"output", required_argument, NULL, 'o'},
	{"replicates", required_argument, NULL, 'r'},
	{"days", required_argument, NULL, OPT_DAYS},
	{"seed", required_argument, NULL, OPT_SEED},
	{"threads", required_argument, NULL, 't'},
	{"set", required_argument, NULL, OPT_SET},
	{"force", no_argument, NULL, OPT_FORCE},
	{"quiet", no_argument, NULL, 'q'},
	{"check", no_argument, NULL, OPT_CHECK},
	{"markdown", no_argument, NULL, OPT_MARKDOWN},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"csv", required_argument, NULL, OPT_CSV},
	{NULL, 0, NULL, 0}
};

/* An argument getopt_long would read more loosely than wijksim accepts. */
static bool loose_option(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	if (arg[1] != '-')
		return arg[2] != '\0';
	if (strncmp(arg, "--set=", 6) == 0)
		return false;
	for (const struct option *o = long_options; o->name; o++)
		if (strcmp(arg + 2, o->name) == 0)
			return false;
	return true;
}

/* Parse the options shared by run, validate and rerun; positional
 * arguments go to files. argv[0] is the command. */
static int parse_args(int argc, char **argv, struct run_args *a)
{
	char text[64];
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	for (;;) {
		int next = optind ? optind : 1;    /* the argument getopt reads now */
		const char *arg = next < argc ? argv[next] : NULL;
		const char *run_only = NULL;
		long v;

		if (arg && strcmp(arg, "--") == 0)
			return usage_error(
			        "'--' is not supported; name a file that starts with '-' "
			        "as ./%s",
			        next + 1 < argc ? argv[next + 1] : "FILE");
		if (arg && loose_option(arg))
			return usage_error("unknown option '%s'", arg);
		c = getopt_long(argc, argv, "-:o:r:t:q", long_options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 1:
			if (a->n_files == MAX_SCENARIOS)
				return usage_error("too many scenario files (at most %d)",
				                   MAX_SCENARIOS);
			a->files[a->n_files++] = optarg;
			break;
		case 'o':
			if (optarg[0] == '-' && optarg[1])
				return usage_error("%s needs a file name, got the option '%s'; "
				                   "name a file that starts with '-' as ./%s",
				                   arg, optarg, optarg);
			a->output = optarg;
			run_only = arg;
			break;
		case 'r':
			if (parse_long(optarg, 1, 100000, &v))
				return usage_error("-r needs a whole number of replicates from 1 "
				                   "to 100000, got '%s'",
				                   optarg);
			snprintf(text, sizeof text, "simulation.replicates=%ld", v);
			if (set_owned(a, OWNED_REPLICATES, text))
				return WK_EXIT_USAGE;
			break;
		case OPT_DAYS:
			if (parse_long(optarg, 1, 36500, &v))
				return usage_error("--days needs a whole number of days from 1 to "
				                   "36500, got '%s'",
				                   optarg);
			snprintf(text, sizeof text, "simulation.days=%ld", v);
			if (set_owned(a, OWNED_DAYS, text))
				return WK_EXIT_USAGE;
			break;
		case OPT_SEED: {
			/* The range is simulation.seed's in the schema, so that --seed
			 * accepts exactly what the setting does. */
			const struct schema_entry *e = schema_find(&schema_wijksim,
			                                           "simulation.seed");
			unsigned long long hi = e ? (unsigned long long)e->max
			                          : (unsigned long long)LLONG_MAX;
			char *end;
			errno = 0;
			unsigned long long s = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || s > hi)
				return usage_error("--seed needs a whole number from 0 to %llu, "
				                   "got '%s'", hi, optarg);
			snprintf(text, sizeof text, "simulation.seed=%lluL", s);
			if (set_owned(a, OWNED_SEED, text))
				return WK_EXIT_USAGE;
			break;
		}
		case 't':
			if (parse_long(optarg, 1, MAX_THREADS, &v))
				return usage_error(
				        "-t needs a number of threads from 1 to %d, got '%s'",
				        MAX_THREADS, optarg);
			a->threads = v;
			run_only = arg;
			break;
		case OPT_SET:
			if (strncmp(arg, "--set=", 6) != 0 && !strchr(optarg, '='))
				return usage_error("--set needs PATH=VALUE, got '%s'", optarg);
			if (scen_override_scope(optarg, NULL, 0) < 0)
				return usage_error("--set needs NAME:PATH=VALUE with a scenario "
				                   "name before the ':', got '%s'", optarg);
			if (add_override(a, optarg))
				return WK_EXIT_USAGE;
			break;
		case OPT_FORCE:
			a->force = 1;
			run_only = arg;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case OPT_CHECK:
			a->check = 1;
			run_only = arg;
			break;
		case OPT_MARKDOWN:
			a->markdown = 1;
			break;
		case OPT_BASELINE:
			a->baseline = optarg;
			if (!a->decompose_only)
				a->decompose_only = arg;
			break;
		case OPT_CSV:
			a->csv = optarg;
			if (!a->decompose_only)
				a->decompose_only = arg;
			break;
		case ':':
			return usage_error("option %s needs a value", arg);
		default:
			return usage_error("unknown option '%s'", arg);
		}
		if (run_only && !a->run_only)
			a->run_only = run_only;
	}
	return 0;
}

static char *join_command_line(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 3;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (i)
			*p++ = ' ';
		memcpy(p, argv[i], n);
		p += n;
	}
	*p = '\0';
	return s;
}

struct loaded {
	struct scen *scen;
	struct model_params params;
	char *text;
};

static void loaded_free(struct loaded *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		scen_free(l[i].scen);
		free(l[i].text);
	}
	free(l);
}

/* Load and check one scenario (from a file, or from stored text). */
static int load_one(struct loaded *l, const char *file, const char *text, const char *origin,
                    const char *const *overrides, size_t n_overrides, int quiet,
                    struct wk_error *err)
{
	char warning[1024];
	int rc = text ? scen_load_text(&schema_wijksim, text, origin, overrides, n_overrides,
	                               &l->scen, err)
	              : scen_load(&schema_wijksim, file, overrides, n_overrides, &l->scen, err);
	if (rc)
		return rc;
	if ((rc = params_load(l->scen, &l->params, err)))
		return rc;
	if (!quiet && params_warnings(&l->params, warning, sizeof warning))
		fprintf(stderr, "wijksim: warning: %s: %s\n", scen_origin(l->scen), warning);
	l->text = scen_effective_text(l->scen);
	if (!l->text)
		return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
	return 0;
}

/* Load scenario `file` with the overrides for every scenario, then `extra`
 * (NULL, or the paired seed), then those scoped to its name (`--set
 * NAME:path=value`, so that they win), marking the scoped ones it took in
 * `used`. The name is the scenario's after the overrides for every one. */
static int load_scenario(struct loaded *l, const char *file, const struct run_args *a,
                         const char *extra, bool *used, struct wk_error *err)
{
	const char *ov[MAX_OVERRIDES + 1];
	size_t n = 0;
	bool scoped = false;

	for (size_t i = 0; i < a->n_overrides; i++) {
		if (scen_override_scope(a->overrides[i], NULL, 0) == 0)
			ov[n++] = a->overrides[i];
		else
			scoped = true;
	}
	if (extra)
		ov[n++] = extra;
	if (scoped) {
		struct scen *probe = NULL;
		const char *name = NULL;
		char scope[128];
		int rc = scen_load(&schema_wijksim, file, ov, n, &probe, err);

		if (rc)
			return rc;
		config_lookup_string(scen_config(probe), "name", &name);
		for (size_t i = 0; i < a->n_overrides && name; i++)
			if (scen_override_scope(a->overrides[i], scope, sizeof scope) == 1 &&
			    strcmp(scope, name) == 0) {
				ov[n++] = a->overrides[i];
				used[i] = true;
			}
		scen_free(probe);
	}
	return load_one(l, file, NULL, NULL, ov, n, a->quiet, err);
}

/* Exit status 2 for a `--set NAME:...` whose NAME no scenario of l has. */
static int check_scopes(const struct run_args *a, const bool *used, const struct loaded *l,
                        size_t n)
{
	char names[512] = "";
	size_t len = 0;
	char scope[128];

	for (size_t i = 0; i < a->n_overrides; i++) {
		if (used[i] || scen_override_scope(a->overrides[i], scope, sizeof scope) != 1)
			continue;
		for (size_t j = 0; j < n && len < sizeof names; j++)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
			                        j ? ", " : "", l[j].params.name);
		return usage_error("--set %s: no scenario named '%s' in this run (%s: %s)",
		                   a->overrides[i], scope,
		                   n == 1 ? "its scenario" : "its scenarios", names);
	}
	return 0;
}

/* Whether `a` and `b` are the same file (after links, by device and inode). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Refuse an output (`option` names it: "-o", "--csv") that is one of the
 * run's inputs: a scenario file, a base it extends, a file it includes, or
 * the result file rerun reads. Status 2, with or without --force. */
static int output_not_input(const char *output, const char *option,
                            const struct loaded *l, size_t n, const char *input_result,
                            struct wk_error *err)
{
	struct stat st;

	if (!output || stat(output, &st) != 0)
		return 0;                       /* a new file is nobody's input */
	if (same_file(output, input_result))
		return wk_error_set(err, WK_EXIT_USAGE, output, 0, NULL,
		                    "%s %s is the result file this run reads; refusing to "
		                    "write over an input (with or without --force)",
		                    option, output);
	for (size_t i = 0; i < n; i++) {
		const char *file = scen_input_at(l[i].scen, output);
		if (file)
			return wk_error_set(
			        err, WK_EXIT_USAGE, output, 0, NULL,
			        "%s names %s, an input of scenario %s; refusing to write "
			        "over an input (with or without --force)",
			        option, file, scen_origin(l[i].scen));
	}
	return 0;
}

/* Where run_into writes: the file, its scenario group names (NULL: the
 * scenarios' names), and what to add before the file is committed. */
struct run_target {
	const char *output;
	int force;
	int quiet;                   /* no summary line */
	const char *shown;           /* the file named when interrupted; NULL: output */
	const char *const *names;
	int (*before_commit)(struct h5out *out, void *data, struct wk_error *err);
	void *data;
};

/* Run loaded scenarios into target->output. */
static int run_into(struct loaded *l, size_t n, const struct run_args *a,
                    const char *command_line, const struct run_target *target)
{
	struct wk_error err;
	struct engine_scenario sc[MAX_SCENARIOS] = {0};
	struct engine_options opt = {0};
	struct engine_stats stats;
	struct h5out *out = NULL;
	const char *output = target->output;
	int threads, rc;

	wk_error_clear(&err);
	if (n > MAX_SCENARIOS)
		return usage_error("too many scenarios (at most %d)", MAX_SCENARIOS);
	if (a->threads > 0)
		omp_set_num_threads((int)a->threads);
	threads = omp_get_max_threads();
	for (size_t i = 0; i < n; i++) {
		sc[i].name = target->names ? target->names[i] : l[i].params.name;
		sc[i].params = &l[i].params;
		sc[i].config_text = l[i].text;
		sc[i].replicates = (size_t)l[i].params.replicates;
		for (size_t j = 0; j < i; j++)
			if (strcmp(sc[i].name, sc[j].name) == 0) {
				wk_error_set(
				        &err, WK_EXIT_USAGE, scen_origin(l[i].scen), 0, "name",
				        "scenario name \"%s\" is also the name of %s: expected "
				        "distinct names (they name the groups in the result file)",
				        sc[i].name, scen_origin(l[j].scen));
				return fail(&err);
			}
	}
	size_t needed = engine_memory_needed(sc, n, threads);
	size_t available = engine_memory_available();
	if (available > 0 && needed > available) {
		wk_error_set(&err, WK_EXIT_USAGE, scen_origin(l[0].scen), 0, NULL,
		             "this run needs about %.1f GiB of memory and %.1f GiB is available: "
		             "use fewer residents, wijken or threads",
		             (double)needed / 1073741824.0, (double)available / 1073741824.0);
		return fail(&err);
	}
	if (output_not_input(output, "-o", l, n, a->input_result, &err))
		return fail(&err);
	signals_install();
	if ((rc = h5out_create(output, target->force, &out, &err)))
		return fail(&err);
	if ((rc = h5out_root_attrs(out, "wijksim", WK_VERSION, command_line, rng_describe(),
	                           &err))) {
		h5out_abort(out);
		return fail(&err);
	}
	opt.check = a->check;
	opt.progress = a->quiet ? PROGRESS_OFF : isatty(STDERR_FILENO) ? PROGRESS_BAR
	                                                               : PROGRESS_LINES;
	/* For the tests: lines more often than once a minute. */
	const char *every = getenv("WIJKSIM_PROGRESS_SECONDS");
	opt.progress_line_seconds = every && every[0] ? strtod(every, NULL) : 60.0;
	opt.stop = &stop_requested;
	rc = engine_run(sc, n, out, &opt, &stats, &err);
	if (rc == 0 && target->before_commit && !stop_requested)
		rc = target->before_commit(out, target->data, &err);
	/* A stop request that came while the last day ran or the file was
	 * finished still stops the run: the file is never committed. */
	if (rc || stop_requested) {
		h5out_abort(out);
		if (stop_requested) {
			fprintf(stderr, "wijksim: interrupted; the partial result was removed and "
			                "nothing was written to %s\n",
			        target->shown ? target->shown : output);
			return stopped_status();
		}
		return fail(&err);
	}
	if ((rc = h5out_commit(out, &err)))
		return fail(&err);
	if (!a->quiet && !target->quiet) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "wijksim: wrote %s: %zu scenario%s, %.3g resident-days in %.2f s "
		        "(%.3g resident-days/s, %d thread%s), peak memory %.0f MiB\n",
		        output, n, n == 1 ? "" : "s", stats.resident_days, stats.wall_seconds,
		        stats.resident_days / stats.wall_seconds, threads, threads == 1 ? "" : "s",
		        (double)ru.ru_maxrss / 1024.0);
		if (a->check)
			fprintf(stderr,
			        "wijksim: --check: invariants held on every simulated day\n");
	}
	/* For `make bench`: machine-readable figures when asked. */
	const char *stats_file = getenv("WIJKSIM_STATS");
	if (stats_file && stats_file[0]) {
		FILE *f = fopen(stats_file, "w");
		if (f) {
			struct rusage ru;
			getrusage(RUSAGE_SELF, &ru);
			fprintf(f, "wall_seconds %.6f\nwrite_seconds %.6f\nresident_days %.0f\n"
			        "needs_arisen %.0f\nmax_rss_kb %ld\nthreads %d\nmodel_bytes %zu\n",
			        stats.wall_seconds, stats.write_seconds, stats.resident_days,
			        stats.needs_arisen, ru.ru_maxrss, threads, stats.model_bytes_max);
			fclose(f);
		}
	}
	return 0;
}

/* Run loaded scenarios into -o (default wijksim.h5). */
static int run_loaded(struct loaded *l, size_t n, const struct run_args *a,
                      const char *command_line)
{
	struct run_target target = { a->output ? a->output : "wijksim.h5", a->force, 0, NULL,
	                             NULL, NULL, NULL };
	return run_into(l, n, a, command_line, &target);
}

static int cmd_run(int argc, char **argv, const char *command_line)
{
	struct run_args a;
	struct wk_error err;
	struct loaded *l;
	int rc;

	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (a.n_files == 0)
		return usage_error("run needs at least one scenario file");
	if (a.decompose_only)
		return usage_error("run takes no %s (an option of decompose)", a.decompose_only);
	if (a.markdown)
		return usage_error("run takes no --markdown");
	l = calloc(a.n_files, sizeof *l);
	if (!l)
		return WK_EXIT_RUNTIME;
	wk_error_clear(&err);
	/* Paired comparison: every scenario runs with the first one's seed; the
	 * seed goes in as an override so that the stored text stays true. */
	char seed_set[64];
	bool used[MAX_OVERRIDES] = {false};
	for (size_t i = 0; i < a.n_files; i++) {
		if ((rc = load_scenario(&l[i], a.files[i], &a, i ? seed_set : NULL, used, &err))) {
			loaded_free(l, a.n_files);
			return fail(&err);
		}
		if (i == 0)
			snprintf(seed_set, sizeof seed_set, "simulation.seed=%lluL",
			         (unsigned long long)l[0].params.seed);
	}
	if ((rc = check_scopes(&a, used, l, a.n_files))) {
		loaded_free(l, a.n_files);
		return rc;
	}
	rc = run_loaded(l, a.n_files, &a, command_line);
	loaded_free(l, a.n_files);
	return rc;
}

/* The /decompose group, before the result file of decompose -o is
 * committed. */
static int write_decomposition(struct h5out *out, void *data, struct wk_error *err)
{
	return decompose_write_h5(out, data, err);
}

/* Remove the combinations' result file and its folder. */
static void remove_scratch(const char *file, const char *dir)
{
	if (file[0])
		unlink(file);
	if (dir[0])
		rmdir(dir);
}

/* Load the 2^k combinations of the ingredients into combos (names into
 * names[mask]); check that the empty and the full set are the baseline and
 * the scenario. */
static int load_combinations(const struct loaded *pair, const struct scen_ingredients *ing,
                             const char *scenario_file, struct loaded *combos,
                             char (*names)[32], struct wk_error *err)
{
	size_t n_sets = (size_t)1 << ing->n, full = n_sets - 1;
	int rc;

	for (size_t mask = 0; mask < n_sets; mask++) {
		char origin[1024], *text = NULL;
		size_t used = (size_t)snprintf(origin, sizeof origin, "%s with ingredients {",
		                               scenario_file);

		const char *sep = "";

		for (size_t i = 0; i < ing->n && used < sizeof origin; i++) {
			if (!(mask & ((size_t)1 << i)))
				continue;
			used += (size_t)snprintf(origin + used, sizeof origin - used, "%s%s", sep,
			                         ing->items[i].name);
			sep = ", ";
		}
		if (used < sizeof origin)
			snprintf(origin + used, sizeof origin - used, "}");
		snprintf(names[mask], sizeof names[mask], "combination_%02zu", mask);
		if ((rc = scen_compose_text(pair[0].scen, pair[1].scen, ing, (unsigned)mask, &text,
		                            err)))
			return rc;
		rc = load_one(&combos[mask], NULL, text, origin, NULL, 0, 1, err);
		free(text);
		if (rc)
			return rc;
	}
	for (int side = 0; side < 2; side++) {
		char *diff = scen_differences(combos[side ? full : 0].scen, pair[side].scen);
		if (!diff)
			return wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		if (diff[0]) {
			const char *origin = scen_origin(pair[side].scen);
			rc = wk_error_set(err, WK_EXIT_RUNTIME, origin, 0, NULL,
			                  "internal error: the combination of %s ingredients "
			                  "differs from the %s in %s",
			                  side ? "all" : "no", side ? "scenario" : "baseline",
			                  diff);
			free(diff);
			return rc;
		}
		free(diff);
	}
	return 0;
}

static int cmd_decompose(int argc, char **argv, const char *command_line)
{
	struct run_args a;
	struct wk_error err;
	struct loaded pair[2];
	struct loaded *combos = NULL;
	struct scen_ingredients ing = { NULL, 0 };
	struct decompose_result res;
	char (*names)[32] = NULL;
	const char *group_names[MAX_SCENARIOS];
	char seed_set[64], text[64], dir[4096] = "", file[4200] = "";
	bool used[MAX_OVERRIDES] = {false};
	double *values = NULL;
	size_t n_sets = 0, replicates;
	int rc;

	memset(pair, 0, sizeof pair);
	memset(&res, 0, sizeof res);
	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (a.n_files != 1)
		return usage_error("decompose needs exactly one scenario file and --baseline "
		                   "BASE.cfg");
	if (!a.baseline)
		return usage_error("decompose needs --baseline BASE.cfg: the scenario the "
		                   "ingredients of %s are added to", a.files[0]);
	if (a.markdown)
		return usage_error("decompose takes no --markdown");
	if (!a.owned[OWNED_REPLICATES][0]) {
		snprintf(text, sizeof text, "simulation.replicates=%d", DECOMPOSE_REPLICATES);
		if (set_owned(&a, OWNED_REPLICATES, text))
			return WK_EXIT_USAGE;
	}
	wk_error_clear(&err);
	if (a.output) {
		/* Refuse an existing -o now, not after the combinations ran. */
		struct h5out *probe = NULL;
		if (h5out_create(a.output, a.force, &probe, &err))
			return fail(&err);
		h5out_abort(probe);
	}
	/* As `run BASE SCENARIO`: the baseline's seed for both. */
	if ((rc = load_scenario(&pair[0], a.baseline, &a, NULL, used, &err)))
		goto out;
	snprintf(seed_set, sizeof seed_set, "simulation.seed=%lluL",
	         (unsigned long long)pair[0].params.seed);
	if ((rc = load_scenario(&pair[1], a.files[0], &a, seed_set, used, &err)))
		goto out;
	if ((rc = check_scopes(&a, used, pair, 2)))
		goto done;
	if ((rc = output_not_input(a.output, "-o", pair, 2, NULL, &err)) ||
	    (rc = output_not_input(a.csv, "--csv", pair, 2, NULL, &err)))
		goto out;
	if ((rc = scen_ingredients_read(pair[1].scen, pair[0].scen, &ing, &err)))
		goto out;
	if (!a.quiet && ing.items[ing.n - 1].implicit) {
		const struct scen_ingredient *other = &ing.items[ing.n - 1];
		fprintf(stderr, "wijksim: note: %s: settings that differ from the baseline and no "
		        "ingredient names form the ingredient \"other\":",
		        a.files[0]);
		for (size_t j = 0; j < other->n_paths; j++)
			fprintf(stderr, "%s %s", j ? "," : "", other->paths[j]);
		fputc('\n', stderr);
	}
	n_sets = (size_t)1 << ing.n;
	replicates = (size_t)pair[0].params.replicates;
	combos = calloc(n_sets, sizeof *combos);
	names = calloc(n_sets, sizeof *names);
	values = malloc(n_sets * replicates * decompose_outcome_count() * sizeof *values);
	if (!combos || !names || !values) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	if ((rc = load_combinations(pair, &ing, a.files[0], combos, names, &err)))
		goto out;
	for (size_t mask = 0; mask < n_sets; mask++)
		group_names[mask] = names[mask];
	/* The combinations go to a scratch file, read back and removed. */
	snprintf(dir, sizeof dir, "%s/wijksim-decompose-XXXXXX",
	         getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, dir, 0, NULL,
		                  "cannot make a scratch folder: %s", strerror(errno));
		dir[0] = '\0';
		goto out;
	}
	snprintf(file, sizeof file, "%s/combinations.h5", dir);
	{
		struct run_target scratch = { file, 1, 1, a.output ? a.output : "any file",
		                              group_names, NULL, NULL };
		if ((rc = run_into(combos, n_sets, &a, command_line, &scratch)))
			goto done;
	}
	if ((rc = decompose_read_outcomes(file, group_names, n_sets, replicates, values, &err)))
		goto out;
	/* For the tests: keep the combinations (group combination_MM, MM the
	 * mask of ingredients) under this name. */
	const char *keep = getenv("WIJKSIM_KEEP_COMBINATIONS");
	if (keep && keep[0] && rename(file, keep) == 0)
		file[0] = '\0';
	remove_scratch(file, dir);
	file[0] = dir[0] = '\0';
	{
		const char *ingredient_names[SCEN_INGREDIENTS_MAX];
		for (size_t i = 0; i < ing.n; i++)
			ingredient_names[i] = ing.items[i].name;
		if ((rc = decompose_compute(ing.n, ingredient_names, replicates, values, &res,
		                            &err)))
			goto out;
	}
	res.scenario = strdup(pair[1].params.name);
	res.baseline = strdup(pair[0].params.name);
	res.seed = pair[0].params.seed;
	if (!res.scenario || !res.baseline) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	decompose_print(stdout, &res);
	if (fflush(stdout) != 0) {
		rc = wk_error_set(&err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                  "cannot write the table: %s", strerror(errno));
		goto out;
	}
	if (a.csv && (rc = decompose_write_csv(a.csv, &res, &err)))
		goto out;
	if (a.output) {
		/* The two scenarios as `run BASE SCENARIO` writes them, and /decompose. */
		struct run_target result = { a.output, a.force, 0, NULL, NULL,
		                             write_decomposition, &res };
		rc = run_into(pair, 2, &a, command_line, &result);
		goto done;
	}
out:
	if (rc)
		rc = fail(&err);
done:
	remove_scratch(file, dir);
	if (combos)
		loaded_free(combos, n_sets);
	scen_free(pair[0].scen);
	scen_free(pair[1].scen);
	free(pair[0].text);
	free(pair[1].text);
	free(names);
	free(values);
	scen_ingredients_free(&ing);
	decompose_result_free(&res);
	return rc;
}

static int cmd_validate(int argc, char **argv)
{
	struct run_args a;
	struct wk_error err;
	struct loaded l = {0};
	int rc;

	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (a.n_files != 1)
		return usage_error("validate needs exactly one scenario file");
	if (a.decompose_only)
		return usage_error("validate takes no %s (an option of decompose)",
		                   a.decompose_only);
	if (a.run_only)
		return usage_error("validate takes no %s: it only checks and prints the scenario "
		                   "(options: --set, -r, --seed, --days)", a.run_only);
	if (a.markdown)
		return usage_error("validate takes no --markdown");
	wk_error_clear(&err);
	bool used[MAX_OVERRIDES] = {false};
	rc = load_scenario(&l, a.files[0], &a, NULL, used, &err);
	if (rc || (rc = check_scopes(&a, used, &l, 1))) {
		scen_free(l.scen);
		free(l.text);
		return err.status ? fail(&err) : rc;
	}
	fputs(l.text, stdout);
	scen_free(l.scen);
	free(l.text);
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	struct wk_error err;
	if (argc != 1)
		return usage_error("info needs exactly one result file");
	wk_error_clear(&err);
	if (h5out_print_info(argv[0], stdout, &err))
		return fail(&err);
	return 0;
}

/* A stored scenario that does not load under this version: say which
 * version wrote it and what to do, after the loader's own message. */
static void version_hint(struct wk_error *err, const char *file_version)
{
	size_t used = strlen(err->message);
	const char *plus = file_version ? strchr(file_version, '+') : NULL;

	if (!file_version || strcmp(file_version, WK_VERSION) == 0)
		return;
	snprintf(err->message + used, sizeof err->message - used,
	         " (the file was written by wijksim %s and this is %s: a setting may have "
	         "been added, renamed or removed since; rerun it with that version%s%.*s%s)",
	         file_version, WK_VERSION, plus ? ": git checkout " : "",
	         plus ? (int)strcspn(plus + 1, "-") : 0, plus ? plus + 1 : "",
	         plus ? " && make" : "");
}

/* The numbers rerun would run with (the text with its defaults) must be
 * the ones the file's attributes record; else the file was edited. */
static int stored_numbers_check(const struct h5out_scenario_info *info,
                                const struct model_params *p, const char *origin,
                                struct wk_error *err)
{
	const char *what = NULL;
	long long stored = 0, text = 0;

	if (info->seed != p->seed) {
		what = "seed";
		stored = (long long)info->seed;
		text = (long long)p->seed;
	} else if (info->replicates != p->replicates) {
		what = "replicates";
		stored = info->replicates;
		text = p->replicates;
	} else if (info->days != p->days) {
		what = "days";
		stored = info->days;
		text = p->days;
	} else if (info->output_every != p->output_every) {
		what = "output_every";
		stored = info->output_every;
		text = p->output_every;
	}
	if (!what)
		return 0;
	return wk_error_set(err, WK_EXIT_USAGE, origin, 0, NULL,
	                    "attribute '%s' is %lld but the stored scenario text runs with "
	                    "simulation.%s = %lld: the file was changed after the run; "
	                    "refusing to rerun it", what, stored, what, text);
}

static int cmd_rerun(int argc, char **argv, const char *command_line)
{
	struct run_args a;
	struct wk_error err;
	struct h5out_scenario_info *info = NULL;
	struct loaded *l;
	size_t n = 0;
	int rc;

	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (a.n_files != 1)
		return usage_error("rerun needs exactly one result file");
	if (a.decompose_only)
		return usage_error("rerun takes no %s (an option of decompose)", a.decompose_only);
	if (!a.output)
		return usage_error("rerun needs -o AGAIN.h5");
	if (a.markdown)
		return usage_error("rerun takes no --markdown");
	if (a.n_overrides)
		return usage_error(
		        "rerun takes no --set, -r, --seed or --days: it repeats the stored run");
	wk_error_clear(&err);
	a.input_result = a.files[0];
	if (output_not_input(a.output, "-o", NULL, 0, a.input_result, &err))
		return fail(&err);
	if ((rc = h5out_read_scenarios(a.files[0], &info, &n, &err)))
		return fail(&err);
	l = calloc(n ? n : 1, sizeof *l);
	if (!l) {
		h5out_info_free(info, n);
		return WK_EXIT_RUNTIME;
	}
	if (n > MAX_SCENARIOS) {
		wk_error_set(&err, WK_EXIT_USAGE, a.files[0], 0, NULL,
		             "holds %zu scenarios; a run (and so rerun) has at most %d", n,
		             MAX_SCENARIOS);
		rc = WK_EXIT_USAGE;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char origin[600];
		snprintf(origin, sizeof origin, "%s:/scenarios/%s", a.files[0], info[i].name);
		rc = load_one(&l[i], NULL, info[i].config, origin, NULL, 0, a.quiet, &err);
		if (rc)
			version_hint(&err, info[i].version);
		else
			rc = stored_numbers_check(&info[i], &l[i].params, origin, &err);
	}
	if (rc == 0 && !a.quiet && info[0].version && strcmp(info[0].version, WK_VERSION) != 0)
		fprintf(stderr, "wijksim: note: %s was written by wijksim %s and this is %s: "
		        "the results differ where the model changed in between\n", a.files[0],
		        info[0].version, WK_VERSION);
	if (rc) {
		loaded_free(l, n);
		h5out_info_free(info, n);
		return fail(&err);
	}
	h5out_info_free(info, n);
	rc = run_loaded(l, n, &a, command_line);
	loaded_free(l, n);
	return rc;
}

static int cmd_settings(int argc, char **argv)
{
	struct run_args a;
	int rc;
	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	if (a.n_files || a.n_overrides || a.run_only || a.quiet || a.decompose_only)
		return usage_error("settings takes no arguments but --markdown");
	scen_schema_print(&schema_wijksim, stdout, a.markdown);
	return 0;
}

/* Every command's output must arrive: `validate > /dev/full` is a failure
 * (status 1), not a silent success. Returns rc, or 1 when the write failed. */
static int stdout_checked(int rc)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
		char line[256];
		snprintf(line, sizeof line, "cannot write to standard output: %s",
		         strerror(errno ? errno : EIO));
		print_error_line(line);
		return WK_EXIT_RUNTIME;
	}
	return rc;
}

int main(int argc, char **argv)
{
	char *command_line;
	int rc;

	gsl_set_error_handler_off();
	h5out_library_setup();
	omp_env_warn(argc, argv);
	if (argc < 2)
		return usage_error("no command given: expected %s", cli_help_command_list());
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		argv[1] = "help";
	if (strcmp(argv[1], "help") == 0) {
		if (argc == 2) {
			cli_help_print_overview(stdout, WK_VERSION);
			return stdout_checked(0);
		}
		if (argc > 3)
			return usage_error("help takes one command at most");
		if (cli_help_print_command(stdout, argv[2]))
			return usage_error("help: unknown command '%s': expected %s", argv[2],
			                   cli_help_command_list());
		return stdout_checked(0);
	}
	/* `wijksim COMMAND ... --help` anywhere: the command's usage. */
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			if (cli_help_print_command(stdout, argv[1]) == 0)
				return stdout_checked(0);
			break;
		}
	if (strcmp(argv[1], "--version") == 0) {
		printf("wijksim %s\n", WK_VERSION);
		return stdout_checked(0);
	}
	command_line = join_command_line(argc, argv);
	if (!command_line)
		return WK_EXIT_RUNTIME;
	/* Each command gets its own name as argv[0], as getopt expects. */
	if (strcmp(argv[1], "run") == 0)
		rc = cmd_run(argc - 1, argv + 1, command_line);
	else if (strcmp(argv[1], "validate") == 0)
		rc = cmd_validate(argc - 1, argv + 1);
	else if (strcmp(argv[1], "info") == 0)
		rc = cmd_info(argc - 2, argv + 2);
	else if (strcmp(argv[1], "rerun") == 0)
		rc = cmd_rerun(argc - 1, argv + 1, command_line);
	else if (strcmp(argv[1], "settings") == 0)
		rc = cmd_settings(argc - 1, argv + 1);
	else if (strcmp(argv[1], "decompose") == 0)
		rc = cmd_decompose(argc - 1, argv + 1, command_line);
	else if (strcmp(argv[1], "experiment") == 0)
		rc = experiment_main(argc - 1, argv + 1, command_line);
	else if (strcmp(argv[1], "calibrate") == 0)
		rc = calibrate_main(argc - 1, argv + 1, command_line);
	else if (strcmp(argv[1], "serve") == 0)
		rc = serve_main(argc - 1, argv + 1, WK_VERSION);
	else
		rc = usage_error("unknown command '%s': expected %s", argv[1],
		                 cli_help_command_list());
	free(command_line);
	return stdout_checked(rc);
}
