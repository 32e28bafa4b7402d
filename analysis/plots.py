#!/usr/bin/python3
"""plots.py — write the report's figures as SVG files into a folder.

Usage:
    /usr/bin/python3 analysis/plots.py RESULTS.h5 -d FIGDIR [--lang nl] [--baseline NAME]

A thin entry point to wijksim_analysis.figures.  Exit status: 0 ok, 2 for a
missing or invalid file.
"""

import argparse
import os
import sys

from wijksim_analysis import data, figures, indicators, labels


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the report's figures as SVG.")
    parser.add_argument("results", help="wijksim result file (HDF5)")
    parser.add_argument("-d", "--dir", default="figures", help="folder to write into")
    parser.add_argument("--lang", choices=labels.LANGS, default="en")
    parser.add_argument("--baseline")
    args = parser.parse_args(argv)
    try:
        with data.ResultFile(args.results) as result:
            base, table = indicators.compare(result, args.baseline)
            os.makedirs(args.dir, exist_ok=True)
            for f in figures.report_figures(result, base, table, args.lang):
                path = os.path.join(args.dir, f["key"] + ".svg")
                with open(path, "wb") as out:
                    out.write(f["svg"])
                print("wrote %s" % path)
    except (data.WijkDataError, OSError) as err:
        print("plots.py: %s" % err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
