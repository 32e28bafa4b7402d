# A stop request (SIGINT, SIGTERM, SIGHUP) stops a run within about a
# second wherever it is, exits with 128 + the signal's number (130, 143,
# 129) after one line saying so (a clean stop, not a death by the signal),
# and leaves no file at the target path and no temporary file. Also when
# the run is inside one long output interval (issue 19: the flag used to
# be read only between intervals, and such a run finished with exit 0).
. "$(dirname "$0")/lib.sh"
cfg=$(small interrupt)

# stop_run SIGNAL STATUS SLEEP ARGS...: start a run, send SIGNAL after SLEEP
# seconds, check the status, the message, the time taken and that nothing
# is left.
stop_run() {
	local sig=$1 want=$2 nap=$3; shift 3
	rm -f "$tmp"/out.h5*
	"$W" run "$cfg" -o "$tmp/out.h5" --quiet "$@" 2>"$tmp/stderr" &
	local pid=$!
	sleep "$nap"
	kill -"$sig" $pid
	local start; start=$(date +%s.%N)
	set +e
	wait $pid
	local status=$?
	set -e
	took=$(echo "$(date +%s.%N) - $start" | bc)
	[ "$status" = "$want" ] || die "$sig: exit status $status, expected $want ($(cat "$tmp/stderr"))"
	grep -q "interrupted; the partial result was removed" "$tmp/stderr" ||
		die "$sig: no 'interrupted' line: $(cat "$tmp/stderr")"
	[ ! -e "$tmp/out.h5" ] || die "$sig: a file exists at the target path"
	if ls "$tmp"/out.h5.tmp* >/dev/null 2>&1; then die "$sig: a temporary file was left behind"; fi
	awk "BEGIN { exit !($took < 3.0) }" || die "$sig: took $took s to stop"
}

stop_run INT 130 1.5 -r 400 --days 3650 -t 2
stop_run TERM 143 1 -r 400 --days 3650 -t 2
stop_run HUP 129 1 -r 400 --days 3650 -t 2
# One output interval of 100 years, no warm-up: the stop must come from
# inside the day loop, and the run must not finish and exit 0.
stop_run INT 130 1 -r 1 --days 36500 -t 1 --set simulation.output_every=36500 \
	--set simulation.warmup_days=0
stop_run TERM 143 1 -r 1 --days 36500 -t 2 --set simulation.output_every=36500
echo "interrupt ok (last stop in $took s)"
