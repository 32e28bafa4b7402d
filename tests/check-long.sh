#!/usr/bin/env bash
# make check-long: the slow statistical checks — calibration of the baseline
# (and its fit to scenarios/calibration/baseline.cfg's targets),
# the stylised facts of the scenarios in size (with Ruwaard's decomposition),
# removing the volunteers or the wijkagent makes no headline outcome better,
# then the stationarity of the baseline over 10 years.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-bin/wijksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$bin" run scenarios/baseline.cfg scenarios/ruwaard.cfg scenarios/samenredzaamheid.cfg \
	scenarios/staff-shortage.cfg -o "$tmp/long.h5" -r 20 --quiet --force
"$bin" decompose scenarios/ruwaard.cfg --baseline scenarios/baseline.cfg -r 20 \
	-o "$tmp/decompose.h5" --force >/dev/null
/usr/bin/python3 tests/long/calibration.py "$bin" "$tmp/long.h5" || status=1
/usr/bin/python3 tests/long/calibration_fit.py "$bin" "$tmp/long.h5" || status=1
/usr/bin/python3 tests/long/patterns.py "$bin" "$tmp/long.h5" "$tmp/decompose.h5" || status=1
/usr/bin/python3 tests/long/removal.py "$bin" 20 || status=1
/usr/bin/python3 tests/long/stationarity.py "$bin" 10 20 0.05 || status=1
exit $status
