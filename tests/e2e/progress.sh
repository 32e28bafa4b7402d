#!/usr/bin/env bash
# progress.sh — on a terminal the bar advances within a replicate (a run of
# one replicate shows shares between 0 and 100% before "1/1 runs"), with the
# time elapsed and an estimate of the time left; not on a terminal, one line
# per interval (WIJKSIM_PROGRESS_SECONDS, default a minute); --quiet shows
# nothing either way. Progress never changes the results.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "progress: skipped (no script(1) for a terminal)"; exit 0; }
cfg=$(small progress)

# A terminal: script(1) gives the run a pseudo-terminal.
script -qec "'$W' run '$cfg' -o '$tmp/tty.h5' -r 1 --days 365 -t 1" "$tmp/typescript" \
	>/dev/null </dev/null
tr '\r' '\n' <"$tmp/typescript" | grep '^\[' >"$tmp/frames" || die "no progress bar on a terminal"
# frames within the replicate: 0/1 runs done, more than 0% and less than 100%
within=$(awk '/ 0\/1 runs/ { p = $2 + 0; if (p > 0 && p < 100) n++ } END { print n + 0 }' FS='] *' "$tmp/frames")
[ "$within" -ge 2 ] || die "the bar did not advance within the replicate: $(cat "$tmp/frames")"
grep -q "elapsed, [0-9.hms]* left" "$tmp/frames" || die "no elapsed time and time left: $(tail -n 1 "$tmp/frames")"
tail -n 1 "$tmp/frames" | grep -q "100%  1/1 runs" || die "the last frame is not 100%: $(tail -n 1 "$tmp/frames")"
# --quiet on a terminal: nothing
script -qec "'$W' run '$cfg' -o '$tmp/quiet.h5' -r 1 --days 30 -t 1 --quiet" "$tmp/typescript2" \
	>/dev/null </dev/null
tr '\r' '\n' <"$tmp/typescript2" | grep '^\[' >/dev/null && die "--quiet drew a bar"

# Not a terminal: lines, none with a carriage return.
WIJKSIM_PROGRESS_SECONDS=0.05 "$W" run "$cfg" -o "$tmp/log.h5" -r 2 --days 365 -t 1 \
	2>"$tmp/log" || die "run failed: $(cat "$tmp/log")"
n=$(grep -c "^wijksim: [0-9]*% simulated, [0-2] of 2 runs done, .* elapsed, about .* left$" "$tmp/log" || true)
[ "$n" -ge 2 ] || die "expected progress lines, got: $(cat "$tmp/log")"
grep -q $'\r' "$tmp/log" && die "a carriage return in a log"
WIJKSIM_PROGRESS_SECONDS=0.05 "$W" run "$cfg" -o "$tmp/q.h5" -r 1 --days 365 -t 1 --quiet 2>"$tmp/qlog"
[ -s "$tmp/qlog" ] && die "--quiet wrote: $(cat "$tmp/qlog")"
# The default, a minute: a short run prints no progress line.
"$W" run "$cfg" -o "$tmp/short.h5" -r 1 --days 30 -t 1 2>"$tmp/slog"
grep -q "% simulated" "$tmp/slog" && die "a progress line within the first minute: $(cat "$tmp/slog")"

$PY tests/h5same.py "$tmp/tty.h5" "$tmp/q.h5" >/dev/null || die "progress changed the results"
echo "progress ok: $within frames within one replicate, $n lines"
