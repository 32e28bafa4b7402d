#!/usr/bin/python3
"""Stationarity of the baseline (issue 12): with no scenario change, the yearly
means of every formal role's utilisation, waiting list, wait and contacts stay
within a few percent from the first output year to the last.

usage: stationarity.py BINARY YEARS REPLICATES [TOLERANCE]
Runs scenarios/baseline.cfg (its own warm-up) for YEARS years of 52 weeks
(output weekly, so a year is 52 whole intervals), and compares every year's
replicate mean with the mean over all years. A role counts when it has at
least 100 contacts a year (smaller ones are noise at this size, e.g. the
wijkagent's few care contacts); its waiting list and wait count when the list
holds at least 5 needs on average. Only formal roles count.

Two checks per role and metric, with TOLERANCE a share (default 0.05):
  trend  the least-squares line through the yearly means changes by at most
         TOLERANCE of the mean from the first year to the last, plus 3
         standard errors (of the mean over replicates of each replicate's own
         line);
  level  every year's mean is within TOLERANCE of the all-year mean, plus
         3 standard errors of that year's replicate mean (noise, which more
         replicates shrink; the figure printed is the deviation).
Prints the trend and the largest deviation per metric. Extra arguments after
TOLERANCE go to `wijksim run` (e.g. --set simulation.warmup_days=0 to see the
transient). Fixed seed (the scenario's)."""
import os
import subprocess
import sys
import tempfile
import warnings

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
from wijksim_analysis.settings import role_formality  # noqa: E402  (formal roles from the stored scenario)

WEEKS = 52


def labels(g, axis):
    return [x.decode() if isinstance(x, bytes) else x for x in g[axis][:]]


def yearly(g, name, years):
    """Per replicate and year: flows summed, stocks and means averaged."""
    d = g[name][()]
    kind = g[name].attrs["kind"]
    kind = kind.decode() if isinstance(kind, bytes) else kind
    d = d[:, :years * WEEKS].reshape(d.shape[0], years, WEEKS, *d.shape[2:])
    with warnings.catch_warnings():   # a role with no first contacts has NaN waits
        warnings.simplefilter("ignore", RuntimeWarning)
        return d.sum(axis=2) if kind == "flow" else np.nanmean(d, axis=2)  # [R, years, ...]


def main():
    binary, years, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tol = float(sys.argv[4]) if len(sys.argv) > 4 else 0.05
    path = os.path.join(tempfile.mkdtemp(), "stationary.h5")
    subprocess.run([binary, "run", "scenarios/baseline.cfg", "-o", path, "-r", str(reps),
                    "--days", str(years * WEEKS * 7), "--set", "simulation.output_every=7", *sys.argv[5:],
                    "--quiet"], check=True)
    g = h5py.File(path, "r")["scenarios/baseline"]
    roles = labels(g, "role")
    config = g.attrs["config"]
    formal = role_formality(config.decode() if isinstance(config, bytes) else config)
    used, cap = yearly(g, "hours_used", years), yearly(g, "hours_capacity", years)
    with np.errstate(invalid="ignore", divide="ignore"):
        series = {"utilisation": used / cap, "contacts": yearly(g, "contacts", years),
                  "waiting_list": yearly(g, "waiting_list", years),
                  "wait_days": yearly(g, "wait_days", years)}
    print(f"baseline, {years} years x {reps} replicates after its warm-up; tolerance "
          f"{tol:.0%} of the all-year mean, + 3 standard errors")
    failures = 0
    for k, role in enumerate(roles):
        if not formal.get(role, True) or series["contacts"][:, :, k].mean() < 100:
            continue
        line = [f"{role:17s}"]
        for name, v in series.items():
            x = v[:, :, k]
            if name in ("waiting_list", "wait_days") and series["waiting_list"][:, :, k].mean() < 5:
                continue
            m = np.nanmean(x, axis=0)                        # yearly means
            se = np.nanstd(x, axis=0, ddof=1) / np.sqrt(x.shape[0])
            mean = m.mean()
            ok = np.isfinite(x).all(axis=1)
            slopes = np.polyfit(np.arange(years), x[ok].T, 1)[0] * (years - 1) / mean
            trend, trend_se = slopes.mean(), slopes.std(ddof=1) / np.sqrt(len(slopes))
            dev = np.abs(m - mean)
            bad = abs(trend) > tol + 3 * trend_se or bool((dev > tol * mean + 3 * se).any())
            failures += bad
            line.append(f"{name} {mean:.3g}: trend {trend:+.1%}, dev {dev.max() / mean:.1%}"
                        f"{' FAIL' if bad else ''}")
        print(line[0] + "  " + "; ".join(line[1:]))
    print(f"stationarity: {'ok' if not failures else f'{failures} FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
