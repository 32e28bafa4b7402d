# experiment_series.sh — `wijksim experiment --series` (issue 15): every
# run's time series in /experiments/<name>/series/<metric> [point,
# replicate, time, axes], the same at -t 1 and -t 2; each run's summary is
# its series summarised (a flow summed per year, a mean weighted by interval
# length); without --series there is no series group; --resume refuses a
# partial file whose series do not match the option.
. "$(dirname "$0")/lib.sh"
fx=tests/fixtures/experiment/lhs.cfg
"$W" experiment "$fx" -o "$tmp/a.h5" --series --quiet -t 2 || die "experiment --series failed"
"$W" experiment "$fx" -o "$tmp/b.h5" --series --quiet -t 1 || die "experiment --series -t 1 failed"
"$W" experiment "$fx" -o "$tmp/plain.h5" --quiet -t 2 || die "experiment failed"
$PY - "$tmp/a.h5" "$tmp/b.h5" "$tmp/plain.h5" <<'PY' || die "series layout"
import sys
import h5py
import numpy as np
a = h5py.File(sys.argv[1], "r")["experiments/gp_and_meetings"]
b = h5py.File(sys.argv[2], "r")["experiments/gp_and_meetings"]
plain = h5py.File(sys.argv[3], "r")["experiments/gp_and_meetings"]
assert "series" not in plain, "a series group without --series"
s = a["series"]
P, R, T = 12, 3, 12                     # 84 days, output every 7
assert (s["time"][()] == np.arange(7, 85, 7)).all(), s["time"][()]
w = np.diff(s["time_bounds"][()], axis=1)[:, 0]
assert s["contacts"].shape == (P, R, T, len(a["role"])), s["contacts"].shape
assert s["contacts_by_type"].shape == (P, R, T, len(a["role"]), len(a["need_type"]))
flow = s["contacts"][()].sum(axis=2) * 365 / 84
assert np.allclose(flow, a["contacts"][()], rtol=1e-12), "flow summary"
u = s["utilisation"][()]
m = ~np.isnan(u)
mean = (np.where(m, u, 0) * w[None, None, :, None]).sum(axis=2) / (m * w[None, None, :, None]).sum(axis=2)
assert np.allclose(mean, a["utilisation"][()], equal_nan=True), "mean summary"
for k in s:
    assert np.array_equal(s[k][()], b["series"][k][()], equal_nan=True), f"{k} differs at -t 1"
for k in ("contacts", "utilisation", "cost_total", "factor_values"):   # --series adds, changes nothing
    assert np.array_equal(a[k][()], plain[k][()], equal_nan=True), f"{k} differs with --series"
print("series:", len(s) - 2, "metrics of", P, "points x", R, "replicates x", T, "intervals")
PY
# --resume: a partial file with series needs --series, one without refuses it
cp "$tmp/a.h5" "$tmp/c.h5.partial"
set +e
"$W" experiment "$fx" -o "$tmp/c.h5" --resume --quiet 2>"$tmp/stderr"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "holds time series: resume it with --series" "$tmp/stderr" ||
	die "resume without --series: status $rc $(cat "$tmp/stderr")"
"$W" experiment "$fx" -o "$tmp/c.h5" --resume --series --quiet || die "resume --series failed"
cp "$tmp/plain.h5" "$tmp/d.h5.partial"
set +e
"$W" experiment "$fx" -o "$tmp/d.h5" --resume --series --quiet 2>"$tmp/stderr"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "holds no time series: resume it without --series" "$tmp/stderr" ||
	die "resume with --series: status $rc $(cat "$tmp/stderr")"
echo "experiment --series ok"
