#!/usr/bin/env bash
# make run: the default paired comparison — baseline, ruwaard and
# samenredzaamheid with one seed — into results/wijksim.h5, the report into
# results/report.html, and the headline table on the terminal.
set -euo pipefail
bin=${1:-bin/wijksim}
cd "$(dirname "$0")/.."
mkdir -p results
replicates=${REPLICATES:-20}
"$bin" run scenarios/baseline.cfg scenarios/ruwaard.cfg scenarios/samenredzaamheid.cfg \
	-o results/wijksim.h5 -r "$replicates" --force
if [ -f analysis/report.py ]; then
	/usr/bin/python3 analysis/report.py results/wijksim.h5 -o results/report.html
	echo "report: results/report.html"
fi
if [ -f analysis/compare.py ]; then
	/usr/bin/python3 analysis/compare.py results/wijksim.h5 --baseline baseline --csv results/comparison.csv
else
	"$bin" info results/wijksim.h5
fi
