# bin/wijksim-mpi (make mpi): the same datasets as bin/wijksim at 1, 2 and 3
# ranks (three scenarios, an odd replicate count, threads inside the ranks,
# a world with several wijken), for rerun and decompose, with more ranks
# than work units and with one unit, one world's wijken in pieces over the
# ranks; bad input and a rank that cannot load
# the job fail once with status 2 before any work; a rank killed mid-run
# and SIGTERM to mpirun leave no file, and --resume completes the killed run
# to the same file. experiment (7 points x 3 replicates) at 1, 2 and 3 ranks
# and one unit on 4 ranks: every dataset as bin/wijksim's; its bad input and
# a refusing rank fail once with status 2 and leave no file; a rank killed
# mid-experiment leaves no file at the target, and --resume on 2 ranks
# completes it to bin/wijksim's file; calibrate on 2 ranks gives the same
# table and file; SIGTERM to mpirun mid-experiment gives status 1. Exits 77
# ("skipped", tests/run-all.sh) without Open MPI.
. "$(dirname "$0")/lib.sh"
WM=${WIJKSIM_MPI_BIN:-$W-mpi}
if ! command -v mpirun >/dev/null 2>&1 || ! command -v mpicc >/dev/null 2>&1; then
	# .ci/run sets WIJKSIM_REQUIRE_MPI=1: there a skip would hide the tests.
	[ "${WIJKSIM_REQUIRE_MPI:-0}" != 1 ] || die "no Open MPI, and WIJKSIM_REQUIRE_MPI=1"
	echo "skipped: no Open MPI (install it: WIJKSIM_MPI=1 bash scripts/install-deps.sh)"
	exit 77
fi
[ -x "$WM" ] || die "$WM is missing: build it with make mpi"
# make test-sanitize: Open MPI does not free what it allocates at start-up
# (hwloc, its plug-ins), so LeakSanitizer would fail every run; the other
# checks stay on, and the serial tests check the engine's leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# -q: Open MPI's own notes about a non-zero exit status would make more
# than the one line an error is.
mpirun=(mpirun -q --allow-run-as-root --oversubscribe --bind-to none)
mpi() {   # mpi N ARGS...
	local n=$1; shift
	"${mpirun[@]}" -n "$n" "$WM" "$@"
}
small_set=(--set world.residents_per_wijk=1500 --days 42 --set simulation.warmup_days=0)
a=$(small mpi_a); b=$(small mpi_b); c=$(small mpi_c)
sed -i -e 's/^  wijken = 1;/  wijken = 3;/' "$c"    # parallel inside a run too
three=("$a" "$b" "$c" "${small_set[@]}" -r 5 --quiet)
"$W" run "${three[@]}" -o "$tmp/ref.h5" -t 2
for n in 1 2 3; do
	mpi $n run "${three[@]}" -o "$tmp/n$n.h5" -t 1
	$PY tests/h5same.py "$tmp/ref.h5" "$tmp/n$n.h5" || die "$n ranks differ from bin/wijksim"
done
# two threads per rank: units side by side in a rank, and inside a run
mpi 2 run "${three[@]}" -o "$tmp/n2t2.h5" -t 2
$PY tests/h5same.py "$tmp/ref.h5" "$tmp/n2t2.h5" || die "2 ranks x 2 threads differ"
# rerun goes over the ranks too
mpi 2 rerun "$tmp/n3.h5" -o "$tmp/again.h5" -t 1 --quiet
$PY tests/h5same.py "$tmp/ref.h5" "$tmp/again.h5" || die "rerun on 2 ranks differs"
# decompose: two jobs over the ranks (the combinations, then -o), the same
# table, CSV and file
fx=tests/fixtures/decompose
dc=("$fx/scen.cfg" --baseline "$fx/base.cfg" -r 3 -t 1 --quiet)
"$W" decompose "${dc[@]}" -o "$tmp/dc1.h5" --csv "$tmp/dc1.csv" > "$tmp/dc1.txt"
mpi 2 decompose "${dc[@]}" -o "$tmp/dc2.h5" --csv "$tmp/dc2.csv" > "$tmp/dc2.txt"
cmp -s "$tmp/dc1.txt" "$tmp/dc2.txt" || die "decompose on 2 ranks: another table"
cmp -s "$tmp/dc1.csv" "$tmp/dc2.csv" || die "decompose on 2 ranks: another CSV"
$PY tests/h5same.py "$tmp/dc1.h5" "$tmp/dc2.h5" || die "decompose on 2 ranks: another file"
# one unit, more ranks than units
one=("$a" "${small_set[@]}" -r 1 --quiet)
"$W" run "${one[@]}" -o "$tmp/one_ref.h5" -t 1
mpi 4 run "${one[@]}" -o "$tmp/one.h5" -t 1
$PY tests/h5same.py "$tmp/one_ref.h5" "$tmp/one.h5" || die "one unit on 4 ranks differs"
# One world over the ranks: with fewer units than workers, a world of
# several wijken goes out in pieces of its wijken (9 wijken, two per piece
# at one thread), summed in wijk order on rank 0: the same file at 2, 3
# and 4 ranks, 2 ranks x 2 threads, and for two such worlds of one
# replicate each (9 and 3 wijken) on 3 ranks.
big=$(small mpi_big)
sed -i -e 's/^  wijken = 1;/  wijken = 9;/' "$big"
w1=("$big" --set world.residents_per_wijk=1500 --days 42 --set simulation.warmup_days=10 -r 1 --quiet)
"$W" run "${w1[@]}" -o "$tmp/w1_ref.h5" -t 1
for n in 2 3 4; do
	mpi $n run "${w1[@]}" -o "$tmp/w1_n$n.h5" -t 1
	$PY tests/h5same.py "$tmp/w1_ref.h5" "$tmp/w1_n$n.h5" || die "one world on $n ranks differs"
done
mpi 2 run "${w1[@]}" -o "$tmp/w1_n2t2.h5" -t 2
$PY tests/h5same.py "$tmp/w1_ref.h5" "$tmp/w1_n2t2.h5" || die "one world, 2 ranks x 2 threads differ"
# a window of one or two pieces (the test hook): workers wait for room in it
for k in 1 2; do
	WIJKSIM_TEST_MPI_WINDOW=$k mpi 3 run "${w1[@]}" -o "$tmp/w1_win$k.h5" -t 1
	$PY tests/h5same.py "$tmp/w1_ref.h5" "$tmp/w1_win$k.h5" || die "one world, window $k: differs"
done
w2=("$big" "$c" "${small_set[@]}" -r 1 --quiet)
"$W" run "${w2[@]}" -o "$tmp/w2_ref.h5" -t 1
mpi 3 run "${w2[@]}" -o "$tmp/w2_n3.h5" -t 1
$PY tests/h5same.py "$tmp/w2_ref.h5" "$tmp/w2_n3.h5" || die "two worlds in pieces on 3 ranks differ"
# Rank 1 does pieces of the one unit (it would get nothing if the unit
# went out whole: rank 0's own thread is served first): killed after its
# first piece of 30 wijken in 15 pieces (the others still have pieces to
# do, and its second is never answered), the job fails with no file, and
# --resume (no replicate was finished, so nothing to take) gives the same
# file.
sed -i -e 's/^  wijken = 9;/  wijken = 30;/' "$big"
w30=("$big" --set world.residents_per_wijk=500 --days 42 --set simulation.warmup_days=10 -r 1 --quiet)
"$W" run "${w30[@]}" -o "$tmp/w30_ref.h5" -t 1
set +e
WIJKSIM_TEST_MPI_KILL_RANK=1 WIJKSIM_TEST_MPI_KILL_AFTER=1 \
	mpi 3 run "${w30[@]}" -o "$tmp/w30_killed.h5" -t 1 2> "$tmp/w30_killed.err"
status=$?
set -e
[ "$status" -ne 0 ] || die "one world, rank 1 killed after a piece: status 0 (did it get one?)"
[ ! -e "$tmp/w30_killed.h5" ] || die "one world, a killed rank left a file at the target"
mpi 2 run "${w30[@]}" -o "$tmp/w30_killed.h5" -t 1 --resume
$PY tests/h5same.py "$tmp/w30_ref.h5" "$tmp/w30_killed.h5" || die "one world: --resume gave another file"
# progress (not a terminal: lines) on rank 0 counts every rank's runs
# (a full-size wijk for half a year, so that the runs last long enough for
# lines between the first and the last: the tiny set ends within one line)
WIJKSIM_PROGRESS_SECONDS=0.01 mpi 3 run "$a" "$b" --days 182 --set simulation.warmup_days=0 \
	-r 3 -t 1 -o "$tmp/prog.h5" 2> "$tmp/prog.err"
grep -q "^wijksim: [0-9]*% simulated, [1-5] of 6 runs done" "$tmp/prog.err" ||
	die "no progress lines over the ranks: $(cat "$tmp/prog.err")"
# validate prints once, as bin/wijksim does
"$W" validate "$a" > "$tmp/v1.txt"
mpi 2 validate "$a" > "$tmp/v2.txt"
cmp -s "$tmp/v1.txt" "$tmp/v2.txt" || die "validate on 2 ranks differs"

# Bad input: one line, status 2, no file, for the whole job.
set +e
mpi 3 run "$a" --set world.residents_per_wijk=lots -o "$tmp/bad.h5" 2> "$tmp/bad.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "bad input: status $status, expected 2"
[ "$(wc -l < "$tmp/bad.err")" -eq 1 ] || { cat "$tmp/bad.err" >&2; die "bad input: not one line"; }
grep -q "residents_per_wijk" "$tmp/bad.err" || die "bad input: the line names no setting"
[ ! -e "$tmp/bad.h5" ] || die "bad input left a file"
# A rank that cannot load the job stops it before any work.
set +e
WIJKSIM_TEST_MPI_REFUSE_RANK=2 mpi 3 run "${one[@]}" -o "$tmp/refused.h5" 2> "$tmp/ref.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "refusing rank: status $status, expected 2"
[ "$(wc -l < "$tmp/ref.err")" -eq 1 ] || { cat "$tmp/ref.err" >&2; die "refusing rank: not one line"; }
grep -q "rank 2 cannot run the scenarios" "$tmp/ref.err" || die "refusing rank: $(cat "$tmp/ref.err")"
ls "$tmp"/refused.h5* >/dev/null 2>&1 && die "refusing rank left a file"

# A rank killed while rank 0 is busy writing a unit (the test hook makes
# every write take 3 s, through signals): mpirun's SIGKILL comes about a
# second after its SIGTERM, before rank 0 is back in its loop, and the
# temporary file is gone even so (its signal handler unlinks it), and the
# --resume hint was printed (by the handler too).
set +e
WIJKSIM_TEST_MPI_KILL_RANK=1 WIJKSIM_TEST_MPI_KILL_AFTER=1 WIJKSIM_TEST_MPI_WRITE_SECONDS=3 \
	mpi 3 run "${three[@]}" -o "$tmp/busy.h5" -t 1 2> "$tmp/busy.err"
status=$?
set -e
[ "$status" -ne 0 ] || die "rank killed while rank 0 writes: status 0"
[ ! -e "$tmp/busy.h5" ] || die "rank killed while rank 0 writes: a file at the target"
ls "$tmp"/busy.h5.tmp* >/dev/null 2>&1 &&
	die "rank killed while rank 0 writes: the temporary file was left"
grep -q "busy.h5.units: run the same command with --resume to continue" "$tmp/busy.err" ||
	die "rank killed while rank 0 writes: no --resume hint: $(cat "$tmp/busy.err")"
rm -f "$tmp/busy.h5.units"

# A rank killed mid-run: non-zero status, nothing at the target, no
# temporary file.
# 600 units of 365 days (about 3 s on two fast cores): mpirun takes about
# 1.2 s to pass a death or a signal on to the other ranks, and with 120 units
# they had finished all but the victim's unit by then.
long=("$a" "$b" "${small_set[@]}" --days 365 -r 300 -t 1 --quiet)
"${mpirun[@]}" -n 3 "$WM" run "${long[@]}" -o "$tmp/killed.h5" 2> "$tmp/killed.err" &
mp=$!
# Kill as soon as the first unit is journalled: well before the last one.
for _ in $(seq 200); do
	[ -s "$tmp/killed.h5.units" ] && break
	sleep 0.05
done
victim=
for d in /proc/[0-9]*; do   # rank 1 of this mpirun (no procps needed)
	[ "$(awk '/^PPid:/ {print $2}' "$d/status" 2>/dev/null)" = "$mp" ] || continue
	if tr '\0' '\n' < "$d/environ" 2>/dev/null | grep -qx OMPI_COMM_WORLD_RANK=1; then
		victim=${d#/proc/}
	fi
done
[ -n "$victim" ] || die "no rank 1 under mpirun $mp"
kill -KILL "$victim"
set +e; wait $mp; status=$?; set -e
[ "$status" -ne 0 ] || die "a killed rank: status 0"
[ ! -e "$tmp/killed.h5" ] || die "a killed rank left a file at the target"
ls "$tmp"/killed.h5.tmp* >/dev/null 2>&1 && die "a killed rank left the temporary file"
# --resume: the finished units come from the journal, the rest are run, and
# the file equals an uninterrupted run's; the journal is gone afterwards.
[ -s "$tmp/killed.h5.units" ] || die "a killed rank left no journal of finished units"
grep -q "with --resume to continue" "$tmp/killed.err" || die "no --resume hint: $(cat "$tmp/killed.err")"
mpi 2 run "${long[@]}" -o "$tmp/killed.h5" --resume 2> "$tmp/resume.err"
grep -q -- "--resume: [1-9][0-9]* of 600 units from" "$tmp/resume.err" ||
	die "--resume took no units: $(cat "$tmp/resume.err")"
"$W" run "${long[@]}" -o "$tmp/long_ref.h5" -t 2
$PY tests/h5same.py "$tmp/long_ref.h5" "$tmp/killed.h5" || die "--resume gave another file"
[ ! -e "$tmp/killed.h5.units" ] || die "the journal outlived a finished run"
# a journal of another run is refused
printf 'not a journal' > "$tmp/other.h5.units"
set +e
mpi 2 run "${one[@]}" -o "$tmp/other.h5" --resume 2> "$tmp/other.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "--resume with another run's journal: status $status"
grep -q "journal is of another run" "$tmp/other.err" || die "$(cat "$tmp/other.err")"
# SIGTERM to mpirun behaves like Ctrl-C on one process: status 1 (`long`
# outlasts the ~1.2 s mpirun takes to pass the signal on).
"${mpirun[@]}" -n 2 "$WM" run "${long[@]}" -o "$tmp/term.h5" 2> "$tmp/term.err" &
mp=$!
for _ in $(seq 200); do   # as above: stop it early, while units remain
	[ -s "$tmp/term.h5.units" ] && break
	sleep 0.05
done
kill -TERM $mp
set +e; wait $mp; status=$?; set -e
[ "$status" -eq 1 ] || die "SIGTERM to mpirun: status $status, expected 1"
[ ! -e "$tmp/term.h5" ] || die "SIGTERM left a file at the target"
grep -q "interrupted" "$tmp/term.err" || die "SIGTERM: $(cat "$tmp/term.err")"
# ---- experiment (and calibrate) over the ranks ----
# same_file A B: every dataset of the file identical in bytes, and every
# attribute but the root's command line and time of creation (and the
# dimension scales' object references, which are file addresses).
same_file() {
	$PY - "$1" "$2" <<'PY'
import sys
import h5py
def items(path):
    out = {}
    with h5py.File(path, "r") as f:
        def add(name, obj):
            if isinstance(obj, h5py.Dataset):
                out["data " + name] = obj[()]
            for a in obj.attrs:
                if a not in ("DIMENSION_LIST", "REFERENCE_LIST"):
                    out[f"attr {name}@{a}"] = obj.attrs[a]
        f.visititems(add)
        for a in f.attrs:
            if a not in ("command_line", "created"):
                out["attr /@" + a] = f.attrs[a]
    return out
a, b = items(sys.argv[1]), items(sys.argv[2])
assert sorted(a) == sorted(b), sorted(set(a) ^ set(b))
for k in a:
    x, y = a[k], b[k]
    if hasattr(x, "dtype") and x.dtype.kind in "fiub":
        assert x.shape == y.shape and x.dtype == y.dtype and x.tobytes() == y.tobytes(), k
    elif hasattr(x, "shape") and x.shape:
        assert list(x.flat) == list(y.flat), k
    else:
        assert x == y, k
print(f"identical: {sum(k.startswith('data') for k in a)} datasets")
PY
}
ecfg=tests/fixtures/experiment/lhs.cfg
# 7 points (divisible by no rank count here) x 3 replicates (odd), 42 days
seven=("$ecfg" --set experiment.points=7 --set simulation.days=42)
"$W" experiment "${seven[@]}" -o "$tmp/exp_ref.h5" -t 2 --quiet
for n in 1 2 3; do
	mpi $n experiment "${seven[@]}" -o "$tmp/exp_n$n.h5" -t 1 2> "$tmp/exp_n$n.err" ||
		die "experiment on $n ranks failed: $(cat "$tmp/exp_n$n.err")"
	same_file "$tmp/exp_ref.h5" "$tmp/exp_n$n.h5" >/dev/null ||
		die "experiment on $n ranks differs from bin/wijksim"
done
mpi 2 experiment "${seven[@]}" -o "$tmp/exp_n2t2.h5" -t 2 --quiet
same_file "$tmp/exp_ref.h5" "$tmp/exp_n2t2.h5" >/dev/null || die "experiment: 2 ranks x 2 threads differ"
# progress on rank 0 counts every rank's points, up to all of them
grep -q "^wijksim: 7 of 7 points done" "$tmp/exp_n3.err" || die "no progress: $(cat "$tmp/exp_n3.err")"
[ "$(grep -c "^wijksim: [0-7] of 7 points done" "$tmp/exp_n3.err")" -ge 3 ] ||
	die "progress did not advance: $(cat "$tmp/exp_n3.err")"
# one unit (one point x one replicate) on more ranks than units
unit=("$ecfg" --set experiment.points=1 --set experiment.replicates=1 --set simulation.days=42 --quiet)
"$W" experiment "${unit[@]}" -o "$tmp/unit_ref.h5" -t 1
mpi 4 experiment "${unit[@]}" -o "$tmp/unit.h5" -t 1
same_file "$tmp/unit_ref.h5" "$tmp/unit.h5" >/dev/null || die "experiment: one unit on 4 ranks differs"
# bad experiment input: one line, status 2, no file, for the whole job
printf 'extends = "%s";\nexperiment = { design = "lhs"; points = 3; factors = ( { path = "roles.nosuch.fte_per_1000"; min = 0.1; max = 0.2; } ); };\n' \
	"$here/$ecfg" > "$tmp/badexp.cfg"
set +e
mpi 3 experiment "$tmp/badexp.cfg" -o "$tmp/badexp.h5" 2> "$tmp/badexp.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "bad experiment: status $status, expected 2"
[ "$(wc -l < "$tmp/badexp.err")" -eq 1 ] || { cat "$tmp/badexp.err" >&2; die "bad experiment: not one line"; }
grep -q "badexp.cfg:2: .*nosuch" "$tmp/badexp.err" || die "bad experiment: $(cat "$tmp/badexp.err")"
ls "$tmp"/badexp.h5* >/dev/null 2>&1 && die "a bad experiment left a file"
# a rank that cannot load the points: status 2, one line, not even a partial file
set +e
WIJKSIM_TEST_MPI_REFUSE_RANK=1 mpi 2 experiment "${unit[@]}" -o "$tmp/exp_refused.h5" \
	2> "$tmp/exp_refused.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "experiment, refusing rank: status $status, expected 2"
[ "$(wc -l < "$tmp/exp_refused.err")" -eq 1 ] || die "refusing rank: $(cat "$tmp/exp_refused.err")"
grep -q "rank 1 cannot run the scenarios" "$tmp/exp_refused.err" || die "$(cat "$tmp/exp_refused.err")"
ls "$tmp"/exp_refused.h5* >/dev/null 2>&1 && die "experiment, refusing rank: a file left"
# A rank killed mid-experiment (the test hook: rank 1 kills itself with
# SIGKILL after its 5th result; 12 points x 3 replicates go out in 6
# batches of 2 points, in which rank 1 gets 1 to 4 units): status non-zero,
# nothing at the target, the finished points in the partial file, and
# --resume on another rank count gives bin/wijksim's file.
twelve=("$ecfg" --set simulation.days=42 -t 1)
mkdir "$tmp/scratch"
set +e
TMPDIR=$tmp/scratch WIJKSIM_TEST_MPI_KILL_RANK=1 WIJKSIM_TEST_MPI_KILL_AFTER=5 \
	mpi 3 experiment "${twelve[@]}" -o "$tmp/exp_killed.h5" 2> "$tmp/exp_killed.err"
status=$?
set -e
[ "$status" -ne 0 ] || die "experiment, a killed rank: status 0"
[ ! -e "$tmp/exp_killed.h5" ] || die "experiment, a killed rank: a file at the target"
[ -e "$tmp/exp_killed.h5.partial" ] || die "experiment, a killed rank: no partial file"
grep -q "rank 0 was stopped" "$tmp/exp_killed.err" || die "no reason given: $(cat "$tmp/exp_killed.err")"
grep -q "wijksim-mpi experiment .* --resume" "$tmp/exp_killed.err" || die "no --resume hint: $(cat "$tmp/exp_killed.err")"
mpi 2 experiment "${twelve[@]}" -o "$tmp/exp_killed.h5" --resume --quiet
"$W" experiment "${twelve[@]}" -o "$tmp/exp12_ref.h5" --quiet
same_file "$tmp/exp12_ref.h5" "$tmp/exp_killed.h5" >/dev/null || die "experiment --resume gave another file"
[ ! -e "$tmp/exp_killed.h5.partial" ] || die "the partial file outlived the resumed experiment"
ls -d "$tmp"/scratch/wijksim-experiment-* >/dev/null 2>&1 && die "a killed rank: the scratch folder was left"
# SIGTERM to mpirun mid-experiment (once its first batch is in; two years per
# run, so that most of the work is still ahead after mpirun's ~1.2 s before
# it passes the signal on, on a quiet machine too): as
# Ctrl-C on one process, status 1, the points so far in the partial file
# (13,500 residents: with the fixture's 1,500 the rest of the experiment can
# end within the 50 ms between two looks at a quiet machine)
year=("$ecfg" --set simulation.days=730 --set world.residents_per_wijk=13500 -t 1)
"${mpirun[@]}" -n 2 "$WM" experiment "${year[@]}" -o "$tmp/exp_term.h5" 2> "$tmp/exp_term.err" &
mp=$!
for _ in $(seq 400); do
	grep -q "^wijksim: [1-9][0-9]* of 12 points done" "$tmp/exp_term.err" && break
	sleep 0.05
done
kill -TERM $mp
set +e; wait $mp; status=$?; set -e
[ "$status" -eq 1 ] || die "experiment, SIGTERM to mpirun: status $status, expected 1"
[ ! -e "$tmp/exp_term.h5" ] || die "experiment, SIGTERM: a file at the target"
grep -q "interrupted; [0-9]* of 12 points are in" "$tmp/exp_term.err" || die "$(cat "$tmp/exp_term.err")"
# experiment --series is not checked over the ranks yet: refused, once
set +e
mpi 2 experiment "${unit[@]}" --series -o "$tmp/series.h5" 2> "$tmp/series.err"
status=$?
set -e
[ "$status" -eq 2 ] || die "experiment --series over MPI: status $status, expected 2"
[ "$(wc -l < "$tmp/series.err")" -eq 1 ] || die "--series: $(cat "$tmp/series.err")"
grep -q "does not run over MPI yet" "$tmp/series.err" || die "--series: $(cat "$tmp/series.err")"
ls "$tmp"/series.h5* >/dev/null 2>&1 && die "--series over MPI left a file"
# calibrate: each evaluation's replicates over the ranks, the same table and file
cat > "$tmp/cal.cfg" <<CFG
extends = "$here/$ecfg";
simulation = { days = 42; };
calibration = {
  name = "tiny";
  budget = 18;
  replicates = 3;
  parameters = ( { path = "roles.huisarts.fte_per_1000"; min = 0.2; max = 0.8; } );
  targets = ( { name = "gp_load"; metric = "utilisation"; labels = ["huisarts"];
                value = 0.6; sd = 0.01; source = "made up for this test"; } );
};
CFG
"$W" calibrate "$tmp/cal.cfg" -o "$tmp/cal1.h5" -t 1 --quiet > "$tmp/cal1.txt"
mpi 2 calibrate "$tmp/cal.cfg" -o "$tmp/cal2.h5" -t 1 --quiet > "$tmp/cal2.txt"
cmp -s "$tmp/cal1.txt" "$tmp/cal2.txt" || die "calibrate on 2 ranks: another table"
same_file "$tmp/cal1.h5" "$tmp/cal2.h5" >/dev/null || die "calibrate on 2 ranks: another file"
echo "mpi ok"
