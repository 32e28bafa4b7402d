#!/usr/bin/env bash
# description_nl.sh — the optional Dutch description: stored in the result
# file's effective text as `description` is (UTF-8 intact), checked like any
# string (length, control characters), and, like `description`, never a
# difference that `decompose` counts (no "other" ingredient from it).
. "$(dirname "$0")/lib.sh"
"$W" validate scenarios/ruwaard.cfg | grep '^description_nl = "Proeftuin Ruwaard: één ' \
	>/dev/null || die "validate does not print ruwaard's description_nl"
cfg=$(small dnl)
"$W" run "$cfg" -o "$tmp/a.h5" -r 1 --days 7 --quiet --set simulation.warmup_days=0 \
	--set world.residents_per_wijk=500 --set 'description_nl=Een wijk met één café'
$PY - "$tmp/a.h5" <<'PY' || die "description_nl not stored in the file's config"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    text = f["scenarios/dnl"].attrs["config"]
text = text.decode() if isinstance(text, bytes) else text
assert 'description_nl = "Een wijk met één café";' in text, text[:400]
PY
long=$(head -c 2001 /dev/zero | tr '\0' 'a')
set +e
"$W" validate "$cfg" --set "description_nl=$long" >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] || die "a description_nl of 2001 characters: exit $rc"
grep -q "description_nl" "$tmp/err" || die "the error does not name description_nl: $(cat "$tmp/err")"
# decompose: ruwaard's and the baseline's Dutch texts differ, and that is no ingredient
"$W" decompose scenarios/ruwaard.cfg --baseline scenarios/baseline.cfg -r 1 --days 7 \
	--set world.residents_per_wijk=500 --set simulation.warmup_days=0 -t 1 \
	>"$tmp/table" 2>"$tmp/err" || die "decompose failed: $(cat "$tmp/err")"
grep -q "description_nl" "$tmp/err" "$tmp/table" && die "decompose counts description_nl: $(cat "$tmp/err")"
grep -q '"other"' "$tmp/err" && die "decompose found an ingredient \"other\" in ruwaard: $(cat "$tmp/err")"
echo "description_nl ok"
