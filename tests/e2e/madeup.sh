# A made-up discipline and need type run from a scenario file alone and
# appear on the output axes with activity.
. "$(dirname "$0")/lib.sh"
"$W" run tests/fixtures/e2e/madeup.cfg -o "$tmp/m.h5" --days 120 -r 2 --quiet --check \
	--set world.residents_per_wijk=4000
$PY - "$tmp/m.h5" <<'PYEOF' || die "made-up role or need type missing or idle"
import sys, h5py
g = h5py.File(sys.argv[1])["scenarios/madeup"]
roles = [x.decode() if isinstance(x, bytes) else x for x in g["role"][:]]
needs = [x.decode() if isinstance(x, bytes) else x for x in g["need_type"][:]]
chans = [x.decode() if isinstance(x, bytes) else x for x in g["channel"][:]]
assert "apotheker" in roles, roles
assert "digitale_vaardigheden" in needs, needs
assert "bibliotheek" in chans, chans
k, t = roles.index("apotheker"), needs.index("digitale_vaardigheden")
assert g["needs_new"][:, :, t].sum() > 0
assert g["contacts"][:, :, k].sum() > 0, "apotheker saw nobody"
assert g["signalled"][:, :, chans.index("bibliotheek")].sum() > 0
print("apotheker contacts:", g["contacts"][:, :, k].sum())
PYEOF
echo "made-up discipline ok"
