# SIGINT stops a run within seconds, exit status non-zero, and leaves no
# file at the target path and no temporary file.
. "$(dirname "$0")/lib.sh"
cfg=$(small interrupt)
"$W" run "$cfg" -o "$tmp/out.h5" -r 400 --days 3650 --quiet -t 2 &
pid=$!
sleep 1.5
kill -INT $pid
start=$(date +%s.%N)
set +e
wait $pid
status=$?
set -e
took=$(echo "$(date +%s.%N) - $start" | bc)
[ "$status" -ne 0 ] || die "interrupted run exited 0"
[ "$status" -lt 128 ] || die "interrupted run died of a signal ($status) instead of stopping cleanly"
[ ! -e "$tmp/out.h5" ] || die "a file exists at the target path"
ls "$tmp"/out.h5.tmp* >/dev/null 2>&1 && die "a temporary file was left behind"
awk "BEGIN { exit !($took < 3.0) }" || die "took $took s to stop"
# SIGTERM too
"$W" run "$cfg" -o "$tmp/out.h5" -r 400 --days 3650 --quiet -t 2 &
pid=$!
sleep 1
kill -TERM $pid
set +e; wait $pid; status=$?; set -e
[ "$status" -ne 0 ] && [ "$status" -lt 128 ] || die "SIGTERM: status $status"
[ ! -e "$tmp/out.h5" ] || die "SIGTERM left a file at the target"
echo "interrupt ok (stopped in $took s)"
