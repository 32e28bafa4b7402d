#!/usr/bin/env bash
# omp_env.sh — a bad OMP_NUM_THREADS (issue 19): libgomp would print
# "libgomp: Invalid value ..." before main, whatever --quiet says. wijksim
# (src/omp_env.c, libgomp linked statically) removes the value before libgomp
# reads it: with --quiet nothing on stderr, without it one warning of its own;
# the run goes on with all cores and exit 0. Good values (a number, a list
# as libgomp accepts it) pass unchanged: -t is not needed for them.
. "$(dirname "$0")/lib.sh"

run() {   # run OMP_NUM_THREADS-value [more args]
	local v=$1; shift
	OMP_NUM_THREADS="$v" "$W" run scenarios/education/klein.cfg -r 1 --days 7 \
		--set simulation.warmup_days=0 -o "$tmp/o.h5" --force "$@" \
		>"$tmp/out" 2>"$tmp/err"
}

for v in garbage "" 0 -1 "2x" "2,,3" "99999999999999999999"; do
	run "$v" --quiet || die "OMP_NUM_THREADS='$v' --quiet: exit $?: $(cat "$tmp/err")"
	[ -s "$tmp/err" ] && die "OMP_NUM_THREADS='$v' --quiet wrote on stderr: $(cat "$tmp/err")"
	run "$v" || die "OMP_NUM_THREADS='$v': exit $?"
	grep -q libgomp "$tmp/err" && die "OMP_NUM_THREADS='$v': libgomp's own warning: $(cat "$tmp/err")"
	n=$(grep -c "warning: OMP_NUM_THREADS=" "$tmp/err" || true)
	[ "$n" = 1 ] || die "OMP_NUM_THREADS='$v': expected one warning, got $n: $(cat "$tmp/err")"
done

# Accepted values: no warning, and the thread count is the one asked for.
for v in 1 " 2 " "2,1"; do
	run "$v" || die "OMP_NUM_THREADS='$v': exit $?"
	grep -q "OMP_NUM_THREADS\|libgomp" "$tmp/err" && die "OMP_NUM_THREADS='$v' warned: $(cat "$tmp/err")"
	want=${v// /}; want=${want%%,*}
	grep -q "$want thread" "$tmp/err" || die "OMP_NUM_THREADS='$v': not $want threads: $(cat "$tmp/err")"
done
echo "omp_env: ok"
