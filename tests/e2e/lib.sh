# Shared helpers for the end-to-end tests (sourced, not run).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
W=${WIJKSIM:-$here/bin/wijksim}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
# A small fast variant of the baseline: a few wijken so that the
# parallel-over-wijken path runs too.
small() {   # small NAME [extra --set ...]
	local name=$1; shift
	sed -e "s/^name = \"baseline\";/name = \"$name\";/" scenarios/baseline.cfg > "$tmp/$name.cfg"
	echo "$tmp/$name.cfg"
}
