"""indicators — headline indicators, minimal relevant differences, the comparison table.

GROUPS lists the report's indicator groups in order (early signalling,
informal care use, professional load, waits, escalations, carers, health,
costs) with their indicators.  An indicator is (metric, rule): rule None = a
metric without axis; "formal" / "informal" = each role of that kind;
"labels" = every label; "nonzero" = every label that is not 0 everywhere.

MRD is the table of minimal relevant differences (analysis defaults; the
reasons are in analysis/README.md).  A difference is *relevant* when its 95 %
interval excludes 0 and its mean is at least the threshold; below it the
report says "no relevant difference".

compare() builds one tidy pandas DataFrame: a row per scenario x outcome
(metric, label), for the union of the outcomes of all scenarios, so a role
that exists in one scenario only has a row (NaN) in every other.
"""

import math

import numpy as np
import pandas as pd

from . import stats

GROUPS = (
    ("early", (("early_share", None), ("early_share_somatic", None),
               ("early_share_social", None))),
    ("informal", (("informal_hours", None), ("hours_used", "informal"),
                  ("care_unmet_hours", None))),
    ("load", (("formal_hours", None), ("formal_load", None), ("utilisation", "formal"))),
    ("collaboration", (("referrals", None), ("referrals_failed", None), ("task_shifts", None),
                       ("mdo_held", None), ("network_density", None),
                       ("network_phase", None))),
    ("waits", (("wait_days", "formal"), ("needs_turned_away", "nonzero"))),
    ("escalations", (("escalations_total", None),)),
    ("carers", (("carers_overloaded", None), ("carer_breakdowns", None))),
    ("health", (("health", "labels"),)),
    ("costs", (("cost_total", None), ("cost_capacity", None), ("cost_second_line", None),
               ("cost_formal", None))),
)

# Minimal relevant differences: metric -> (kind, threshold).  "abs" is in the
# indicator's own units (shares: 0.02 = 2 percentage points), "rel" a share of
# the baseline mean (0.05 = 5 %).
MRD = {
    "early_share": ("abs", 0.02),
    "early_share_somatic": ("abs", 0.02),
    "early_share_social": ("abs", 0.02),
    "informal_hours": ("rel", 0.05),
    "hours_used": ("rel", 0.05),
    "care_unmet_hours": ("rel", 0.05),
    "formal_hours": ("rel", 0.05),
    "formal_load": ("abs", 0.02),
    "utilisation": ("abs", 0.02),
    "wait_days": ("abs", 1.0),
    "needs_turned_away": ("rel", 0.10),
    "escalations_total": ("rel", 0.05),
    "carers_overloaded": ("rel", 0.05),
    "carer_breakdowns": ("rel", 0.10),
    "health": ("abs", 0.1),
    "cost_total": ("rel", 0.02),
    "cost_capacity": ("rel", 0.02),
    "cost_second_line": ("rel", 0.02),
    "cost_formal": ("rel", 0.02),
}

# Shares (0..1) shown as percentages; their differences in percentage points.
SHARES = ("early_share", "early_share_somatic", "early_share_social", "formal_load",
          "utilisation", "health_low")

# Rows of the terminal headline table and the key series, in order.
KEY = (("early_share", ""), ("early_share_somatic", ""), ("early_share_social", ""),
       ("informal_hours", ""), ("formal_hours", ""), ("formal_load", ""),
       ("escalations_total", ""), ("carers_overloaded", ""), ("cost_total", ""))

COLUMNS = ("scenario", "metric", "label", "units", "kind", "group", "headline",
           "derived", "n_replicates", "mean", "p5", "p95", "base_mean", "diff_mean",
           "diff_lo", "diff_hi", "diff_sd", "n_pairs", "excludes_zero", "threshold",
           "relevant")


def threshold(metric, base_mean):
    """The minimal relevant difference of `metric` in its own units (NaN if none)."""
    kind, value = MRD.get(metric, (None, math.nan))
    if kind == "abs":
        return value
    if kind == "rel" and base_mean is not None and not math.isnan(base_mean):
        return value * abs(base_mean)
    return math.nan


def is_relevant(diff, thr):
    """Statistically clear (95 % interval excludes 0) and |mean| >= threshold."""
    return bool(diff["excludes_zero"] and not math.isnan(thr)
                and abs(diff["mean"]) >= thr - 1e-12)


def headline_outcomes(scenarios, zero=frozenset()):
    """[(group, metric, label)] of the headline indicators present in any scenario."""
    out = []
    for group, items in GROUPS:
        for metric, rule in items:
            labels = []
            for s in scenarios:
                if not s.has(metric):
                    continue
                info = s.info(metric)
                for label in info.labels:
                    if rule is None and label != "":
                        continue
                    if rule == "formal" and not s.is_formal(label):
                        continue
                    if rule == "informal" and s.is_formal(label):
                        continue
                    if rule == "nonzero" and (metric, label) in zero:
                        continue
                    if label not in labels:
                        labels.append(label)
            out += [(group, metric, label) for label in labels]
    return out


def compare(result, baseline=None, metrics=None):
    """(baseline name, DataFrame of COLUMNS) for every outcome of every scenario.

    Outcomes are the union over scenarios, headline ones first (GROUPS order),
    then the others in file order.  `metrics` (names) restricts them.
    """
    from .data import WijkDataError
    base_name = result.default_baseline(baseline)
    scenarios = result.scenarios()
    base = result.scenario(base_name)
    every = []
    for s in [base] + [s for s in scenarios if s.name != base_name]:
        for o in s.outcomes():
            if o not in every:
                every.append(o)
    if metrics:
        known = {m for s in scenarios for m in s.metrics()}
        unknown = [m for m in metrics if m not in known]
        if unknown:
            raise WijkDataError("unknown metric(s) %s (available: %s)" % (
                ", ".join(unknown), ", ".join(sorted(known))))
        every = [o for o in every if o[0] in metrics]
    values = {}
    for s in scenarios:
        for metric, label in every:
            if s.has(metric) and label in s.info(metric).labels:
                values[(s.name, metric, label)] = s.summary(metric, label or None)
    zero = {(m, l) for m, l in every
            if all(not np.any(values[(s.name, m, l)] != 0)
                   for s in scenarios if (s.name, m, l) in values)}
    head = headline_outcomes(scenarios, zero)
    group_of = {(m, l): g for g, m, l in head}
    order = [(m, l) for _, m, l in head if (m, l) in every]
    order += [o for o in every if o not in group_of]
    rows = []
    for s in [base] + [s for s in scenarios if s.name != base_name]:
        for metric, label in order:
            v = values.get((s.name, metric, label))
            info = None
            for t in [s, base] + scenarios:
                if t.has(metric):
                    info = t.info(metric)
                    break
            row = dict(scenario=s.name, metric=metric, label=label, units=info.units,
                       kind=info.kind, group=group_of.get((metric, label), ""),
                       headline=(metric, label) in group_of, derived=info.derived,
                       n_replicates=0, mean=math.nan, p5=math.nan, p95=math.nan,
                       base_mean=math.nan, diff_mean=math.nan, diff_lo=math.nan,
                       diff_hi=math.nan, diff_sd=math.nan, n_pairs=0,
                       excludes_zero=False, threshold=math.nan, relevant=False)
            b = values.get((base_name, metric, label))
            if b is not None:
                row["base_mean"] = stats.band(b)[0]
                row["threshold"] = threshold(metric, row["base_mean"])
            if v is not None:
                row["n_replicates"] = int(np.sum(~np.isnan(v)))
                row["mean"], row["p5"], row["p95"] = stats.band(v)
                if s.name != base_name and b is not None:
                    d = stats.paired_difference(v, b)
                    row.update(diff_mean=d["mean"], diff_lo=d["lo"], diff_hi=d["hi"],
                               diff_sd=d["sd"], n_pairs=d["n_pairs"],
                               excludes_zero=d["excludes_zero"],
                               relevant=is_relevant(d, row["threshold"]))
            rows.append(row)
    return base_name, pd.DataFrame(rows, columns=list(COLUMNS))


def constant_outcomes(table):
    """[(metric, label)] whose value is the same in every replicate pair of every
    scenario (paired differences all exactly 0), not missing and not 0 everywhere."""
    scen = table["scenario"].unique()
    if len(scen) < 2:
        return []
    zero = zero_everywhere(table)
    other = table[table["n_pairs"] > 0]
    out = []
    for (metric, label), g in other.groupby(["metric", "label"], sort=False):
        if (metric, label) in zero:
            continue
        if len(g) == len(scen) - 1 and (g["diff_sd"] == 0).all() and (g["diff_mean"] == 0).all():
            out.append((metric, label))
    return out


def zero_everywhere(table):
    """{(metric, label)} whose mean is 0 in every scenario that has it."""
    g = table.dropna(subset=["mean"]).groupby(["metric", "label"], sort=False)["mean"]
    return {k for k, v in g if (v == 0).all()}


def select(table, scenario, metric, label=""):
    """The row (a pandas Series) of one scenario and outcome, or None."""
    m = table[(table["scenario"] == scenario) & (table["metric"] == metric)
              & (table["label"] == label)]
    return None if m.empty else m.iloc[0]
