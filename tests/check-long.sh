#!/usr/bin/env bash
# make check-long: the slow statistical checks (calibration and stylised facts).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 tests/long/calibration.py "${1:-bin/wijksim}"
