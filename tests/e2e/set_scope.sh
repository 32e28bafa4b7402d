#!/usr/bin/env bash
# set_scope.sh — `--set NAME:path=value` changes only the scenario called
# NAME, after the overrides for every scenario (whatever their order on the
# command line), keeps the run paired (the same datasets as a copy of the
# file with the change), works in validate and decompose, and a NAME that no
# scenario of the run has is one line and exit 2, before anything runs.
. "$(dirname "$0")/lib.sh"
E=scenarios/education
K=$E/klein.cfg
V=$E/vertrouwen.cfg

setting() {   # FILE SCENARIO PATH: a value of the stored effective text
	$PY - "$@" <<'PY'
import sys, h5py
sys.path.insert(0, "analysis")
from wijksim_analysis import settings
with h5py.File(sys.argv[1]) as f:
    text = f["scenarios/" + sys.argv[2]].attrs["config"]
text = text.decode() if isinstance(text, bytes) else text
print(settings.flatten(text).get(sys.argv[3]))
PY
}

"$W" run "$K" "$V" -o "$tmp/a.h5" -r 2 --days 28 --quiet \
	--set vertrouwen:network.initial_tie=0.9 --set klein:world.vulnerable_share=0.2 \
	--set world.vulnerable_share=0.15 --set network.meeting_attendance=0.5
[ "$(setting "$tmp/a.h5" vertrouwen network.initial_tie)" = 0.9 ] \
	|| die "vertrouwen: initial_tie $(setting "$tmp/a.h5" vertrouwen network.initial_tie), expected 0.9"
base_tie=$("$W" validate "$K" | awk '$1 == "initial_tie" { print $3 }' | tr -d ';')
[ "$(setting "$tmp/a.h5" klein network.initial_tie)" = "$base_tie" ] \
	|| die "klein's initial_tie changed by a --set for vertrouwen"
# the scoped override wins over the global one given after it
[ "$(setting "$tmp/a.h5" klein world.vulnerable_share)" = 0.2 ] || die "klein: vulnerable_share"
[ "$(setting "$tmp/a.h5" vertrouwen world.vulnerable_share)" = 0.15 ] \
	|| die "vertrouwen: vulnerable_share $(setting "$tmp/a.h5" vertrouwen world.vulnerable_share)"
for s in klein vertrouwen; do
	[ "$(setting "$tmp/a.h5" $s network.meeting_attendance)" = 0.5 ] || die "$s: attendance"
done

# Paired as a copy with the change: the same datasets, to the bit.
# (a copy elsewhere extends its base by an absolute path)
sed -e 's/^  initial_tie = 0.6;/  initial_tie = 0.9;/' \
	-e "s|^extends = \"klein.cfg\";|extends = \"$here/$E/klein.cfg\";|" "$V" >"$tmp/copy.cfg"
grep -q "initial_tie = 0.9" "$tmp/copy.cfg" || die "the copy has no initial_tie 0.9"
"$W" run "$K" "$tmp/copy.cfg" -o "$tmp/b.h5" -r 2 --days 28 --quiet \
	--set klein:world.vulnerable_share=0.2 --set world.vulnerable_share=0.15 \
	--set network.meeting_attendance=0.5
$PY tests/h5same.py "$tmp/a.h5" "$tmp/b.h5" >/dev/null || die "scoped --set is not the copied file"
# ... and it changed something (the test can tell).
"$W" run "$K" "$V" -o "$tmp/c.h5" -r 2 --days 28 --quiet --set world.vulnerable_share=0.15 \
	--set klein:world.vulnerable_share=0.2 --set network.meeting_attendance=0.5
$PY tests/h5same.py "$tmp/a.h5" "$tmp/c.h5" --scenarios klein,klein >/dev/null \
	|| die "klein differs although only vertrouwen's setting differs"
if $PY tests/h5same.py "$tmp/a.h5" "$tmp/c.h5" --scenarios vertrouwen,vertrouwen >/dev/null; then
	die "--set vertrouwen:network.initial_tie=0.9 changed nothing in vertrouwen"
fi

# validate
"$W" validate "$V" --set vertrouwen:network.initial_tie=0.9 | grep "initial_tie = 0.9;" >/dev/null \
	|| die "validate: scoped --set not applied"

# Errors: one line, exit 2, no file.
expect_usage() {   # TEXT ARGS...
	local text=$1 rc; shift
	set +e
	(cd "$tmp" && "$W" "$@") >"$tmp/out" 2>"$tmp/err"; rc=$?
	set -e
	[ "$rc" = 2 ] || die "wijksim $*: exit $rc, expected 2: $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/err")" = 1 ] || die "wijksim $*: not one line: $(cat "$tmp/err")"
	grep -qF -- "$text" "$tmp/err" || die "wijksim $*: '$text' not in: $(cat "$tmp/err")"
}
here_k=$here/$K here_v=$here/$V
expect_usage "no scenario named 'nosuch' in this run (its scenarios: klein, vertrouwen)" \
	run "$here_k" "$here_v" -o new.h5 --set nosuch:network.initial_tie=0.9
[ ! -e "$tmp/new.h5" ] || die "a run with an unknown scenario name wrote a file"
expect_usage "no scenario named 'klein2'" validate "$here_k" --set klein2:world.vulnerable_share=0.2
expect_usage "scenario name before the ':'" run "$here_k" -o new.h5 --set :world.vulnerable_share=0.2
expect_usage "(in --set klein:world.vulnerable_shar=0.2)" \
	validate "$here_k" --set klein:world.vulnerable_shar=0.2
expect_usage "no scenario named 'ruwaard2' in this run (its scenarios: baseline, ruwaard)" \
	decompose "$here/scenarios/ruwaard.cfg" --baseline "$here/scenarios/baseline.cfg" \
	--set ruwaard2:mdo.cooldown_days=90
echo "set_scope ok"
