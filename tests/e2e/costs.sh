# Costs (issue 12): cost_capacity is FTE x cost per FTE per year, paid whether
# used or not, so it doubles exactly when every FTE doubles and does not
# change at all when demand changes; cost_total = cost_capacity +
# cost_second_line; and the capacity cost equals the FTE cost worked out by
# hand from the scenario stored in the file.
. "$(dirname "$0")/lib.sh"
cfg=$(small costs)
common=(-r 2 --days 91 --quiet --set simulation.warmup_days=28)
"$W" run "$cfg" -o "$tmp/base.h5" "${common[@]}"
# every formal role's FTE doubled, read from the stored scenario
double=$($PY - "$tmp/base.h5" <<'PY'
import sys
import h5py
sys.path.insert(0, "analysis")
from wijksim_analysis import settings
config = h5py.File(sys.argv[1], "r")["scenarios/costs"].attrs["config"]
s = settings.flatten(config.decode() if isinstance(config, bytes) else config)
print(" ".join(f"--set roles.{r}.fte_per_1000={2 * settings.value(s, f'roles.{r}.fte_per_1000')!r}"
               for r, formal in settings.role_formality(config).items() if formal))
PY
)
# shellcheck disable=SC2086  # one --set per word
"$W" run "$cfg" -o "$tmp/double.h5" "${common[@]}" $double
"$W" run "$cfg" -o "$tmp/demand.h5" "${common[@]}" \
	--set 'need_types.acuut_somatisch.incidence_per_1000_per_year=[4000.0, 5000.0, 9000.0, 15000.0]'
$PY - "$tmp/base.h5" "$tmp/double.h5" "$tmp/demand.h5" <<'PY' || die "cost_capacity or cost_total wrong"
import sys
import h5py
import numpy as np
sys.path.insert(0, "analysis")
from wijksim_analysis import settings
g = [h5py.File(p, "r")["scenarios/costs"] for p in sys.argv[1:]]
base, double, demand = (x["cost_capacity"][()] for x in g)
assert base.min() > 0, "no capacity cost"
assert np.array_equal(double, 2 * base), "doubling every FTE does not double cost_capacity"
assert np.array_equal(demand, base), "cost_capacity moved with demand"
assert not np.array_equal(g[2]["contacts"][()], g[0]["contacts"][()]), "demand did not change"
for x in g:
    assert np.array_equal(x["cost_total"][()], x["cost_capacity"][()] + x["cost_second_line"][()])
# by hand: sum over formal roles of FTE x cost per FTE per year x days / 365
config = g[0].attrs["config"]
config = config.decode() if isinstance(config, bytes) else config
s = settings.flatten(config)
per_1000 = sum(settings.value(s, f"roles.{r}.fte_per_1000")
               * settings.value(s, f"roles.{r}.cost_per_fte_per_year", 0.0)
               for r, formal in settings.role_formality(config).items() if formal)
days, res = g[0]["time"][-1], g[0]["residents"][0, -1]
want = per_1000 * res / 1000.0 * days / 365.0
got = base[0].sum()
assert abs(got / want - 1) < 1e-9, (got, want)
print(f"cost_capacity over {days:.0f} days for {res:.0f} residents: {got:,.2f} euro "
      f"(by hand {want:,.2f})")
PY
echo "costs ok"
