#!/usr/bin/python3
"""Long check (make check-long): the baseline still fits the targets of its
calibration (scenarios/calibration/baseline.cfg; model/PARAMETERS.md
"Calibration"), and the held-out validation figures, in a run of the
baseline.

usage: calibration_fit.py BINARY [RESULT.h5]
RESULT.h5 holds /scenarios/baseline (check-long's paired run, 20 replicates);
without it the baseline is run with 20 replicates. Each figure is computed
as `wijksim calibrate` computes it (a flow summed per year of 365 days, a
stock or ratio's time mean weighted by interval length, or a stock's value at
the end of the run; summed over the labels; scaled by `per`), then the mean
over replicates. A target passes when |model - value| <= 2 sd (its sd as in
the calibration file); the validation figures were never fitted and are
reported with their z (ok within 2 sd, else MISS) but do not fail the run: a
held-out miss is a finding to report, not a check to tune for. Prints one
line per figure and "N passed, N failed"; exits 1 when a target fails."""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
from wijksim_analysis import settings  # noqa: E402

CALIBRATION = "scenarios/calibration/baseline.cfg"
# Targets the baseline is known to miss, with the reason: printed as MISS (or
# "ok (was a known miss)"), not failing the run. Not a way to pass a check:
# an entry goes when the baseline takes the calibration's values.
KNOWN_MISSES = {}   # none since the recalibration of 2 December 2026: the two figures
                    # the baseline missed (informal care hours, psychosocial reach) are
                    # held out now, PARAMETERS.md "Calibration" says why
REPLICATES = 20
Z_MAX = 2.0


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def figures(config, group):
    out = []
    for name in settings.elements(config, f"calibration.{group}"):
        p = f"calibration.{group}.{name}"
        out.append({
            "name": name,
            "metric": settings.value(config, f"{p}.metric"),
            "labels": settings.strings(config, f"{p}.labels") or [],
            "per": settings.value(config, f"{p}.per", "mean"),
            "value": float(settings.value(config, f"{p}.value")),
            "sd": float(settings.value(config, f"{p}.sd")),
        })
    return out


def model_value(g, fig, residents):
    d = g[fig["metric"]]
    kind = text(d.attrs["kind"])
    x = d[()]                                     # [R, T] or [R, T, A]
    if x.ndim == 2:
        x = x[:, :, None]
    if fig["labels"]:
        axis_ds = d.dims[2][0]                    # the axis' dimension scale (role, ...)
        axis = [text(a) for a in axis_ds[()]]
        x = x[:, :, [axis.index(lab) for lab in fig["labels"]]]
    bounds = g["time_bounds"][()]
    w = bounds[:, 1] - bounds[:, 0]
    days = w.sum()
    if fig["per"].startswith("end"):
        per_run = x[:, -1, :]
    elif kind == "flow":
        per_run = x.sum(axis=1) * 365.0 / days
    else:
        m = ~np.isnan(x)
        per_run = (np.where(m, x, 0) * w[None, :, None]).sum(axis=1) / \
            (m * w[None, :, None]).sum(axis=1)
    v = per_run.sum(axis=1)
    if fig["per"] == "resident_year":
        v = v / residents
    elif fig["per"] in ("per_1000_residents_year", "end_per_1000_residents"):
        v = v * 1000.0 / residents
    return v.mean(), v.std(ddof=1) / np.sqrt(len(v))


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tmp, "baseline.h5")
    if len(sys.argv) <= 2:
        subprocess.run([binary, "run", "scenarios/baseline.cfg", "-o", path, "-r",
                        str(REPLICATES), "--quiet", "--force"], check=True)
    eff = subprocess.run([binary, "validate", CALIBRATION], check=True, capture_output=True,
                         text=True).stdout
    config = settings.flatten(eff)
    g = h5py.File(path, "r")["scenarios/baseline"]
    residents = float(settings.value(config, "world.wijken", "1")) * \
        float(settings.value(config, "world.residents_per_wijk"))
    passed = failed = 0
    print(f"calibration fit of the baseline ({CALIBRATION}; {g['residents'].shape[0]} "
          f"replicates; a target passes within {Z_MAX:g} sd)")
    for group in ("targets", "validation"):
        for fig in figures(config, group):
            m, se = model_value(g, fig, residents)
            z = (m - fig["value"]) / fig["sd"]
            ok = abs(z) <= Z_MAX
            known = group == "targets" and fig["name"] in KNOWN_MISSES
            if group == "targets" and not known:
                passed += ok
                failed += not ok
                mark = "ok  " if ok else "FAIL"
            elif known:
                mark = "ok  " if ok else "MISS"
            else:
                mark = "ok  " if ok else "MISS"
            print(f"{mark} {group[:-1] if group == 'targets' else 'held out'} {fig['name']}: "
                  f"model {m:.4g} (se {se:.2g}), figure {fig['value']:.4g} (sd {fig['sd']:.3g}), "
                  f"ratio {m / fig['value']:.3f}, z {z:+.2f}")
            if known:
                print(f"     {'(was a known miss) ' if ok else 'known miss: '}"
                      f"{KNOWN_MISSES[fig['name']]}")
    print(f"\ncalibration_fit: {passed} passed, {failed} failed (known misses and held-out "
          f"figures reported, not failing the run)")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
