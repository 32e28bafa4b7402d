#!/usr/bin/env bash
# make bench-mpi: bin/wijksim-mpi at 1 and 2 ranks against bin/wijksim, on
# an ensemble of the three default scenarios (paired), medians of RUNS runs.
#   RUNS=5 REPLICATES=10 make bench-mpi   (EXPERIMENT=0: without the experiment,
#   ENSEMBLE=0: without the ensemble, ONE_WORLD=0: without one world's wijken
#   over the ranks, WORLD=FILE: another world for that)
# "engine s" is rank 0's time from the first scenario group to the last
# result written (WIJKSIM_STATS); "command s" adds mpirun's start-up and the
# file's commit. Every rank runs with --bind-to none and -t threads.
set -euo pipefail
bin=${1:-bin/wijksim}
mpibin=${2:-$bin-mpi}
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
reps=${REPLICATES:-10}
days=${DAYS:-365}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(scenarios/baseline.cfg scenarios/ruwaard.cfg scenarios/samenredzaamheid.cfg
      -r "$reps" --days "$days" --set simulation.warmup_days=0 --quiet --force)
mpirun=(mpirun -q --allow-run-as-root --oversubscribe --bind-to none)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "wijksim: $("$bin" --version); $(mpirun --version | head -n 1)"
echo "ensemble: 3 scenarios x $reps replicates, $days days, no warm-up; $runs runs, medians"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A engine=() command=()
keys=("wijksim -t 1" "wijksim -t 2" "mpirun -n 1, -t 1" "mpirun -n 2, -t 1" "mpirun -n 1, -t 2")
command_of() {   # command_of KEY: the command line of a configuration
	case $1 in
	"wijksim -t 1") echo "$bin run -t 1" ;;
	"wijksim -t 2") echo "$bin run -t 2" ;;
	"mpirun -n 1, -t 1") echo "${mpirun[*]} -n 1 $mpibin run -t 1" ;;
	"mpirun -n 2, -t 1") echo "${mpirun[*]} -n 2 $mpibin run -t 1" ;;
	"mpirun -n 1, -t 2") echo "${mpirun[*]} -n 1 $mpibin run -t 2" ;;
	esac
}
# Rounds outside, configurations inside: the machine's load drifts, and
# this way every configuration sees the same drift.
if [ "${ENSEMBLE:-1}" = 1 ]; then
for i in $(seq "$runs"); do
	for k in "${keys[@]}"; do
		read -r -a cmd <<< "$(command_of "$k")"
		t0=$(date +%s.%N)
		WIJKSIM_STATS="$tmp/stats" "${cmd[@]}" "${args[@]}" -o "$tmp/out.h5"
		t1=$(date +%s.%N)
		awk '/^wall_seconds/ {print $2}' "$tmp/stats" >> "$tmp/e.${k//[ ,-]/_}"
		echo "$t1 - $t0" | bc >> "$tmp/c.${k//[ ,-]/_}"
	done
done
printf '\n%-28s %9s %10s\n' configuration engine_s command_s
for k in "${keys[@]}"; do
	engine[$k]=$(median < "$tmp/e.${k//[ ,-]/_}")
	command[$k]=$(median < "$tmp/c.${k//[ ,-]/_}")
	printf '%-28s %9.2f %10.2f\n' "$k" "${engine[$k]}" "${command[$k]}"
done
awk -v a="${engine[mpirun -n 1, -t 1]}" -v b="${engine[mpirun -n 2, -t 1]}" \
    -v c="${engine[wijksim -t 1]}" -v d="${engine[mpirun -n 1, -t 2]}" -v e="${engine[wijksim -t 2]}" \
    'BEGIN { printf "\nengine speed-up 1 -> 2 ranks (1 thread each): %.2fx\n", a / b;
             printf "mpirun -n 1 -t 1 against wijksim -t 1: %.2fx the time\n", a / c;
             printf "mpirun -n 1 -t 2 against wijksim -t 2: %.2fx the time\n", d / e;
             printf "2 ranks x 1 thread against 1 rank x 2 threads: %.2fx the time\n", b / d }'
fi

# One world over the ranks: WORLD (scenarios/bench/million.cfg, 1,000,000
# residents in 75 wijken, a year), one replicate, so that its wijken go
# out in pieces (README.md "Running on a cluster"); the same rounds, the
# engine's time as for the ensemble.
if [ "${ONE_WORLD:-1}" = 1 ]; then
world=${WORLD:-scenarios/bench/million.cfg}
echo
echo "one world: $world, 1 replicate; $runs runs, medians"
for i in $(seq "$runs"); do
	for k in "${keys[@]}"; do
		read -r -a cmd <<< "$(command_of "$k")"
		f=${k//[ ,-]/_}
		WIJKSIM_STATS="$tmp/stats" "${cmd[@]}" "$world" -r 1 --quiet --force -o "$tmp/world.h5"
		awk '/^wall_seconds/ {print $2}' "$tmp/stats" >> "$tmp/w.$f"
	done
done
printf '\n%-28s %9s\n' configuration engine_s
declare -A wengine=()
for k in "${keys[@]}"; do
	wengine[$k]=$(median < "$tmp/w.${k//[ ,-]/_}")
	printf '%-28s %9.2f\n' "$k" "${wengine[$k]}"
done
awk -v a="${wengine[mpirun -n 1, -t 1]}" -v b="${wengine[mpirun -n 2, -t 1]}" \
    -v c="${wengine[wijksim -t 1]}" -v e="${wengine[wijksim -t 2]}" \
    'BEGIN { printf "\none world, speed-up 1 -> 2 ranks (1 thread each): %.2fx\n", a / b;
             printf "mpirun -n 2 -t 1 against wijksim -t 2: %.2fx the time\n", b / e }'
fi

# The experiment: tests/fixtures/experiment/lhs.cfg with EXP_RESIDENTS
# residents (the baseline's 13,500), EXP_POINTS points x its 3 replicates
# over EXP_DAYS days, the same rounds.
# No engine time here (experiment writes no WIJKSIM_STATS): the command's
# wall time, and its CPU time (user + sys of every process) beside it.
[ "${EXPERIMENT:-1}" = 1 ] || exit 0
epoints=${EXP_POINTS:-8}
eresidents=${EXP_RESIDENTS:-13500}
edays=${EXP_DAYS:-365}
eargs=(tests/fixtures/experiment/lhs.cfg --set "experiment.points=$epoints"
       --set "world.residents_per_wijk=$eresidents"
       --set "simulation.days=$edays" --quiet --force)
ekeys=("wijksim -t 1" "wijksim -t 2" "mpirun -n 1, -t 1" "mpirun -n 2, -t 1")
echo
echo "experiment: lhs.cfg, $epoints points x 3 replicates, $edays days, $eresidents residents; $runs runs, medians"
ecommand_of() {
	case $1 in
	"wijksim -t 1") echo "$bin experiment -t 1" ;;
	"wijksim -t 2") echo "$bin experiment -t 2" ;;
	"mpirun -n 1, -t 1") echo "${mpirun[*]} -n 1 $mpibin experiment -t 1" ;;
	"mpirun -n 2, -t 1") echo "${mpirun[*]} -n 2 $mpibin experiment -t 1" ;;
	esac
}
for i in $(seq "$runs"); do
	for k in "${ekeys[@]}"; do
		read -r -a cmd <<< "$(ecommand_of "$k")"
		f=${k//[ ,-]/_}
		TIMEFORMAT='%R %U %S'
		{ time "${cmd[@]}" "${eargs[@]}" -o "$tmp/exp.h5" 2>/dev/null ; } 2>> "$tmp/x.$f"
	done
done
printf '\n%-28s %9s %9s\n' configuration wall_s cpu_s
declare -A ewall=()
for k in "${ekeys[@]}"; do
	f=${k//[ ,-]/_}
	ewall[$k]=$(awk '{print $1}' "$tmp/x.$f" | median)
	printf '%-28s %9.2f %9.2f\n' "$k" "${ewall[$k]}" "$(awk '{print $2 + $3}' "$tmp/x.$f" | median)"
done
awk -v a="${ewall[mpirun -n 1, -t 1]}" -v b="${ewall[mpirun -n 2, -t 1]}" \
    -v c="${ewall[wijksim -t 1]}" -v e="${ewall[wijksim -t 2]}" \
    'BEGIN { printf "\nexperiment speed-up 1 -> 2 ranks (1 thread each): %.2fx\n", a / b;
             printf "mpirun -n 1 -t 1 against wijksim -t 1: %.2fx the time\n", a / c;
             printf "mpirun -n 2 -t 1 against wijksim -t 2: %.2fx the time\n", b / e }'
