"""sensitivity — global sensitivity indices of a `wijksim experiment` result.

Sobol design (Saltelli 2010 block order, src/design.h invariant 3: A, B, AB_1 ..
AB_k, N points each): first-order indices by Saltelli's (2010) estimator
    S_i  = mean(f(B) (f(AB_i) - f(A))) / V
and total indices by Jansen's (1999)
    ST_i = mean((f(A) - f(AB_i))^2) / (2 V),
V the variance of f over A and B together; intervals by the percentile
bootstrap over the N base rows (the same rows for every index of a draw).

Morris design (src/design.h invariant 4: trajectories of k + 1 points, each
step moving one factor): elementary effects EE = (f(next) - f(prev)) / delta
with delta the step in the unit hypercube, so that factors with different
ranges compare; mu* = mean |EE|, mu = mean EE, sigma = sd of EE (ddof 1).

An outcome is one number per run: a [point, replicate] dataset, or a dataset
with axes summed over its labels (`waiting_list`) or one label picked
(`utilisation[huisarts]`). A point's value is the mean over its replicates,
which share their random numbers with every other point's (common random
numbers), so the noise largely cancels between points.

Why Python and not a C command: the indices are a few lines of numpy on the
summaries the C side already stored; the bootstrap is vectorised; the report
(matplotlib) reads the same module; and the estimators are tested directly
on the Ishigami function (tests/test_sensitivity.py).
"""

import argparse
import sys

import h5py
import numpy as np

# Headline outcomes (README.md "What `make run` produces"): the cost, the
# care that did not happen, and the load on professionals.
HEADLINE = ["cost_total", "cost_second_line", "escalations", "needs_turned_away",
            "care_unmet_hours", "carers_overloaded", "signalled_early",
            "utilisation[huisarts]", "wait_days[huisarts]"]


def sobol_indices(y_a, y_b, y_ab, n_boot=1000, conf=0.95, seed=20261122):
    """First-order (Saltelli 2010) and total (Jansen) indices of k factors.

    y_a, y_b: [N]; y_ab: [k, N]. Returns a dict of arrays [k]: S1, S1_lo, S1_hi,
    ST, ST_lo, ST_hi (percentile bootstrap over the N rows, `n_boot` draws)."""
    y_a, y_b, y_ab = np.asarray(y_a, float), np.asarray(y_b, float), np.asarray(y_ab, float)
    n = y_a.shape[0]

    def estimate(idx):
        a, b, ab = y_a[..., idx], y_b[..., idx], y_ab[..., idx]
        both = np.concatenate([a, b], axis=-1)
        var = both.var(axis=-1)
        var = np.where(var > 0, var, np.nan)
        # f(B) centred: the estimator's expectation does not depend on the
        # outputs' mean, but its variance grows with the mean squared; a cost
        # of millions of euros varying by a few percent gave S1 of -8 at
        # N = 64 uncentred.
        bc = b - both.mean(axis=-1)[..., None]
        s1 = (bc[..., None, :] * (ab - a[..., None, :])).mean(axis=-1) / var[..., None]
        st = 0.5 * ((a[..., None, :] - ab) ** 2).mean(axis=-1) / var[..., None]
        return s1, st

    # y_ab is [k, N]; estimate() wants the row axis last and k before it.
    s1, st = estimate(np.arange(n))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_boot, n))
    b1 = np.empty((n_boot, y_ab.shape[0]))
    bt = np.empty_like(b1)
    for i, idx in enumerate(draws):
        b1[i], bt[i] = estimate(idx)
    lo, hi = 100 * (1 - conf) / 2, 100 * (1 + conf) / 2
    return {"S1": s1, "S1_lo": np.nanpercentile(b1, lo, axis=0),
            "S1_hi": np.nanpercentile(b1, hi, axis=0),
            "ST": st, "ST_lo": np.nanpercentile(bt, lo, axis=0),
            "ST_hi": np.nanpercentile(bt, hi, axis=0)}


def morris_indices(unit, y, k):
    """mu*, mu and sigma of k factors from Morris trajectories.

    unit: [P, k] design in the unit hypercube, P = r (k + 1); y: [P]."""
    unit, y = np.asarray(unit, float), np.asarray(y, float)
    r = unit.shape[0] // (k + 1)
    effects = [[] for _ in range(k)]
    for t in range(r):
        for step in range(k):
            p = t * (k + 1) + step
            d = unit[p + 1] - unit[p]
            moved = np.flatnonzero(d)
            if len(moved) != 1:
                raise ValueError(f"trajectory {t} step {step} moves {len(moved)} factors")
            f = moved[0]
            effects[f].append((y[p + 1] - y[p]) / d[f])
    ee = np.array(effects)                     # [k, r]
    return {"mu_star": np.abs(ee).mean(axis=1), "mu": ee.mean(axis=1),
            "sigma": ee.std(axis=1, ddof=1) if r > 1 else np.full(k, np.nan)}


def outcome_values(group, outcome):
    """[point] means over replicates of one outcome (see the module text)."""
    name, label = outcome, None
    if outcome.endswith("]") and "[" in outcome:
        name, label = outcome[:-1].split("[", 1)
    if name not in group:
        raise KeyError(f"no outcome {name!r} in the experiment")
    x = group[name][()]
    if label is not None:
        ds = group[name]
        axis = ds.dims[2][0].name.rsplit("/", 1)[-1] if ds.ndim > 2 else None
        labels = [s.decode() if isinstance(s, bytes) else s for s in group[axis][()]] if axis else []
        if label not in labels:
            raise KeyError(f"{name} has no label {label!r} (labels: {', '.join(labels)})")
        x = x[:, :, labels.index(label)]
    while x.ndim > 2:
        x = np.nansum(x, axis=-1)
    return np.nanmean(x, axis=1)


def analyse_group(group, outcomes, n_boot=1000, seed=20261122, strict=False):
    """Indices of every outcome for one /experiments/<name> group: a dict with
    design, factor names, outcomes and [outcome, factor] arrays. An outcome
    the file lacks is left out, or with `strict` raises KeyError."""
    design = group.attrs["design"]
    design = design.decode() if isinstance(design, bytes) else design
    factors = [s.decode() if isinstance(s, bytes) else s for s in group["factor"][()]]
    k = len(factors)
    unit = group["design_unit"][()]
    result = {"design": design, "factors": factors, "outcomes": []}
    rows = {}
    for o in outcomes:
        try:
            y = outcome_values(group, o)
        except KeyError:
            if strict:
                raise
            continue
        if design == "sobol":
            n = y.shape[0] // (k + 2)
            ind = sobol_indices(y[:n], y[n:2 * n], y[2 * n:].reshape(k, n), n_boot=n_boot,
                                seed=seed)
        elif design == "morris":
            ind = morris_indices(unit, y, k)
        else:
            raise ValueError(f"sensitivity indices need a sobol or morris design, not {design}")
        result["outcomes"].append(o)
        for key, val in ind.items():
            rows.setdefault(key, []).append(val)
    for key, val in rows.items():
        result[key] = np.array(val)
    return result


def store(group, result, n_boot, seed):
    """Write /experiments/<name>/sensitivity (replacing an earlier one)."""
    if "sensitivity" in group:
        del group["sensitivity"]
    g = group.create_group("sensitivity")
    g.attrs["design"] = result["design"]
    g.attrs["estimators"] = ("first order: Saltelli 2010; total: Jansen 1999; 95% "
                             "percentile bootstrap over base rows"
                             if result["design"] == "sobol"
                             else "Morris 1991 elementary effects in the unit hypercube")
    g.attrs["bootstrap"] = n_boot
    g.attrs["bootstrap_seed"] = seed
    str_type = h5py.string_dtype()
    g.create_dataset("outcome", data=np.array(result["outcomes"], dtype=object), dtype=str_type)
    g.create_dataset("factor", data=np.array(result["factors"], dtype=object), dtype=str_type)
    for key in ("S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi", "mu_star", "mu", "sigma"):
        if key in result:
            g.create_dataset(key, data=result[key])


def print_table(name, result, out=sys.stdout):
    print(f"experiment {name}: {result['design']} design, {len(result['factors'])} factors",
          file=out)
    for i, o in enumerate(result["outcomes"]):
        print(f"\n{o}", file=out)
        for j, f in enumerate(result["factors"]):
            if result["design"] == "sobol":
                print(f"  {f:40.40s}  S1 {result['S1'][i, j]:7.3f} "
                      f"[{result['S1_lo'][i, j]:6.3f}, {result['S1_hi'][i, j]:6.3f}]  "
                      f"ST {result['ST'][i, j]:7.3f} "
                      f"[{result['ST_lo'][i, j]:6.3f}, {result['ST_hi'][i, j]:6.3f}]", file=out)
            else:
                print(f"  {f:40.40s}  mu* {result['mu_star'][i, j]:11.4g}  "
                      f"mu {result['mu'][i, j]:11.4g}  sigma {result['sigma'][i, j]:11.4g}",
                      file=out)


def plot(result, path):
    """One panel per outcome: S1 and ST with their intervals per factor (Sobol),
    or mu* against sigma (Morris); written as SVG (or any matplotlib format)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outcomes, factors = result["outcomes"], result["factors"]
    n = len(outcomes)
    fig, axes = plt.subplots(n, 1, figsize=(7, 1.2 + 0.5 * len(factors) * n), squeeze=False)
    y = np.arange(len(factors))
    for i, o in enumerate(outcomes):
        ax = axes[i, 0]
        if result["design"] == "sobol":
            for key, dy, colour in (("S1", -0.18, "#4477aa"), ("ST", 0.18, "#ee6677")):
                v = result[key][i]
                err = np.abs(np.stack([v - result[key + "_lo"][i], result[key + "_hi"][i] - v]))
                ax.barh(y + dy, v, height=0.34, xerr=err, color=colour, label=key)
            ax.set_xlim(-0.05, 1.05)
            ax.set_yticks(y, factors, fontsize=8)
            ax.legend(fontsize=8, loc="lower right")
        else:
            ax.scatter(result["mu_star"][i], result["sigma"][i])
            for j, f in enumerate(factors):
                ax.annotate(f, (result["mu_star"][i][j], result["sigma"][i][j]), fontsize=7)
            ax.set_xlabel("mu*")
            ax.set_ylabel("sigma")
        ax.set_title(o, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Sobol or Morris indices of a wijksim experiment")
    ap.add_argument("file")
    ap.add_argument("--outcome", action="append",
                    help="an outcome (cost_total, utilisation[huisarts]); default: headline")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--no-store", action="store_true", help="print only")
    ap.add_argument("--plot", help="also draw the indices into this file (SVG, PNG)")
    a = ap.parse_args(argv)
    try:
        f = h5py.File(a.file, "r" if a.no_store else "r+")
    except OSError as e:
        print(f"sensitivity: cannot open {a.file}: {e}", file=sys.stderr)
        return 2
    with f:
        if "experiments" not in f:
            print(f"sensitivity: {a.file} holds no /experiments", file=sys.stderr)
            return 2
        for name, group in f["experiments"].items():
            try:
                result = analyse_group(group, a.outcome or HEADLINE, a.bootstrap, a.seed,
                                       strict=bool(a.outcome))
            except (ValueError, KeyError) as e:
                print(f"sensitivity: {a.file}: experiment {name}: {e}", file=sys.stderr)
                return 2
            if a.outcome and not result["outcomes"]:
                print(f"sensitivity: {a.file}: no outcome {', '.join(a.outcome)}",
                      file=sys.stderr)
                return 2
            print_table(name, result)
            if a.plot:
                plot(result, a.plot)
            if not a.no_store:
                store(group, result, a.bootstrap, a.seed)
    return 0
