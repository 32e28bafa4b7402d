#!/usr/bin/env bash
# bad_cli.sh — command-line abuse: every mistake gets the right exit status
# (2 bad usage, 1 runtime failure such as an unwritable folder), exactly one
# line on stderr that says what was wrong, never a signal, and never a
# result file left behind. Successful runs here use --check.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
W=${WIJKSIM:-$here/bin/wijksim}
M=$here/tests/bad/base/minimal.cfg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
cases=0

fail() {
	echo "FAIL $*"
	failures=$((failures + 1))
}

# expect STATUS SUBSTRING -- ARGS...: run wijksim ARGS in $tmp/work and check
# the status (a|b accepts either), one stderr line containing SUBSTRING, and
# that no new file appeared in the work folder.
expect() {
	local want=$1 text=$2 rc err lines before after
	shift 3
	cases=$((cases + 1))
	mkdir -p "$tmp/work"
	before=$(cd "$tmp/work" && ls -A | sort)
	(cd "$tmp/work" && "$W" "$@") >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	err=$(cat "$tmp/stderr")
	after=$(cd "$tmp/work" && ls -A | sort)
	local what="wijksim $*"
	if [ "$rc" -ge 128 ]; then
		fail "$what: died of signal $((rc - 128)): $err"
		return
	fi
	case "|$want|" in
	*"|$rc|"*) ;;
	*) fail "$what: exited $rc, expected $want; stderr: $err"; return ;;
	esac
	lines=$(wc -l <"$tmp/stderr")
	[ "$lines" = 1 ] || fail "$what: $lines lines on stderr, expected one: $err"
	case "$err" in
	"wijksim: "*"$text"*) ;;
	*) fail "$what: stderr lacks '$text': $err" ;;
	esac
	[ "$before" = "$after" ] || fail "$what: files appeared: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
}

# A good result to play with (and proof that a normal run passes --check).
"$W" run "$M" -o "$tmp/good.h5" --days 5 -r 1 -t 2 --quiet --check 2>"$tmp/stderr" \
	|| fail "a good run failed: $(cat "$tmp/stderr")"
[ -s "$tmp/stderr" ] && fail "a good --quiet run wrote on stderr: $(cat "$tmp/stderr")"
mkdir -p "$tmp/work"
echo "not HDF5" >"$tmp/text.h5"
printf 'name = "minimal";\n' >"$tmp/work/-dash.cfg"

# Commands and options.
expect 2 "no command given" -- 
expect 2 "unknown command 'frobnicate'" -- frobnicate
expect 2 "unknown command '--bogus'" -- --bogus
expect 2 "unknown option '--bogus'" -- run "$M" --bogus
expect 2 "unknown option '-x'" -- validate "$M" -x
expect 2 "'--' is not supported" -- run -- -dash.cfg
expect 2 "option -o needs a value" -- run "$M" -o
expect 2 "option --set needs a value" -- run "$M" --set
expect 2 "option -t needs a value" -- run "$M" -t
expect 2 "run needs at least one scenario file" -- run
expect 2 "run needs at least one scenario file" -- run -o out.h5
expect 2 "validate needs exactly one scenario file" -- validate
expect 2 "validate needs exactly one scenario file" -- validate "$M" "$M"
expect 2 "validate takes no -o" -- validate "$M" -o out.h5
expect 2 "validate takes no --force" -- validate "$M" --force
expect 2 "settings takes no arguments" -- settings "$M"
expect 2 "info needs exactly one result file" -- info
expect 2 "info needs exactly one result file" -- info a.h5 b.h5
expect 2 "rerun needs -o AGAIN.h5" -- rerun "$tmp/good.h5"
expect 2 "rerun takes no --set" -- rerun "$tmp/good.h5" -o again.h5 --days 3

# --set.
expect 2 "unknown setting 'colour'" -- run "$M" -o out.h5 --set world.colour=green
expect 2 "no element named 'nobody'" -- run "$M" -o out.h5 --set roles.nobody.fte_per_1000=1
expect 2 "no element 99" -- run "$M" -o out.h5 --set 'roles.[99].fte_per_1000=1'
expect 2 "expected an integer between 1 and 36500" -- run "$M" -o out.h5 --set simulation.days=ten
expect 2 "expected a float between 0 and 1" -- run "$M" -o out.h5 --set world.vulnerable_share=2.5
expect 2 "expected a group" -- validate "$M" --set world=3
expect 2 "not a finite number" -- validate "$M" --set world.vulnerable_share=1e400
expect 2 "--set needs PATH=VALUE, got 'simulation.days'" -- run "$M" -o out.h5 --set simulation.days
expect 2 "expected path=value with both parts" -- run "$M" -o out.h5 --set simulation.days=
expect 2 "expected path=value with both parts" -- run "$M" -o out.h5 --set =5
expect 2 "cannot read" -- validate "$M" --set 'simulation.days=5; name="y"'

# Numbers on the command line.
expect 2 "-t needs a number of threads from 1 to 1024, got '0'" -- run "$M" -o out.h5 -t 0
expect 2 "-t needs a number of threads from 1 to 1024, got '-1'" -- run "$M" -o out.h5 -t -1
expect 2 "-t needs a number of threads from 1 to 1024, got 'abc'" -- run "$M" -o out.h5 -t abc
expect 2 "-t needs a number of threads from 1 to 1024, got '1025'" -- run "$M" -o out.h5 -t 1025
expect 2 "-r needs a whole number of replicates from 1 to 100000, got '0'" -- run "$M" -o out.h5 -r 0
expect 2 "-r needs a whole number of replicates from 1 to 100000, got '1.5'" -- run "$M" -o out.h5 -r 1.5
expect 2 "--days needs a whole number of days from 1 to 36500, got '-5'" -- run "$M" -o out.h5 --days -5
expect 2 "--days needs a whole number of days from 1 to 36500, got '0'" -- run "$M" -o out.h5 --days 0
expect 2 "--days needs a whole number of days from 1 to 36500, got '99999999999999999999'" -- run "$M" -o out.h5 --days 99999999999999999999
expect 2 "--seed needs a whole number from 0 to 9200000000000000000, got '-1'" -- run "$M" -o out.h5 --seed -1
expect 2 "--seed needs a whole number from 0 to 9200000000000000000, got '18446744073709551616'" -- run "$M" -o out.h5 --seed 18446744073709551616
# --seed's range is simulation.seed's ('wijksim settings'): its maximum is
# accepted, one more is refused by --seed itself, not by the setting.
expect 2 "--seed needs a whole number from 0 to 9200000000000000000, got '9200000000000000001'" -- run "$M" -o out.h5 --seed 9200000000000000001
cases=$((cases + 1))
"$W" validate "$M" --seed 9200000000000000000 >"$tmp/stdout" 2>"$tmp/stderr" ||
	fail "--seed at simulation.seed's maximum refused: $(cat "$tmp/stderr")"
# --days shorter than an education scenario's output interval (set in its
# base, ../baseline.cfg): the error says how to go with the short --days.
expect 2 "with a short --days, add --set simulation.output_every=3" -- \
	run "$here/scenarios/education/klein.cfg" -o out.h5 --days 3 --quiet

# Line breaks in arguments are escaped: still one line.
expect 2 "got '1\\n2'" -- run "$M" -o out.h5 -t "$(printf '1\n2')"
expect 2 "a\\nb.cfg: cannot open scenario" -- validate "$(printf 'a\nb.cfg')"
expect 2 "(in --set name=\"a\\nb\")" -- validate "$M" --set "$(printf 'name="a\nb"')"

# Files.
expect 2 "cannot open scenario: No such file or directory" -- run "$tmp/missing.cfg" -o out.h5
expect 2 "cannot open scenario: it is a folder" -- validate "$tmp"
expect 2 "is a folder; give a file name" -- run "$M" -o "$tmp" --days 5 -r 1 --quiet
expect 2 "is a folder; give a file name" -- run "$M" -o . --days 5 -r 1 --quiet
expect 1 "cannot write to folder '$tmp/nowhere'" -- run "$M" -o "$tmp/nowhere/out.h5" --days 5 -r 1 --quiet
expect 2 "no output file name given" -- run "$M" -o '' --days 5 -r 1 --quiet
expect 2 "is also the name of" -- run "$M" "$M" -o out.h5 --days 5 -r 1 --quiet

# An existing result is not overwritten without --force, byte for byte.
sum=$(sha256sum <"$tmp/good.h5")
expect 2 "good.h5" -- run "$M" -o "$tmp/good.h5" --days 5 -r 1 --quiet
[ "$(sha256sum <"$tmp/good.h5")" = "$sum" ] || fail "an existing result changed without --force"
expect 2 "good.h5" -- rerun "$tmp/good.h5" -o "$tmp/good.h5" --quiet
[ "$(sha256sum <"$tmp/good.h5")" = "$sum" ] || fail "rerun onto its own input changed it"
cp "$tmp/good.h5" "$tmp/work/copy.h5"
"$W" run "$M" -o "$tmp/work/copy.h5" --days 6 -r 1 --quiet --check --force 2>"$tmp/stderr" \
	|| fail "--force run failed: $(cat "$tmp/stderr")"
cmp -s "$tmp/good.h5" "$tmp/work/copy.h5" && fail "--force did not replace the result"
rm -f "$tmp/work/copy.h5"

# info and rerun on things that are not results. A missing file: h5out.h
# documents status 1 ("cannot be read"); 2 would match `run missing.cfg`.
expect "1|2" "No such file or directory" -- info "$tmp/missing.h5"
expect 2 "not a wijksim result file" -- info "$tmp/text.h5"
expect 2 "not a wijksim result file" -- info "$M"
expect 2 "is a folder" -- info "$tmp"
expect "1|2" "No such file or directory" -- rerun "$tmp/missing.h5" -o again.h5
expect 2 "not a wijksim result file" -- rerun "$tmp/text.h5" -o again.h5
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
	/usr/bin/python3 -c 'import h5py,sys; h5py.File(sys.argv[1], "w").create_dataset("x", data=[1])' "$tmp/other.h5"
	expect 2 "not a wijksim result" -- info "$tmp/other.h5"
	expect 2 "not a wijksim result" -- rerun "$tmp/other.h5" -o again.h5
fi

# And the good result still reads and reruns (with --check).
"$W" info "$tmp/good.h5" >/dev/null 2>"$tmp/stderr" || fail "info on a good result failed: $(cat "$tmp/stderr")"
"$W" rerun "$tmp/good.h5" -o "$tmp/again.h5" --quiet --check 2>"$tmp/stderr" \
	|| fail "rerun of a good result failed: $(cat "$tmp/stderr")"

echo "bad command lines: $cases cases, $failures failures"
[ "$failures" -eq 0 ]
