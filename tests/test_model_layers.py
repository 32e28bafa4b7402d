#!/usr/bin/python3
"""model/ has no circle of files that call each other.

Reads model/*.c, finds each file's public functions (defined at the start of
a line, not static) and the calls every other file makes to them, and fails
with the circle when the file graph has one (ODD.md §3 and world.c state the
layering). Public tables (`const ... name[] = {`) count like functions."""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = re.compile(r"^(?!static|extern|typedef|struct|enum|return)[a-z][\w \*]*?\b([a-z_][a-z0-9_]*)\s*[\(\[]", re.M)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "model", "*.c")))
    texts = {os.path.basename(f)[:-2]: strip_comments(open(f).read()) for f in files}
    owner = {}
    for name, text in texts.items():
        for fn in DEF.findall(text):
            owner[fn] = name
    graph = {name: set() for name in texts}
    for name, text in texts.items():
        for fn, where in owner.items():
            if where != name and re.search(r"\b%s\b" % fn, text):
                graph[name].add(where)
    state = {}

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if not state.get(nxt):
                found = visit(nxt, path + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            circle = visit(node, [])
            if circle:
                start = circle.index(circle[-1])
                print("circle of files in model/: " + " -> ".join(circle[start:]))
                return 1
    if len(owner) < 40:
        print("found only %d public functions in model/: the parser is broken" % len(owner))
        return 1
    print("model/: %d files, %d public functions, no circle" % (len(texts), len(owner)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
