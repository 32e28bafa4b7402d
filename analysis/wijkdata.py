"""wijkdata — read wijksim result files (HDF5) and summarise them.

This is the small library behind compare.py, plots.py and report.py.  It
knows the output contract of wijksim (README.md, "Output contract"):

    /                      attrs producer, version, created, command_line, rng
    /scenarios/<name>/     attrs config, config_sha256, seed, replicates, days,
                           output_every
        replicate, time, role, need_type, channel, dimension, to_role
                                                     (dimension scales)
        time_bounds [T, 2]   [start, end) day of each output interval
        <metric> [R, T], [R, T, axis] or [R, T, axis, axis]
                             attrs units, long_name, kind

Output intervals are output_every days long except the last, which is
shorter when days is not a multiple of output_every: interval_days gives
each interval's length (from time_bounds; older files without it: from the
differences of time), and anything per day or per year must divide by it.
Two-axis metrics ([R, T, axis, axis], e.g. referrals_by_route) are read with
Scenario.data but are not outcomes (summaries cover [R, T] and [R, T, axis]).

Summaries over the run follow the metric's ``kind``:

* ``flow``  (summed over each output interval)   -> total over the run = sum over time
* ``stock`` (value at the end of each interval)   -> mean over time
* ``mean``  (a ratio over each interval, may be NaN when there was nothing to
  divide, e.g. wait_days in an interval without first contacts) -> NaN-ignoring
  mean over time (unweighted: every interval counts the same)

Besides the stored metrics there are *derived indicators* (see DERIVED):
``early_share`` (signalled_early / all signals), ``early_share_somatic`` and
``early_share_social`` (signals_early_by_type / signals_by_type summed over the
need types on the dimension lichaamsfuncties, resp. on every other dimension),
``informal_hours`` and ``formal_hours`` (hours_used summed over informal /
formal roles), ``formal_load`` (hours used / hours available over all formal
roles) and ``escalations_total``.  ``cost_total`` is stored by wijksim
(cost_capacity + cost_second_line); only for older files without it is it
derived, as cost_formal + cost_second_line.  Whether a role is formal, and a
need type's dimension, are read from
the scenario's effective configuration text (``config`` attribute), parsed by a
small libconfig reader (parse_libconfig).

Statistics: replicate means with a 5-95 % percentile band, and paired
differences between scenarios (replicate r against replicate r: scenarios run
together share the seed, so the pairs share random numbers) with a 95 %
confidence interval from Student's t distribution (t_quantile, implemented
here so that scipy is not needed).

Only numpy and h5py are needed.  Nothing here keeps global mutable state;
a ResultFile caches datasets it has read on the instance.
"""

import math
import os
import re

import numpy as np

try:  # h5py is needed to read files, not to use the statistics helpers
    import h5py
except ImportError:  # pragma: no cover - Debian's python3 has it
    h5py = None


class WijkDataError(Exception):
    """A result file is missing, unreadable or does not follow the contract."""


# Names of the axis (dimension-scale) datasets; everything else with a
# 'kind' attribute is a metric.
AXES = ("replicate", "time", "role", "need_type", "channel", "dimension")

# Which axis a 3-D metric has, used only when the file has no dimension
# scales attached (the contract says they are, this is a fallback).
_AXIS_BY_METRIC = {
    "needs_new": "need_type", "needs_open": "need_type",
    "escalations": "need_type", "signalled": "channel", "health": "dimension",
    "health_low": "dimension",
}

# Headline outcomes in the order the tables and the report show them.
# (metric, label): label None = every label of that metric.
HEADLINE = (
    ("early_share", None),
    ("early_share_somatic", None),
    ("early_share_social", None),
    ("informal_hours", None),
    ("formal_hours", None),
    ("formal_load", None),
    ("utilisation", "formal"),      # "formal": only formal roles
    ("wait_days", None),
    ("escalations_total", None),
    ("escalations", None),
    ("needs_turned_away", None),
    ("cost_total", None),
    ("cost_capacity", None),
    ("cost_second_line", None),
    ("cost_formal", None),
)


# --------------------------------------------------------------------------
# libconfig text (the scenario's effective configuration)
# --------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*|//[^\n]*|/\*.*?\*/)
  | (?P<include>@include[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>[-+]?(?:0[xX][0-9a-fA-F]+L{0,2}
                    |(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?L{0,2}))
  | (?P<name>[A-Za-z*][-A-Za-z0-9_*]*)
  | (?P<punct>[=:;,{}()\[\]])
""", re.VERBOSE | re.DOTALL)

_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "f": "\f"}


def _tokenize(text):
    """Split libconfig text into (type, value, offset) tokens."""
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError("libconfig: unexpected character %r at offset %d"
                             % (text[pos], pos))
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "string":
            body = value[1:-1]
            value = re.sub(r'\\x([0-9a-fA-F]{2})|\\(.)',
                           lambda e: chr(int(e.group(1), 16)) if e.group(1)
                           else _ESCAPES.get(e.group(2), e.group(2)), body)
        if kind not in ("ws", "comment", "include"):
            tokens.append((kind, value, pos))
        pos = m.end()
    tokens.append(("eof", None, pos))
    return tokens


class _Parser:
    """Recursive-descent parser over the tokens of one libconfig text."""

    def __init__(self, text):
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def take(self, kind=None, value=None):
        tok = self.tokens[self.i]
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise ValueError("libconfig: expected %s at offset %d, found %r"
                             % (value or kind, tok[2], tok[1]))
        self.i += 1
        return tok

    def settings(self, closer):
        """Parse settings until the token `closer` ('}' or eof)."""
        group = {}
        while True:
            tok = self.peek()
            if tok[0] == "eof" and closer == "eof":
                return group
            if tok[0] == "punct" and tok[1] == closer:
                return group
            name = self.take("name")[1]
            sep = self.take("punct")
            if sep[1] not in ("=", ":"):
                raise ValueError("libconfig: expected '=' or ':' after %r at "
                                 "offset %d" % (name, sep[2]))
            group[name] = self.value()
            tok = self.peek()
            if tok[0] == "punct" and tok[1] in (";", ","):
                self.i += 1

    def values(self, closer):
        """Parse a comma-separated sequence of values up to `closer`."""
        items = []
        while not (self.peek()[0] == "punct" and self.peek()[1] == closer):
            items.append(self.value())
            tok = self.peek()
            if tok[0] == "punct" and tok[1] == ",":
                self.i += 1
            elif not (tok[0] == "punct" and tok[1] == closer):
                raise ValueError("libconfig: expected ',' or %r at offset %d"
                                 % (closer, tok[2]))
        self.i += 1
        return items

    def value(self):
        tok = self.take()
        kind, val = tok[0], tok[1]
        if kind == "punct" and val == "{":
            group = self.settings("}")
            self.take("punct", "}")
            return group
        if kind == "punct" and val in ("(", "["):
            return self.values(")" if val == "(" else "]")
        if kind == "string":
            while self.peek()[0] == "string":  # adjacent strings concatenate
                val += self.take()[1]
            return val
        if kind == "number":
            num = val.rstrip("L")
            if num.lower().lstrip("+-").startswith("0x"):
                return int(num, 16)
            if re.fullmatch(r"[-+]?\d+", num):
                return int(num)
            return float(num)
        if kind == "name" and val.lower() in ("true", "false"):
            return val.lower() == "true"
        raise ValueError("libconfig: unexpected %r at offset %d" % (val, tok[2]))


def parse_libconfig(text):
    """Parse libconfig text into nested dicts (groups) and lists.

    Handles groups, lists, arrays, strings (with escapes and adjacent-string
    concatenation), integers (decimal, hex, L suffix), floats, booleans and
    #, // and /* */ comments.  @include lines are ignored (the effective
    configuration stored in a result file never has them).  Raises ValueError
    with the offset on a syntax error.
    """
    parser = _Parser(text)
    group = parser.settings("eof")
    return group


def _roles_fallback(text):
    """Find (name, formal) of each role by scanning brace depth.

    Used only when the text does not parse: walks the `roles = ( ... )` list,
    and for each top-level group takes the first `name = "..."` and
    `formal = true|false` (default true, as in wijksim).
    """
    m = re.search(r"(?m)^\s*roles\s*[=:]\s*\(", text)
    if not m:
        return []
    pos, depth, start, roles = m.end(), 1, None, []
    while pos < len(text) and depth > 0:
        ch = text[pos]
        if ch == '"':
            end = re.compile(r'"(?:[^"\\]|\\.)*"').match(text, pos)
            pos = end.end() if end else pos + 1
            continue
        if ch in "({[":
            depth += 1
            if depth == 2 and ch == "{":
                start = pos
        elif ch in ")}]":
            depth -= 1
            if depth == 1 and ch == "}" and start is not None:
                body = text[start:pos]
                name = re.search(r'\bname\s*[=:]\s*"([^"]*)"', body)
                formal = re.search(r"\bformal\s*[=:]\s*(true|false)", body, re.I)
                if name:
                    roles.append((name.group(1),
                                  formal is None or formal.group(1).lower() == "true"))
                start = None
        pos += 1
    return roles


def role_formality(source):
    """Return {role name: True if formal}.

    `source` is a scenario group of a result file (h5py) or a scenario's
    config text.  A group with a `role_kind` dataset ("formal"/"informal" on
    the role axis, written since issue 13) is read from it; an older group
    falls back to its stored config text (attribute `config`).  Config text
    is read with parse_libconfig, or a brace-depth scan if it does not
    parse.  A role without a `formal` setting is formal (wijksim's default).
    """
    if not isinstance(source, (str, bytes)):
        group = source
        if "role_kind" in group and "role" in group:
            return {_text(r): _text(k) == "formal"
                    for r, k in zip(group["role"][()], group["role_kind"][()])}
        source = group.attrs.get("config", "")
    config_text = _text(source)
    try:
        cfg = parse_libconfig(config_text)
        roles = cfg.get("roles", [])
        return {r["name"]: bool(r.get("formal", True))
                for r in roles if isinstance(r, dict) and "name" in r}
    except (ValueError, TypeError, KeyError):
        return dict(_roles_fallback(config_text))


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------

def nanmean(values, axis=None):
    """Mean ignoring NaN; NaN (without a warning) where nothing is left."""
    values = np.asarray(values, dtype=float)
    ok = ~np.isnan(values)
    count = ok.sum(axis=axis)
    total = np.where(ok, values, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def interval_days(group):
    """Length in days of each output interval of a scenario group, [T] float.

    end - start from ``time_bounds``; for files written before it existed,
    the differences of ``time`` from day 0 (the same numbers, since the
    intervals tile [0, days])."""
    if "time_bounds" in group:
        bounds = np.asarray(group["time_bounds"][()], dtype=float)
        return bounds[:, 1] - bounds[:, 0]
    return np.diff(np.concatenate(([0.0], np.asarray(group["time"][()], dtype=float))))


def summarise_over_time(values, kind):
    """Summarise a [R, T] or [R, T, K] array over time (axis 1) by kind.

    flow -> sum over time; stock -> mean over time; mean/ratio -> NaN-ignoring
    mean over time.  Returns [R] or [R, K].
    """
    values = np.asarray(values, dtype=float)
    if kind == "flow":
        return values.sum(axis=1)
    if kind == "stock":
        return values.mean(axis=1)
    if kind in ("mean", "ratio"):
        return nanmean(values, axis=1)
    raise WijkDataError("unknown metric kind %r (expected flow, stock or mean)"
                        % (kind,))


def _log_beta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_continued_fraction(x, a, b):
    """Continued fraction of the incomplete beta (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def regularized_incomplete_beta(x, a, b):
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must be in [0, 1]")
    if x == 0.0 or x == 1.0:
        return x
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(x, a, b) / a
    return 1.0 - front * _beta_continued_fraction(1.0 - x, b, a) / b


def t_cdf(t, df):
    """Cumulative distribution function of Student's t with df > 0."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isinf(df):
        return 0.5 * math.erfc(-t / math.sqrt(2.0))
    tail = 0.5 * regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5)
    return 1.0 - tail if t > 0 else tail


def t_quantile(p, df):
    """Inverse CDF of Student's t: the t with P(T <= t) = p (0 < p < 1).

    Bisection on t_cdf to 1e-12 (relative); accurate to the printed digits
    of standard tables (t_{0.975,1} = 12.7062, t_{0.975,4} = 2.7764).
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
        if hi > 1e12:
            return math.inf
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def band(values, low=5.0, high=95.0):
    """(mean, p_low, p_high) of replicate values, ignoring NaN.

    Percentiles use linear interpolation between order statistics (numpy's
    default).  All NaN gives (nan, nan, nan).
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return (math.nan, math.nan, math.nan)
    return (float(values.mean()), float(np.percentile(values, low)),
            float(np.percentile(values, high)))


def paired_difference(values, baseline, level=0.95):
    """Paired difference values[r] - baseline[r] with a t confidence interval.

    Uses the first min(len) replicates of both; pairs where either value is
    NaN are left out.  Returns a dict: mean, lo, hi, sd, n_pairs,
    excludes_zero.  With fewer than 2 pairs the interval is NaN.
    """
    a = np.asarray(values, dtype=float)
    b = np.asarray(baseline, dtype=float)
    n = min(a.size, b.size)
    diff = a[:n] - b[:n]
    diff = diff[~np.isnan(diff)]
    n = int(diff.size)
    result = {"mean": math.nan, "lo": math.nan, "hi": math.nan,
              "sd": math.nan, "n_pairs": n, "excludes_zero": False}
    if n == 0:
        return result
    mean = float(diff.mean())
    result["mean"] = mean
    if n < 2:
        return result
    sd = float(diff.std(ddof=1))
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    result.update(sd=sd, lo=mean - half, hi=mean + half,
                  excludes_zero=bool(mean - half > 0 or mean + half < 0))
    return result


# --------------------------------------------------------------------------
# Result files
# --------------------------------------------------------------------------

def _text(value):
    """An HDF5 attribute or label as str (h5py gives bytes or str)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value) if not isinstance(value, str) else value


def _plain(value):
    """An HDF5 attribute as a plain Python value."""
    if isinstance(value, (bytes, str)):
        return _text(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


class MetricInfo:
    """What one outcome is: name, units, long_name, kind, axis and labels.

    For a stored metric `derived` is False; for a derived indicator True.
    `axis` is None for a [R, T] metric; `labels` is then [""].
    """

    def __init__(self, name, units, long_name, kind, axis=None, labels=None,
                 derived=False):
        self.name = name
        self.units = units
        self.long_name = long_name
        self.kind = kind
        self.axis = axis
        self.labels = list(labels) if labels else [""]
        self.derived = derived

    def __repr__(self):
        return "MetricInfo(%r, kind=%r, axis=%r)" % (self.name, self.kind, self.axis)


class Scenario:
    """One /scenarios/<name> group: its settings, metrics and summaries."""

    def __init__(self, group, name):
        self._group = group
        self.name = name
        self._cache = {}
        self.attrs = {k: _plain(v) for k, v in group.attrs.items()}
        self.config_text = _text(self.attrs.get("config", ""))
        try:
            self.config = parse_libconfig(self.config_text)
        except ValueError:
            self.config = {}
        self.description = str(self.config.get("description", "")) \
            if isinstance(self.config, dict) else ""
        if not self.description:
            m = re.search(r'(?m)^\s*description\s*[=:]\s*"((?:[^"\\]|\\.)*)"',
                          self.config_text)
            self.description = m.group(1) if m else ""
        self.formal = role_formality(group)
        self._infos = self._scan_metrics()

    # -- settings ----------------------------------------------------------
    @property
    def replicates(self):
        """Number of replicates stored (first dimension of the metrics)."""
        if "replicate" in self._group:
            return int(self._group["replicate"].shape[0])
        return int(self.attrs.get("replicates", 0))

    @property
    def days(self):
        return int(self.attrs.get("days", 0))

    @property
    def seed(self):
        return self.attrs.get("seed")

    @property
    def time(self):
        """Day at the end of each output interval, shape [T]."""
        if "time" not in self._cache:
            if "time" in self._group:
                self._cache["time"] = np.asarray(self._group["time"][()], float)
            else:
                every = int(self.attrs.get("output_every", 1)) or 1
                some = next(iter(self._infos.values()))
                t = self.data(some.name).shape[1]
                self._cache["time"] = np.arange(1, t + 1, dtype=float) * every
        return self._cache["time"]

    @property
    def interval_days(self):
        """Length in days of each output interval, shape [T] (interval_days)."""
        if "interval_days" not in self._cache:
            if "time_bounds" in self._group or "time" in self._group:
                self._cache["interval_days"] = interval_days(self._group)
            else:
                self._cache["interval_days"] = np.diff(np.concatenate(([0.0], self.time)))
        return self._cache["interval_days"]

    def labels(self, axis):
        """UTF-8 labels of a dimension scale ('role', 'need_type', ...)."""
        key = ("labels", axis)
        if key not in self._cache:
            if axis not in self._group:
                raise WijkDataError("scenario %r has no %r axis" % (self.name, axis))
            self._cache[key] = [_text(x) for x in self._group[axis][()]]
        return self._cache[key]

    @property
    def roles(self):
        return self.labels("role") if "role" in self._group else []

    def is_formal(self, role):
        """True if `role` is a formal discipline (default True if unknown)."""
        return self.formal.get(role, True)

    def formal_roles(self):
        return [r for r in self.roles if self.is_formal(r)]

    def informal_roles(self):
        return [r for r in self.roles if not self.is_formal(r)]

    # -- metrics -----------------------------------------------------------
    def _axis_of(self, name, ds):
        """Name of the third axis of a 3-D dataset."""
        try:
            scales = list(ds.dims[2].values())
            if scales:
                return scales[0].name.rsplit("/", 1)[-1]
        except (AttributeError, RuntimeError, KeyError, IndexError):
            pass
        size = ds.shape[2]
        guess = _AXIS_BY_METRIC.get(name, "role")
        if guess in self._group and self._group[guess].shape[0] == size:
            return guess
        fits = [a for a in AXES[2:] if a in self._group
                and self._group[a].shape[0] == size]
        return fits[0] if len(fits) == 1 else None

    def _scan_metrics(self):
        infos = {}
        for name, ds in self._group.items():
            if name in AXES or not hasattr(ds, "shape") or "kind" not in ds.attrs:
                continue
            if ds.ndim not in (2, 3):
                continue
            axis, labels = None, None
            if ds.ndim == 3:
                axis = self._axis_of(name, ds)
                labels = (self.labels(axis) if axis
                          else [str(i) for i in range(ds.shape[2])])
            infos[name] = MetricInfo(name, _text(ds.attrs.get("units", "1")),
                                     _text(ds.attrs.get("long_name", name)),
                                     _text(ds.attrs["kind"]), axis, labels)
        if not infos:
            raise WijkDataError("scenario %r holds no metrics" % (self.name,))
        for name, info in _derived_infos(self, infos).items():
            infos[name] = info
        return infos

    def metrics(self):
        """Names of stored metrics and available derived indicators."""
        return list(self._infos)

    def info(self, name):
        """MetricInfo of a metric or derived indicator."""
        if name not in self._infos:
            raise WijkDataError("scenario %r has no metric %r" % (self.name, name))
        return self._infos[name]

    def data(self, name):
        """The stored array of a metric, [R, T] or [R, T, K] float64."""
        key = ("data", name)
        if key not in self._cache:
            if name not in self._group:
                raise WijkDataError("scenario %r has no dataset %r" % (self.name, name))
            self._cache[key] = np.asarray(self._group[name][()], dtype=float)
        return self._cache[key]

    def _label_index(self, name, label):
        info = self.info(name)
        if info.axis is None:
            if label not in (None, ""):
                raise WijkDataError("metric %r has no axis; label %r makes no "
                                    "sense" % (name, label))
            return None
        if label not in info.labels:
            raise WijkDataError("metric %r has no label %r (has %s)"
                                % (name, label, ", ".join(info.labels)))
        return info.labels.index(label)

    def series(self, name, label=None):
        """Per-interval values [R, T] of a metric (one label) or derived indicator."""
        info = self.info(name)
        if info.derived:
            return DERIVED[name]["series"](self)
        values = self.data(name)
        index = self._label_index(name, label)
        return values if index is None else values[:, :, index]

    def summary(self, name, label=None):
        """Per-replicate value over the run [R] of one outcome (kind rules)."""
        info = self.info(name)
        if info.derived:
            return DERIVED[name]["summary"](self)
        return summarise_over_time(self.series(name, label), info.kind)

    def outcomes(self):
        """All (metric, label) pairs, headline ones first (see HEADLINE)."""
        return order_outcomes(self, [(n, l) for n in self.metrics()
                                     for l in self.info(n).labels])

    def summaries(self):
        """{(metric, label): per-replicate array [R]} for every outcome."""
        return {(n, l): self.summary(n, l or None) for n, l in self.outcomes()}


def order_outcomes(scenario, pairs):
    """Sort (metric, label) pairs: headline indicators first, then file order."""
    def rank(pair):
        name, label = pair
        for i, (h_name, h_label) in enumerate(HEADLINE):
            if name != h_name:
                continue
            if h_label == "formal" and label and not scenario.is_formal(label):
                continue
            return (0, i)
        return (1, 0)
    indexed = list(enumerate(pairs))
    indexed.sort(key=lambda item: (rank(item[1]), item[0]))
    return [p for _, p in indexed]


# --------------------------------------------------------------------------
# Derived indicators
# --------------------------------------------------------------------------

def _ratio(num, den):
    num = np.asarray(num, float)
    den = np.asarray(den, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)


def _role_sum(scenario, metric, formal):
    """[R, T] sum of a role metric over formal (True) or informal roles."""
    values = scenario.data(metric)
    labels = scenario.info(metric).labels
    pick = [i for i, r in enumerate(labels) if scenario.is_formal(r) == formal]
    if not pick:
        return np.zeros(values.shape[:2])
    return values[:, :, pick].sum(axis=2)


def _early_series(s):
    return _ratio(s.data("signalled_early"), s.data("signalled").sum(axis=2))


def _early_summary(s):
    return _ratio(s.data("signalled_early").sum(axis=1),
                  s.data("signalled").sum(axis=(1, 2)))


def _load_series(s):
    return _ratio(_role_sum(s, "hours_used", True), _role_sum(s, "hours_capacity", True))


def _load_summary(s):
    return _ratio(_role_sum(s, "hours_used", True).sum(axis=1),
                  _role_sum(s, "hours_capacity", True).sum(axis=1))


def _flow(series):
    """A summary function for a derived flow: sum of its series over time."""
    return lambda s: series(s).sum(axis=1)


def _informal_series(s):
    return _role_sum(s, "hours_used", False)


def _formal_series(s):
    return _role_sum(s, "hours_used", True)


def _esc_series(s):
    return s.data("escalations").sum(axis=2)


def _cost_series(s):
    """cost_total for files written before it was stored: activity-based cost
    plus second line (newer files store cost_total = cost_capacity +
    cost_second_line, and that stored metric is used instead)."""
    return s.data("cost_formal") + s.data("cost_second_line")


# The Positive Health dimension of somatic need types; need types on every
# other dimension are social and psychosocial.
SOMATIC_DIMENSION = "lichaamsfuncties"


def need_type_groups(s):
    """{need type: 'somatic' | 'social'} from the scenario's config text.

    A need type on the dimension lichaamsfuncties is somatic, any other is
    social and psychosocial.  Need types the config does not describe are
    left out (so they count in neither group).
    """
    types = s.config.get("need_types", []) if isinstance(s.config, dict) else []
    out = {}
    for t in types:
        if isinstance(t, dict) and "name" in t and "dimension" in t:
            out[str(t["name"])] = ("somatic" if t["dimension"] == SOMATIC_DIMENSION
                                   else "social")
    return out


def _type_sums(s, metric, group):
    """[R, T] sum of a need-type metric over the need types of `group`."""
    values = s.data(metric)
    groups = need_type_groups(s)
    pick = [i for i, t in enumerate(s.info(metric).labels) if groups.get(t) == group]
    if not pick:
        return np.zeros(values.shape[:2])
    return values[:, :, pick].sum(axis=2)


def _early_by_group(group):
    """(series, summary) of the early share of one need group: per interval
    and over the run, signals_early_by_type / signals_by_type summed over the
    group's need types (NaN where the group had no signals)."""
    def series(s):
        return _ratio(_type_sums(s, "signals_early_by_type", group),
                      _type_sums(s, "signals_by_type", group))

    def summary(s):
        return _ratio(_type_sums(s, "signals_early_by_type", group).sum(axis=1),
                      _type_sums(s, "signals_by_type", group).sum(axis=1))
    return series, summary


_early_somatic_series, _early_somatic_summary = _early_by_group("somatic")
_early_social_series, _early_social_summary = _early_by_group("social")


# name -> needs (metrics), units, kind, long_name, series(s) -> [R,T], summary(s) -> [R]
# A spec with only_if_not_stored=True is a fall-back for older files: when the
# scenario stores a metric of that name, the stored metric is used.
DERIVED = {
    "early_share": dict(
        needs=("signalled_early", "signalled"), units="1", kind="ratio",
        long_name="share of signalled needs that were signalled early "
                  "(signalled_early / all signals)",
        series=_early_series, summary=_early_summary),
    "early_share_somatic": dict(
        needs=("signals_early_by_type", "signals_by_type"), units="1", kind="ratio",
        long_name="share of signals of somatic needs (dimension lichaamsfuncties) "
                  "that were early (signals_early_by_type / signals_by_type)",
        series=_early_somatic_series, summary=_early_somatic_summary),
    "early_share_social": dict(
        needs=("signals_early_by_type", "signals_by_type"), units="1", kind="ratio",
        long_name="share of signals of social and psychosocial needs (every "
                  "dimension but lichaamsfuncties) that were early "
                  "(signals_early_by_type / signals_by_type)",
        series=_early_social_series, summary=_early_social_summary),
    "informal_hours": dict(
        needs=("hours_used", "role"), units="hour", kind="flow",
        long_name="hours of informal care (hours_used of informal roles)",
        series=_informal_series, summary=_flow(_informal_series)),
    "formal_hours": dict(
        needs=("hours_used", "role"), units="hour", kind="flow",
        long_name="hours of professional care (hours_used of formal roles)",
        series=_formal_series, summary=_flow(_formal_series)),
    "formal_load": dict(
        needs=("hours_used", "hours_capacity", "role"), units="1", kind="ratio",
        long_name="professional load: hours used / hours available, all formal roles",
        series=_load_series, summary=_load_summary),
    "escalations_total": dict(
        needs=("escalations",), units="1", kind="flow",
        long_name="crises escalated to second-line care, all need types",
        series=_esc_series, summary=_flow(_esc_series)),
    "cost_total": dict(
        needs=("cost_formal", "cost_second_line"), units="euro", kind="flow",
        long_name="formal care cost (activity-based) plus second-line cost; derived "
                  "for files without the stored cost_total",
        series=_cost_series, summary=_flow(_cost_series), only_if_not_stored=True),
}


def _derived_infos(scenario, infos):
    """MetricInfo of each derived indicator whose inputs the scenario has
    (and, for a fall-back, that it does not store itself)."""
    out = {}
    for name, spec in DERIVED.items():
        if spec.get("only_if_not_stored") and name in infos:
            continue
        have = all((need in infos) or (need == "role" and scenario.roles)
                   for need in spec["needs"])
        if have:
            out[name] = MetricInfo(name, spec["units"], spec["long_name"],
                                   spec["kind"], derived=True)
    return out


class ResultFile:
    """An open wijksim result file.  Use as a context manager or call close().

    Raises WijkDataError (with a one-line message) when the file is missing,
    is not HDF5, or has no /scenarios group.
    """

    def __init__(self, path):
        if h5py is None:
            raise WijkDataError("h5py is not installed (use /usr/bin/python3)")
        self.path = path
        if not os.path.exists(path):
            raise WijkDataError("%s: no such file" % path)
        try:
            self._file = h5py.File(path, "r")
        except OSError as err:
            raise WijkDataError("%s: not a readable HDF5 file (%s)" % (path, err))
        if "scenarios" not in self._file or not len(self._file["scenarios"]):
            self._file.close()
            raise WijkDataError("%s: not a wijksim result (no /scenarios group "
                                "with scenarios)" % path)
        self.attrs = {k: _plain(v) for k, v in self._file.attrs.items()}
        self._scenarios = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Close the HDF5 file."""
        self._file.close()

    def scenario_names(self):
        """Scenario names in the order the file lists them (creation order when
        the writer tracks it, as wijksim does; else alphabetical)."""
        return list(self._file["scenarios"].keys())

    def scenario(self, name):
        """The Scenario called `name` (WijkDataError if absent)."""
        if name not in self._scenarios:
            if name not in self._file["scenarios"]:
                raise WijkDataError("%s: no scenario %r (has %s)" % (
                    self.path, name, ", ".join(self.scenario_names())))
            self._scenarios[name] = Scenario(self._file["scenarios"][name], name)
        return self._scenarios[name]

    def scenarios(self):
        """All Scenario objects, in scenario_names() order."""
        return [self.scenario(n) for n in self.scenario_names()]

    def default_baseline(self, baseline=None):
        """`baseline` if given (checked), else "baseline" if present, else the first."""
        names = self.scenario_names()
        if baseline is not None:
            if baseline not in names:
                raise WijkDataError("unknown baseline scenario %r (file has %s)"
                                    % (baseline, ", ".join(names)))
            return baseline
        return "baseline" if "baseline" in names else names[0]


# --------------------------------------------------------------------------
# Comparison of scenarios
# --------------------------------------------------------------------------

class Row:
    """Statistics of one outcome (metric, label) in one scenario.

    mean, p5, p95 over replicates; for a non-baseline scenario also the paired
    difference to the baseline (diff: dict of paired_difference) and the
    baseline mean (base_mean) for relative statements.
    """

    def __init__(self, scenario, metric, label, info, values):
        self.scenario = scenario
        self.metric = metric
        self.label = label
        self.units = info.units
        self.kind = info.kind
        self.long_name = info.long_name
        self.derived = info.derived
        self.values = np.asarray(values, float)
        self.n_replicates = int(self.values.size)
        self.mean, self.p5, self.p95 = band(self.values)
        self.diff = None
        self.base_mean = math.nan

    @property
    def outcome(self):
        """'metric' or 'metric[label]'."""
        return "%s[%s]" % (self.metric, self.label) if self.label else self.metric


def compare(result, baseline=None, metrics=None):
    """Statistics of every outcome in every scenario of a ResultFile.

    Returns (baseline name, {scenario name: [Row, ...]}), rows in outcome
    order (headline first).  Outcomes are those of the baseline scenario that
    every scenario has; `metrics` (names) restricts them.  Non-baseline rows
    carry the paired difference to the baseline.
    """
    base_name = result.default_baseline(baseline)
    base = result.scenario(base_name)
    scenarios = result.scenarios()
    if metrics:
        unknown = [m for m in metrics if m not in base.metrics()]
        if unknown:
            raise WijkDataError("unknown metric(s) %s (available: %s)" % (
                ", ".join(unknown), ", ".join(base.metrics())))
    outcomes = [(n, l) for n, l in base.outcomes()
                if (not metrics or n in metrics)
                and all(n in s.metrics() and l in s.info(n).labels for s in scenarios)]
    base_values = {o: base.summary(o[0], o[1] or None) for o in outcomes}
    table = {}
    for s in scenarios:
        rows = []
        for metric, label in outcomes:
            values = (base_values[(metric, label)] if s.name == base_name
                      else s.summary(metric, label or None))
            row = Row(s.name, metric, label, s.info(metric), values)
            if s.name != base_name:
                row.diff = paired_difference(values, base_values[(metric, label)])
                row.base_mean = band(base_values[(metric, label)])[0]
            rows.append(row)
        table[s.name] = rows
    return base_name, table


def pretty_role(name):
    """A display name for a role / label: poh_ggz -> POH-GGZ, sociaal_wijkteam -> sociaal wijkteam."""
    special = {"poh_s": "POH-S", "poh_ggz": "POH-GGZ", "pa": "PA", "vs": "VS",
               "mdo": "MDO"}
    if name in special:
        return special[name]
    return name.replace("_", " ")
