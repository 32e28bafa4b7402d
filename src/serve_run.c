/*
 * serve_run.c — POST /api/run and the downloads of a run (web/API.md): a
 * request names a scenario and a baseline and changes settings; both run
 * together with common random numbers through engine_run, into a result
 * file in the server's temporary folder, exactly as `wijksim run A B`
 * would write it; the answer summarises that file (serve_result.c).
 *
 * Invariants:
 *  1. A request changes settings only through the loader's --set path
 *     (scen_load overrides): the same type and range checks and the same
 *     one-line message as the command line; nothing else of a request
 *     reaches the engine. A setting path holds only [A-Za-z0-9_.[]-] (no
 *     scope ':' nor '=').
 *  2. Limits before any work: replicates, days and warm-up days each
 *     bounded, and residents x (warm-up + days) x replicates summed over
 *     both scenarios; the memory the engine says it needs must be there.
 *  3. At most limits.concurrent_runs requests are admitted at once (429
 *     beyond); one of them runs (engine_busy), the others wait for it. A
 *     run is stopped through the engine's stop flag after run_seconds, or
 *     when the server stops; a stopped run leaves no file.
 *  4. Files are written only inside a new folder <tmp>/<run id>; the last
 *     kept_runs folders are kept for download, older ones are removed.
 *  5. A baseline whose effective text (its seed and name included) and
 *     replicates equal those of one of the last SERVE_CACHE_ENTRIES runs is
 *     not run again: its values from that run are written as they are
 *     (engine_scenario.values), the same doubles the engine would make (a
 *     slider moves the scenario's settings, seldom the baseline's).
 *
 * Ownership: everything a request allocates is freed before it answers;
 * the run records (serve_state.records) name the folders, under st->lock.
 */
#include "serve_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "h5out.h"
#include "params_load.h"
#include "rng.h"
#include "schema.h"

/* Why a bound: more changed settings than any lever panel sends; the
 * command line has the same bound (main.c MAX_OVERRIDES). */
enum { MAX_SETS = 256, OVERRIDE_TEXT_MAX = 4096 };

struct side_load {
	struct scen *scen;
	struct model_params params;
	char *text;
};

struct run_request {
	const struct serve_scenario *scenario, *baseline;
	long replicates, days, warmup_days;
	int has_seed;
	unsigned long long seed;
	char *ov[2][MAX_SETS + 8];
	size_t n_ov[2];
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void request_free(struct run_request *q)
{
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < q->n_ov[k]; i++)
			free(q->ov[k][i]);
}

static int add_override(struct run_request *q, int side, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_override(struct run_request *q, int side, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	if (q->n_ov[side] >= sizeof q->ov[side] / sizeof q->ov[side][0])
		return -1;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	q->ov[side][q->n_ov[side]++] = text;
	return 0;
}

/* A libconfig string literal of s (escapes as the loader reads them). */
static int string_literal(const char *s, char *out, size_t size)
{
	size_t k = 0;

	if (size < 3)
		return -1;
	out[k++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		int n;
		if (*p == '"' || *p == '\\')
			n = snprintf(esc, sizeof esc, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			n = snprintf(esc, sizeof esc, "\\x%02x", *p);
		else
			n = snprintf(esc, sizeof esc, "%c", *p);
		if (n < 0 || k + (size_t)n + 2 > size)
			return -1;
		memcpy(out + k, esc, (size_t)n);
		k += (size_t)n;
	}
	out[k++] = '"';
	out[k] = '\0';
	return 0;
}

/* The libconfig literal of a JSON value: number, boolean, string, or an
 * array of those. 0, or -1 with what was expected in `why`. */
static int value_literal(const json_t *v, char *out, size_t size, int nested)
{
	int n = -1;

	switch (json_typeof(v)) {
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		int wide = i > 2147483647LL || i < -2147483647LL - 1;
		n = snprintf(out, size, "%" JSON_INTEGER_FORMAT "%s", i, wide ? "L" : "");
		break;
	}
	case JSON_REAL: {
		double x = json_real_value(v);
		n = snprintf(out, size, "%.17g", x);
		if (n > 0 && (size_t)n < size && !strpbrk(out, ".eEn"))
			n = snprintf(out, size, "%.1f", x);
		break;
	}
	case JSON_TRUE:
		n = snprintf(out, size, "true");
		break;
	case JSON_FALSE:
		n = snprintf(out, size, "false");
		break;
	case JSON_STRING:
		return string_literal(json_string_value(v), out, size);
	case JSON_ARRAY: {
		size_t k = 0, i;
		json_t *e;
		if (nested || size < 3)
			return -1;
		out[k++] = '[';
		json_array_foreach(v, i, e) {
			if (i && k + 2 < size) {
				out[k++] = ',';
				out[k++] = ' ';
			}
			if (k >= size || value_literal(e, out + k, size - k, 1))
				return -1;
			k += strlen(out + k);
		}
		if (k + 2 > size)
			return -1;
		out[k++] = ']';
		out[k] = '\0';
		return 0;
	}
	default:
		return -1;
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int path_ok(const char *p)
{
	size_t n = strlen(p);

	if (n == 0 || n > 255 || p[0] == '.' || p[n - 1] == '.')
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '[' ||
		      *p == ']' || *p == '-'))
			return 0;
	return 1;
}

/* set / baseline_set into overrides. 0, or an error answer. */
static int sets_read(const json_t *set, const char *field, struct run_request *q, int side,
                     struct serve_reply *r)
{
	const char *key;
	json_t *v;
	char lit[OVERRIDE_TEXT_MAX];

	if (!set || json_is_null(set))
		return 0;
	if (!json_is_object(set))
		return serve_reply_error(r, 400, "%s: expected an object of setting path: value",
		                         field);
	if (json_object_size(set) > MAX_SETS)
		return serve_reply_error(r, 413, "%s: %zu settings; at most %d", field,
		                         json_object_size(set), MAX_SETS);
	json_object_foreach((json_t *)set, key, v) {
		if (!path_ok(key))
			return serve_reply_error(r, 400, "%s: '%.80s' is not a setting path "
			                         "(names and [index] joined by '.')", field, key);
		if (value_literal(v, lit, sizeof lit, 0))
			return serve_reply_error(r, 400, "%s.%s: expected a number, boolean, "
			                         "string or array of them", field, key);
		if (add_override(q, side, "%s=%s", key, lit))
			return serve_reply_error(r, 500, "out of memory");
	}
	return 0;
}

static const struct serve_scenario *scenario_named(const struct serve_state *st,
                                                   const char *name)
{
	for (size_t i = 0; i < st->n_scenarios; i++)
		if (strcmp(st->scenarios[i].name, name) == 0)
			return &st->scenarios[i];
	return NULL;
}

/* An integer field in lo..hi (absent: dflt); above `hi` is 413 when
 * `big_is_413`. 0, or an error answer. */
static int int_field(const json_t *req, const char *name, long lo, long hi, long dflt,
                     long *out, struct serve_reply *r)
{
	const json_t *v = json_object_get(req, name);

	*out = dflt;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return serve_reply_error(r, 400, "%s: expected an integer", name);
	json_int_t x = json_integer_value(v);
	if (x > hi)
		return serve_reply_error(r, 413, "%s %" JSON_INTEGER_FORMAT
		                         " is over the server's limit of %ld", name, x, hi);
	if (x < lo)
		return serve_reply_error(r, 400, "%s %" JSON_INTEGER_FORMAT
		                         ": expected at least %ld", name, x, lo);
	*out = (long)x;
	return 0;
}

static int request_read(struct serve_state *st, const json_t *req, struct run_request *q,
                        struct serve_reply *r)
{
	static const char *const fields[] = { "scenario", "baseline", "replicates", "days",
	                                      "warmup_days", "seed", "set", "baseline_set" };
	const char *key;
	json_t *v;
	const struct serve_limits *l = &st->limits;

	if (!json_is_object(req))
		return serve_reply_error(r, 400, "expected a JSON object");
	json_object_foreach((json_t *)req, key, v) {
		int known = 0;
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			known |= strcmp(key, fields[i]) == 0;
		if (!known)
			return serve_reply_error(r, 400, "unknown field '%.60s': expected "
			                         "scenario, baseline, replicates, days, "
			                         "warmup_days, seed, set, baseline_set", key);
	}
	const char *name = json_string_value(json_object_get(req, "scenario"));
	if (!name)
		return serve_reply_error(r, 400, "scenario: expected the name of a served "
		                         "scenario (GET /api/scenarios)");
	if (!(q->scenario = scenario_named(st, name)))
		return serve_reply_error(r, 400, "unknown scenario '%.60s' (GET /api/scenarios "
		                         "lists them)", name);
	v = json_object_get(req, "baseline");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v) || !(q->baseline = scenario_named(st, json_string_value(v))))
			return serve_reply_error(r, 400, "unknown baseline '%.60s' (GET "
			                         "/api/scenarios lists them)",
			                         json_is_string(v) ? json_string_value(v) : "?");
	} else {
		q->baseline = q->scenario->base >= 0 ? &st->scenarios[q->scenario->base]
		                                     : &st->scenarios[st->default_baseline];
	}
	if (int_field(req, "replicates", 1, l->replicates, SERVE_DEFAULT_REPLICATES,
	              &q->replicates, r) ||
	    int_field(req, "days", 1, l->days, SERVE_DEFAULT_DAYS, &q->days, r) ||
	    int_field(req, "warmup_days", 0, l->warmup_days, SERVE_DEFAULT_WARMUP_DAYS,
	              &q->warmup_days, r))
		return -1;
	v = json_object_get(req, "seed");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return serve_reply_error(r, 400, "seed: expected an integer >= 0");
		q->has_seed = 1;
		q->seed = (unsigned long long)json_integer_value(v);
	}
	if (sets_read(json_object_get(req, "set"), "set", q, 0, r) ||
	    sets_read(json_object_get(req, "baseline_set"), "baseline_set", q, 1, r))
		return -1;
	for (int k = 0; k < 2; k++)
		if (add_override(q, k, "simulation.replicates=%ld", q->replicates) ||
		    add_override(q, k, "simulation.days=%ld", q->days) ||
		    add_override(q, k, "simulation.warmup_days=%ld", q->warmup_days) ||
		    (q->has_seed && add_override(q, k, "simulation.seed=%lluL", q->seed)))
			return serve_reply_error(r, 500, "out of memory");
	return 0;
}

static void side_free(struct side_load *s)
{
	scen_free(s->scen);
	free(s->text);
	s->scen = NULL;
	s->text = NULL;
}

static int side_load(const struct serve_state *st, const struct serve_scenario *sc,
                     char *const *ov, size_t n, struct side_load *s, struct serve_reply *r)
{
	struct wk_error err;
	char line[2048];

	(void)st;
	wk_error_clear(&err);
	if (scen_load(&schema_wijksim, sc->real, (const char *const *)ov, n, &s->scen, &err) ||
	    params_load(s->scen, &s->params, &err)) {
		wk_error_format(&err, line, sizeof line);
		return serve_reply_error(r, err.status == WK_EXIT_USAGE ? 400 : 500, "%s", line);
	}
	if (!(s->text = scen_effective_text(s->scen)))
		return serve_reply_error(r, 500, "out of memory");
	return 0;
}

/* ---- the baselines' values of the last runs (invariant 5) ---- */

/* Why these bounds: a few baselines a page switches between; an entry is
 * replicates x (days / output_every) x ~540 doubles, 2.3 MB for 10
 * replicates of a year, so 64 MiB covers 50 replicates of 5 years, and
 * the cache stays under 256 MiB whatever is asked. */
enum { SERVE_CACHE_ENTRIES = 4 };
#define SERVE_CACHE_ENTRY_BYTES ((size_t)64 << 20)

/* A copy of the values cached for (text, replicates), or NULL. */
static double *cache_find(struct serve_state *st, const char *text, size_t replicates,
                          size_t doubles)
{
	double *copy = NULL;

	pthread_mutex_lock(&st->lock);
	for (size_t i = 0; st->cache && i < SERVE_CACHE_ENTRIES; i++) {
		struct serve_cached *c = &st->cache[i];
		if (!c->values || c->replicates != replicates || c->doubles != doubles ||
		    strcmp(c->text, text) != 0)
			continue;
		if ((copy = malloc(replicates * doubles * sizeof *copy))) {
			memcpy(copy, c->values, replicates * doubles * sizeof *copy);
			c->used = ++st->cache_clock;
		}
		break;
	}
	pthread_mutex_unlock(&st->lock);
	return copy;
}

/* Keep `values` (taken) for (text, replicates), in place of the entry used
 * least recently; dropped when out of memory. */
static void cache_put(struct serve_state *st, const char *text, size_t replicates,
                      size_t doubles, double *values)
{
	char *key = strdup(text);

	pthread_mutex_lock(&st->lock);
	if (!st->cache)
		st->cache = calloc(SERVE_CACHE_ENTRIES, sizeof *st->cache);
	if (key && st->cache) {
		struct serve_cached *c = &st->cache[0];
		for (size_t i = 1; i < SERVE_CACHE_ENTRIES; i++)
			if (st->cache[i].used < c->used)
				c = &st->cache[i];
		free(c->text);
		free(c->values);
		*c = (struct serve_cached){ key, replicates, doubles, values, ++st->cache_clock };
		key = NULL;
		values = NULL;
	}
	pthread_mutex_unlock(&st->lock);
	free(key);
	free(values);
}

void serve_run_cache_free(struct serve_state *st)
{
	for (size_t i = 0; st->cache && i < SERVE_CACHE_ENTRIES; i++) {
		free(st->cache[i].text);
		free(st->cache[i].values);
	}
	free(st->cache);
	st->cache = NULL;
}

/* ---- admission and the time limit ---- */

struct watchdog {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done, fired;
	double seconds;
	volatile sig_atomic_t *stop;
	pthread_t thread;
};

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	struct timespec until;
	double whole;

	clock_gettime(CLOCK_REALTIME, &until);
	double frac = modf(w->seconds, &whole);
	until.tv_sec += (time_t)whole;
	until.tv_nsec += (long)(frac * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!w->done)
		if (pthread_cond_timedwait(&w->cond, &w->lock, &until) == ETIMEDOUT) {
			w->fired = 1;
			*w->stop = 1;
			break;
		}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Wait for the engine (at most run_seconds); 0 when taken, else an answer. */
static int engine_take(struct serve_state *st, volatile sig_atomic_t *stop,
                       struct serve_reply *r)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)ceil(st->limits.run_seconds);
	pthread_mutex_lock(&st->lock);
	if (st->stopping) {
		pthread_mutex_unlock(&st->lock);
		return serve_reply_error(r, 503, "the server is stopping");
	}
	if (st->runs_admitted >= st->limits.concurrent_runs) {
		pthread_mutex_unlock(&st->lock);
		return serve_reply_error(r, 429, "too many runs at once (at most %d; "
		                         "--max-runs): try again when one has answered",
		                         st->limits.concurrent_runs);
	}
	st->runs_admitted++;
	while (st->engine_busy && !st->stopping && rc == 0)
		rc = pthread_cond_timedwait(&st->engine_free, &st->lock, &until);
	if (st->engine_busy || st->stopping) {
		st->runs_admitted--;
		pthread_mutex_unlock(&st->lock);
		return serve_reply_error(r, 503, st->stopping ? "the server is stopping"
		                                               : "waited too long for another "
		                                                 "run to finish");
	}
	st->engine_busy = 1;
	st->current_stop = stop;
	pthread_mutex_unlock(&st->lock);
	return 0;
}

static void engine_give(struct serve_state *st)
{
	pthread_mutex_lock(&st->lock);
	st->engine_busy = 0;
	st->current_stop = NULL;
	st->runs_admitted--;
	pthread_cond_signal(&st->engine_free);
	pthread_mutex_unlock(&st->lock);
}

/* ---- run folders ---- */

static void dir_remove(const char *dir)
{
	static const char *const files[] = { "run.h5", "scenario.cfg", "baseline.cfg" };
	char path[PATH_MAX + 32];

	if (!dir[0])
		return;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int write_text(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX + 32];
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wx");
	if (!f)
		return -1;
	rc = fputs(text, f) < 0;
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

/* Keep the run: the oldest kept one's folder goes when all slots are full. */
static void record_keep(struct serve_state *st, const char *id, const char *scenario,
                        const char *dir)
{
	struct serve_run_record old;

	pthread_mutex_lock(&st->lock);
	struct serve_run_record *rec = &st->records[st->next_record];
	old = *rec;
	snprintf(rec->id, sizeof rec->id, "%s", id);
	snprintf(rec->scenario, sizeof rec->scenario, "%s", scenario);
	snprintf(rec->dir, sizeof rec->dir, "%s", dir);
	st->next_record = (st->next_record + 1) % (size_t)st->limits.kept_runs;
	pthread_mutex_unlock(&st->lock);
	if (old.id[0])
		dir_remove(old.dir);
}

static int new_id(char *id, size_t size)
{
	unsigned char raw[8];

	if (size < 17 || getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(id + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* ---- the run ---- */

static double resident_days(const struct model_params *p)
{
	return (double)p->wijken * (double)p->residents_per_wijk *
	       ((double)p->warmup_days + (double)p->days) * (double)p->replicates;
}

static int limits_check(const struct serve_state *st, const struct side_load *s,
                        struct serve_reply *r)
{
	double total = resident_days(&s[0].params) + resident_days(&s[1].params);
	struct engine_scenario sc[2];

	if (strcmp(s[0].params.name, s[1].params.name) == 0)
		return serve_reply_error(r, 400, "the scenario and the baseline have the same name "
		                         "\"%s\" (set name in one of them)", s[0].params.name);
	if (s[0].params.days != s[1].params.days ||
	    s[0].params.output_every != s[1].params.output_every ||
	    s[0].params.replicates != s[1].params.replicates)
		return serve_reply_error(r, 400, "the scenario and the baseline need the same "
		                         "simulation.days, output_every and replicates (a paired "
		                         "comparison)");
	if (total > st->limits.resident_days)
		return serve_reply_error(r, 413, "this run is %.3g resident-days (residents x "
		                         "(warm-up + days) x replicates, both scenarios); the "
		                         "server's limit is %.3g (--max-resident-days)", total,
		                         st->limits.resident_days);
	for (int k = 0; k < 2; k++) {
		sc[k].name = s[k].params.name;
		sc[k].params = &s[k].params;
		sc[k].config_text = s[k].text;
		sc[k].replicates = (size_t)s[k].params.replicates;
	}
	int threads = st->limits.threads > 0 ? st->limits.threads : omp_get_max_threads();
	size_t need = engine_memory_needed(sc, 2, threads), have = engine_memory_available();
	if (have > 0 && need > have / 2)
		return serve_reply_error(r, 413, "this run needs about %.1f GiB of memory; the "
		                         "server allows half of the %.1f GiB available",
		                         (double)need / 1073741824.0, (double)have / 1073741824.0);
	return 0;
}

/* engine_run into dir/run.h5, committed; 0 or an error answer. */
static int run_engine(struct serve_state *st, struct side_load *s, const char *dir,
                      const char *id, volatile sig_atomic_t *stop, double *engine_ms,
                      double *commit_ms, int *cached, struct serve_reply *r)
{
	struct engine_scenario sc[2] = { 0 };
	struct engine_options opt;
	struct engine_stats stats;
	struct wk_error err;
	struct h5out *out = NULL;
	struct watchdog w;
	char path[PATH_MAX + 16], command[256], line[2048];
	int rc;

	memset(&opt, 0, sizeof opt);
	wk_error_clear(&err);
	for (int k = 0; k < 2; k++) {
		sc[k].name = s[k].params.name;
		sc[k].params = &s[k].params;
		sc[k].config_text = s[k].text;
		sc[k].replicates = (size_t)s[k].params.replicates;
	}
	/* The baseline: its values from an earlier run, else kept from this one. */
	size_t doubles = engine_unit_doubles(&s[1].params), reps = sc[1].replicates;
	double *given = cache_find(st, s[1].text, reps, doubles), *capture = NULL;
	*cached = given != NULL;
	if (given)
		sc[1].values = given;
	else if (reps * doubles * sizeof(double) <= SERVE_CACHE_ENTRY_BYTES)
		sc[1].capture = capture = malloc(reps * doubles * sizeof *capture);
	snprintf(path, sizeof path, "%s/run.h5", dir);
	snprintf(command, sizeof command, "wijksim serve: POST /api/run %s (scenario %s, baseline "
	         "%s)", id, sc[0].name, sc[1].name);
	if (h5out_create(path, 0, &out, &err) ||
	    h5out_root_attrs(out, "wijksim", st->version, command, rng_describe(), &err)) {
		h5out_abort(out);
		free(given);
		free(capture);
		wk_error_format(&err, line, sizeof line);
		return serve_reply_error(r, 500, "%s", line);
	}
	if (st->limits.threads > 0)
		omp_set_num_threads(st->limits.threads);
	opt.progress = PROGRESS_OFF;
	opt.stop = stop;
	memset(&w, 0, sizeof w);
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	w.seconds = st->limits.run_seconds;
	w.stop = stop;
	int watching = pthread_create(&w.thread, NULL, watchdog_main, &w) == 0;
	double t0 = now_seconds();
	rc = engine_run(sc, 2, out, &opt, &stats, &err);
	*engine_ms = (now_seconds() - t0) * 1000.0;
	if (watching) {
		pthread_mutex_lock(&w.lock);
		w.done = 1;
		pthread_cond_signal(&w.cond);
		pthread_mutex_unlock(&w.lock);
		pthread_join(w.thread, NULL);
	}
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	free(given);
	if (rc || *stop) {
		free(capture);
		h5out_abort(out);
		if (w.fired)
			return serve_reply_error(r, 503, "the run was stopped after %g s (the "
			                         "server's limit per run, --run-seconds): ask for "
			                         "fewer replicates or days",
			                         st->limits.run_seconds);
		if (*stop)
			return serve_reply_error(r, 503, "the run was stopped: the server is "
			                         "stopping");
		wk_error_format(&err, line, sizeof line);
		return serve_reply_error(r, 500, "%s", line);
	}
	t0 = now_seconds();
	rc = h5out_commit(out, &err);
	*commit_ms = (now_seconds() - t0) * 1000.0;
	if (rc) {
		free(capture);
		wk_error_format(&err, line, sizeof line);
		return serve_reply_error(r, 500, "%s", line);
	}
	if (capture)
		cache_put(st, s[1].text, reps, doubles, capture);
	return 0;
}

static json_t *answer_head(const struct run_request *q, const struct side_load *s,
                           const char *id)
{
	char h5[64], cfg[64], bcfg[64];
	const struct model_params *p = &s[0].params;

	snprintf(h5, sizeof h5, "/api/run/%s.h5", id);
	snprintf(cfg, sizeof cfg, "/api/run/%s.cfg", id);
	snprintf(bcfg, sizeof bcfg, "/api/run/%s.baseline.cfg", id);
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:I, s:i, s:I, s:I,"
	                 " s:{s:s, s:s, s:s}}",
	                 "id", id, "scenario", q->scenario->name, "baseline", q->baseline->name,
	                 "baseline_group", s[1].params.name, "replicates", p->replicates, "days",
	                 p->days, "warmup_days", p->warmup_days, "seed", (json_int_t)p->seed,
	                 "output_every", p->output_every, "residents",
	                 (json_int_t)p->wijken * (json_int_t)p->residents_per_wijk,
	                 "baseline_residents",
	                 (json_int_t)s[1].params.wijken *
	                         (json_int_t)s[1].params.residents_per_wijk,
	                 "downloads", "h5", h5, "cfg", cfg, "baseline_cfg", bcfg);
}

void serve_run_handle(struct serve_state *st, const char *body, size_t len,
                      struct serve_reply *r)
{
	struct run_request q;
	struct side_load s[2];
	json_error_t jerr;
	json_t *req = NULL, *answer = NULL;
	volatile sig_atomic_t stop = 0;
	char id[17], dir[PATH_MAX], name[64];
	double t0 = now_seconds(), engine_ms = 0.0, commit_ms = 0.0;
	double t_load = 0.0, t_wait = 0.0, t_sum = 0.0;
	int taken = 0, cached = 0;

	memset(&q, 0, sizeof q);
	memset(s, 0, sizeof s);
	dir[0] = '\0';
	req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!req) {
		serve_reply_error(r, 400, "malformed JSON: %s (line %d, column %d)", jerr.text,
		                  jerr.line, jerr.column);
		goto out;
	}
	if (request_read(st, req, &q, r))
		goto out;
	if (side_load(st, q.scenario, q.ov[0], q.n_ov[0], &s[0], r))
		goto out;
	/* Paired: the baseline runs with the scenario's seed; a baseline of the
	 * same name is stored as NAME_baseline (group names differ). */
	if (!q.has_seed && add_override(&q, 1, "simulation.seed=%lluL",
	                                (unsigned long long)s[0].params.seed)) {
		serve_reply_error(r, 500, "out of memory");
		goto out;
	}
	if (strcmp(q.scenario->name, q.baseline->name) == 0) {
		snprintf(name, sizeof name, "%.38s_baseline", q.scenario->name);
		if (add_override(&q, 1, "name=\"%s\"", name)) {
			serve_reply_error(r, 500, "out of memory");
			goto out;
		}
	}
	if (side_load(st, q.baseline, q.ov[1], q.n_ov[1], &s[1], r) || limits_check(st, s, r))
		goto out;
	t_load = now_seconds();
	if (engine_take(st, &stop, r))
		goto out;
	taken = 1;
	t_wait = now_seconds();
	if (new_id(id, sizeof id)) {
		serve_reply_error(r, 500, "no random numbers for a run id");
		goto out;
	}
	if (snprintf(dir, sizeof dir, "%s/%s", st->tmp, id) >= (int)sizeof dir ||
	    mkdir(dir, 0700) != 0) {
		serve_reply_error(r, 500, "cannot make the run's folder: %s", strerror(errno));
		dir[0] = '\0';
		goto out;
	}
	if (run_engine(st, s, dir, id, &stop, &engine_ms, &commit_ms, &cached, r))
		goto out;
	if (write_text(dir, "scenario.cfg", s[0].text) ||
	    write_text(dir, "baseline.cfg", s[1].text)) {
		serve_reply_error(r, 500, "cannot write the run's scenario files");
		goto out;
	}
	answer = answer_head(&q, s, id);
	struct wk_error err;
	char path[PATH_MAX + 16], line[2048];
	struct serve_pair_info pair = { scen_config(s[0].scen), scen_config(s[1].scen),
	                                s[0].params.name, s[1].params.name };
	wk_error_clear(&err);
	snprintf(path, sizeof path, "%s/run.h5", dir);
	t_sum = now_seconds();
	if (!answer || serve_result_summarise(path, &pair, st->indicator_defs, answer, &err)) {
		wk_error_format(&err, line, sizeof line);
		serve_reply_error(r, 500, "%s", answer ? line : "out of memory");
		goto out;
	}
	/* where the time went: loading and checking both scenarios, waiting
	 * for another run, the engine (with writing the file), committing the
	 * file (checksum, fsync, rename), the summary */
	double t_end = now_seconds();
	json_object_set_new(answer, "engine_ms", json_real(engine_ms));
	json_object_set_new(answer, "timing_ms",
	                    json_pack("{s:f, s:f, s:f, s:f, s:f}", "load", (t_load - t0) * 1000.0,
	                              "wait", (t_wait - t_load) * 1000.0, "engine", engine_ms,
	                              "commit", commit_ms, "summary", (t_end - t_sum) * 1000.0));
	json_object_set_new(answer, "elapsed_ms", json_real((t_end - t0) * 1000.0));
	json_object_set_new(answer, "baseline_cached", json_boolean(cached));
	record_keep(st, id, q.scenario->name, dir);
	dir[0] = '\0';             /* kept */
	if (serve_reply_json(r, answer))
		serve_reply_error(r, 500, "out of memory");
	answer = NULL;
out:
	if (dir[0])
		dir_remove(dir);
	if (taken)
		engine_give(st);
	json_decref(answer);
	json_decref(req);
	side_free(&s[0]);
	side_free(&s[1]);
	request_free(&q);
}

void serve_run_value(struct serve_state *st, const char *name, const char *path,
                     struct serve_reply *r)
{
	const struct serve_scenario *sc = scenario_named(st, name);
	struct side_load s;
	const config_setting_t *set;
	json_t *v;

	memset(&s, 0, sizeof s);
	if (!sc) {
		serve_reply_error(r, 404, "unknown scenario '%.60s'", name);
		return;
	}
	if (!path || !path_ok(path)) {
		serve_reply_error(r, 400, "path: expected a setting path (names and [index] "
		                  "joined by '.')");
		return;
	}
	if (side_load(st, sc, NULL, 0, &s, r))
		return;
	set = serve_lookup(scen_config(s.scen), path);
	v = set ? serve_setting_json(set) : json_null();
	if (serve_reply_json(r, json_pack("{s:s, s:s, s:o}", "scenario", sc->name, "path", path,
	                                  "value", v ? v : json_null())))
		serve_reply_error(r, 500, "out of memory");
	side_free(&s);
}

void serve_run_download(struct serve_state *st, const char *name, struct serve_reply *r)
{
	static const struct { const char *suffix, *file, *type, *ext; } kinds[] = {
		{ ".h5", "run.h5", "application/x-hdf5", "h5" },
		{ ".cfg", "scenario.cfg", "text/plain; charset=utf-8", "cfg" },
		{ ".baseline.cfg", "baseline.cfg", "text/plain; charset=utf-8", "baseline.cfg" },
	};
	char id[17], dir[PATH_MAX] = "", scenario[64] = "", path[PATH_MAX + 32];
	struct stat sb;
	size_t k;

	for (k = 0; k < 16; k++)
		if (!((name[k] >= '0' && name[k] <= '9') || (name[k] >= 'a' && name[k] <= 'f')))
			break;
	if (k != 16) {
		serve_reply_error(r, 404, "no such run");
		return;
	}
	memcpy(id, name, 16);
	id[16] = '\0';
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (strcmp(name + 16, kinds[k].suffix) == 0)
			break;
	if (k == sizeof kinds / sizeof kinds[0]) {
		serve_reply_error(r, 404, "no such download: expected ID.h5, ID.cfg or "
		                  "ID.baseline.cfg");
		return;
	}
	pthread_mutex_lock(&st->lock);
	for (int i = 0; i < st->limits.kept_runs; i++)
		if (strcmp(st->records[i].id, id) == 0) {
			snprintf(dir, sizeof dir, "%s", st->records[i].dir);
			snprintf(scenario, sizeof scenario, "%s", st->records[i].scenario);
		}
	pthread_mutex_unlock(&st->lock);
	if (!dir[0]) {
		serve_reply_error(r, 404, "no such run (the server keeps the last %d)",
		                  st->limits.kept_runs);
		return;
	}
	snprintf(path, sizeof path, "%s/%s", dir, kinds[k].file);
	r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (r->fd < 0 || fstat(r->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		serve_reply_error(r, 404, "no such run (it was removed)");
		return;
	}
	for (char *p = scenario; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '_';
	r->status = 200;
	r->type = kinds[k].type;
	r->len = (size_t)sb.st_size;
	snprintf(r->disposition, sizeof r->disposition,
	         "attachment; filename=\"wijksim-%s-%s.%s\"", scenario, id, kinds[k].ext);
}
