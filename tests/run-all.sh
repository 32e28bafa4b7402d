#!/usr/bin/env bash
# Run every test tier and end with one summary line: "N passed, N failed".
#   tests/run-all.sh [--unit-only] BUILD_DIR BINARY
# Tier 0: the layout rules (scripts/style-check.sh); not with --unit-only.
# Tier 1: each cmocka binary in BUILD_DIR/tests (one per module).
# Tier 2: end-to-end tests of the built binary (tests/e2e/*.sh, tests/*.py).
# A test that exits 77 was skipped (e.g. mpi.sh without Open MPI): it is
# listed as "skip" with its last line, and counted neither way.
set -u
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
build=${1:-build}
bin=${2:-bin/wijksim}
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
failed_names=()
skipped_names=()

run_one() {   # name, command...
	local name=$1; shift
	local log; log=$(mktemp)
	local rc=0
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$name"
	elif [ "$rc" -eq 77 ]; then
		skipped_names+=("$name ($(tail -n 1 "$log"))")
		printf 'skip  %s: %s\n' "$name" "$(tail -n 1 "$log")"
	else
		failed=$((failed + 1))
		failed_names+=("$name")
		printf 'FAIL  %s\n' "$name"
		sed 's/^/      /' "$log" | tail -n 60
	fi
	rm -f "$log"
}

if [ "$unit_only" = 0 ]; then
	run_one "style" bash "$here/../scripts/style-check.sh"
fi

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	run_one "unit $(basename "$t")" "$t"
done

if [ "$unit_only" = 0 ]; then
	export WIJKSIM="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
	for t in "$here"/e2e/*.sh; do
		[ -f "$t" ] || continue
		case "$(basename "$t")" in lib*.sh) continue ;; esac   # sourced helpers
		run_one "e2e $(basename "$t" .sh)" bash "$t"
	done
	for t in "$here"/test_*.py; do
		[ -f "$t" ] || continue
		run_one "py $(basename "$t" .py)" /usr/bin/python3 "$t"
	done
fi

echo
if [ "${#skipped_names[@]}" -gt 0 ]; then
	printf 'skipped: %s\n' "${skipped_names[@]}"
fi
if [ "$failed" -gt 0 ]; then
	printf 'failed: %s\n' "${failed_names[@]}"
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
