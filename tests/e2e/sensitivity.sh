# sensitivity.sh — analysis/sensitivity.py on real experiments
# (tests/fixtures/experiment/sobol.cfg): a factor the model never reads for
# an outcome (metrics.health_low_threshold for cost and the GP's load) gets
# Sobol indices of exactly 0, the GP's capacity a total index above 0.3 (N = 8: noisy) on the
# GP's load, the threshold one on health_low; the indices are stored in
# /experiments/<name>/sensitivity; a Morris design of the same factors gives
# mu* = 0 for the unread factor; a non-sensitivity design is refused (2).
. "$(dirname "$0")/lib.sh"
fx=tests/fixtures/experiment
"$W" experiment "$fx/sobol.cfg" -o "$tmp/s.h5" -t 2 --quiet || die "sobol experiment failed"
$PY analysis/sensitivity.py "$tmp/s.h5" --outcome cost_total --outcome "utilisation[huisarts]" \
	--outcome health_low --bootstrap 200 --plot "$tmp/s.svg" >"$tmp/table.txt" ||
	die "sensitivity.py failed"
grep -q "<svg" "$tmp/s.svg" || die "no figure"
grep -q "experiment exp_sobol: sobol design, 2 factors" "$tmp/table.txt" || die "table: $(cat "$tmp/table.txt")"
$PY - "$tmp/s.h5" <<'PY' || die "Sobol indices not as expected"
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["experiments/exp_sobol/sensitivity"]
out = [s.decode() for s in g["outcome"][()]]
assert out == ["cost_total", "utilisation[huisarts]", "health_low"], out
s1, st = g["S1"][()], g["ST"][()]
assert s1.shape == (3, 2) and g["ST_lo"].shape == (3, 2)
# the threshold is never read for cost or load: exactly 0
assert s1[0, 1] == 0 and st[0, 1] == 0 and s1[1, 1] == 0 and st[1, 1] == 0, (s1, st)
# the GP's capacity drives the GP's load; the threshold drives health_low
assert st[1, 0] > 0.3, st
assert st[2, 1] > 0.3, st
print("sobol ok", st.round(3).tolist())
PY
# Morris: the same factors, 4 trajectories
"$W" experiment "$fx/sobol.cfg" -o "$tmp/m.h5" --set experiment.design=morris \
	--set experiment.points=4 -t 2 --quiet || die "morris experiment failed"
$PY analysis/sensitivity.py "$tmp/m.h5" --outcome "utilisation[huisarts]" >/dev/null ||
	die "sensitivity.py on morris failed"
$PY - "$tmp/m.h5" <<'PY' || die "Morris indices not as expected"
import sys
import h5py
g = h5py.File(sys.argv[1], "r")["experiments/exp_sobol/sensitivity"]
mu = g["mu_star"][()]
assert mu.shape == (1, 2) and mu[0, 1] == 0 and mu[0, 0] > 0, mu
print("morris ok", mu.tolist())
PY
# a missing file, and an LHS design (no indices): status 2
set +e
$PY analysis/sensitivity.py "$tmp/none.h5" 2>/dev/null
rc=$?
set -e
[ "$rc" = 2 ] || die "a missing file: status $rc"
"$W" experiment "$fx/lhs.cfg" -o "$tmp/l.h5" --set experiment.points=2 --set world.residents_per_wijk=300 --quiet ||
	die "lhs experiment failed"
set +e
$PY analysis/sensitivity.py "$tmp/l.h5" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "need a sobol or morris design" "$tmp/err" || die "lhs: status $rc $(cat "$tmp/err")"
echo "sensitivity ok"
