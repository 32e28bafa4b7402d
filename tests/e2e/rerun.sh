# wijksim rerun reproduces every dataset from the scenario text and seed
# stored in a result; validate's output re-validates to the same text and
# runs to the same results.
. "$(dirname "$0")/lib.sh"
cfg=$(small rerun)
"$W" run "$cfg" -o "$tmp/a.h5" --days 60 -r 2 --quiet --seed 4242 --set world.residents_per_wijk=2500
"$W" rerun "$tmp/a.h5" -o "$tmp/b.h5" --quiet -t 1
$PY tests/h5same.py "$tmp/a.h5" "$tmp/b.h5" || die "rerun differs"
$PY - "$tmp/a.h5" "$tmp/b.h5" <<'PYEOF' || die "stored scenario text or seed differs"
import sys, h5py
a, b = (h5py.File(p) for p in sys.argv[1:3])
for k in ("config", "config_sha256", "seed", "replicates", "days", "output_every"):
    assert a["scenarios/rerun"].attrs[k] == b["scenarios/rerun"].attrs[k], k
PYEOF
# validate: effective text validates again to the same text, and runs the same
"$W" validate "$cfg" --days 60 -r 2 --seed 4242 --set world.residents_per_wijk=2500 > "$tmp/eff1.cfg"
"$W" validate "$tmp/eff1.cfg" > "$tmp/eff2.cfg"
cmp "$tmp/eff1.cfg" "$tmp/eff2.cfg" || die "validate output is not stable"
"$W" run "$tmp/eff1.cfg" -o "$tmp/c.h5" --quiet
$PY tests/h5same.py "$tmp/a.h5" "$tmp/c.h5" || die "the effective scenario runs differently"
echo "rerun and validate round trip ok"
