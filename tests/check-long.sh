#!/usr/bin/env bash
# make check-long: the slow statistical checks (calibration and stylised facts,
# removing the volunteers or the wijkagent makes no headline outcome better,
# then the stationarity of the baseline over 10 years).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
/usr/bin/python3 tests/long/calibration.py "${1:-bin/wijksim}" || status=1
/usr/bin/python3 tests/long/removal.py "${1:-bin/wijksim}" 20 || status=1
/usr/bin/python3 tests/long/stationarity.py "${1:-bin/wijksim}" 10 20 0.05 || status=1
exit $status
