/*
 * mpi_run.c — bin/wijksim-mpi: work units (scenario x replicate) over Open
 * MPI ranks, OpenMP threads inside each rank, one file as bin/wijksim
 * writes it (README.md "Running on a cluster").
 *
 * Roles:
 *   rank 0    runs the command line (wijksim_cli_main, src/main.c): reads
 *             and checks every scenario once, creates the temporary file and
 *             commits it. In mpi_engine_run its main thread is the master:
 *             it hands out units, receives the results and writes them (the
 *             only writer: serial HDF5, one file). With MPI_THREAD_MULTIPLE
 *             a second thread of rank 0 runs units as a worker like any rank.
 *   rank > 0  waits for a job (the scenarios' effective texts, as stored in
 *             the file), loads it, runs units until told there are no more,
 *             and waits for the next job (decompose runs two, experiment one
 *             per batch of points, calibrate one per evaluation) or the exit
 *             status of the command, which every rank then exits with.
 *
 * Messages, per job (tags below):
 *   0 -> w  JOB     n, check, threads; per scenario replicates, name, text
 *   w -> 0  READY   [status, threads]; a status is followed by ERRTEXT
 *   0 -> w  UNITS   [scenario, first, count, wijk first, wijk count]
 *                   (U_* below); count 0: no more units
 *   w -> 0  RESULT  header (H_* below) + count units' values, or a piece's
 *                   wijken's observations; a status is followed by ERRTEXT
 *   0 -> w  EXIT    the command's exit status (after the last job)
 *
 * Invariants:
 *  1. Units go out on demand: a worker that returns a result gets the next
 *     batch, each unit exactly once, in scenario then replicate order. A
 *     batch is one unit when a run has wijken for every thread, else one
 *     unit per thread (engine_batch_size, the rule of engine_run). When
 *     fewer units are left than there are workers, a unit of a world with
 *     several wijken goes out in pieces instead: two wijken per thread of
 *     the worker that asks, in wijk order (one huge world on every rank).
 *  2. Results are written by position (scenario, replicate): the datasets do
 *     not depend on which rank ran what, or when; they are engine_run's
 *     numbers (same seed => bit-identical at any rank and thread count).
 *  3. The master holds one batch's values at a time: its memory does not
 *     grow with the ensemble. A piece's observations (one series of sums
 *     per wijk) are added to its replicate's sum in wijk order as soon as
 *     every wijk before them is in, with engine_add_wijk, the addition
 *     engine_run makes, so the replicate's values are engine_run's bit for
 *     bit; a piece that comes back early waits. At most `window` pieces
 *     (2 x workers) are out or waiting: a worker that asks when it is full
 *     waits for its answer until the first piece is summed, so the master
 *     holds at most 2 x workers x 2 x threads wijken's series.
 *  4. No unit is handed out before every worker has loaded the job (READY);
 *     a rank that cannot load it fails the command with status 2.
 *  5. Every READY and RESULT gets one UNITS reply and a worker has one
 *     message to the master outstanding, so no message is left behind.
 *  6. Waits poll with short sleeps instead of Open MPI's busy wait, so that
 *     a waiting thread leaves its core to the OpenMP threads.
 *  7. Every unit in the file is in the journal (OUT.h5.units) too, flushed,
 *     until the run ends well; --resume takes them from there (below).
 *     experiment and calibrate write scratch results: no journal there, and
 *     their --resume (experiment's partial file) is theirs.
 */
#include "mpi_run.h"

#include <mpi.h>
#include <omp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "params_load.h"
#include "progress.h"
#include "scen.h"
#include "schema.h"

enum { TAG_JOB = 1, TAG_READY, TAG_UNITS, TAG_RESULT, TAG_ERRTEXT, TAG_EXIT };

/* The doubles before a RESULT's values. */
enum { H_SCENARIO, H_FIRST, H_COUNT, H_STATUS, H_THREADS, H_NEEDS_ARISEN, H_RESIDENT_DAYS,
       H_MODEL_BYTES, H_WIJK_FIRST, H_WIJK_COUNT, HEADER_DOUBLES };

/* A UNITS message: replicates first .. first+count-1 of a scenario, whole
 * (wijk count 0), or wijken wijk_first .. +wijk_count-1 of one replicate
 * (a piece of one world, count 1). Count 0: no more units. */
enum { U_SCENARIO, U_FIRST, U_COUNT, U_WIJK_FIRST, U_WIJK_COUNT, UNIT_LONGS };

/* Why a constant: a waiting thread sleeps this long between two polls;
 * short against a unit (seconds), long enough to leave its core alone. */
#define POLL_NANOSECONDS 200000L
#define TEXT_MAX 2048

/* Set once in main before any other thread starts; read-only afterwards. */
static struct {
	int rank, size;
	int multiple;            /* MPI_THREAD_MULTIPLE: rank 0 runs units too */
	int threads_given;       /* -t or --threads on the command line */
	int resume;              /* --resume: take the units of the journal */
	int journal;             /* keep one: run, rerun, decompose (not the
	                          * scratch results of experiment, calibrate) */
	int abandoned;           /* a run stopped by a signal left its workers
	                          * unanswered: exit without MPI_Finalize */
} world;

static volatile sig_atomic_t worker_stop;

static void on_worker_signal(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void poll_sleep(void)
{
	struct timespec ts = { 0, POLL_NANOSECONDS };
	nanosleep(&ts, NULL);
}

static void wait_polling(MPI_Request *req)
{
	int done = 0;
	for (;;) {
		MPI_Test(req, &done, MPI_STATUS_IGNORE);
		if (done)
			return;
		poll_sleep();
	}
}

static void send_polling(const void *buf, int count, MPI_Datatype type, int dest, int tag)
{
	MPI_Request req;
	MPI_Isend(buf, count, type, dest, tag, MPI_COMM_WORLD, &req);
	wait_polling(&req);
}

static void recv_polling(void *buf, int count, MPI_Datatype type, int source, int tag)
{
	MPI_Request req;
	MPI_Irecv(buf, count, type, source, tag, MPI_COMM_WORLD, &req);
	wait_polling(&req);
}

static void send_text(const char *text)
{
	send_polling(text, (int)strlen(text) + 1, MPI_CHAR, 0, TAG_ERRTEXT);
}

static void recv_text(int source, char *text)
{
	recv_polling(text, TEXT_MAX, MPI_CHAR, source, TAG_ERRTEXT);
	text[TEXT_MAX - 1] = '\0';
}

/* ---- workers ---- */

struct job_scenario {
	const struct model_params *params;
	size_t replicates;
};

struct job {
	struct job_scenario *sc;
	size_t n;
	int check;
	int threads;                 /* 0: the rank's own default */
	volatile sig_atomic_t *stop;
	long *kill_left;             /* the test hook's results to go, or NULL */
};

/* Say READY (or why not), then run the batches the master hands out until
 * it says there are no more. */
static void worker_run(const struct job *job, int load_status, const char *load_message)
{
	double header[HEADER_DOUBLES];
	double *buf = NULL;
	size_t buf_doubles = 0;
	char msg[TEXT_MAX];
	int ready[2];

	if (job->threads > 0)
		omp_set_num_threads(job->threads);
	ready[0] = load_status;
	ready[1] = omp_get_max_threads();
	send_polling(ready, 2, MPI_INT, 0, TAG_READY);
	if (load_status)
		send_text(load_message);
	for (;;) {
		long units[UNIT_LONGS];
		struct engine_stats st = { 0 };
		double *out = header;
		size_t doubles, count, need;
		int status;

		recv_polling(units, UNIT_LONGS, MPI_LONG, 0, TAG_UNITS);
		if (units[U_COUNT] == 0)
			break;
		const struct model_params *p = job->sc[units[U_SCENARIO]].params;
		int piece = units[U_WIJK_COUNT] > 0;
		count = (size_t)units[U_COUNT];
		doubles = piece ? engine_wijk_doubles(p) : engine_unit_doubles(p);
		if (piece)
			count = (size_t)units[U_WIJK_COUNT];
		need = HEADER_DOUBLES + count * doubles;
		msg[0] = '\0';
		if (need > (size_t)INT32_MAX) {
			status = 1;
			snprintf(msg, sizeof msg, "replicates %ld..%ld: a batch of %zu values is "
			         "too large for one message", units[1], units[1] + units[2] - 1,
			         need);
		} else if (need > buf_doubles && !(out = realloc(buf, need * sizeof *buf))) {
			out = header;
			status = 1;
			snprintf(msg, sizeof msg, "replicate %ld: out of memory for results",
			         units[1]);
		} else {
			if (need > buf_doubles) {
				buf = out;
				buf_doubles = need;
			}
			size_t r = (size_t)units[U_FIRST];
			int wf = (int)units[U_WIJK_FIRST], chk = job->check;
			double *values = buf + HEADER_DOUBLES;
			out = buf;
			status = piece ? engine_run_wijken(p, r, wf, (int)count, chk, job->stop,
			                                   values, &st, msg, sizeof msg)
			               : engine_run_units(p, r, count, chk, job->stop, values, &st,
			                                  msg, sizeof msg);
		}
		out[H_SCENARIO] = (double)units[U_SCENARIO];
		out[H_FIRST] = (double)units[U_FIRST];
		out[H_COUNT] = (double)units[U_COUNT];
		out[H_WIJK_FIRST] = (double)units[U_WIJK_FIRST];
		out[H_WIJK_COUNT] = (double)units[U_WIJK_COUNT];
		out[H_STATUS] = status;
		out[H_THREADS] = omp_get_max_threads();
		out[H_NEEDS_ARISEN] = st.needs_arisen;
		out[H_RESIDENT_DAYS] = st.resident_days;
		out[H_MODEL_BYTES] = (double)st.model_bytes_max;
		send_polling(out, status ? HEADER_DOUBLES : (int)need, MPI_DOUBLE, 0, TAG_RESULT);
		if (status)
			send_text(msg);
		if (job->kill_left && *job->kill_left > 0 && --*job->kill_left == 0)
			raise(SIGKILL);
	}
	free(buf);
}

static void *local_worker_main(void *arg)
{
	worker_run(arg, 0, NULL);
	return NULL;
}

/* A job as rank 0 packs it: uint64 n, check, threads; per scenario
 * replicates, name length, text length (with their NULs); then the names
 * and texts. */
static char *job_pack(const struct engine_scenario *sc, size_t n, int check, int threads,
                      size_t *size)
{
	size_t words = 3 + 3 * n, bytes = words * sizeof(uint64_t), pos;
	uint64_t *w;
	char *buf;

	for (size_t s = 0; s < n; s++)
		bytes += strlen(sc[s].name) + 1 + strlen(sc[s].config_text) + 1;
	if (!(buf = malloc(bytes)))
		return NULL;
	w = (uint64_t *)(void *)buf;
	w[0] = n;
	w[1] = (uint64_t)check;
	w[2] = (uint64_t)threads;
	pos = words * sizeof(uint64_t);
	for (size_t s = 0; s < n; s++) {
		size_t ln = strlen(sc[s].name) + 1, lt = strlen(sc[s].config_text) + 1;
		w[3 + 3 * s] = sc[s].replicates;
		w[4 + 3 * s] = ln;
		w[5 + 3 * s] = lt;
		memcpy(buf + pos, sc[s].name, ln);
		memcpy(buf + pos + ln, sc[s].config_text, lt);
		pos += ln + lt;
	}
	*size = bytes;
	return buf;
}

/* Receive one job, load its scenarios from their texts and run it. */
static void worker_job(const char *buf, size_t size, long *kill_left)
{
	const uint64_t *w = (const void *)buf;
	struct wk_error err;
	struct job job = { 0 };
	struct scen **scen = NULL;
	struct model_params *params = NULL;
	char line[TEXT_MAX] = "";
	size_t n = 0, pos;
	int status = 0;

	wk_error_clear(&err);
	if (size < 3 * sizeof *w || w[0] > (size - 3 * sizeof *w) / (3 * sizeof *w)) {
		status = WK_EXIT_RUNTIME;
		snprintf(line, sizeof line, "a malformed job message");
		goto run;
	}
	n = (size_t)w[0];
	scen = calloc(n ? n : 1, sizeof *scen);
	params = calloc(n ? n : 1, sizeof *params);
	job.sc = calloc(n ? n : 1, sizeof *job.sc);
	if (!scen || !params || !job.sc) {
		status = WK_EXIT_RUNTIME;
		snprintf(line, sizeof line, "out of memory");
		goto run;
	}
	pos = (3 + 3 * n) * sizeof *w;
	for (size_t s = 0; s < n && !status; s++) {
		size_t ln = (size_t)w[4 + 3 * s], lt = (size_t)w[5 + 3 * s];
		const char *name = buf + pos, *text = name + ln;
		char origin[600];
		if (ln == 0 || lt == 0 || pos + ln + lt > size || name[ln - 1] || text[lt - 1]) {
			status = WK_EXIT_RUNTIME;
			snprintf(line, sizeof line, "a malformed job message");
			break;
		}
		snprintf(origin, sizeof origin, "scenario '%s' (as rank %d received it)", name,
		         world.rank);
		if ((status = scen_load_text(&schema_wijksim, text, origin, NULL, 0, &scen[s],
		                             &err)) ||
		    (status = params_load(scen[s], &params[s], &err)))
			wk_error_format(&err, line, sizeof line);
		job.sc[s].params = &params[s];
		job.sc[s].replicates = (size_t)w[3 + 3 * s];
		pos += ln + lt;
	}
	/* For tests/e2e/mpi.sh: a rank that cannot run the job. */
	const char *refuse = getenv("WIJKSIM_TEST_MPI_REFUSE_RANK");
	if (!status && refuse && strtol(refuse, NULL, 10) == world.rank) {
		status = WK_EXIT_USAGE;
		snprintf(line, sizeof line, "refused by WIJKSIM_TEST_MPI_REFUSE_RANK");
	}
run:
	job.n = n;
	job.check = size >= 3 * sizeof *w ? (int)w[1] : 0;
	job.threads = size >= 3 * sizeof *w ? (int)w[2] : 0;
	job.stop = &worker_stop;
	job.kill_left = kill_left;
	worker_run(&job, status, line);
	for (size_t s = 0; scen && s < n; s++)
		scen_free(scen[s]);
	free(scen);
	free(params);
	free(job.sc);
}

/* Rank > 0: jobs until the exit status comes. */
static int worker_main(void)
{
	struct sigaction sa;
	/* For tests/e2e/mpi.sh: rank WIJKSIM_TEST_MPI_KILL_RANK kills itself
	 * (SIGKILL) after sending WIJKSIM_TEST_MPI_KILL_AFTER results, over all
	 * jobs: at a known point of the work instead of after a guessed time. */
	const char *kill_rank = getenv("WIJKSIM_TEST_MPI_KILL_RANK");
	const char *kill_after = getenv("WIJKSIM_TEST_MPI_KILL_AFTER");
	long kill_left = kill_rank && strtol(kill_rank, NULL, 10) == world.rank
	                         ? (kill_after ? strtol(kill_after, NULL, 10) : 1)
	                         : -1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_worker_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (;;) {
		MPI_Status st;
		int flag = 0, size;
		char *buf;

		MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
		if (!flag) {
			poll_sleep();
			continue;
		}
		if (st.MPI_TAG == TAG_EXIT) {
			int rc;
			MPI_Recv(&rc, 1, MPI_INT, 0, TAG_EXIT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			return rc;
		}
		MPI_Get_count(&st, MPI_BYTE, &size);
		buf = malloc(size > 0 ? (size_t)size : 1);
		if (!buf) {
			fprintf(stderr, "wijksim: rank %d: out of memory for a job\n", world.rank);
			MPI_Abort(MPI_COMM_WORLD, WK_EXIT_RUNTIME);
		}
		MPI_Recv(buf, size, MPI_BYTE, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		if (st.MPI_TAG == TAG_JOB)
			worker_job(buf, (size_t)size, &kill_left);
		free(buf);
	}
}

/* ---- the journal of finished units (--resume) ----
 *
 * Next to the target, "<target>.units": a header (magic, the job's
 * fingerprint) and one record per unit as it is written to the file
 * (scenario, replicate, doubles, the values, a trailer), flushed each time.
 * A run that does not end well leaves it behind; --resume writes its units
 * into the new file as they are (the same doubles, so the same datasets)
 * and hands out only the others. A torn last record is cut off. A run that
 * ends well removes it. */

#define JOURNAL_MAGIC 0x57494a4b554e4931ull   /* "WIJKUNI1" */

struct journal {
	FILE *f;
	char path[4200];
	uint64_t fingerprint;
};

/* FNV-1a over everything that decides a unit's numbers and place. */
static uint64_t job_fingerprint(const struct engine_scenario *sc, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t s = 0; s < n; s++) {
		const char *parts[2] = { sc[s].name, sc[s].config_text };
		for (int k = 0; k < 2; k++)
			for (const unsigned char *c = (const unsigned char *)parts[k]; ; c++) {
				h = (h ^ *c) * 1099511628211ull;
				if (!*c)
					break;
			}
		h = (h ^ (uint64_t)sc[s].replicates) * 1099511628211ull;
	}
	return h;
}

/* The journal's name: the target's, from "<target>.tmp.<pid>". */
static void journal_path(const struct h5out *out, char *path, size_t size)
{
	const char *temp = h5out_temp_path(out);
	const char *cut = temp ? strstr(temp, ".tmp.") : NULL;
	int len = cut ? (int)(cut - temp) : (int)strlen(temp ? temp : "wijksim.h5");
	snprintf(path, size, "%.*s.units", len, temp ? temp : "wijksim.h5");
}

/* Read back a journal of the same job: write its units to `out` and mark
 * them in done (offset[s] + replicate). Returns the units taken, or -1
 * when the journal is of another job (err filled). Truncates a torn
 * record. */
static long journal_replay(struct journal *j, const struct engine_scenario *sc, size_t n,
                           const size_t *offset, const size_t *index, unsigned char *done,
                           struct h5out *out, struct wk_error *err)
{
	uint64_t head[2], rec[3], trailer;
	double *values = NULL;
	long taken = 0, good_end;
	FILE *f = fopen(j->path, "rb");

	if (!f)
		return 0;
	if (fread(head, sizeof head, 1, f) != 1 || head[0] != JOURNAL_MAGIC ||
	    head[1] != j->fingerprint) {
		fclose(f);
		wk_error_set(err, WK_EXIT_USAGE, j->path, 0, NULL,
		             "--resume: this journal is of another run (other scenarios, "
		             "settings or replicates): remove it, or run without --resume");
		return -1;
	}
	good_end = ftell(f);
	while (fread(rec, sizeof rec, 1, f) == 1) {
		size_t s = (size_t)rec[0], r = (size_t)rec[1], d = (size_t)rec[2];
		if (s >= n || r >= sc[s].replicates || d != engine_unit_doubles(sc[s].params))
			break;
		double *grown = realloc(values, d * sizeof *values);
		if (!grown)
			break;
		values = grown;
		if (fread(values, sizeof *values, d, f) != d ||
		    fread(&trailer, sizeof trailer, 1, f) != 1 ||
		    trailer != (JOURNAL_MAGIC ^ rec[0] ^ rec[1]))
			break;
		if (!done[offset[s] + r]) {
			if (h5out_write_replicate(out, index[s], r, values, err)) {
				free(values);
				fclose(f);
				return -1;
			}
			done[offset[s] + r] = 1;
			taken++;
		}
		good_end = ftell(f);
	}
	free(values);
	fclose(f);
	if (truncate(j->path, good_end) != 0) {
		wk_error_set(err, WK_EXIT_RUNTIME, j->path, 0, NULL, "cannot truncate the journal");
		return -1;
	}
	return taken;
}

/* Open the journal: for appending after a replay, else afresh. */
static int journal_open(struct journal *j, int append, struct wk_error *err)
{
	uint64_t head[2] = { JOURNAL_MAGIC, j->fingerprint };
	j->f = fopen(j->path, append ? "ab" : "wb");
	if (!j->f)
		return wk_error_set(err, WK_EXIT_RUNTIME, j->path, 0, NULL,
		                    "cannot write the journal of finished units");
	if (!append && (fwrite(head, sizeof head, 1, j->f) != 1 || fflush(j->f))) {
		fclose(j->f);
		j->f = NULL;
		return wk_error_set(err, WK_EXIT_RUNTIME, j->path, 0, NULL,
		                    "cannot write the journal of finished units");
	}
	return 0;
}

static int journal_add(struct journal *j, size_t s, size_t r, const double *values,
                       size_t doubles)
{
	uint64_t rec[3] = { s, r, doubles }, trailer = JOURNAL_MAGIC ^ s ^ r;
	if (!j->f)
		return 0;
	if (fwrite(rec, sizeof rec, 1, j->f) != 1 ||
	    fwrite(values, sizeof *values, doubles, j->f) != doubles ||
	    fwrite(&trailer, sizeof trailer, 1, j->f) != 1 || fflush(j->f))
		return -1;
	return 0;
}

/* ---- the master (rank 0) ---- */

/* A replicate run in pieces of its wijken (one world over the ranks): the
 * sum of the wijken's observations in wijk order, as engine_run makes it. */
struct split {
	int next_hand;               /* the first wijk not handed out yet */
	int next_sum;                /* the wijken before it are in acc */
	double *acc;                 /* T x A; NULL until the first piece goes out */
};

/* A piece that came back before its turn in the sum. */
struct piece {
	size_t unit;                 /* offset[s] + r */
	int first, count;
	double *values;              /* count x engine_wijk_doubles */
};

struct master {
	const struct engine_scenario *sc;
	size_t n;
	size_t *index;               /* the scenarios' groups in out */
	struct h5out *out;
	const struct engine_options *opt;
	struct engine_stats *stats;
	struct wk_error *err;
	size_t next_scenario, next_replicate;   /* the next unit to hand out */
	size_t done_units, total_units;
	size_t *offset;              /* scenario s's first unit in done */
	unsigned char *done;         /* units in the file already (--resume) */
	struct journal journal;
	int rc;                      /* set once: the first failure */
	double *buf;
	size_t buf_doubles;
	double start;
	struct progress *prog;       /* every rank's units, as engine_run's */
	/* One world over the ranks: when there are fewer units left than
	 * workers, every unit of a world with several wijken goes out in
	 * pieces of about two wijken per thread of the worker that asks. */
	int split;
	struct split *splits;        /* per unit, as done */
	size_t window;               /* pieces out or waiting at most: 2 x workers */
	size_t unsummed;             /* pieces handed out and not yet summed */
	struct piece *pending;       /* window entries, n_pending used */
	size_t n_pending;
	int *deferred;               /* workers waiting for room in the window */
	int *deferred_threads;
	int n_deferred;
};

static int unit_split(const struct master *m, size_t s)
{
	return m->split && m->sc[s].params->wijken > 1;
}

/* n units of scenario s finished (run or taken from the journal). */
static void progress_units(struct master *m, size_t s, size_t n)
{
	const struct model_params *p = m->sc[s].params;
	progress_add_days(m->prog, (double)n * (p->warmup_days + p->days));
	for (size_t i = 0; i < n; i++)
		progress_run_done(m->prog);
}

/* Send worker `dest` its next batch, or count 0 when there is none or the
 * run has failed. Returns the count, or -1 without sending anything when
 * the next work is a piece and the window is full (the worker waits in
 * m->deferred until a piece is summed). */
static long master_hand_out(struct master *m, int dest, int threads)
{
	long units[UNIT_LONGS] = { 0 };

	for (;;) {
		if (m->next_scenario >= m->n)
			break;
		size_t u = m->offset[m->next_scenario] + m->next_replicate;
		if (m->next_replicate >= m->sc[m->next_scenario].replicates) {
			m->next_scenario++;
			m->next_replicate = 0;
		} else if (m->done[u] || (unit_split(m, m->next_scenario) &&
		                          m->splits[u].next_hand >=
		                                  m->sc[m->next_scenario].params->wijken)) {
			m->next_replicate++;
		} else {
			break;
		}
	}
	if (!m->rc && m->next_scenario < m->n && unit_split(m, m->next_scenario)) {
		const struct model_params *p = m->sc[m->next_scenario].params;
		struct split *sp = &m->splits[m->offset[m->next_scenario] + m->next_replicate];
		long k = 2 * (long)(threads > 0 ? threads : 1);
		if (m->unsummed >= m->window)
			return -1;
		if (!sp->acc && !(sp->acc = calloc(engine_wijk_doubles(p), sizeof *sp->acc))) {
			m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
			                     "out of memory for a replicate's sums");
		} else {
			if (k > p->wijken - sp->next_hand)
				k = p->wijken - sp->next_hand;
			units[U_SCENARIO] = (long)m->next_scenario;
			units[U_FIRST] = (long)m->next_replicate;
			units[U_COUNT] = 1;
			units[U_WIJK_FIRST] = sp->next_hand;
			units[U_WIJK_COUNT] = k;
			sp->next_hand += (int)k;
			m->unsummed++;
		}
	} else if (!m->rc && m->next_scenario < m->n) {
		const struct engine_scenario *s = &m->sc[m->next_scenario];
		const unsigned char *done = m->done + m->offset[m->next_scenario];
		size_t batch = engine_batch_size(s->params, s->replicates, threads), count = 0;
		while (count < batch && m->next_replicate + count < s->replicates &&
		       !done[m->next_replicate + count])
			count++;
		units[U_SCENARIO] = (long)m->next_scenario;
		units[U_FIRST] = (long)m->next_replicate;
		units[U_COUNT] = (long)count;
		m->next_replicate += count;
	}
	send_polling(units, UNIT_LONGS, MPI_LONG, dest, TAG_UNITS);
	return units[U_COUNT];
}

/* Rank 0's stop signals while the master loop runs: the temporary file is
 * unlinked in the handler itself (unlink is async-signal-safe), then the
 * caller's handler runs (it sets opt->stop). mpirun sends SIGKILL about a
 * second after SIGTERM, and rank 0 may then be busy writing a unit (slow
 * on a loaded machine or under the sanitizers): the file went even so.
 * main never commits a run whose stop flag is set, so the unlink is never
 * of a result that would have been kept. */
static const int master_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define N_MASTER_SIGNALS (sizeof master_signals / sizeof master_signals[0])
static struct sigaction master_previous[N_MASTER_SIGNALS];
static char master_temp[4096];
static volatile sig_atomic_t master_temp_armed;
/* The --resume hint, written by the handler too (write is async-signal-
 * safe) once the journal holds a unit: the SIGKILL may come before the
 * end of mpi_engine_run, which prints it with the counts. */
static char master_hint[4400];
static size_t master_hint_len;
static volatile sig_atomic_t master_hint_ready, master_hint_shown;

static void on_master_signal(int sig)
{
	if (master_temp_armed)
		unlink(master_temp);
	if (master_hint_ready && !master_hint_shown) {
		master_hint_shown = 1;
		if (write(STDERR_FILENO, master_hint, master_hint_len) < 0)
			master_hint_shown = 1;   /* nothing more to do in a handler */
	}
	for (size_t i = 0; i < N_MASTER_SIGNALS; i++)
		if (master_signals[i] == sig && master_previous[i].sa_handler != SIG_DFL &&
		    master_previous[i].sa_handler != SIG_IGN)
			master_previous[i].sa_handler(sig);
}

static void master_signals_arm(const struct h5out *out, const struct journal *j)
{
	const char *temp = h5out_temp_path(out);
	struct sigaction sa;
	int len;

	if (!temp || strlen(temp) >= sizeof master_temp)
		return;
	memcpy(master_temp, temp, strlen(temp) + 1);
	len = snprintf(master_hint, sizeof master_hint, "wijksim: the units finished so far "
	               "are kept in %s: run the same command with --resume to continue\n",
	               j->path);
	master_hint_len = len > 0 && (size_t)len < sizeof master_hint ? (size_t)len : 0;
	master_hint_shown = 0;
	master_hint_ready = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_master_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_MASTER_SIGNALS; i++)
		sigaddset(&sa.sa_mask, master_signals[i]);
	for (size_t i = 0; i < N_MASTER_SIGNALS; i++)
		sigaction(master_signals[i], &sa, &master_previous[i]);
	master_temp_armed = 1;
}

static void master_signals_disarm(void)
{
	if (!master_temp_armed)
		return;
	master_temp_armed = 0;
	master_hint_ready = 0;
	for (size_t i = 0; i < N_MASTER_SIGNALS; i++)
		sigaction(master_signals[i], &master_previous[i], NULL);
}

/* A finished replicate's values: into the file and the journal. */
static void master_write(struct master *m, size_t s, size_t r, const double *values)
{
	size_t doubles = engine_unit_doubles(m->sc[s].params);
	double t0 = now_seconds();
	if (h5out_write_replicate(m->out, m->index[s], r, values, m->err))
		m->rc = m->err->status ? m->err->status : WK_EXIT_RUNTIME;
	else if (journal_add(&m->journal, s, r, values, doubles))
		m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, m->journal.path, 0, NULL,
		                     "cannot write the journal of finished units");
	else if (m->journal.f && master_hint_len)
		master_hint_ready = 1;
	m->stats->write_seconds += now_seconds() - t0;
}

/* Add a piece of replicate r of scenario s whose turn has come to its sum,
 * then every waiting piece whose turn follows; when the last wijk is in,
 * write the replicate. */
static void master_sum_piece(struct master *m, size_t s, size_t r, int first, int count,
                             const double *values)
{
	const struct model_params *p = m->sc[s].params;
	size_t u = m->offset[s] + r, wd = engine_wijk_doubles(p);
	struct split *sp = &m->splits[u];

	for (int i = 0; i < count; i++)
		engine_add_wijk(sp->acc, values + (size_t)i * wd, wd);
	sp->next_sum = first + count;
	m->unsummed--;
	for (;;) {
		size_t k = 0;
		while (k < m->n_pending &&
		       !(m->pending[k].unit == u && m->pending[k].first == sp->next_sum))
			k++;
		if (k == m->n_pending)
			break;
		struct piece next = m->pending[k];
		m->pending[k] = m->pending[--m->n_pending];
		for (int i = 0; i < next.count; i++)
			engine_add_wijk(sp->acc, next.values + (size_t)i * wd, wd);
		free(next.values);
		sp->next_sum = next.first + next.count;
		m->unsummed--;
	}
	if (sp->next_sum < p->wijken || m->rc)
		return;
	double *out = malloc(engine_unit_doubles(p) * sizeof *out);
	if (!out || engine_finish_replicate(p, sp->acc, out)) {
		m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                     "out of memory finishing a replicate");
	} else {
		master_write(m, s, r, out);
		m->done[u] = 1;
		m->done_units++;
		progress_run_done(m->prog);
	}
	free(out);
	free(sp->acc);
	sp->acc = NULL;
}

/* Answer worker r's READY or RESULT: its next batch or piece, "no more"
 * (it leaves: active--), or nothing yet when the window is full (it waits
 * in m->deferred). For rank 0's own thread, local_waiting tells whether it
 * waits for an answer, local_done whether it has left. */
static void master_serve(struct master *m, int r, int threads, int *active, int *local_done,
                         int *local_waiting)
{
	long got = master_hand_out(m, r, threads);
	if (r == 0)
		*local_waiting = got < 0;
	if (got < 0) {
		m->deferred[m->n_deferred] = r;
		m->deferred_threads[m->n_deferred++] = threads;
	} else if (got == 0) {
		(*active)--;
		*local_done |= r == 0;
	}
}

/* Receive a RESULT (probed in st) and write its units. Returns the
 * sender's thread count. */
static int master_receive(struct master *m, const MPI_Status *st)
{
	int count, source = st->MPI_SOURCE;
	double *h;

	MPI_Get_count(st, MPI_DOUBLE, &count);
	if ((size_t)count > m->buf_doubles) {
		double *grown = realloc(m->buf, (size_t)count * sizeof *grown);
		if (!grown) {
			fprintf(stderr, "wijksim: out of memory receiving results\n");
			MPI_Abort(MPI_COMM_WORLD, WK_EXIT_RUNTIME);
		}
		m->buf = grown;
		m->buf_doubles = (size_t)count;
	}
	h = m->buf;
	MPI_Recv(h, count, MPI_DOUBLE, source, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	size_t s = (size_t)h[H_SCENARIO], first = (size_t)h[H_FIRST], n = (size_t)h[H_COUNT];
	if (h[H_STATUS] != 0) {
		char text[TEXT_MAX];
		recv_text(source, text);
		if (!m->rc)
			m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
			                     "scenario '%s' %s (on rank %d)", m->sc[s].name, text,
			                     source);
		return (int)h[H_THREADS];
	}
	m->stats->needs_arisen += h[H_NEEDS_ARISEN];
	m->stats->resident_days += h[H_RESIDENT_DAYS];
	if ((size_t)h[H_MODEL_BYTES] > m->stats->model_bytes_max)
		m->stats->model_bytes_max = (size_t)h[H_MODEL_BYTES];
	if (h[H_WIJK_COUNT] > 0) {
		/* A piece: summed now if its turn has come, else kept for it. */
		const struct model_params *p = m->sc[s].params;
		int wf = (int)h[H_WIJK_FIRST], wc = (int)h[H_WIJK_COUNT];
		size_t u = m->offset[s] + first, bytes = (size_t)wc * engine_wijk_doubles(p) *
		                                          sizeof(double);
		progress_add_days(m->prog, (double)wc / p->wijken * (p->warmup_days + p->days));
		if (m->rc)
			return (int)h[H_THREADS];
		if (wf == m->splits[u].next_sum) {
			master_sum_piece(m, s, first, wf, wc, h + HEADER_DOUBLES);
		} else {
			double *copy = malloc(bytes);
			if (!copy) {
				m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, NULL, 0, NULL,
				                     "out of memory receiving results");
				return (int)h[H_THREADS];
			}
			memcpy(copy, h + HEADER_DOUBLES, bytes);
			m->pending[m->n_pending++] = (struct piece){ u, wf, wc, copy };
		}
		return (int)h[H_THREADS];
	}
	size_t doubles = engine_unit_doubles(m->sc[s].params);
	for (size_t i = 0; i < n && !m->rc; i++)
		master_write(m, s, first + i, h + HEADER_DOUBLES + i * doubles);
	if (m->rc)
		return (int)h[H_THREADS];
	/* For tests/e2e/mpi.sh: a write that takes this many seconds (as on a
	 * loaded machine), through any signal: rank 0 is then busy when
	 * mpirun's SIGTERM and its SIGKILL come. */
	const char *slow = getenv("WIJKSIM_TEST_MPI_WRITE_SECONDS");
	if (slow && slow[0]) {
		struct timespec left = { (time_t)strtol(slow, NULL, 10), 0 };
		while (nanosleep(&left, &left) != 0)
			;
	}
	m->done_units += n;
	progress_units(m, s, n);
	return (int)h[H_THREADS];
}

/* After a stop: let rank 0's own worker thread leave worker_run (it stops
 * within a simulated day), so that it can be joined before what it reads
 * is freed. `waiting`: it has a READY unanswered; else its next message is
 * awaited (and dropped). Either way it then gets "no more units". */
static void master_release_local(int waiting)
{
	long none[UNIT_LONGS] = { 0 };

	/* By tag: a UNITS message to the thread is from rank 0 to rank 0 too,
	 * and must stay the thread's. */
	while (!waiting) {
		MPI_Status st;
		int flag = 0, count, tag = TAG_READY;
		MPI_Iprobe(0, tag, MPI_COMM_WORLD, &flag, &st);
		if (!flag) {
			tag = TAG_RESULT;
			MPI_Iprobe(0, tag, MPI_COMM_WORLD, &flag, &st);
		}
		if (!flag) {
			poll_sleep();
			continue;
		}
		MPI_Get_count(&st, MPI_BYTE, &count);
		char *drop = malloc(count > 0 ? (size_t)count : 1), text[TEXT_MAX];
		if (!drop)
			MPI_Abort(MPI_COMM_WORLD, WK_EXIT_RUNTIME);
		MPI_Recv(drop, count, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		const int *ready = (const void *)drop;
		const double *header = (const void *)drop;
		if (tag == TAG_READY ? ready[0] != 0 : header[H_STATUS] != 0)
			recv_text(0, text);
		waiting = 1;
		free(drop);
	}
	send_polling(none, UNIT_LONGS, MPI_LONG, 0, TAG_UNITS);
}

/* SIGINT/SIGTERM: mpirun sends SIGTERM to every rank when one dies and
 * SIGKILL a second later, so rank 0 leaves without the dead rank's reply,
 * and the temporary file goes first (on_master_signal has unlinked it
 * already unless its name was too long; the caller's abort unlinks it
 * again, harmlessly): the SIGKILL may come before the rest. */
static void master_stopped(struct master *m, struct h5out *out)
{
	if (h5out_temp_path(out))
		unlink(h5out_temp_path(out));
	if (!m->rc)
		m->rc = wk_error_set(m->err, WK_EXIT_RUNTIME, NULL, 0, NULL, "interrupted");
	progress_finish(m->prog);
	progress_free(m->prog);
	m->prog = NULL;
	fprintf(stderr, "wijksim: rank 0 was stopped (SIGINT or SIGTERM: mpirun sends SIGTERM "
	        "to every rank when one dies, and names it)\n");
	world.abandoned = 1;
}

/* The job to every worker rank. A job is large (rendezvous: the send ends
 * only when the rank receives it), and a dead rank never does: on a stop
 * the sends are left unfinished (rank 0 then exits without MPI_Finalize).
 * Returns -1 when stopped. */
static int master_send_job(const char *packed, int size, volatile sig_atomic_t *stop)
{
	MPI_Request *req = calloc((size_t)world.size, sizeof *req);
	int all = 0;

	if (!req)
		MPI_Abort(MPI_COMM_WORLD, WK_EXIT_RUNTIME);
	for (int r = 1; r < world.size; r++)
		MPI_Isend(packed, size, MPI_BYTE, r, TAG_JOB, MPI_COMM_WORLD, &req[r]);
	while (world.size > 1) {
		MPI_Testall(world.size - 1, req + 1, &all, MPI_STATUSES_IGNORE);
		if (all)
			break;
		if (stop && *stop) {
			free(req);
			return -1;
		}
		poll_sleep();
	}
	free(req);
	return 0;
}

int mpi_engine_run(const struct engine_scenario *scenarios, size_t n, struct h5out *out,
                   const struct engine_options *opt, struct engine_stats *stats,
                   struct wk_error *err)
{
	struct master m = { 0 };
	struct job local = { 0 };
	pthread_t local_thread;
	int local_started = 0, workers, ready = 0, active;
	int local_waiting = 0, local_done = 0;   /* rank 0's worker thread */
	int *ready_threads = NULL;
	char *packed = NULL;
	size_t packed_size = 0;
	int threads = omp_get_max_threads();

	if (world.size == 1 && !world.multiple)
		return engine_run(scenarios, n, out, opt, stats, err);
	memset(stats, 0, sizeof *stats);
	m.sc = scenarios;
	m.n = n;
	m.out = out;
	m.opt = opt;
	m.stats = stats;
	m.err = err;
	m.start = now_seconds();
	m.index = calloc(n ? n : 1, sizeof *m.index);
	m.offset = calloc(n ? n : 1, sizeof *m.offset);
	local.sc = calloc(n ? n : 1, sizeof *local.sc);
	ready_threads = calloc((size_t)world.size, sizeof *ready_threads);
	/* -t holds on every rank; without it each uses its own default. */
	packed = job_pack(scenarios, n, opt->check, world.threads_given ? threads : 0,
	                  &packed_size);
	for (size_t s = 0; s < n; s++)
		m.total_units += scenarios[s].replicates;
	m.done = calloc(m.total_units ? m.total_units : 1, 1);
	m.splits = calloc(m.total_units ? m.total_units : 1, sizeof *m.splits);
	m.pending = calloc(2 * (size_t)world.size, sizeof *m.pending);
	m.deferred = calloc((size_t)world.size, sizeof *m.deferred);
	m.deferred_threads = calloc((size_t)world.size, sizeof *m.deferred_threads);
	if (!m.index || !m.offset || !m.done || !local.sc || !ready_threads || !packed ||
	    !m.splits || !m.pending || !m.deferred || !m.deferred_threads ||
	    packed_size > INT32_MAX) {
		m.rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL, "out of memory");
		goto out;
	}
	double t0 = now_seconds();
	if ((m.rc = engine_begin_scenarios(scenarios, n, out, m.index, err)))
		goto out;
	stats->write_seconds += now_seconds() - t0;
	for (size_t s = 0, at = 0; s < n; at += scenarios[s].replicates, s++) {
		m.offset[s] = at;
		local.sc[s].params = scenarios[s].params;
		local.sc[s].replicates = scenarios[s].replicates;
	}
	journal_path(out, m.journal.path, sizeof m.journal.path);
	m.journal.fingerprint = job_fingerprint(scenarios, n);
	if (world.resume && world.journal) {
		long taken = journal_replay(&m.journal, scenarios, n, m.offset, m.index, m.done,
		                            out, err);
		if (taken < 0) {
			m.rc = err->status ? err->status : WK_EXIT_RUNTIME;
			goto out;
		}
		m.done_units = (size_t)taken;
		if (!opt->progress && taken > 0)
			fprintf(stderr, "wijksim: --resume: %ld of %zu units from %s\n", taken,
			        m.total_units, m.journal.path);
	}
	if (world.journal && (m.rc = journal_open(&m.journal, world.resume, err)))
		goto out;
	master_signals_arm(out, &m.journal);
	if (m.journal.f && m.done_units > 0 && master_hint_len)
		master_hint_ready = 1;
	if (master_send_job(packed, (int)packed_size, opt->stop)) {
		master_stopped(&m, out);
		goto out;
	}
	local.n = n;
	local.check = opt->check;
	local.threads = threads;
	local.stop = opt->stop;
	if (world.multiple && pthread_create(&local_thread, NULL, local_worker_main, &local) == 0)
		local_started = 1;
	workers = world.size - 1 + local_started;
	if (workers == 0) {
		m.rc = wk_error_set(err, WK_EXIT_RUNTIME, NULL, 0, NULL,
		                    "no rank to run on: rank 0 could not start its worker thread");
		goto out;
	}
	/* Fewer units left than workers: the worlds with several wijken go out
	 * in pieces (struct split), so that one huge world uses every rank. */
	m.split = m.total_units - m.done_units < (size_t)workers;
	m.window = 2 * (size_t)workers;
	/* For tests/e2e/mpi.sh: a smaller window, so that workers wait for room
	 * in it (with two per worker they seldom do). */
	const char *window = getenv("WIJKSIM_TEST_MPI_WINDOW");
	if (window && strtol(window, NULL, 10) >= 1 && (size_t)strtol(window, NULL, 10) < m.window)
		m.window = (size_t)strtol(window, NULL, 10);
	double total_days = 0;
	for (size_t s = 0; s < n; s++)
		total_days += (double)scenarios[s].replicates *
		              (scenarios[s].params->warmup_days + scenarios[s].params->days);
	m.prog = progress_alloc(stderr, opt->progress, total_days, m.total_units,
	                        opt->progress_line_seconds);
	for (size_t s = 0; s < n; s++)
		for (size_t r = 0; r < scenarios[s].replicates; r++)
			if (m.done[m.offset[s] + r])
				progress_units(&m, s, 1);
	progress_add_days(m.prog, 0);
	active = workers;
	while (active > 0) {
		MPI_Status st;
		int flag = 0;

		/* SIGINT/SIGTERM (master_stopped): before any other message, so
		 * that no unit is written after it (a write can take long on a
		 * loaded machine, and the SIGKILL comes a second later). */
		if (opt->stop && *opt->stop) {
			master_stopped(&m, out);
			if (local_started && !local_done)
				master_release_local(local_waiting);
			break;
		}
		MPI_Iprobe(MPI_ANY_SOURCE, TAG_READY, MPI_COMM_WORLD, &flag, &st);
		if (flag) {
			int msg[2];
			MPI_Recv(msg, 2, MPI_INT, st.MPI_SOURCE, TAG_READY, MPI_COMM_WORLD,
			         MPI_STATUS_IGNORE);
			if (msg[0]) {
				char text[TEXT_MAX];
				recv_text(st.MPI_SOURCE, text);
				if (!m.rc)
					m.rc = wk_error_set(err, msg[0], NULL, 0, NULL,
					                    "rank %d cannot run the scenarios: %s",
					                    st.MPI_SOURCE, text);
			}
			ready_threads[st.MPI_SOURCE] = msg[1] > 0 ? msg[1] : 1;
			local_waiting |= st.MPI_SOURCE == 0;
			/* Invariant 4: every worker loaded the job, or none starts. */
			if (++ready == workers) {
				local_waiting = 0;
				for (int r = local_started ? 0 : 1; r < world.size; r++)
					master_serve(&m, r, ready_threads[r], &active, &local_done,
					             &local_waiting);
			}
			continue;
		}
		MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st);
		if (flag) {
			int sender_threads = master_receive(&m, &st);
			master_serve(&m, st.MPI_SOURCE, sender_threads, &active, &local_done,
			             &local_waiting);
			/* A piece summed may have made room for those waiting. */
			for (int k = m.n_deferred; k > 0; k--) {
				int r = m.deferred[0], t = m.deferred_threads[0];
				m.n_deferred--;
				memmove(m.deferred, m.deferred + 1,
				        (size_t)m.n_deferred * sizeof *m.deferred);
				memmove(m.deferred_threads, m.deferred_threads + 1,
				        (size_t)m.n_deferred * sizeof *m.deferred_threads);
				master_serve(&m, r, t, &active, &local_done, &local_waiting);
			}
			continue;
		}
		poll_sleep();
	}
out:
	master_signals_disarm();
	if (m.journal.f) {
		fclose(m.journal.f);
		/* Kept when the run did not end well and finished a unit: --resume
		 * continues from it. */
		if (!m.rc || m.done_units == 0)
			unlink(m.journal.path);
		else if (!master_hint_shown)
			fprintf(stderr, "wijksim: %zu of %zu units kept in %s: run the same "
			        "command with --resume to continue\n", m.done_units, m.total_units,
			        m.journal.path);
	}
	if (local_started)
		pthread_join(local_thread, NULL);
	progress_finish(m.prog);
	progress_free(m.prog);
	for (size_t k = 0; k < m.n_pending; k++)
		free(m.pending[k].values);
	for (size_t u = 0; m.splits && u < m.total_units; u++)
		free(m.splits[u].acc);
	free(m.pending);
	free(m.splits);
	free(m.deferred);
	free(m.deferred_threads);
	free(m.buf);
	free(m.index);
	free(m.offset);
	free(m.done);
	free(local.sc);
	free(ready_threads);
	free(packed);
	stats->wall_seconds = now_seconds() - m.start;
	return m.rc;
}

int mpi_engine_workers(void)
{
	return world.size - 1 + world.multiple;
}

int main(int argc, char **argv)
{
	int provided = 0, rc;

	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) {
		fprintf(stderr, "wijksim: cannot start MPI\n");
		return WK_EXIT_RUNTIME;
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
	MPI_Comm_size(MPI_COMM_WORLD, &world.size);
	world.multiple = provided >= MPI_THREAD_MULTIPLE;
	/* main.c takes -t and --threads only as separate words (parse_args). */
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--threads") == 0)
			world.threads_given = 1;
	/* --resume is this binary's own option for the commands of main.c,
	 * which never sees it; experiment has its own (its partial file), and
	 * it and calibrate keep no journal of their scratch results. */
	int kept = 0, own = argc >= 2 && (strcmp(argv[1], "experiment") == 0 ||
	                                  strcmp(argv[1], "calibrate") == 0);
	world.journal = !own;
	for (int i = 0; i < argc; i++) {
		if (i >= 2 && !own && strcmp(argv[i], "--resume") == 0) {
			world.resume = 1;
			continue;
		}
		argv[kept++] = argv[i];
	}
	argc = kept;
	argv[argc] = NULL;
	/* experiment --series (branch exp15b) has not been checked against
	 * bin/wijksim over the ranks (tests/e2e/mpi.sh): refused until it is. */
	int series = 0;
	for (int i = 2; argc >= 2 && strcmp(argv[1], "experiment") == 0 && i < argc; i++)
		series |= strncmp(argv[i], "--series", 8) == 0;
	if (world.rank == 0 && series) {
		fprintf(stderr, "wijksim: experiment --series does not run over MPI yet: run it "
		        "with bin/wijksim\n");
		rc = WK_EXIT_USAGE;
		for (int r = 1; r < world.size; r++)
			send_polling(&rc, 1, MPI_INT, r, TAG_EXIT);
	} else if (world.rank == 0) {
		rc = wijksim_cli_main(argc, argv);
		const char *first = argc == 2 ? argv[1] : "";
		if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0 ||
		    strcmp(first, "help") == 0)
			printf("\nwijksim-mpi: the same over MPI ranks (mpirun -n N wijksim-mpi "
			       "...), and\n      --resume          continue a run that failed "
			       "from the units in OUT.h5.units\n");
		fflush(stdout);
		if (world.abandoned) {
			fflush(stderr);
			_exit(rc);
		}
		for (int r = 1; r < world.size; r++)
			send_polling(&rc, 1, MPI_INT, r, TAG_EXIT);
	} else {
		rc = worker_main();
	}
	MPI_Finalize();
	return rc;
}
