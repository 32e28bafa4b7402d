# experiment.sh — `wijksim experiment` on a small LHS over the baseline
# (tests/fixtures/experiment/lhs.cfg: 12 points x 3 replicates, 1,500
# residents, 84 days):
#   - the /experiments/<name>/ layout: scales, factor_values inside the
#     ranges, a boolean factor at 0/1, done all 1, summaries' shapes, units;
#   - a factorial (tests/fixtures/experiment/factorial.cfg): every
#     combination of a 3-level range, a text setting's labels and an integer
#     setting's values, each reaching the model;
#   - common random numbers: needs_new (residents' life events) identical at
#     every point, replicate by replicate;
#   - a point's summaries equal those computed from `wijksim run` of the same
#     settings (flows summed x 365 / days, stocks time-averaged);
#   - bit-identical datasets at -t 1 and -t 2, and from the scenario text
#     stored in the file;
#   - an interrupt (the test hook, then a real SIGINT) leaves no file at the
#     target and a partial file, and --resume gives datasets identical to the
#     uninterrupted run; a partial file is not overwritten without --resume
#     or --force, and one of another experiment is refused on --resume.
. "$(dirname "$0")/lib.sh"
cfg=tests/fixtures/experiment/lhs.cfg

# same_experiment A B: every dataset under /experiments identical in bytes
same_experiment() {
	$PY - "$1" "$2" <<'PY'
import sys
import h5py
import numpy as np
def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f["experiments"].visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out
a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
assert sorted(a) == sorted(b), (sorted(set(a) ^ set(b)))
for k in a:
    x, y = a[k], b[k]
    assert x.shape == y.shape and x.dtype == y.dtype, (k, x.shape, y.shape)
    if x.dtype.kind in "fiu":
        assert x.tobytes() == y.tobytes(), f"{k} differs"
    else:
        assert list(x) == list(y), f"{k} differs"
print(f"identical: {len(a)} datasets")
PY
}

"$W" experiment "$cfg" -o "$tmp/t1.h5" -t 1 --quiet || die "experiment -t 1 failed"
"$W" experiment "$cfg" -o "$tmp/t2.h5" -t 2 2>"$tmp/stderr" || die "experiment -t 2 failed: $(cat "$tmp/stderr")"
grep -q "wrote $tmp/t2.h5: experiment 'gp_and_meetings', lhs design, 12 points x 3 replicates" \
	"$tmp/stderr" || die "no summary line: $(cat "$tmp/stderr")"
same_experiment "$tmp/t1.h5" "$tmp/t2.h5" >/dev/null || die "-t 1 and -t 2 differ"
[ ! -e "$tmp/t2.h5.partial" ] || die "a partial file stayed after a complete run"

$PY - "$tmp/t1.h5" <<'PY' || die "the layout is not as promised"
import sys
import h5py
import numpy as np
f = h5py.File(sys.argv[1], "r")
assert list(f["experiments"]) == ["gp_and_meetings"], list(f["experiments"])
assert f.attrs["producer"] == "wijksim"
g = f["experiments/gp_and_meetings"]
a = g.attrs
assert a["design"] == "lhs" and int(a["replicates"]) == 3 and int(a["days"]) == 84, dict(a)
assert int(a["seed"]) == 20261122 and a["scenario"] == "exp_small", dict(a)
s = lambda n: [x.decode() for x in g[n][()]]
assert s("factor") == ["roles.huisarts.fte_per_1000", "network.meeting_interval_days",
                       "referral.pooled_budget"], s("factor")
assert s("factor_kind") == ["range", "range", "levels"], s("factor_kind")
assert list(g["point"][()]) == list(range(12)) and list(g["replicate"][()]) == [0, 1, 2]
v, u = g["factor_values"][()], g["design_unit"][()]
assert v.shape == (12, 3) and u.shape == (12, 3)
assert np.all((v[:, 0] >= 0.25) & (v[:, 0] <= 0.6)) and np.all((v[:, 1] >= 14) & (v[:, 1] <= 84))
assert np.allclose(v[:, 0], 0.25 + 0.35 * u[:, 0], rtol=0, atol=1e-12)
assert set(v[:, 2]) == {0.0, 1.0} and (v[:, 2] == 1).sum() == 6, v[:, 2]   # LHS: 6 of each
# LHS: each of the 12 strata of a range factor once
for i in range(2):
    assert sorted(np.floor(u[:, i] * 12).astype(int)) == list(range(12)), u[:, i]
assert np.all(g["done"][()] == 1)
roles = s("role")
ut = g["utilisation"]
assert ut.shape == (12, 3, len(roles)) and ut.attrs["kind"] == "mean" and ut.attrs["units"] == "1"
assert g["needs_new"].attrs["units"] == "year-1" and g["needs_new"].attrs["kind"] == "flow"
assert g["cost_total"].shape == (12, 3) and g["cost_total"].attrs["units"] == "euro year-1"
assert g["referrals_by_route"].shape == (12, 3, len(roles), len(roles))
assert not np.isnan(g["cost_total"][()]).any()
# common random numbers: the same life events at every point
nn = g["needs_new"][()]
assert np.all(nn == nn[0]), "needs_new differs between points"
# the huisarts' capacity is a factor: its utilisation must move with it
h = ut[:, :, roles.index("huisarts")].mean(axis=1)
assert np.corrcoef(h, v[:, 0])[0, 1] < -0.8, np.corrcoef(h, v[:, 0])
print("layout ok")
PY

# The stored scenario text is the experiment again: the same datasets.
$PY -c 'import h5py, sys; sys.stdout.write(h5py.File(sys.argv[1], "r")["experiments/gp_and_meetings"].attrs["config"])' \
	"$tmp/t1.h5" >"$tmp/stored.cfg"
"$W" experiment "$tmp/stored.cfg" -o "$tmp/again.h5" -t 2 --quiet || die "the stored text does not run"
same_experiment "$tmp/t1.h5" "$tmp/again.h5" >/dev/null || die "the stored text runs another experiment"

# Point 5 by hand: `run` with the point's settings, summarised in Python.
sets=$($PY - "$tmp/t1.h5" <<'PY'
import sys
import h5py
g = h5py.File(sys.argv[1], "r")["experiments/gp_and_meetings"]
v = g["factor_values"][5]
print(f"--set roles.huisarts.fte_per_1000={v[0]!r} --set network.meeting_interval_days={v[1]!r} "
      f"--set referral.pooled_budget={'true' if v[2] else 'false'}")
PY
)
# shellcheck disable=SC2086
"$W" run "$cfg" -r 3 -o "$tmp/point5.h5" --quiet $sets || die "run of point 5 failed"
$PY - "$tmp/t1.h5" "$tmp/point5.h5" <<'PY' || die "the experiment's summaries differ from run's"
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["experiments/gp_and_meetings"]
r = h5py.File(sys.argv[2], "r")["scenarios/exp_small"]
days = float(r.attrs["days"])
w = np.diff(r["time_bounds"][()], axis=1)[:, 0]
for name in ["cost_total", "needs_new", "contacts", "waiting_list", "utilisation", "wait_days"]:
    x = r[name][()]
    kind = r[name].attrs["kind"]
    if kind == "flow":
        want = x.sum(axis=1) * 365.0 / days
    else:
        ww = np.where(np.isnan(x), 0.0, np.moveaxis(np.broadcast_to(w, x.shape[:1] + x.shape[2:] + w.shape), -1, 1))
        with np.errstate(invalid="ignore"):
            want = np.nansum(x * ww, axis=1) / ww.sum(axis=1)
    got = g[name][5]
    assert np.allclose(got, want, rtol=1e-12, atol=0, equal_nan=True), (name, got, want)
print("point 5 = run")
PY

# A factorial: a range in 3 levels, a text setting's labels, an integer's
# values; every combination once, and each factor reaches the model.
"$W" experiment tests/fixtures/experiment/factorial.cfg -o "$tmp/f.h5" -t 2 --quiet ||
	die "factorial experiment failed"
$PY - "$tmp/f.h5" <<'PY' || die "the factorial is not as promised"
import itertools, sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["experiments/exp_factorial"]
v = g["factor_values"][()]
want = np.array(list(itertools.product([0.3, 0.4, 0.5], [0.0, 1.0], [1.0, 3.0])))
assert v.shape == (12, 3) and np.allclose(v, want, rtol=0, atol=1e-12), v
assert [s.decode() for s in g["factor_kind"][()]] == ["range", "labels", "levels"]
ts, ref, care = g["task_shifts"][:, 0], g["referrals"][:, 0], g["care_informal_hours"][:, 0]
# "shift" (label 0) vs "refer" (label 1) at the assistant: task shifts turn into referrals
assert ts[0] > ts[2] and ref[0] < ref[2], (ts, ref)
# care.max_carers 1 vs 3: more informal care with more carers
assert care[1] > care[0], care
print("factorial ok")
PY

# Interrupt through the test hook (a real SIGINT after 4 points), resume.
set +e
WIJKSIM_EXPERIMENT_INTERRUPT_AFTER=4 "$W" experiment "$cfg" -o "$tmp/r.h5" -t 2 --quiet \
	2>"$tmp/stderr"
rc=$?
set -e
[ "$rc" = 1 ] || die "interrupted experiment exited $rc: $(cat "$tmp/stderr")"
grep -q "interrupted; 4 of 12 points are in $tmp/r.h5.partial" "$tmp/stderr" ||
	die "interrupt message: $(cat "$tmp/stderr")"
[ ! -e "$tmp/r.h5" ] || die "an interrupted experiment left a file at the target"
[ -f "$tmp/r.h5.partial" ] || die "no partial file"
$PY -c 'import h5py, sys; d = h5py.File(sys.argv[1], "r")["experiments/gp_and_meetings/done"][()]; sys.exit(int(d.sum() != 4))' \
	"$tmp/r.h5.partial" || die "the partial file does not hold 4 points"
set +e
"$W" experiment "$cfg" -o "$tmp/r.h5" --quiet 2>"$tmp/stderr"
rc=$?
"$W" experiment "$cfg" -o "$tmp/r.h5" --quiet --resume --set simulation.days=90 2>"$tmp/stderr2"
rc2=$?
set -e
[ "$rc" = 2 ] && grep -q "continue it with --resume" "$tmp/stderr" ||
	die "a partial file was not protected: $rc $(cat "$tmp/stderr")"
[ "$rc2" = 2 ] && grep -q "is a different experiment" "$tmp/stderr2" ||
	die "resume of another experiment: $rc2 $(cat "$tmp/stderr2")"
"$W" experiment "$cfg" -o "$tmp/r.h5" -t 1 --quiet --resume || die "--resume failed"
[ ! -e "$tmp/r.h5.partial" ] || die "the partial file stayed after --resume"
same_experiment "$tmp/t1.h5" "$tmp/r.h5" >/dev/null || die "resumed file differs from uninterrupted"

# A real SIGINT from outside, in the middle of a longer design (120 points:
# about 4 s on two fast cores, 30 had finished within the second).
"$W" experiment "$cfg" -o "$tmp/s.h5" --set experiment.points=120 -t 2 --quiet 2>"$tmp/stderr" &
pid=$!
sleep 1
# on fast cores the run may be done already: then kill finds no process
kill -INT $pid 2>/dev/null || true
set +e
wait $pid
rc=$?
set -e
if [ "$rc" = 0 ]; then
	echo "note: the 120-point run finished before the SIGINT; the hook case above covers resume"
else
	[ "$rc" = 1 ] || die "SIGINT: status $rc: $(cat "$tmp/stderr")"
	[ ! -e "$tmp/s.h5" ] && [ -f "$tmp/s.h5.partial" ] || die "SIGINT: files wrong"
	"$W" experiment "$cfg" -o "$tmp/s.h5" --set experiment.points=120 --quiet --resume ||
		die "--resume after SIGINT failed"
	"$W" experiment "$cfg" -o "$tmp/s_full.h5" --set experiment.points=120 --quiet ||
		die "120-point run failed"
	same_experiment "$tmp/s_full.h5" "$tmp/s.h5" >/dev/null ||
		die "resumed after SIGINT differs from uninterrupted"
fi
ls "$tmp"/*.tmp.* >/dev/null 2>&1 && die "a temporary file was left behind"
echo "experiment ok"
