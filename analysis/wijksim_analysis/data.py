"""data — open wijksim result files with xarray and summarise outcomes.

The output contract (README.md "Output contract"):

    /                      attrs producer, version, created, command_line, rng
    /scenarios/<name>/     attrs config (effective scenario text), config_sha256,
                           seed, replicates, days, output_every
        replicate, time, role, need_type, channel, dimension, to_role (scales)
        role_kind [role]     "formal" / "informal"
        time_bounds [time, bnds]
        <metric> [replicate, time(, axis(, axis))]   attrs units, long_name, kind
    /decompose             optional, see decompose.py

Each scenario group is opened with ``xarray.open_dataset(engine="h5netcdf")``,
which names the dimensions from the HDF5 dimension scales.  A dataset without
attached scales (written by hand, or by an older writer) gets its phony
dimensions renamed to the label axis of the same length.

Values over the run follow the metric's ``kind``: flow -> sum over time;
stock -> mean over time; mean/ratio -> NaN-ignoring mean over time.

Derived indicators (DERIVED): early_share, early_share_somatic,
early_share_social, informal_hours, formal_hours, formal_load,
escalations_total, and cost_total for files that do not store it.  Which
roles are informal comes from ``role_kind``; a need type's Positive Health
dimension from the stored settings (settings.flatten).
"""

import math
import os
import warnings

import h5py
import numpy as np
import xarray as xr

from . import settings as settings_mod


class WijkDataError(Exception):
    """A result file is missing, unreadable or does not follow the contract."""


AXES = ("replicate", "time", "role", "need_type", "channel", "dimension", "to_role")
LABEL_AXES = ("role", "need_type", "channel", "dimension")
_AXIS_BY_METRIC = {"needs_new": "need_type", "needs_open": "need_type",
                   "escalations": "need_type", "signalled": "channel",
                   "health": "dimension", "health_low": "dimension"}
SOMATIC_DIMENSION = "lichaamsfuncties"


def text(value):
    """An HDF5 attribute or label as str."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return value if isinstance(value, str) else str(value)


def plain(value):
    """An HDF5 attribute as a plain Python value."""
    if isinstance(value, (bytes, str)):
        return text(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def summarise_over_time(values, kind):
    """Summarise [R, T(, K)] over time (axis 1) by kind; returns [R(, K)]."""
    values = np.asarray(values, dtype=float)
    if kind == "flow":
        return values.sum(axis=1)
    if kind == "stock":
        return values.mean(axis=1)
    if kind in ("mean", "ratio"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(values, axis=1)
    raise WijkDataError("unknown metric kind %r (expected flow, stock or mean)" % (kind,))


class MetricInfo:
    """What one outcome is: name, units, long_name, kind, axis and labels."""

    def __init__(self, name, units, long_name, kind, axis=None, labels=None, derived=False):
        self.name, self.units, self.long_name, self.kind = name, units, long_name, kind
        self.axis = axis
        self.labels = list(labels) if labels else [""]
        self.derived = derived

    def __repr__(self):
        return "MetricInfo(%r, kind=%r, axis=%r)" % (self.name, self.kind, self.axis)


class Scenario:
    """One /scenarios/<name> group, read with xarray (``self.ds``)."""

    def __init__(self, path, group, name):
        self.name = name
        self.attrs = {k: plain(v) for k, v in group.attrs.items()}
        self.config_text = text(self.attrs.get("config", ""))
        self.settings = settings_mod.flatten(self.config_text)
        self.description = settings_mod.value(self.settings, "description", "") or ""
        self.description_nl = settings_mod.value(self.settings, "description_nl", "") or ""
        try:
            ds = xr.open_dataset(path, group="scenarios/" + name, engine="h5netcdf",
                                 decode_times=False, mask_and_scale=False,
                                 phony_dims="sort")
        except (OSError, ValueError) as err:
            raise WijkDataError("%s: scenario %r is not readable (%s)" % (path, name, err))
        self.ds = _name_unscaled_dims(ds, group)
        self._labels = {a: [text(x) for x in self.ds[a].values]
                        for a in AXES[2:] if a in self.ds.variables}
        self.formal = self._formality()
        self._infos = self._scan_metrics()
        self._cache = {}

    def close(self):
        self.ds.close()

    # -- settings ------------------------------------------------------------
    @property
    def replicates(self):
        if "replicate" in self.ds.dims:
            return int(self.ds.sizes["replicate"])
        return int(self.attrs.get("replicates", 0))

    @property
    def days(self):
        return int(self.attrs.get("days", 0))

    @property
    def seed(self):
        return self.attrs.get("seed")

    @property
    def warmup_days(self):
        return int(settings_mod.value(self.settings, "simulation.warmup_days", 0) or 0)

    @property
    def output_every(self):
        return int(self.attrs.get("output_every", 0) or 0)

    @property
    def time(self):
        """Day at the end of each output interval [T]."""
        if "time" in self.ds.variables:
            return np.asarray(self.ds["time"].values, dtype=float)
        some = next(n for n, i in self._infos.items() if not i.derived)
        t = self.ds[some].shape[1]
        return np.arange(1, t + 1, dtype=float) * (self.output_every or 1)

    @property
    def interval_days(self):
        """Length in days of each output interval [T] (from time_bounds)."""
        if "time_bounds" in self.ds.variables:
            b = np.asarray(self.ds["time_bounds"].values, dtype=float)
            return b[:, 1] - b[:, 0]
        return np.diff(np.concatenate(([0.0], self.time)))

    def labels(self, axis):
        if axis not in self._labels:
            raise WijkDataError("scenario %r has no %r axis" % (self.name, axis))
        return self._labels[axis]

    @property
    def roles(self):
        return self._labels.get("role", [])

    def _formality(self):
        """{role: True if formal}: role_kind, else the stored settings."""
        roles = self.roles
        if "role_kind" in self.ds.variables:
            kinds = [text(k) for k in self.ds["role_kind"].values]
            return {r: k == "formal" for r, k in zip(roles, kinds)}
        return {r: bool(settings_mod.value(self.settings, "roles.%s.formal" % r, True))
                for r in roles}

    def is_formal(self, role):
        return self.formal.get(role, True)

    def formal_roles(self):
        return [r for r in self.roles if self.is_formal(r)]

    def informal_roles(self):
        return [r for r in self.roles if not self.is_formal(r)]

    def need_type_groups(self):
        """{need type: 'somatic' | 'social'} from the stored settings."""
        out = {}
        for t in settings_mod.elements(self.settings, "need_types"):
            dim = settings_mod.value(self.settings, "need_types.%s.dimension" % t)
            if dim is not None:
                out[t] = "somatic" if dim == SOMATIC_DIMENSION else "social"
        return out

    # -- metrics -------------------------------------------------------------
    def _scan_metrics(self):
        infos = {}
        for name, var in self.ds.data_vars.items():
            if "kind" not in var.attrs or var.ndim not in (2, 3, 4):
                continue
            axis = var.dims[2] if var.ndim == 3 else None
            labels = None
            if axis is not None:
                labels = self._labels.get(axis, [str(i) for i in range(var.shape[2])])
            infos[name] = MetricInfo(name, text(var.attrs.get("units", "1")),
                                     text(var.attrs.get("long_name", name)),
                                     text(var.attrs["kind"]), axis, labels)
            if var.ndim == 4:
                infos[name].two_axis = True
        if not infos:
            raise WijkDataError("scenario %r holds no metrics" % (self.name,))
        for name, spec in DERIVED.items():
            if spec.get("only_if_not_stored") and name in infos:
                continue
            if all(n in infos or (n == "role" and self.roles) for n in spec["needs"]):
                infos[name] = MetricInfo(name, spec["units"], spec["long_name"],
                                         spec["kind"], derived=True)
        return infos

    def metrics(self):
        """Names of stored [R,T] / [R,T,axis] metrics and derived indicators."""
        return [n for n, i in self._infos.items() if not getattr(i, "two_axis", False)]

    def has(self, name):
        return name in self._infos

    def info(self, name):
        if name not in self._infos:
            raise WijkDataError("scenario %r has no metric %r" % (self.name, name))
        return self._infos[name]

    def data(self, name):
        """The stored array of a metric as float64."""
        if name not in self._cache:
            if name not in self.ds.variables:
                raise WijkDataError("scenario %r has no dataset %r" % (self.name, name))
            self._cache[name] = np.asarray(self.ds[name].values, dtype=float)
        return self._cache[name]

    def series(self, name, label=None):
        """Per-interval values [R, T] of one outcome."""
        info = self.info(name)
        if info.derived:
            return DERIVED[name]["series"](self)
        values = self.data(name)
        if info.axis is None:
            return values
        if label not in info.labels:
            raise WijkDataError("metric %r has no label %r" % (name, label))
        return values[:, :, info.labels.index(label)]

    def summary(self, name, label=None):
        """Per-replicate value over the run [R] of one outcome."""
        info = self.info(name)
        if info.derived:
            return DERIVED[name]["summary"](self)
        return summarise_over_time(self.series(name, label), info.kind)

    def outcomes(self):
        """All (metric, label) pairs in file order; label '' without an axis."""
        return [(n, l) for n in self.metrics() for l in self.info(n).labels]


def _name_unscaled_dims(ds, group):
    """Name the axes of datasets that have no dimension scale attached.

    h5netcdf then gives them a phony name, or the name of some dimension of the
    same length; this renames each such axis to the label axis the metric is
    known to have (_AXIS_BY_METRIC, else role), or the only axis of its length."""
    sizes = {}
    for axis in ("replicate", "time") + LABEL_AXES:
        if axis in ds.variables and ds[axis].ndim == 1:
            sizes.setdefault(ds[axis].shape[0], []).append(axis)
    renamed = {}
    for name, var in ds.data_vars.items():
        h5 = group.get(name)
        if h5 is None or not hasattr(h5, "dims"):
            continue
        new = list(var.dims)
        for i in range(var.ndim):
            try:
                attached = len(h5.dims[i]) > 0
            except (RuntimeError, KeyError):
                attached = False
            if attached:
                continue
            want = ("replicate", "time")[i] if i < 2 else _AXIS_BY_METRIC.get(name, "role")
            fits = sizes.get(var.shape[i], [])
            new[i] = want if want in fits else (fits[0] if len(fits) == 1 else new[i])
        if tuple(new) != var.dims and len(set(new)) == len(new):
            renamed[name] = xr.DataArray(var.values, dims=new, attrs=var.attrs)
    for name, arr in renamed.items():
        ds = ds.drop_vars(name)
        ds[name] = arr
    return ds


# -- derived indicators ---------------------------------------------------------

def _ratio(num, den):
    num, den = np.asarray(num, float), np.asarray(den, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)


def _role_sum(s, metric, formal):
    values = s.data(metric)
    pick = [i for i, r in enumerate(s.info(metric).labels) if s.is_formal(r) == formal]
    return values[:, :, pick].sum(axis=2) if pick else np.zeros(values.shape[:2])


def _type_sums(s, metric, group):
    values = s.data(metric)
    groups = s.need_type_groups()
    pick = [i for i, t in enumerate(s.info(metric).labels) if groups.get(t) == group]
    return values[:, :, pick].sum(axis=2) if pick else np.zeros(values.shape[:2])


def _early_group(group):
    def series(s):
        return _ratio(_type_sums(s, "signals_early_by_type", group),
                      _type_sums(s, "signals_by_type", group))

    def summary(s):
        return _ratio(_type_sums(s, "signals_early_by_type", group).sum(axis=1),
                      _type_sums(s, "signals_by_type", group).sum(axis=1))
    return series, summary


def _flow(series):
    return lambda s: series(s).sum(axis=1)


def _informal(s):
    return _role_sum(s, "hours_used", False)


def _formal(s):
    return _role_sum(s, "hours_used", True)


def _esc(s):
    return s.data("escalations").sum(axis=2)


def _cost(s):
    return s.data("cost_formal") + s.data("cost_second_line")


_SOM, _SOC = _early_group("somatic"), _early_group("social")

DERIVED = {
    "early_share": dict(
        needs=("signalled_early", "signalled"), units="1", kind="ratio",
        long_name="share of signalled needs that were signalled early",
        series=lambda s: _ratio(s.data("signalled_early"), s.data("signalled").sum(axis=2)),
        summary=lambda s: _ratio(s.data("signalled_early").sum(axis=1),
                                 s.data("signalled").sum(axis=(1, 2)))),
    "early_share_somatic": dict(
        needs=("signals_early_by_type", "signals_by_type"), units="1", kind="ratio",
        long_name="share of signals of somatic needs that were early",
        series=_SOM[0], summary=_SOM[1]),
    "early_share_social": dict(
        needs=("signals_early_by_type", "signals_by_type"), units="1", kind="ratio",
        long_name="share of signals of social and psychosocial needs that were early",
        series=_SOC[0], summary=_SOC[1]),
    "informal_hours": dict(
        needs=("hours_used", "role"), units="hour", kind="flow",
        long_name="hours of informal care (hours_used of informal roles)",
        series=_informal, summary=_flow(_informal)),
    "formal_hours": dict(
        needs=("hours_used", "role"), units="hour", kind="flow",
        long_name="hours of professional care (hours_used of formal roles)",
        series=_formal, summary=_flow(_formal)),
    "formal_load": dict(
        needs=("hours_used", "hours_capacity", "role"), units="1", kind="ratio",
        long_name="professional load: hours used / hours available, all formal roles",
        series=lambda s: _ratio(_formal(s), _role_sum(s, "hours_capacity", True)),
        summary=lambda s: _ratio(_formal(s).sum(axis=1),
                                 _role_sum(s, "hours_capacity", True).sum(axis=1))),
    "escalations_total": dict(
        needs=("escalations",), units="1", kind="flow",
        long_name="crises escalated to second-line care, all need types",
        series=_esc, summary=_flow(_esc)),
    "cost_total": dict(
        needs=("cost_formal", "cost_second_line"), units="euro", kind="flow",
        long_name="formal care cost plus second-line cost (derived for older files)",
        series=_cost, summary=_flow(_cost), only_if_not_stored=True),
}


class ResultFile:
    """An open wijksim result file (context manager)."""

    def __init__(self, path):
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
        self.attrs = {k: plain(v) for k, v in self._file.attrs.items()}
        self._scenarios = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for s in self._scenarios.values():
            s.close()
        self._file.close()

    @property
    def h5(self):
        """The h5py File (for groups outside /scenarios, e.g. /decompose)."""
        return self._file

    def scenario_names(self):
        return list(self._file["scenarios"].keys())

    def scenario(self, name):
        if name not in self._scenarios:
            if name not in self._file["scenarios"]:
                raise WijkDataError("%s: no scenario %r (has %s)" % (
                    self.path, name, ", ".join(self.scenario_names())))
            self._scenarios[name] = Scenario(self.path, self._file["scenarios"][name], name)
        return self._scenarios[name]

    def scenarios(self):
        return [self.scenario(n) for n in self.scenario_names()]

    def default_baseline(self, baseline=None):
        names = self.scenario_names()
        if baseline is not None:
            if baseline not in names:
                raise WijkDataError("unknown baseline scenario %r (file has %s)"
                                    % (baseline, ", ".join(names)))
            return baseline
        return "baseline" if "baseline" in names else names[0]


def nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x
