#!/usr/bin/python3
"""serve-bench.py [--rounds N] [--warmup] [BIN] — time POST /api/run of
`wijksim serve` as the page sends it (a slider change: one setting
differs), for the default pair of the explorer (an education scenario
against klein, 3,000 residents) and the default wijk (baseline.cfg, 13,500
residents, against itself), with 10 and 20 paired replicates of one year,
without warm-up (the explorer's default) and, with --warmup, after the
scenarios' own 2,190-day warm-up.

The configurations are interleaved round by round (the machine is shared)
and each line gives the median over the rounds of: the client's wall time
(request sent to answer parsed), the server's own elapsed_ms and engine_ms,
and the server process's CPU time (user + system, from /proc) per request;
"cached" counts the rounds whose baseline came from the server's cache (the
same baseline as an earlier round: every round but the first), and the
first round, which runs the baseline too, is shown on a line of its own.
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

args = sys.argv[1:]
rounds = 5
warm = False
while args and args[0].startswith("--"):
    if args[0] == "--rounds":
        rounds = int(args[1])
        args = args[2:]
    elif args[0] == "--warmup":
        warm = True
        args = args[1:]
    else:
        sys.exit("usage: serve-bench.py [--rounds N] [--warmup] [BIN]")
BIN = args[0] if args else "bin/wijksim"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


p = subprocess.Popen([BIN, "serve", "--port", "0", "--run-seconds", "600",
                      "--max-resident-days", "1e11"], stdout=subprocess.PIPE, text=True)
port = int(p.stdout.readline().split("http://", 1)[1].split("/")[0].rsplit(":", 1)[1])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
configs = []
for scen, base, label in (("mantelzorg", "klein", "education pair, 3,000 residents"),
                          ("baseline", "baseline", "default wijk, 13,500 residents")):
    for reps in (10, 20):
        for warmup in ((0, 2190) if warm else (0,)):
            configs.append((scen, base, label, reps, warmup))
times = {c: [] for c in configs}
try:
    for r in range(rounds):
        for c in configs:
            scen, base, _, reps, warmup = c
            body = json.dumps({"scenario": scen, "baseline": base, "replicates": reps,
                               "days": 365, "warmup_days": warmup,
                               "set": {"roles.huisarts.fte_per_1000": 0.5 + 0.01 * r}}).encode()
            req = urllib.request.Request("http://127.0.0.1:%d/api/run" % port, data=body,
                                         headers={"Content-Type": "application/json"})
            cpu0, t0 = cpu_seconds(p.pid), time.time()
            d = json.loads(opener.open(req).read())
            wall, cpu = time.time() - t0, cpu_seconds(p.pid) - cpu0
            times[c].append((wall * 1000, d["elapsed_ms"], d["engine_ms"], cpu * 1000,
                             d.get("baseline_cached", False)))
finally:
    p.terminate()
    p.wait()
print("load average %s; %d CPUs; %d rounds; medians" % (
    " ".join(open("/proc/loadavg").read().split()[:3]), os.cpu_count(), rounds))
print("%-32s %5s %6s %9s %9s %9s %9s %7s" % ("pair", "reps", "warmup", "client_ms", "server_ms",
                                             "engine_ms", "cpu_ms", "cached"))
for c in configs:
    med = [statistics.median(x[i] for x in times[c]) for i in range(4)]
    hits = sum(x[4] for x in times[c])
    print("%-32s %5d %6d %9.0f %9.0f %9.0f %9.0f %4d/%-2d" % (c[2], c[3], c[4], *med, hits,
                                                             len(times[c])))
    # the first round runs the baseline; the others write its cached values
    if hits < len(times[c]):
        first = times[c][0]
        print("%-32s %5s %6s %9.0f %9.0f %9.0f %9.0f %7s" % ("  first round (baseline run)", "",
                                                             "", *first[:4], "no"))
