#!/usr/bin/python3
"""report.py — write a self-contained HTML report of a wijksim result file.

Usage:
    /usr/bin/python3 analysis/report.py RESULTS.h5 -o report.html [--lang en|nl]
                                        [--baseline NAME] [--decompose DECOMPOSE.h5]

A thin entry point: the work is done by the package wijksim_analysis (next to
this file; see analysis/README.md).  Exit status: 0 ok, 2 for a missing or
invalid file or an unknown baseline.
"""

import argparse
import sys

from wijksim_analysis import data, labels, report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a self-contained HTML report of "
                                     "a wijksim result file.")
    parser.add_argument("results", help="wijksim result file (HDF5)")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    parser.add_argument("--lang", choices=labels.LANGS, default="en",
                        help="language of the report (default en)")
    parser.add_argument("--baseline", help="reference scenario (default: 'baseline' if "
                        "present, else the first)")
    parser.add_argument("--decompose", metavar="FILE",
                        help="a file of `wijksim decompose -o` whose decomposition the "
                        "report shows (default: the result file's own /decompose group, "
                        "if any)")
    args = parser.parse_args(argv)
    try:
        with data.ResultFile(args.results) as result:
            page = report.build_report(result, args.baseline, args.lang, args.decompose)
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(page)
    except (data.WijkDataError, OSError) as err:
        print("report.py: %s" % err, file=sys.stderr)
        return 2
    print("wrote %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
