#!/usr/bin/env python3
"""The explorer's labels (web/js/labels.js) are the report's: the committed file
is what scripts/web-labels.py writes from analysis/wijksim_analysis/labels.py
and indicators.py, and every page string of web/js/i18n.js has both languages."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    failures = []
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "web-labels.py"), "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        failures.append("web/js/labels.js: " + (r.stderr.strip() or "out of date"))
    with open(os.path.join(ROOT, "web", "js", "i18n.js"), encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("const T = {"):text.index("export const PAGE_TEXT")]
    entries = re.findall(r"^  (\w+): \{(.*?)\},\n", body, re.M | re.S)
    if len(entries) < 100:
        failures.append("i18n.js: only %d page strings found (parser out of step?)" % len(entries))
    for key, value in entries:
        for lang in ("en", "nl"):
            if not re.search(r"\b%s: \"" % lang, value):
                failures.append("i18n.js: %s has no %s text" % (key, lang))
    for msg in failures:
        print(msg)
    print("web labels: %d page strings, %s" % (len(entries), "ok" if not failures else "FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
