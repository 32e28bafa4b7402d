# Result files that cannot lie (issue 19): info and rerun check a file's
# seal (SHA-256 of its contents in the HDF5 user block), each scenario's
# config_sha256 against its text, the seed / replicates / days /
# output_every attributes against the text, and every dataset's shape and
# type against the contract, before they trust or allocate anything. The
# crafted and corrupted files are made here with h5py (tests/result_files.py).
# libhdf5 can crash on damaged contents under a forged seal: info and rerun
# read a file in a child process first and refuse it when the child dies
# (by a signal, or, under ASan, with the sanitizer's exit status).
# Every refusal is exit status 2 with one line on stderr, never a signal.
. "$(dirname "$0")/lib.sh"
# For files with damaged contents, under ASan: whole stacks, so that
# LeakSanitizer's suppression of libhdf5's own leak on damaged attributes
# (src/scen.c) matches (libhdf5 has no frame pointers for the fast unwinder;
# whole stacks are ~3x slower, so only there). The release build ignores it.
full_stacks="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
cfg=$(small integ)
"$W" run "$cfg" -o "$tmp/good.h5" --days 14 -r 2 --quiet --set simulation.warmup_days=0 \
	--set world.residents_per_wijk=800
$PY tests/result_files.py "$tmp/good.h5" "$tmp/cases" "$("$W" --version | cut -d' ' -f2)"

# check CASE COMMAND STATUS [TEXT]: `wijksim COMMAND cases/CASE.h5` exits
# STATUS; a failure is one line containing TEXT.
check() {
	local name=$1 cmd=$2 want=$3 text=${4:-}
	local file=$tmp/cases/$name.h5 rc opts=${ASAN_OPTIONS:-}
	case $name in regression_*) opts=$full_stacks ;; esac
	rm -f "$tmp/again.h5"
	set +e
	if [ "$cmd" = rerun ]; then
		ASAN_OPTIONS=$opts timeout 60 "$W" rerun "$file" -o "$tmp/again.h5" --quiet \
			>"$tmp/stdout" 2>"$tmp/stderr"
	else
		ASAN_OPTIONS=$opts timeout 60 "$W" info "$file" >"$tmp/stdout" 2>"$tmp/stderr"
	fi
	rc=$?
	set -e
	[ "$rc" = "$want" ] || die "$name: $cmd exited $rc, expected $want: $(head -c 600 "$tmp/stderr")"
	if [ "$want" != 0 ]; then
		[ "$(wc -l <"$tmp/stderr")" = 1 ] || die "$name: $cmd: not one line: $(head -5 "$tmp/stderr")"
		[ ! -s "$tmp/stdout" ] || die "$name: $cmd printed a partial summary before refusing"
		[ ! -e "$tmp/again.h5" ] || die "$name: rerun wrote a file"
	fi
	[ -z "$text" ] || grep -qF -- "$text" "$tmp/stderr" "$tmp/stdout" ||
		die "$name: $cmd: output lacks '$text': $(head -c 600 "$tmp/stderr")"
}

check good info 0 "checksum      verified"
check good rerun 0
for c in info rerun; do
	check tampered_config $c 2 "changed or damaged after wijksim wrote it"
	check tampered_config_resealed $c 2 "does not match its config_sha256"
	check tampered_seed $c 2 "attribute 'seed' is 99 but its stored scenario text has simulation.seed"
	check tampered_days $c 2 "attribute 'days' is 21"
	check tampered_replicates $c 2 "attribute 'replicates' is 5"
	check tampered_output_every $c 2 "attribute 'output_every' is 1"
	for k in 0 1 2 3 4 5; do
		check "flipped_$k" $c 2 "changed or damaged"
	done
	check huge_shape $c 2 "not a wijksim result file"
	check empty_scenarios $c 2 "no scenarios in it"
	check fifo $c 2 "not a regular file"
done
check huge_shape info 2 "dataset /scenarios/integ/needs_new"
check bad_type info 2 "is not of floating-point numbers"
check unsealed info 0 "checksum      none"
check unsealed rerun 0
check ascii_config info 0 "scenario 'integ'"
check ascii_config rerun 0
check many_scenarios rerun 2 "holds 70 scenarios; a run (and so rerun) has at most 64"
check old_version rerun 2 "the file was written by wijksim 0.0.1+abcdef123456"
check old_version rerun 2 "git checkout abcdef123456 && make"
# A file of another version whose text still loads: rerun runs it and says
# the versions differ (not under --quiet); a file of this version: no note.
"$W" rerun "$tmp/cases/other_version.h5" -o "$tmp/again.h5" --force 2>"$tmp/stderr" ||
	die "other_version: rerun failed: $(cat "$tmp/stderr")"
grep -qF "note: $tmp/cases/other_version.h5 was written by wijksim 0.0.1+abcdef123456 and this is" \
	"$tmp/stderr" || die "other_version: no note on the version: $(cat "$tmp/stderr")"
"$W" rerun "$tmp/good.h5" -o "$tmp/again.h5" --force 2>"$tmp/stderr" || die "good: rerun failed"
if grep -q "note:" "$tmp/stderr"; then die "good: a version note: $(cat "$tmp/stderr")"; fi
check default_seed rerun 2 "the stored scenario text runs with simulation.seed"
check regression_libhdf5_crash_in_link_names info 2 "the HDF5 library"
check regression_libhdf5_crash_in_link_names rerun 2 "it is damaged or not a result file; refusing it"
# Damage in a file without a seal: read (status 0) or refused (status 2,
# one line), never a signal; rerun checks what it reads as info does.
for k in 0 1 2 3 4 5; do
	for c in info rerun; do
		set +e
		ASAN_OPTIONS=$full_stacks timeout 60 "$W" $c "$tmp/cases/unsealed_flipped_$k.h5" \
			$([ $c = rerun ] && echo "-o $tmp/again.h5 --force --quiet") >/dev/null 2>"$tmp/stderr"
		rc=$?
		set -e
		case $rc in
		0) ;;
		2) [ "$(wc -l <"$tmp/stderr")" = 1 ] ||
			die "unsealed_flipped_$k: $c: not one line: $(head -5 "$tmp/stderr")" ;;
		*) die "unsealed_flipped_$k: $c exited $rc: $(head -c 300 "$tmp/stderr")" ;;
		esac
	done
done
# A file libhdf5 loops on: refused after WIJKSIM_READ_TIMEOUT seconds.
export WIJKSIM_READ_TIMEOUT=3
check regression_libhdf5_loops info 2 "the HDF5 library did not finish reading this file in 3 s"
check regression_libhdf5_loops rerun 2 "did not finish reading this file"
# Every finding of the fuzzer: refused or read, never a signal.
for f in "$tmp"/cases/regression_*.h5; do
	for c in info rerun; do
		set +e
		ASAN_OPTIONS=$full_stacks timeout 60 "$W" $c "$f" \
			$([ $c = rerun ] && echo "-o $tmp/again.h5 --force --quiet") \
			>/dev/null 2>"$tmp/stderr"
		rc=$?
		set -e
		case $rc in 0|2) ;; *) die "$(basename "$f"): $c exited $rc: $(head -c 300 "$tmp/stderr")" ;; esac
	done
done
echo "result integrity ok"
