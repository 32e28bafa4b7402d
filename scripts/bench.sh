#!/usr/bin/env bash
# make bench: throughput, CPU time, memory per resident, parallel speed-up
# and the share of time spent writing HDF5, for the shipped benchmark
# scenarios. Each configuration runs RUNS times (default 3); medians are
# printed.
#   BENCH_SCENARIOS="scenarios/bench/million.cfg" RUNS=5 make bench
#   BENCH_DAYS="365 3650"   run each scenario for these days (default: its own)
#   BENCH_THREADS="1 2 4"   thread counts (default "1 2")
#   REF=<commit>            also build that commit (git archive into a
#                           temporary directory, make there) and run both
#                           binaries back to back on the same configurations,
#                           alternating which goes first, and print the ratios
#                           new/REF of the medians: a slowdown is seen the day
#                           it is made. `datasets` says whether the two wrote
#                           identical datasets (tests/h5same.py).
#   REF_BIN=path            the same with a binary already built (no build)
# On a shared machine compare CPU seconds (user + sys) and ratios of
# interleaved runs, not wall times of different days.
set -euo pipefail
bin=${1:-bin/wijksim}
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${RUNS:-3}
scenarios=${BENCH_SCENARIOS:-"scenarios/bench/million.cfg scenarios/bench/netherlands.cfg"}
threads_list=${BENCH_THREADS:-"1 2"}
days_list=${BENCH_DAYS:-}
ref=${REF:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

refbin=${REF_BIN:-}
[ -n "$refbin" ] && [ -z "$ref" ] && ref=$refbin
if [ -n "$ref" ] && [ -z "$refbin" ]; then
	commit=$(git rev-parse --verify "$ref^{commit}") || { echo "bench: REF=$ref is not a commit" >&2; exit 2; }
	mkdir "$tmp/ref"
	git archive "$commit" | tar -x -C "$tmp/ref"
	echo "building REF $ref ($commit) in a temporary directory ..."
	make -C "$tmp/ref" -j2 bin/wijksim >"$tmp/ref-build.log" 2>&1 ||
		{ tail -n 20 "$tmp/ref-build.log" >&2; echo "bench: building REF=$ref failed" >&2; exit 1; }
	refbin=$tmp/ref/bin/wijksim
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "machine: $(nproc) cores, $cpu; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wijksim: $("$bin" --version)"
[ -n "$refbin" ] && echo "REF:     $("$refbin" --version) ($ref)"
echo "runs per configuration: $runs (medians shown; cpu_s = user + sys)"

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# one BINARY TAG CFG DAYS THREADS: run once, append this run's figures to
# $tmp/TAG.{wall,cpu,rate,ev,mem,model,write}.
one() {
	local b=$1 tag=$2 cfg=$3 days=$4 t=$5 dayset=()
	[ -n "$days" ] && dayset=(--days "$days")
	local TIMEFORMAT='%R %U %S'
	{ time WIJKSIM_STATS="$tmp/stats" "$b" run "$cfg" -o "$tmp/$tag.h5" --force --quiet -t "$t" \
		"${dayset[@]}" 2>"$tmp/err"; } 2>"$tmp/time" ||
		{ cat "$tmp/err" >&2; echo "bench: $b run $cfg failed" >&2; exit 1; }
	awk '{printf "%.3f\n", $2 + $3}' "$tmp/time" >> "$tmp/$tag.cpu"
	awk '/^wall_seconds/ {print $2}' "$tmp/stats" >> "$tmp/$tag.wall"
	awk '/^wall_seconds/ {w=$2} /^resident_days/ {r=$2} END {printf "%.0f\n", r/w}' "$tmp/stats" >> "$tmp/$tag.rate"
	awk '/^wall_seconds/ {w=$2} /^needs_arisen/ {n=$2} END {printf "%.0f\n", n/w}' "$tmp/stats" >> "$tmp/$tag.ev"
	awk -v n="$residents" '/^max_rss_kb/ {printf "%.0f\n", $2*1024/n}' "$tmp/stats" >> "$tmp/$tag.mem"
	awk -v n="$residents" '/^model_bytes/ {printf "%.0f\n", $2/n}' "$tmp/stats" >> "$tmp/$tag.model"
	awk '/^wall_seconds/ {w=$2} /^write_seconds/ {x=$2} END {printf "%.2f\n", 100*x/w}' "$tmp/stats" >> "$tmp/$tag.write"
}

row() {   # row TAG LABEL DAYS THREADS
	printf '%-12s %11d %5d %7d %9.2f %8.2f %12.3g %12.3g %9.0f %9.0f %7.2f%%\n' "$2" "$residents" "$3" "$4" \
		"$(median < "$tmp/$1.wall")" "$(median < "$tmp/$1.cpu")" "$(median < "$tmp/$1.rate")" \
		"$(median < "$tmp/$1.ev")" "$(median < "$tmp/$1.mem")" "$(median < "$tmp/$1.model")" \
		"$(median < "$tmp/$1.write")"
}

printf '\n%-12s %11s %5s %7s %9s %8s %12s %12s %9s %9s %8s\n' scenario residents days threads wall_s cpu_s \
	res_days/s need_ev/s rss_B/res model_B/res write%
for cfg in $scenarios; do
	name=$(basename "$cfg" .cfg)
	residents=$("$bin" validate "$cfg" | awk -F'[=;]' '/residents_per_wijk/ {r=$2} /^ *wijken *=/ {w=$2} END {printf "%d", r*w}')
	own_days=$("$bin" validate "$cfg" | awk -F'[=;]' '/^ *days *=/ && !d {d = $2 + 0} END {print d}')
	for days in ${days_list:-$own_days}; do
		declare -A wall_med=()
		for t in $threads_list; do
			rm -f "$tmp"/new.* "$tmp"/ref.*
			for i in $(seq "$runs"); do
				if [ -n "$refbin" ] && [ $((i % 2)) = 0 ]; then
					one "$refbin" ref "$cfg" "$days" "$t"
					one "$bin" new "$cfg" "$days" "$t"
				else
					one "$bin" new "$cfg" "$days" "$t"
					[ -n "$refbin" ] && one "$refbin" ref "$cfg" "$days" "$t"
				fi
			done
			wall_med[$t]=$(median < "$tmp/new.wall")
			row new "$name" "$days" "$t"
			if [ -n "$refbin" ]; then
				row ref "$name REF" "$days" "$t"
				same=differ
				/usr/bin/python3 tests/h5same.py "$tmp/ref.h5" "$tmp/new.h5" >/dev/null 2>&1 && same=identical
				awk -v a="$(median < "$tmp/new.wall")" -v b="$(median < "$tmp/ref.wall")" \
				    -v c="$(median < "$tmp/new.cpu")" -v d="$(median < "$tmp/ref.cpu")" -v s="$same" \
				    -v m="$(median < "$tmp/new.mem")" -v r="$(median < "$tmp/ref.mem")" \
					'BEGIN {printf "%-12s new/REF: wall %.2fx, cpu %.2fx, rss %.2fx; datasets %s\n", "", a/b, c/d, m/r, s}'
			fi
		done
		if [ -n "${wall_med[1]:-}" ] && [ -n "${wall_med[2]:-}" ]; then
			awk -v a="${wall_med[1]}" -v b="${wall_med[2]}" -v n="$name" \
				'BEGIN {printf "%-12s speed-up 1 -> 2 threads: %.2fx\n", n, a/b}'
		fi
		unset wall_med
	done
done
