# wijksim decompose (README.md "Decompose a scenario") on a small scenario
# pair (tests/fixtures/decompose): the /decompose group's layout, efficiency
# (the Shapley values sum to the total effect), an ablation ingredient that
# changes nothing (phi = 0 exactly, its combinations bit-identical), the
# two-ingredient identity phi = single + remainder / 2, the CSV, the result
# file equal to `run BASE SCENARIO`, the implicit ingredient "other", and
# every refused declaration in tests/fixtures/decompose/bad.
. "$(dirname "$0")/lib.sh"
fx=tests/fixtures/decompose

# --- a decomposition with -o, --csv, and the combinations kept
WIJKSIM_KEEP_COMBINATIONS="$tmp/combinations.h5" \
	"$W" decompose "$fx/scen.cfg" --baseline "$fx/base.cfg" -r 3 -t 2 -o "$tmp/dc.h5" \
	--csv "$tmp/dc.csv" >"$tmp/table.txt" 2>"$tmp/stderr" || die "decompose failed: $(cat "$tmp/stderr")"
grep -q "decompose 'dc_scen' against baseline 'dc_base': 3 ingredients, 8 combinations" \
	"$tmp/table.txt" || die "no table header: $(head -3 "$tmp/table.txt")"
$PY -c 'import sys; sys.exit(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")) > 100)' \
	"$tmp/table.txt" || die "table wider than 100 columns"

$PY - "$tmp/dc.h5" "$tmp/dc.csv" <<'PY' || die "the /decompose group or the CSV is not as promised"
import csv, sys
import h5py
import numpy as np
f = h5py.File(sys.argv[1], "r")
assert sorted(f["scenarios"]) == ["dc_base", "dc_scen"], list(f["scenarios"])
g = f["decompose"]
a = g.attrs
assert a["scenario"] == "dc_scen" and a["baseline"] == "dc_base", dict(a)
assert int(a["replicates"]) == 3 and int(a["seed"]) == 20261122, dict(a)
s = lambda name: [x.decode() for x in g[name][()]]
ing, out, unit = s("ingredient"), s("outcome"), s("unit")
assert ing == ["budget", "carer_support", "same"], ing
assert s("stat") == ["mean", "lo95", "hi95"]
K, O = len(ing), len(out)
assert 10 <= O <= 15 and len(unit) == O, (out, unit)
for name, shape in [("shapley", (K, O, 3)), ("single", (K, O, 3)), ("total", (O, 3)),
                    ("remainder", (O, 3)), ("baseline_value", (O,)), ("scenario_value", (O,))]:
    assert g[name].shape == shape and g[name].dtype == np.float64, (name, g[name].shape)
phi, single, total, rest = g["shapley"][()], g["single"][()], g["total"][()], g["remainder"][()]
base, scen = g["baseline_value"][()], g["scenario_value"][()]
scale = np.maximum(1.0, np.abs(np.stack([base, scen])).max(axis=0))
# efficiency: the means of phi sum to the mean total effect
assert np.all(np.abs(phi[:, :, 0].sum(axis=0) - total[:, 0]) <= 1e-9 * scale), "sum phi != total"
assert np.allclose(total[:, 0], scen - base, rtol=0, atol=1e-9 * scale.max())
# the ablation ingredient: zero exactly, intervals too
assert np.all(phi[2] == 0.0) and np.all(single[2] == 0.0), (phi[2], single[2])
# with a dummy third player the game is one of two: phi = single + remainder / 2
for i in range(2):
    assert np.all(np.abs(phi[i, :, 0] - (single[i, :, 0] + rest[:, 0] / 2)) <= 1e-9 * scale)
assert np.all(np.abs(rest[:, 0] - (total[:, 0] - single[:, :, 0].sum(axis=0))) <= 1e-9 * scale)
# the something changed: the budget moves some outcome
assert np.any(phi[0, :, 0] != 0.0), "budget had no effect at all"
# baseline_value read back independently: cost_total summed over time
o = out.index("cost_total")
ct = f["scenarios/dc_base/cost_total"][()].sum(axis=1).mean()
assert abs(ct - base[o]) <= 1e-9 * abs(ct), (ct, base[o])
# the tidy CSV holds the same numbers
rows = list(csv.DictReader(open(sys.argv[2])))
assert list(rows[0].keys()) == ["outcome", "unit", "ingredient", "kind", "mean", "lo95", "hi95",
                                "replicates"], rows[0].keys()
assert len(rows) == O * (2 * K + 2), len(rows)
assert {r["kind"] for r in rows} == {"shapley", "single", "total", "remainder"}
for r in rows:
    oi = out.index(r["outcome"])
    assert r["unit"] == unit[oi] and r["replicates"] == "3"
    if r["kind"] in ("shapley", "single"):
        want = (phi if r["kind"] == "shapley" else single)[ing.index(r["ingredient"]), oi]
    else:
        assert r["ingredient"] == ""
        want = (total if r["kind"] == "total" else rest)[oi]
    got = np.array([float(r["mean"]), float(r["lo95"]), float(r["hi95"])])
    assert np.array_equal(got, want, equal_nan=True), (r, want)
print(f"/decompose: {K} ingredients x {O} outcomes; sum phi = total; ablation 0")
PY

# the ablation's combinations are bit-identical to those without it (bit 2)
for m in 0 1 2 3; do
	$PY tests/h5same.py "$tmp/combinations.h5" "$tmp/combinations.h5" \
		--scenarios "combination_0$m,combination_0$((m + 4))" >/dev/null ||
		die "combination $m and $((m + 4)) differ though 'same' changes nothing"
done
$PY tests/h5same.py "$tmp/combinations.h5" "$tmp/combinations.h5" \
	--scenarios combination_00,combination_01 >/dev/null &&
	die "the budget ingredient changed nothing in its combination"

# the same numbers at one thread
"$W" decompose "$fx/scen.cfg" --baseline "$fx/base.cfg" -r 3 -t 1 --csv "$tmp/dc1.csv" \
	--quiet >/dev/null || die "decompose -t 1 failed"
cmp -s "$tmp/dc.csv" "$tmp/dc1.csv" || die "the CSV differs between 1 and 2 threads"

# the result file holds what `run BASE SCENARIO` writes, and info reads it
"$W" run "$fx/base.cfg" "$fx/scen.cfg" -r 3 -o "$tmp/run.h5" --quiet
$PY tests/h5same.py "$tmp/run.h5" "$tmp/dc.h5" >/dev/null || die "-o differs from run"
"$W" info "$tmp/dc.h5" >"$tmp/info.txt" || die "info cannot read the decompose result"
grep -q "scenario 'dc_scen'" "$tmp/info.txt" || die "info shows no dc_scen"
$PY analysis/compare.py "$tmp/dc.h5" >/dev/null || die "compare.py cannot read the result"

# an implicit ingredient "other", and a role new in the scenario named whole
"$W" decompose "$fx/other.cfg" --baseline "$fx/base.cfg" -r 2 --csv "$tmp/other.csv" \
	>"$tmp/other.txt" 2>"$tmp/other.err" || die "decompose other.cfg failed: $(cat "$tmp/other.err")"
grep -q 'form the ingredient "other": network.initial_tie$' "$tmp/other.err" ||
	die "no note about other: $(cat "$tmp/other.err")"
grep -q 'ingredients: \[1\] budget \[2\] coach \[3\] other' "$tmp/other.txt" ||
	die "other is not an ingredient: $(head -3 "$tmp/other.txt")"
grep -q '^hours_formal,hour,coach,shapley,' "$tmp/other.csv" || die "no coach rows in the CSV"

# usage errors
check_usage() {   # expected text, arguments...
	local want=$1; shift
	local rc=0
	"$W" "$@" >/dev/null 2>"$tmp/usage.err" || rc=$?
	[ "$rc" = 2 ] || die "'$*' exited $rc, expected 2"
	grep -qF "$want" "$tmp/usage.err" || die "'$*': $(cat "$tmp/usage.err")"
}
"$W" decompose --help | grep -q -- "--baseline FILE" || die "decompose --help"
"$W" --help | grep -q "wijksim decompose SCENARIO.cfg --baseline BASE.cfg" || die "--help"
check_usage "decompose needs --baseline BASE.cfg" decompose "$fx/scen.cfg"
check_usage "decompose needs exactly one scenario file" decompose --baseline "$fx/base.cfg"
check_usage "run takes no --baseline (an option of decompose)" \
	run "$fx/scen.cfg" --baseline "$fx/base.cfg"
touch "$tmp/exists.h5"
check_usage "exists" decompose "$fx/scen.cfg" --baseline "$fx/base.cfg" -o "$tmp/exists.h5"

# refused declarations: exit 2, one line naming file, line, setting, what was expected
cases=0
for cfg in "$fx"/bad/*.cfg; do
	expect=${cfg%.cfg}.expect
	[ -f "$expect" ] || die "$cfg has no .expect"
	rc=0
	"$W" decompose "$cfg" --baseline "$fx/base.cfg" -r 1 -o "$tmp/bad.h5" \
		>/dev/null 2>"$tmp/bad.err" || rc=$?
	err=$(cat "$tmp/bad.err")
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		status\ *) [ "$rc" = "${line#status }" ] || die "$cfg: exit $rc, expected ${line#status }: $err" ;;
		grep\ *) case "$err" in *"${line#grep }"*) ;; *) die "$cfg: error lacks '${line#grep }': $err" ;; esac ;;
		''|'#'*) ;;
		*) die "$expect: unknown directive '$line'" ;;
		esac
	done <"$expect"
	[ "$(wc -l <"$tmp/bad.err")" = 1 ] || die "$cfg: not one line on stderr: $err"
	[ ! -e "$tmp/bad.h5" ] || die "$cfg: a result file was left behind"
	cases=$((cases + 1))
done
[ "$cases" -ge 9 ] || die "only $cases bad declarations"
echo "decompose ok ($cases refused declarations)"
