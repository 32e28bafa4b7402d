#!/usr/bin/python3
"""sensitivity.py — Sobol (first-order, total, bootstrap intervals) or Morris
(mu*, mu, sigma) indices of a `wijksim experiment` result.

Usage:
    /usr/bin/python3 analysis/sensitivity.py OUT.h5 [--outcome NAME]...
        [--bootstrap N] [--seed S] [--no-store] [--plot FIGURE.svg]

Prints a table per experiment and stores it in /experiments/<name>/sensitivity
(unless --no-store). A thin entry point: see wijksim_analysis/sensitivity.py.
Exit status: 0 ok, 2 for a missing file, no experiment, a design that is not
sobol or morris, or an unknown outcome.
"""

import sys

from wijksim_analysis.sensitivity import main

if __name__ == "__main__":
    sys.exit(main())
