# Writing results safely (issue 19): -o never writes over an input, a full
# disk (ulimit -f) is a one-line error with status 1 and no signal, no
# HDF5 diagnostics and no temporary file; temporary files of killed runs
# are removed by the next run to that target; a target name near the
# file system's limit works; write errors on standard output fail.
. "$(dirname "$0")/lib.sh"
cfg=$(small wsafe)
run_args=(--days 14 -r 1 --quiet --set simulation.warmup_days=0)

# expect_refusal STATUS TEXT COMMAND...: the command exits STATUS with one
# line on stderr containing TEXT.
expect_refusal() {
	local want=$1 text=$2; shift 2
	set +e
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	local rc=$?
	set -e
	[ "$rc" = "$want" ] || die "$*: exit $rc, expected $want: $(cat "$tmp/stderr")"
	[ "$(wc -l <"$tmp/stderr")" = 1 ] || die "$*: not one line on stderr: $(cat "$tmp/stderr")"
	grep -qF -- "$text" "$tmp/stderr" || die "$*: stderr lacks '$text': $(cat "$tmp/stderr")"
}

# ---- -o that is an input, with or without --force
cp "$cfg" "$tmp/s.cfg"
cp "$cfg" "$tmp/keep.cfg"
printf 'extends = "s.cfg";\nname = "ext";\n' >"$tmp/ext.cfg"
printf 'name = "inc";\n' >"$tmp/frag.cfg"
printf '@include "frag.cfg"\nextends = "s.cfg";\n' >"$tmp/inc.cfg"
ln -s s.cfg "$tmp/link.cfg"
mkdir "$tmp/sub"
for force in "" --force; do
	expect_refusal 2 "refusing to write over an input" \
		"$W" run "$tmp/s.cfg" -o "$tmp/s.cfg" $force "${run_args[@]}"
	expect_refusal 2 "an input of scenario" \
		"$W" run "$tmp/ext.cfg" -o "$tmp/s.cfg" $force "${run_args[@]}"
	expect_refusal 2 "an input of scenario" \
		"$W" run "$tmp/inc.cfg" -o "$tmp/frag.cfg" $force "${run_args[@]}"
	expect_refusal 2 "an input of scenario" \
		"$W" run "$tmp/ext.cfg" -o "$tmp/link.cfg" $force "${run_args[@]}"
	expect_refusal 2 "an input of scenario" \
		"$W" run "$tmp/ext.cfg" -o "$tmp/sub/../s.cfg" $force "${run_args[@]}"
done
cmp -s "$tmp/s.cfg" "$tmp/keep.cfg" || die "an input scenario was overwritten"
"$W" run "$tmp/s.cfg" -o "$tmp/a.h5" "${run_args[@]}"
cp "$tmp/a.h5" "$tmp/a.copy"
expect_refusal 2 "the result file this run reads" "$W" rerun "$tmp/a.h5" -o "$tmp/a.h5" --force
cmp -s "$tmp/a.h5" "$tmp/a.copy" || die "rerun overwrote its input"
expect_refusal 2 "an input of scenario" \
	"$W" decompose "$tmp/ext.cfg" --baseline "$tmp/s.cfg" --csv "$tmp/s.cfg" --force -r 1 --days 14
# experiment and calibrate: -o (and --write-scenario) over the file or its base
printf 'extends = "s.cfg";\nname = "baseline";\nexperiment = { name = "x"; design = "lhs"; points = 2;\n  replicates = 1; factors = ( { path = "roles.huisarts.fte_per_1000"; min = 0.3; max = 0.5; } );\n};\n' >"$tmp/exp.cfg"
printf 'extends = "s.cfg";\ncalibration = { name = "c"; budget = 4; replicates = 1;\n  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; } );\n  targets = ( { name = "t"; metric = "utilisation"; labels = ["huisarts"]; value = 0.5; sd = 0.01; } );\n};\n' >"$tmp/cal.cfg"
for force in "" --force; do
	expect_refusal 2 "an input of scenario" "$W" experiment "$tmp/exp.cfg" -o "$tmp/exp.cfg" $force
	expect_refusal 2 "an input of scenario" "$W" experiment "$tmp/exp.cfg" -o "$tmp/s.cfg" $force
	expect_refusal 2 "an input of scenario" "$W" calibrate "$tmp/cal.cfg" -o "$tmp/cal.cfg" $force
	expect_refusal 2 "an input of scenario" \
		"$W" calibrate "$tmp/cal.cfg" -o "$tmp/c.h5" --write-scenario "$tmp/s.cfg" $force
done
cmp -s "$tmp/s.cfg" "$tmp/keep.cfg" || die "experiment or calibrate overwrote an input"
# -o followed by an option is not a file name
(cd "$tmp" && expect_refusal 2 "needs a file name" "$W" run "$tmp/s.cfg" -o --force)
[ ! -e "$tmp/--force" ] || die "-o --force created a file named --force"

# ---- a full disk: ulimit -f (the run ignores SIGXFSZ, so the write fails)
if (ulimit -f 64) 2>/dev/null; then
	for threads in 1 2; do
		set +e
		(ulimit -f 64; exec "$W" run "$tmp/s.cfg" -o "$tmp/full.h5" -t $threads -r 2 \
			--days 30 --quiet --set simulation.warmup_days=0) >"$tmp/stdout" 2>"$tmp/stderr"
		rc=$?
		set -e
		[ "$rc" = 1 ] || die "disk full, -t $threads: exit $rc, expected 1: $(cat "$tmp/stderr")"
		[ "$(wc -l <"$tmp/stderr")" = 1 ] ||
			die "disk full, -t $threads: not one line on stderr: $(head -5 "$tmp/stderr")"
		grep -q "File too large" "$tmp/stderr" || die "disk full: no reason given: $(cat "$tmp/stderr")"
		if grep -q HDF5-DIAG "$tmp/stderr"; then die "disk full: HDF5-DIAG printed"; fi
		if ls "$tmp"/full.h5* >/dev/null 2>&1; then die "disk full left $(ls "$tmp"/full.h5*)"; fi
	done
else
	echo "SKIP: disk full (ulimit -f is not available here)"
fi

# ---- a really full disk: a 256 KiB tmpfs (needs the right to mount; the
# run's file of 2 replicates x 60 days is larger), -t 1 and -t 2
mnt=$tmp/small_fs
mkdir "$mnt"
if mount -t tmpfs -o size=256k tmpfs "$mnt" 2>/dev/null; then
	trap 'umount "$mnt" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	for threads in 1 2; do
		set +e
		"$W" run "$tmp/s.cfg" -o "$mnt/full.h5" -t $threads -r 2 --days 60 --quiet \
			--set simulation.warmup_days=0 >"$tmp/stdout" 2>"$tmp/stderr"
		rc=$?
		set -e
		[ "$rc" = 1 ] || die "tmpfs full, -t $threads: exit $rc, expected 1: $(cat "$tmp/stderr")"
		[ "$(wc -l <"$tmp/stderr")" = 1 ] ||
			die "tmpfs full, -t $threads: not one line on stderr: $(head -5 "$tmp/stderr")"
		grep -q "No space left on device" "$tmp/stderr" ||
			die "tmpfs full: no reason given: $(cat "$tmp/stderr")"
		[ -z "$(ls -A "$mnt")" ] || die "tmpfs full left $(ls -A "$mnt")"
	done
	umount "$mnt"
else
	echo "SKIP: disk full on a small tmpfs (mount -t tmpfs is not allowed here)"
fi

# ---- stale temporary files: a dead process's is removed, a live one's kept
sleep 0 & dead=$!
wait $dead
while kill -0 "$dead" 2>/dev/null; do sleep 0.1; done
echo stale >"$tmp/b.h5.tmp.$dead"
echo live >"$tmp/b.h5.tmp.$$"
"$W" run "$tmp/s.cfg" -o "$tmp/b.h5" "${run_args[@]}"
[ ! -e "$tmp/b.h5.tmp.$dead" ] || die "the temporary file of a dead run was not removed"
[ -e "$tmp/b.h5.tmp.$$" ] || die "the temporary file of a live process was removed"
rm -f "$tmp/b.h5.tmp.$$"

# ---- a target name near the limit of a name (255 bytes on most file systems)
long=$(printf 'r%.0s' $(seq 1 250)).h5
"$W" run "$tmp/s.cfg" -o "$tmp/$long" "${run_args[@]}" || die "a 253-byte output name failed"
[ -f "$tmp/$long" ] || die "no file under the long name"
if ls -a "$tmp" | grep -q '\.wijksim-.*\.tmp\.'; then die "the short temporary name was left"; fi

# ---- standard output that cannot be written
for cmd in "validate $tmp/s.cfg" "settings" "settings --markdown" "info $tmp/a.h5" "--version" \
	"help" "--help" "help run" "run --help" "info --help"; do
	set +e
	# shellcheck disable=SC2086
	"$W" $cmd >/dev/full 2>"$tmp/stderr"
	rc=$?
	set -e
	[ "$rc" = 1 ] || die "'$cmd >/dev/full' exited $rc, expected 1"
	grep -q "cannot write" "$tmp/stderr" || die "'$cmd >/dev/full': no error: $(cat "$tmp/stderr")"
done
echo "write safety ok"
