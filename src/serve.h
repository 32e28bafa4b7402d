/*
 * serve.h — `wijksim serve`: the explorer's local web server (README.md
 * "Exploring interactively", web/API.md).
 */
#ifndef WK_SERVE_H
#define WK_SERVE_H

/* Run the server until SIGINT, SIGTERM or SIGHUP: argv[0] is "serve".
 * Returns the exit status: 0 after a clean stop, 1 when it cannot start
 * (port taken, no temporary folder), 2 for bad options or scenarios. */
int serve_main(int argc, char **argv, const char *version);

#endif
