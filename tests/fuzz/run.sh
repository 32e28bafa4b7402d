#!/usr/bin/env bash
# run.sh SECONDS — build the fuzzers and run each for SECONDS (make fuzz).
#
# Two targets, each built as build-fuzz/<target> with clang
# -fsanitize=fuzzer,address,undefined from model/*.c and src/*.c (not
# main.c) and tests/fuzz/<target>.c; libconfig, HDF5 and GSL are the
# system's, not instrumented:
#   fuzz_scen    the scenario loader (input: scenario text)
#   fuzz_h5read  the result-file reader of info and rerun (input: a result
#                file; seeds written by bin/wijksim when it is built)
# Each has its corpus in build-fuzz/corpus-<target> (fuzz_scen keeps the
# old build-fuzz/corpus) and its crashes in build-fuzz/crashes-<target>.
# The inputs in tests/fuzz/regressions/ (scenario texts) and
# tests/fuzz/regressions-h5read/ (result files), earlier findings, are run
# first and must pass. Exit status: 0 when the time ran out with no
# finding, else libFuzzer's (or 1 for a failing regression).
#   FUZZ_JOBS=N       run N fuzzing processes per target (default 1)
#   FUZZ_TARGETS=...  the targets to run (default: both)
set -euo pipefail
seconds=${1:-60}
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
out=build-fuzz
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
# not main.c, nor the web server (serve*.c: libmicrohttpd, a generated table)
lib_srcs=(model/*.c $(ls src/*.c | grep -v -e '^src/main\.c$' -e '^src/serve'))
pkg=$(pkg-config --cflags --libs gsl hdf5 libconfig nettle 2>/dev/null || echo "-I/usr/include/hdf5/serial -lgsl -lgslcblas -lhdf5 -lconfig -lnettle")
hdf5_l=$(pkg-config --libs-only-L hdf5 2>/dev/null || true)
shopt -s globstar nullglob

build() {   # build TARGET
	local target=$1 newest
	newest=$(ls -t "${lib_srcs[@]}" "tests/fuzz/$target.c" model/*.h src/*.h | head -n 1)
	if [ ! -x "$out/$target" ] || [ "$newest" -nt "$out/$target" ]; then
		echo "fuzz: building $out/$target"
		# -fopenmp: engine.c calls omp_*; clang links its libomp.
		"$CC" -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer \
			-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
			-fopenmp -Wall -Wextra -Wno-unused-command-line-argument \
			-Imodel -Isrc -I/usr/include/hdf5/serial \
			-o "$out/$target" "${lib_srcs[@]}" "tests/fuzz/$target.c" $pkg $hdf5_l -lhdf5_hl -lm
	fi
}

seed_scen() {   # every scenario and fixture; @include and extends in text are refused
	for f in scenarios/**/*.cfg tests/bad/**/*.cfg tests/fixtures/scen/**/*.cfg; do
		cp -f "$f" "$1/seed_$(echo "$f" | tr '/' '_')"
	done
}

seed_h5read() {   # small result files of this wijksim (sealed), one with two scenarios
	local bin=bin/wijksim m=tests/bad/base/minimal.cfg
	[ -x "$bin" ] || { echo "fuzz: no $bin: fuzz_h5read starts from its regressions only"; return; }
	"$bin" run "$m" -o "$1/seed_minimal.h5" --force --quiet --set simulation.days=5 \
		--set simulation.output_every=5
	sed 's/^name = "minimal";/name = "other";/' "$m" >"$out/other.cfg"
	"$bin" run "$m" "$out/other.cfg" -o "$1/seed_two.h5" --force --quiet \
		--set simulation.days=5 --set simulation.output_every=5
}

status=0
for target in ${FUZZ_TARGETS:-fuzz_scen fuzz_h5read}; do
	case $target in
	fuzz_scen) corpus=$out/corpus; regress=tests/fuzz/regressions; max_len=65536 ;;
	fuzz_h5read) corpus=$out/corpus-$target; regress=tests/fuzz/regressions-h5read; max_len=480000
		# libhdf5 leaks on damaged attributes (src/scen.c names the
		# function; the e2e tests unwind whole stacks to match it). Whole
		# stacks make this target ~4x slower, so here the fast unwinder,
		# which stops in libhdf5 (no frame pointers), and every leak
		# allocated inside libhdf5 is suppressed (tests/fuzz/lsan-h5read.supp).
		export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/tests/fuzz/lsan-h5read.supp" ;;
	*) echo "fuzz: unknown target $target" >&2; exit 2 ;;
	esac
	crashes=$out/crashes-$target
	mkdir -p "$corpus" "$crashes"
	build "$target"
	"seed_${target#fuzz_}" "$corpus"
	# The leak detector honours the suppressions compiled into src/scen.c
	# (__lsan_default_suppressions: libconfig 1.5's parser leaks a string
	# token on some syntax errors).
	regressions=("$regress"/*)
	if [ "${#regressions[@]}" -gt 0 ]; then
		"$out/$target" "${regressions[@]}" >"$out/regressions-$target.log" 2>&1 \
			|| { cat "$out/regressions-$target.log" >&2; echo "fuzz: a $target regression input fails" >&2; exit 1; }
		echo "fuzz: $target: ${#regressions[@]} regression inputs pass"
	fi
	jobs=${FUZZ_JOBS:-1}
	extra=()
	[ "$jobs" -gt 1 ] && extra=(-jobs="$jobs" -workers="$jobs")
	# From build-fuzz/, so that libFuzzer's per-job logs (fuzz-N.log) land there.
	(cd "$out" && "./$target" "${corpus#$out/}" -max_len="$max_len" -max_total_time="$seconds" \
		-artifact_prefix="${crashes#$out/}/" -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=4096 "${extra[@]}") || status=$?
done
exit "$status"
