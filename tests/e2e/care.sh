# Care relationships (issue 13): paired runs (same seed, so the same residents
# and life events) of the baseline against variants that change one thing:
#   more long-term care need (x 1.5)  => more informal hours, more overloaded carers;
#   less formal home care (thuiszorg at 3.15 instead of 6.3 FTE per
#   1,000)                            => fewer formal, more informal plus unmet hours, more unmet;
#   carer support for 90% of carers   => fewer overloaded carers;
#   a made-up informal role "buurthulp" as care.role, from a scenario file
#   alone                             => its hours_used are the relationship hours.
# Each paired difference must have the expected sign with t > 3 over 8
# replicates (a fixed seed: the scenario's).
. "$(dirname "$0")/lib.sh"
cat > "$tmp/more.cfg" <<CFG
extends = "$here/scenarios/baseline.cfg";
name = "more_need";
need_types = (
  { name = "chronisch"; care_hours_per_week = [7.5, 24.0, 45.0]; },
  { name = "zelfredzaamheid"; care_hours_per_week = [15.0, 30.0, 54.0]; },
  { name = "psychisch"; care_hours_per_week = [0.0, 6.0, 12.0]; }
);
CFG
cat > "$tmp/homecare.cfg" <<CFG
extends = "$here/scenarios/baseline.cfg";
name = "home_care";
roles = ( { name = "thuiszorg"; fte_per_1000 = 6.3; } );
CFG
cat > "$tmp/homecut.cfg" <<CFG
extends = "$tmp/homecare.cfg";
name = "home_care_cut";
roles = ( { name = "thuiszorg"; fte_per_1000 = 3.15; } );
CFG
cat > "$tmp/support.cfg" <<CFG
extends = "$here/scenarios/baseline.cfg";
name = "support";
care = { support_share = 0.9; support_relief = 0.5; };
CFG
cat > "$tmp/buurthulp.cfg" <<CFG
extends = "$here/scenarios/baseline.cfg";
name = "buurthulp";
roles = ( { name = "buurthulp"; formal = false; } );
care = { role = "buurthulp"; };
CFG
"$W" run scenarios/baseline.cfg "$tmp/more.cfg" "$tmp/homecare.cfg" "$tmp/homecut.cfg" "$tmp/support.cfg" \
	"$tmp/buurthulp.cfg" -o "$tmp/care.h5" -r 8 --days 364 --quiet
$PY - "$tmp/care.h5" <<'PY' || die "care relationships respond in the wrong direction"
import sys
import h5py
import numpy as np
s = h5py.File(sys.argv[1], "r")["scenarios"]
def total(g, name):
    d = g[name][()]
    kind = g[name].attrs["kind"]
    kind = kind.decode() if isinstance(kind, bytes) else kind
    return d.sum(axis=1) if kind == "flow" else d.mean(axis=1)
def role_hours(g, role):
    roles = [r.decode() for r in g["role"][()]]
    return g["hours_used"][:, :, roles.index(role)].sum(axis=1)
base = s["baseline"]
def check(label, a, b, sign):
    d = np.asarray(b, float) - np.asarray(a, float)
    t = d.mean() / (d.std(ddof=1) / np.sqrt(len(d))) if d.std(ddof=1) > 0 else np.inf * np.sign(d.mean())
    ok = sign * t > 3
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {d.mean():+.4g} (t = {t:.1f})")
    return ok
ok = True
more = s["more_need"]
ok &= check("more need: informal hours", total(base, "care_informal_hours"), total(more, "care_informal_hours"), +1)
ok &= check("more need: carers overloaded", total(base, "carers_overloaded"), total(more, "carers_overloaded"), +1)
hc, nf = s["home_care"], s["home_care_cut"]
ok &= check("less home care: formal hours", total(hc, "care_formal_hours"), total(nf, "care_formal_hours"), -1)
ok &= check("less home care: informal + unmet hours",
            total(hc, "care_informal_hours") + total(hc, "care_unmet_hours"),
            total(nf, "care_informal_hours") + total(nf, "care_unmet_hours"), +1)
ok &= check("less home care: unmet hours", total(hc, "care_unmet_hours"), total(nf, "care_unmet_hours"), +1)
sup = s["support"]
ok &= check("carer support: carers overloaded", total(base, "carers_overloaded"), total(sup, "carers_overloaded"), -1)
bh = s["buurthulp"]
hours = role_hours(bh, "buurthulp")
assert np.allclose(hours, total(bh, "care_informal_hours"), rtol=1e-9), "buurthulp hours are not the relationship hours"
assert hours.min() > 0
assert np.allclose(role_hours(bh, "mantelzorger") + hours,
                   role_hours(base, "mantelzorger"), rtol=0.05), "hours moved, not kept"
kinds = [k.decode() for k in bh["role"][()]]
print(f"ok   buurthulp (a made-up role): {hours.mean():,.0f} hours of relationship care")
for g in (base, nf):
    need = total(g, "care_need_hours")
    parts = total(g, "care_formal_hours") + total(g, "care_informal_hours") + total(g, "care_unmet_hours")
    assert np.allclose(need, parts, rtol=1e-9), "care hours not conserved"
sys.exit(0 if ok else 1)
PY
echo "care relationships ok"
