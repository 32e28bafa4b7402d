// main — the explorer page: state, controls, runs, views.
//
// State: the chosen scenario and reference, the user's overrides of the
// scenario (`set`, path -> value), the run fields (replicates, days,
// warm-up) and the last run's answer. Every change of a lever or field asks
// for a run (debounced); while a run is in flight a new request waits for it
// and then runs once with the latest state, so the server never has more
// than one run of this page at a time. The views draw the last answer; a view
// not on screen is drawn when its tab is chosen.
//
// For the browser tests the page exposes its state on <body>:
// data-run-state (idle / running / done / error), data-run-seq (runs
// answered) and window.wijksimTimings (ms from the change to the drawn view).

import * as api from "./api.js";
import {
  tr, setLang, getLang, onLangChange, fmtNum, metricLabel,
} from "./i18n.js";
import { el } from "./dom.js";
import { leverControl, leverForPath, schemaEntry, isScalarType } from "./levers.js";
import { EXERCISES } from "./exercises.js";
import { renderIndicators } from "./views/indicators.js";
import { renderSeries } from "./views/series.js";
import { renderNetwork, stopNetwork } from "./views/network.js";
import { renderFlow } from "./views/flow.js";

const $ = (id) => document.getElementById(id);

const state = {
  schema: null,
  scenarios: [],
  byName: new Map(),
  scenario: null,
  baseline: null,
  set: {},
  added: [],
  fields: {},
  warmupMode: "none",
  result: null,
  view: "indicators",
  drawn: new Set(),
  highlight: [],
  inFlight: false,
  pending: false,
  changedAt: null,
  seq: 0,
  exerciseMarkdown: null,
  status: null,
  pathValues: new Map(),
};
window.wijksimTimings = [];

// ---------------------------------------------------------------------------
// static text

function applyStaticText() {
  for (const node of document.querySelectorAll("[data-t]")) {
    node.textContent = tr(node.dataset.t);
  }
  document.title = tr("title");
  for (const b of document.querySelectorAll(".lang button")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === getLang()));
  }
}

// ---------------------------------------------------------------------------
// scenarios and what they change

function scenarioDescription(s) {
  if (!s) return "";
  return (getLang() === "nl" && s.description_nl) || s.description || "";
}

function fillSelect(select, chosen) {
  select.replaceChildren();
  for (const s of state.scenarios) {
    select.append(el("option", { value: s.name, selected: s.name === chosen }, s.name));
  }
  select.value = chosen;
}

function valueWords(v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "boolean") return v ? tr("on") : tr("off");
  if (typeof v === "number") return fmtNum(v, Number.isInteger(v) ? 0 : undefined);
  if (Array.isArray(v)) return v.map(valueWords).join(", ");
  return String(v);
}

function settingMeaning(path) {
  const entry = state.schema && schemaEntry(state.schema.settings, path);
  return entry ? (getLang() === "nl" && entry.meaning_nl) || entry.meaning || "" : "";
}

function renderChanges() {
  const s = state.byName.get(state.scenario);
  $("scenario-description").textContent = scenarioDescription(s);
  const list = $("changes-list");
  list.replaceChildren();
  const baseName = s && s.base ? s.base : null;
  $("changes-title").textContent = tr("what_changes", { base: baseName || "–" });
  if (!s) return;
  if (!baseName) {
    list.append(el("li", { class: "muted" }, tr("not_served_base")));
    return;
  }
  if (!s.changes || !s.changes.length) {
    list.append(el("li", { class: "muted" }, tr("no_changes", { base: baseName })));
    return;
  }
  for (const c of s.changes) {
    let text;
    if (c.base_value === null && typeof c.value === "string" && c.value.includes("{")) text = tr("role_added");
    else if (c.value === null) text = tr("role_removed");
    else text = `${valueWords(c.value)} (${tr("was", { v: valueWords(c.base_value) })})`;
    const meaning = settingMeaning(c.path);
    list.append(el("li", { title: meaning },
      el("code", {}, c.path), ": ", text,
      meaning ? el("span", { class: "meaning" }, " — " + meaning) : ""));
  }
}

// ---------------------------------------------------------------------------
// levers

function leverOwnValue(lever) {
  const s = state.byName.get(state.scenario);
  const values = (s && s.lever_values) || {};
  if (lever.field) return runField(lever.field);
  if (lever.path) return lever.path in values ? values[lever.path] : undefined;
  if (lever.on) {
    const on = Object.entries(lever.on).every(([p, v]) => values[p] === v);
    const exists = Object.keys(lever.on).some((p) => values[p] !== null && values[p] !== undefined);
    return exists ? on : null;
  }
  return undefined;
}

function leverCurrent(lever) {
  if (lever.field) return runField(lever.field);
  if (lever.path && lever.path in state.set) return state.set[lever.path];
  if (lever.on) {
    const keys = Object.keys(lever.on);
    if (keys.length && keys.every((p) => p in state.set)) {
      return keys.every((p) => state.set[p] === lever.on[p]);
    }
  }
  return leverOwnValue(lever);
}

function leverChanged(lever) {
  if (lever.field) return false;
  if (lever.path) return lever.path in state.set;
  if (lever.on) return Object.keys(lever.on).some((p) => p in state.set);
  return false;
}

function setLever(lever, v) {
  if (lever.field) {
    state.fields[lever.field] = v;
  } else if (lever.path) {
    state.set[lever.path] = v;
  } else if (lever.on) {
    for (const p of Object.keys(lever.on)) delete state.set[p];
    for (const p of Object.keys(lever.off || {})) delete state.set[p];
    Object.assign(state.set, v ? lever.on : lever.off || {});
  }
  state.changedAt = performance.now();
  renderLevers();
  requestRun();
}

function runField(name) {
  if (name in state.fields) return state.fields[name];
  const d = (state.schema && state.schema.run_defaults) || {};
  return d[name];
}

function leverGroups() {
  const levers = (state.schema && state.schema.levers) || [];
  const have = new Set(levers.map((l) => l.field).filter(Boolean));
  const limits = (state.schema && state.schema.limits) || {};
  const extra = [];
  if (!have.has("replicates")) {
    extra.push({ id: "replicates", kind: "slider", field: "replicates", min: 2, max: Math.min(50, limits.replicates || 50), step: 1, group: "run", label_en: "Replicates", label_nl: "Herhalingen", meaning: "independent runs of each scenario on common random numbers: more gives narrower intervals and takes longer", meaning_nl: "onafhankelijke herhalingen van elk scenario met gedeelde toevalsgetallen: meer geeft smallere intervallen en duurt langer" });
  }
  if (!have.has("days")) {
    extra.push({ id: "days", kind: "slider", field: "days", min: 28, max: Math.min(1825, limits.days || 1825), step: 7, group: "run", unit: getLang() === "nl" ? "dagen" : "days", label_en: "Days shown", label_nl: "Getoonde dagen", meaning: "days simulated and reported after the warm-up", meaning_nl: "dagen die na de aanloop worden doorgerekend en getoond" });
  }
  const groups = new Map();
  for (const l of extra.concat(levers)) {
    const g = l.field ? "run" : l.group || "other";
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(l);
  }
  return groups;
}

function renderLevers() {
  const root = $("levers");
  const focused = document.activeElement && document.activeElement.id;
  root.replaceChildren();
  const s = state.byName.get(state.scenario);
  for (const [group, levers] of leverGroups()) {
    const fs = el("fieldset", { class: "lever-group", "data-group": group },
      el("legend", {}, tr("lever_group_" + group) !== "lever_group_" + group ? tr("lever_group_" + group) : group));
    if (group === "run") fs.append(warmupControl(s));
    for (const lever of levers) {
      const own = leverOwnValue(lever);
      fs.append(leverControl(lever, {
        current: leverCurrent(lever), own, changed: leverChanged(lever),
        disabled: !lever.field && own === null,
        onChange: (v) => setLever(lever, v),
      }));
    }
    root.append(fs);
  }
  if (state.added.length) {
    const fs = el("fieldset", { class: "lever-group", "data-group": "added" }, el("legend", {}, tr("lever_group_added")));
    for (const path of state.added) {
      const entry = schemaEntry(state.schema.settings, path);
      // the scenario's own value (GET /api/scenarios/NAME/value), else the
      // schema's default until it has come; null: not in this scenario
      const key = state.scenario + "|" + path;
      const known = state.pathValues.has(key);
      const own = known ? state.pathValues.get(key) : entry ? entry.default : null;
      const lever = leverForPath(path, entry, path in state.set ? state.set[path] : own);
      fs.append(leverControl(lever, {
        current: path in state.set ? state.set[path] : own,
        own: known ? own : undefined, changed: path in state.set,
        disabled: known && own === null,
        onChange: (v) => setLever(lever, v),
        onRemove: () => {
          state.added = state.added.filter((p) => p !== path);
          const had = path in state.set;
          delete state.set[path];
          renderLevers();
          if (had) requestRun();
        },
      }));
    }
    root.append(fs);
  }
  if (focused && $(focused)) $(focused).focus();
}

// Fetch the chosen scenario's value of every added path not known yet, then
// draw the levers again.
async function fetchPathValues() {
  const name = state.scenario;
  const missing = state.added.filter((p) => !state.pathValues.has(name + "|" + p));
  if (!missing.length) return;
  await Promise.all(missing.map(async (path) => {
    try {
      const url = `/api/scenarios/${encodeURIComponent(name)}/value?path=${encodeURIComponent(path)}`;
      const answer = await api.getJson(url);
      state.pathValues.set(name + "|" + path, answer.value);
    } catch (e) {
      // an older server without this call: keep the schema's default
    }
  }));
  if (state.scenario === name) renderLevers();
}

function warmupControl(s) {
  const own = s ? s.warmup_days || 0 : 0;
  const select = el("select", { id: "warmup-select", "aria-describedby": "warmup-help" },
    el("option", { value: "none", selected: state.warmupMode === "none" }, tr("warmup_none")),
    own > 0 ? el("option", { value: "file", selected: state.warmupMode === "file" }, tr("warmup_file", { d: fmtNum(own, 0) })) : null);
  select.addEventListener("change", () => {
    state.warmupMode = select.value;
    state.changedAt = performance.now();
    requestRun();
  });
  return el("div", { class: "lever" },
    el("div", { class: "lever-head" }, el("label", { for: "warmup-select" }, tr("warmup"))), select,
    el("p", { id: "warmup-help", class: "lever-meaning" }, tr("warmup_help")));
}

function warmupDays() {
  const s = state.byName.get(state.scenario);
  if (state.warmupMode === "file" && s) return s.warmup_days || 0;
  if (typeof state.warmupMode === "number") return state.warmupMode;
  return runField("warmup_days") || 0;
}

function setupAddSetting() {
  const list = $("setting-paths");
  for (const s of state.schema.settings) {
    if (!isScalarType(s.type)) continue;
    list.append(el("option", { value: s.path.replace("roles.[]", "roles.huisarts") }));
  }
  $("add-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const path = $("add-path").value.trim();
    const entry = schemaEntry(state.schema.settings, path);
    if (!entry || path.includes("[]")) {
      $("add-error").textContent = tr("unknown_path", { p: path });
      return;
    }
    $("add-error").textContent = "";
    if (!state.added.includes(path)) state.added.push(path);
    $("add-path").value = "";
    renderLevers();
    fetchPathValues();
  });
}

// ---------------------------------------------------------------------------
// runs

let debounce = null;
function requestRun() {
  if (debounce) clearTimeout(debounce);
  debounce = setTimeout(() => {
    debounce = null;
    if (state.inFlight) state.pending = true;
    else doRun();
  }, 120);
}

let tick = null;
function showRunning(t0) {
  document.body.dataset.runState = "running";
  const status = $("run-status");
  status.classList.add("running");
  const update = () => {
    status.textContent = tr("running") + " " + tr("elapsed", { s: fmtNum((performance.now() - t0) / 1000, 1) });
  };
  update();
  tick = setInterval(update, 100);
}

function buildRequest() {
  const req = {
    scenario: state.scenario,
    baseline: state.baseline,
    replicates: runField("replicates"),
    days: runField("days"),
    warmup_days: warmupDays(),
    set: { ...state.set },
  };
  for (const k of Object.keys(req)) if (req[k] === undefined) delete req[k];
  return req;
}

async function doRun() {
  state.inFlight = true;
  state.pending = false;
  const t0 = state.changedAt || performance.now();
  const started = performance.now();
  state.changedAt = null;
  showRunning(started);
  $("run-error").hidden = true;
  const req = buildRequest();
  try {
    const result = await api.run(req, { onBusy: () => { $("run-status").textContent = tr("busy_retry"); } });
    const fetched = performance.now();
    state.result = result;
    state.resultRequest = req;
    state.seq += 1;
    state.drawn.clear();
    drawView(state.view);
    // the view counts as updated once the browser has laid it out for painting
    await new Promise((r) => requestAnimationFrame(() => r()));
    const ms = performance.now() - t0;
    window.wijksimTimings.push({
      seq: state.seq, ms, request_ms: fetched - started, draw_ms: performance.now() - fetched,
      server_ms: result.elapsed_ms,
      replicates: result.replicates, days: result.days, scenario: result.scenario,
    });
    clearInterval(tick);
    $("run-status").classList.remove("running");
    state.status = {
      key: "done_in",
      kw: () => ({
        n: result.replicates, days: fmtNum(result.days, 0), res: fmtNum(result.residents, 0),
        s: fmtNum(ms / 1000, 2), srv: fmtNum((result.elapsed_ms || 0) / 1000, 2),
      }),
    };
    showStatus();
    setDownloads(result);
    document.body.dataset.runSeq = String(state.seq);
    document.body.dataset.runState = "done";
  } catch (e) {
    clearInterval(tick);
    $("run-status").classList.remove("running");
    state.status = { key: "error", kw: () => ({}) };
    showStatus();
    $("run-error").hidden = false;
    $("run-error").textContent = tr("run_failed", { msg: e.message });
    document.body.dataset.runState = "error";
  } finally {
    state.inFlight = false;
    if (state.pending) doRun();
  }
}

// The last run's line at the top right, in the current language.
function showStatus() {
  if (state.status) $("run-status").textContent = tr(state.status.key, state.status.kw());
}

function setDownloads(result) {
  const d = result.downloads || {};
  const links = [["dl-h5", d.h5], ["dl-cfg", d.cfg], ["dl-base-cfg", d.baseline_cfg]];
  for (const [id, href] of links) {
    const a = $(id);
    if (href) {
      a.href = href;
      a.classList.remove("disabled");
      a.removeAttribute("aria-disabled");
    } else {
      a.removeAttribute("href");
      a.classList.add("disabled");
      a.setAttribute("aria-disabled", "true");
    }
  }
}

// ---------------------------------------------------------------------------
// views

const VIEWS = {
  indicators: (root, r) => renderIndicators(root, r, state.highlight,
    Object.keys((state.resultRequest && state.resultRequest.set) || {}).length),
  series: renderSeries,
  network: renderNetwork,
  flow: renderFlow,
};

function drawView(view) {
  const root = $("view-" + view);
  if (!state.result) {
    root.replaceChildren(el("p", { class: "muted" }, tr("no_run")));
    return;
  }
  if (view !== "network") stopNetwork();
  VIEWS[view](root, state.result);
  state.drawn.add(view);
}

function selectView(view, focus = false) {
  state.view = view;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on && focus) tab.focus();
  }
  for (const name of Object.keys(VIEWS)) $("view-" + name).hidden = name !== view;
  if (!state.drawn.has(view)) drawView(view);
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectView(tab.dataset.view));
    tab.addEventListener("keydown", (ev) => {
      const i = tabs.indexOf(tab);
      if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
        const next = tabs[(i + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        selectView(next.dataset.view, true);
        ev.preventDefault();
      }
    });
  }
}

// ---------------------------------------------------------------------------
// things to try

function renderExercises() {
  const root = $("exercises");
  root.replaceChildren();
  const lang = getLang();
  for (const ex of EXERCISES) {
    const det = el("details", { class: "exercise", "data-exercise": ex.id },
      el("summary", {}, ex.title[lang]),
      el("p", { class: "point" }, ex.point[lang]));
    ex.steps.forEach((step, i) => {
      const possible = state.byName.has(step.setup.scenario) && state.byName.has(step.setup.baseline);
      const button = el("button", {
        type: "button", class: "setup", disabled: !possible,
        "data-exercise-step": `${ex.id}-${i}`,
        on: { click: () => applySetup(step.setup) },
      }, tr("set_up"));
      const sets = Object.entries(step.setup.set || {}).map(([p, v]) => `${p} = ${valueWords(v)}`);
      det.append(el("div", { class: "step" },
        el("p", {}, step.text[lang]),
        el("p", { class: "setup-line" }, button, " ",
          el("span", { class: "muted" }, `${step.setup.scenario} ↔ ${step.setup.baseline}` + (sets.length ? "; " + sets.join(", ") : ""))),
        step.setup.look && step.setup.look.length
          ? el("p", { class: "look" }, tr("look_at") + ": " + step.setup.look.map((m) => reportLabel(m)).join(", "))
          : ""));
    });
    root.append(det);
  }
}

// The report's label without its explanation in brackets.
function reportLabel(metric) {
  return metricLabel(metric).split(" (")[0];
}

function applySetup(setup) {
  state.scenario = setup.scenario;
  state.baseline = setup.baseline;
  state.set = { ...(setup.set || {}) };
  // a set path that no lever has becomes one of "your settings"
  const leverPaths = new Set(((state.schema && state.schema.levers) || []).map((l) => l.path).filter(Boolean));
  state.added = Object.keys(state.set).filter((p) => !leverPaths.has(p));
  state.warmupMode = setup.warmup === "file" ? "file" : typeof setup.warmup === "number" ? setup.warmup : "none";
  if (typeof state.warmupMode === "number" && state.warmupMode === 0) state.warmupMode = "none";
  const s = state.byName.get(setup.scenario);
  if (s && s.days) state.fields.days = s.days;
  state.highlight = setup.look || [];
  fillSelect($("scenario-select"), state.scenario);
  fillSelect($("baseline-select"), state.baseline);
  renderChanges();
  renderLevers();
  fetchPathValues();
  selectView(setup.view || "indicators");
  state.changedAt = performance.now();
  requestRun();
}

async function loadExerciseText() {
  try {
    const ex = await api.exercises();
    state.exerciseMarkdown = ex;
  } catch (e) {
    state.exerciseMarkdown = null;
  }
  renderExerciseText();
}

function renderExerciseText() {
  const root = $("exercise-markdown");
  const ex = state.exerciseMarkdown;
  root.replaceChildren();
  if (!ex) return;
  const nl = getLang() === "nl" && ex.markdown_nl;
  root.lang = nl ? "nl" : "en";
  root.append(el("pre", {}, nl ? ex.markdown_nl : ex.markdown_en || ""));
  document.querySelector('#exercise-text [data-t="full_text_en_only"]').hidden = !!nl || getLang() === "en";
}

// ---------------------------------------------------------------------------
// start

async function start() {
  const urlLang = new URLSearchParams(location.search).get("lang");
  // Dutch unless the address asks otherwise (?lang=en): the page is for a gemeente.
  setLang(urlLang === "en" ? "en" : "nl");
  applyStaticText();
  if (!window.d3 || !window.Plot || !window.d3.sankey) $("libs-missing").hidden = false;
  setupTabs();
  for (const b of document.querySelectorAll(".lang button")) {
    b.addEventListener("click", () => setLang(b.dataset.lang));
  }
  onLangChange(() => {
    applyStaticText();
    renderChanges();
    renderLevers();
    renderExercises();
    renderExerciseText();
    state.drawn.clear();
    if (state.result) {
      drawView(state.view);
      if (!state.inFlight) showStatus();
    }
  });
  try {
    const [schema, scen] = await Promise.all([api.schema(), api.scenarios()]);
    state.schema = schema;
    state.scenarios = scen.scenarios;
    state.byName = new Map(scen.scenarios.map((s) => [s.name, s]));
    state.scenario = scen.default_scenario || scen.scenarios[0].name;
    state.baseline = scen.default_baseline || state.scenario;
  } catch (e) {
    $("run-error").hidden = false;
    $("run-error").textContent = tr("run_failed", { msg: e.message });
    document.body.dataset.runState = "error";
    return;
  }
  fillSelect($("scenario-select"), state.scenario);
  fillSelect($("baseline-select"), state.baseline);
  $("scenario-select").addEventListener("change", (ev) => {
    state.scenario = ev.target.value;
    const s = state.byName.get(state.scenario);
    state.set = {};
    if (s && s.base && state.byName.has(s.base)) {
      state.baseline = s.base;
      fillSelect($("baseline-select"), state.baseline);
    }
    if (state.warmupMode === "file" && !(s && s.warmup_days)) state.warmupMode = "none";
    state.highlight = [];
    renderChanges();
    renderLevers();
    fetchPathValues();
    state.changedAt = performance.now();
    requestRun();
  });
  $("baseline-select").addEventListener("change", (ev) => {
    state.baseline = ev.target.value;
    state.changedAt = performance.now();
    requestRun();
  });
  $("reset-levers").addEventListener("click", () => {
    state.set = {};
    state.fields = {};
    state.changedAt = performance.now();
    renderLevers();
    requestRun();
  });
  setupAddSetting();
  renderChanges();
  renderLevers();
  renderExercises();
  loadExerciseText();
  selectView("indicators");
  doRun();
}

start();
