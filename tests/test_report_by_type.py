#!/usr/bin/python3
"""Early signalling by need group, the cost headline and needs_turned_away,
end to end: wijksim run -> wijksim_analysis / info / compare.py / report.py.

Builds one small result with the binary ($WIJKSIM, else bin/wijksim): the
baseline and samenredzaamheid scenarios, 3 replicates, 120 days, 2,000
residents, a yearly cost per FTE for two roles (so cost_capacity is not 0)
and a small waiting-list limit at the GP (so needs are turned away). Then:

  - early_share_somatic / early_share_social from wijksim_analysis equal, exactly,
    the shares computed here from signals_early_by_type and signals_by_type
    with h5py, over the need types whose dimension (read from the stored
    config with a regular expression, not with wijksim_analysis's reader) is
    lichaamsfuncties resp. any other; per replicate over the run and per
    interval;
  - cost_total is the stored metric (= cost_capacity + cost_second_line),
    not cost_formal + cost_second_line;
  - `wijksim info` prints the two shares and cost_total with the means
    computed here, needs_turned_away for the GP, no line over 100 columns;
  - compare.py and report.py (en, nl) run and name both shares, the cost
    headline and the capacity note;
  - a file of the older layout (no cost_total, no signals_by_type) still
    works: info says what is missing, wijksim_analysis falls back.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "analysis"))  # the package's folder, as for the scripts

from wijksim_analysis.data import ResultFile  # noqa: E402

WIJKSIM = os.environ.get("WIJKSIM") or os.path.join(ROOT, "bin", "wijksim")
PY = "/usr/bin/python3"
SCENARIOS = ("baseline", "samenredzaamheid")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def dimensions(config):
    """{need type: dimension} from the stored config text, by regex."""
    block = config[config.index("need_types"):]
    return dict(re.findall(r'name\s*=\s*"([^"]+)";\s*dimension\s*=\s*"([^"]+)";', block))


def shares_from_file(path, scenario):
    """(somatic, social) early shares per replicate [R] and per interval
    [R, T], straight from the datasets."""
    with h5py.File(path, "r") as f:
        g = f["scenarios"][scenario]
        dims = dimensions(text(g.attrs["config"]))
        types = [text(t) for t in g["need_type"][()]]
        early = np.asarray(g["signals_early_by_type"][()], float)
        every = np.asarray(g["signals_by_type"][()], float)
    out = {}
    for group in ("somatic", "social"):
        pick = [i for i, t in enumerate(types)
                if (dims[t] == "lichaamsfuncties") == (group == "somatic")]
        num, den = early[:, :, pick], every[:, :, pick]
        run_share = num.sum(axis=(1, 2)) / den.sum(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            interval = np.where(den.sum(axis=2) > 0,
                                num.sum(axis=2) / den.sum(axis=2), np.nan)
        out[group] = (run_share, interval, [types[i] for i in pick])
    return out


class ReportByType(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(WIJKSIM, os.X_OK):
            raise unittest.SkipTest("no wijksim binary at %s (run make)" % WIJKSIM)
        cls.tmp = tempfile.mkdtemp(prefix="wijksim-by-type-")
        cls.path = os.path.join(cls.tmp, "out.h5")
        args = [WIJKSIM, "run"] + [os.path.join(ROOT, "scenarios", s + ".cfg")
                                   for s in SCENARIOS]
        args += ["-o", cls.path, "-r", "3", "--days", "120", "--quiet", "-t", "2",
                 "--set", "world.residents_per_wijk=2000",
                 "--set", "roles.huisarts.cost_per_fte_per_year=150000",
                 "--set", "roles.sociaal_wijkteam.cost_per_fte_per_year=90000",
                 "--set", "roles.huisarts.max_wait_days=0.2"]
        res = run(args)
        if res.returncode != 0:
            raise AssertionError("wijksim run failed: %s" % res.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_groups_are_the_configs(self):
        got = shares_from_file(self.path, "baseline")
        self.assertEqual(sorted(got["somatic"][2]), ["acuut_somatisch", "chronisch"])
        self.assertIn("eenzaamheid", got["social"][2])
        self.assertIn("psychisch", got["social"][2])

    def test_shares_exact(self):
        with ResultFile(self.path) as result:
            differ = False
            for name in SCENARIOS:
                s = result.scenario(name)
                want = shares_from_file(self.path, name)
                for group in ("somatic", "social"):
                    metric = "early_share_" + group
                    self.assertTrue(s.info(metric).derived)
                    run_share, interval, _ = want[group]
                    self.assertTrue(np.isfinite(run_share).all(), (name, group))
                    np.testing.assert_array_equal(s.summary(metric), run_share)
                    np.testing.assert_array_equal(s.series(metric), interval)
                if not np.array_equal(want["somatic"][0], want["social"][0]):
                    differ = True
                # the two groups together are all signals
                both = (want["somatic"][0], want["social"][0])
                self.assertTrue(np.all(np.minimum(*both) <= s.summary("early_share") + 1e-12))
                self.assertTrue(np.all(np.maximum(*both) >= s.summary("early_share") - 1e-12))
            self.assertTrue(differ, "somatic and social shares are equal: a swap would pass")

    def test_cost_total_is_stored(self):
        with h5py.File(self.path, "r") as f:
            g = f["scenarios/baseline"]
            stored = g["cost_total"][()].sum(axis=1)
            capacity = g["cost_capacity"][()].sum(axis=1)
            second = g["cost_second_line"][()].sum(axis=1)
            formal = g["cost_formal"][()].sum(axis=1)
        self.assertTrue((capacity > 0).all())
        np.testing.assert_allclose(stored, capacity + second, rtol=1e-9)
        self.assertFalse(np.allclose(stored, formal + second, rtol=1e-6))
        with ResultFile(self.path) as result:
            s = result.scenario("baseline")
            self.assertFalse(s.info("cost_total").derived)
            np.testing.assert_array_equal(s.summary("cost_total"), stored)

    def test_info(self):
        res = run([WIJKSIM, "info", self.path], env=dict(os.environ, COLUMNS="100"))
        self.assertEqual(res.returncode, 0, res.stderr)
        out = res.stdout
        sections = out.split("\nscenario '")[1:]
        self.assertEqual(len(sections), len(SCENARIOS))
        with h5py.File(self.path, "r") as f:
            for name, section in zip(SCENARIOS, sections):
                self.assertTrue(section.startswith(name + "'"))
                for line in section.splitlines():
                    self.assertLessEqual(len(line), 100, line)
                want = shares_from_file(self.path, name)
                for group, label in (("somatic", "somatic"), ("social", "social/psychosocial")):
                    m = re.search(r"(?m)^  early_share\s+%s\s+(\S+)" % re.escape(label), section)
                    self.assertIsNotNone(m, "no %s early share in info:\n%s" % (group, section))
                    self.assertEqual(m.group(1), "%.2f" % want[group][0].mean())
                cost = f["scenarios"][name]["cost_total"][()].sum(axis=1).mean()
                m = re.search(r"(?m)^  cost_total\s+headline cost\s+(\S+)", section)
                self.assertIsNotNone(m, section)
                self.assertEqual(m.group(1), "%.2f" % cost)
                self.assertRegex(section, r"(?m)^  cost_capacity\s+paid, used or not\s+\d")
                self.assertRegex(section, r"(?m)^  cost_second_line\s+escalations\s+\d")
                turned = f["scenarios"][name]["needs_turned_away"][()].sum(axis=1)
                roles = [text(r) for r in f["scenarios"][name]["role"][()]]
                for i, role in enumerate(roles):
                    shown = re.search(r"(?m)^  (needs_turned_away|\s{17}) %s\s+\d"
                                      % re.escape(role), section.split("\n\n")[0])
                    self.assertEqual(bool(shown), bool((turned[:, i] != 0).any()), role)
                self.assertTrue((turned[:, roles.index("huisarts")] > 0).all())

    def test_compare(self):
        csv_path = os.path.join(self.tmp, "out.csv")
        res = run([PY, os.path.join(ROOT, "analysis", "compare.py"), self.path,
                   "--csv", csv_path])
        self.assertEqual(res.returncode, 0, res.stderr)
        head = res.stdout
        for word in ("early, somatic needs", "early, social needs", "total cost",
                     "paid capacity", "second-line cost"):
            self.assertIn(word, head)
        with open(csv_path, encoding="utf-8") as f:
            body = f.read()
        for word in ("early_share_social", "needs_turned_away,huisarts", "cost_formal"):
            self.assertIn(word, body)

    def test_report(self):
        phrases = {"en": ("somatic needs", "social and psychosocial needs",
                          "used or not",
                          "total cost (paid professional capacity + second line)",
                          "needs turned away"),
                   "nl": ("somatische hulpvragen", "sociale en psychosociale hulpvragen",
                          "gebruikt of niet",
                          "totale kosten (betaalde professionele capaciteit",
                          "afgewezen")}
        for lang, words in phrases.items():
            page_path = os.path.join(self.tmp, "report-%s.html" % lang)
            res = run([PY, os.path.join(ROOT, "analysis", "report.py"), self.path,
                       "-o", page_path, "--lang", lang])
            self.assertEqual(res.returncode, 0, res.stderr)
            with open(page_path, encoding="utf-8") as f:
                page = f.read()
            for word in words:
                self.assertIn(word, page, lang)
            self.assertRegex(page, r'<img alt="[^"]{20,}" src="data:image/svg\+xml;base64,')

    def test_older_layout(self):
        old = os.path.join(self.tmp, "old.h5")
        shutil.copy(self.path, old)
        with h5py.File(old, "r+") as f:
            for g in f["scenarios"].values():
                for name in ("cost_total", "cost_capacity", "signals_by_type",
                             "signals_early_by_type", "needs_turned_away"):
                    del g[name]
        # Files of that layout were written before the seal (README "Result
        # file integrity"); an edited file keeps a seal that no longer
        # matches, so wipe it: a file without one is read.
        with open(old, "r+b") as f:
            f.write(b"\0" * 512)
        res = run([WIJKSIM, "info", old])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("cost_total        not in this file", res.stdout)
        self.assertIn("no signals_by_type in this file", res.stdout)
        with ResultFile(old) as result:
            s = result.scenario("baseline")
            self.assertTrue(s.info("cost_total").derived)
            self.assertNotIn("early_share_social", s.metrics())
            np.testing.assert_array_equal(
                s.summary("cost_total"),
                (s.data("cost_formal") + s.data("cost_second_line")).sum(axis=1))
        for script in ("compare.py", "report.py"):
            res = run([PY, os.path.join(ROOT, "analysis", script), old, "-o",
                       os.path.join(self.tmp, "old.html")] if script == "report.py"
                      else [PY, os.path.join(ROOT, "analysis", script), old])
            self.assertEqual(res.returncode, 0, res.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
