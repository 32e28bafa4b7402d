// series view — the main outcomes per output interval, one small chart each
// (Observable Plot): the mean over replicates as a line and the 5th-95th
// percentile band of the replicates, the scenario solid blue, the reference
// dashed orange (colour-blind-safe, and told apart by the dash as well).

import { tr, indicatorLabel, shortLabel, explain, fmtNum, unitName } from "../i18n.js";
import { isShare } from "../format.js";
import { COLOURS, el } from "../dom.js";

function rows(series, time, which, name) {
  const s = series[which];
  if (!s || !s.mean) return [];
  const out = [];
  for (let i = 0; i < time.length; i++) {
    const m = s.mean[i];
    if (m === null || m === undefined) continue;
    out.push({ day: time[i], mean: m, lo: s.lo ? s.lo[i] : m, hi: s.hi ? s.hi[i] : m, who: name });
  }
  return out;
}

function tickFormat(series) {
  if (isShare(series.metric, series)) return (v) => fmtNum(100 * v, 0) + "%";
  if (series.units === "euro") {
    return (v) => (Math.abs(v) >= 1e6 ? fmtNum(v / 1e6, 1) + "\u00a0mln" : Math.abs(v) >= 1e3 ? fmtNum(v / 1e3, 0) + "k" : fmtNum(v, 0));
  }
  return (v) => fmtNum(v);
}

export function renderSeries(root, result) {
  root.replaceChildren();
  root.append(el("p", { class: "intro" }, tr("series_intro", { scen: result.scenario, base: result.baseline })));
  const grid = el("div", { class: "series-grid" });
  root.append(grid);
  if (!window.Plot) return;
  // The last interval, when shorter than the others, is left out (as in the
  // report): a flow summed over 1 day next to weeks of 7 would look like a drop.
  let time = result.time || [];
  const every = result.output_every || (time.length > 1 ? time[1] - time[0] : 0);
  if (time.length > 2 && time[time.length - 1] - time[time.length - 2] < every) time = time.slice(0, -1);
  for (const s of result.series || []) {
    const scen = rows(s, time, "scenario", result.scenario);
    const base = rows(s, time, "baseline", result.baseline);
    if (!scen.length && !base.length) continue; // e.g. the wait at a role nobody waits for
    const title = shortLabel(s.metric, s.label);
    const unit = isShare(s.metric, s) ? "%" : unitName(s.units);
    const chart = Plot.plot({
      width: 330,
      height: 190,
      marginLeft: 52,
      style: { fontSize: "11px", background: "transparent" },
      x: { label: tr("day"), labelAnchor: "right", tickFormat: (v) => fmtNum(v, 0) },
      y: { label: unit || null, grid: true, tickFormat: tickFormat(s), nice: true },
      marks: [
        Plot.areaY(base, { x: "day", y1: "lo", y2: "hi", fill: COLOURS.baseline, fillOpacity: 0.18 }),
        Plot.areaY(scen, { x: "day", y1: "lo", y2: "hi", fill: COLOURS.scenario, fillOpacity: 0.18 }),
        Plot.lineY(base, { x: "day", y: "mean", stroke: COLOURS.baseline, strokeWidth: 2, strokeDasharray: "5,3" }),
        Plot.lineY(scen, { x: "day", y: "mean", stroke: COLOURS.scenario, strokeWidth: 2 }),
        Plot.tip(scen.concat(base), Plot.pointerX({
          x: "day", y: "mean",
          title: (d) => `${d.who}\n${tr("day")} ${fmtNum(d.day, 0)}: ${tickFormat(s)(d.mean)}`,
        })),
      ],
    });
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", title);
    const fig = el("figure", { class: "series-chart", "data-id": s.id, "data-metric": s.metric },
      el("figcaption", { title: indicatorLabel(s.metric, s.label) + "\n" + explain(s.metric) }, title), chart);
    grid.append(fig);
  }
  grid.append(el("p", { class: "legend" },
    el("span", { class: "swatch", style: `background:${COLOURS.scenario}` }), " " + result.scenario + "   ",
    el("span", { class: "swatch dashed", style: `border-color:${COLOURS.baseline}` }), " " + result.baseline));
}
