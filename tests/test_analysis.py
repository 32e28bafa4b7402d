#!/usr/bin/python3
"""Tests of the analysis package (analysis/wijksim_analysis) and its scripts.

Run:  /usr/bin/python3 tests/test_analysis.py      (exit status 0 = all passed)

Most tests use a small synthetic result file with known values (make_synthetic):
scenarios "baseline" and "alt", 4 replicates, 3 output intervals of 7 days,
roles huisarts (formal) and mantelzorger (informal), two channels, two need
types.  Every expected number is worked out by hand in the comment beside it.
With the wijksim binary ($WIJKSIM, else bin/wijksim), one tiny real run (2,000
residents, 63 days, short warm-up) is shared by the report tests, and copies of
it are modified with h5py to craft effects below and above their minimal
relevant difference.
"""

import base64
import csv
import html
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ANALYSIS = os.path.join(ROOT, "analysis")
sys.path.insert(0, ANALYSIS)  # the package's folder, as for the scripts in it

from wijksim_analysis import data, fmt, indicators, labels, report, settings, stats  # noqa: E402
from wijksim_analysis import compare as compare_mod  # noqa: E402

PY = "/usr/bin/python3"
NAN = float("nan")
WIJKSIM = os.environ.get("WIJKSIM") or os.path.join(ROOT, "bin", "wijksim")
SECTIONS = ("key-messages", "scenarios", "indicators", "figures", "limitations",
            "provenance")

CONFIG_TEMPLATE = """name = "%s";
description = "%s";
simulation :
{
  days = 21;
  replicates = 4;
  seed = 777L;
  output_every = 7;
};
# a comment that mentions formal = false must not confuse the reader
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
  }%s );
"""
EXTRA_ROLE = """,
  {
    name = "bewonersinitiatief";
    formal = false;
    member_share = 0.02;
  }"""

# --- the synthetic data (R = 4 replicates, T = 3 intervals) ----------------
# referrals (flow): totals baseline 6, 8, 7, 9; alt 8, 11, 8, 12 -> d = 2, 3, 1, 3
REFERRALS = {"baseline": [[1, 2, 3], [2, 2, 4], [0, 5, 2], [3, 3, 3]],
             "alt": [[2, 3, 3], [4, 2, 5], [1, 5, 2], [5, 4, 3]]}
# needs_latent (stock): means baseline 20, 17, 5, 3; alt 21, 16, 6, 2 -> d = 1, -1, 1, -1
LATENT = {"baseline": [[10, 20, 30], [12, 18, 21], [5, 5, 5], [1, 2, 6]],
          "alt": [[10, 20, 33], [12, 18, 18], [5, 8, 5], [1, 2, 3]]}
# signal_delay_days (mean, NaN = nothing signalled): baseline 3, 1, NaN, 5.5;
# alt 4, 2, 7, 7 -> pairs d = 1, 1, (dropped), 1.5
DELAY = {"baseline": [[2, NAN, 4], [1, 1, 1], [NAN, NAN, NAN], [5, 6, NAN]],
         "alt": [[3, NAN, 5], [2, 2, 2], [7, NAN, NAN], [6, 8, NAN]]}
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
N_OUTCOMES = 19   # 14 stored (metric x label) + 5 derived


def _strings(values):
    return np.array(values, dtype=h5py.string_dtype("utf-8"))


def write_scenario(group, name, data_from=None, extra_role=False):
    """One synthetic /scenarios/<name> group with dimension scales attached.

    `extra_role`: a third, informal role (bewonersinitiatief) with 1 hour per
    interval, which only this scenario has."""
    desc = "Synthetic scenario %s for the tests" % name
    group.attrs["config"] = CONFIG_TEMPLATE % (name, desc, EXTRA_ROLE if extra_role else "")
    group.attrs["config_sha256"] = "0" * 64
    group.attrs["seed"] = np.int64(777)
    group.attrs["replicates"] = np.int64(4)
    group.attrs["days"] = np.int64(21)
    group.attrs["output_every"] = np.int64(7)
    roles = ["huisarts", "mantelzorger"] + (["bewonersinitiatief"] if extra_role else [])
    kinds = ["formal", "informal"] + (["informal"] if extra_role else [])
    scales = {"replicate": np.arange(4, dtype=np.int64), "time": np.array([7.0, 14.0, 21.0]),
              "role": _strings(roles), "need_type": _strings(["x", "y"]),
              "channel": _strings(["zelf", "informeel"])}
    for axis, values in scales.items():
        group.create_dataset(axis, data=values)
        group[axis].make_scale(axis)
    group.create_dataset("role_kind", data=_strings(kinds))
    group["role_kind"].dims[0].attach_scale(group["role"])

    def metric(mname, values, kind, units="1", axis=None, attach=True):
        ds = group.create_dataset(mname, data=np.asarray(values, dtype=float))
        ds.attrs["kind"] = kind
        ds.attrs["units"] = units
        ds.attrs["long_name"] = mname.replace("_", " ")
        if attach:
            ds.dims[0].attach_scale(group["replicate"])
            ds.dims[1].attach_scale(group["time"])
            if axis:
                ds.dims[2].attach_scale(group[axis])

    key = data_from or name
    k = len(roles)
    hours = np.zeros((4, 3, k))
    hours[:, :, 0] = np.array(HUISARTS[key])[:, None]
    hours[:, :, 1] = np.array(MANTELZORG[key])[:, None]
    capacity = np.zeros((4, 3, k))
    capacity[:, :, 0], capacity[:, :, 1] = CAPACITY
    if extra_role:
        hours[:, :, 2], capacity[:, :, 2] = 1.0, 2.0
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


def make_synthetic(path, names=("baseline", "alt"), extra_role_in=()):
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
                           data_from=name if name in REFERRALS else "baseline",
                           extra_role=name in extra_role_in)
    return path


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def visible_text(page):
    """What a reader sees: tags, styles, code and settings texts removed; alt texts kept."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    page = re.sub(r"(?s)<style>.*?</style>|<pre>.*?</pre>|<code>.*?</code>", " ", page)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page + " " + alts)


def check_html(test, page):
    """Self-contained; every figure an SVG data URI with alt text."""
    imgs = re.findall(r"<img\b[^>]*>", page)
    test.assertGreaterEqual(len(imgs), 1)
    for img in imgs:
        alt = re.search(r'alt="([^"]*)"', img)
        test.assertIsNotNone(alt, img[:80])
        test.assertGreater(len(alt.group(1)), 20, img[:120])
        src = re.search(r'src="([^"]*)"', img).group(1)
        test.assertTrue(src.startswith("data:image/svg+xml;base64,"), src[:40])
        svg = base64.b64decode(src.split(",", 1)[1], validate=True)
        test.assertIn(b"<svg", svg[:500])
    lowered = page.lower()
    for bad in ('src="http', 'href="http', "<link", "<script", "@import", "<iframe"):
        test.assertNotIn(bad, lowered)
    test.assertTrue(lowered.startswith("<!doctype html>"))


def scenario_texts(setting):
    """The values of a top-level string setting in every shipped scenario file."""
    out = []
    for folder in ("scenarios", os.path.join("scenarios", "education")):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".cfg"):
                with open(os.path.join(ROOT, folder, name), encoding="utf-8") as f:
                    m = re.search(r'(?m)^%s = "((?:[^"\\]|\\.)*)";' % setting, f.read())
                if m:
                    out.append(m.group(1))
    return out


def english_words():
    """Words (4+ letters) of the report's English texts that its Dutch texts never use."""
    dicts = (labels.LABELS, labels.EXPLAIN, labels.TEXT, labels.MESSAGE, labels.PHRASE,
             labels.GROUP_TITLE, labels.GROUP_MEANING, labels.MRD_REASON, labels.SHORT,
             labels.AXIS_UNIT, labels.ROLE_NAMES, labels.UNITS, labels.INGREDIENT_NAMES)
    en, nl = [], scenario_texts("description_nl")
    for d in dicts:
        for entry in d.values():
            en.append(str(entry["en"]))
            nl.append(str(entry["nl"]))
    for entry in labels.FIGURE.values():
        for part in entry.values():
            en.append(part["en"])
            nl.append(part["nl"])
    en += labels.LIMITATIONS["en"]
    nl += labels.LIMITATIONS["nl"]

    def words(texts):
        return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)}
    return words(en) - words(nl)


# ---------------------------------------------------------------------------

class Tmp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="wijk-analysis-")
        cls.h5 = make_synthetic(os.path.join(cls.tmp, "synthetic.h5"))
        cls.h5one = make_synthetic(os.path.join(cls.tmp, "one.h5"), names=("solo",))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)


class TestStatistics(unittest.TestCase):
    def test_t_quantile_table_values(self):
        for df, expected in ((1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764),
                             (19, 2.0930), (100, 1.9840)):
            self.assertAlmostEqual(stats.t_quantile(0.975, df), expected, places=4)
        self.assertAlmostEqual(stats.t_quantile(0.95, 10), 1.8125, places=4)
        self.assertAlmostEqual(stats.t_quantile(0.025, 4), -2.7764, places=4)
        self.assertAlmostEqual(stats.t_quantile(0.975, math.inf), 1.95996, places=4)
        self.assertAlmostEqual(stats.t_cdf(2.776445105, 4), 0.975, places=8)
        with self.assertRaises(ValueError):
            stats.t_quantile(1.0, 3)

    def test_band(self):
        # [6, 7, 8, 9]: p5 at rank 0.15 -> 6.15, p95 at rank 2.85 -> 8.85
        self.assertEqual(tuple(round(x, 9) for x in stats.band([6, 8, 7, 9])),
                         (7.5, 6.15, 8.85))
        # NaN left out: [3, 1, 5.5] -> mean 19/6, p5 = 1 + 0.1 x 2 = 1.2, p95 = 3 + 0.9 x 2.5
        mean, p5, p95 = stats.band([3, 1, NAN, 5.5])
        self.assertAlmostEqual(mean, 19 / 6)
        self.assertAlmostEqual(p5, 1.2)
        self.assertAlmostEqual(p95, 5.25)
        self.assertTrue(all(math.isnan(v) for v in stats.band([NAN])))

    def test_paired_flow(self):
        # d = 2, 3, 1, 3: mean 2.25, sd = sqrt(2.75 / 3) = 0.957427,
        # half = t(0.975, 3) 3.182446 x 0.957427 / 2 = 1.523480
        d = stats.paired_difference([8, 11, 8, 12], [6, 8, 7, 9])
        self.assertEqual(d["n_pairs"], 4)
        self.assertAlmostEqual(d["mean"], 2.25)
        self.assertAlmostEqual(d["sd"], 0.957427, places=6)
        self.assertAlmostEqual(d["lo"], 0.726520, places=5)
        self.assertAlmostEqual(d["hi"], 3.773480, places=5)
        self.assertTrue(d["excludes_zero"])

    def test_paired_no_difference(self):
        # d = 1, -1, 1, -1: mean 0, sd = sqrt(4 / 3), half = 3.182446 x 0.577350 = 1.837386
        d = stats.paired_difference([21, 16, 6, 2], [20, 17, 5, 3])
        self.assertAlmostEqual(d["mean"], 0.0)
        self.assertAlmostEqual(d["lo"], -1.837386, places=5)
        self.assertAlmostEqual(d["hi"], 1.837386, places=5)
        self.assertFalse(d["excludes_zero"])

    def test_paired_nan_unequal_and_constant(self):
        # baseline replicate 2 NaN -> d = 1, 1, 1.5 (n = 3): mean 7/6, sd 0.288675,
        # half = t(0.975, 2) 4.302653 x 0.166667 = 0.717109
        d = stats.paired_difference([4, 2, 7, 7], [3, 1, NAN, 5.5])
        self.assertEqual(d["n_pairs"], 3)
        self.assertAlmostEqual(d["lo"], 0.449558, places=5)
        self.assertAlmostEqual(d["hi"], 1.883776, places=5)
        self.assertEqual(stats.paired_difference([1, 2, 3, 4, 5], [0, 0, 0])["n_pairs"], 3)
        one = stats.paired_difference([2.0], [1.0])
        self.assertTrue(math.isnan(one["lo"]) and not one["excludes_zero"])
        # the same difference in every pair: sd 0, interval [-3, -3]
        d = stats.paired_difference([1, 2, 3], [4, 5, 6])
        self.assertEqual((d["lo"], d["hi"], d["excludes_zero"]), (-3.0, -3.0, True))

    def test_mean_interval(self):
        # [6, 7, 8, 9]: mean 7.5, sd 1.290994, half = 3.182446 x 0.645497 = 2.054260
        mean, lo, hi = stats.mean_interval([6, 8, 7, 9])
        self.assertAlmostEqual(lo, 5.445740, places=5)
        self.assertAlmostEqual(hi, 9.554260, places=5)

    def test_relevance(self):
        # relative threshold: 5% of a baseline mean of 100 = 5
        self.assertEqual(indicators.threshold("escalations_total", 100.0), 5.0)
        self.assertEqual(indicators.threshold("wait_days", 30.0), 1.0)
        clear = {"mean": -4.0, "lo": -4.5, "hi": -3.5, "excludes_zero": True}
        self.assertFalse(indicators.is_relevant(clear, 5.0))      # clear but small
        self.assertTrue(indicators.is_relevant(dict(clear, mean=-6.0), 5.0))
        unclear = {"mean": -6.0, "lo": -12.0, "hi": 0.5, "excludes_zero": False}
        self.assertFalse(indicators.is_relevant(unclear, 5.0))    # large but unclear


class TestSettings(unittest.TestCase):
    C_TEXT = ('name = "b";\nsimulation : \n{\n  days = 365;\n  seed = 1L;\n};\n'
              'roles = ( \n  {\n    name = "huisarts";\n    fte_per_1000 = 0.5;\n'
              '    formal = true;\n  }, \n  {\n    name = "mantelzorger";\n'
              '    formal = false;\n  } );\n'
              'ties = ( \n  {\n    from = "a";\n    to = "b";\n  } );\n')

    def test_flatten(self):
        s = settings.flatten(self.C_TEXT)
        self.assertEqual(s["simulation.days"], "365")
        self.assertEqual(s["roles.huisarts.fte_per_1000"], "0.5")
        self.assertEqual(s["ties.0.from"], '"a"')
        self.assertEqual(settings.value(s, "roles.mantelzorger.formal"), False)
        self.assertEqual(settings.value(s, "simulation.days"), 365)
        self.assertEqual(settings.elements(s, "roles"), ["huisarts", "mantelzorger"])
        self.assertEqual(settings.role_formality(self.C_TEXT),
                         {"huisarts": True, "mantelzorger": False})
        self.assertEqual(settings.role_formality(CONFIG_TEMPLATE % ("a", "d", "")),
                         {"huisarts": True, "mantelzorger": False})

    def test_diff(self):
        other = (self.C_TEXT.replace("0.5;", "0.4;").replace("days = 365", "days = 365")
                 .replace("seed = 1L", "seed = 9L")
                 .replace('  } );\nties', '  }, \n  {\n    name = "buurtcoach";\n'
                          '    fte_per_1000 = 0.1;\n  } );\nties'))
        d = settings.diff(self.C_TEXT, other)
        self.assertEqual(d, [("roles.buurtcoach", None, "fte_per_1000 = 0.1"),
                             ("roles.huisarts.fte_per_1000", "0.5", "0.4")])
        # a Dutch description and decompose's ingredients are no change of the model
        extra = other.replace('name = "b";\n', 'name = "b";\ndescription_nl = "Een wijk.";\n'
                              'ingredients = (\n  {\n    name = "gp";\n    settings = '
                              '[ "roles.huisarts" ];\n  } );\n')
        self.assertIn("ingredients = (", extra)
        self.assertEqual(settings.diff(self.C_TEXT, extra), d)
        self.assertIn(("ingredients.gp", None, 'settings = [ "roles.huisarts" ]'),
                      settings.diff(self.C_TEXT, extra, skip=()))


class TestScenarioDescriptions(unittest.TestCase):
    """Every shipped scenario carries a Dutch description for the Dutch report."""
    DUTCH = {"de", "het", "een", "van", "en", "met", "in", "die", "dat", "voor", "op"}
    ENGLISH = {"the", "with", "and", "of", "from", "fewer", "than", "without", "for",
               "small", "between"}

    def test_every_scenario_has_description_nl(self):
        files = [os.path.join(d, n) for d in ("scenarios", "scenarios/education")
                 for n in sorted(os.listdir(os.path.join(ROOT, d))) if n.endswith(".cfg")]
        self.assertGreaterEqual(len(files), 9)
        for rel in files:
            with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
                text = f.read()
            en = re.search(r'(?m)^description = "(.*)";$', text)
            nl = re.search(r'(?m)^description_nl = "(.*)";$', text)
            self.assertIsNotNone(nl, rel + " has no description_nl")
            self.assertIsNotNone(en, rel)
            self.assertNotEqual(nl.group(1), en.group(1), rel)
            words = set(re.findall(r"[a-zë]+", nl.group(1).lower()))
            self.assertGreaterEqual(len(words & self.DUTCH), 2, (rel, nl.group(1)))
            self.assertEqual(words & self.ENGLISH, set(), (rel, nl.group(1)))


class TestAssumptions(unittest.TestCase):
    """A scenario's `assumptions` name settings it changes, and the report marks them."""

    def resolved(self, rel):
        res = run([WIJKSIM, "validate", os.path.join(ROOT, rel)])
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout

    def test_every_assumption_is_a_change(self):
        base = self.resolved("scenarios/baseline.cfg")
        checked = 0
        for name in sorted(os.listdir(os.path.join(ROOT, "scenarios"))):
            if not name.endswith(".cfg") or name == "baseline.cfg":
                continue
            text = self.resolved(os.path.join("scenarios", name))
            assumed = settings.strings(settings.flatten(text), "assumptions")
            if not assumed:
                continue
            changed = [p for p, _, _ in settings.diff(base, text, collapse=False)]
            for a in assumed:
                checked += 1
                self.assertTrue(any(settings.is_under(p, [a]) for p in changed),
                                "%s: assumption %r changes nothing" % (name, a))
            # and the list itself is not a change of the scenario
            self.assertFalse(any(p.startswith("assumptions") for p in changed), name)
        self.assertGreaterEqual(checked, 30)

    def test_is_under(self):
        self.assertTrue(settings.is_under("roles.buurtcoach.fte_per_1000", ["roles.buurtcoach"]))
        self.assertTrue(settings.is_under("mdo.plan_priority", ["mdo.plan_priority"]))
        self.assertFalse(settings.is_under("roles.buurtcoach2.x", ["roles.buurtcoach"]))
        self.assertEqual(settings.strings({"a": '["x.y", "z"]'}, "a"), ["x.y", "z"])
        self.assertEqual(settings.strings({}, "a"), [])


class TestSummaries(Tmp):
    def setUp(self):
        self.result = data.ResultFile(self.h5)
        self.base = self.result.scenario("baseline")
        self.alt = self.result.scenario("alt")

    def tearDown(self):
        self.result.close()

    def assertArray(self, got, expected):
        np.testing.assert_allclose(np.asarray(got, float), expected, rtol=0, atol=1e-9)

    def test_file_and_scenarios(self):
        self.assertEqual(self.result.scenario_names(), ["baseline", "alt"])
        self.assertEqual(self.result.default_baseline("alt"), "alt")
        with self.assertRaises(data.WijkDataError):
            self.result.default_baseline("nope")
        self.assertEqual((self.base.replicates, self.base.days), (4, 21))
        self.assertEqual(self.base.description, "Synthetic scenario baseline for the tests")
        self.assertEqual(self.base.formal_roles(), ["huisarts"])
        self.assertEqual(self.base.informal_roles(), ["mantelzorger"])
        self.assertEqual(list(self.base.interval_days), [7.0, 7.0, 7.0])
        self.assertEqual(self.base.ds["hours_used"].dims, ("replicate", "time", "role"))

    def test_axes(self):
        self.assertEqual(self.base.info("signalled").labels, ["zelf", "informeel"])
        # escalations has no scale attached: named by metric and length
        self.assertEqual(self.base.info("escalations").axis, "need_type")
        self.assertIsNone(self.base.info("referrals").axis)

    def test_kinds(self):
        self.assertArray(self.base.summary("referrals"), [6, 8, 7, 9])          # flow: sum
        self.assertArray(self.base.summary("needs_latent"), [20, 17, 5, 3])     # stock: mean
        self.assertArray(self.base.summary("signal_delay_days"), [3, 1, NAN, 5.5])
        self.assertArray(self.base.summary("hours_used", "huisarts"), [12, 15, 18, 21])
        with self.assertRaises(data.WijkDataError):
            self.base.summary("hours_used", "nobody")

    def test_derived(self):
        self.assertArray(self.base.summary("informal_hours"), [1.5, 3, 4.5, 6])
        self.assertArray(self.alt.summary("informal_hours"), [4.5, 6, 7.5, 9])
        # load = formal hours / formal capacity (3 x 10 = 30)
        self.assertArray(self.base.summary("formal_load"), [.4, .5, .6, .7])
        # early share = early / all signals (12)
        self.assertArray(self.alt.summary("early_share"), [7 / 12, 5 / 12, .75, 1.0])
        self.assertArray(self.alt.summary("escalations_total"), [12, 12, 12, 12])
        self.assertArray(self.base.series("early_share")[0], [.25, .5, .75])


class TestCompareTable(Tmp):
    def test_values(self):
        with data.ResultFile(self.h5) as result:
            base_name, table = indicators.compare(result)
        self.assertEqual(base_name, "baseline")
        self.assertEqual(len(table), 2 * N_OUTCOMES)
        self.assertEqual(table.iloc[0].metric, "early_share")

        def row(metric, label=""):
            return indicators.select(table, "alt", metric, label)
        self.assertAlmostEqual(row("referrals").diff_lo, 0.726520, places=5)
        self.assertAlmostEqual(row("referrals").base_mean, 7.5)
        self.assertAlmostEqual(row("signal_delay_days").diff_hi, 1.883776, places=5)
        self.assertEqual(row("hours_used", "huisarts").diff_lo, -3.0)
        # informal hours 3.75 -> 6.75: +3 in every pair, threshold 5% x 3.75 -> relevant
        self.assertAlmostEqual(row("informal_hours").diff_mean, 3.0)
        self.assertTrue(row("informal_hours").relevant)
        # early share: d = 1/12, 2/12, 0, 0 -> interval includes 0: not relevant
        self.assertFalse(row("early_share").relevant)
        self.assertTrue(math.isnan(indicators.select(table, "baseline", "referrals").diff_mean))
        with data.ResultFile(self.h5) as result:
            with self.assertRaises(data.WijkDataError):
                indicators.compare(result, metrics=["nonsense"])
            _, flipped = indicators.compare(result, baseline="alt")
        self.assertAlmostEqual(indicators.select(flipped, "baseline", "referrals").diff_mean,
                               -2.25)

    def test_role_in_one_scenario(self):
        path = make_synthetic(os.path.join(self.tmp, "extra.h5"), extra_role_in=("alt",))
        with data.ResultFile(path) as result:
            _, table = indicators.compare(result)
            page = report.build_report(result, lang="en")
        alt = indicators.select(table, "alt", "hours_used", "bewonersinitiatief")
        base = indicators.select(table, "baseline", "hours_used", "bewonersinitiatief")
        self.assertEqual(alt["mean"], 3.0)             # 1 hour x 3 intervals
        self.assertTrue(math.isnan(base["mean"]) and base.n_replicates == 0)
        self.assertTrue(alt.headline)
        # in the report's indicator table, with a dash for the baseline
        self.assertRegex(page, r"hours used — residents&#39; initiative</td>"
                               r"<td class=\"num\">–")
        out = os.path.join(self.tmp, "extra.csv")
        res = run([PY, os.path.join(ANALYSIS, "compare.py"), path, "--csv", out])
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(out, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["label"] == "bewonersinitiatief"]
        pick = {(r["scenario"], r["metric"], r["statistic"]): r["value"] for r in rows}
        self.assertEqual(pick[("alt", "hours_used", "mean")], "3")
        self.assertEqual(pick[("baseline", "hours_used", "mean")], "")
        self.assertEqual(pick[("baseline", "hours_used", "n_replicates")], "0")


class TestCompareCli(Tmp):
    def test_table_and_csv(self):
        out, series = os.path.join(self.tmp, "out.csv"), os.path.join(self.tmp, "series.csv")
        res = run([PY, os.path.join(ANALYSIS, "compare.py"), self.h5, "--csv", out,
                   "--series", series])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertNotRegex(res.stdout, r"\de[-+]\d")          # no exponents
        with open(out, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        self.assertEqual(tuple(reader.fieldnames), compare_mod.CSV_COLUMNS)
        # 19 outcomes x (4 statistics for baseline + 10 for alt)
        self.assertEqual(len(rows), N_OUTCOMES * 14)
        pick = {(r["scenario"], r["metric"], r["label"], r["statistic"]): r["value"]
                for r in rows}
        self.assertAlmostEqual(float(pick[("alt", "referrals", "", "diff_lo")]), 0.726520,
                               places=5)
        self.assertAlmostEqual(float(pick[("baseline", "referrals", "", "p95")]), 8.85)
        self.assertEqual(pick[("alt", "signal_delay_days", "", "n_pairs")], "3")
        self.assertEqual(pick[("alt", "informal_hours", "", "relevant")], "1")
        with open(series, newline="", encoding="utf-8") as f:
            srows = list(csv.DictReader(f))
        first = [r for r in srows if r["scenario"] == "baseline" and r["metric"] == "early_share"]
        # replicate values in interval 1: 1/4, 1/4, 3/4, 1 -> mean 0.5625
        self.assertAlmostEqual(float(first[0]["mean"]), 0.5625)
        self.assertEqual(first[0]["interval_days"], "7")

    def test_headline_fits_the_terminal(self):
        # five scenarios with long names still fit 100 columns and 45 lines
        names = ("baseline", "alt", "staff-shortage-samenredzaamheid", "a_fourth_scenario",
                 "and_a_fifth_one")
        path = make_synthetic(os.path.join(self.tmp, "wide.h5"), names=names)
        for h5 in (self.h5, path):
            res = run([PY, os.path.join(ANALYSIS, "compare.py"), h5])
            self.assertEqual(res.returncode, 0, res.stderr)
            lines = res.stdout.rstrip("\n").splitlines()
            self.assertLessEqual(len(lines), 45)
            self.assertLessEqual(max(len(line) for line in lines), 100, res.stdout)

    def test_show(self):
        res = run([PY, os.path.join(ANALYSIS, "compare.py"), self.h5, "--show",
                   "referrals,hours_used,needs_latent"])
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stdout.splitlines()
        # referrals: alt 9.75, baseline 7.5, d = 2, 3, 1, 3: mean 2.25, sd 0.957,
        # t(0.975, 3) = 3.1824: 2.25 +- 1.523 -> [0.73, 3.77], excludes 0
        self.assertRegex(res.stdout, r"(?m)^referrals +alt +9\.75 +7\.50  "
                                     r"\+2\.25 \[0\.73, 3\.77\] \*$")
        # hours_used per role: huisarts 3 x (3, 4, 5, 6) vs 3 x (4, 5, 6, 7): -3 exactly
        self.assertRegex(res.stdout, r"(?m)^hours_used\[huisarts\] \(hour\) +alt +13\.5 +16\.5  "
                                     r"-3\.00 \[-3\.00, -3\.00\] \*$")
        # needs_latent: d = 1, -1, 1, -1 -> mean 0, interval includes 0: no star
        row = [l for l in lines if l.startswith("needs_latent")]
        self.assertEqual(len(row), 1, res.stdout)
        self.assertFalse(row[0].endswith("*"), row)
        self.assertLessEqual(max(map(len, lines)), 100)

    def test_errors(self):
        script = os.path.join(ANALYSIS, "compare.py")
        for args in ([os.path.join(self.tmp, "missing.h5")],
                     [self.h5, "--baseline", "nope"],
                     [self.h5, "--show", "referrals,nonsense"],
                     [self.h5, "--metrics", "nonsense"]):
            res = run([PY, script] + args)
            self.assertEqual(res.returncode, 2, args)
            self.assertTrue(res.stderr.startswith("compare.py: "), res.stderr)


class TestFormat(unittest.TestCase):
    def test_numbers(self):
        self.assertEqual(labels.fmt_num(1234567.891, "nl", 1), "1.234.567,9")
        self.assertEqual(labels.fmt_num(1234567.891, "en", 1), "1,234,567.9")
        self.assertEqual(fmt.value("early_share", 0.6121, "1", "nl"), "61,2%")
        self.assertEqual(fmt.diff_parts("early_share", "1", -0.072, -0.084, -0.06, 0.5,
                                        "en")[1], "−7.2\u00a0percentage points")
        # relative: -16.2 of 99.7 -> -16.2%
        self.assertEqual(fmt.diff_parts("escalations_total", "1", -16.2, -18.4, -14.0, 99.7,
                                        "en")[1], "−16.2%")
        self.assertEqual(fmt.plain(0.000675), "0.0007")
        # an interval reaching below -100% of the baseline is given in units
        size, d, ci = fmt.diff_parts("escalations_total", "1", -8.0, -13.0, -3.0, 10.0, "en")
        self.assertNotIn("%", size + d + ci)
        self.assertEqual(d, "−8.0")
        self.assertIn("−13.0", ci)


class TestDecompose(Tmp):
    def test_section_from_fake_group(self):
        path = os.path.join(self.tmp, "decompose.h5")
        shutil.copy(self.h5, path)
        with h5py.File(path, "r+") as f:
            g = f.create_group("decompose")
            g.attrs["scenario"] = "alt"
            g.attrs["baseline"] = "baseline"
            g.attrs["replicates"] = np.int64(4)
            g.attrs["seed"] = np.int64(777)
            g["ingredient"] = _strings(["pooled_budget", "mdo"])
            g["outcome"] = _strings(["escalations_total", "early_share"])
            g["unit"] = _strings(["1", "1"])
            g["stat"] = _strings(["mean", "lo95", "hi95"])
            shapley = np.array([[[-10, -12, -8], [0.01, 0.0, 0.02]],
                                [[-5, -7, -3], [0.02, 0.01, 0.03]]], float)
            g["shapley"] = shapley
            g["single"] = shapley * 0.9
            g["total"] = np.array([[-15, -18, -12], [0.03, 0.02, 0.04]], float)
            g["remainder"] = np.array([[-1.5, -3, 0], [0.003, -0.01, 0.01]], float)
            g["baseline_value"] = np.array([100.0, 0.6])
            g["scenario_value"] = np.array([85.0, 0.63])
        for lang in ("en", "nl"):
            with data.ResultFile(path) as result:
                page = report.build_report(result, lang=lang)
            m = re.search(r'(?s)<section id="decompose">(.*?)</section>', page)
            self.assertIsNotNone(m, lang)
            body = m.group(1)
            self.assertIn(labels.INGREDIENT_NAMES["pooled_budget"][lang], body)
            # the share in percent, its effects in percentage points: 0.03 -> 3.0
            self.assertIn("3.0 (2.0 to 4.0)" if lang == "en" else "3,0 (2,0 tot 4,0)", body)
            self.assertIn("60.0%" if lang == "en" else "60,0%", body)
            if lang == "nl":
                vocab = english_words()
                words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}",
                                                       visible_text(body))}
                words -= {"baseline"}                 # the scenario's name
                self.assertEqual(sorted(words & vocab), [], "English in the Dutch section")
            self.assertIn("Shapley", body)
            self.assertIn("−10" if lang == "en" else "−10", body)
            self.assertIn(labels.label("escalations_total", lang), body)
            self.assertIn(labels.TEXT["interaction"][lang], body)
        with data.ResultFile(self.h5) as result:
            self.assertNotIn('id="decompose"', report.build_report(result))
            # ... unless the decomposition comes from another file (make run)
            page = report.build_report(result, lang="nl", decompose_path=path)
        self.assertIn('<section id="decompose">', page)
        self.assertIn("decompose.h5", page[page.index('id="provenance"'):])
        script = os.path.join(ANALYSIS, "report.py")
        out = os.path.join(self.tmp, "with-decompose.html")
        res = run([PY, script, self.h5, "-o", out, "--decompose", path])
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertIn('<section id="decompose">', f.read())
        # a file without /decompose, or none at all: one line, exit 2
        for bad in (self.h5, os.path.join(self.tmp, "missing.h5")):
            res = run([PY, script, self.h5, "-o", out, "--decompose", bad])
            self.assertEqual(res.returncode, 2, res.stderr)
            self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)
        self.assertIn("has no /decompose group", run(
            [PY, script, self.h5, "-o", out, "--decompose", self.h5]).stderr)


@unittest.skipUnless(os.access(WIJKSIM, os.X_OK), "no wijksim binary (run make)")
class TestReportReal(unittest.TestCase):
    """One tiny real run, and copies of it with crafted effects."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="wijk-report-")
        cls.h5 = os.path.join(cls.tmp, "real.h5")
        res = run([WIJKSIM, "run"] + [os.path.join(ROOT, "scenarios", s + ".cfg")
                                      for s in ("baseline", "ruwaard")]
                  + ["-o", cls.h5, "-r", "3", "--days", "66", "--quiet", "-t", "2",
                     "--set", "world.residents_per_wijk=2000",
                     "--set", "simulation.warmup_days=56"])
        if res.returncode != 0:
            raise AssertionError("wijksim run failed: %s" % res.stderr)
        cls.pages = {}
        out = os.path.join(cls.tmp, "report-en.html")   # the script once, in English
        res = run([PY, os.path.join(ANALYSIS, "report.py"), cls.h5, "-o", out])
        if res.returncode != 0:
            raise AssertionError("report.py failed: %s" % res.stderr)
        with open(out, encoding="utf-8") as f:
            cls.pages["en"] = f.read()
        with data.ResultFile(cls.h5) as result:
            cls.pages["nl"] = report.build_report(result, lang="nl")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_sections(self):
        for lang, page in self.pages.items():
            self.assertIn('<html lang="%s">' % lang, page)
            for sid in SECTIONS:
                self.assertIn('<section id="%s">' % sid, page, (lang, sid))
            self.assertLess(page.index('id="key-messages"'), page.index('id="scenarios"'))
            self.assertLess(page.index('id="limitations"'), page.index('id="provenance"'))
            n = len(re.findall(r"<li class=\"(relevant|none|level)\"", page))
            self.assertTrue(3 <= n <= 5, (lang, n))
            # provenance: version, command, seed, SHA-256 of each scenario
            prov = page[page.index('id="provenance"'):]
            for s in ("baseline", "ruwaard"):
                self.assertIn(s, prov)
            self.assertRegex(prov, r"<code>[0-9a-f]{64}</code>")
            self.assertIn("wijksim", prov)
            # what ruwaard changes: a setting it sets differently from the baseline
            self.assertIn("mdo.enabled", page)
            # working together: failed referrals, MDOs, the network (the exercises)
            group = page[page.index('id="group-collaboration"'):page.index('id="group-waits"')]
            for metric in ("referrals_failed", "mdo_held", "network_density", "network_phase"):
                self.assertIn(html.escape(labels.label(metric, lang), quote=False), group,
                              (lang, metric))

    def test_figures_embedded_with_alt(self):
        for lang, page in self.pages.items():
            check_html(self, page)
            self.assertEqual(len(re.findall(r"<img\b", page)), 4, lang)

    def test_assumptions_are_marked(self):
        # ruwaard.cfg lists its assumed values; sourced changes stay unmarked
        for lang, word in (("en", "(assumption)"), ("nl", "(aanname)")):
            page = self.pages[lang]
            rows = re.findall(r"<tr><td><code>([^<]*)</code></td>.*?</tr>", page)
            marked = re.findall(r'<tr><td><code>([^<]*)</code></td>[^\n]*'
                                r'<span class="assumption">' + re.escape(word), page)
            self.assertIn("mdo.combined_contact_share", marked, lang)
            self.assertIn("referral.pooled_budget", rows, lang)
            self.assertNotIn("referral.pooled_budget", marked, lang)

    def test_dutch_has_no_english(self):
        vocab = english_words()
        self.assertIn("shorter", vocab)          # the check has teeth
        self.assertIn("occupancy", vocab)
        text = visible_text(self.pages["nl"])
        for name in ("baseline", "ruwaard"):
            text = text.replace(name, " ")
        found = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & vocab)
        self.assertEqual(found, [], "English words in the Dutch report")
        # consistent Dutch terms
        self.assertNotIn("belasting van professionals", text)
        self.assertIn("bezettingsgraad", text)
        en = visible_text(self.pages["en"])
        self.assertIn("Key messages", en)

    def test_dutch_description_from_the_file(self):
        with open(os.path.join(ROOT, "scenarios", "ruwaard.cfg"), encoding="utf-8") as f:
            text = f.read()
        en = re.search(r'(?m)^description = "(.*)";$', text).group(1)
        nl = re.search(r'(?m)^description_nl = "(.*)";$', text).group(1)
        scen = lambda page: page[page.index('id="scenarios"'):page.index('id="indicators"')]
        self.assertIn(html.escape(nl, quote=False), scen(self.pages["nl"]))
        self.assertNotIn(html.escape(en, quote=False), scen(self.pages["nl"]))
        self.assertIn(html.escape(en, quote=False), scen(self.pages["en"]))
        # a file without description_nl: the Dutch report falls back to description
        path = os.path.join(self.tmp, "no-nl.h5")
        shutil.copy(self.h5, path)
        with h5py.File(path, "r+") as f:
            g = f["scenarios/ruwaard"]
            config = g.attrs["config"]
            config = config.decode() if isinstance(config, bytes) else config
            self.assertIn("description_nl = ", config)
            g.attrs["config"] = re.sub(r"(?m)^description_nl = .*\n", "", config)
        with data.ResultFile(path) as result:
            page = report.build_report(result, lang="nl")
        self.assertIn(html.escape(en, quote=False), scen(page))
        # and the Dutch description is no change of the scenario
        self.assertNotIn("description_nl", scen(self.pages["nl"]))

    def crafted(self, name, change):
        """A copy of the real run with ruwaard's datasets changed by change(group, base)."""
        path = os.path.join(self.tmp, name + ".h5")
        shutil.copy(self.h5, path)
        with h5py.File(path, "r+") as f:
            change(f["scenarios/ruwaard"], f["scenarios/baseline"])
        with data.ResultFile(path) as result:
            _, table = indicators.compare(result)
            page = report.build_report(result, lang="en")
        return table, page

    def messages(self, page):
        return re.findall(r'<li class="(\w+)" data-kind="\w+" data-metric="(\w+)" '
                          r'data-label="(\w*)" data-scenario="([\w-]+)">(.*?)</li>', page)

    @staticmethod
    def add_escalations(g, base, share):
        """Ruwaard's escalations = the baseline's + share x their mean total, in every
        replicate: a paired difference with no spread, clear at any size."""
        e = base["escalations"][()].astype(float)
        e[:, 0, 0] += share * e.sum(axis=(1, 2)).mean()
        g["escalations"][...] = e

    def test_no_message_below_relevance(self):
        def small(g, base):
            # escalations 3% above the baseline in every replicate: clear, below 5%
            self.add_escalations(g, base, 0.03)
            g["cost_second_line"][...] = base["cost_second_line"][()]
            g["cost_total"][...] = base["cost_total"][()]
        table, page = self.crafted("small", small)
        row = indicators.select(table, "ruwaard", "escalations_total")
        self.assertTrue(row.excludes_zero and not row.relevant, row)
        msgs = self.messages(page)
        self.assertTrue(3 <= len(msgs) <= 5, msgs)
        for kind, metric, label, scen, _ in msgs:
            if kind == "relevant":
                self.assertNotEqual(metric, "escalations_total")
                r = indicators.select(table, scen, metric, label)
                self.assertTrue(r.relevant and abs(r.diff_mean) >= r.threshold, r)
        # said as no relevant difference, if at all
        for kind, metric, _, _, text in msgs:
            if metric == "escalations_total":
                self.assertEqual(kind, "none")
                self.assertIn("no relevant difference", text)

    def test_relevant_effect_is_a_message(self):
        def large(g, base):
            self.add_escalations(g, base, 0.5)
        table, page = self.crafted("large", large)
        self.assertTrue(indicators.select(table, "ruwaard", "escalations_total").relevant)
        msgs = [m for m in self.messages(page) if m[1] == "escalations_total"]
        self.assertEqual(len(msgs), 1)
        self.assertEqual(msgs[0][0], "relevant")
        self.assertIn("50.0% higher", msgs[0][4])
        self.assertIn("95% interval", msgs[0][4])

    def test_constant_outputs_are_limitations(self):
        # needs_new is the same in every paired replicate (common random numbers)
        lim = self.pages["en"][self.pages["en"].index('id="limitations"'):]
        self.assertIn("same in every scenario", lim)
        self.assertIn(labels.label("needs_new", "en").split(" (")[0], lim)

    def test_single_scenario(self):
        path = os.path.join(self.tmp, "one.h5")
        shutil.copy(self.h5, path)
        with h5py.File(path, "r+") as f:
            del f["scenarios/ruwaard"]
        with data.ResultFile(path) as result:
            page = report.build_report(result, lang="nl")
        for sid in SECTIONS:
            self.assertIn('<section id="%s">' % sid, page)
        self.assertIn('data-kind="level"', page)

    def test_errors(self):
        script = os.path.join(ANALYSIS, "report.py")
        for args in ([os.path.join(self.tmp, "missing.h5")], [self.h5, "--baseline", "nope"]):
            res = run([PY, script] + args + ["-o", os.path.join(self.tmp, "x.html")])
            self.assertEqual(res.returncode, 2)
            self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
