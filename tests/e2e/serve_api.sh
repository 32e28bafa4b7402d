#!/usr/bin/env bash
# serve_api.sh — `wijksim serve`: the JSON API of web/API.md and its
# security rules, against the built binary on a free port (the checks are
# in serve_api.py, next to this file): every endpoint's happy path, the
# run's numbers against the analysis, downloads that `wijksim info` and
# `rerun` accept, malformed JSON, unknown settings and out-of-range values
# with the CLI's message, oversized bodies, path traversal (plain, encoded,
# double-encoded), too-large and too-long runs, 429 beyond the concurrent
# runs, 50 concurrent requests, Host and Origin checks, no listening on a
# non-loopback address by default, a clean stop on SIGINT and SIGTERM with
# the temporary folder removed, and the bad command lines.
. "$(dirname "$0")/lib.sh"
"$PY" "$(dirname "$0")/serve_api.py" "$W" "$tmp"
