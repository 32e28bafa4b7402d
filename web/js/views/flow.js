// flow view — the flow of needs over the run as a Sankey diagram (d3-sankey):
// signalling channel → first role → roles handed over to → outcome, from the
// layered graph of /api/run `flow` (means over replicates of run totals).
// Nodes are coloured by column, bands by the node they leave; the numbers
// are in each band's tooltip and in the table below the diagram, so a reader
// never has to read a width.

import { tr, shortRoleName, channelName, outcomeName, fmtNum } from "../i18n.js";
import { OKABE_ITO, el, svgEl } from "../dom.js";

const W = 1040;
const H = 560;
const COLUMN_COLOUR = [OKABE_ITO[4], OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[2]];
const OUTCOME_COLOUR = {
  resolved: "#009E73", resolved_self: "#56B4E9", escalated: "#D55E00", dropped: "#000000", turned_away: "#E69F00",
};

export function nodeName(node) {
  if (node.kind === "pool") return tr("pool_" + node.name) !== "pool_" + node.name ? tr("pool_" + node.name) : node.name.replace(/_/g, " ");
  if (node.kind === "channel") return channelName(node.name);
  if (node.kind === "outcome") return outcomeName(node.name);
  return shortRoleName(node.name);
}

function nodeColour(node) {
  if (node.kind === "pool") return "#8c8c8c";
  if (node.kind === "outcome") return OUTCOME_COLOUR[node.name] || "#6b6b6b";
  return COLUMN_COLOUR[node.column] || "#6b6b6b";
}

function draw(side) {
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "sankey", role: "img", "aria-label": tr("view_flow") });
  if (!window.d3 || !d3.sankey || !side || !side.nodes.length) return svg;
  const ids = new Set(side.nodes.map((n) => n.id));
  const graph = {
    nodes: side.nodes.map((n) => ({ ...n })),
    links: side.links.filter((l) => l.value > 0 && ids.has(l.source) && ids.has(l.target)).map((l) => ({ ...l })),
  };
  const sankey = d3.sankey().nodeId((d) => d.id).nodeAlign((d) => d.column)
    .nodeWidth(14).nodePadding(9).extent([[250, 26], [W - 230, H - 8]]);
  const { nodes, links } = sankey(graph);
  // Columns at set places, so that the labels of columns 1 and 2 (to the
  // right of their nodes) fit in the gap before the next column.
  const COLUMN_X = [250, 420, 610, 830];
  for (const n of nodes) {
    const w = n.x1 - n.x0;
    n.x0 = COLUMN_X[n.column] ?? n.x0;
    n.x1 = n.x0 + w;
  }
  for (let c = 0; c < 4; c++) {
    const xs = nodes.filter((n) => n.column === c);
    if (!xs.length) continue;
    const t = svgEl("text", { x: xs[0].x0 + 7, y: 14, "text-anchor": "middle", class: "col-title" });
    t.textContent = tr("flow_col_" + c);
    svg.append(t);
  }
  const gl = svgEl("g", { class: "links", fill: "none" });
  const path = d3.sankeyLinkHorizontal();
  for (const l of links) {
    const p = svgEl("path", {
      d: path(l), stroke: nodeColour(l.source), "stroke-opacity": 0.35,
      "stroke-width": Math.max(1, l.width), class: "flow-link",
    });
    const title = svgEl("title");
    title.textContent = `${nodeName(l.source)} → ${nodeName(l.target)}: ${fmtNum(l.value, 0)} ${tr("needs")}`;
    p.append(title);
    gl.append(p);
  }
  svg.append(gl);
  // Every node gets its label; in each column a label moves down just enough
  // not to overlap the one above it (small nodes sit close together).
  const labelY = new Map();
  let bottom = H;
  for (let c = 0; c < 4; c++) {
    let prev = -Infinity;
    for (const n of nodes.filter((m) => m.column === c).sort((a, b) => a.y0 - b.y0)) {
      const y = Math.max((n.y0 + n.y1) / 2, prev + 13);
      labelY.set(n, y);
      prev = y;
      bottom = Math.max(bottom, y + 10);
    }
  }
  svg.setAttribute("viewBox", `0 0 ${W} ${bottom}`);
  const gn = svgEl("g", { class: "nodes" });
  for (const n of nodes) {
    const g = svgEl("g", { class: "flow-node", "data-id": n.id });
    g.append(svgEl("rect", { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: Math.max(1, n.y1 - n.y0), fill: nodeColour(n) }));
    const left = n.column === 0;
    const label = svgEl("text", {
      x: left ? n.x0 - 6 : n.x1 + 6, y: labelY.get(n), dy: "0.35em",
      "text-anchor": left ? "end" : "start",
    });
    label.textContent = `${nodeName(n)} (${fmtNum(n.value, 0)})`;
    const title = svgEl("title");
    title.textContent = `${nodeName(n)}: ${fmtNum(n.value, 0)} ${tr("needs")}`;
    g.append(title, label);
    gn.append(g);
  }
  svg.append(gn);
  return svg;
}

function totalsTable(result) {
  const t = result.flow && result.flow.totals;
  if (!t) return null;
  const keys = ["signalled", "referrals", "task_shifts", "resolved", "resolved_self", "escalated", "dropped", "turned_away"];
  const table = el("table", { class: "totals" },
    el("caption", {}, tr("totals")),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", { class: "num" }, result.scenario), el("th", { class: "num" }, result.baseline))));
  const body = el("tbody");
  for (const k of keys) {
    if (!t.scenario || t.scenario[k] === undefined) continue;
    body.append(el("tr", {}, el("th", { scope: "row" }, tr("tot_" + k)),
      el("td", { class: "num" }, fmtNum(t.scenario[k], 0)),
      el("td", { class: "num" }, fmtNum(t.baseline ? t.baseline[k] : null, 0))));
  }
  table.append(body);
  return table;
}

export function renderFlow(root, result, state = {}) {
  root.replaceChildren();
  const flow = result.flow;
  if (!flow) return;
  const which = state.which || "scenario";
  root.append(el("p", { class: "intro" }, tr("flow_intro")));
  const sel = el("select", { id: "flow-which", "aria-label": tr("show") },
    el("option", { value: "scenario", selected: which === "scenario" }, result.scenario),
    el("option", { value: "baseline", selected: which === "baseline" }, result.baseline));
  sel.addEventListener("change", () => renderFlow(root, result, { which: sel.value }));
  root.append(el("div", { class: "net-controls" }, el("label", {}, tr("show") + " ", sel)));
  root.append(draw(flow[which] || flow.scenario));
  root.append(el("p", { class: "note" }, tr("flow_simplified")));
  const table = totalsTable(result);
  if (table) root.append(table);
}
