#!/usr/bin/env bash
# make run: the default paired comparison — baseline, ruwaard and
# samenredzaamheid with one seed — into results/wijksim.h5; the reports
# (English and Dutch) into results/; the headline table on the terminal,
# then the paths of the reports and CSVs.
set -euo pipefail
bin=${1:-bin/wijksim}
cd "$(dirname "$0")/.."
mkdir -p results
replicates=${REPLICATES:-20}
"$bin" run scenarios/baseline.cfg scenarios/ruwaard.cfg scenarios/samenredzaamheid.cfg \
	-o results/wijksim.h5 -r "$replicates" --force
/usr/bin/python3 analysis/report.py results/wijksim.h5 -o results/report.html >/dev/null
/usr/bin/python3 analysis/report.py results/wijksim.h5 -o results/report-nl.html --lang nl \
	>/dev/null
echo
/usr/bin/python3 analysis/compare.py results/wijksim.h5 --baseline baseline \
	--csv results/comparison.csv --series results/series.csv
echo "report: results/report.html (Nederlands: results/report-nl.html)"
