// levers — sliders and switches built from /api/schema `levers` (web/levers.json):
// each with its meaning, unit and range; a lever whose setting the chosen
// scenario lacks is shown disabled. Settings added by path get a control of
// their own (from the schema entry of that path: type, range, meaning).
//
// A slider reports a change when it is let go (the `change` event), not
// while it moves; the page then reruns. The value shown is the scenario's
// own unless the user changed it (marked "changed by you").

import { tr, getLang, fmtNum, autoDecimals } from "./i18n.js";
import { el } from "./dom.js";

// The schema entry of a concrete path: roles.huisarts.fte_per_1000 matches
// roles.[].fte_per_1000 (a list element named in the path).
export function schemaEntry(settings, path) {
  const exact = settings.find((s) => s.path === path);
  if (exact) return exact;
  const parts = path.split(".");
  return settings.find((s) => {
    const sp = s.path.split(".");
    if (sp.length !== parts.length) return false;
    return sp.every((p, i) => p === parts[i] || p === "[]");
  }) || null;
}

export function isScalarType(type) {
  return ["boolean", "integer", "float", "string", "64-bit integer"].includes(type) || (type || "").startsWith("array");
}

function decimalsOfStep(step) {
  if (!step || step >= 1) return 0;
  return Math.min(4, Math.ceil(-Math.log10(step) - 1e-9));
}

function leverLabel(lever) {
  return (getLang() === "nl" ? lever.label_nl : lever.label_en) || lever.label_en || lever.label || lever.path || lever.id;
}

function meaningOf(lever) {
  return (getLang() === "nl" ? lever.meaning_nl : null) || lever.meaning || "";
}

function unitOf(lever) {
  return (getLang() === "nl" ? lever.unit_nl : null) || lever.unit || "";
}

// A unit short enough to stand after the number; a longer one ("0 open
// door, 1 unreachable") is an explanation and goes below the slider.
function shortUnit(lever) {
  const u = unitOf(lever);
  return u.length <= 14 ? u : "";
}

function valueText(lever, v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "boolean") return v ? tr("on") : tr("off");
  if (typeof v !== "number") return String(v);
  const d = lever.step ? decimalsOfStep(lever.step) : autoDecimals(v);
  const u = shortUnit(lever);
  return fmtNum(v, d) + (u ? "\u00a0" + u : "");
}

// One control. `current` the value shown, `own` the scenario's value (null:
// the setting does not exist here), `changed` whether the user set it.
// onChange(value) is called on release / toggle.
export function leverControl(lever, { current, own, changed, disabled, onChange, onRemove }) {
  const id = "lever-" + (lever.id || lever.path).replace(/[^A-Za-z0-9_-]/g, "_");
  const wrap = el("div", {
    class: "lever" + (changed ? " changed" : "") + (disabled ? " disabled" : ""),
    "data-lever": lever.id || lever.path, "data-path": lever.path || "", "data-field": lever.field || "",
  });
  const meaning = meaningOf(lever);
  const descId = id + "-desc";
  const head = el("div", { class: "lever-head" });
  const out = el("output", { id: id + "-out", for: id, class: "lever-value" }, valueText(lever, current));
  if (lever.kind === "switch") {
    const input = el("input", {
      type: "checkbox", id, role: "switch", checked: !!current, disabled: !!disabled,
      "aria-describedby": descId,
    });
    input.addEventListener("change", () => {
      out.textContent = valueText(lever, input.checked);
      onChange(input.checked);
    });
    head.append(el("label", { for: id, class: "switch-label" }, input, " ", leverLabel(lever)), out);
  } else if (lever.kind === "text") {
    const input = el("input", { type: "text", id, value: current ?? "", disabled: !!disabled, "aria-describedby": descId, spellcheck: "false" });
    input.addEventListener("change", () => onChange(parseLiteral(input.value)));
    head.append(el("label", { for: id }, leverLabel(lever)), input);
  } else {
    const min = lever.min ?? 0;
    const max = lever.max ?? Math.max(1, 2 * (Number(current) || 1));
    const step = lever.step ?? (lever.type === "integer" ? 1 : (max - min) / 100);
    const input = el("input", {
      type: "range", id, min, max, step, value: current ?? min, disabled: !!disabled,
      "aria-describedby": descId, "aria-valuetext": valueText(lever, current),
    });
    input.addEventListener("input", () => {
      const v = Number(input.value);
      out.textContent = valueText(lever, v);
      input.setAttribute("aria-valuetext", valueText(lever, v));
    });
    input.addEventListener("change", () => onChange(Number(input.value)));
    head.append(el("label", { for: id }, leverLabel(lever)), out);
    wrap.append(head, input,
      el("div", { class: "range-ends", "aria-hidden": "true" }, el("span", {}, valueText(lever, Number(min))), el("span", {}, valueText(lever, Number(max)))));
  }
  if (!wrap.contains(head)) wrap.append(head);
  const notes = [];
  if (disabled) notes.push(tr("not_in_scenario"));
  else if (changed) notes.push(tr("changed_by_you") + (own !== undefined && own !== null ? " · " + tr("was", { v: valueText(lever, own) }) : ""));
  const longUnit = unitOf(lever) && !shortUnit(lever) ? unitOf(lever) : "";
  wrap.append(el("p", { id: descId, class: "lever-meaning" }, longUnit ? el("span", { class: "long-unit" }, longUnit + ". ") : "", meaning, notes.length ? el("em", {}, " (" + notes.join("; ") + ")") : ""));
  if (onRemove) {
    wrap.append(el("button", { type: "button", class: "link remove", on: { click: onRemove } }, tr("remove")));
  }
  return wrap;
}

// A text field's value as JSON for `set`: number, boolean or string.
export function parseLiteral(text) {
  const t = String(text).trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t !== "" && !Number.isNaN(Number(t))) return Number(t);
  return t.replace(/^"(.*)"$/, "$1");
}

// A lever for a setting added by path, from its schema entry.
export function leverForPath(path, entry, own) {
  const type = entry ? entry.type : "float";
  if (type === "boolean") return { id: "path:" + path, path, kind: "switch", label_en: path, label_nl: path, meaning: entry && entry.meaning, meaning_nl: entry && entry.meaning_nl, type };
  if (type === "integer" || type === "float" || type === "64-bit integer") {
    let min = entry && entry.min !== null && entry.min !== undefined ? entry.min : 0;
    let max = entry && entry.max !== null && entry.max !== undefined ? entry.max : null;
    const v = typeof own === "number" ? own : 0;
    // A schema range like 0..1e12 makes a useless slider: centre it on the value.
    if (max === null || max - min > 1000 * Math.max(1, Math.abs(v))) max = Math.max(min + 1, v > 0 ? 4 * v : 10);
    if (min < 0 && v >= 0 && -min > 1000 * Math.max(1, Math.abs(v))) min = 0;
    const step = type === "float" ? niceStep((max - min) / 200) : 1;
    return { id: "path:" + path, path, kind: "slider", label_en: path, label_nl: path, min, max, step, unit: entry && entry.unit, meaning: entry && entry.meaning, meaning_nl: entry && entry.meaning_nl, type };
  }
  return { id: "path:" + path, path, kind: "text", label_en: path, label_nl: path, meaning: entry && entry.meaning, meaning_nl: entry && entry.meaning_nl, type };
}

function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return raw;
}
