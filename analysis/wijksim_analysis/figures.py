"""figures — the report's figures (matplotlib, SVG, colour-blind-safe Okabe-Ito colours).

report_figures() returns a list of dicts {key, svg (bytes), alt, caption}:

    effects   paired differences from the baseline as small multiples, one
              panel per headline indicator in its own units (shares in
              percentage points, waits in days, hours in thousands, costs in
              thousand euro), 95 % interval, grey band = below the minimal
              relevant difference
    series    four panels over time (mean, 5-95 % band; flows per week; a
              last interval shorter than the others is left out)
    load      occupancy per formal role per scenario, line at 100 %
    hours     informal and professional hours, two panels on their own scales
"""

import io
import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import indicators as ind  # noqa: E402
from . import labels as lab  # noqa: E402

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
           "#F0E442", "#000000")

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.titlesize": 9.5,
                     "axes.spines.top": False, "axes.spines.right": False,
                     "font.family": "DejaVu Sans"})

EFFECT_PANELS = (("early_share", ""), ("early_share_social", ""), ("informal_hours", ""),
                 ("formal_load", ""), ("wait_days", "huisarts"),
                 ("wait_days", "sociaal_wijkteam"), ("escalations_total", ""),
                 ("carers_overloaded", ""), ("cost_total", ""))


def colours(n):
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def svg(fig):
    """SVG bytes of a figure (and close it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def _scale(metric, units):
    """(factor, axis-unit key) that shows a difference in the indicator's own units."""
    if metric in ind.SHARES:
        return 100.0, "pp"
    if units == "hour":
        return 1e-3, "kilo_hours"
    if units == "euro":
        return 1e-3, "keuro"
    if units == "day":
        return 1.0, "days"
    if metric == "health":
        return 1.0, "points"
    return 1.0, "number"


def short(metric, label, lang):
    s = lab.SHORT.get(metric, {}).get(lang) or lab.label(metric, lang)
    return s.replace("{role}", lab.role_name(label, lang))


def plot_effects(table, base_name, lang):
    others = [n for n in table.scenario.unique() if n != base_name]
    panels = [(m, l) for m, l in EFFECT_PANELS
              if not table[(table.metric == m) & (table.label == l)
                           & (table.n_pairs > 1)].empty]
    if not others or not panels:
        return None
    ncol = 3
    nrow = int(math.ceil(len(panels) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(9.6, 1.1 + 0.45 * len(others) * nrow
                                                   + 0.9 * nrow), squeeze=False)
    cols = colours(len(others) + 1)[1:]
    for ax, (metric, label) in zip(axes.flat, panels):
        rows = table[(table.metric == metric) & (table.label == label)]
        units = rows.units.iloc[0]
        f, ukey = _scale(metric, units)
        thr = rows.threshold.iloc[0] * f
        if not math.isnan(thr):
            ax.axvspan(-thr, thr, color="#e6e6e6", zorder=0)
        ax.axvline(0, color="#555", lw=0.8)
        for i, name in enumerate(others):
            r = rows[rows.scenario == name]
            if r.empty or r.n_pairs.iloc[0] < 2:
                continue
            r = r.iloc[0]
            y = len(others) - 1 - i
            ax.plot([r.diff_lo * f, r.diff_hi * f], [y, y], color=cols[i], lw=2)
            ax.plot([r.diff_mean * f], [y], "o", color=cols[i], ms=6,
                    mfc=cols[i] if r.relevant else "white", mew=1.5)
        ax.set_yticks(range(len(others)))
        ax.set_yticklabels(list(reversed(others)))
        ax.set_ylim(-0.6, len(others) - 0.4)
        ax.set_title(short(metric, label, lang))
        ax.set_xlabel(lab.AXIS_UNIT[ukey][lang])
        lo = np.nanmin([rows.diff_lo.min() * f, -thr if not math.isnan(thr) else 0, 0])
        hi = np.nanmax([rows.diff_hi.max() * f, thr if not math.isnan(thr) else 0, 0])
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(lab.FIGURE["effects"]["title"][lang].format(base=base_name), y=1.0)
    fig.tight_layout()
    return fig


def _per_interval(s, metric, per_week):
    values = s.series(metric)
    days = s.interval_days
    keep = np.ones(days.size, bool)
    short_days = None
    if days.size > 1 and days[-1] < days[0]:
        keep[-1] = False
        short_days = days[-1]
    if per_week:
        values = values / days[None, :] * 7.0
    return s.time[keep], values[:, keep], short_days


def plot_series(result, names, lang):
    specs = (("early_share", 100.0, "percent", False),
             ("formal_load", 100.0, "percent", False),
             ("escalations_total", 1.0, "per_week", True),
             ("informal_hours", 1e-3, "kilo_hours", True))
    specs = [sp for sp in specs if all(result.scenario(n).has(sp[0]) for n in names)]
    if not specs:
        return None, None
    fig, axes = plt.subplots(2, 2, figsize=(9.6, 6.2), squeeze=False)
    short_days = None
    for ax, (metric, f, ukey, per_week) in zip(axes.flat, specs):
        for col, n in zip(colours(len(names)), names):
            s = result.scenario(n)
            x, v, sd = _per_interval(s, metric, per_week)
            short_days = sd if sd is not None else short_days
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                mean = np.nanmean(v, axis=0) * f
                lo, hi = np.nanpercentile(v, [5, 95], axis=0) * f
            ax.fill_between(x, lo, hi, color=col, alpha=0.18, lw=0)
            ax.plot(x, mean, color=col, lw=1.6, label=n)
        ax.set_title(short(metric, "", lang))
        ax.set_xlabel(lab.t("day", lang))
        unit_text = lab.AXIS_UNIT[ukey][lang]
        if ukey in ("per_week", "kilo_hours"):
            unit_text = "%s %s" % (lab.AXIS_UNIT["number" if ukey == "per_week" else ukey][lang],
                                   lab.AXIS_UNIT["per_week"][lang])
        ax.set_ylabel(unit_text)
    for ax in list(axes.flat)[len(specs):]:
        ax.set_visible(False)
    handles, names_ = axes.flat[0].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.legend(handles, names_, loc="lower center", ncol=len(names), frameon=False)
    return fig, short_days


def plot_load(result, names, lang):
    roles = []
    for n in names:
        s = result.scenario(n)
        if not s.has("utilisation"):
            continue
        used = s.data("hours_capacity").sum(axis=(0, 1)) if s.has("hours_capacity") else None
        for i, r in enumerate(s.roles):
            if not s.is_formal(r) or r in roles:
                continue
            if used is not None and used[i] == 0:
                continue        # no capacity: occupancy undefined
            if not np.any(s.data("utilisation")[:, :, i] > 0):
                continue        # books no hours (e.g. outreach only)
            roles.append(r)
    if not roles:
        return None
    fig, ax = plt.subplots(figsize=(8.5, 0.8 + 0.14 * len(roles) * len(names)))
    height = 0.8 / len(names)
    for i, (col, n) in enumerate(zip(colours(len(names)), names)):
        s = result.scenario(n)
        means = []
        for r in roles:
            if s.has("utilisation") and r in s.info("utilisation").labels:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    means.append(np.nanmean(s.summary("utilisation", r)) * 100)
            else:
                means.append(np.nan)
        y = np.arange(len(roles)) + i * height
        ax.barh(y, means, height=height * 0.95, color=col, label=n)
    ax.axvline(100, color="#000", ls="--", lw=1)
    ax.set_yticks(np.arange(len(roles)) + 0.4 - height / 2)
    ax.set_yticklabels([lab.role_name(r, lang) for r in roles])
    ax.invert_yaxis()
    ax.set_xlabel(lab.label("utilisation", lang).split(" (")[0] + " (%)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def plot_hours(result, names, lang):
    metrics = [m for m in ("informal_hours", "formal_hours")
               if all(result.scenario(n).has(m) for n in names)]
    if not metrics:
        return None
    fig, axes = plt.subplots(1, len(metrics), figsize=(9.6, 0.9 + 0.42 * len(names)),
                             squeeze=False)
    for ax, metric in zip(axes.flat, metrics):
        means, lo, hi = [], [], []
        for n in names:
            v = result.scenario(n).summary(metric) / 1e3
            means.append(np.nanmean(v))
            p = np.nanpercentile(v, [5, 95])
            lo.append(means[-1] - p[0])
            hi.append(p[1] - means[-1])
        y = np.arange(len(names))
        ax.barh(y, means, xerr=[lo, hi], color=colours(len(names)), capsize=3)
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        ax.invert_yaxis()
        ax.set_title(short(metric, "", lang))
        ax.set_xlabel(lab.AXIS_UNIT["kilo_hours"][lang])
    fig.tight_layout()
    return fig


def report_figures(result, base_name, table, lang):
    names = [base_name] + [n for n in result.scenario_names() if n != base_name]
    out = []
    F = lab.FIGURE

    def add(key, fig, caption):
        if fig is not None:
            out.append(dict(key=key, svg=svg(fig), alt=F[key]["alt"][lang].format(base=base_name),
                            caption=caption))
    add("effects", plot_effects(table, base_name, lang),
        F["effects"]["caption"][lang].format(base=base_name))
    fig, short_days = plot_series(result, names, lang)
    if short_days is not None:
        word = {"en": ("day", "days"), "nl": ("dag", "dagen")}[lang][short_days != 1]
        days = "%s %s" % (lab.fmt_num(short_days, lang, 0), word)
        note = F["series"]["short"][lang].format(days=days)
    else:
        note = ""
    add("series", fig, F["series"]["caption"][lang].format(short=note))
    add("load", plot_load(result, names, lang), F["load"]["caption"][lang])
    add("hours", plot_hours(result, names, lang), F["hours"]["caption"][lang])
    return out
