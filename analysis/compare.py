#!/usr/bin/python3
"""compare.py — compare the scenarios in one wijksim result file.

Usage:
    /usr/bin/python3 analysis/compare.py RESULTS.h5 [--baseline NAME]
        [--csv comparison.csv] [--series series.csv] [--metrics a,b,...]

Prints a headline table (scenarios as columns, key indicators as rows, at most
100 columns and 45 lines); --csv writes the full tidy table (every outcome, every
role of every scenario), --series a tidy time series.  A thin entry point: see
wijksim_analysis/compare.py for the columns.  Exit status: 0 ok, 2 for a missing
or invalid file, an unknown baseline or metric.
"""

import sys

from wijksim_analysis.compare import main

if __name__ == "__main__":
    sys.exit(main())
