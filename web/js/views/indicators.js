// indicators view — the headline indicators of the run against the reference:
// a row per indicator with both values, the paired difference as a dot on its
// own axis with its 95% interval, the band of the minimal relevant
// difference, and the verdict in words (relevant / not clear / too small).
// Filled dot: relevant; open dot: not; colour only repeats what the words and
// the shape say (better: blue, worse: vermillion, either way: grey).

import { tr, groupTitle, groupMeaning, indicatorLabel, shortLabel, explain } from "../i18n.js";
import { value, diffText, intervalText, thresholdText, betterDirection } from "../format.js";
import { COLOURS, el, svgEl } from "../dom.js";

const W = 136;
const H = 26;

function forest(row) {
  const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "forest", "aria-hidden": "true" });
  const d = row.diff;
  if (!d || d.mean === null || d.mean === undefined) return svg;
  const thr = row.threshold || 0;
  const span = Math.max(Math.abs(d.lo ?? d.mean), Math.abs(d.hi ?? d.mean), Math.abs(d.mean), thr * 1.5) || 1;
  const x = (v) => W / 2 + (v / (span * 1.15)) * (W / 2 - 8);
  if (thr > 0) {
    svg.append(svgEl("rect", { x: x(-thr), y: 3, width: x(thr) - x(-thr), height: H - 6, class: "mrd-band" }));
  }
  svg.append(svgEl("line", { x1: x(0), x2: x(0), y1: 1, y2: H - 1, class: "zero" }));
  const dir = betterDirection(row.metric) * Math.sign(d.mean);
  const colour = row.relevant ? (dir > 0 ? COLOURS.better : dir < 0 ? COLOURS.worse : COLOURS.neutral) : COLOURS.neutral;
  if (d.lo !== null && d.lo !== undefined && d.hi !== null) {
    svg.append(svgEl("line", { x1: x(d.lo), x2: x(d.hi), y1: H / 2, y2: H / 2, stroke: colour, class: "ci" }));
    for (const v of [d.lo, d.hi]) {
      svg.append(svgEl("line", { x1: x(v), x2: x(v), y1: H / 2 - 4, y2: H / 2 + 4, stroke: colour, class: "ci" }));
    }
  }
  svg.append(svgEl("circle", {
    cx: x(d.mean), cy: H / 2, r: 5, stroke: colour,
    fill: row.relevant ? colour : "white", class: "dot" + (row.relevant ? " relevant" : ""),
  }));
  return svg;
}

function verdict(row) {
  const d = row.diff;
  if (!d || d.lo === null || d.lo === undefined) return { text: "–", long: tr("no_interval"), cls: "unclear" };
  const thr = thresholdText(row);
  if (row.relevant) {
    const dir = betterDirection(row.metric) * Math.sign(d.mean);
    const word = dir > 0 ? tr("ind_better") : dir < 0 ? tr("ind_worse") : "";
    return { text: word ? tr("relevant_short") + ", " + word : tr("relevant_short"), long: tr("relevant_long", { thr }), cls: dir > 0 ? "better" : dir < 0 ? "worse" : "relevant" };
  }
  if (!row.excludes_zero) return { text: tr("unclear"), long: tr("unclear_long"), cls: "unclear" };
  if (row.threshold === null || row.threshold === undefined) return { text: tr("no_mrd"), long: tr("no_mrd"), cls: "unclear" };
  return { text: tr("too_small"), long: tr("too_small_long", { thr }), cls: "unclear" };
}

// overrides: how many settings the run changed in the scenario (a scenario
// compared with itself differs only by those).
export function renderIndicators(root, result, highlight = [], overrides = 0) {
  root.replaceChildren();
  const scen = result.scenario;
  const base = result.baseline;
  root.append(el("p", { class: "intro" }, tr("ind_intro", { scen, base })));
  if (scen === base && !overrides) root.append(el("p", { class: "note" }, tr("same_scenario")));
  const table = el("table", { class: "indicators", "data-run": result.id });
  const head = el("thead", {}, el("tr", {},
    el("th", { scope: "col", class: "c-label" }, tr("col_indicator")),
    el("th", { scope: "col", class: "num c-num" }, scen === base && overrides ? `${scen} (${tr("changed_by_you")})` : scen),
    el("th", { scope: "col", class: "num c-num" }, base),
    el("th", { scope: "col", class: "c-diff" }, tr("col_diff")),
    el("th", { scope: "col", class: "forest-col" }, el("span", { class: "visually-hidden" }, tr("col_diff"))),
    el("th", { scope: "col", class: "c-verdict" }, tr("col_verdict"))));
  table.append(head);
  let group = null;
  let body = null;
  for (const row of result.indicators) {
    if (row.group !== group) {
      group = row.group;
      body = el("tbody", { "data-group": group });
      const title = el("th", { colspan: 6, scope: "colgroup", class: "group" },
        el("span", { class: "group-title" }, groupTitle(group)),
        el("span", { class: "group-meaning" }, groupMeaning(group)));
      body.append(el("tr", { class: "group-row" }, title));
      table.append(body);
    }
    const v = verdict(row);
    const label = shortLabel(row.metric, row.label);
    const full = indicatorLabel(row.metric, row.label);
    const tip = full + (explain(row.metric) ? "\n" + explain(row.metric) : "");
    const tr_ = el("tr", {
      "data-id": row.id, "data-metric": row.metric, "data-label": row.label || "",
      class: (row.relevant ? "is-relevant " : "") + (highlight.includes(row.metric) ? "highlight" : ""),
    },
      el("th", { scope: "row", title: tip }, label),
      el("td", { class: "num scen-value" }, value(row, row.scenario && row.scenario.mean)),
      el("td", { class: "num base-value" }, value(row, row.baseline && row.baseline.mean)),
      el("td", { class: "diff" },
        el("span", { class: "diff-mean" }, diffText(row, row.diff)),
        el("span", { class: "diff-ci" }, intervalText(row, row.diff))),
      el("td", { class: "forest-col" }, forest(row)),
      el("td", { class: "verdict " + v.cls, title: v.long }, v.text));
    tr_.setAttribute("aria-label", `${full}: ${diffText(row, row.diff)}, ${intervalText(row, row.diff)}; ${v.long}`);
    body.append(tr_);
  }
  root.append(table);
  const legend = el("p", { class: "legend" },
    legendDot(true, COLOURS.better), " " + tr("relevant") + ": " + tr("ind_better") + "   ",
    legendDot(true, COLOURS.worse), " " + tr("relevant") + ": " + tr("ind_worse") + "   ",
    legendDot(false, COLOURS.neutral), " " + tr("not_relevant") + "   ",
    el("span", { class: "legend-band" }), " " + tr("mrd_band"));
  root.append(legend);
}

function legendDot(filled, colour) {
  const svg = svgEl("svg", { width: 14, height: 14, "aria-hidden": "true" });
  svg.append(svgEl("circle", { cx: 7, cy: 7, r: 5, stroke: colour, fill: filled ? colour : "white", "stroke-width": 2 }));
  return svg;
}
