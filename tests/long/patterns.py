#!/usr/bin/python3
"""Stylised facts in size (make check-long): each scenario against the baseline,
paired over 20 replicates in steady state, with the size the difference must
reach and why (model/PARAMETERS.md "Patterns").

usage: patterns.py BINARY [RESULT.h5 [DECOMPOSE.h5]]
RESULT.h5 holds baseline, ruwaard, samenredzaamheid and staff-shortage from one
paired run (tests/check-long.sh writes one; without it this script runs them);
DECOMPOSE.h5 is `wijksim decompose scenarios/ruwaard.cfg --baseline
scenarios/baseline.cfg -r 20` (run here when not given).

A pattern holds when the paired difference (scenario - baseline) is
statistically clear in the expected direction (its 95% t interval excludes 0)
*and* at least the stated size. Prints one line per pattern with the
difference, its interval, the unpaired spread of one wijk (sd of the
scenario's replicate values) and the size; a pattern in KNOWN_MISSES is
reported as MISS and does not fail the run; any other miss fails it (exit 1).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
from wijksim_analysis import decompose as dec  # noqa: E402
from wijksim_analysis import stats  # noqa: E402
from wijksim_analysis.data import ResultFile  # noqa: E402

REPLICATES = 20
SCENARIOS = ("baseline", "ruwaard", "samenredzaamheid", "staff-shortage")

# Patterns the honestly parameterised model does not reach, with the numbers
# and the reason. Reported, not failing: the model is not tuned to pass them.
KNOWN_MISSES = {
    "ruwaard: more social needs signalled early":
        "+1.2 pp (95% CI 1.0 to 1.3; +1.7 pp before the recalibration of 2 December 2026), "
        "below 2 pp: early signalling is a share of the signalled needs, and Ruwaard's lower "
        "threshold brings in needs early and late alike",
    "samenredzaamheid: earlier signalling of social needs":
        "-4.2 pp (-7.2 before the recalibration): the wijkpunt signals many social needs "
        "that were never signalled in the baseline, at every severity (its channel rates "
        "rise with severity, an assumption), so the share signalled early falls while the "
        "number signalled early rises",
    "staff shortage: longer waits at wijkverpleging":
        "+0.02 days (95% CI -0.00 to 0.05): wijkverpleging is 32% occupied in the baseline "
        "(home care is thuiszorg's), so a 15% cut raises its occupancy and leaves its wait",
    "staff shortage: more informal care hours":
        "+8,300 h (+1.3%, 95% CI 6,800 to 9,800), below 5%: home care is cut by 15% and "
        "most of what it no longer gives stays unmet (carers are at their capacity)",
}
# Met since the recalibration of 2 December 2026 (model/PARAMETERS.md
# "Calibration"), and so checks again: the MDO's Shapley share of Ruwaard's
# escalation effect (-0.64, 95% CI -1.21 to -0.07), samenredzaamheid's GP time on
# non-somatic needs (-193 contacts), and the staff shortage's overloaded carers
# (+6.7) and escalations (+7.9).


def gp_social_contacts(s):
    """Contacts at the huisarts for need types outside the somatic dimension
    (psychosocial and social), per replicate: contacts_by_type [R, T, role, need_type]."""
    data = s.data("contacts_by_type")
    groups = s.need_type_groups()
    social = [i for i, t in enumerate(s.labels("need_type")) if groups.get(t) == "social"]
    return data[:, :, s.labels("role").index("huisarts"), :][:, :, social].sum(axis=(1, 2))


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tmp, "long.h5")
    dec_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(tmp, "decompose.h5")
    if len(sys.argv) <= 2:
        subprocess.run([binary, "run"] + ["scenarios/%s.cfg" % n for n in SCENARIOS] +
                       ["-o", path, "-r", str(REPLICATES), "--quiet", "--force"], check=True)
    if len(sys.argv) <= 3:
        subprocess.run([binary, "decompose", "scenarios/ruwaard.cfg", "--baseline",
                        "scenarios/baseline.cfg", "-r", str(REPLICATES), "-o", dec_path,
                        "--force"], check=True, stdout=subprocess.DEVNULL)
    results = []

    def report(name, ok, line):
        known = name in KNOWN_MISSES
        results.append(True if ok else ("miss" if known else False))
        print(f"{'ok  ' if ok else ('MISS' if known else 'FAIL')} {name}: {line}")
        if known:
            print(f"     {'(was a known miss) ' if ok else 'known miss: '}{KNOWN_MISSES[name]}")

    with ResultFile(path) as f:
        base = f.scenario("baseline")

        def pattern(name, scen, value, sign, size, relative, why):
            """value(scenario) -> per-replicate array; sign +1/-1; size absolute or a
            share of the baseline mean (relative)."""
            a = value(base)
            b = value(f.scenario(scen))
            d = stats.paired_difference(b, a)
            need = size * abs(float(np.mean(a))) if relative else size
            clear = d["lo"] > 0 if sign > 0 else d["hi"] < 0
            big = sign * d["mean"] >= need
            spread = float(np.std(b, ddof=1))
            report(name, clear and big,
                   f"{d['mean']:+.4g} (95% CI {d['lo']:.4g} to {d['hi']:.4g}); size "
                   f"{'+' if sign > 0 else '-'}{need:.3g}"
                   f"{' = %g%% of %.4g' % (100 * size, np.mean(a)) if relative else ''}; "
                   f"one wijk's sd {spread:.3g}\n     why: {why}")

        def scenario_value(name, scen, value, lo, hi, why):
            v = float(np.mean(value(f.scenario(scen))))
            report(name, lo <= v <= hi, f"{v:.4g} (band {lo}-{hi})\n     why: {why}")

        def summary(metric, label=None):
            return lambda s: s.summary(metric, label)

        # Ruwaard (seed 001: Proeftuin Ruwaard; issue 14)
        scenario_value("ruwaard: wijkteam waiting list almost gone", "ruwaard",
                       summary("wait_days", "sociaal_wijkteam"), 0.0, 7.0,
                       "'bijna geen wachtlijsten': under a week, an assumption for 'almost none'")
        pattern("ruwaard: fewer escalations", "ruwaard", summary("escalations_total"), -1,
                0.05, True, "minimal relevant difference of escalations")
        pattern("ruwaard: more social needs signalled early", "ruwaard",
                summary("early_share_social"), +1, 0.02, False,
                "2 percentage points, the minimal relevant difference")
        pattern("ruwaard: lower second-line cost", "ruwaard", summary("cost_second_line"), -1,
                0.02, True, "fewer crises; minimal relevant difference of costs")

        # Samenredzaamheid (seed 004: "eerdere signalering van problemen en meer
        # gebruik van informele zorg")
        pattern("samenredzaamheid: earlier signalling of social needs", "samenredzaamheid",
                summary("early_share_social"), +1, 0.02, False,
                "'several percentage points'; 2 pp, the minimal relevant difference")
        pattern("samenredzaamheid: more informal and volunteer hours", "samenredzaamheid",
                summary("informal_hours"), +1, 0.05, True,
                "'meer gebruik van informele zorg'; minimal relevant difference")
        pattern("samenredzaamheid: less GP time on psychosocial and social needs",
                "samenredzaamheid", gp_social_contacts,
                -1, 0.05, True, "contacts_by_type at the huisarts for non-somatic needs; 5%")
        pattern("samenredzaamheid: carers less overloaded (carer support)", "samenredzaamheid",
                summary("carers_overloaded"), -1, 0.05, True,
                "carer support is part of the scenario; minimal relevant difference")

        # Staff shortage
        pattern("staff shortage: longer waits at the wijkteam", "staff-shortage",
                summary("wait_days", "sociaal_wijkteam"), +1, 1.0, False,
                "one day, the minimal relevant difference of waits")
        pattern("staff shortage: longer waits at wijkverpleging", "staff-shortage",
                summary("wait_days", "wijkverpleging"), +1, 1.0, False,
                "one day, the minimal relevant difference of waits")
        pattern("staff shortage: more informal care hours", "staff-shortage",
                summary("care_informal_hours"), +1, 0.05, True,
                "carers take over cut home care; minimal relevant difference")
        pattern("staff shortage: more overloaded carers", "staff-shortage",
                summary("carers_overloaded"), +1, 0.05, True, "minimal relevant difference")
        pattern("staff shortage: more escalations", "staff-shortage",
                summary("escalations_total"), +1, 0.05, True, "minimal relevant difference")
        pattern("staff shortage: second-line cost rises with the escalations",
                "staff-shortage", summary("cost_second_line"), +1, 0.02, True,
                "a cut that costs more in crises; minimal relevant difference of costs")

    # Ruwaard's ingredients (decompose, common random numbers): the MDO and the
    # network each contribute to the escalation effect, interval below zero.
    import h5py
    with h5py.File(dec_path, "r") as h:
        d = dec.read(h)
    o = d["outcomes"].index("escalations")
    total = d["total"][o]
    for ingredient in ("mdo", "network"):
        k = d["ingredients"].index(ingredient)
        mean, lo, hi = d["shapley"][k, o]
        report(f"ruwaard: {ingredient}'s share of the escalation effect", hi < 0,
               f"Shapley {mean:+.3g} (95% CI {lo:.3g} to {hi:.3g}) of a total {total[0]:+.3g} "
               f"({d['replicates']} replicates; expected an interval below 0)")
    print("     all Shapley contributions to escalations: " + ", ".join(
        f"{n} {d['shapley'][i, o, 0]:+.2f}" for i, n in enumerate(d["ingredients"])))

    passed = sum(1 for r in results if r is True)
    missed = sum(1 for r in results if r == "miss")
    failed = len(results) - passed - missed
    print(f"\npatterns: {passed} passed, {failed} failed, {missed} known miss"
          f"{'es' if missed != 1 else ''} (reported above, not failing the run)")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
