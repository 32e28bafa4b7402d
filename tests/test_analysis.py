#!/usr/bin/python3
"""Tests of the analysis tools (analysis/wijkdata.py, compare.py, plots.py, report.py).

Run:  /usr/bin/python3 tests/test_analysis.py      (exit status 0 = all passed)

Most tests use a small synthetic result file with known values (built in a
temporary folder by make_synthetic): scenarios "baseline" and "alt", 4
replicates, 3 output intervals of 7 days, roles huisarts (formal) and
mantelzorger (informal), two channels, two need types.  Every expected number
below is worked out by hand in the comment beside it.  If the wijksim binary
exists ($WIJKSIM, else bin/wijksim), one small real run goes end to end
through compare.py and report.py.
"""

import base64
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ANALYSIS = os.path.join(ROOT, "analysis")
sys.path.insert(0, ANALYSIS)

import wijkdata  # noqa: E402
import labels  # noqa: E402
import plots  # noqa: E402
import report  # noqa: E402

PY = sys.executable or "/usr/bin/python3"
NAN = float("nan")

CONFIG_TEMPLATE = """name = "%s";
description = "%s";
simulation :
{
  days = 21;
  replicates = 4;
  seed = 777L;
  output_every = 7;
};
# a comment that mentions formal = false must not confuse the parser
roles = (
  {
    name = "huisarts";
    formal = true;
    competences = ( { need = "x"; max_severity = 2; } );
    notices = [ "x", "y" ];
  },
  {
    name = "mantelzorger";
    formal = false;
    member_share = 0.13;
  } );
"""

# --- the synthetic data (R = 4 replicates, T = 3 intervals) ----------------
# referrals (flow): totals baseline 6, 8, 7, 9; alt 8, 11, 8, 12 -> d = 2, 3, 1, 3
REFERRALS = {
    "baseline": [[1, 2, 3], [2, 2, 4], [0, 5, 2], [3, 3, 3]],
    "alt": [[2, 3, 3], [4, 2, 5], [1, 5, 2], [5, 4, 3]],
}
# needs_latent (stock): means baseline 20, 17, 5, 3; alt 21, 16, 6, 2 -> d = 1, -1, 1, -1
LATENT = {
    "baseline": [[10, 20, 30], [12, 18, 21], [5, 5, 5], [1, 2, 6]],
    "alt": [[10, 20, 33], [12, 18, 18], [5, 8, 5], [1, 2, 3]],
}
# signal_delay_days (mean, NaN = nothing signalled in the interval):
# baseline 3, 1, NaN, 5.5; alt 4, 2, 7, 7 -> pairs d = 1, 1, (dropped), 1.5
DELAY = {
    "baseline": [[2, NAN, 4], [1, 1, 1], [NAN, NAN, NAN], [5, 6, NAN]],
    "alt": [[3, NAN, 5], [2, 2, 2], [7, NAN, NAN], [6, 8, NAN]],
}
# hours_used per interval: huisarts h, mantelzorger m, the same in each interval
HUISARTS = {"baseline": [4, 5, 6, 7], "alt": [3, 4, 5, 6]}
MANTELZORG = {"baseline": [0.5, 1, 1.5, 2], "alt": [1.5, 2, 2.5, 3]}
CAPACITY = (10.0, 4.0)            # per interval: huisarts, mantelzorger
# signalled: channels zelf 3 + informeel 1 = 4 per interval, 12 over the run
# signalled_early totals: baseline 6, 3, 9, 12; alt 7, 5, 9, 12
EARLY = {"baseline": [[1, 2, 3], [1, 1, 1], [3, 3, 3], [4, 4, 4]],
         "alt": [[2, 2, 3], [1, 2, 2], [3, 3, 3], [4, 4, 4]]}
# escalations (flow, 2 need types): 1 per type per interval (baseline), 2 (alt)
ESC = {"baseline": 1.0, "alt": 2.0}

N_OUTCOMES = 19   # 14 stored (metric x label) + 5 derived, see test_csv


def _strings(values):
    return np.array(values, dtype=h5py.string_dtype("utf-8"))


def write_scenario(group, name, data_from=None):
    """One synthetic /scenarios/<name> group with dimension scales attached.

    The values are those of scenario `data_from` (default `name`):
    "baseline" or "alt".
    """
    desc = "Synthetic scenario %s for the tests" % name
    group.attrs["config"] = CONFIG_TEMPLATE % (name, desc)
    group.attrs["config_sha256"] = "0" * 64
    group.attrs["seed"] = np.int64(777)
    group.attrs["replicates"] = np.int64(4)
    group.attrs["days"] = np.int64(21)
    group.attrs["output_every"] = np.int64(7)
    scales = {
        "replicate": np.arange(4, dtype=np.int64),
        "time": np.array([7.0, 14.0, 21.0]),
        "role": _strings(["huisarts", "mantelzorger"]),
        "need_type": _strings(["x", "y"]),
        "channel": _strings(["zelf", "informeel"]),
    }
    for axis, values in scales.items():
        group.create_dataset(axis, data=values)
        group[axis].make_scale(axis)

    def metric(mname, data, kind, units="1", axis=None, attach=True):
        ds = group.create_dataset(mname, data=np.asarray(data, dtype=float))
        ds.attrs["kind"] = kind
        ds.attrs["units"] = units
        ds.attrs["long_name"] = mname.replace("_", " ")
        if attach:
            ds.dims[0].attach_scale(group["replicate"])
            ds.dims[1].attach_scale(group["time"])
            if axis:
                ds.dims[2].attach_scale(group[axis])

    key = data_from or name
    hours = np.zeros((4, 3, 2))
    hours[:, :, 0] = np.array(HUISARTS[key])[:, None]
    hours[:, :, 1] = np.array(MANTELZORG[key])[:, None]
    capacity = np.zeros((4, 3, 2))
    capacity[:, :, 0], capacity[:, :, 1] = CAPACITY
    signalled = np.zeros((4, 3, 2))
    signalled[:, :, 0], signalled[:, :, 1] = 3.0, 1.0
    metric("referrals", REFERRALS[key], "flow")
    metric("needs_latent", LATENT[key], "stock")
    metric("signal_delay_days", DELAY[key], "mean", "day")
    metric("hours_used", hours, "flow", "hour", "role")
    metric("hours_capacity", capacity, "flow", "hour", "role")
    metric("utilisation", hours / capacity, "mean", "1", "role")
    metric("signalled", signalled, "flow", "1", "channel")
    metric("signalled_early", EARLY[key], "flow")
    # no dimension scales attached: the axis must be found by name and length
    metric("escalations", np.full((4, 3, 2), ESC[key]), "flow", "1", attach=False)


def make_synthetic(path, names=("baseline", "alt")):
    """Write the synthetic result file; returns its path."""
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs["producer"] = "wijksim"
        f.attrs["version"] = "0.0-test"
        f.attrs["created"] = "2026-01-01T00:00:00Z"
        f.attrs["command_line"] = "wijksim run synthetic.cfg"
        f.attrs["rng"] = "test"
        top = f.create_group("scenarios", track_order=True)
        for name in names:
            write_scenario(top.create_group(name), name,
                           data_from=name if name in REFERRALS else "baseline")
    return path


def run(args, **kw):
    """Run a command, return CompletedProcess (text)."""
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


class Tmp(unittest.TestCase):
    """Base: a temp folder with the synthetic files, removed afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="wijk-analysis-")
        cls.h5 = make_synthetic(os.path.join(cls.tmp, "synthetic.h5"))
        cls.h5one = make_synthetic(os.path.join(cls.tmp, "one.h5"), names=("solo",))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)


class TestTQuantile(unittest.TestCase):
    def test_known_values(self):
        # standard table values, 4 decimals
        for df, expected in ((1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764),
                             (19, 2.0930), (100, 1.9840)):
            self.assertAlmostEqual(wijkdata.t_quantile(0.975, df), expected, places=4)
        self.assertAlmostEqual(wijkdata.t_quantile(0.95, 10), 1.8125, places=4)
        self.assertAlmostEqual(wijkdata.t_quantile(0.995, 5), 4.0321, places=4)

    def test_symmetry_and_limits(self):
        self.assertEqual(wijkdata.t_quantile(0.5, 7), 0.0)
        self.assertAlmostEqual(wijkdata.t_quantile(0.025, 4), -2.7764, places=4)
        self.assertAlmostEqual(wijkdata.t_quantile(0.975, math.inf), 1.95996, places=4)
        self.assertAlmostEqual(wijkdata.t_cdf(2.776445105, 4), 0.975, places=8)
        with self.assertRaises(ValueError):
            wijkdata.t_quantile(1.0, 3)

    def test_against_scipy_if_present(self):
        try:
            from scipy import stats
        except ImportError:
            self.skipTest("scipy not installed")
        for p in (0.6, 0.9, 0.975, 0.999):
            for df in (1, 2.5, 3, 9, 30, 250):
                self.assertAlmostEqual(wijkdata.t_quantile(p, df),
                                       stats.t.ppf(p, df), places=7)


class TestConfig(unittest.TestCase):
    def test_roles_from_template(self):
        text = CONFIG_TEMPLATE % ("baseline", "d")
        self.assertEqual(wijkdata.role_formality(text),
                         {"huisarts": True, "mantelzorger": False})
        cfg = wijkdata.parse_libconfig(text)
        self.assertEqual(cfg["simulation"]["seed"], 777)
        self.assertEqual(cfg["roles"][0]["notices"], ["x", "y"])
        self.assertEqual(cfg["roles"][0]["competences"][0]["max_severity"], 2)

    def test_syntax_variants(self):
        text = ('/* block comment: formal = false */ // line comment\n'
                'description = "a \\"quoted\\" {brace}" " and more";\n'
                'roles : ( { name : "a"; formal = FALSE },\n'
                '          { name = "b"; fte_per_1000 = 0x10; },   # no formal: formal\n'
                '          { name = "c"; formal = true; x = -1.5e-3; } )\n')
        cfg = wijkdata.parse_libconfig(text)
        self.assertEqual(cfg["description"], 'a "quoted" {brace} and more')
        self.assertEqual(cfg["roles"][1]["fte_per_1000"], 16)
        self.assertAlmostEqual(cfg["roles"][2]["x"], -0.0015)
        self.assertEqual(wijkdata.role_formality(text),
                         {"a": False, "b": True, "c": True})

    def test_fallback_on_broken_text(self):
        text = ('roles = ( { name = "p"; formal = false; bad = ?; },\n'
                '          { name = "q"; } );')
        with self.assertRaises(ValueError):
            wijkdata.parse_libconfig(text)
        self.assertEqual(wijkdata.role_formality(text), {"p": False, "q": True})
        self.assertEqual(wijkdata.role_formality("name = \"x\";"), {})


class TestSummaries(Tmp):
    def setUp(self):
        self.result = wijkdata.ResultFile(self.h5)
        self.base = self.result.scenario("baseline")
        self.alt = self.result.scenario("alt")

    def tearDown(self):
        self.result.close()

    def assertArray(self, got, expected, places=9):
        got = np.asarray(got, float)
        self.assertEqual(got.shape, (len(expected),))
        for g, e in zip(got, expected):
            if isinstance(e, float) and math.isnan(e):
                self.assertTrue(math.isnan(g), "expected NaN, got %r" % g)
            else:
                self.assertAlmostEqual(g, e, places=places)

    def test_file_and_scenarios(self):
        self.assertEqual(self.result.scenario_names(), ["baseline", "alt"])
        self.assertEqual(self.result.default_baseline(), "baseline")
        self.assertEqual(self.result.default_baseline("alt"), "alt")
        with self.assertRaises(wijkdata.WijkDataError):
            self.result.default_baseline("nope")
        self.assertEqual(self.base.replicates, 4)
        self.assertEqual(self.base.days, 21)
        self.assertEqual(self.base.description, "Synthetic scenario baseline for the tests")
        self.assertEqual(self.base.formal_roles(), ["huisarts"])
        self.assertEqual(self.base.informal_roles(), ["mantelzorger"])
        self.assertEqual(list(self.base.time), [7.0, 14.0, 21.0])

    def test_interval_days(self):
        # No time_bounds in the synthetic file: differences of time from day 0.
        self.assertArray(self.base.interval_days, [7, 7, 7])
        path = os.path.join(self.tmp, "bounds.h5")
        with h5py.File(path, "w") as f:
            f["time"] = np.array([7.0, 14.0, 16.0])
            self.assertArray(wijkdata.interval_days(f), [7, 7, 2])
            # time_bounds wins over time when both are there.
            f["time_bounds"] = np.array([[0.0, 7.0], [7.0, 14.0], [14.0, 16.5]])
            self.assertArray(wijkdata.interval_days(f), [7, 7, 2.5])

    def test_axes(self):
        self.assertEqual(self.base.info("hours_used").axis, "role")
        self.assertEqual(self.base.info("signalled").labels, ["zelf", "informeel"])
        # escalations has no scale attached: found by metric name and length
        self.assertEqual(self.base.info("escalations").axis, "need_type")
        self.assertIsNone(self.base.info("referrals").axis)

    def test_kinds(self):
        # flow: sum over time
        self.assertArray(self.base.summary("referrals"), [6, 8, 7, 9])
        # stock: mean over time
        self.assertArray(self.base.summary("needs_latent"), [20, 17, 5, 3])
        # mean: NaN-ignoring mean over time; all NaN stays NaN
        self.assertArray(self.base.summary("signal_delay_days"), [3, 1, NAN, 5.5])
        self.assertArray(self.alt.summary("signal_delay_days"), [4, 2, 7, 7])
        # per label: hours of the huisarts over 3 intervals = 3 h
        self.assertArray(self.base.summary("hours_used", "huisarts"), [12, 15, 18, 21])
        self.assertArray(self.base.summary("utilisation", "huisarts"), [.4, .5, .6, .7])
        with self.assertRaises(wijkdata.WijkDataError):
            self.base.summary("hours_used", "nobody")

    def test_derived(self):
        # informal = mantelzorger: 3 m; formal = huisarts: 3 h
        self.assertArray(self.base.summary("informal_hours"), [1.5, 3, 4.5, 6])
        self.assertArray(self.alt.summary("informal_hours"), [4.5, 6, 7.5, 9])
        self.assertArray(self.base.summary("formal_hours"), [12, 15, 18, 21])
        # load = formal hours / formal capacity (3 x 10 = 30)
        self.assertArray(self.base.summary("formal_load"), [.4, .5, .6, .7])
        self.assertArray(self.alt.summary("formal_load"), [.3, .4, .5, .6])
        # early share = early / all signals (12): 6/12, 3/12, 9/12, 12/12
        self.assertArray(self.base.summary("early_share"), [.5, .25, .75, 1.0])
        self.assertArray(self.alt.summary("early_share"), [7 / 12, 5 / 12, .75, 1.0])
        # escalations over 2 types x 3 intervals
        self.assertArray(self.base.summary("escalations_total"), [6, 6, 6, 6])
        self.assertArray(self.alt.summary("escalations_total"), [12, 12, 12, 12])
        self.assertNotIn("cost_total", self.base.metrics())   # no cost metrics stored
        # per-interval series of a derived ratio: 1/4, 2/4, 3/4 in replicate 0
        self.assertArray(self.base.series("early_share")[0], [.25, .5, .75])

    def test_outcome_order(self):
        outcomes = self.base.outcomes()
        self.assertEqual(len(outcomes), N_OUTCOMES)
        self.assertEqual(outcomes[0], ("early_share", ""))
        head = [o for o in outcomes[:8]]
        self.assertIn(("utilisation", "huisarts"), head)
        # utilisation of an informal role is not a headline outcome
        self.assertGreater(outcomes.index(("utilisation", "mantelzorger")), 8)


class TestStatistics(Tmp):
    def test_band(self):
        # [6, 7, 8, 9]: p5 at rank 0.15 -> 6.15, p95 at rank 2.85 -> 8.85
        mean, p5, p95 = wijkdata.band([6, 8, 7, 9])
        self.assertAlmostEqual(mean, 7.5)
        self.assertAlmostEqual(p5, 6.15)
        self.assertAlmostEqual(p95, 8.85)
        # NaN left out: [3, 1, 5.5] -> mean 19/6, p5 = 1 + 0.1 x 2 = 1.2, p95 = 3 + 0.9 x 2.5 = 5.25
        mean, p5, p95 = wijkdata.band([3, 1, NAN, 5.5])
        self.assertAlmostEqual(mean, 19 / 6)
        self.assertAlmostEqual(p5, 1.2)
        self.assertAlmostEqual(p95, 5.25)
        self.assertTrue(all(math.isnan(v) for v in wijkdata.band([NAN])))

    def test_paired_flow(self):
        # d = 2, 3, 1, 3: mean 2.25, sd = sqrt(2.75 / 3) = 0.957427,
        # half = t(0.975, 3) 3.182446 x 0.957427 / 2 = 1.523480
        d = wijkdata.paired_difference([8, 11, 8, 12], [6, 8, 7, 9])
        self.assertEqual(d["n_pairs"], 4)
        self.assertAlmostEqual(d["mean"], 2.25)
        self.assertAlmostEqual(d["sd"], 0.957427, places=6)
        self.assertAlmostEqual(d["lo"], 0.726520, places=5)
        self.assertAlmostEqual(d["hi"], 3.773480, places=5)
        self.assertTrue(d["excludes_zero"])

    def test_paired_stock_no_difference(self):
        # d = 1, -1, 1, -1: mean 0, sd = sqrt(4 / 3), half = 3.182446 x 0.577350 = 1.837386
        d = wijkdata.paired_difference([21, 16, 6, 2], [20, 17, 5, 3])
        self.assertAlmostEqual(d["mean"], 0.0)
        self.assertAlmostEqual(d["lo"], -1.837386, places=5)
        self.assertAlmostEqual(d["hi"], 1.837386, places=5)
        self.assertFalse(d["excludes_zero"])

    def test_paired_with_nan_and_unequal_length(self):
        # replicate 2 of the baseline is NaN -> pairs d = 1, 1, 1.5 (n = 3):
        # mean 7/6, sd = sqrt((1/6) / 2) = 0.288675, half = t(0.975, 2) 4.302653 x 0.166667 = 0.717109
        d = wijkdata.paired_difference([4, 2, 7, 7], [3, 1, NAN, 5.5])
        self.assertEqual(d["n_pairs"], 3)
        self.assertAlmostEqual(d["mean"], 7 / 6)
        self.assertAlmostEqual(d["lo"], 0.449558, places=5)
        self.assertAlmostEqual(d["hi"], 1.883776, places=5)
        # min(R) pairs: 5 vs 3 replicates -> 3 pairs
        d = wijkdata.paired_difference([1, 2, 3, 4, 5], [0, 0, 0])
        self.assertEqual(d["n_pairs"], 3)
        self.assertAlmostEqual(d["mean"], 2.0)
        # one pair: mean but no interval
        d = wijkdata.paired_difference([2.0], [1.0])
        self.assertAlmostEqual(d["mean"], 1.0)
        self.assertTrue(math.isnan(d["lo"]))
        self.assertFalse(d["excludes_zero"])

    def test_compare_table(self):
        with wijkdata.ResultFile(self.h5) as result:
            base_name, table = wijkdata.compare(result)
            self.assertEqual(base_name, "baseline")
            rows = {r.outcome: r for r in table["alt"]}
            self.assertEqual(len(rows), N_OUTCOMES)
            self.assertAlmostEqual(rows["referrals"].diff["lo"], 0.726520, places=5)
            self.assertAlmostEqual(rows["referrals"].base_mean, 7.5)
            self.assertAlmostEqual(rows["signal_delay_days"].diff["hi"], 1.883776, places=5)
            # huisarts hours: d = -3 in every replicate, sd 0 -> CI [-3, -3]
            d = rows["hours_used[huisarts]"].diff
            self.assertAlmostEqual(d["lo"], -3.0)
            self.assertAlmostEqual(d["hi"], -3.0)
            self.assertTrue(d["excludes_zero"])
            # informal hours: +3 in every replicate
            self.assertAlmostEqual(rows["informal_hours"].diff["mean"], 3.0)
            self.assertIsNone(table["baseline"][0].diff)
            _, only = wijkdata.compare(result, metrics=["referrals", "informal_hours"])
            self.assertEqual([r.outcome for r in only["alt"]],
                             ["informal_hours", "referrals"])
            with self.assertRaises(wijkdata.WijkDataError):
                wijkdata.compare(result, metrics=["nonsense"])
            # alt as the baseline: differences change sign
            _, flipped = wijkdata.compare(result, baseline="alt")
            rows = {r.outcome: r for r in flipped["baseline"]}
            self.assertAlmostEqual(rows["referrals"].diff["mean"], -2.25)


class TestCompareCli(Tmp):
    def test_csv(self):
        out = os.path.join(self.tmp, "out.csv")
        res = run([PY, os.path.join(ANALYSIS, "compare.py"), self.h5, "--csv", out])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("Headline indicators", res.stdout)
        self.assertIn("early_share", res.stdout)
        self.assertIn("*", res.stdout)
        with open(out, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            self.assertEqual(tuple(reader.fieldnames),
                             ("scenario", "baseline", "metric", "label", "units",
                              "kind", "statistic", "value"))
        # 19 outcomes x (4 statistics for baseline + 8 for alt) = 228
        self.assertEqual(len(rows), N_OUTCOMES * 12)
        pick = {(r["scenario"], r["metric"], r["label"], r["statistic"]): r["value"]
                for r in rows}
        self.assertAlmostEqual(float(pick[("alt", "referrals", "", "diff_lo")]), 0.726520, places=5)
        self.assertAlmostEqual(float(pick[("baseline", "referrals", "", "p95")]), 8.85)
        self.assertEqual(pick[("alt", "signal_delay_days", "", "n_pairs")], "3")
        self.assertEqual(pick[("baseline", "hours_used", "mantelzorger", "mean")], "3.75")
        self.assertNotIn(("baseline", "referrals", "", "diff_mean"), pick)

    def test_metrics_filter_and_errors(self):
        script = os.path.join(ANALYSIS, "compare.py")
        out = os.path.join(self.tmp, "few.csv")
        res = run([PY, script, self.h5, "--metrics", "referrals,hours_used",
                   "--baseline", "alt", "--csv", out])
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(out, newline="", encoding="utf-8") as f:
            self.assertEqual(len(list(csv.DictReader(f))), 3 * 12)
        for args in ([os.path.join(self.tmp, "missing.h5")],
                     [out],                                   # not HDF5
                     [self.h5, "--baseline", "nope"],
                     [self.h5, "--metrics", "nonsense"]):
            res = run([PY, script] + args)
            self.assertEqual(res.returncode, 2, args)
            self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)
            self.assertTrue(res.stderr.startswith("compare.py: "), res.stderr)


def check_html(test, page, n_figures):
    """Self-contained: every img is a decodable PNG data URI, nothing external."""
    imgs = re.findall(r"<img\b[^>]*>", page)
    test.assertEqual(len(imgs), n_figures)
    for img in imgs:
        m = re.search(r'src="([^"]*)"', img)
        test.assertIsNotNone(m, img[:80])
        src = m.group(1)
        test.assertTrue(src.startswith("data:image/png;base64,"), src[:40])
        data = base64.b64decode(src.split(",", 1)[1], validate=True)
        test.assertTrue(data.startswith(b"\x89PNG\r\n\x1a\n"))
        test.assertGreater(len(data), 1000)
    for tag in re.findall(r"<[A-Za-z][^>]*>", page):
        for attr in re.findall(r'\b(?:src|href|action|poster|srcset)\s*=\s*["\']?([^"\'\s>]*)',
                               tag, re.I):
            test.assertTrue(attr.startswith("data:") or attr.startswith("#"), attr[:60])
    lowered = page.lower()
    for bad in ('src="http', 'href="http', "<link", "<script", "url(", "@import", "<iframe"):
        test.assertNotIn(bad, lowered)
    test.assertTrue(lowered.startswith("<!doctype html>"))
    test.assertIn("</html>", lowered)


class TestReport(Tmp):
    def make(self, h5, lang, *extra):
        out = os.path.join(self.tmp, "report-%s-%s.html" % (os.path.basename(h5), lang))
        res = run([PY, os.path.join(ANALYSIS, "report.py"), h5, "-o", out,
                   "--lang", lang] + list(extra))
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def test_english(self):
        page = self.make(self.h5, "en")
        # differences, professional load, informal/formal hours, 4 time series
        check_html(self, page, 7)
        self.assertIn('lang="en"', page)
        self.assertIn("Headline findings", page)
        self.assertIn("Synthetic scenario alt for the tests", page)
        self.assertIn("PARAMETERS.md", page)
        self.assertIn("Assumptions", page)
        self.assertIn("wijksim run synthetic.cfg", page)        # provenance
        # formal load 0.55 -> 0.45: a clear 10 percentage point drop
        self.assertRegex(page, r"load on professionals was <span class=\"sig\">10\.0 "
                               r"percentage points lower")
        # informal hours 3.75 -> 6.75 hours: +80%
        self.assertRegex(page, r"informal care hours \(family carers, volunteers\) was "
                               r"<span class=\"sig\">80\.0% higher")
        self.assertIn("no clear difference", page)

    def test_dutch(self):
        page = self.make(self.h5, "nl")
        check_html(self, page, 7)
        self.assertIn('lang="nl"', page)
        for word in ("vroegsignalering", "mantelzorg", "Belangrijkste uitkomsten",
                     "Aannames en beperkingen", "belasting van professionals",
                     "escalaties naar de tweede lijn", "wachttijd", "Herkomst",
                     "procentpunt lager", "95%-BI"):
            self.assertIn(word, page)
        self.assertNotIn("Headline findings", page)

    def test_single_scenario(self):
        page = self.make(self.h5one, "en")
        check_html(self, page, 6)       # no differences figure
        self.assertNotIn("Headline findings", page)
        self.assertIn("solo", page)

    def test_errors(self):
        script = os.path.join(ANALYSIS, "report.py")
        for args in ([os.path.join(self.tmp, "missing.h5")],
                     [self.h5, "--baseline", "nope"]):
            res = run([PY, script] + args + ["-o", os.path.join(self.tmp, "x.html")])
            self.assertEqual(res.returncode, 2)
            self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)

    def test_labels_cover_metrics(self):
        with wijkdata.ResultFile(self.h5) as result:
            for metric in result.scenario("baseline").metrics():
                for lang in ("en", "nl"):
                    self.assertIn(metric, plots.LABELS)
                    self.assertTrue(plots.LABELS[metric][lang])
        self.assertEqual(report.fmt_num(1234567.891, "nl", 1), "1.234.567,9")
        self.assertEqual(report.fmt_num(1234567.891, "en", 1), "1,234,567.9")
        self.assertEqual(labels.label("unknown_metric", "nl", "a long name"), "a long name")


def wijksim_binary():
    """Path of the wijksim binary, or None."""
    path = os.environ.get("WIJKSIM") or os.path.join(ROOT, "bin", "wijksim")
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


class TestEndToEnd(Tmp):
    def test_real_run(self):
        binary = wijksim_binary()
        scenario = os.path.join(ROOT, "scenarios", "baseline.cfg")
        if binary is None or not os.path.isfile(scenario):
            self.skipTest("bin/wijksim or scenarios/baseline.cfg missing")
        with open(scenario, encoding="utf-8") as f:
            text = f.read()
        alt_text, n = re.subn(r'(?m)^name\s*=\s*"[^"]*"\s*;', 'name = "minder_huisarts";', text)
        self.assertEqual(n, 1)
        alt_text, n = re.subn(r"fte_per_1000 = 0\.477;", "fte_per_1000 = 0.3;", alt_text)
        alt = os.path.join(self.tmp, "minder_huisarts.cfg")
        with open(alt, "w", encoding="utf-8") as f:
            f.write(alt_text)
        h5 = os.path.join(self.tmp, "real.h5")
        res = run([binary, "run", scenario, alt, "-o", h5, "-r", "3", "--days", "60",
                   "--force", "--quiet"], cwd=os.path.dirname(scenario))
        self.assertEqual(res.returncode, 0, res.stderr)
        out_csv = os.path.join(self.tmp, "real.csv")
        res = run([PY, os.path.join(ANALYSIS, "compare.py"), h5, "--csv", out_csv])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("utilisation[huisarts]", res.stdout)
        with wijkdata.ResultFile(h5) as result:
            base = result.scenario(result.default_baseline())
            self.assertEqual(base.replicates, 3)
            self.assertIn("mantelzorger", base.informal_roles())
            self.assertIn("huisarts", base.formal_roles())
            early = base.summary("early_share")
            self.assertTrue(np.all((early >= 0) & (early <= 1)))
            # 60 days by 7: eight weeks and a last interval of 4 days.
            self.assertEqual(list(base.interval_days), [7.0] * 8 + [4.0])
            self.assertNotIn("referrals_by_route", base.metrics())
            self.assertEqual(base.data("referrals_by_route").ndim, 4)
        for lang in ("en", "nl"):
            out = os.path.join(self.tmp, "real-%s.html" % lang)
            res = run([PY, os.path.join(ANALYSIS, "report.py"), h5, "-o", out, "--lang", lang])
            self.assertEqual(res.returncode, 0, res.stderr)
            with open(out, encoding="utf-8") as f:
                check_html(self, f.read(), 7)


if __name__ == "__main__":
    unittest.main(verbosity=2)
