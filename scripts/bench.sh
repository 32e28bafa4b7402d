#!/usr/bin/env bash
# make bench: throughput, memory per resident, parallel speed-up and the
# share of time spent writing HDF5, for the shipped benchmark scenarios.
# Each configuration runs RUNS times (default 3); medians are printed.
#   BENCH_SCENARIOS="scenarios/bench/million.cfg" RUNS=5 make bench
set -euo pipefail
bin=${1:-bin/wijksim}
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
scenarios=${BENCH_SCENARIOS:-"scenarios/bench/million.cfg scenarios/bench/netherlands.cfg"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "machine: $(nproc) cores, $cpu"
echo "wijksim: $("$bin" --version)"
echo "runs per configuration: $runs (medians shown)"
printf '\n%-12s %11s %5s %7s %9s %12s %12s %10s %8s\n' scenario residents days threads wall_s res_days/s need_ev/s bytes/res write%
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for cfg in $scenarios; do
	name=$(basename "$cfg" .cfg)
	residents=$("$bin" validate "$cfg" | awk -F'[=;]' '/residents_per_wijk/ {r=$2} /^ *wijken *=/ {w=$2} END {printf "%d", r*w}')
	days=$("$bin" validate "$cfg" | awk -F'[=;]' '/^ *days *=/ {print $2+0; exit}')
	threads_list="1 2"
	declare -A wall_med=()
	for t in $threads_list; do
		: > "$tmp/wall" ; : > "$tmp/rate" ; : > "$tmp/ev" ; : > "$tmp/mem" ; : > "$tmp/write"
		for i in $(seq "$runs"); do
			WIJKSIM_STATS="$tmp/stats" "$bin" run "$cfg" -o "$tmp/out.h5" --force --quiet -t "$t"
			awk '/^wall_seconds/ {print $2}' "$tmp/stats" >> "$tmp/wall"
			awk '/^wall_seconds/ {w=$2} /^resident_days/ {r=$2} END {printf "%.0f\n", r/w}' "$tmp/stats" >> "$tmp/rate"
			awk '/^wall_seconds/ {w=$2} /^needs_arisen/ {n=$2} END {printf "%.0f\n", n/w}' "$tmp/stats" >> "$tmp/ev"
			awk -v n="$residents" '/^max_rss_kb/ {printf "%.0f\n", $2*1024/n}' "$tmp/stats" >> "$tmp/mem"
			awk '/^wall_seconds/ {w=$2} /^write_seconds/ {x=$2} END {printf "%.2f\n", 100*x/w}' "$tmp/stats" >> "$tmp/write"
		done
		wall_med[$t]=$(median < "$tmp/wall")
		printf '%-12s %11d %5d %7d %9.2f %12.3g %12.3g %10.0f %7.2f%%\n' "$name" "$residents" "$days" "$t" \
			"${wall_med[$t]}" "$(median < "$tmp/rate")" "$(median < "$tmp/ev")" \
			"$(median < "$tmp/mem")" "$(median < "$tmp/write")"
	done
	awk -v a="${wall_med[1]}" -v b="${wall_med[2]}" -v n="$name" \
		'BEGIN {printf "%-12s speed-up 1 -> 2 threads: %.2fx\n", n, a/b}'
done
