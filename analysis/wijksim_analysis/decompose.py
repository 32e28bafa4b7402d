"""decompose — read the optional /decompose group (written by `wijksim decompose`).

Contract:
    /decompose             attrs scenario, baseline (strings), replicates (int), seed
        ingredient [K]     string
        outcome [O], unit [O]   strings
        stat [3]           "mean", "lo95", "hi95"
        shapley [K, O, 3]  Shapley contribution of each ingredient (they add up to total)
        single [K, O, 3]   the effect of the ingredient alone
        total [O, 3]       the scenario's total effect
        remainder [O, 3]   interaction: total minus the sum of the singles
        baseline_value [O], scenario_value [O]

read() returns a plain dict (or None when the file has no /decompose group).
"""

import numpy as np

from .data import plain, text


def read(h5file):
    """The /decompose group of an open h5py File as a dict, or None."""
    if "decompose" not in h5file:
        return None
    g = h5file["decompose"]

    def strings(name):
        return [text(x) for x in g[name][()]]

    stat = strings("stat") if "stat" in g else ["mean", "lo95", "hi95"]
    order = [stat.index(s) for s in ("mean", "lo95", "hi95")]
    out = {k: plain(g.attrs.get(k, "")) for k in ("scenario", "baseline", "replicates", "seed")}
    out["ingredients"] = strings("ingredient")
    out["outcomes"] = strings("outcome")
    out["units"] = strings("unit") if "unit" in g else [""] * len(out["outcomes"])
    for name in ("shapley", "single"):
        out[name] = np.asarray(g[name][()], dtype=float)[..., order]
    for name in ("total", "remainder"):
        out[name] = np.asarray(g[name][()], dtype=float)[..., order]
    for name in ("baseline_value", "scenario_value"):
        out[name] = (np.asarray(g[name][()], dtype=float) if name in g
                     else np.full(len(out["outcomes"]), np.nan))
    return out
