# calibrate_abc.sh — ABC-SMC parameter recovery (issue 15): targets made from
# a run with known values (roles.huisarts.fte_per_1000 = 0.42, and
# roles.poh_ggz.fte_per_1000 = 0.1) on the small baseline of
# tests/fixtures/experiment/lhs.cfg. Every ABC simulation has a fresh seed,
# so the posterior is as wide as the runs' noise: the weighted posterior
# mean must lie within 0.04 of the truth and within 3 posterior sd + 0.01 of
# it (one parameter, and the GP's with two). The POH-GGZ's load in a wijk of
# 1,500 is noisy (replicate sd 0.107 at a mean of 0.31, its 0.15 FTE), so its
# posterior is wide (sd ~0.06-0.09, skewed up: the load flattens as FTE
# grow): its mean must lie within 0.1 and 3 sd + 0.01 of the truth. Also: the sample's layout (weights
# sum to 1, particles in their ranges, tolerances falling), the budget, and
# the same sample at -t 1 and -t 2 (keyed streams, invariant 1 of src/abc.h).
. "$(dirname "$0")/lib.sh"
fx=$here/tests/fixtures/experiment/lhs.cfg
"$W" run "$fx" -r 4 -o "$tmp/truth.h5" --quiet --set roles.huisarts.fte_per_1000=0.42 \
	--set roles.poh_ggz.fte_per_1000=0.1 || die "truth run failed"
read -r gp ggz < <($PY - "$tmp/truth.h5" <<'PY'
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["scenarios/exp_small"]
roles = [x.decode() for x in g["role"][()]]
w = np.diff(g["time_bounds"][()], axis=1)[:, 0]
def load(role):   # time mean weighted by interval length, mean over replicates
    x = g["utilisation"][()][:, :, roles.index(role)]
    return np.mean([np.nansum(r * w) / w[~np.isnan(r)].sum() for r in x])
print(repr(load("huisarts")), repr(load("poh_ggz")))
PY
)
# sd: the noise of a 2-replicate mean at the truth (replicate sd 0.036 and 0.107)
cat >"$tmp/one.cfg" <<CFG
extends = "$fx";
calibration = {
  name = "abc_one";
  method = "abc-smc";
  budget = 400;
  replicates = 2;
  abc_population = 20;
  abc_generations = 4;
  abc_quantile = 0.5;
  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; } );
  targets = ( { name = "gp_load"; metric = "utilisation"; labels = ["huisarts"];
                value = $gp; sd = 0.025; source = "a run at 0.42"; } );
};
CFG
"$W" calibrate "$tmp/one.cfg" -o "$tmp/one.h5" -t 2 --write-scenario "$tmp/fitted.cfg" \
	>"$tmp/table.txt" 2>"$tmp/stderr" || die "calibrate failed: $(cat "$tmp/stderr")"
grep -q "calibration 'abc_one': abc-smc, 2 replicates, 4 generations of 20 particles" \
	"$tmp/table.txt" || die "table: $(cat "$tmp/table.txt")"
"$W" calibrate "$tmp/one.cfg" -o "$tmp/one_t1.h5" -t 1 --quiet >/dev/null ||
	die "calibrate -t 1 failed"
$PY - "$tmp/one.h5" "$tmp/one_t1.h5" <<'PY' || die "one parameter not recovered"
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["calibration/abc_one"]
assert g.attrs["method"] in (b"abc-smc", "abc-smc"), g.attrs["method"]
x, w = g["abc_parameters"][()], g["abc_weight"][()]
assert x.shape == (20, 1) and w.shape == (20,), (x.shape, w.shape)
assert abs(w.sum() - 1) < 1e-9 and (w > 0).all(), w
assert ((x >= 0.2) & (x <= 0.8)).all(), x
tol = g["abc_tolerance"][()]
assert len(tol) == 4 and np.isinf(tol[0]) and (np.diff(tol[1:]) <= 0).all(), tol
assert (g["abc_distance"][()] <= tol[-1]).all()
assert int(g.attrs["runs"]) <= 400 and int(g.attrs["runs"]) == 2 * int(g.attrs["evaluations"])
est, sd = g["estimate"][0], g["sd"][0]
assert abs(est - (w * x[:, 0]).sum()) < 1e-12
assert abs(est - 0.42) < 0.04 and abs(est - 0.42) < 3 * sd + 0.01, (est, sd)
assert 0 < sd < 0.1, sd
h = h5py.File(sys.argv[2], "r")["calibration/abc_one"]
assert (h["abc_parameters"][()] == x).all() and (h["abc_weight"][()] == w).all(), \
    "another sample at -t 1"
print("one parameter:", est, sd)
PY
"$W" validate "$tmp/fitted.cfg" >/dev/null || die "the written scenario does not validate"
grep -q "abc-smc" "$tmp/fitted.cfg" || die "no abc-smc in the provenance comment"

cat >"$tmp/two.cfg" <<CFG
extends = "$fx";
calibration = {
  name = "abc_two";
  method = "abc-smc";
  budget = 600;
  replicates = 2;
  abc_population = 20;
  abc_generations = 4;
  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; },
                 { path = "roles.poh_ggz.fte_per_1000"; min = 0.03; max = 0.3; } );
  targets = ( { name = "gp_load"; metric = "utilisation"; labels = ["huisarts"];
                value = $gp; sd = 0.025; },
              { name = "ggz_load"; metric = "utilisation"; labels = ["poh_ggz"];
                value = $ggz; sd = 0.075; } );
};
CFG
"$W" calibrate "$tmp/two.cfg" -o "$tmp/two.h5" -t 2 --quiet >/dev/null || die "calibrate (two) failed"
$PY - "$tmp/two.h5" <<'PY' || die "two parameters not recovered"
import sys
import h5py
g = h5py.File(sys.argv[1], "r")["calibration/abc_two"]
est, sd = g["estimate"][()], g["sd"][()]
for e, s, t, within in zip(est, sd, (0.42, 0.1), (0.04, 0.1)):
    assert abs(e - t) < within and abs(e - t) < 3 * s + 0.01, (est, sd)
print("two parameters:", est, sd)
PY
echo "calibrate abc-smc ok"
