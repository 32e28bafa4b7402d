#!/usr/bin/env bash
# valgrind.sh BINARY — memcheck over a small run (make valgrind).
#
# Runs under valgrind --leak-check=full: a small baseline run
# (--days 30 -r 2 -t 1, with --check), `info` on its result, `rerun` of it,
# and two refused inputs (a bad scenario, a bad --set) so that the error
# paths are covered. Fails on any memory error and on definite or indirect
# leaks; "still reachable" blocks (libgomp's thread pool, HDF5's free lists
# and library state) are not errors. tests/valgrind.supp holds one known
# leak outside wijksim: libconfig 1.5 loses a string token on a syntax error.
# Not part of `make test`: it takes about a minute (see the summary line).
set -euo pipefail
bin=${1:-bin/wijksim}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not installed (apt-get install valgrind)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --error-exitcode=3 --track-origins=yes --suppressions=tests/valgrind.supp)
failed=0

# vg_run NAME WANT_STATUS ARGS...
vg_run() {
	local name=$1 want=$2 rc
	shift 2
	set +e
	"${vg[@]}" --log-file="$tmp/$name.vg" "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	set -e
	if [ "$rc" != "$want" ] || [ -s "$tmp/$name.vg" ]; then
		echo "FAIL $name: exit $rc (expected $want)"
		sed 's/^/    /' "$tmp/$name.err" | tail -n 5
		sed 's/^/    /' "$tmp/$name.vg" | head -n 60
		failed=1
	else
		echo "ok   $name"
	fi
}

small=(--set world.residents_per_wijk=1500 --set world.wijken=2)
vg_run run 0 run scenarios/baseline.cfg -o "$tmp/out.h5" --days 30 -r 2 -t 1 --quiet --check "${small[@]}"
vg_run info 0 info "$tmp/out.h5"
vg_run rerun 0 rerun "$tmp/out.h5" -o "$tmp/again.h5" -t 1 --quiet --check
vg_run bad_scenario 2 validate tests/bad/rule_unknown_need.cfg
vg_run syntax_error 2 validate tests/bad/syntax_error_string.cfg
vg_run bad_set 2 run scenarios/baseline.cfg -o "$tmp/bad.h5" --set roles.nobody.fte_per_1000=1
vg_run exists 2 run tests/bad/base/minimal.cfg -o "$tmp/out.h5" -t 1 --quiet

echo "valgrind: $(( $(date +%s) - start )) s, $([ $failed = 0 ] && echo 'no errors, no definite or indirect leaks' || echo FAILED)"
exit "$failed"
