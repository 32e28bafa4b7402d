// dom — small helpers to build HTML and SVG, and the page's colours.

// Okabe & Ito's colour-blind-safe palette (Color Universal Design).
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
export const COLOURS = {
  scenario: "#0072B2", // blue
  baseline: "#E69F00", // orange
  better: "#0072B2",
  worse: "#D55E00", // vermillion
  neutral: "#6b6b6b",
  formal: "#0072B2",
  informal: "#009E73", // bluish green
};

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") {
      for (const [ev, f] of Object.entries(v)) node.addEventListener(ev, f);
    } else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
export function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    node.setAttribute(k, String(v));
  }
  return node;
}
