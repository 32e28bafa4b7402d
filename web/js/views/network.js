// network view — the roles of the wijk as nodes, what passes between two
// roles as lines, over the run: a slider and a play button step through the
// output intervals; the strip above shows the toolbox phase (verkennen,
// vormgeven, verdiepen, verankeren) and the density in that interval.
//
// The layout is computed once per run (d3-force, on the hand-overs of the
// whole run), so that during the animation only the lines change: a reader
// sees ties strengthen and weaken, not nodes jumping about. A line's width is
// the tie strength when the API gives one (`tie`), else the hand-overs
// (referrals and task shifts) in the interval.

import { tr, roleName, phaseName, fmtNum } from "../i18n.js";
import { COLOURS, el, svgEl } from "../dom.js";

const W = 720;
const H = 470;
let timer = null;

function stop() {
  if (timer) clearInterval(timer);
  timer = null;
}

function layout(roles, edges) {
  const nodes = roles.map((r, i) => ({
    id: r.name, formal: r.formal !== false,
    x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / roles.length),
    y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / roles.length),
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to)
    .map((e) => ({ source: e.from, target: e.to, total: e.total || 0 }));
  if (window.d3 && d3.forceSimulation) {
    const max = Math.max(1, ...links.map((l) => l.total));
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((d) => d.id).distance((l) => 190 - 90 * Math.sqrt(l.total / max)).strength(0.25))
      .force("charge", d3.forceManyBody().strength(-520))
      .force("collide", d3.forceCollide(46))
      .force("x", d3.forceX(W / 2).strength(0.06))
      .force("y", d3.forceY(H / 2).strength(0.09))
      .stop();
    for (let i = 0; i < 300; i++) sim.tick();
  }
  for (const n of nodes) {
    n.x = Math.max(70, Math.min(W - 70, n.x));
    n.y = Math.max(34, Math.min(H - 30, n.y));
  }
  return byId;
}

// Undirected pairs: both directions of hand-overs on one line.
function pairs(edges) {
  const map = new Map();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const key = [e.from, e.to].sort().join("|");
    if (!map.has(key)) map.set(key, { a: [e.from, e.to].sort()[0], b: [e.from, e.to].sort()[1], dirs: [] });
    map.get(key).dirs.push(e);
  }
  return [...map.values()];
}

function valueAt(pair, i, useTie) {
  let v = 0;
  for (const e of pair.dirs) {
    const arr = useTie ? e.tie : e.weight;
    if (!arr) continue;
    const x = arr[Math.min(i, arr.length - 1)];
    v = useTie ? Math.max(v, x || 0) : v + (x || 0);
  }
  return v;
}

export function renderNetwork(root, result, state = {}) {
  stop();
  root.replaceChildren();
  const net = result.network;
  if (!net) return;
  const which = state.which || "scenario";
  const side = net[which] || net.scenario;
  const useTie = side.edges.some((e) => Array.isArray(e.tie));
  // As in the series: a last interval shorter than the others is left out
  // (one day of hand-overs next to weeks would look like the network fading).
  const time = result.time || [];
  let n = time.length || (side.phase || []).length;
  const every = result.output_every || (time.length > 1 ? time[1] - time[0] : 0);
  if (time.length > 2 && time[n - 1] - time[n - 2] < every) n -= 1;

  root.append(el("p", { class: "intro" }, tr("net_intro")));
  root.append(el("p", { class: "note" }, useTie ? tr("net_ties") : tr("net_no_ties")));

  // which side, time slider, play
  const sel = el("select", { id: "net-which", "aria-label": tr("show") },
    el("option", { value: "scenario", selected: which === "scenario" }, result.scenario),
    el("option", { value: "baseline", selected: which === "baseline" }, result.baseline));
  const slider = el("input", { type: "range", id: "net-time", min: 0, max: Math.max(0, n - 1), step: 1, value: n - 1, "aria-label": tr("day") });
  const dayText = el("output", { id: "net-day", for: "net-time" });
  const play = el("button", { type: "button", id: "net-play" }, tr("play"));
  root.append(el("div", { class: "net-controls" },
    el("label", {}, tr("show") + " ", sel), play, slider, dayText));

  // phase strip
  const strip = el("ol", { class: "phases", "aria-label": tr("phase") });
  for (let p = 1; p <= 4; p++) {
    strip.append(el("li", { "data-phase": p }, el("strong", {}, `${p}. ${tr("phase_" + p)}`), el("span", {}, tr("phase_expl_" + p))));
  }
  const density = el("p", { class: "density" });
  root.append(strip, density);

  // a role the shown scenario lacks is left out (in_scenario / in_baseline)
  const flag = which === "baseline" ? "in_baseline" : "in_scenario";
  const roles = net.roles.filter((r) => r[flag] !== false);
  const byId = layout(roles, side.edges);
  const ps = pairs(side.edges);
  let maxStep = 0;
  for (const p of ps) for (let i = 0; i < n; i++) maxStep = Math.max(maxStep, valueAt(p, i, useTie));
  if (useTie) maxStep = 1;
  maxStep = maxStep || 1;

  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img", "aria-label": tr("view_network") });
  const gLinks = svgEl("g", { class: "links" });
  const gNodes = svgEl("g", { class: "nodes" });
  svg.append(gLinks, gNodes);
  const lines = ps.map((p) => {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (!a || !b) return null;
    const line = svgEl("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "tie" });
    const title = svgEl("title");
    line.append(title);
    gLinks.append(line);
    return { p, line, title };
  }).filter(Boolean);

  const strength = new Map();
  for (const p of ps) {
    const tot = p.dirs.reduce((s, e) => s + (e.total || 0), 0);
    for (const id of [p.a, p.b]) strength.set(id, (strength.get(id) || 0) + tot);
  }
  const maxNode = Math.max(1, ...strength.values());
  for (const node of byId.values()) {
    const r = 12 + 16 * Math.sqrt((strength.get(node.id) || 0) / maxNode);
    const g = svgEl("g", { class: "node " + (node.formal ? "formal" : "informal"), transform: `translate(${node.x},${node.y})`, "data-role": node.id });
    g.append(svgEl("circle", { r, fill: node.formal ? COLOURS.formal : COLOURS.informal }));
    const label = svgEl("text", { y: r + 13, "text-anchor": "middle" });
    label.textContent = roleName(node.id);
    const title = svgEl("title");
    title.textContent = `${roleName(node.id)}: ${fmtNum(strength.get(node.id) || 0, 0)} ${tr("handovers_total")}`;
    g.append(title, label);
    gNodes.append(g);
  }
  root.append(svg);
  root.append(el("p", { class: "legend" },
    el("span", { class: "swatch round", style: `background:${COLOURS.formal}` }), " " + tr("formal_role") + "   ",
    el("span", { class: "swatch round", style: `background:${COLOURS.informal}` }), " " + tr("informal_role")));

  function show(i) {
    const day = result.time ? result.time[i] : i;
    dayText.value = tr("week_of", { d: fmtNum(day, 0), n: fmtNum(result.days || day, 0) });
    const phase = side.phase ? side.phase[i] : null;
    const pr = phase === null || phase === undefined ? 0 : Math.min(4, Math.max(1, Math.round(phase)));
    for (const li of strip.children) li.classList.toggle("current", Number(li.dataset.phase) === pr);
    const dens = side.density ? side.density[i] : null;
    density.textContent = `${tr("phase")}: ${phase === null || phase === undefined ? "–" : fmtNum(phase, 1) + " (" + phaseName(phase) + ")"} · ${tr("density")}: ${dens === null || dens === undefined ? "–" : fmtNum(100 * dens, 0) + "%"}`;
    for (const { p, line, title } of lines) {
      const v = valueAt(p, i, useTie);
      const w = v <= 0 ? 0 : 0.8 + 11 * (useTie ? v : Math.sqrt(v / maxStep));
      line.setAttribute("stroke-width", w.toFixed(2));
      line.setAttribute("opacity", v <= 0 ? 0 : 0.75);
      const dirs = p.dirs.map((e) => `${roleName(e.from)} → ${roleName(e.to)}: ${fmtNum(e.weight ? e.weight[Math.min(i, e.weight.length - 1)] : 0, 1)} ${tr("handovers")}; ${fmtNum(e.total || 0, 0)} ${tr("handovers_total")}`);
      title.textContent = dirs.join("\n") + (useTie ? `\n${tr("tie_label")} ${fmtNum(v, 2)}` : "");
    }
  }
  slider.addEventListener("input", () => { stop(); play.textContent = tr("play"); show(Number(slider.value)); });
  sel.addEventListener("change", () => renderNetwork(root, result, { which: sel.value }));
  play.addEventListener("click", () => {
    if (timer) { stop(); play.textContent = tr("play"); return; }
    if (Number(slider.value) >= n - 1) slider.value = 0;
    play.textContent = tr("pause");
    timer = setInterval(() => {
      const i = Number(slider.value) + 1;
      if (i > n - 1) { stop(); play.textContent = tr("play"); return; }
      slider.value = i;
      show(i);
    }, 140);
  });
  show(Math.max(0, n - 1));
}

export const stopNetwork = stop;
