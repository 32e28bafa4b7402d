# A run writes a self-describing file that h5py and xarray read with named
# dimensions, units and long names; --check holds; info prints a headline
# table; output_every=1 gives daily output.
. "$(dirname "$0")/lib.sh"
cfg=$(small output)
"$W" run "$cfg" -o "$tmp/out.h5" --days 30 -r 2 --quiet --check --set simulation.output_every=1
$PY tests/h5check.py "$tmp/out.h5" || die "h5check failed"
$PY - "$tmp/out.h5" <<'PYEOF' || die "daily output wrong"
import sys, h5py
g = h5py.File(sys.argv[1])["scenarios/output"]
assert g["time"].shape == (30,), g["time"].shape
assert list(g["time"][:3]) == [1.0, 2.0, 3.0]
assert g["needs_new"].shape[0:2] == (2, 30)
PYEOF
"$W" info "$tmp/out.h5" > "$tmp/info.txt"
grep -q "scenario 'output'" "$tmp/info.txt" || die "info lacks the scenario"
grep -q "utilisation" "$tmp/info.txt" || die "info lacks utilisation"
[ ! -e "$tmp/out.h5.tmp"* ] 2>/dev/null || true
# An option given several times: the last value wins (no buffer per repetition).
"$W" run "$cfg" -o "$tmp/rep.h5" --quiet -r 1 -r 1 -r 1 -r 1 -r 2 --days 10 --days 20 --seed 1 --seed 7
$PY - "$tmp/rep.h5" <<'PYEOF' || die "repeated options not applied"
import sys, h5py
g = h5py.File(sys.argv[1])["scenarios/output"]
assert (g.attrs["replicates"], g.attrs["days"], g.attrs["seed"]) == (2, 20, 7), dict(g.attrs)
PYEOF
echo "output ok"
