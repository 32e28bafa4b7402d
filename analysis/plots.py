#!/usr/bin/python3
"""plots — figures of a wijksim result file (matplotlib, Agg backend, PNG).

Each plot_* function takes an open wijkdata.ResultFile (and, where it shows
differences, the output of wijkdata.compare) and returns a matplotlib Figure;
figure_png() turns a Figure into PNG bytes and closes it.  Labels come from
labels.py in English ('en') or Dutch ('nl').

    plot_timeseries         a metric over time: mean and 5-95 % band over
                            replicates, one line per scenario
    plot_paired_differences change versus the baseline (% of the baseline
                            mean) with 95 % CI, per headline indicator and scenario
    plot_early_by_type      early share for somatic and for social and
                            psychosocial needs, grouped bars per scenario
    plot_early_signalling   the report's figure: those bars beside the early
                            share of all needs over time
    plot_professional_load  utilisation per formal role, grouped bars per scenario
    plot_informal_formal    informal and professional care hours per scenario

Command line (writes every standard figure as PNG into a folder):

    /usr/bin/python3 analysis/plots.py RESULTS.h5 -d FIGDIR [--lang nl] [--baseline NAME]
"""

import argparse
import io
import math
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import labels as lab  # noqa: E402
import wijkdata  # noqa: E402

LABELS = lab.LABELS  # the label dictionary: metric -> {'en': ..., 'nl': ...}

# Headline indicators in the paired-difference plot (those present are shown).
DIFF_INDICATORS = ("early_share", "early_share_somatic", "early_share_social",
                   "informal_hours", "formal_hours", "formal_load",
                   "escalations_total", "cost_total", "cost_capacity",
                   "cost_second_line", "cost_formal")

_TEXT = {
    "day": {"en": "day", "nl": "dag"},
    "scenario": {"en": "scenario", "nl": "scenario"},
    "band": {"en": "mean over replicates, band 5-95%",
             "nl": "gemiddelde over herhalingen, band 5-95%"},
    "per_interval": {"en": "per %d days", "nl": "per %d dagen"},
    "diff_title": {"en": "Change compared with %s (mean, 95% confidence interval)",
                   "nl": "Verschil met %s (gemiddelde, 95%-betrouwbaarheidsinterval)"},
    "diff_axis": {"en": "change versus %s (% of its mean)",
                  "nl": "verschil met %s (% van het gemiddelde)"},
    "load_title": {"en": "Load on professionals by profession",
                   "nl": "Belasting van professionals per beroep"},
    "load_axis": {"en": "utilisation (hours used / hours available)",
                  "nl": "bezettingsgraad (gebruikte / beschikbare uren)"},
    "hours_title": {"en": "Informal and professional care hours",
                    "nl": "Uren mantelzorg/vrijwilligers en professionele zorg"},
    "hours_axis": {"en": "hours over the whole period",
                   "nl": "uren over de hele periode"},
    "informal": {"en": "informal (carers, volunteers)",
                 "nl": "informeel (mantelzorg, vrijwilligers)"},
    "formal": {"en": "professional", "nl": "professioneel"},
    "early_title": {"en": "Early signalling: somatic and social/psychosocial needs",
                    "nl": "Vroegsignalering: somatische en sociale/psychosociale hulpvragen"},
    "early_axis": {"en": "share of signals that were early (%)",
                   "nl": "aandeel vroege signaleringen (%)"},
    "somatic": {"en": "somatic (bodily functions)", "nl": "somatisch (lichaamsfuncties)"},
    "social": {"en": "social and psychosocial (other dimensions)",
               "nl": "sociaal en psychosociaal (overige dimensies)"},
    "errbar": {"en": "bars: mean; whiskers: 5-95% of replicates",
               "nl": "staaf: gemiddelde; streepjes: 5-95% van de herhalingen"},
}


def text(key, lang):
    """A fixed phrase of the figures in `lang`."""
    return _TEXT[key][lab.check_lang(lang)]


def figure_png(fig, dpi=100):
    """PNG bytes of a Figure; closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _colours(n):
    cmap = plt.get_cmap("tab10")
    return [cmap(i % 10) for i in range(n)]


def _quantiles(values, q):
    """Per-column percentile over replicates, NaN-ignoring, no warnings."""
    out = np.full(values.shape[1], np.nan)
    for j in range(values.shape[1]):
        col = values[:, j]
        col = col[~np.isnan(col)]
        if col.size:
            out[j] = np.percentile(col, q)
    return out


def _per_interval(series, scenario):
    """A flow per full output interval: a shorter last interval (e.g. day 365
    with output_every 7) is scaled up, so that it does not look like a drop."""
    every = float(scenario.attrs.get("output_every", 1) or 1)
    lengths = scenario.interval_days
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(lengths > 0, every / np.where(lengths > 0, lengths, 1), 1.0)
    return series * scale[None, :]


def plot_timeseries(result, metric, label=None, lang="en", scenarios=None, ax=None):
    """Mean (line) and 5-95 % band over replicates per scenario, over time.

    `metric` is a stored metric or derived indicator; `label` picks one axis
    label (role, need type, ...) of a metric with an axis — required then,
    except for flows and stocks where None sums over the axis.  Flows are
    shown per output interval (output_every days); a shorter last interval
    is scaled to that length.  With `ax` it draws there (and returns its
    figure) instead of making a figure of its own.
    """
    names = scenarios or result.scenario_names()
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.2))
    else:
        fig = ax.figure
    units = ""
    first = result.scenario(names[0])
    info = first.info(metric)
    for colour, name in zip(_colours(len(names)), names):
        s = result.scenario(name)
        if info.axis and label is None:
            if info.kind not in ("flow", "stock"):
                raise wijkdata.WijkDataError("metric %r is a %s per %s: give a label"
                                             % (metric, info.kind, info.axis))
            series = s.data(metric).sum(axis=2)
        else:
            series = s.series(metric, label)
        if info.kind == "flow":
            series = _per_interval(series, s)
        mean = wijkdata.nanmean(series, axis=0)
        ax.plot(s.time, mean, color=colour, label=name, lw=1.8)
        ax.fill_between(s.time, _quantiles(series, 5), _quantiles(series, 95),
                        color=colour, alpha=0.2, lw=0)
        units = s.info(metric).units
    title = lab.outcome_label(metric, label, lang, info.long_name)
    ax.set_title(title[:1].upper() + title[1:])
    ylabel = lab.unit(units, lang)
    if info.kind == "flow":
        every = int(first.attrs.get("output_every", 1) or 1)
        per = text("per_interval", lang) % every
        ylabel = ("%s %s" % (ylabel, per)).strip()
    ax.set_ylabel(ylabel)
    ax.set_xlabel(text("day", lang))
    ax.grid(alpha=0.3)
    ax.legend(title=text("band", lang), fontsize=8, title_fontsize=8)
    fig.tight_layout()
    return fig


def plot_paired_differences(result, base_name, table, lang="en",
                            indicators=DIFF_INDICATORS):
    """Forest plot: per headline indicator, the mean paired difference of each
    scenario to the baseline, as % of the baseline mean, with its 95 % CI.

    `table` is the second value returned by wijkdata.compare().  Indicators
    with a zero or undefined baseline mean are left out.  Returns None when
    there is nothing to compare (a single scenario).
    """
    others = [n for n in table if n != base_name]
    if not others:
        return None
    rows = {(r.metric, r.label): i for i, r in enumerate(table[base_name])}
    shown = [m for m in indicators if (m, "") in rows]
    shown = [m for m in shown
             if not math.isnan(table[others[0]][rows[(m, "")]].base_mean)
             and table[others[0]][rows[(m, "")]].base_mean != 0]
    if not shown:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(shown) * max(1, len(others)) + 1.6))
    step = 0.8 / max(1, len(others))
    for k, (colour, name) in enumerate(zip(_colours(len(others) + 1)[1:], others)):
        for i, metric in enumerate(shown):
            row = table[name][rows[(metric, "")]]
            scale = 100.0 / abs(row.base_mean)
            y = i + (k - (len(others) - 1) / 2.0) * step
            mean = row.diff["mean"] * scale
            lo, hi = row.diff["lo"] * scale, row.diff["hi"] * scale
            if not math.isnan(lo):
                ax.plot([lo, hi], [y, y], color=colour, lw=2)
            ax.plot([mean], [y], "o", color=colour,
                    label=name if i == 0 else None,
                    mfc=colour if row.diff["excludes_zero"] else "white")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([lab.label(m, lang) for m in shown], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(text("diff_axis", lang).replace("%s", base_name, 1))
    ax.set_title(text("diff_title", lang).replace("%s", base_name, 1), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _bar_groups(ax, groups, series, colours, errors):
    """Grouped bars: groups on x, one bar per series entry."""
    n = max(1, len(series))
    width = 0.8 / n
    x = np.arange(len(groups))
    for k, (name, values) in enumerate(series):
        offset = (k - (n - 1) / 2.0) * width
        lo = [v - e[0] if not math.isnan(v) else 0 for v, e in zip(values, errors[k])]
        hi = [e[1] - v if not math.isnan(v) else 0 for v, e in zip(values, errors[k])]
        yerr = np.array([np.nan_to_num(lo), np.nan_to_num(hi)]).clip(min=0)
        ax.bar(x + offset, np.nan_to_num(values), width, label=name,
               color=colours[k], yerr=yerr, capsize=2, error_kw={"lw": 0.8})
    ax.set_xticks(x)
    return x


def plot_professional_load(result, lang="en", scenarios=None):
    """Utilisation (mean over time, mean over replicates; whiskers 5-95 %)
    per formal role, bars grouped by role, one bar per scenario."""
    names = scenarios or result.scenario_names()
    first = result.scenario(names[0])
    roles = [r for r in first.formal_roles() if "utilisation" in first.metrics()]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(roles) + 2), 4.2))
    series, errors = [], []
    for name in names:
        s = result.scenario(name)
        stats = [wijkdata.band(s.summary("utilisation", r))
                 if r in s.info("utilisation").labels else (np.nan,) * 3
                 for r in roles]
        series.append((name, [b[0] for b in stats]))
        errors.append([(b[1], b[2]) for b in stats])
    _bar_groups(ax, roles, series, _colours(len(names)), errors)
    ax.set_xticklabels([lab.role_name(r, lang) for r in roles], rotation=30,
                       ha="right", fontsize=8)
    ax.axhline(1.0, color="grey", lw=0.8, ls="--")
    ax.set_ylabel(text("load_axis", lang))
    ax.set_title(text("load_title", lang))
    ax.legend(fontsize=8, title=text("errbar", lang), title_fontsize=7)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_informal_formal(result, lang="en", scenarios=None):
    """Informal and professional care hours over the run per scenario
    (grouped bars: mean over replicates, whiskers 5-95 %)."""
    names = scenarios or result.scenario_names()
    fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(names) + 2), 4.2))
    kinds = (("informal_hours", text("informal", lang)),
             ("formal_hours", text("formal", lang)))
    series, errors = [], []
    for metric, title in kinds:
        stats = []
        for name in names:
            s = result.scenario(name)
            stats.append(wijkdata.band(s.summary(metric))
                         if metric in s.metrics() else (np.nan,) * 3)
        series.append((title, [b[0] for b in stats]))
        errors.append([(b[1], b[2]) for b in stats])
    _bar_groups(ax, names, series, ["#d98c1f", "#2b6ca3"], errors)
    ax.set_xticklabels(names, fontsize=9)
    ax.set_ylabel(text("hours_axis", lang))
    ax.set_title(text("hours_title", lang))
    ax.legend(fontsize=8, title=text("errbar", lang), title_fontsize=7)
    ax.grid(axis="y", alpha=0.3)
    ax.ticklabel_format(axis="y", style="plain")
    fig.tight_layout()
    return fig


def plot_early_by_type(result, lang="en", scenarios=None, ax=None):
    """Early share for somatic and for social and psychosocial needs per
    scenario (grouped bars, in %: mean over replicates, whiskers 5-95 %).
    With `ax` it draws there instead of making a figure of its own."""
    names = scenarios or result.scenario_names()
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(names) + 2), 4.2))
    else:
        fig = ax.figure
    series, errors = [], []
    for metric, key in (("early_share_somatic", "somatic"), ("early_share_social", "social")):
        stats = []
        for name in names:
            s = result.scenario(name)
            stats.append(tuple(100.0 * v for v in wijkdata.band(s.summary(metric)))
                         if metric in s.metrics() else (np.nan,) * 3)
        series.append((text(key, lang), [b[0] for b in stats]))
        errors.append([(b[1], b[2]) for b in stats])
    _bar_groups(ax, names, series, ["#2b6ca3", "#c2477a"], errors)
    ax.set_xticklabels(names, fontsize=9)
    ax.set_ylabel(text("early_axis", lang))
    ax.set_ylim(0, 100)
    ax.set_title(text("early_title", lang))
    ax.legend(fontsize=8, title=text("errbar", lang), title_fontsize=7)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_early_signalling(result, lang="en", scenarios=None):
    """Two panels: the early share for somatic and for social and
    psychosocial needs per scenario (bars), and the early share of all needs
    over time (plot_timeseries)."""
    names = scenarios or result.scenario_names()
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [max(2, len(names)), 3]})
    plot_early_by_type(result, lang, names, ax=left)
    plot_timeseries(result, "early_share", lang=lang, scenarios=names, ax=right)
    left.set_title(text("early_title", lang), fontsize=10)
    right.set_title(right.get_title(), fontsize=10)
    fig.tight_layout()
    return fig


def standard_figures(result, base_name, table, lang="en"):
    """The report's figures as a list of (key, Figure), in reading order.

    Figures whose inputs are missing from the file are skipped.
    """
    figs = []
    diff = plot_paired_differences(result, base_name, table, lang)
    if diff is not None:
        figs.append(("differences", diff))
    base = result.scenario(base_name)
    metrics = base.metrics()
    by_type = ("early_share" in metrics and "early_share_somatic" in metrics
               and "early_share_social" in metrics)
    if by_type:
        figs.append(("early_signalling", plot_early_signalling(result, lang)))
    if "utilisation" in metrics and base.formal_roles():
        figs.append(("professional_load", plot_professional_load(result, lang)))
    if "informal_hours" in metrics and "formal_hours" in metrics:
        figs.append(("informal_formal_hours", plot_informal_formal(result, lang)))
    for metric in ("early_share", "formal_load", "escalations_total", "informal_hours"):
        if metric == "early_share" and by_type:
            continue  # the right panel of early_signalling
        if metric in metrics:
            figs.append(("timeseries_" + metric, plot_timeseries(result, metric, lang=lang)))
    return figs


def main(argv=None):
    """Write the standard figures as PNG files; returns the exit status."""
    parser = argparse.ArgumentParser(description="Write the standard figures "
                                     "of a wijksim result file as PNG.")
    parser.add_argument("results")
    parser.add_argument("-d", "--dir", default="figures", help="output folder")
    parser.add_argument("--lang", choices=lab.LANGS, default="en")
    parser.add_argument("--baseline")
    args = parser.parse_args(argv)
    try:
        with wijkdata.ResultFile(args.results) as result:
            base_name, table = wijkdata.compare(result, args.baseline)
            os.makedirs(args.dir, exist_ok=True)
            for key, fig in standard_figures(result, base_name, table, args.lang):
                path = os.path.join(args.dir, key + ".png")
                with open(path, "wb") as out:
                    out.write(figure_png(fig))
                print(path)
    except (wijkdata.WijkDataError, OSError) as err:
        print("plots.py: %s" % err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
