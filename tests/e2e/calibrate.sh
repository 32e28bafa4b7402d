# calibrate.sh — parameter recovery (issue 15): targets made from a run with
# known parameter values (roles.huisarts.fte_per_1000 = 0.42, and
# roles.poh_ggz.fte_per_1000 = 0.1) are recovered by `wijksim calibrate`
# within 0.01 (one parameter) and 0.015 of each (two), on the small
# baseline of tests/fixtures/experiment/lhs.cfg with the truth's seed and
# replicates (common random numbers: chi2 = 0 at the truth). Also the
# /calibration/<name> layout, the held-out validation figure, and a
# --write-scenario file that validates and carries the estimate.
. "$(dirname "$0")/lib.sh"
fx=$here/tests/fixtures/experiment/lhs.cfg
"$W" run "$fx" -r 4 -o "$tmp/truth.h5" --quiet --set roles.huisarts.fte_per_1000=0.42 \
	--set roles.poh_ggz.fte_per_1000=0.1 || die "truth run failed"
read -r gp ggz contacts < <($PY - "$tmp/truth.h5" <<'PY'
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["scenarios/exp_small"]
roles = [x.decode() for x in g["role"][()]]
w = np.diff(g["time_bounds"][()], axis=1)[:, 0]
def load(role):   # time mean weighted by interval length, mean over replicates
    x = g["utilisation"][()][:, :, roles.index(role)]
    return np.mean([np.nansum(r * w) / w[~np.isnan(r)].sum() for r in x])
c = g["contacts"][()][:, :, roles.index("huisarts")].sum(axis=1).mean() * 365 / g.attrs["days"]
print(repr(load("huisarts")), repr(load("poh_ggz")), repr(c))
PY
)
cat >"$tmp/one.cfg" <<CFG
extends = "$fx";
calibration = {
  name = "recover_one";
  budget = 400;
  replicates = 4;
  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; } );
  targets = ( { name = "gp_load"; metric = "utilisation"; labels = ["huisarts"];
                value = $gp; sd = 0.01; source = "a run at 0.42"; } );
  validation = ( { name = "gp_contacts"; metric = "contacts"; labels = ["huisarts"];
                   per = "year"; value = $contacts; sd = 100.0; } );
};
CFG
"$W" calibrate "$tmp/one.cfg" -o "$tmp/one.h5" -t 2 --write-scenario "$tmp/fitted.cfg" \
	>"$tmp/table.txt" 2>"$tmp/stderr" || die "calibrate failed: $(cat "$tmp/stderr")"
grep -q "calibration 'recover_one': nelder-mead, 4 replicates" "$tmp/table.txt" ||
	die "table: $(cat "$tmp/table.txt")"
$PY - "$tmp/one.h5" <<'PY' || die "one parameter not recovered"
import sys
import h5py
import numpy as np
g = h5py.File(sys.argv[1], "r")["calibration/recover_one"]
est, sd = g["estimate"][()], g["sd"][()]
assert abs(est[0] - 0.42) < 0.01, est
assert np.isfinite(sd[0]) and 0 < sd[0] < 0.1, sd
assert int(g.attrs["evaluations"]) * 4 == int(g.attrs["runs"]) <= 400, dict(g.attrs)
assert [s.decode() for s in g["target"][()]] == ["gp_load"]
assert abs(g["target_ratio"][0] - 1) < 0.01, g["target_ratio"][()]
# the validation figure is the truth run's contacts: the fitted model meets it
assert [s.decode() for s in g["validation"][()]] == ["gp_contacts"]
assert abs(g["validation_ratio"][0] - 1) < 0.02, g["validation_ratio"][()]
assert g["trace_parameters"].shape == (int(g.attrs["evaluations"]), 1)
print("one parameter:", est, sd)
PY
"$W" validate "$tmp/fitted.cfg" >"$tmp/eff.cfg" || die "the written scenario does not validate"
grep -q '^# Calibrated by `wijksim calibrate' "$tmp/fitted.cfg" || die "no provenance comment"
# it extends its input by a path relative to its own folder: the two move together
grep -qx 'extends = "one.cfg";' "$tmp/fitted.cfg" || die "extends: $(grep '^extends' "$tmp/fitted.cfg")"
mkdir "$tmp/moved"
cp "$tmp/one.cfg" "$tmp/fitted.cfg" "$tmp/moved/"
"$W" validate "$tmp/moved/fitted.cfg" >/dev/null || die "the written scenario does not validate moved"
$PY - "$tmp/one.h5" "$tmp/eff.cfg" <<'PY' || die "the written scenario lacks the estimate"
import re, sys
import h5py
est = h5py.File(sys.argv[1], "r")["calibration/recover_one/estimate"][0]
text = open(sys.argv[2]).read()
block = text[text.index('name = "huisarts"'):]
v = float(re.search(r"fte_per_1000 = ([0-9.e+-]+);", block).group(1))
assert abs(v - est) < 1e-12, (v, est)
PY

cat >"$tmp/two.cfg" <<CFG
extends = "$fx";
calibration = {
  name = "recover_two";
  budget = 800;
  replicates = 4;
  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; },
                 { path = "roles.poh_ggz.fte_per_1000"; min = 0.03; max = 0.3; } );
  targets = ( { name = "gp_load"; metric = "utilisation"; labels = ["huisarts"];
                value = $gp; sd = 0.01; },
              { name = "ggz_load"; metric = "utilisation"; labels = ["poh_ggz"];
                value = $ggz; sd = 0.01; } );
};
CFG
"$W" calibrate "$tmp/two.cfg" -o "$tmp/two.h5" -t 2 --quiet >/dev/null || die "calibrate (two) failed"
$PY - "$tmp/two.h5" <<'PY' || die "two parameters not recovered"
import sys
import h5py
est = h5py.File(sys.argv[1], "r")["calibration/recover_two/estimate"][()]
assert abs(est[0] - 0.42) < 0.015 and abs(est[1] - 0.1) < 0.015, est
print("two parameters:", est)
PY
# a scale parameter (scale = true) multiplies an array: the truth has the
# psychisch incidence by age band x 1.3; its new needs a year are recovered
# within 0.06 (about 110 needs over the 4 replicates: a step of ~1% of the
# count), and --write-scenario writes the scaled array. The search starts at
# x 1.0, where two elements are whole numbers: written as floats (26.0, not
# 26), as a libconfig array must be
"$W" run "$fx" -r 4 -o "$tmp/truth_scale.h5" --quiet \
	--set 'need_types.psychisch.incidence_per_1000_per_year=[33.8, 118.3, 76.05, 76.05]' ||
	die "truth run (scale) failed"
psy=$($PY - "$tmp/truth_scale.h5" <<'PY'
import sys
import h5py
g = h5py.File(sys.argv[1], "r")["scenarios/exp_small"]
types = [x.decode() for x in g["need_type"][()]]
n = g["needs_new"][()][:, :, types.index("psychisch")].sum(axis=1).mean()
print(repr(n * 365 / g.attrs["days"]))
PY
)
cat >"$tmp/scale.cfg" <<CFG
extends = "$fx";
calibration = {
  name = "recover_scale";
  budget = 400;
  replicates = 4;
  parameters = ( { path = "need_types.psychisch.incidence_per_1000_per_year"; scale = true;
                   min = 0.5; max = 1.5; } );
  targets = ( { name = "psychisch_new"; metric = "needs_new"; labels = ["psychisch"];
                per = "year"; value = $psy; sd = 2.0; } );
};
CFG
"$W" calibrate "$tmp/scale.cfg" -o "$tmp/scale.h5" -t 2 --write-scenario "$tmp/scaled.cfg" \
	>"$tmp/table.txt" 2>"$tmp/stderr" || die "calibrate (scale) failed: $(cat "$tmp/stderr")"
grep -q "^x need_types.psychisch.incidence" "$tmp/table.txt" || die "table: $(cat "$tmp/table.txt")"
"$W" validate "$tmp/scaled.cfg" >"$tmp/eff_scaled.cfg" || die "the scaled scenario does not validate"
$PY - "$tmp/scale.h5" "$tmp/eff_scaled.cfg" <<'PY' || die "scale parameter not recovered"
import re, sys
import h5py
g = h5py.File(sys.argv[1], "r")["calibration/recover_scale"]
est = g["estimate"][0]
assert abs(est - 1.3) < 0.06, est
assert list(g["scale"][()]) == [1.0], g["scale"][()]
text = open(sys.argv[2]).read()
block = text[text.index('name = "psychisch"'):]
arr = re.search(r"incidence_per_1000_per_year = \[([^]]*)\]", block).group(1)
got = [float(x) for x in arr.split(",")]
want = [26.0 * est, 91.0 * est, 58.5 * est, 58.5 * est]
assert all(abs(a - b) < 1e-9 * b for a, b in zip(got, want)), (got, want)
print("scale parameter:", est)
PY
# an existing -o is refused before any evaluation
set +e
"$W" calibrate "$tmp/one.cfg" -o "$tmp/one.h5" --quiet 2>"$tmp/stderr" >/dev/null
rc=$?
set -e
[ "$rc" = 2 ] || die "an existing result: status $rc $(cat "$tmp/stderr")"
echo "calibrate ok"
