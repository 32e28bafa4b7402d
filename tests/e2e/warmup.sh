# Warm-up (simulation.warmup_days): a run with a warm-up of W days and D
# output days is the last D days of a run of W + D days without one, to the
# bit, for every metric except the two counted "since output day 0"
# (clients, residents_helped, which start again after the warm-up); and it
# stays bit-identical at 1, 2 and 4 threads, over wijken and over runs.
. "$(dirname "$0")/lib.sh"
cfg=$(small warm)
common=(-r 2 --quiet --check --set world.wijken=4 --set world.residents_per_wijk=2500)
# W = 210 days is a whole number of weeks (the same weekdays) and of output
# intervals (7 days), so interval t of the short run is t + 30 of the long.
"$W" run "$cfg" -o "$tmp/long.h5" "${common[@]}" --days 350 --set simulation.warmup_days=0
for t in 1 2 4; do
	"$W" run "$cfg" -o "$tmp/warm_$t.h5" -t $t "${common[@]}" --days 140 \
		--set simulation.warmup_days=210
done
for t in 2 4; do
	$PY tests/h5same.py "$tmp/warm_1.h5" "$tmp/warm_$t.h5" || die "warm-up: 1 vs $t threads differ"
done
"$W" run "$cfg" -o "$tmp/across.h5" -t 2 -r 4 --quiet --days 140 \
	--set simulation.warmup_days=210 --set world.residents_per_wijk=2500
"$W" run "$cfg" -o "$tmp/across1.h5" -t 1 -r 4 --quiet --days 140 \
	--set simulation.warmup_days=210 --set world.residents_per_wijk=2500
$PY tests/h5same.py "$tmp/across1.h5" "$tmp/across.h5" || die "warm-up: runs across threads differ"
$PY - "$tmp/warm_1.h5" "$tmp/long.h5" <<'PY' || die "warm-up is not the tail of a longer run"
import sys
import h5py
import numpy as np
short = h5py.File(sys.argv[1], "r")["scenarios/warm"]
long_ = h5py.File(sys.argv[2], "r")["scenarios/warm"]
assert short.attrs["days"] == 140 and long_.attrs["days"] == 350
since_day_0 = {"clients", "residents_helped"}
checked = 0
for name, ds in short.items():
    if "kind" not in ds.attrs or name in since_day_0:
        continue
    tail = long_[name][:, 30:]
    if not np.array_equal(ds[:], tail, equal_nan=True):
        sys.exit(f"{name}: warm-up run differs from the tail of the long run")
    checked += 1
assert checked >= 30, checked
# the since-day-0 counters start again: fewer clients than the long run's tail
assert (short["clients"][:, -1].sum() < long_["clients"][:, -1].sum())
# and the warm-up did something: the first week is not an empty start
assert short["caseload"][:, 0].sum() > 0
print(f"warm-up: {checked} metrics equal the tail of a {350}-day run")
PY
echo "warm-up ok"
