// format — indicator values and differences in their own units, as the report
// writes them (analysis/wijksim_analysis/fmt.py): shares as %, their
// differences in percentage points; euro as € (mln); health in points; waits
// in days; indicators with a relative minimal relevant difference also as a
// percentage of the reference.

import { fmtNum, fmtSigned, getLang, tr, unitName, SHARES, MRD } from "./i18n.js";
import { AXIS_UNIT } from "./labels.js";

export const isShare = (metric, row) => (row && row.share !== undefined ? row.share : SHARES.includes(metric));

export function mrdOf(row) {
  if (row && row.mrd !== undefined) return row.mrd; // from /api/schema
  const m = MRD[row.metric];
  return m ? { kind: m[0], value: m[1] } : null;
}

export function value(row, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const lang = getLang();
  if (isShare(row.metric, row)) return fmtNum(100 * v, 1) + "%";
  if (row.units === "euro") {
    if (Math.abs(v) >= 1e6) return "€\u00a0" + fmtNum(v / 1e6, 2) + "\u00a0" + (lang === "en" ? "million" : "mln");
    return "€\u00a0" + fmtNum(v, 0);
  }
  if (row.metric === "health") return fmtNum(v, 2);
  const u = unitName(row.units);
  return fmtNum(v) + (u ? "\u00a0" + u : "");
}

// Scale factor and unit text for a difference: (factor, unit) so that the
// shown number is diff * factor.
export function diffScale(row) {
  if (isShare(row.metric, row)) return { factor: 100, unit: AXIS_UNIT.pp_short[getLang()], decimals: 1 };
  if (row.metric === "health") return { factor: 1, unit: getLang() === "en" ? "points" : "punt", decimals: 2 };
  if (row.units === "euro") return { factor: 1, unit: "euro", decimals: 0 };
  return { factor: 1, unit: unitName(row.units), decimals: undefined };
}

export function diffText(row, d) {
  if (!d || d.mean === null || d.mean === undefined) return "–";
  const s = diffScale(row);
  const dec = s.decimals !== undefined ? s.decimals : Math.max(1, decimalsFor(d));
  const tail = s.unit ? "\u00a0" + s.unit : "";
  let text = fmtSigned(d.mean * s.factor, dec) + tail;
  const base = row.baseline ? row.baseline.mean : null;
  const m = mrdOf(row);
  if (m && m.kind === "rel" && base) {
    text += " (" + fmtSigned((100 * d.mean) / Math.abs(base), 1) + "%)";
  }
  return text;
}

function decimalsFor(d) {
  const size = Math.max(Math.abs(d.mean || 0), Math.abs(d.lo || 0), Math.abs(d.hi || 0));
  return size >= 100 ? 0 : size >= 10 ? 1 : size >= 0.1 ? 2 : 3;
}

export function intervalText(row, d) {
  if (!d || d.lo === null || d.lo === undefined || d.hi === null) return tr("no_interval");
  const s = diffScale(row);
  const dec = s.decimals !== undefined ? s.decimals : Math.max(1, decimalsFor(d));
  const to = getLang() === "nl" ? "tot" : "to";
  return fmtSigned(d.lo * s.factor, dec) + " " + to + " " + fmtSigned(d.hi * s.factor, dec);
}

export function thresholdText(row) {
  if (row.threshold === null || row.threshold === undefined) return tr("no_mrd");
  const s = diffScale(row);
  const dec = s.decimals !== undefined ? s.decimals : undefined;
  return fmtNum(row.threshold * s.factor, dec) + (s.unit ? "\u00a0" + s.unit : "");
}

// Which way is better: +1 higher, -1 lower, 0 it depends (more informal care
// can be self-reliance or overload; occupancy near 100% is full, low is idle).
const BETTER = {
  early_share: 1, early_share_somatic: 1, early_share_social: 1,
  informal_hours: 0, hours_used: 0, care_unmet_hours: -1,
  formal_hours: 0, formal_load: 0, utilisation: 0,
  referrals: 0, referrals_failed: -1, task_shifts: 0, mdo_held: 0,
  network_density: 1, network_phase: 1,
  wait_days: -1, needs_turned_away: -1, escalations_total: -1,
  carers_overloaded: -1, carer_breakdowns: -1, health: 1,
  cost_total: -1, cost_capacity: -1, cost_second_line: -1, cost_formal: 0,
};
export const betterDirection = (metric) => BETTER[metric] || 0;
