#!/usr/bin/python3
"""serve_api.py WIJKSIM TMPDIR — the checks of serve_api.sh (see there).

Standard library only. Each check prints one line; the first failure raises
and the script exits 1 with the reason. Runs are kept tiny (the education
scenarios, 3,000 residents, a few weeks, 2-4 replicates) so that the whole
test takes well under a minute on a loaded machine; the time-limit test uses
a second server with --run-seconds 1.
"""
import ast
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

W, TMP = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
TINY = {"scenario": "mdo", "baseline": "klein", "replicates": 2, "days": 28}
checks = 0


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def ok(msg):
    global checks
    checks += 1
    print("ok   " + msg)


class Server:
    def __init__(self, *args, env_tmp=None):
        self.tmpdir = env_tmp or os.path.join(TMP, "srv%d" % id(self))
        os.makedirs(self.tmpdir, exist_ok=True)
        env = dict(os.environ, TMPDIR=self.tmpdir, OMP_NUM_THREADS="2")
        self.err = open(os.path.join(self.tmpdir, "stderr"), "w+")
        self.p = subprocess.Popen([W, "serve", "--port", "0"] + list(args), stdout=subprocess.PIPE,
                                  stderr=self.err, env=env, text=True)
        line = self.p.stdout.readline()
        if "http://" not in line:
            self.err.seek(0)
            fail("serve did not print its address: %r %s" % (line, self.err.read()))
        self.url = line.split("http://", 1)[1].split("/", 1)[0]
        self.host, port = self.url.rsplit(":", 1)
        self.port = int(port)

    def request(self, method, path, body=None, headers=None, timeout=120):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Host": "127.0.0.1:%d" % self.port}
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def json(self, method, path, body=None, headers=None, want=200):
        status, hdrs, data = self.request(method, path, body, headers)
        try:
            doc = json.loads(data)
        except ValueError:
            fail("%s %s: not JSON (%d): %r" % (method, path, status, data[:200]))
        if status != want:
            fail("%s %s: status %d, expected %d: %s" % (method, path, status, want, doc))
        return doc

    def stop(self, sig=signal.SIGTERM, within=10.0):
        self.p.send_signal(sig)
        try:
            rc = self.p.wait(within)
        except subprocess.TimeoutExpired:
            self.p.kill()
            fail("serve did not stop within %g s of signal %d" % (within, sig))
        return rc

    def leftovers(self):
        return [n for n in os.listdir(self.tmpdir) if n.startswith("wijksim-serve-")]


def cli_message(*args):
    """The one-line message `wijksim validate ARGS` prints, without 'wijksim: '."""
    p = subprocess.run([W, "validate"] + list(args), capture_output=True, text=True)
    if p.returncode != 2:
        fail("validate %s: exit %d, expected 2" % (args, p.returncode))
    line = p.stderr.strip()
    return line[len("wijksim: "):] if line.startswith("wijksim: ") else line


def analysis_mrd():
    path = os.path.join(ROOT, "analysis", "wijksim_analysis", "indicators.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MRD":
            return ast.literal_eval(node.value)
    fail("no MRD in indicators.py")


def check_catalog(s):
    status, hdrs, data = s.request("GET", "/levers.json")
    if status != 200 or data != open("web/levers.json", "rb").read():
        fail("GET /levers.json: %d, not the file" % status)
    if not hdrs.get("Content-Type", "").startswith("application/json"):
        fail("GET /levers.json: Content-Type %s" % hdrs.get("Content-Type"))
    if "default-src 'self'" not in hdrs.get("Content-Security-Policy", ""):
        fail("no Content-Security-Policy")
    status, _, _ = s.request("GET", "/")
    want = 200 if os.path.exists("web/index.html") else 404
    if status != want:
        fail("GET /: %d, expected %d" % (status, want))
    ok("static files: /levers.json is the file, / is web/index.html (%d), CSP set" % status)

    sc = s.json("GET", "/api/scenarios")
    names = {x["name"]: x for x in sc["scenarios"]}
    for n in ("baseline", "klein", "mdo", "vertrouwen"):
        if n not in names:
            fail("/api/scenarios lacks %s: %s" % (n, sorted(names)))
    mdo = names["mdo"]
    if mdo["base"] != "klein" or mdo["file"] != "scenarios/education/mdo.cfg":
        fail("mdo: base %s file %s" % (mdo["base"], mdo["file"]))
    ch = {c["path"]: c for c in mdo["changes"]}
    if ch.get("mdo.enabled", {}).get("value") is not True or \
            ch["mdo.enabled"].get("base_value") is not False:
        fail("mdo changes: %s" % mdo["changes"])
    if mdo["lever_values"].get("mdo.enabled") is not True or mdo["residents"] != 3000:
        fail("mdo lever_values/residents: %s %s" % (mdo["lever_values"], mdo["residents"]))
    if names["baseline"]["base"] is not None or names["baseline"]["changes"]:
        fail("baseline has a base or changes")
    if sc["default_scenario"] not in names or sc["default_baseline"] not in names:
        fail("defaults: %s" % sc)
    ok("/api/scenarios: %d scenarios, mdo's base klein and its change mdo.enabled" % len(names))

    sch = s.json("GET", "/api/schema")
    p = subprocess.run([W, "settings"], capture_output=True, text=True, check=True)
    paths = {line.split()[0] for line in p.stdout.splitlines() if line.strip()}
    got = {e["path"] for e in sch["settings"]}
    if paths - got:
        fail("/api/schema lacks settings: %s" % sorted(paths - got)[:5])
    meant = [e for e in sch["settings"] if e["meaning"]]
    for e in meant:
        if not e.get("meaning_nl"):
            fail("setting %s: meaning but no meaning_nl" % e["path"])
    dutch = sum(e["meaning_nl"] != e["meaning"] for e in meant)
    if dutch < 0.9 * len(meant):
        fail("only %d of %d meaning_nl differ from the English meaning" % (dutch, len(meant)))
    ok("/api/schema: all %d settings with a meaning have a meaning_nl, %d of them not the "
       "English one" % (len(meant), dutch))
    levers = sch["levers"]
    if len(levers) < 15:
        fail("only %d levers" % len(levers))
    for lv in levers:
        if not lv.get("label_en") or not lv.get("label_nl") or not lv.get("meaning_nl"):
            fail("lever without labels: %s" % lv)
        if lv["kind"] == "slider" and not lv["min"] < lv["max"]:
            fail("lever range: %s" % lv)
        if not lv.get("meaning"):
            fail("lever without meaning: %s" % lv)
    mrd = analysis_mrd()
    ind = {i["metric"]: i for i in sch["indicators"]}
    for metric, (kind, value) in mrd.items():
        got_mrd = ind.get(metric, {}).get("mrd")
        if got_mrd != {"kind": kind, "value": value}:
            fail("MRD of %s: %s, analysis says %s %s" % (metric, got_mrd, kind, value))
    for k in ("replicates", "days", "warmup_days"):
        if k not in sch["run_defaults"]:
            fail("run_defaults lacks %s" % k)
    ok("/api/schema: %d settings (all of `wijksim settings`), %d levers, MRD of %d "
       "indicators as in indicators.py" % (len(got), len(levers), len(mrd)))

    v = s.json("GET", "/api/scenarios/mdo/value?path=network.tie_decay_per_day")
    p = subprocess.run([W, "validate", "scenarios/education/mdo.cfg"], capture_output=True,
                       text=True, check=True)
    want = [ln for ln in p.stdout.splitlines() if ln.strip().startswith("tie_decay_per_day")]
    if not want or float(want[0].split("=")[1].strip(" ;")) != v["value"]:
        fail("value of network.tie_decay_per_day: %s, validate says %s" % (v, want))
    if s.json("GET", "/api/scenarios/mdo/value?path=roles.nobody.fte")["value"] is not None:
        fail("value of a missing path is not null")
    s.json("GET", "/api/scenarios/nope/value?path=name", want=404)
    s.json("GET", "/api/scenarios/mdo/value?path=a%00b", want=400)
    s.json("GET", "/api/scenarios/mdo/value", want=400)
    ok("/api/scenarios/NAME/value?path=P: the value `validate` prints, null when absent")

    ex = s.json("GET", "/api/exercises")
    if not (ex["markdown_en"] or "").startswith("# Exercises"):
        fail("/api/exercises: %r" % (ex.get("markdown_en") or "")[:60])
    ok("/api/exercises: scenarios/education/README.md")
    return sch


def rerun_same(h5, name, what):
    """`wijksim rerun` of h5 into TMP/name gives the same datasets."""
    again = os.path.join(TMP, name)
    p = subprocess.run([W, "rerun", h5, "-o", again, "--quiet", "--force"], capture_output=True,
                       text=True)
    if p.returncode != 0:
        fail("%s: %s" % (what, p.stderr))
    p = subprocess.run(["/usr/bin/python3", "tests/h5same.py", h5, again], capture_output=True,
                       text=True)
    if p.returncode != 0:
        fail("%s differs: %s %s" % (what, p.stdout[-300:], p.stderr[-300:]))


def check_run(s, sch):
    body = dict(TINY, set={"roles.huisarts.fte_per_1000": 0.55, "mdo.min_open_needs": 2})
    d = s.json("POST", "/api/run", body)
    for k in ("id", "elapsed_ms", "indicators", "series", "time", "network", "flow",
              "downloads"):
        if k not in d:
            fail("run answer lacks %s" % k)
    if d["replicates"] != 2 or d["days"] != 28 or d["time"][-1] != 28:
        fail("run answer: replicates %s days %s time %s" % (d["replicates"], d["days"],
                                                           d["time"]))
    ids = [i["id"] for i in d["indicators"]]
    for want in ("early_share", "early_share_social", "informal_hours", "formal_load",
                 "wait_days:huisarts", "escalations_total", "carers_overloaded",
                 "health:meedoen", "cost_total"):
        if want not in ids:
            fail("indicators lack %s (have %s)" % (want, ids[:10]))
    for i in d["indicators"]:
        df = i["diff"]
        if df and i["relevant"] and not (i["excludes_zero"] and abs(df["mean"]) >= i["threshold"]
                                         - 1e-12):
            fail("relevant without the rule: %s" % i)
    for srs in d["series"]:
        for side in ("scenario", "baseline"):
            if srs[side] and len(srs[side]["mean"]) != len(d["time"]):
                fail("series %s: %d values for %d times" % (srs["id"], len(srs[side]["mean"]),
                                                           len(d["time"])))
    net = d["network"]
    if len(net["roles"]) < 5 or not net["scenario"]["edges"] or \
            len(net["scenario"]["phase"]) != len(d["time"]):
        fail("network: %s" % {k: net[k] for k in ("roles",)})
    for e in net["scenario"]["edges"] + net["baseline"]["edges"]:
        tie = e.get("tie")
        if not tie or len(tie) != len(d["time"]) or not all(0 <= x <= 1 for x in tie):
            fail("network edge %s -> %s: tie %s" % (e["from"], e["to"], tie))
    for side in ("scenario", "baseline"):
        f = d["flow"][side]
        nodes = {n["id"] for n in f["nodes"]}
        if not f["links"]:
            fail("flow %s has no links" % side)
        for ln in f["links"]:
            if ln["source"] not in nodes or ln["target"] not in nodes or not ln["value"] > 0:
                fail("flow link %s" % ln)
    ok("POST /api/run: %d indicators, %d series, network of %d roles, flow of %d links, "
       "%.0f ms" % (len(ids), len(d["series"]), len(net["roles"]),
                    len(d["flow"]["scenario"]["links"]), d["elapsed_ms"]))

    # the download: the file `run` writes, that info reads and rerun reproduces
    h5 = os.path.join(TMP, "dl.h5")
    status, hdrs, data = s.request("GET", d["downloads"]["h5"])
    if status != 200 or "attachment" not in hdrs.get("Content-Disposition", ""):
        fail("download: %d %s" % (status, hdrs))
    open(h5, "wb").write(data)
    p = subprocess.run([W, "info", h5], capture_output=True, text=True)
    if p.returncode != 0 or "scenario 'mdo'" not in p.stdout or "scenario 'klein'" not in p.stdout:
        fail("wijksim info of the download: %d %s" % (p.returncode, p.stderr))
    rerun_same(h5, "again.h5", "rerun of the download")
    status, _, cfg = s.request("GET", d["downloads"]["cfg"])
    cfg_path = os.path.join(TMP, "dl.cfg")
    open(cfg_path, "wb").write(cfg)
    if status != 200 or b"fte_per_1000 = 0.55;" not in cfg or b"min_open_needs = 2;" not in cfg:
        fail("download .cfg: %d, overrides missing" % status)
    p = subprocess.run([W, "validate", cfg_path], capture_output=True, text=True)
    if p.returncode != 0:
        fail("validate of the downloaded .cfg: %s" % p.stderr)
    status, _, bcfg = s.request("GET", d["downloads"]["baseline_cfg"])
    if status != 200 or b'name = "klein";' not in bcfg:
        fail("download .baseline.cfg: %d" % status)
    ok("downloads: the .h5 is read by `wijksim info` and reproduced by `rerun`; the .cfg "
       "holds the overrides and validates")

    # the numbers: the analysis's comparison of the downloaded file, when its
    # packages are installed
    try:
        sys.path.insert(0, os.path.join(ROOT, "analysis"))
        from wijksim_analysis import data, indicators
    except ImportError as e:
        print("skip analysis cross-check: %s (the analysis packages are not installed)" % e)
    else:
        with data.ResultFile(h5) as rf:
            _, tab = indicators.compare(rf, baseline="klein")
        mine = {i["id"]: i for i in d["indicators"]}
        rows = tab[(tab.scenario == "mdo") & tab.headline]
        worst = 0.0
        for _, row in rows.iterrows():
            key = row.metric + (":" + row.label if row.label else "")
            m = mine.get(key)
            if m is None:
                fail("indicator %s of the analysis is not in the answer" % key)
            for a, b in ((row.diff_mean, m["diff"] and m["diff"]["mean"]),
                         (row.diff_lo, m["diff"] and m["diff"]["lo"]),
                         (row.base_mean, m["baseline"]["mean"]),
                         (row["mean"], m["scenario"]["mean"])):
                if b is None:
                    if a == a:
                        fail("%s: null where the analysis has %s" % (key, a))
                    continue
                worst = max(worst, abs(a - b) / max(1e-300, abs(a) + abs(b)))
            if bool(row.relevant) != m["relevant"]:
                fail("%s: relevant %s, the analysis says %s" % (key, m["relevant"], row.relevant))
        if worst > 1e-9 or len(rows) != len(mine):
            fail("indicators differ from the analysis: worst relative %g, %d vs %d rows"
                 % (worst, len(mine), len(rows)))
        ok("indicators equal the analysis's comparison of the same file (%d rows, worst "
           "relative difference %.1g, tolerance 1e-9)" % (len(rows), worst))

    dflt = s.json("POST", "/api/run", {"scenario": "mdo"})
    rd = sch["run_defaults"]
    if (dflt["replicates"], dflt["days"], dflt["warmup_days"], dflt["baseline"]) != \
            (rd["replicates"], rd["days"], rd["warmup_days"], "klein"):
        fail("a request without fields: %s, run_defaults %s" % (
            {k: dflt[k] for k in ("replicates", "days", "warmup_days", "baseline")}, rd))
    ok("a request with only a scenario gets run_defaults %s and the scenario's base" % rd)

    # common random numbers: a scenario against itself differs by exactly 0
    same = s.json("POST", "/api/run", {"scenario": "klein", "baseline": "klein", "replicates": 3,
                                       "days": 21})
    for i in same["indicators"]:
        if i["diff"] and (i["diff"]["mean"] not in (0, None) or i["diff"]["lo"] not in (0, None)):
            fail("klein against klein: %s differs by %s" % (i["id"], i["diff"]))
    if same["baseline_group"] != "klein_baseline":
        fail("baseline group %s" % same["baseline_group"])
    again = s.json("POST", "/api/run", {"scenario": "klein", "baseline": "klein", "replicates": 3,
                                        "days": 21})
    if [i["scenario"] for i in again["indicators"]] != [i["scenario"] for i in same["indicators"]]:
        fail("the same request gave other numbers")
    ok("paired: klein against klein differs by exactly 0 in all %d indicators; the same "
       "request gives the same numbers" % len(same["indicators"]))
    return d


def check_baseline_cache(s):
    # A second run with the same baseline (text, seed and replicates) writes
    # the baseline's values of the first instead of running it: the answer
    # says so, and rerun of its download (which runs both afresh) gives the
    # same file; another baseline setting runs it again.
    base = dict(TINY, days=35)
    first = s.json("POST", "/api/run", dict(base, set={"roles.huisarts.fte_per_1000": 0.4}))
    second = s.json("POST", "/api/run", dict(base, set={"roles.huisarts.fte_per_1000": 0.5}))
    other = s.json("POST", "/api/run", dict(base, baseline_set={"roles.huisarts.fte_per_1000": 0.45}))
    if (first["baseline_cached"], second["baseline_cached"], other["baseline_cached"]) != \
            (False, True, False):
        fail("baseline_cached: %s %s %s, expected false true false" % (
            first["baseline_cached"], second["baseline_cached"], other["baseline_cached"]))
    h5 = os.path.join(TMP, "cached.h5")
    status, _, data = s.request("GET", second["downloads"]["h5"])
    if status != 200:
        fail("download of the cached run: %d" % status)
    open(h5, "wb").write(data)
    rerun_same(h5, "cached_again.h5", "rerun of the cached run (the baseline run afresh)")
    base_first = [i["baseline"] for i in first["indicators"]]
    if base_first != [i["baseline"] for i in second["indicators"]]:
        fail("the cached baseline gave other indicators")
    ok("baseline cache: the second run of a baseline is not run again (engine %.0f ms against "
       "%.0f ms) and its file equals a rerun's; another baseline setting runs it again"
       % (second["engine_ms"], first["engine_ms"]))


def check_errors(s):
    def err(body, status, contains=None, exact=None, raw=False, headers=None):
        st, _, data = s.request("POST", "/api/run", body if not raw else body, headers)
        try:
            doc = json.loads(data)
        except ValueError:
            fail("error answer not JSON: %r" % data[:100])
        if st != status or doc.get("status") != status:
            fail("%r: status %d, expected %d: %s" % (body if raw else body, st, status, doc))
        if contains and contains not in doc["error"]:
            fail("%r: %r lacks %r" % (body, doc["error"], contains))
        if exact is not None and doc["error"] != exact:
            fail("%r: message\n  %r\nCLI says\n  %r" % (body, doc["error"], exact))
    j = {"Content-Type": "application/json"}
    err(b'{"scenario": "mdo", ', 400, "malformed JSON", raw=True, headers=j)
    err(b'[1, 2]', 400, "expected a JSON object", raw=True, headers=j)
    err(b'{"scenario": "mdo", "scenario": "klein"}', 400, "malformed JSON", raw=True, headers=j)
    err(dict(TINY, colour="red"), 400, "unknown field 'colour'")
    err(dict(TINY, scenario="nope"), 400, "unknown scenario 'nope'")
    err(dict(TINY, replicates="ten"), 400, "replicates: expected an integer")
    err(dict(TINY, replicates=0), 400, "expected at least 1")
    cases = (("mdo.nope", 1), ("mdo.min_open_needs", 0), ("mdo.enabled", "yes"),
             ("roles.nobody.fte_per_1000", 1.0), ("network.meeting_attendance", 1.5))
    for path, value in cases:
        lit = json.dumps(value) if not isinstance(value, bool) else str(value).lower()
        exact = cli_message("scenarios/education/mdo.cfg", "--set", "%s=%s" % (path, lit))
        err(dict(TINY, set={path: value}), 400, exact=exact)
    err(dict(TINY, baseline_set={"name": "mdo"}), 400, "the same name")
    err(dict(TINY, set={"simulation.output_every": 14}), 400, "the same simulation.days")
    err(dict(TINY, set={"mdo:enabled": True}), 400, "not a setting path")
    err(dict(TINY, set={"mdo.enabled=true;x": True}), 400, "not a setting path")
    err(dict(TINY, set={"mdo": {"enabled": True}}), 400, "expected a number")
    err(dict(TINY, set=["mdo.enabled"]), 400, "expected an object")
    ok("400: malformed JSON, duplicate keys, unknown fields and scenarios, and %d bad settings "
       "with the CLI's own one-line message" % len(cases))
    err(dict(TINY, replicates=51), 413, "limit of 50")
    err(dict(TINY, days=3650, replicates=20), 413, "resident-days")
    err(b"x" * 70000, 413, "over the limit", raw=True, headers=j)
    # a chunked body (no Content-Length) that grows past the limit
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
    c.putrequest("POST", "/api/run")
    c.putheader("Host", "127.0.0.1:%d" % s.port)
    c.putheader("Content-Type", "application/json")
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    try:
        for _ in range(20):
            c.send(b"1000\r\n" + b" " * 4096 + b"\r\n")
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        st = r.status
        r.read()
    except (BrokenPipeError, ConnectionResetError):
        st = 413   # the server may close the connection once it has answered
    c.close()
    if st != 413:
        fail("chunked 80 KiB body: %d" % st)
    ok("413: replicates over the limit, a run over --max-resident-days, a body over 64 KiB "
       "(by Content-Length and chunked)")
    err(json.dumps(TINY).encode(), 415, "application/json", raw=True,
        headers={"Content-Type": "text/plain"})
    err(TINY, 403, "another origin", headers={"Origin": "http://evil.example"})
    st, _, _ = s.request("GET", "/api/schema", headers={"Host": "evil.example"})
    if st != 403:
        fail("Host evil.example: %d" % st)
    for method, path, want in (("DELETE", "/api/run", 405), ("PUT", "/x", 405),
                               ("GET", "/api/run", 405), ("GET", "/api/nothing", 404),
                               ("POST", "/levers.json", 404),
                               ("GET", "/api/run/0123456789abcdef.h5", 404),
                               ("GET", "/api/run/zz.h5", 404)):
        st, _, _ = s.request(method, path, b"" if method in ("POST", "PUT") else None,
                             {"Content-Type": "application/json"} if method == "POST" else None)
        if st != want:
            fail("%s %s: %d, expected %d" % (method, path, st, want))
    ok("415 text/plain, 403 foreign Origin and Host, 405/404 for other methods and URLs")


TRAVERSAL = ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
             "/%252e%252e/%252e%252e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
             "/vendor/../../etc/passwd", "/vendor/%2e%2e/%2e%2e/etc/passwd",
             "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/.git/config", "/../.git/config",
             "/../Makefile", "//etc/passwd", "/levers.json%00.html", "/./levers.json",
             "/api/run/../../../etc/passwd", "/api/run/%2e%2e%2f%2e%2e%2fetc%2fpasswd.h5",
             "/..;/etc/passwd", "/%c0%ae%c0%ae/etc/passwd", "/web/levers.json")


def raw_get(port, path):
    """GET exactly `path` (no normalisation), return (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sk:
        sk.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n"
                    % (path, port)).encode())
        data = b""
        while True:
            chunk = sk.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def check_traversal(s):
    secret = open("/etc/passwd", "rb").read()[:20]
    for path in TRAVERSAL:
        st, body = raw_get(s.port, path)
        if st not in (400, 404) or body.startswith(secret) or b"[core]" in body or \
                b"make" in body[:200]:
            fail("traversal %s: %d %r" % (path, st, body[:80]))
    ok("path traversal: %d plain, encoded and double-encoded paths give 400/404" % len(TRAVERSAL))


def check_concurrency(s):
    results = []
    lock = threading.Lock()

    def one(kind, i):
        try:
            if kind == "run":
                st, _, data = s.request("POST", "/api/run", dict(TINY, days=14 + i % 3))
                want = (200, 429)
            elif kind == "schema":
                st, _, data = s.request("GET", "/api/schema")
                want = (200,)
            elif kind == "static":
                st, _, data = s.request("GET", "/levers.json")
                want = (200,)
            else:
                st, data = raw_get(s.port, TRAVERSAL[i % len(TRAVERSAL)])
                want = (400, 404)
            good = st in want
            if good and kind in ("run", "schema"):
                doc = json.loads(data)
                good = ("indicators" in doc) if (kind == "run" and st == 200) else True
            with lock:
                results.append((kind, st, good))
        except Exception as e:  # noqa: BLE001 - any failure of a request is the finding
            with lock:
                results.append((kind, repr(e), False))
    kinds = ["run"] * 14 + ["schema"] * 12 + ["static"] * 12 + ["traversal"] * 12
    threads = [threading.Thread(target=one, args=(k, i)) for i, k in enumerate(kinds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    bad = [r for r in results if not r[2]]
    if len(results) != 50 or bad:
        fail("50 concurrent requests: %d answered, bad: %s" % (len(results), bad[:5]))
    runs = [r[1] for r in results if r[0] == "run"]
    if 200 not in runs:
        fail("no run of 14 concurrent ones succeeded: %s" % runs)
    s.json("GET", "/api/scenarios")
    ok("50 concurrent requests answered correctly (runs: %d x 200, %d x 429); the server "
       "stays up" % (runs.count(200), runs.count(429)))
    # beyond --max-runs: 429 while the engine is busy
    out = []

    def slow(i):
        st, _, _ = s.request("POST", "/api/run", dict(TINY, days=120, replicates=4))
        out.append(st)
    ts = [threading.Thread(target=slow, args=(i,)) for i in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(300)
    if sorted(set(out)) != [200, 429] or len(out) != 6:
        fail("6 runs at once with --max-runs 2: %s" % out)
    ok("6 runs at once with --max-runs 2: %s" % sorted(out))


def non_loopback_address():
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.connect(("10.255.255.255", 1))
            addr = u.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") or addr == "0.0.0.0" else addr


def check_loopback_only(s):
    addr = non_loopback_address()
    if not addr:
        print("skip non-loopback check: this machine has no non-loopback IPv4 address")
        return
    try:
        socket.create_connection((addr, s.port), timeout=5).close()
    except OSError:
        ok("not reachable on %s:%d (a non-loopback address of this machine)" % (addr, s.port))
        return
    fail("the server answers on %s:%d, a non-loopback address" % (addr, s.port))


def check_stop(s):
    before = s.leftovers()
    if not before:
        fail("no temporary folder while running")
    rc = s.stop(signal.SIGTERM)
    if rc != 0 or s.leftovers():
        fail("SIGTERM: exit %d, left %s" % (rc, s.leftovers()))
    ok("SIGTERM: exit 0, temporary folder %s removed" % before[0])


def check_limits_and_sigint():
    s = Server("--run-seconds", "1", "--max-resident-days", "1e12")
    st, _, data = s.request("POST", "/api/run", {"scenario": "klein", "baseline": "klein",
                                                 "replicates": 8, "days": 3650})
    doc = json.loads(data)
    if st != 503 or "stopped after 1 s" not in doc["error"]:
        fail("a run past --run-seconds 1: %d %s" % (st, doc))
    tmp = os.path.join(s.tmpdir, s.leftovers()[0])
    if os.listdir(tmp):
        fail("the stopped run left %s" % os.listdir(tmp))
    ok("a run past --run-seconds is stopped (503) and leaves nothing")
    # SIGINT while a run is in progress
    box = []

    def long_run():
        try:
            box.append(s.request("POST", "/api/run", {"scenario": "klein", "replicates": 8,
                                                      "days": 3650})[0])
        except (http.client.HTTPException, OSError) as e:
            box.append(repr(e))
    t = threading.Thread(target=long_run)
    t.start()
    time.sleep(0.5)
    start = time.time()
    rc = s.stop(signal.SIGINT)
    took = time.time() - start
    t.join(30)
    if rc != 0 or s.leftovers() or took > 5 or box != [503]:
        fail("SIGINT during a run: exit %d after %.1f s, left %s" % (rc, took, s.leftovers()))
    ok("SIGINT during a run: exit 0 after %.1f s, the run answered 503, nothing left" % took)


def check_cli():
    bad = ((["--port", "70000"], 2), (["--nope"], 2), (["--max-runs", "0"], 2),
           (["no-such-file.cfg"], 2), (["tests/bad/" + sorted(os.listdir("tests/bad"))[0]], 2))
    for args, want in bad:
        p = subprocess.run([W, "serve", "--port", "0"] + args, capture_output=True, text=True,
                           timeout=60)
        lines = p.stderr.strip().splitlines()
        if p.returncode != want or len(lines) != 1 or p.stdout:
            fail("serve %s: exit %d, stderr %r" % (args, p.returncode, p.stderr))
    ok("bad command lines and scenario files: exit 2 with one line on stderr")
    # --host on all addresses: a loud warning
    s = Server("--host", "0.0.0.0")
    time.sleep(0.2)
    s.err.flush()
    s.err.seek(0)
    text = s.err.read()
    s.stop()
    if "WARNING" not in text:
        fail("--host 0.0.0.0 without a warning: %r" % text)
    ok("--host 0.0.0.0 warns on stderr")


def check_meanings_file():
    """A wrong web/meanings_nl.json stops the server: a copy of web/ under
    --root, one fault at a time."""
    import shutil
    good = json.load(open("web/meanings_nl.json", encoding="utf-8"))
    root = os.path.join(TMP, "meanings-root")
    os.makedirs(os.path.join(root, "web"), exist_ok=True)
    shutil.copy("web/levers.json", os.path.join(root, "web"))
    target = os.path.join(root, "web", "meanings_nl.json")

    def unknown(d):
        d["meanings"]["roles.[].no_such_setting"] = "bestaat niet"

    def absent(d):
        del d["meanings"]["care.support_relief"]

    def empty(d):
        d["meanings"]["care.support_relief"] = ""

    cases = (("missing", None, "meanings_nl.json"),
             ("malformed", "{\"meanings\": {", "meanings_nl.json"),
             ("not an object", {"meanings": []}, "meanings_nl.json"),
             ("unknown path", unknown, "roles.[].no_such_setting"),
             ("no Dutch meaning", absent, "care.support_relief"),
             ("empty", empty, "care.support_relief"))
    for what, fault, key in cases:
        if os.path.exists(target):
            os.remove(target)
        if isinstance(fault, str):
            open(target, "w").write(fault)
        elif isinstance(fault, dict):
            json.dump(fault, open(target, "w"))
        elif fault:
            d = json.loads(json.dumps(good))
            fault(d)
            json.dump(d, open(target, "w"), ensure_ascii=False)
        p = subprocess.run([W, "serve", "--port", "0", "--root", root,
                            os.path.join(ROOT, "scenarios", "education", "klein.cfg")],
                           capture_output=True, text=True, timeout=60)
        lines = p.stderr.strip().splitlines()
        if p.returncode != 2 or len(lines) != 1 or p.stdout or \
                "meanings_nl.json" not in lines[0] or key not in lines[0]:
            fail("serve with web/meanings_nl.json %s: exit %d, stderr %r" %
                 (what, p.returncode, p.stderr))
    shutil.rmtree(root)
    ok("a wrong web/meanings_nl.json (%d faults): exit 2 with one line naming the file and "
       "the key" % len(cases))


def main():
    files_before = sorted(os.listdir(".")) + sorted(os.listdir("scenarios")) + \
        sorted(os.listdir("web"))
    s = Server("--max-runs", "2", "--max-resident-days", "5e7", "--keep", "4")
    try:
        sch = check_catalog(s)
        check_run(s, sch)
        check_baseline_cache(s)
        check_errors(s)
        check_traversal(s)
        check_concurrency(s)
        check_loopback_only(s)
        check_stop(s)
    finally:
        if s.p.poll() is None:
            s.p.kill()
    check_limits_and_sigint()
    check_cli()
    check_meanings_file()
    files_after = sorted(os.listdir(".")) + sorted(os.listdir("scenarios")) + \
        sorted(os.listdir("web"))
    if files_after != files_before:
        fail("files appeared in the repository: %s" % (set(files_after) - set(files_before)))
    ok("no file written in the repository")
    print("serve_api ok: %d checks" % checks)


main()
