"""settings — the effective scenario text of a result file as `path = value` lines.

wijksim stores each scenario's effective, fully resolved settings in the
attribute ``config`` of its group, printed by the C side (``scen_print``) one
setting per line:

    simulation :
    {
      days = 365;
    };
    roles = (
      {
        name = "huisarts";
        fte_per_1000 = 0.55;
      }, ... );

``flatten`` turns that layout into ``{"simulation.days": "365",
"roles.huisarts.fte_per_1000": "0.55", ...}`` by following the braces line by
line; elements of a list are named by their ``name`` setting (else by their
index).  Values stay the text the writer printed.  This is deliberately not a
libconfig parser: it reads only the writer's own layout, and a line it does not
understand is kept as ``path.<n> = line`` so that a diff still shows it.
``diff`` compares two flattened texts: what a scenario changes relative to its
base.
"""

import re

_OPEN_GROUP = re.compile(r"^([A-Za-z*][-\w*]*)\s*[:=]\s*(\{)?\s*$")
_OPEN_LIST = re.compile(r"^([A-Za-z*][-\w*]*)\s*[:=]\s*([(\[])\s*$")
_SETTING = re.compile(r"^([A-Za-z*][-\w*]*)\s*[:=]\s*(.*?)\s*[;,]?\s*$")


def _unquote(value):
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


class _Frame:
    def __init__(self, name, kind):
        self.name = name          # path component (an element: index until named)
        self.kind = kind          # "group", "list" or "element"
        self.items = []           # (relative path, value)
        self.count = 0            # elements seen (lists)
        self.elements = []        # relative paths of list elements inside


def flatten(text, elements=None):
    """{dotted path: value text} of an effective scenario text (see module doc).

    `elements`, a set, receives the path of every list element."""
    root = _Frame("", "group")
    stack = [root]
    pending = None                # a group name whose "{" is on the next line
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "//")):
            continue
        while line:
            top = stack[-1]
            if line[0] in "})]":
                # close the innermost frame; "} );" closes an element and its list
                frame = stack.pop() if len(stack) > 1 else None
                if frame is not None:
                    _fold(frame, stack[-1])
                line = line[1:].lstrip(" ;,")
                continue
            if line.startswith("{"):
                if pending is not None:
                    stack.append(_Frame(pending, "group"))
                    pending = None
                elif top.kind == "list":
                    frame = _Frame(str(top.count), "element")
                    top.count += 1
                    stack.append(frame)
                else:
                    stack.append(_Frame("?", "group"))
                line = line[1:].lstrip()
                continue
            m = _OPEN_GROUP.match(line)
            if m:
                if m.group(2):
                    stack.append(_Frame(m.group(1), "group"))
                else:
                    pending = m.group(1)
                break
            m = _OPEN_LIST.match(line)
            if m:
                stack.append(_Frame(m.group(1), "list"))
                break
            m = _SETTING.match(line)
            if m:
                name, value = m.group(1), m.group(2)
                if top.kind == "element" and name == "name" and top.name.isdigit():
                    top.name = _unquote(value)
                top.items.append((name, value))
            else:
                top.items.append((str(len(top.items)), line))
            break
    while len(stack) > 1:
        _fold(stack.pop(), stack[-1])
    if elements is not None:
        elements.update(root.elements)
    return dict(root.items)


def _fold(frame, parent):
    """Move a closed frame's settings into its parent, prefixed by its name."""
    for path, value in frame.items:
        parent.items.append(("%s.%s" % (frame.name, path), value))
    for path in frame.elements:
        parent.elements.append("%s.%s" % (frame.name, path))
    if frame.kind == "element":
        parent.elements.append(frame.name)


def diff(base_text, text,
         skip=("name", "description", "description_nl", "assumptions", "ingredients"),
         collapse=True):
    """What `text` changes relative to `base_text`.

    Returns a list of (path, base value or None, value or None), sorted by
    path: None means the setting is absent on that side (a role only one of
    them has).  With `collapse`, a list element (a role, a tie, a rule) that only
    one side has is one row, its settings joined as "k = v; ...".
    Top-level `skip` settings (and everything inside them: `ingredients`
    only tells `wijksim decompose` how to split the scenario) are left out; so
    are simulation.replicates and simulation.seed, which belong to the run.
    """
    ea, eb = set(), set()
    a, b = flatten(base_text, ea), flatten(text, eb)
    out = []
    whole = {}        # a list element only one side has -> [(setting, value)]
    for path in sorted(set(a) | set(b)):
        if (path.split(".", 1)[0] in skip
                or path in ("simulation.replicates", "simulation.seed")):
            continue
        va, vb = a.get(path), b.get(path)
        if va == vb:
            continue
        if collapse:
            only = eb - ea if va is None else ea - eb if vb is None else set()
            owner = min((e for e in only if path.startswith(e + ".")), key=len, default=None)
            if owner is not None:
                whole.setdefault((owner, va is None), []).append(
                    (path[len(owner) + 1:], vb if va is None else va))
                continue
        out.append((path, va, vb))
    for (owner, added), items in whole.items():
        summary = "; ".join("%s = %s" % kv for kv in items if kv[0] != "name")
        out.append((owner, None if added else summary, summary if added else None))
    return sorted(out)


def value(settings, path, default=None):
    """A flattened setting as a Python value: number, bool or unquoted string."""
    text = settings.get(path)
    if text is None:
        return default
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if text.startswith('"'):
        return _unquote(text)
    try:
        num = text.rstrip("L")
        return int(num) if re.fullmatch(r"[-+]?\d+", num) else float(num)
    except ValueError:
        return text


def strings(settings, path):
    """A flattened array of strings (e.g. `assumptions`) as a list of str."""
    text = settings.get(path)
    if not text:
        return []
    return [_unquote('"%s"' % m) for m in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]


def is_under(path, prefixes):
    """Whether setting `path` is one of `prefixes` or inside one of them."""
    return any(path == p or path.startswith(p + ".") for p in prefixes)


def elements(settings, list_path):
    """Names of the elements of a list (e.g. 'roles', 'world.age_bands')."""
    prefix = list_path + "."
    names = []
    for path in settings:
        if path.startswith(prefix):
            name = path[len(prefix):].split(".", 1)[0]
            if name not in names:
                names.append(name)
    return names


def role_formality(text):
    """{role: True if formal} from an effective scenario text (formal by default)."""
    s = flatten(text)
    return {r: bool(value(s, "roles.%s.formal" % r, True)) for r in elements(s, "roles")}
