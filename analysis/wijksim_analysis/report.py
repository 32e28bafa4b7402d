"""report — one self-contained HTML report of a wijksim result file (jinja2).

Sections (ids): key-messages, scenarios, indicators, figures, decompose (only
when the file has a /decompose group), limitations, provenance.  The page is
rendered from analysis/templates/report.html.j2; figures are SVG embedded as
data URIs, each with alt text in the report's language.

Key messages (3-5 sentences, each with a number and its 95 % interval) claim a
difference only when it is *relevant* (indicators.is_relevant: the interval
excludes 0 and the mean is at least the minimal relevant difference); when
fewer than three relevant differences exist, sentences saying "no relevant
difference" (with the number) fill up.
"""

import base64
import math
import os
import re

import h5py
import jinja2
import numpy as np

from . import data
from . import decompose as decompose_mod
from . import figures
from . import fmt
from . import indicators as ind
from . import labels as lab
from . import settings as settings_mod
from . import stats

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         "templates")

# Indicators that may carry a key message (per-role hours and cost parts are
# detail, not headline).
MESSAGE_METRICS = ("early_share", "early_share_somatic", "early_share_social",
                   "informal_hours", "formal_load", "utilisation", "wait_days",
                   "needs_turned_away", "escalations_total", "carers_overloaded", "health",
                   "cost_total")
# Outcomes for residents and money come before load and waits.
TIER1 = ("early_share", "early_share_somatic", "early_share_social", "informal_hours",
         "escalations_total", "carers_overloaded", "health", "cost_total")
# Fill-ups ("no relevant difference") are taken from these, in this order.
FILL_METRICS = ("escalations_total", "early_share", "cost_total", "formal_load",
                "informal_hours", "carers_overloaded")
MAX_MESSAGES = 5
MIN_MESSAGES = 3


def role_text(label, lang):
    return lab.role_name(label, lang) if label else ""


def phrase(metric, label, lang):
    p = lab.PHRASE.get(metric, {}).get(lang) or lab.label(metric, lang)
    return p.replace("{role}", role_text(label, lang))


def direction(metric, sign, lang):
    kind = lab.DIRECTION_OF.get(metric, "amount")
    more, less = lab.DIRECTION[kind][lang]
    return more if sign > 0 else less


def description(s, lang):
    """The scenario's `description`; in Dutch its `description_nl`, else the
    `description` (a scenario file without a Dutch text)."""
    if lang == "nl" and s.description_nl:
        return s.description_nl
    return s.description or lab.t("no_description", lang)


def message_relevant(row, base_name, lang):
    size, _, ci = fmt.diff_parts(row.metric, row.units, row.diff_mean, row.diff_lo,
                                 row.diff_hi, row.base_mean, lang)
    vals = lab.MESSAGE["vs"][lang].format(
        a=fmt.value(row.metric, row["mean"], row.units, lang),
        b=fmt.value(row.metric, row.base_mean, row.units, lang))
    key = "relevant_plural" if row.metric in lab.PLURAL[lang] else "relevant"
    return lab.MESSAGE[key][lang].format(
        scen=row.scenario, base=base_name, what=phrase(row.metric, row.label, lang),
        size=size, dir=direction(row.metric, row.diff_mean, lang), ci=ci, vals=vals)


def message_none(row, base_name, lang):
    _, diff, ci = fmt.diff_parts(row.metric, row.units, row.diff_mean, row.diff_lo,
                                 row.diff_hi, row.base_mean, lang)
    return lab.MESSAGE["none"][lang].format(
        scen=row.scenario, base=base_name, what=phrase(row.metric, row.label, lang),
        diff=diff, ci=ci, thr=fmt.threshold_text(row.metric, row.units, lang))


def key_messages(result, base_name, table, lang):
    """[{text, metric, label, scenario, kind}] — kind 'relevant', 'none' or 'level'."""
    others = [n for n in table["scenario"].unique() if n != base_name]
    if not others:
        return _level_messages(result.scenario(base_name), lang)
    cand = table[(table.scenario != base_name) & table.headline & table.relevant
                 & table.metric.isin(MESSAGE_METRICS)].copy()
    cand["score"] = (cand.diff_mean.abs() / cand.threshold).astype(float)
    cand["tier"] = [0 if m in TIER1 else 1 for m in cand.metric]
    per = {}
    for name in others:
        rows = cand[cand.scenario == name].sort_values(["tier", "score"],
                                                       ascending=[True, False])
        rows = rows.drop_duplicates("metric")
        per[name] = [r for _, r in rows.iterrows()]
    chosen = []
    while len(chosen) < MAX_MESSAGES and any(per.values()):
        for name in others:
            if per[name] and len(chosen) < MAX_MESSAGES:
                chosen.append(per[name].pop(0))
    out = [dict(text=message_relevant(r, base_name, lang), metric=r.metric, label=r.label,
                scenario=r.scenario, kind="relevant") for r in chosen]
    # fill up with "no relevant difference" for the scenarios with fewest messages
    fills = []
    for metric in FILL_METRICS:
        for name in others:
            r = ind.select(table, name, metric)
            if (r is not None and not r.relevant and r.n_pairs > 1
                    and not math.isnan(r.threshold) and abs(r.diff_mean) < r.threshold):
                fills.append(r)
    used = {(m["scenario"], m["metric"]) for m in out}
    count = {n: sum(m["scenario"] == n for m in out) for n in others}
    fills.sort(key=lambda r: count[r.scenario])
    for r in fills:
        if len(out) >= MIN_MESSAGES:
            break
        if (r.scenario, r.metric) in used:
            continue
        out.append(dict(text=message_none(r, base_name, lang), metric=r.metric,
                        label=r.label, scenario=r.scenario, kind="none"))
        used.add((r.scenario, r.metric))
    return out


def _level_messages(s, lang):
    out = []
    for metric in ("early_share", "formal_load", "escalations_total", "cost_total"):
        if not s.has(metric):
            continue
        mean, lo, hi = stats.mean_interval(s.summary(metric))
        units = s.info(metric).units
        ci = "%s %s %s" % (fmt.value(metric, lo, units, lang), lab.t("to", lang),
                           fmt.value(metric, hi, units, lang))
        out.append(dict(text=lab.MESSAGE["level"][lang].format(
            scen=s.name, what=phrase(metric, "", lang),
            value=fmt.value(metric, mean, units, lang), ci=ci),
            metric=metric, label="", scenario=s.name, kind="level"))
    return out[:MAX_MESSAGES]


def scenario_sections(result, base_name, lang):
    base = result.scenario(base_name)
    out = []
    for s in [base] + [s for s in result.scenarios() if s.name != base_name]:
        changes = []
        assumed = settings_mod.strings(s.settings, "assumptions")
        if s.name != base_name:
            for path, a, b in settings_mod.diff(base.config_text, s.config_text):
                changes.append(dict(path=path, base=a if a is not None else lab.t("absent", lang),
                                    value=b if b is not None else lab.t("absent", lang),
                                    assumption=settings_mod.is_under(path, assumed)))
        out.append(dict(name=s.name, is_base=s.name == base_name,
                        description=description(s, lang), changes=changes))
    return out


def _cell(row, lang):
    if row is None or math.isnan(row["mean"]):
        return dict(value="–", band="", diff="", relevant=False)
    band = "%s – %s" % (fmt.value(row.metric, row.p5, row.units, lang),
                        fmt.value(row.metric, row.p95, row.units, lang))
    diff = ""
    if row.n_pairs > 1 and not math.isnan(row.diff_mean):
        _, d, ci = fmt.diff_parts(row.metric, row.units, row.diff_mean, row.diff_lo,
                                  row.diff_hi, row.base_mean, lang, compact=True)
        diff = "%s (%s)" % (d, ci)
    return dict(value=fmt.value(row.metric, row["mean"], row.units, lang), band=band,
                diff=diff, relevant=bool(row.relevant))


def indicator_groups(table, names, lang):
    out = []
    head = table[table.headline]
    for group, _ in ind.GROUPS:
        g = head[head.group == group]
        if g.empty:
            continue
        rows = []
        for (metric, label), sub in g.groupby(["metric", "label"], sort=False):
            if sub["mean"].isna().all():
                continue
            by = {r.scenario: r for _, r in sub.iterrows()}
            rows.append(dict(label=lab.outcome_label(metric, label, lang),
                             cells=[_cell(by.get(n), lang) for n in names]))
        if rows:
            out.append(dict(id=group, title=lab.GROUP_TITLE[group][lang],
                            meaning=lab.GROUP_MEANING[group][lang], rows=rows))
    return out


def mrd_rows(table, lang):
    present = set(table.metric)
    rows = []
    for metric, reason in lab.MRD_REASON.items():
        if metric in present:
            units = table[table.metric == metric].units.iloc[0]
            rows.append(dict(label=lab.label(metric, lang),
                             threshold=fmt.threshold_text(metric, units, lang),
                             reason=reason[lang]))
    return rows


def _outcome_name(name, lang):
    """A /decompose outcome: 'metric' or 'metric[label]' as a label."""
    m = re.fullmatch(r"(\w+)\[([^\]]+)\]", name)
    if m:
        return lab.outcome_label(m.group(1), m.group(2), lang)
    return lab.label(name, lang)


def decompose_section(h5file, lang):
    """The decompose section from an open h5py File's /decompose group, or None."""
    d = decompose_mod.read(h5file)
    if d is None:
        return None
    outcomes = []
    for j, name in enumerate(d["outcomes"]):
        # a share (early_share) in percent, its effects in percentage points
        share = fmt.is_share(re.sub(r"\[.*", "", name))
        f = 100.0 if share else 1.0
        size = f * np.nanmax(np.abs(np.concatenate([d["total"][j],
                                                    d["shapley"][:, j].ravel()])))
        dec = 1 if share or 10 <= size < 100 else 0 if size >= 100 else 2

        def triple(a):
            m, lo, hi = f * a
            return "%s (%s %s %s)" % (lab.fmt_num(m, lang, dec), lab.fmt_num(lo, lang, dec),
                                      lab.t("to", lang), lab.fmt_num(hi, lang, dec))

        def level(v):
            return (fmt.value(name, v, "1", lang) if share
                    else lab.fmt_num(float(v), lang))
        unit_ = (lab.AXIS_UNIT["pp"][lang] if share else lab.unit(d["units"][j], lang))
        rows = [dict(name=lab.ingredient_name(k, lang), shapley=triple(d["shapley"][i, j]),
                     single=triple(d["single"][i, j]))
                for i, k in enumerate(d["ingredients"])]
        outcomes.append(dict(
            label=_outcome_name(name, lang) + (" (%s)" % unit_ if unit_ else ""), rows=rows,
            total=triple(d["total"][j]), remainder=triple(d["remainder"][j]),
            base=level(d["baseline_value"][j]), scen=level(d["scenario_value"][j])))
    return dict(intro=lab.t("decompose_intro", lang, scen=d["scenario"], base=d["baseline"],
                            reps=d["replicates"]),
                scenario=d["scenario"], baseline=d["baseline"], outcomes=outcomes)


def provenance(result, lang, decompose_path=None):
    a = result.attrs
    rows = [(lab.t("prov_version", lang), a.get("version", "?")),
            (lab.t("prov_created", lang), a.get("created", "")),
            (lab.t("prov_command", lang), a.get("command_line", "")),
            (lab.t("prov_rng", lang), a.get("rng", "")),
            (lab.t("prov_file", lang), os.path.basename(result.path))]
    if decompose_path:
        rows.append((lab.t("prov_decompose_file", lang), os.path.basename(decompose_path)))
    scen = [dict(name=s.name, seed=s.seed, replicates=s.replicates, days=s.days,
                 sha=s.attrs.get("config_sha256", ""), config=s.config_text)
            for s in result.scenarios()]
    return dict(rows=rows, scenarios=scen)


def constant_text(table, lang):
    """Outputs the same in every scenario, per metric: all its labels or a list."""
    const = ind.constant_outcomes(table)
    base = table[table.scenario == table.scenario.iloc[0]]
    out = []
    for metric in dict.fromkeys(m for m, _ in const):
        labels_ = [l for m, l in const if m == metric]
        every = [l for l in base[base.metric == metric].label]
        name = lab.label(metric, lang).split(" (")[0]
        if labels_ == [""]:
            out.append(name)
        elif set(labels_) == set(every):
            out.append("%s (%s)" % (name, lab.t("all_labels", lang)))
        else:
            out.append("%s (%s)" % (name, ", ".join(lab.role_name(l, lang) for l in labels_)))
    return out


def _data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def read_decomposition(path, lang):
    """The decompose section of another file (`wijksim decompose -o`)."""
    try:
        with h5py.File(path, "r") as f:
            section = decompose_section(f, lang)
    except OSError as err:
        raise data.WijkDataError("%s: cannot read: %s" % (path, err)) from None
    if section is None:
        raise data.WijkDataError("%s has no /decompose group (write one with "
                                 "wijksim decompose SCENARIO --baseline BASE -o FILE)" % path)
    return section


def build_report(result, baseline=None, lang="en", decompose_path=None):
    """The report as one HTML string.

    The decompose section comes from `decompose_path` (a file written by
    `wijksim decompose -o`) when given, else from the result file's own
    /decompose group, if it has one."""
    lab.check_lang(lang)
    decomposition = (read_decomposition(decompose_path, lang) if decompose_path
                     else decompose_section(result.h5, lang))
    base_name, table = ind.compare(result, baseline)
    names = [base_name] + [n for n in result.scenario_names() if n != base_name]
    scen = result.scenarios()
    def counts(values):   # 2.190 (nl), 2,190 (en)
        return "/".join(lab.fmt_num(v, lang, 0) for v in sorted(values))
    reps = counts({s.replicates for s in scen})
    days = counts({s.days for s in scen})
    warm = counts({s.warmup_days for s in scen})
    constant = constant_text(table, lang)
    figs = [dict(uri=_data_uri(f["svg"]), alt=f["alt"], caption=f["caption"], id=f["key"])
            for f in figures.report_figures(result, base_name, table, lang)]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html", "j2"]),
                             trim_blocks=True, lstrip_blocks=True)
    page = env.get_template("report.html.j2").render(
        lang=lang, T={k: v[lang] for k, v in lab.TEXT.items()},
        title=lab.t("title", lang),
        subtitle=lab.t("subtitle", lang, version=result.attrs.get("version", "?"),
                       file=os.path.basename(result.path)),
        several=len(names) > 1, base=base_name, names=names,
        runs=lab.t("runs", lang, reps=reps, days=days, warmup=warm),
        key_intro=(lab.t("key_intro", lang, base=base_name) if len(names) > 1
                   else lab.t("key_single", lang)),
        messages=key_messages(result, base_name, table, lang),
        scenarios=scenario_sections(result, base_name, lang),
        changes_intro=lab.t("changes_intro", lang, base=base_name),
        no_changes=lab.t("no_changes", lang, base=base_name),
        in_base=lab.t("in_base", lang, base=base_name),
        indicators_intro=lab.t("indicators_intro", lang, base=base_name),
        groups=indicator_groups(table, names, lang), mrd=mrd_rows(table, lang),
        figures=figs, decompose=decomposition,
        limitations=lab.LIMITATIONS[lang], constant=constant,
        provenance=provenance(result, lang, decompose_path),
        settings_of={s.name: lab.t("settings_of", lang, scen=s.name) for s in scen},
        in_scen={s.name: lab.t("in_scen", lang, scen=s.name) for s in scen})
    return page
