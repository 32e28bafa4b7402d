#!/usr/bin/env bash
# run.sh SECONDS — build the scenario-loader fuzzer and run it (make fuzz).
#
# Builds build-fuzz/fuzz_scen with clang -fsanitize=fuzzer,address,undefined
# from model/*.c and src/*.c (not main.c) and tests/fuzz/fuzz_scen.c;
# libconfig, HDF5 and GSL are the system's, not instrumented. The corpus
# lives in build-fuzz/corpus and is seeded from every scenario in the tree;
# crashes land in build-fuzz/crashes. The inputs in tests/fuzz/regressions/
# (earlier findings) are run first and must pass. Exit status: 0 when the
# time ran out with no finding, else libFuzzer's.
#   FUZZ_JOBS=N    run N fuzzing processes in parallel (default 1)
set -euo pipefail
seconds=${1:-60}
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
srcs=(model/*.c $(ls src/*.c | grep -v '^src/main\.c$') tests/fuzz/fuzz_scen.c)
pkg=$(pkg-config --cflags --libs gsl hdf5 libconfig 2>/dev/null || echo "-I/usr/include/hdf5/serial -lgsl -lgslcblas -lhdf5 -lconfig")
hdf5_l=$(pkg-config --libs-only-L hdf5 2>/dev/null || true)
newest=$(ls -t "${srcs[@]}" model/*.h src/*.h | head -n 1)
if [ ! -x "$out/fuzz_scen" ] || [ "$newest" -nt "$out/fuzz_scen" ]; then
	echo "fuzz: building $out/fuzz_scen"
	# -fopenmp: engine.c calls omp_*; clang links its libomp.
	"$CC" -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-fopenmp -Wall -Wextra -Wno-unused-command-line-argument \
		-Imodel -Isrc -I/usr/include/hdf5/serial \
		-o "$out/fuzz_scen" "${srcs[@]}" $pkg $hdf5_l -lhdf5_hl -lm
fi
# Seeds: every scenario and fixture; the loader refuses @include and
# extends in text, so those seeds exercise the refusals.
shopt -s globstar nullglob
for f in scenarios/**/*.cfg tests/bad/**/*.cfg tests/fixtures/scen/**/*.cfg; do
	cp -f "$f" "$out/corpus/seed_$(echo "$f" | tr '/' '_')"
done
# The leak detector honours the suppressions compiled into src/scen.c
# (__lsan_default_suppressions: libconfig 1.5's parser leaks a string token
# on some syntax errors).
# Known findings first: each must pass before new fuzzing starts.
regressions=(tests/fuzz/regressions/*)
if [ "${#regressions[@]}" -gt 0 ]; then
	"$out/fuzz_scen" "${regressions[@]}" >"$out/regressions.log" 2>&1 \
		|| { cat "$out/regressions.log" >&2; echo "fuzz: a regression input fails" >&2; exit 1; }
	echo "fuzz: ${#regressions[@]} regression inputs pass"
fi
jobs=${FUZZ_JOBS:-1}
extra=()
[ "$jobs" -gt 1 ] && extra=(-jobs="$jobs" -workers="$jobs")
# From build-fuzz/, so that libFuzzer's per-job logs (fuzz-N.log) land there.
cd "$out"
exec ./fuzz_scen corpus -max_len=65536 -max_total_time="$seconds" \
	-artifact_prefix=crashes/ -print_final_stats=1 -timeout=20 -rss_limit_mb=4096 \
	"${extra[@]}"
