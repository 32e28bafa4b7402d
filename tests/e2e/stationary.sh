# The baseline after its warm-up stands still: three output years of every
# formal role's utilisation, contacts, waiting list and wait without a trend
# beyond 5% (tests/long/stationarity.py; make check-long runs ten years with
# 20 replicates). Without the warm-up the same check must fail: the first
# year is a start-up transient.
. "$(dirname "$0")/lib.sh"
$PY tests/long/stationarity.py "$W" 3 8 0.05 > "$tmp/warm.txt" || { cat "$tmp/warm.txt"; die "baseline not stationary after its warm-up"; }
if $PY tests/long/stationarity.py "$W" 3 8 0.05 --set simulation.warmup_days=0 > "$tmp/cold.txt" 2>&1; then
	cat "$tmp/cold.txt"; die "no transient without a warm-up: the check cannot fail"
fi
tail -1 "$tmp/warm.txt"
echo "stationary ok"
