/*
 * serve_internal.h — what the parts of `wijksim serve` share: the server's
 * configuration and state (serve.c), the static answers (serve_catalog.c),
 * the runs (serve_run.c) and the summary of a result file (serve_result.c).
 *
 * Threads: libmicrohttpd answers each connection in its own thread. What is
 * set up before the daemon starts (struct serve_state but the fields under
 * `lock`) is read-only afterwards. Runs take `engine_busy` under `lock`, one
 * at a time: the engine parallelises with OpenMP inside a run, and serial
 * HDF5 must not be entered from two threads at once.
 *
 * Ownership: serve_state owns every string and JSON value it points to;
 * serve_state_free releases them.
 */
#ifndef WK_SERVE_INTERNAL_H
#define WK_SERVE_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "scen.h"

/* A scenario the server offers (the shipped ones or those named on the
 * command line). */
struct serve_scenario {
	char *name;
	char *file;               /* as given or found (relative to the root) */
	char *real;               /* realpath, to match `extends` against */
	char *extends;            /* the file's `extends` text, NULL when none */
	int base;                 /* index of the base among the served ones, or -1 */
};

/* What a run request without replicates, days or warmup_days gets: half a
 * year (the education scenarios' own length) of 10 paired replicates from
 * the initial state answers in about half a second for the education
 * pair on two idle cores (README "Exploring interactively": measured). */
enum { SERVE_DEFAULT_REPLICATES = 10, SERVE_DEFAULT_DAYS = 182, SERVE_DEFAULT_WARMUP_DAYS = 0 };

struct serve_limits {
	long replicates;          /* most replicates per scenario in a run */
	long days;                /* most simulated days after the warm-up */
	long warmup_days;         /* most warm-up days */
	double resident_days;     /* most residents x (warm-up + days) x replicates, summed */
	int concurrent_runs;      /* runs admitted at once (one runs, the others wait) */
	double run_seconds;       /* a run is stopped after this */
	size_t body_bytes;        /* largest request body */
	int kept_runs;            /* result folders kept for download */
	int threads;              /* OpenMP threads of a run (0: the default) */
};

struct serve_run_record {
	char id[17];              /* 16 hex digits; "" for a free slot */
	char scenario[64];
	char dir[PATH_MAX];
};

/* A baseline's values from an earlier run (serve_run.c): the effective
 * text and replicates they came from, replicates x doubles of them. */
struct serve_cached {
	char *text;
	size_t replicates, doubles;
	double *values;
	unsigned long used;       /* st->cache_clock when last used */
};

struct serve_state {
	char root[PATH_MAX];      /* holds web/ and build/web/ */
	char web[PATH_MAX];       /* realpath of root/web */
	char vendor[PATH_MAX];    /* realpath of root/build/web ("" when missing) */
	char tmp[PATH_MAX];       /* the server's own temporary folder */
	const char *version;
	int loopback;             /* bound to a loopback address: check Host */
	char host[256];           /* the address bound, as given */
	unsigned port;
	struct serve_limits limits;
	struct serve_scenario *scenarios;
	size_t n_scenarios;
	int default_scenario, default_baseline;
	/* Answers built once at start (JSON text). */
	char *scenarios_json, *schema_json, *exercises_json;
	json_t *indicators;       /* the analysis's groups, MRD and shares */
	json_t *indicator_defs;   /* one per headline metric: group, rule, share, mrd */
	json_t *levers;           /* web/levers.json, filled from the schema */
	json_t *meanings_nl;      /* web/meanings_nl.json's "meanings": schema path -> Dutch */
	/* Under lock. */
	pthread_mutex_t lock;
	pthread_cond_t engine_free;
	int engine_busy;
	int runs_admitted;
	volatile sig_atomic_t *current_stop;
	struct serve_run_record *records;   /* limits.kept_runs of them */
	size_t next_record;
	unsigned long runs_started;
	volatile sig_atomic_t stopping;     /* a stop signal came */
	struct serve_cached *cache;         /* SERVE_CACHE_ENTRIES, or NULL */
	unsigned long cache_clock;
};

/* An HTTP answer: status and a malloc'd body (JSON unless `type` says). */
struct serve_reply {
	unsigned status;
	char *body;
	size_t len;
	const char *type;         /* NULL: application/json */
	int fd;                   /* >= 0: send this file instead of body */
	char disposition[160];    /* Content-Disposition, "" for none */
};

/* A JSON error answer {"error": message, "status": status}. Returns -1, so
 * that a function that fails can `return serve_reply_error(...)`. */
int serve_reply_error(struct serve_reply *r, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Take `json` (consumed) as the answer with status 200. 0, or -1 out of memory. */
int serve_reply_json(struct serve_reply *r, json_t *json);

/* ---- serve_catalog.c ---- */

/* Load the served scenarios (the `given` files, else the shipped ones under
 * the root), the levers and the indicator table and build the answers of
 * /api/scenarios, /api/schema and /api/exercises. 0, or err->status (2: a
 * scenario or web/levers.json is wrong). */
int serve_catalog_build(struct serve_state *st, char **given, size_t n_given,
                        struct wk_error *err);

/* A setting of a loaded tree by a --set path ("roles.huisarts.fte_per_1000",
 * "roles.[2].fte_per_1000", "rules.NAME.action"), or NULL. */
const config_setting_t *serve_lookup(const config_t *cfg, const char *path);
/* The JSON form of a setting (scalars, arrays, groups as objects, lists of
 * groups as arrays of objects); a new reference, NULL when out of memory. */
json_t *serve_setting_json(const config_setting_t *s);
/* A JSON number, or null when x is not finite. */
json_t *serve_number(double x);

/* ---- serve_run.c ---- */

/* POST /api/run: the body is the request (JSON text of len bytes). */
void serve_run_handle(struct serve_state *st, const char *body, size_t len,
                      struct serve_reply *r);
/* GET /api/scenarios/<name>/value?path=P: the scenario's value (loaded
 * afresh, defaults filled) at a --set path; `path` NULL when not given. */
void serve_run_value(struct serve_state *st, const char *name, const char *path,
                     struct serve_reply *r);
/* GET /api/run/<name>: a download of a kept run. */
void serve_run_download(struct serve_state *st, const char *name, struct serve_reply *r);
/* Free the cached baselines' values (at the server's end). */
void serve_run_cache_free(struct serve_state *st);

/* ---- serve_result.c ---- */

struct serve_pair_info {
	const config_t *scenario_cfg, *baseline_cfg;
	const char *scenario, *baseline;    /* group names in the file */
};

/* Summarise the committed result file at `path` (scenario and baseline
 * groups) into `out` (indicators, series, time, network, flow), with the
 * indicator definitions `indicators` (serve_state.indicator_defs). 0, or
 * err->status. */
int serve_result_summarise(const char *path, const struct serve_pair_info *pair,
                           const json_t *indicators, json_t *out, struct wk_error *err);

#endif
