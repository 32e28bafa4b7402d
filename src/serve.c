/*
 * serve.c — `wijksim serve`: the explorer's web server (libmicrohttpd).
 * It serves the page (web/ and the vendored packages under build/web/) and
 * the JSON API of web/API.md; runs go through the engine (serve_run.c).
 *
 *   wijksim serve [--port N] [--host ADDR] [--root DIR] [--max-runs N]
 *                 [--run-seconds S] [--max-replicates N]
 *                 [--max-days N] [--max-resident-days X] [--keep N] [-t THREADS]
 *                 [SCENARIO.cfg ...]
 *
 * Security (README.md "Exploring interactively"; each is tested in
 * tests/e2e/serve_api.sh):
 *  1. It listens on 127.0.0.1 unless --host says otherwise, and then warns
 *     on stderr. Bound to loopback it answers only requests whose Host names
 *     a loopback address (a DNS-rebinding guard); a POST must be
 *     application/json (so a cross-site form cannot send one without a
 *     CORS preflight, which is never granted) and, when it carries an
 *     Origin, come from the page's own origin.
 *  2. Only GET/HEAD and POST /api/run. Static files come from two folders
 *     only; a URL path (after libmicrohttpd's percent-decoding) must be
 *     made of [A-Za-z0-9._-/] with no empty segment and no segment starting
 *     with '.', and its realpath must stay inside the folder; anything else
 *     is 404. "%00" and "%25" (a double encoding) are refused while
 *     decoding (on_unescape): 404.
 *  3. A request body over limits.body_bytes is refused with 413, by its
 *     Content-Length before it is read, else when it grows past the limit.
 *  4. Nothing a request sends names a file or a command; runs write only in
 *     the server's temporary folder (mkdtemp under $TMPDIR, else /dev/shm,
 *     else /tmp), which is removed at exit.
 *  5. SIGINT, SIGTERM and SIGHUP stop it: the signals are blocked in every
 *     thread and taken by the main thread (sigwait), which stops a run in
 *     progress through the engine's stop flag, stops the daemon (it waits
 *     for the connection threads) and removes the temporary folder.
 *
 * Threads: one per connection (libmicrohttpd's thread-per-connection mode
 * with its internal polling thread); a run uses OpenMP inside.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve_internal.h"

/* Why bounds: connections at once (each a thread) well above a classroom's
 * browsers; seconds a connection may idle before it is closed. */
enum { CONNECTIONS_MAX = 256, CONNECTION_IDLE_SECONDS = 120, STATIC_PATH_MAX = 255 };
/* Why a bound: how long (x 10 ms) a stop waits for a stopped run to answer. */
enum { STOP_WAIT_STEPS = 500 };

/* ---- answers ---- */

int serve_reply_error(struct serve_reply *r, unsigned status, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	json_t *o;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	free(r->body);
	r->body = NULL;
	o = json_pack("{s:s, s:i}", "error", msg, "status", (int)status);
	r->status = status;
	r->type = NULL;
	r->body = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	r->len = r->body ? strlen(r->body) : 0;
	json_decref(o);
	return -1;
}

int serve_reply_json(struct serve_reply *r, json_t *json)
{
	free(r->body);
	r->body = json_dumps(json, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(json);
	if (!r->body)
		return -1;
	r->status = 200;
	r->type = NULL;
	r->len = strlen(r->body);
	return 0;
}

static void reply_copy(struct serve_reply *r, const char *json_text)
{
	r->status = 200;
	r->body = strdup(json_text);
	r->len = r->body ? strlen(r->body) : 0;
	if (!r->body)
		serve_reply_error(r, 500, "out of memory");
}

static void headers_add(struct MHD_Response *resp, const struct serve_reply *r, int api)
{
	MHD_add_response_header(resp, "Content-Type",
	                        r->type ? r->type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", api ? "no-store" : "no-cache");
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data: blob:; "
	                        "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
}

static enum MHD_Result reply_send(struct MHD_Connection *c, struct serve_reply *r, int api)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;

	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd((uint64_t)r->len, r->fd);
		if (!resp)
			close(r->fd);
		r->fd = -1;
	} else {
		if (!r->body)
			serve_reply_error(r, 500, "out of memory");
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		if (resp)
			r->body = NULL;
	}
	if (!resp)
		return MHD_NO;
	headers_add(resp, r, api);
	ok = MHD_queue_response(c, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* ---- static files ---- */

static const char *content_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" }, { ".svg", "image/svg+xml" },
		{ ".png", "image/png" }, { ".ico", "image/x-icon" }, { ".woff2", "font/woff2" },
		{ ".map", "application/json; charset=utf-8" },
		{ ".md", "text/markdown; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && strcmp(path + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* Invariant 2: a relative path we are willing to look up. */
static int static_path_ok(const char *rel)
{
	size_t n = strlen(rel);
	const char *seg = rel;

	if (n == 0 || n > STATIC_PATH_MAX)
		return 0;
	for (const char *p = rel;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == seg || seg[0] == '.')
				return 0;
			if (*p == '\0')
				return 1;
			seg = p + 1;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	}
}

static void static_file(const char *base, const char *rel, struct serve_reply *r)
{
	char path[PATH_MAX * 2], real[PATH_MAX];
	size_t blen = strlen(base);
	struct stat sb;

	if (!base[0] || !static_path_ok(rel)) {
		serve_reply_error(r, 404, "not found");
		return;
	}
	snprintf(path, sizeof path, "%s/%s", base, rel);
	if (!realpath(path, real) || strncmp(real, base, blen) != 0 || real[blen] != '/') {
		serve_reply_error(r, 404, "not found");
		return;
	}
	r->fd = open(real, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0 || fstat(r->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		serve_reply_error(r, 404, "not found");
		return;
	}
	r->status = 200;
	r->len = (size_t)sb.st_size;
	r->type = content_type(real);
}

/* ---- requests ---- */

struct conn {
	char *body;
	size_t len;
	int too_big;
};

/* Invariant 1: the Host names this server by a loopback address. */
static int host_ok(const struct serve_state *st, const char *host)
{
	static const char *const names[] = { "127.0.0.1", "localhost", "[::1]" };

	if (!st->loopback)
		return 1;
	if (!host)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if (strncmp(host, names[i], n) == 0 && (host[n] == '\0' || host[n] == ':'))
			return 1;
	}
	return 0;
}

static int origin_ok(const struct serve_state *st, const char *origin, const char *host)
{
	char want[320];

	(void)st;
	if (!origin)
		return 1;
	snprintf(want, sizeof want, "http://%s", host ? host : "");
	return strcmp(origin, want) == 0;
}

static void api_get(struct serve_state *st, struct MHD_Connection *c, const char *url,
                    struct serve_reply *r)
{
	size_t n = strlen(url);

	if (strncmp(url, "/api/scenarios/", 15) == 0 && n > 21 &&
	    strcmp(url + n - 6, "/value") == 0) {
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(n - 21), url + 15);
		serve_run_value(st, name,
		                MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path"), r);
	} else if (strcmp(url, "/api/scenarios") == 0)
		reply_copy(r, st->scenarios_json);
	else if (strcmp(url, "/api/schema") == 0)
		reply_copy(r, st->schema_json);
	else if (strcmp(url, "/api/exercises") == 0)
		reply_copy(r, st->exercises_json);
	else if (strncmp(url, "/api/run/", 9) == 0)
		serve_run_download(st, url + 9, r);
	else if (strcmp(url, "/api/run") == 0)
		serve_reply_error(r, 405, "POST /api/run runs; GET is for /api/run/ID.h5");
	else
		serve_reply_error(r, 404, "no such API: expected /api/scenarios, /api/schema, "
		                  "/api/exercises, /api/scenarios/NAME/value?path=P, POST "
		                  "/api/run, /api/run/ID.h5");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
	struct serve_state *st = cls;
	struct conn *cn = *con_cls;
	struct serve_reply r;
	int post = strcmp(method, "POST") == 0;
	int api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0;

	(void)version;
	memset(&r, 0, sizeof r);
	r.fd = -1;
	if (!cn) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		cn = calloc(1, sizeof *cn);
		if (!cn)
			return MHD_NO;
		*con_cls = cn;
		if (post && len && strtod(len, NULL) > (double)st->limits.body_bytes) {
			serve_reply_error(&r, 413, "request body of %s bytes is over the limit of "
			                  "%zu", len, st->limits.body_bytes);
			return reply_send(c, &r, 1);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!post || cn->too_big || cn->len + *upload_size > st->limits.body_bytes) {
			cn->too_big = 1;
		} else {
			char *grown = realloc(cn->body, cn->len + *upload_size + 1);
			if (!grown)
				return MHD_NO;
			memcpy(grown + cn->len, upload, *upload_size);
			cn->body = grown;
			cn->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (!host_ok(st, host)) {
		serve_reply_error(&r, 403, "this server answers only requests to its loopback "
		                  "address (Host: 127.0.0.1 or localhost)");
	} else if (post) {
		if (strcmp(url, "/api/run") != 0)
			serve_reply_error(&r, api ? 405 : 404, "only POST /api/run takes a POST");
		else if (cn->too_big)
			serve_reply_error(&r, 413, "request body over the limit of %zu bytes",
			                  st->limits.body_bytes);
		else if (!type || strncmp(type, "application/json", 16) != 0 ||
		         (type[16] != '\0' && type[16] != ';'))
			serve_reply_error(&r, 415, "POST /api/run takes Content-Type: "
			                  "application/json");
		else if (!origin_ok(st, origin, host))
			serve_reply_error(&r, 403, "POST from another origin (%.80s) refused",
			                  origin);
		else
			serve_run_handle(st, cn->body ? cn->body : "", cn->len, &r);
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		serve_reply_error(&r, 405, "method %.16s not allowed: GET, HEAD or POST /api/run",
		                  method);
	} else if (api) {
		api_get(st, c, url, &r);
	} else if (strcmp(url, "/") == 0) {
		static_file(st->web, "index.html", &r);
	} else if (strncmp(url, "/vendor/", 8) == 0) {
		static_file(st->vendor, url + 8, &r);
	} else {
		static_file(st->web, url[0] == '/' ? url + 1 : url, &r);
	}
	enum MHD_Result ok = reply_send(c, &r, api);
	free(r.body);
	if (r.fd >= 0)
		close(r.fd);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
	struct conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)code;
	if (cn) {
		free(cn->body);
		free(cn);
		*con_cls = NULL;
	}
}

/* Percent-decoding of the URL (and query arguments): a NUL ("%00") would
 * cut the path short and "%25" is a double encoding; both make a path no
 * file has (a control character), so that they end as 404. */
static size_t on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	for (const char *p = s; *p; p++)
		if (p[0] == '%' && p[1] && p[2] &&
		    ((p[1] == '0' && p[2] == '0') || (p[1] == '2' && p[2] == '5'))) {
			s[0] = '/';
			s[1] = '\x01';
			s[2] = '\0';
			return 2;
		}
	return MHD_http_unescape(s);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	fprintf(stderr, "wijksim: serve: http: %s\n", msg);
}

/* ---- options ---- */

struct serve_options {
	const char *host, *root;
	long port;
	char **files;
	size_t n_files;
};

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "wijksim: serve: %s (see 'wijksim serve --help')\n", msg);
	return WK_EXIT_USAGE;
}

static int number_arg(const char *opt, const char *text, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = text ? strtod(text, &end) : 0.0;
	if (!text || errno || end == text || *end || !(*out >= lo && *out <= hi))
		return usage("%s: expected a number from %g to %g, not '%s'", opt, lo, hi,
		             text ? text : "");
	return 0;
}

static int options_parse(int argc, char **argv, struct serve_options *o, struct serve_limits *l)
{
	static const struct { const char *name; double lo, hi; int whole; } numeric[] = {
		{ "--port", 0, 65535, 1 }, { "--max-runs", 1, 64, 1 },
		{ "--run-seconds", 0.1, 86400, 0 },
		{ "--max-replicates", 1, 4096, 1 }, { "--max-resident-days", 1, 1e15, 0 },
		{ "--keep", 1, 1000, 1 }, { "-t", 1, 1024, 1 }, { "--max-days", 1, 36500, 1 },
	};
	o->files = calloc((size_t)argc + 1, sizeof *o->files);
	if (!o->files)
		return WK_EXIT_RUNTIME;
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i], *value = NULL, name[64];
		char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
		size_t k;
		double x;
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			o->files[o->n_files++] = arg;
			continue;
		}
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg) : 63, arg);
		if (eq)
			value = eq + 1;
		if (strcmp(name, "--host") == 0 || strcmp(name, "--root") == 0) {
			if (!value && !(value = i + 1 < argc ? argv[++i] : NULL))
				return usage("%s needs a value", name);
			*(name[2] == 'h' ? &o->host : &o->root) = value;
			continue;
		}
		for (k = 0; k < sizeof numeric / sizeof numeric[0]; k++)
			if (strcmp(name, numeric[k].name) == 0)
				break;
		if (k == sizeof numeric / sizeof numeric[0])
			return usage("unknown option '%s'", arg);
		if (!value && !(value = i + 1 < argc ? argv[++i] : NULL))
			return usage("%s needs a value", name);
		if (number_arg(name, value, numeric[k].lo, numeric[k].hi, &x))
			return WK_EXIT_USAGE;
		if (numeric[k].whole && x != (double)(long)x)
			return usage("%s: expected a whole number, not '%s'", name, value);
		switch (k) {
		case 0: o->port = (long)x; break;
		case 1: l->concurrent_runs = (int)x; break;
		case 2: l->run_seconds = x; break;
		case 3: l->replicates = (long)x; break;
		case 4: l->resident_days = x; break;
		case 5: l->kept_runs = (int)x; break;
		case 6: l->threads = (int)x; break;
		default: l->days = (long)x; break;
		}
	}
	return 0;
}

/* ---- setup ---- */

static int dir_real(const char *root, const char *sub, char *out)
{
	char path[PATH_MAX * 2];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s", root, sub);
	if (!realpath(path, out) || stat(out, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* The root: --root, else the folder above bin/wijksim when it has
 * web/levers.json, else the working folder. */
static int root_find(const char *given, char *root)
{
	char exe[PATH_MAX], probe[PATH_MAX * 2];
	ssize_t n;

	if (given) {
		if (!realpath(given, root))
			return usage("--root %s: %s", given, strerror(errno));
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 2; up++) {
			char *slash = strrchr(exe, '/');
			if (slash)
				*slash = '\0';
		}
		snprintf(probe, sizeof probe, "%s/web/levers.json", exe);
		if (access(probe, R_OK) == 0) {
			snprintf(root, PATH_MAX, "%s", exe);
			return 0;
		}
	}
	if (!getcwd(root, PATH_MAX))
		return usage("cannot find the working folder: %s", strerror(errno));
	return 0;
}

static int is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

static void tmp_clean(struct serve_state *st)
{
	char path[PATH_MAX * 2];
	static const char *const files[] = { "run.h5", "scenario.cfg", "baseline.cfg" };

	for (int i = 0; st->records && i < st->limits.kept_runs; i++) {
		if (!st->records[i].id[0])
			continue;
		for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
			snprintf(path, sizeof path, "%s/%s", st->records[i].dir, files[k]);
			unlink(path);
		}
		rmdir(st->records[i].dir);
	}
	if (st->tmp[0])
		rmdir(st->tmp);
}

static void state_free(struct serve_state *st)
{
	for (size_t i = 0; i < st->n_scenarios; i++) {
		free(st->scenarios[i].name);
		free(st->scenarios[i].file);
		free(st->scenarios[i].real);
		free(st->scenarios[i].extends);
	}
	free(st->scenarios);
	free(st->scenarios_json);
	free(st->schema_json);
	free(st->exercises_json);
	json_decref(st->indicators);
	json_decref(st->indicator_defs);
	json_decref(st->levers);
	json_decref(st->meanings_nl);
	free(st->records);
	serve_run_cache_free(st);
	pthread_cond_destroy(&st->engine_free);
	pthread_mutex_destroy(&st->lock);
}

static struct MHD_Daemon *daemon_start(struct serve_state *st, const struct addrinfo *ai)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_ERROR_LOG;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, (uint16_t)st->port, NULL, NULL, on_request, st,
	                     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	                     MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS_MAX,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_IDLE_SECONDS,
	                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                     MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, NULL,
	                     MHD_OPTION_END);
	if (d && (info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)))
		st->port = info->port;
	return d;
}

int serve_main(int argc, char **argv, const char *version)
{
	struct serve_options o = { "127.0.0.1", NULL, 8080, NULL, 0 };
	struct serve_state *st = calloc(1, sizeof *st);
	struct addrinfo hints, *ai = NULL;
	struct MHD_Daemon *d = NULL;
	struct wk_error err;
	sigset_t stops;
	char port_text[16], line[2048];
	int rc, sig = 0;

	if (!st)
		return WK_EXIT_RUNTIME;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->engine_free, NULL);
	st->version = version;
	st->limits = (struct serve_limits){ .replicates = 50, .days = 3650, .warmup_days = 3650,
	                                    .resident_days = 1e9, .concurrent_runs = 4,
	                                    .run_seconds = 60.0, .body_bytes = 65536,
	                                    .kept_runs = 20, .threads = 0 };
	wk_error_clear(&err);
	if ((rc = options_parse(argc, argv, &o, &st->limits)))
		goto out;
	if ((rc = root_find(o.root, st->root)))
		goto out;
	st->port = (unsigned)o.port;
	snprintf(st->host, sizeof st->host, "%s", o.host);
	dir_real(st->root, "web", st->web);
	dir_real(st->root, "build/web", st->vendor);
	st->records = calloc((size_t)st->limits.kept_runs, sizeof *st->records);
	if (!st->records) {
		rc = WK_EXIT_RUNTIME;
		goto out;
	}
	if ((rc = serve_catalog_build(st, o.files, o.n_files, &err))) {
		wk_error_format(&err, line, sizeof line);
		fprintf(stderr, "wijksim: %s\n", line);
		goto out;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(port_text, sizeof port_text, "%u", st->port);
	if ((rc = getaddrinfo(o.host, port_text, &hints, &ai)) != 0) {
		rc = usage("--host %s: %s", o.host, gai_strerror(rc));
		ai = NULL;
		goto out;
	}
	st->loopback = is_loopback(ai->ai_addr);
	/* $TMPDIR, else /dev/shm (memory: committing a result file fsyncs it,
	 * which costs a loaded disk a fifth of a second per run), else /tmp. */
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || tmpdir[0] != '/')
		tmpdir = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(st->tmp, sizeof st->tmp, "%s/wijksim-serve-XXXXXX", tmpdir);
	if (!mkdtemp(st->tmp)) {
		fprintf(stderr, "wijksim: serve: cannot make a temporary folder %s: %s\n", st->tmp,
		        strerror(errno));
		st->tmp[0] = '\0';
		rc = WK_EXIT_RUNTIME;
		goto out;
	}
	/* Invariant 5: the stop signals go to the main thread only. */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stops, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!(d = daemon_start(st, ai))) {
		fprintf(stderr, "wijksim: serve: cannot listen on %s port %s (in use, or not an "
		        "address of this machine)\n", o.host, port_text);
		rc = WK_EXIT_RUNTIME;
		goto out;
	}
	if (!st->loopback)
		fprintf(stderr, "wijksim: serve: WARNING: listening on %s, not on the loopback "
		        "address: anyone who can reach this machine on port %u can use the "
		        "explorer and start runs. Use this only on a network you trust.\n",
		        o.host, st->port);
	printf("wijksim: serving the explorer at http://%s%s%s:%u/ (%zu scenarios; Ctrl-C "
	       "stops)\n", ai->ai_family == AF_INET6 ? "[" : "",
	       st->loopback && ai->ai_family == AF_INET ? "127.0.0.1" : o.host,
	       ai->ai_family == AF_INET6 ? "]" : "", st->port, st->n_scenarios);
	fflush(stdout);
	while (sigwait(&stops, &sig) != 0)
		;
	fprintf(stderr, "wijksim: serve: stopping (signal %d)\n", sig);
	pthread_mutex_lock(&st->lock);
	st->stopping = 1;
	if (st->current_stop)
		*st->current_stop = 1;
	pthread_cond_broadcast(&st->engine_free);
	pthread_mutex_unlock(&st->lock);
	/* Let a stopped run answer (503) before the connections close: its
	 * engine stops within a simulated day. */
	for (int i = 0; i < STOP_WAIT_STEPS; i++) {
		pthread_mutex_lock(&st->lock);
		int busy = st->runs_admitted;
		pthread_mutex_unlock(&st->lock);
		if (!busy)
			break;
		usleep(10000);
	}
	usleep(50000);
	MHD_stop_daemon(d);
	rc = 0;
out:
	if (ai)
		freeaddrinfo(ai);
	tmp_clean(st);
	free(o.files);
	state_free(st);
	free(st);
	return rc;
}
