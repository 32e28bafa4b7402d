"""fmt — numbers for people: values, differences and intervals in their own units.

Shares (indicators.SHARES) are shown as percentages and their differences in
percentage points; waits in days; costs in euro; health in points; counts and
hours as numbers.  Relative differences (for indicators whose minimal
relevant difference is relative) are percentages of the baseline mean.
"""

import math

from . import indicators as ind
from .labels import AXIS_UNIT, fmt_num, t, unit


def is_share(metric):
    return metric in ind.SHARES


def is_relative(metric):
    return ind.MRD.get(metric, ("abs", 0))[0] == "rel"


def value(metric, v, units, lang):
    """A level: 61.2%, 2.3 days, € 3.43 million, 7.59, 795,546 hours."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if is_share(metric):
        return fmt_num(100.0 * v, lang, 1) + "%"
    if units == "euro":
        if abs(v) >= 1e6:
            return "€\u00a0%s\u00a0%s" % (fmt_num(v / 1e6, lang, 2),
                                         "million" if lang == "en" else "mln")
        return "€\u00a0" + fmt_num(v, lang, 0)
    if metric == "health":
        return fmt_num(v, lang, 2)
    u = unit(units, lang)
    return fmt_num(v, lang) + ("\u00a0" + u if u else "")


def _signed(v, lang, decimals):
    if math.isnan(v):
        return "–"
    if round(v, decimals) == 0:
        return fmt_num(0.0, lang, decimals)
    return ("+" if v > 0 else "") + fmt_num(v, lang, decimals)


def diff_parts(metric, units, d_mean, d_lo, d_hi, base_mean, lang, compact=False):
    """(size without sign, signed difference, interval) as text.

    Shares: percentage points; relative indicators: % of the baseline mean;
    others: their own units.  `compact`: the short unit (pp) for tables."""
    if is_share(metric):
        pp = AXIS_UNIT["pp_short" if compact else "pp"][lang]
        return (fmt_num(abs(100 * d_mean), lang, 1) + "\u00a0" + pp,
                _signed(100 * d_mean, lang, 1) + "\u00a0" + pp,
                "%s %s %s\u00a0%s" % (_signed(100 * d_lo, lang, 1), t("to", lang),
                                       _signed(100 * d_hi, lang, 1), pp))
    # A relative interval whose lower end lies below -100% would claim a count
    # or an amount below zero (a t interval of few replicates can); such a
    # difference is given in the indicator's own units instead.
    if (is_relative(metric) and base_mean and not math.isnan(base_mean)
            and not (base_mean > 0 and d_lo < -base_mean)):
        s = 100.0 / abs(base_mean)
        dec = 0 if abs(d_mean * s) >= 100 else 1
        return (fmt_num(abs(d_mean * s), lang, dec) + "%",
                _signed(d_mean * s, lang, dec) + "%",
                "%s%% %s %s%%" % (_signed(d_lo * s, lang, dec), t("to", lang),
                                  _signed(d_hi * s, lang, dec)))
    dec = 2 if metric == "health" else 1
    u = unit(units, lang) if metric != "health" else ("points" if lang == "en" else "punt")
    tail = "\u00a0" + u if u else ""
    return (fmt_num(abs(d_mean), lang, dec) + tail, _signed(d_mean, lang, dec) + tail,
            "%s %s %s%s" % (_signed(d_lo, lang, dec), t("to", lang),
                            _signed(d_hi, lang, dec), tail))


def threshold_text(metric, units, lang):
    """The minimal relevant difference as text: 2 percentage points, 5%, 1 day."""
    kind, thr = ind.MRD.get(metric, (None, math.nan))
    if kind is None:
        return "–"
    if kind == "rel":
        return fmt_num(100 * thr, lang, 0) + "%"
    if is_share(metric):
        return fmt_num(100 * thr, lang, 0) + "\u00a0" + AXIS_UNIT["pp"][lang]
    if metric == "health":
        return fmt_num(thr, lang, 1) + "\u00a0" + ("points" if lang == "en" else "punt")
    if metric == "wait_days":
        return fmt_num(thr, lang, 0) + "\u00a0" + ("day" if lang == "en" else "dag")
    return fmt_num(thr, lang) + ("\u00a0" + unit(units, lang) if unit(units, lang) else "")


def plain(v, signed=False):
    """A number for the terminal: no exponents, sensible precision."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    size = abs(v)
    if size >= 100 or size == 0:
        out = "{:,.0f}".format(v)
    elif size >= 10:
        out = "{:.1f}".format(v)
    elif size >= 0.01:
        out = "{:.2f}".format(v)
    else:
        out = "{:.4f}".format(v).rstrip("0")
        out = "0" if out in ("0.", "-0.") else out
    return ("+" if signed and v > 0 else "") + out
