#!/usr/bin/env bash
# The explorer's page in headless Chromium (tests/browser/*.test.mjs, node's
# test runner with playwright-core): skipped, with the reason, when chromium,
# node or the npm packages (scripts/install-web.sh) are missing, or when the
# binary has no `serve`; WIJKSIM_REQUIRE_BROWSER=1 (CI) makes that a failure.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${WIJKSIM:-$here/bin/wijksim}
modules=${WIJKSIM_WEB_MODULES:-$here/build/web/node_modules}
chromium=${CHROMIUM:-/usr/bin/chromium}
missing=""
[ -x "$chromium" ] || missing="$missing chromium ($chromium)"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -f "$modules/playwright-core/package.json" ] || missing="$missing playwright-core (scripts/install-web.sh)"
[ -f "$modules/../lib/plot.umd.min.js" ] || missing="$missing the page's libraries (scripts/install-web.sh)"
"$bin" help serve >/dev/null 2>&1 || missing="$missing 'wijksim serve'"
if [ -n "$missing" ]; then
	if [ "${WIJKSIM_REQUIRE_BROWSER:-0}" = 1 ]; then
		echo "browser tests: missing$missing (WIJKSIM_REQUIRE_BROWSER=1)"
		exit 1
	fi
	echo "skipped: missing$missing"
	exit 77
fi
export WIJKSIM="$bin" WIJKSIM_WEB_MODULES="$modules" CHROMIUM="$chromium"
cd "$here" && exec node --test --test-concurrency=1 tests/browser/
