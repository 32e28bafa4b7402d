"""compare — the terminal headline table and the tidy CSVs.

headline_table(): scenarios as columns, key indicators as rows, at most 100
columns and 45 lines; a non-baseline cell is "value (difference)" with "*"
for a relevant difference (95 % interval excludes 0 and at least the
minimal relevant difference, indicators.MRD).

comparison CSV (tidy, long): one row per scenario x metric x label x
statistic, columns scenario, baseline, metric, label, units, kind,
statistic, value; statistics n_replicates, mean, p5, p95 (every scenario) and
diff_mean, diff_lo, diff_hi, n_pairs, threshold, relevant (others).  Every
outcome of every scenario is there; a role a scenario lacks has empty values.

series CSV (tidy): scenario, metric, label, time, interval_days, mean, p5,
p95 per output interval (flows per interval: divide by interval_days for a
rate per day) for the key indicators and per-role occupancy and waits.

detail_table() (--show m1,m2): chosen outcomes, every label, one line per
scenario other than the baseline: its mean, the baseline's, and the paired
difference with its 95 % interval ("*": the interval excludes 0) — what the
classroom exercises (scenarios/education/README.md) ask for.
"""

import argparse
import math
import sys
import warnings

import numpy as np
import pandas as pd

from . import fmt
from . import indicators as ind
from .data import ResultFile, WijkDataError

WIDTH = 100
MAX_LINES = 45
SCENARIO_STATS = ("n_replicates", "mean", "p5", "p95")
DIFF_STATS = ("diff_mean", "diff_lo", "diff_hi", "n_pairs", "threshold", "relevant")
CSV_COLUMNS = ("scenario", "baseline", "metric", "label", "units", "kind", "statistic",
               "value")

# (metric, label, short name, factor, unit, decimals)
HEADLINE = (
    ("early_share", "", "early, all needs", 100, "%", 1),
    ("early_share_somatic", "", "early, somatic needs", 100, "%", 1),
    ("early_share_social", "", "early, social needs", 100, "%", 1),
    ("informal_hours", "", "informal care", 1e-3, "1000 h", 0),
    ("formal_hours", "", "professional care", 1e-3, "1000 h", 1),
    ("formal_load", "", "professional occupancy", 100, "%", 1),
    ("wait_days", "huisarts", "wait, GP", 1, "days", 2),
    ("wait_days", "sociaal_wijkteam", "wait, wijkteam", 1, "days", 1),
    ("wait_days", "wijkverpleging", "wait, wijkverpleging", 1, "days", 1),
    ("escalations_total", "", "escalations", 1, "number", 1),
    ("carers_overloaded", "", "overloaded carers", 1, "number", 0),
    ("cost_total", "", "total cost", 1e-3, "1000 EUR", 0),
    ("cost_capacity", "", "paid capacity", 1e-3, "1000 EUR", 0),
    ("cost_second_line", "", "second-line cost", 1e-3, "1000 EUR", 0),
)


def _num(value, decimals, signed=False):
    if value is None or math.isnan(value):
        return "-"
    if round(value, decimals) == 0:
        value = 0.0
    return ("{:+,.%df}" if signed and value != 0 else "{:,.%df}") .replace(
        "%d", str(decimals)).format(value)


def _cells(table, names, base_name, row, with_diff=True):
    metric, label, _, f, _, dec = row
    out = []
    for n in names:
        r = ind.select(table, n, metric, label)
        if r is None or math.isnan(r["mean"]):
            out.append("-")
            continue
        cell = _num(r["mean"] * f, dec)
        if with_diff and n != base_name and r.n_pairs > 1:
            cell += " (%s)%s" % (_num(r.diff_mean * f, dec, signed=True),
                                 "*" if r.relevant else " ")
        elif with_diff and n != base_name:
            cell += "     "
        out.append(cell)
    return out


def headline_table(result, base_name, table):
    """The terminal table as a string (<= WIDTH columns, <= MAX_LINES lines).

    A pandas DataFrame (key indicators x scenarios) printed with to_string; with
    many scenarios the row labels are shortened, then the differences left out."""
    names = [base_name] + [n for n in result.scenario_names() if n != base_name]
    rows = [h for h in HEADLINE
            if not table[(table.metric == h[0]) & (table.label == h[1])].empty]
    labels_ = ["%s (%s)" % (h[2], h[4]) for h in rows]
    with_diff = True
    cells = [_cells(table, names, base_name, h) for h in rows]
    longest = max(map(len, labels_), default=10)
    col_w = max([len(c) for row in cells for c in row] + [min(len(n), 16) for n in names])
    if min(longest, 24) > WIDTH - len(names) * (col_w + 2):    # then shorten the names
        col_w = max([len(c) for row in cells for c in row] + [8])
    label_w = min(longest, WIDTH - len(names) * (col_w + 2))
    if label_w < 16:
        with_diff = False
        cells = [_cells(table, names, base_name, h, with_diff) for h in rows]
        col_w = max([len(c) for row in cells for c in row] + [8])
        label_w = max(12, min(max(map(len, labels_)), WIDTH - len(names) * (col_w + 2)))
    columns = []
    for n in names:                      # shortened names must stay distinct
        short = n[:col_w]
        while short in columns:
            short = short[:-1] + "~"
        columns.append(short)
    frame = pd.DataFrame(cells, index=[t[:label_w] for t in labels_], columns=columns)
    scen = result.scenarios()
    reps = "/".join(str(r) for r in sorted({s.replicates for s in scen}))
    days = "/".join(str(d) for d in sorted({s.days for s in scen}))
    body = frame.to_string(justify="right").splitlines()
    lines = ["wijksim: %d scenarios, %s replicates of %s days; baseline %s"
             % (len(names), reps, days, base_name), "", body[0], "-" * len(body[0])]
    lines += body[1:]
    lines += ["", "mean over replicates" + ("; (difference from %s, paired); * = relevant: "
                                            "95%% interval" % base_name if with_diff else
                                            " (too many scenarios for the differences: "
                                            "see the CSV)")]
    if with_diff:
        lines.append("excludes 0 and the difference is at least the minimal relevant "
                     "difference")
    return "\n".join(line[:WIDTH].rstrip() for line in lines[:MAX_LINES])


def detail_table(base_name, table, metrics):
    """Lines for the outcomes `metrics` (names): per label and scenario other
    than the baseline its mean, the baseline's, the paired difference with its
    95 % interval and "*" when the interval excludes 0.  Outcomes that are zero
    in every scenario are left out (said in one line)."""
    rows = table[table.metric.isin(metrics) & (table.scenario != base_name)]
    zero = ind.zero_everywhere(table)
    out = ["%-34s %-16s %10s %10s  %s" % ("outcome (units)", "scenario", "mean", base_name[:10],
                                         "difference [95% interval]")]
    out.append("-" * len(out[0]))
    left_out = []
    for metric in metrics:
        for (m, label), g in rows[rows.metric == metric].groupby(["metric", "label"],
                                                                 sort=False):
            if (m, label) in zero:
                left_out.append("%s[%s]" % (m, label) if label else m)
                continue
            name = "%s[%s]" % (m, label) if label else m
            units = g.units.iloc[0]
            name = "%s (%s)" % (name, units) if units not in ("", "1") else name
            for r in g.itertuples(index=False):
                diff = "-"
                if r.n_pairs > 1 and not math.isnan(r.diff_mean):
                    diff = "%s [%s, %s]%s" % (fmt.plain(r.diff_mean, signed=True),
                                              fmt.plain(r.diff_lo), fmt.plain(r.diff_hi),
                                              " *" if r.excludes_zero else "")
                out.append("%-34s %-16s %10s %10s  %s" % (
                    name[:34], r.scenario[:16], fmt.plain(r.mean), fmt.plain(r.base_mean),
                    diff))
    out.append("")
    out.append("mean over replicates (flows summed over the run, stocks and means "
               "averaged over time);")
    out.append("difference paired by replicate; * = its 95% interval excludes 0")
    if left_out:
        out.append("0 in every scenario: " + ", ".join(left_out))
    return "\n".join(out)


def tidy(base_name, table):
    """The long comparison table (CSV_COLUMNS) as a DataFrame, in table order."""
    records = []
    for r in table.itertuples(index=False):
        names = SCENARIO_STATS + (DIFF_STATS if r.scenario != base_name else ())
        for name in names:
            value = getattr(r, name)
            records.append((r.scenario, base_name, r.metric, r.label, r.units, r.kind, name,
                            int(value) if name == "relevant" else value))
    return pd.DataFrame.from_records(records, columns=list(CSV_COLUMNS))


def write_csv(path, base_name, table):
    """Write the tidy comparison CSV; returns the number of rows."""
    long = tidy(base_name, table)
    long.to_csv(path, index=False, float_format="%.10g")
    return len(long)


def series_frame(result, base_name):
    """Tidy per-interval series (see module doc) as a DataFrame."""
    frames = []
    for s in result.scenarios():
        wanted = [(m, "") for m, _ in ind.KEY if s.has(m)]
        for m in ("utilisation", "wait_days"):
            if s.has(m):
                wanted += [(m, r) for r in s.formal_roles()]
        for metric, label in wanted:
            v = s.series(metric, label or None)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                mean = np.nanmean(v, axis=0)
                p5, p95 = np.nanpercentile(v, [5, 95], axis=0)
            frames.append(pd.DataFrame(dict(
                scenario=s.name, metric=metric, label=label, time=s.time,
                interval_days=s.interval_days, mean=mean, p5=p5, p95=p95)))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare the scenarios in a wijksim result file: a headline table on "
                    "the terminal, the full tidy table and series as CSV.")
    parser.add_argument("results", help="wijksim result file (HDF5)")
    parser.add_argument("--baseline", help="baseline scenario (default: 'baseline' if "
                        "present, else the first)")
    parser.add_argument("--csv", metavar="OUT.csv", help="write the tidy comparison table")
    parser.add_argument("--series", metavar="OUT.csv", help="write the tidy time series")
    parser.add_argument("--metrics", help="comma-separated metric names for the CSV")
    parser.add_argument("--show", metavar="M1,M2", help="after the table, these outcomes "
                        "(metric names, every label) with the paired difference and its "
                        "95%% interval per scenario")
    args = parser.parse_args(argv)
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] \
        if args.metrics else None
    show = [m.strip() for m in args.show.split(",") if m.strip()] if args.show else []
    try:
        with ResultFile(args.results) as result:
            base_name, table = ind.compare(result, args.baseline, metrics)
            known = set(table.metric)
            unknown = [m for m in show if m not in known]
            if unknown:
                raise WijkDataError("--show: unknown metric(s) %s (available: %s)" % (
                    ", ".join(unknown), ", ".join(sorted(known))))
            print(headline_table(result, base_name, table))
            if show:
                print()
                print(detail_table(base_name, table, show))
            if args.csv:
                count = write_csv(args.csv, base_name, table)
                print("wrote %s (%d rows)" % (args.csv, count))
            if args.series:
                frame = series_frame(result, base_name)
                frame.to_csv(args.series, index=False, float_format="%.10g")
                print("wrote %s (%d rows)" % (args.series, len(frame)))
    except WijkDataError as err:
        print("compare.py: %s" % err, file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except OSError as err:
        print("compare.py: %s" % err, file=sys.stderr)
        return 2
    return 0
