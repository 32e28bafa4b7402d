#!/usr/bin/env bash
# make run: the default paired comparison — baseline, ruwaard and
# samenredzaamheid with one seed — into results/wijksim.h5; the
# decomposition of ruwaard over its ingredients into results/decompose.h5
# (and .csv); the reports (English and Dutch, with the decomposition) into
# results/; the headline table on the terminal, then the paths of the
# reports and CSVs.
#   REPLICATES (default 20): replicates of the comparison;
#   DECOMPOSE_REPLICATES (default: wijksim decompose's, 3): of every combination.
set -euo pipefail
bin=${1:-bin/wijksim}
cd "$(dirname "$0")/.."
mkdir -p results
replicates=${REPLICATES:-20}
"$bin" run scenarios/baseline.cfg scenarios/ruwaard.cfg scenarios/samenredzaamheid.cfg \
	-o results/wijksim.h5 -r "$replicates" --force
# Which of ruwaard's ingredients does the work (the table goes to the CSV).
"$bin" decompose scenarios/ruwaard.cfg --baseline scenarios/baseline.cfg \
	${DECOMPOSE_REPLICATES:+-r "$DECOMPOSE_REPLICATES"} \
	-o results/decompose.h5 --csv results/decompose.csv --force >/dev/null
/usr/bin/python3 analysis/report.py results/wijksim.h5 -o results/report.html \
	--decompose results/decompose.h5 >/dev/null
/usr/bin/python3 analysis/report.py results/wijksim.h5 -o results/report-nl.html --lang nl \
	--decompose results/decompose.h5 >/dev/null
echo
/usr/bin/python3 analysis/compare.py results/wijksim.h5 --baseline baseline \
	--csv results/comparison.csv --series results/series.csv
echo "decomposition of ruwaard: results/decompose.csv (also in the reports)"
echo "report: results/report.html (Nederlands: results/report-nl.html)"
