#!/usr/bin/env bash
# install-web.sh — what the explorer (wijksim serve) and its browser tests need:
#   - Debian's chromium (headless, for tests/browser) and nodejs, when missing
#     (as root; otherwise it prints the apt-get command and goes on);
#   - the npm packages of web/package.json at the versions of
#     web/package-lock.json, into build/web/node_modules (npm ci), which
#     wijksim serve serves as /vendor/node_modules/... (web/API.md): d3,
#     d3-sankey and Observable Plot for the page, playwright-core for the tests.
# Idempotent: npm runs only when the lock file differs from the one installed.
# Never fatal for the build: without node or npm the page lacks its charts and
# the browser tests say "skipped"; exit 1 only if npm itself fails.
#   scripts/install-web.sh [BUILD_DIR]      (default build)
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
if [ -d "$dest/node_modules" ] && cmp -s "$root/web/package-lock.json" "$dest/installed.lock"; then
	echo "web: npm packages present ($dest/node_modules)"
	exit 0
fi
cp "$root/web/package.json" "$root/web/package-lock.json" "$dest/"
echo "web: npm ci in $dest"
# No browser download (playwright-core has none; the tests use /usr/bin/chromium).
rm -f "$dest/installed.lock"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
cp "$dest/package-lock.json" "$dest/installed.lock"
