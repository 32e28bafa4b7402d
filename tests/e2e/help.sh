#!/usr/bin/env bash
# help.sh — `wijksim help [COMMAND]` and `wijksim COMMAND --help` (and -h)
# for every command main.c dispatches: the usage on stdout, nothing on
# stderr, exit 0, lines of at most 80 columns; the same text all three ways.
# An unknown command in `help` is one line on stderr and exit 2.
. "$(dirname "$0")/lib.sh"

# Every command main.c dispatches (so that a new command without help fails).
commands=$(grep -o 'strcmp(argv\[1\], "[a-z]*") == 0)$' src/main.c | sed 's/.*"\([a-z]*\)".*/\1/')
[ -n "$commands" ] || die "found no commands in src/main.c"
echo "$commands" | grep -qx run || die "the command list lacks run: $commands"

check_text() {   # what, file
	[ -s "$2" ] || die "$1: nothing on stdout"
	awk -v w="$1" 'length($0) > 80 { print w ": line " NR " is " length($0) " columns: " $0; bad = 1 }
	               END { exit bad }' "$2" || die "$1: lines wider than 80 columns"
}

for c in $commands help; do
	"$W" help "$c" >"$tmp/help.out" 2>"$tmp/help.err" || die "help $c exited $?"
	[ -s "$tmp/help.err" ] && die "help $c wrote on stderr: $(cat "$tmp/help.err")"
	check_text "help $c" "$tmp/help.out"
	head -n 1 "$tmp/help.out" | grep -q "^usage: wijksim $c" \
		|| die "help $c does not start with 'usage: wijksim $c': $(head -n 1 "$tmp/help.out")"
	[ "$c" = help ] && continue
	for flag in --help -h; do
		"$W" "$c" "$flag" >"$tmp/flag.out" 2>"$tmp/flag.err" || die "$c $flag exited $?"
		[ -s "$tmp/flag.err" ] && die "$c $flag wrote on stderr: $(cat "$tmp/flag.err")"
		cmp -s "$tmp/help.out" "$tmp/flag.out" || die "$c $flag differs from help $c"
	done
done

# --help among other arguments still shows the help and runs nothing.
"$W" run scenarios/education/klein.cfg -o "$tmp/never.h5" --help >"$tmp/h.out" 2>&1 \
	|| die "run FILE --help exited $?"
grep -q "^usage: wijksim run" "$tmp/h.out" || die "run FILE --help: $(head -n 2 "$tmp/h.out")"
[ ! -e "$tmp/never.h5" ] || die "run FILE --help ran"

# The overview names every command and the scoped --set.
for flag in help --help -h; do
	"$W" $flag >"$tmp/all.out" 2>"$tmp/all.err" || die "wijksim $flag exited $?"
	[ -s "$tmp/all.err" ] && die "wijksim $flag wrote on stderr"
	check_text "wijksim $flag" "$tmp/all.out"
	for c in $commands help; do
		grep -q "^  wijksim $c" "$tmp/all.out" || die "wijksim $flag does not list $c"
	done
	grep -q -- "--set NAME:PATH=VALUE" "$tmp/all.out" || die "wijksim $flag: no NAME:PATH=VALUE"
done
grep -q -- "--set NAME:PATH=VALUE" <("$W" help run) || die "help run: no NAME:PATH=VALUE"

# Bad uses of help.
set +e
"$W" help frobnicate >"$tmp/bad.out" 2>"$tmp/bad.err"; rc=$?
set -e
[ "$rc" = 2 ] || die "help frobnicate exited $rc, expected 2"
[ "$(wc -l <"$tmp/bad.err")" = 1 ] || die "help frobnicate: not one line: $(cat "$tmp/bad.err")"
grep -q "unknown command 'frobnicate'" "$tmp/bad.err" || die "help frobnicate: $(cat "$tmp/bad.err")"
[ -s "$tmp/bad.out" ] && die "help frobnicate wrote on stdout"
set +e
"$W" help run validate >/dev/null 2>"$tmp/bad.err"; rc=$?
set -e
[ "$rc" = 2 ] || die "help run validate exited $rc, expected 2"
echo "help ok: $(echo $commands help | wc -w) commands"
