#!/usr/bin/env bash
# bad_scenarios.sh — every case in tests/bad/ must be refused cleanly.
#
# For each tests/bad/NAME.cfg with its NAME.expect, run
#   wijksim validate NAME.cfg
#   wijksim run NAME.cfg -o TMP/out.h5 --days 5 -r 1 --quiet --check
# and check: the exit status (never a signal), exactly one line on stderr
# when it fails, that line containing every `grep` substring, and no result
# file (nor a temporary one) left behind after a failure.
#
# NAME.expect, one directive per line:
#   status N            expected status of both commands (2: refused, 0: accepted)
#   validate_status N   ... of validate only
#   run_status N        ... of run only
#   grep TEXT           the error line of a failing command contains TEXT
#   warning TEXT        validate's stderr contains TEXT (status 0 cases; run
#                       is --quiet and prints no warnings)
# More cases are generated here: a file above SCEN_MAX_FILE_BYTES (4 MiB),
# FIFOs as scenario, base and include, and includes above that budget.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bad=$here/bad
bin=${WIJKSIM:-$here/../bin/wijksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
cases=0

fail() {
	echo "FAIL $*"
	failures=$((failures + 1))
}

# check_one NAME CFG EXPECT_FILE
check_one() {
	local name=$1 cfg=$2 expect=$3
	local vstatus="" rstatus="" greps=() warns=() key rest
	while IFS= read -r line || [ -n "$line" ]; do
		key=${line%% *}
		rest=${line#* }
		case "$key" in
		status) vstatus=$rest; rstatus=$rest ;;
		validate_status) vstatus=$rest ;;
		run_status) rstatus=$rest ;;
		grep) greps+=("$rest") ;;
		warning) warns+=("$rest") ;;
		''|'#'*) ;;
		*) fail "$name: unknown directive '$line' in $expect"; return ;;
		esac
	done <"$expect"
	if [ -z "$vstatus" ] || [ -z "$rstatus" ]; then
		fail "$name: $expect gives no status"
		return
	fi
	cases=$((cases + 1))
	local cmd want rc err lines out=$tmp/out.h5
	for cmd in validate run; do
		rm -f "$tmp"/out.h5*
		if [ "$cmd" = validate ]; then
			want=$vstatus
			timeout 20 "$bin" validate "$cfg" >"$tmp/stdout" 2>"$tmp/stderr"
		else
			want=$rstatus
			timeout 20 "$bin" run "$cfg" -o "$out" --days 5 -r 1 --quiet --check \
				>"$tmp/stdout" 2>"$tmp/stderr"
		fi
		rc=$?
		err=$(cat "$tmp/stderr")
		if [ "$rc" -ge 128 ]; then
			fail "$name: $cmd died of signal $((rc - 128)): $err"
			continue
		fi
		if [ "$rc" != "$want" ]; then
			fail "$name: $cmd exited $rc, expected $want; stderr: $err"
			continue
		fi
		if [ "$rc" != 0 ]; then
			lines=$(wc -l <"$tmp/stderr")
			if [ "$lines" != 1 ] || [ "$(tail -c 1 "$tmp/stderr" | od -An -c | tr -d ' ')" != '\n' ]; then
				fail "$name: $cmd wrote $lines lines on stderr, expected exactly one: $err"
			fi
			case "$err" in
			wijksim:\ *) ;;
			*) fail "$name: $cmd error does not start with 'wijksim: ': $err" ;;
			esac
			for g in "${greps[@]}"; do
				case "$err" in
				*"$g"*) ;;
				*) fail "$name: $cmd error lacks '$g': $err" ;;
				esac
			done
			if compgen -G "$tmp/out.h5*" >/dev/null; then
				fail "$name: $cmd failed but left $(cd "$tmp" && echo out.h5*)"
			fi
		else
			if [ "$cmd" = validate ]; then
				for g in "${warns[@]}"; do
					case "$err" in
					*"$g"*) ;;
					*) fail "$name: validate stderr lacks warning text '$g': $err" ;;
					esac
				done
				[ -s "$tmp/stdout" ] || fail "$name: validate printed no effective scenario"
			else
				[ -f "$out" ] || fail "$name: run exited 0 but wrote no $out"
				if compgen -G "$tmp/out.h5.tmp*" >/dev/null; then
					fail "$name: run left a temporary file behind"
				fi
			fi
		fi
	done
}

for expect in "$bad"/*.expect; do
	name=$(basename "$expect" .expect)
	cfg=$bad/$name.cfg
	if [ ! -f "$cfg" ]; then
		fail "$name: $expect has no $name.cfg"
		continue
	fi
	check_one "$name" "$cfg" "$expect"
done
for cfg in "$bad"/*.cfg; do
	[ -f "${cfg%.cfg}.expect" ] || fail "$(basename "$cfg"): no .expect file"
done

# Generated: a file just above 4 MiB of valid-looking text.
big=$tmp/gen/too_large.cfg
mkdir -p "$tmp/gen"
{
	cat "$bad/base/minimal.cfg"
	yes '# padding: a scenario file this large is surely a mistake' | head -c 4300000
} >"$big"
printf 'status 2\ngrep too_large.cfg\ngrep larger than 4194304 bytes\n' >"$tmp/gen/too_large.expect"
check_one too_large "$big" "$tmp/gen/too_large.expect"

# Generated: FIFOs as the scenario, as its base and as an include must be
# refused at once (they used to hang; every command runs under `timeout`,
# so a hang is a failure, status 124).
mkfifo "$tmp/gen/pipe.cfg"
printf 'extends = "pipe.cfg";\nname = "x";\n' >"$tmp/gen/extends_fifo.cfg"
printf '@include "pipe.cfg"\nname = "x";\n' >"$tmp/gen/include_fifo.cfg"
printf 'status 2\ngrep pipe.cfg: cannot open scenario: it is not a regular file\n' \
	>"$tmp/gen/pipe.expect"
printf 'status 2\ngrep extends_fifo.cfg:1:\ngrep not a regular file\n' >"$tmp/gen/extends_fifo.expect"
printf 'status 2\ngrep include_fifo.cfg:1:\ngrep not a regular file\n' >"$tmp/gen/include_fifo.expect"
for name in pipe extends_fifo include_fifo; do
	check_one "$name" "$tmp/gen/$name.cfg" "$tmp/gen/$name.expect"
done

# Generated: one size budget for the text with all its includes: 16
# includes of a 3.9 MB fragment (each under the 4 MiB file limit).
yes '# padding of an included fragment' | head -c 3900000 >"$tmp/gen/pad.cfg"
{
	cat "$bad/base/minimal.cfg"
	for i in $(seq 1 16); do echo '@include "pad.cfg"'; done
} | sed 's/^name = "minimal";/name = "include_budget";/' >"$tmp/gen/include_budget.cfg"
printf 'status 2\ngrep include_budget.cfg:\ngrep with the included file '"'"'pad.cfg'"'"' the scenario text would be larger than 4194304 bytes\n' \
	>"$tmp/gen/include_budget.expect"
check_one include_budget "$tmp/gen/include_budget.cfg" "$tmp/gen/include_budget.expect"

echo "bad scenarios: $cases cases, $failures failures"
[ "$failures" -eq 0 ]
