#!/usr/bin/env bash
# install-web.sh — what the explorer (wijksim serve) and its browser tests need:
#   - Debian's chromium (headless, for tests/browser) and nodejs, when missing
#     (as root; otherwise it prints the apt-get command and goes on);
#   - the npm packages of web/package.json at the versions of
#     web/package-lock.json, into build/web/node_modules (npm ci): d3,
#     d3-sankey and Observable Plot for the page, playwright-core for the tests;
#   - the page's three bundles and their licences copied to build/web/lib/,
#     which wijksim serve serves as /vendor/lib/... (web/API.md).
# Idempotent: npm runs only when the lock file differs from the one installed.
# Never fatal for the build: without node or npm the page lacks its charts and
# the browser tests say "skipped"; exit 1 only if npm itself fails.
#   scripts/install-web.sh [BUILD_DIR]      (default build: wijksim serve
#                                            looks in build/web only)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
dest="$build/web"

debs=()
command -v chromium >/dev/null 2>&1 || debs+=(chromium)
command -v node >/dev/null 2>&1 || debs+=(nodejs)
command -v npm >/dev/null 2>&1 || debs+=(npm)
if [ ${#debs[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "web: installing ${debs[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-cache show "${debs[@]}" >/dev/null 2>&1 || apt-get update -q
		apt-get install -y -q --no-install-recommends "${debs[@]}" ||
			echo "web: could not install ${debs[*]}; the browser tests will be skipped" >&2
	else
		echo "web: missing ${debs[*]}; as root: apt-get install -y ${debs[*]}" >&2
	fi
fi

if ! command -v npm >/dev/null 2>&1; then
	echo "web: no npm: the explorer's chart libraries are not installed" >&2
	exit 0
fi
mkdir -p "$dest"
# installed.lock: the lock file of the last npm ci that finished.
# The bundles the page loads (web/index.html), from their packages.
copy_libs() {
	local m="$dest/node_modules"
	mkdir -p "$dest/lib"
	cp "$m/d3/dist/d3.min.js" "$m/d3-sankey/dist/d3-sankey.min.js" \
	   "$m/@observablehq/plot/dist/plot.umd.min.js" "$dest/lib/"
	cp "$m/d3/LICENSE" "$dest/lib/LICENSE-d3"
	cp "$m/d3-sankey/LICENSE" "$dest/lib/LICENSE-d3-sankey"
	cp "$m/@observablehq/plot/LICENSE" "$dest/lib/LICENSE-plot"
}
if [ -d "$dest/node_modules" ] && cmp -s "$root/web/package-lock.json" "$dest/installed.lock"; then
	copy_libs
	echo "web: npm packages present ($dest/node_modules)"
	exit 0
fi
cp "$root/web/package.json" "$root/web/package-lock.json" "$dest/"
echo "web: npm ci in $dest"
# No browser download (playwright-core has none; the tests use /usr/bin/chromium).
rm -f "$dest/installed.lock"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
copy_libs
cp "$dest/package-lock.json" "$dest/installed.lock"
