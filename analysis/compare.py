#!/usr/bin/python3
"""compare.py — compare the scenarios in one wijksim result file.

Usage:
    /usr/bin/python3 analysis/compare.py RESULTS.h5 [--baseline NAME]
                                         [--csv OUT.csv] [--metrics a,b,...]

For every outcome (each metric, per axis label — role, need type, channel or
Positive Health dimension — plus the derived indicators early_share,
early_share_somatic, early_share_social, informal_hours, formal_hours,
formal_load, escalations_total; see wijkdata.py) it computes, per scenario, the mean over replicates of the value
over the run and a 90 % band (5th-95th percentile of the replicate values).
For every scenario other than the baseline it computes the paired difference
to the baseline — replicate r against replicate r, which share random numbers
because scenarios in one run share the seed; min(R) pairs, pairs with a NaN
left out — with a 95 % confidence interval from Student's t distribution.  A
'*' marks an interval that excludes 0.

The headline indicators come first: early signalling for all needs, for
somatic needs (need types on the Positive Health dimension lichaamsfuncties)
and for social and psychosocial needs (every other dimension) on separate
rows; then hours, load, waiting times, escalations, needs_turned_away per
role, and the costs with the headline cost first: cost_total (stored by
wijksim: cost_capacity + cost_second_line), then cost_capacity (paid FTE,
whether used or not), cost_second_line and the activity-based cost_formal.
Files without a stored cost_total get it derived as cost_formal +
cost_second_line (an older layout).  In the terminal table, needs_turned_away
rows that are zero in every scenario are left out (one line says so); the CSV
has every row.

Values over the run follow the metric's kind: flow = total over the run,
stock = mean over time, mean (a ratio per interval) = mean over the intervals
that have a value.

The baseline is --baseline, else a scenario called "baseline", else the first
scenario in the order the file lists them (wijksim writes them in
command-line order).

--csv writes a tidy long table, one row per scenario x metric x label x
statistic, with the columns

    scenario   scenario name
    baseline   the baseline scenario's name (the same in every row)
    metric     metric or derived indicator name
    label      axis label (role, need type, channel, dimension); empty for
               metrics without an axis
    units      units of the value (1, hour, day, euro)
    kind       flow | stock | mean | ratio  (how the run value is formed)
    statistic  n_replicates, mean, p5, p95            (every scenario)
               diff_mean, diff_lo, diff_hi, n_pairs   (non-baseline scenarios:
               scenario minus baseline, 95 % CI)
    value      the number (empty when not defined, e.g. NaN)

In R:  d <- read.csv("out.csv"); tidyr::pivot_wider(d, names_from = statistic,
values_from = value)

Exit status: 0 ok, 2 for a missing or invalid file, unknown baseline or
unknown metric (one line on stderr).
"""

import argparse
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wijkdata  # noqa: E402

CSV_COLUMNS = ("scenario", "baseline", "metric", "label", "units", "kind",
               "statistic", "value")
SCENARIO_STATS = ("n_replicates", "mean", "p5", "p95")
DIFF_STATS = ("diff_mean", "diff_lo", "diff_hi", "n_pairs")


def fmt(value, signed=False):
    """A number for the terminal: thousands with separators, small ones with 3 digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    sign = "+" if signed and value > 0 else ""
    size = abs(value)
    if size >= 1000:
        text = "{:,.0f}".format(value)
    elif size >= 10:
        text = "{:.1f}".format(value)
    elif size >= 0.001 or size == 0:
        text = "{:.3f}".format(value)
    else:
        text = "{:.2e}".format(value)
    return sign + text


def csv_rows(base_name, table):
    """Yield dicts (CSV_COLUMNS) of the tidy long table."""
    for scenario, rows in table.items():
        for row in rows:
            stats = {"n_replicates": row.n_replicates, "mean": row.mean,
                     "p5": row.p5, "p95": row.p95}
            names = SCENARIO_STATS
            if row.diff is not None:
                stats.update(diff_mean=row.diff["mean"], diff_lo=row.diff["lo"],
                             diff_hi=row.diff["hi"], n_pairs=row.diff["n_pairs"])
                names = SCENARIO_STATS + DIFF_STATS
            for name in names:
                value = stats[name]
                if isinstance(value, float) and math.isnan(value):
                    value = ""
                elif isinstance(value, float):
                    value = repr(value)
                yield {"scenario": scenario, "baseline": base_name,
                       "metric": row.metric, "label": row.label,
                       "units": row.units, "kind": row.kind,
                       "statistic": name, "value": value}


def write_csv(path, base_name, table):
    """Write the tidy long CSV (see the module docstring); returns the row count."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in csv_rows(base_name, table):
            writer.writerow(row)
            count += 1
    return count


def format_table(result, base_name, table):
    """The terminal table as a string: headline indicators first."""
    names = [base_name] + [n for n in table if n != base_name]
    base = result.scenario(base_name)
    others = names[1:]
    lines = ["wijksim scenario comparison: %s" % result.path]
    desc = ", ".join("%s (%d replicates, %d days)" % (
        n, result.scenario(n).replicates, result.scenario(n).days) for n in names)
    lines.append("scenarios: %s; baseline: %s" % (desc, base_name))
    lines.append("run value: flow = total over the run, stock = mean over time, "
                 "mean/ratio = mean over intervals")
    lines.append("cells: mean over replicates [5th-95th percentile]")
    if others:
        lines.append("differences: paired (replicate r vs r), scenario minus "
                     "baseline, 95% CI (t); * = CI excludes 0")
    headers = (["outcome", "units"] + names
               + ["%s - %s" % (o, base_name) for o in others])
    body = []
    headline = {h for h, _ in wijkdata.HEADLINE}
    section = None
    zero_turned_away = []
    for i, row in enumerate(table[base_name]):
        if row.metric == "needs_turned_away" and all(
                table[n][i].n_replicates and not (table[n][i].values != 0).any()
                for n in names):
            zero_turned_away.append(row.label)
            continue
        is_head = row.metric in headline and (
            row.metric != "utilisation" or base.is_formal(row.label))
        want = "Headline indicators" if is_head else "Other outcomes"
        if want != section:
            body.append(("section", want))
            section = want
        cells = [row.outcome, row.units]
        for n in names:
            r = table[n][i]
            cells.append("%s [%s, %s]" % (fmt(r.mean), fmt(r.p5), fmt(r.p95)))
        for n in others:
            d = table[n][i].diff
            mark = " *" if d["excludes_zero"] else ""
            cells.append("%s [%s, %s]%s" % (fmt(d["mean"], True), fmt(d["lo"], True),
                                            fmt(d["hi"], True), mark))
        body.append(("row", cells))
    widths = [len(h) for h in headers]
    for kind, cells in body:
        if kind == "row":
            widths = [max(w, len(c)) for w, c in zip(widths, cells)]

    def line(cells):
        return "  ".join(c.ljust(w) if j < 2 else c.rjust(w)
                         for j, (c, w) in enumerate(zip(cells, widths))).rstrip()

    lines.append("")
    lines.append(line(headers))
    for kind, cells in body:
        if kind == "section":
            lines.append("")
            lines.append("== %s ==" % cells)
        else:
            lines.append(line(cells))
    if any(r.metric == "cost_total" and r.derived for r in table[base_name]):
        lines.append("")
        lines.append("cost_total is not stored in this file (an older layout): shown as "
                     "cost_formal + cost_second_line")
    if zero_turned_away:
        lines.append("")
        lines.append("needs_turned_away is 0 in every scenario at: %s (rows left out)"
                     % ", ".join(zero_turned_away))
    return "\n".join(lines)


def main(argv=None):
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        description="Compare the scenarios in a wijksim result file: means, "
                    "5-95%% bands and paired differences with 95%% CIs.")
    parser.add_argument("results", help="wijksim result file (HDF5)")
    parser.add_argument("--baseline", help="baseline scenario (default: "
                        "'baseline' if present, else the first)")
    parser.add_argument("--csv", metavar="OUT.csv", help="write a tidy long CSV")
    parser.add_argument("--metrics", help="comma-separated metric names to show "
                        "(stored metrics or derived indicators)")
    args = parser.parse_args(argv)
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] \
        if args.metrics else None
    try:
        with wijkdata.ResultFile(args.results) as result:
            base_name, table = wijkdata.compare(result, args.baseline, metrics)
            print(format_table(result, base_name, table))
            if args.csv:
                count = write_csv(args.csv, base_name, table)
                print("\nwrote %s (%d rows)" % (args.csv, count))
    except wijkdata.WijkDataError as err:
        print("compare.py: %s" % err, file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return 0
    except OSError as err:
        print("compare.py: %s" % err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
