#!/usr/bin/env bash
# style-check.sh [FILE...] — the code base's layout rules (a tier of make test).
#
# Default files: model/*.[ch], src/*.[ch], src/mpi/*.[ch], tests/*.c. For each finding it
# prints "file:line: message"; exit status 1 on any finding, else 0.
#   - a line is at most 100 columns (a tab advances to the next multiple of 8;
#     a UTF-8 character is one column)
#   - tabs indent: no space before a tab in the leading whitespace, and a line
#     that starts a new statement (the line before ends in ';', '{' or '}')
#     outside parentheses is indented by tabs alone. Spaces after the tabs
#     align a continued line (arguments, conditions, initialisers) and the
#     '*' of a block comment.
#   - no trailing whitespace (spaces, tabs, carriage returns)
#   - none of sprintf, vsprintf, strcpy, strcat, atoi, atol, atof, gets,
#     strtok called (comments, strings and character constants are skipped)
#   - every .c file opens with a '/*' comment on its first line
# Plain bash and awk; no network, well under a second on the whole tree.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [ "$#" -gt 0 ]; then
	files=("$@")
else
	shopt -s nullglob
	files=(model/*.[ch] src/*.[ch] src/mpi/*.[ch] tests/*.c)
fi
[ "${#files[@]}" -gt 0 ] || exit 0

LC_ALL=C awk -v max=100 '
BEGIN {
	banned = "(^|[^A-Za-z0-9_.>])(sprintf|vsprintf|strcpy|strcat|atoi|atol|atof|gets|strtok)[ \t]*\\("
}
function report(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg
	findings++
}
# Visual width: tabs to the next multiple of 8, UTF-8 continuation bytes free.
function width(s,    i, c, n, out) {
	gsub(/[\200-\277]/, "", s)
	n = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\t")
			n += 8 - n % 8
		else
			n++
	}
	return n
}
# The line with comments, string literals and character constants blanked;
# block comments carry over lines in in_comment.
function code_only(s,    out, i, c, d, n, q) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		d = substr(s, i + 1, 1)
		if (in_comment) {
			if (c == "*" && d == "/") {
				in_comment = 0
				i++
			}
			out = out " "
			continue
		}
		if (c == "/" && d == "*") {
			in_comment = 1
			i++
			out = out " "
			continue
		}
		if (c == "/" && d == "/")
			break
		if (c == "\"" || c == "\047") {
			q = c
			out = out " "
			for (i++; i <= n; i++) {
				c = substr(s, i, 1)
				if (c == "\\") {
					i++
					continue
				}
				if (c == q)
					break
			}
			continue
		}
		out = out c
	}
	return out
}
FNR == 1 {
	in_comment = 0
	depth = 0
	prev = ""
	if (FILENAME ~ /\.c$/ && $0 !~ /^\/\*/)
		report("file does not open with a /* comment")
}
{
	line = $0
	if (line ~ /[ \t\r]+$/)
		report("trailing whitespace")
	sub(/\r$/, "", line)
	w = width(line)
	if (w > max)
		report("line is " w " columns (at most " max ")")

	match(line, /^[ \t]*/)
	lead = substr(line, 1, RLENGTH)
	rest = substr(line, RLENGTH + 1)
	start_in_comment = in_comment
	code = code_only(line)
	if (lead ~ / \t/)
		report("space before tab in indentation")
	else if (lead ~ / / && rest != "" && !start_in_comment && rest !~ /^\*/ &&
	         depth == 0 && prev ~ /[;{}]$/)
		report("indented with spaces (tabs indent; spaces only align continued lines)")

	scan = code
	while (match(scan, banned)) {
		name = substr(scan, RSTART, RLENGTH)
		scan = substr(scan, RSTART + RLENGTH)
		sub(/^[^A-Za-z_]/, "", name)
		sub(/[ \t]*\($/, "", name)
		report("banned function " name "()")
	}

	# Open parentheses carry a statement over lines ("for (a;\n b; c)").
	opened = gsub(/\(/, "(", code)
	closed = gsub(/\)/, ")", code)
	depth += opened - closed
	if (depth < 0)
		depth = 0

	# The last line with code decides whether the next one continues it.
	sub(/[ \t]+$/, "", code)
	if (code ~ /[^ \t]/)
		prev = code
}
END {
	if (findings > 0)
		printf "style-check: %d finding%s\n", findings, findings == 1 ? "" : "s"
	exit findings > 0
}
' "${files[@]}"
