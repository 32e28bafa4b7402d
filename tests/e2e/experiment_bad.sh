# experiment_bad.sh — every bad experiment section in tests/bad/experiment/
# is refused by `wijksim experiment`, and every bad calibration section in
# tests/bad/calibration/ by `wijksim calibrate`, with status 2, one line on
# stderr that names the file, line and setting (the .expect's `grep` lines,
# as in tests/e2e/bad_scenarios.sh), and no file (result, partial or
# temporary) left behind. Also: bad command lines of `experiment` exit 2.
. "$(dirname "$0")/lib.sh"
cases=0
corpus() {   # corpus COMMAND FOLDER
local cmd=$1 bad=$2
for expect in "$bad"/*.expect; do
	name=$(basename "$expect" .expect)
	cfg=$bad/$name.cfg
	[ -f "$cfg" ] || die "$expect has no $name.cfg"
	want=$(sed -n 's/^status //p' "$expect")
	set +e
	"$W" "$cmd" "$cfg" -o "$tmp/out.h5" --quiet >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	set -e
	err=$(cat "$tmp/stderr")
	[ "$rc" = "$want" ] || die "$name: exited $rc, expected $want: $err"
	[ "$(wc -l <"$tmp/stderr")" = 1 ] || die "$name: expected one line on stderr: $err"
	case "$err" in wijksim:\ *) ;; *) die "$name: error does not start with 'wijksim: ': $err" ;; esac
	while IFS= read -r g; do
		case "$err" in *"$g"*) ;; *) die "$name: error lacks '$g': $err" ;; esac
	done < <(sed -n 's/^grep //p' "$expect")
	if compgen -G "$tmp/out.h5*" >/dev/null; then
		die "$name: left $(cd "$tmp" && echo out.h5*)"
	fi
	cases=$((cases + 1))
done
for cfg in "$bad"/*.cfg; do
	[ -f "${cfg%.cfg}.expect" ] || die "$(basename "$cfg"): no .expect file"
done
}
corpus experiment tests/bad/experiment
corpus calibrate tests/bad/calibration
[ "$cases" -ge 35 ] || die "only $cases cases"

# Bad command lines.
expect_usage() {   # expect_usage WHAT ARGS...
	local what=$1; shift
	set +e
	"$W" experiment "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	local rc=$?
	set -e
	[ "$rc" = 2 ] || die "$what: exited $rc, expected 2: $(cat "$tmp/stderr")"
	[ "$(wc -l <"$tmp/stderr")" = 1 ] || die "$what: expected one line: $(cat "$tmp/stderr")"
}
good=tests/fixtures/experiment/lhs.cfg
expect_usage "no file"
expect_usage "two files" "$good" "$good"
expect_usage "bad -t" "$good" -t 0
expect_usage "unknown option" "$good" --series-of-tubes
expect_usage "a scenario without an experiment" tests/bad/base/minimal.cfg -o "$tmp/x.h5"
grep -q "an experiment needs at least one factor" "$tmp/stderr" || die "no-experiment message: $(cat "$tmp/stderr")"
expect_usage "--resume with nothing to resume" "$good" -o "$tmp/none.h5" --resume
grep -q "nothing to resume" "$tmp/stderr" || die "resume message: $(cat "$tmp/stderr")"
echo "experiment_bad: $cases bad experiment and calibration sections refused, command line checked"
