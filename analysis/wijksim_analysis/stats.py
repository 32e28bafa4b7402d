"""stats — replicate bands and paired differences (scipy.stats).

band: mean and 5-95 % percentile band of replicate values (NaN left out).
paired_difference: scenario minus baseline, replicate r against replicate r
(scenarios run together share the seed, so pairs share random numbers), with
a Student t confidence interval (scipy.stats.t).
"""

import math

import numpy as np
from scipy import stats as _st


def t_quantile(p, df):
    """Quantile of Student's t: the t with P(T <= t) = p (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isinf(df):
        return float(_st.norm.ppf(p))
    return float(_st.t.ppf(p, df))


def t_cdf(t, df):
    """Cumulative distribution function of Student's t."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    return float(_st.norm.cdf(t) if math.isinf(df) else _st.t.cdf(t, df))


def band(values, low=5.0, high=95.0):
    """(mean, p_low, p_high) of replicate values, ignoring NaN; NaNs if none."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return (math.nan, math.nan, math.nan)
    p = np.percentile(values, [low, high])
    return (float(values.mean()), float(p[0]), float(p[1]))


def paired_difference(values, baseline, level=0.95):
    """values[r] - baseline[r] with a t confidence interval.

    Uses the first min(len) replicates; pairs with a NaN are left out.
    Returns a dict: mean, lo, hi, sd, n_pairs, excludes_zero.  With fewer than
    2 pairs the interval is NaN; with sd 0 the interval is the mean itself.
    """
    a = np.asarray(values, dtype=float).ravel()
    b = np.asarray(baseline, dtype=float).ravel()
    n = min(a.size, b.size)
    d = a[:n] - b[:n]
    d = d[~np.isnan(d)]
    n = int(d.size)
    out = {"mean": math.nan, "lo": math.nan, "hi": math.nan, "sd": math.nan,
           "n_pairs": n, "excludes_zero": False}
    if n == 0:
        return out
    mean = float(d.mean())
    out["mean"] = mean
    if n < 2:
        return out
    sd = float(d.std(ddof=1))
    if sd == 0.0:
        lo = hi = mean
    else:
        lo, hi = _st.t.interval(level, n - 1, loc=mean, scale=sd / math.sqrt(n))
    out.update(sd=sd, lo=float(lo), hi=float(hi),
               excludes_zero=bool(lo > 0 or hi < 0))
    return out


def mean_interval(values, level=0.95):
    """(mean, lo, hi) of replicate values with a t interval of the mean (NaN left out)."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(v.mean())
    if v.size < 2 or v.std(ddof=1) == 0:
        return (mean, mean if v.size > 1 else math.nan, mean if v.size > 1 else math.nan)
    lo, hi = _st.t.interval(level, v.size - 1, loc=mean, scale=_st.sem(v))
    return (mean, float(lo), float(hi))
