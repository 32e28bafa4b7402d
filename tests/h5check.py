#!/usr/bin/python3
"""h5check.py — check a wijksim result file against the output contract.

    /usr/bin/python3 tests/h5check.py FILE

Reads FILE twice: with h5py (attributes, raw layout) and, for every scenario,
with xarray.open_dataset(FILE, group="scenarios/<name>", engine="h5netcdf"),
the way users are told to open results. Checks named dimensions with
coordinates, units and long_name on every data variable, the provenance
attributes, that config_sha256 is the SHA-256 of config, and that
time_bounds [T, 2] tiles [0, days] without gaps or overlaps, ends at `time`,
and is what time's CF `bounds` attribute names, with dims (time, bnds), and
that role_kind [role] holds "formal" or "informal" for every role, on the
role scale (xarray: a data variable with dims ('role',)).

Exit status: 0 and a one-line summary when the file conforms; 1 with a
message naming the first problem; 77 (the usual "skipped" code) when h5py,
xarray or h5netcdf is missing.
"""
import hashlib
import re
import sys

try:
    import h5py
    import numpy as np
    import xarray as xr
    import h5netcdf  # noqa: F401  (xarray's engine; imported to fail early)
except ImportError as exc:
    print(f"h5check: skipped, missing Python module: {exc}", file=sys.stderr)
    sys.exit(77)

ROOT_ATTRS = ("producer", "version", "created", "command_line", "rng")
SCENARIO_STRING_ATTRS = ("config", "config_sha256")
SCENARIO_INT_ATTRS = ("seed", "replicates", "days", "output_every")
CREATED_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# Datasets of a scenario group that are neither metrics nor label axes.
BOUNDS, BOUNDS_DIM = "time_bounds", "bnds"
# netCDF-4's NAME for the scale of a dimension without a variable (bnds).
NOT_A_VARIABLE = "This is a netCDF dimension but not a netCDF variable."
# Properties of an axis: string datasets on one axis, not metrics.
ROLE_KIND, ROLE_KINDS = "role_kind", ("formal", "informal")


class CheckError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckError(message)


def as_text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def is_scale(dset):
    return as_text(dset.attrs.get("CLASS", b"")) == "DIMENSION_SCALE"


def is_phony_scale(dset):
    return is_scale(dset) and NOT_A_VARIABLE in as_text(dset.attrs.get("NAME", b""))


def check_time_bounds(where, group):
    """time_bounds [T, 2]: interval t is [start, end) days, the intervals tile
    [0, days], the ends are `time`, and `time` names it as its bounds."""
    require(BOUNDS in group, f"{where}: no '{BOUNDS}' dataset")
    bounds, time = group[BOUNDS], group["time"][...]
    require(bounds.dtype == np.float64 and bounds.shape == (time.shape[0], 2),
            f"{where}: {BOUNDS} is {bounds.dtype} {bounds.shape}, expected float64 "
            f"({time.shape[0]}, 2)")
    require(as_text(group["time"].attrs.get("bounds")) == BOUNDS,
            f"{where}: time has no bounds='{BOUNDS}'")
    require(as_text(bounds.attrs.get("units")) == "day",
            f"{where}: {BOUNDS} has no units='day'")
    require(BOUNDS_DIM in group and is_phony_scale(group[BOUNDS_DIM])
            and group[BOUNDS_DIM].shape == (2,),
            f"{where}: no netCDF dimension scale '{BOUNDS_DIM}' of length 2")
    b = bounds[...]
    days = int(group.attrs["days"])
    require(b[0, 0] == 0.0 and b[-1, 1] == days,
            f"{where}: {BOUNDS} covers [{b[0, 0]}, {b[-1, 1]}], expected [0, {days}]")
    require(np.all(b[:, 0] < b[:, 1]), f"{where}: {BOUNDS} has an empty interval")
    require(np.array_equal(b[1:, 0], b[:-1, 1]),
            f"{where}: {BOUNDS} has a gap or an overlap")
    require(np.array_equal(b[:, 1], time), f"{where}: {BOUNDS} ends differ from time")


def check_root(f):
    for name in ROOT_ATTRS:
        require(name in f.attrs, f"root attribute '{name}' is missing")
        require(isinstance(f.attrs[name], str),
                f"root attribute '{name}' is {type(f.attrs[name]).__name__}, "
                "expected a UTF-8 string")
    require(CREATED_FORMAT.match(f.attrs["created"]),
            f"root attribute 'created' = {f.attrs['created']!r} is not ISO 8601 UTC "
            "(YYYY-MM-DDTHH:MM:SSZ)")
    require("scenarios" in f and isinstance(f["scenarios"], h5py.Group),
            "no /scenarios group")
    require(len(f["scenarios"]) > 0, "/scenarios holds no scenario")


def check_role_kind(where, group):
    """role_kind [role]: "formal"/"informal" per role, the role scale attached."""
    require(ROLE_KIND in group, f"{where}: no '{ROLE_KIND}' dataset")
    dset = group[ROLE_KIND]
    require(dset.shape == group["role"].shape,
            f"{where}: {ROLE_KIND} has shape {dset.shape}, expected "
            f"{group['role'].shape} (the role axis)")
    require(h5py.check_string_dtype(dset.dtype) is not None
            and h5py.check_string_dtype(dset.dtype).encoding == "utf-8",
            f"{where}: {ROLE_KIND} is not UTF-8 strings")
    kinds = [as_text(v) for v in dset[...]]
    require(all(k in ROLE_KINDS for k in kinds),
            f"{where}: {ROLE_KIND} holds {kinds}, expected only {ROLE_KINDS}")
    require(len(dset.dims[0]) == 1 and dset.dims[0][0].name == group["role"].name,
            f"{where}: {ROLE_KIND} does not have the role scale attached")
    require("long_name" in dset.attrs, f"{where}: {ROLE_KIND} has no long_name")


def check_scenario_h5py(name, group):
    """Check one scenario group with h5py; return (metrics, axes)."""
    where = f"scenario '{name}'"
    for attr in SCENARIO_STRING_ATTRS:
        require(attr in group.attrs, f"{where}: attribute '{attr}' is missing")
        require(isinstance(group.attrs[attr], str),
                f"{where}: attribute '{attr}' is not a UTF-8 string")
    for attr in SCENARIO_INT_ATTRS:
        require(attr in group.attrs, f"{where}: attribute '{attr}' is missing")
        require(np.issubdtype(np.asarray(group.attrs[attr]).dtype, np.integer),
                f"{where}: attribute '{attr}' is not an integer")
    digest = hashlib.sha256(group.attrs["config"].encode("utf-8")).hexdigest()
    require(group.attrs["config_sha256"] == digest,
            f"{where}: config_sha256 {group.attrs['config_sha256']} != "
            f"sha256(config) {digest}")
    replicates = int(group.attrs["replicates"])
    for scale in ("replicate", "time"):
        require(scale in group and is_scale(group[scale]),
                f"{where}: no dimension scale '{scale}'")
    require(as_text(group["time"].attrs.get("units")) == "day",
            f"{where}: time has no units='day'")
    require(group["replicate"].shape == (replicates,),
            f"{where}: replicate scale has shape {group['replicate'].shape}, "
            f"expected ({replicates},)")
    check_time_bounds(where, group)
    axes = [k for k, v in group.items()
            if isinstance(v, h5py.Dataset) and is_scale(v) and not is_phony_scale(v)
            and k not in ("replicate", "time")]
    check_role_kind(where, group)
    metrics = [k for k, v in group.items()
               if isinstance(v, h5py.Dataset) and not is_scale(v)
               and k not in (BOUNDS, ROLE_KIND)]
    require(metrics, f"{where}: no metric datasets")
    for metric in metrics:
        dset = group[metric]
        require(dset.dtype == np.float64, f"{where}: {metric} is {dset.dtype}, "
                "expected float64")
        require(dset.ndim in (2, 3, 4), f"{where}: {metric} has rank {dset.ndim}")
        require(dset.shape[0] == replicates,
                f"{where}: {metric} has {dset.shape[0]} replicates, expected "
                f"{replicates}")
        require(as_text(dset.attrs.get("kind")) in ("flow", "stock", "mean"),
                f"{where}: {metric} has kind {dset.attrs.get('kind')!r}")
    return metrics, axes


def check_scenario_xarray(path, name, group, metrics, axes):
    where = f"scenario '{name}' (xarray)"
    with xr.open_dataset(path, group=f"scenarios/{name}", engine="h5netcdf") as ds:
        for dim in ("replicate", "time"):
            require(dim in ds.dims, f"{where}: no dimension '{dim}'")
            require(dim in ds.coords, f"{where}: dimension '{dim}' has no coordinate")
        require(np.array_equal(ds["replicate"].values,
                               np.arange(int(group.attrs["replicates"]))),
                f"{where}: replicate coordinate is not 0..R-1")
        require(np.array_equal(ds["time"].values, group["time"][...]),
                f"{where}: time coordinate {ds['time'].values} differs from the file")
        for axis in axes:
            require(axis in ds.dims and axis in ds.coords,
                    f"{where}: axis '{axis}' is not a dimension with coordinates")
            labels = list(ds[axis].values)
            require(all(isinstance(label, str) for label in labels),
                    f"{where}: labels of '{axis}' are not strings: {labels!r}")
            stored = [as_text(v) for v in group[axis][...]]
            require(labels == stored,
                    f"{where}: labels of '{axis}' {labels} differ from {stored}")
        require(sorted(ds.data_vars) == sorted(metrics + [BOUNDS, ROLE_KIND]),
                f"{where}: data variables {sorted(ds.data_vars)} differ from the "
                f"metric datasets {sorted(metrics)}, {BOUNDS} and {ROLE_KIND}")
        require(ds[ROLE_KIND].dims == ("role",),
                f"{where}: {ROLE_KIND} has dims {ds[ROLE_KIND].dims}, expected ('role',)")
        require([str(v) for v in ds[ROLE_KIND].values]
                == [as_text(v) for v in group[ROLE_KIND][...]],
                f"{where}: {ROLE_KIND} differs between xarray and h5py")
        require(ds[BOUNDS].dims == ("time", BOUNDS_DIM),
                f"{where}: {BOUNDS} has dims {ds[BOUNDS].dims}, expected "
                f"('time', '{BOUNDS_DIM}')")
        require(BOUNDS_DIM not in ds.coords,
                f"{where}: '{BOUNDS_DIM}' should be a dimension without coordinate")
        require(ds["time"].attrs.get("bounds") == BOUNDS,
                f"{where}: xarray shows time without bounds='{BOUNDS}'")
        require(np.array_equal(ds[BOUNDS].values, group[BOUNDS][...]),
                f"{where}: {BOUNDS} values differ between xarray and h5py")
        for metric in metrics:
            var = ds[metric]
            expected = ("replicate", "time")
            if group[metric].ndim == 4:
                require(var.dims[:2] == expected and var.dims[2] in axes
                        and var.dims[3] in axes and var.dims[2] != var.dims[3],
                        f"{where}: {metric} has dims {var.dims}, expected "
                        f"('replicate', 'time', <axis>, <another axis>)")
            elif group[metric].ndim == 3:
                require(var.dims[:2] == expected and var.dims[2] in axes,
                        f"{where}: {metric} has dims {var.dims}, expected "
                        f"('replicate', 'time', <axis>)")
            else:
                require(var.dims == expected,
                        f"{where}: {metric} has dims {var.dims}, expected {expected}")
            if "units" not in var.attrs and "units" in var.encoding:
                # xarray's CF decoding turns units such as "hours" or "days"
                # into timedelta64 values and moves units out of attrs.
                raise CheckError(
                    f"{where}: xarray decoded {metric} (units "
                    f"{var.encoding['units']!r}) as {var.dtype}; use a unit "
                    "xarray leaves alone, e.g. 'hour' or 'day'")
            for attr in ("units", "long_name"):
                require(attr in var.attrs, f"{where}: {metric} has no '{attr}'")
            require(np.array_equal(var.values, group[metric][...], equal_nan=True),
                    f"{where}: {metric} values differ between xarray and h5py")


def main(argv):
    if len(argv) != 2:
        print("usage: h5check.py RESULT.h5", file=sys.stderr)
        return 2
    path = argv[1]
    n_metrics = 0
    try:
        with h5py.File(path, "r") as f:
            check_root(f)
            names = list(f["scenarios"])
            for name in names:
                group = f["scenarios"][name]
                metrics, axes = check_scenario_h5py(name, group)
                check_scenario_xarray(path, name, group, metrics, axes)
                n_metrics += len(metrics)
    except CheckError as exc:
        print(f"h5check: {path}: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"h5check: {path}: cannot read: {exc}", file=sys.stderr)
        return 1
    print(f"h5check: {path}: ok, {len(names)} scenarios ({', '.join(names)}), "
          f"{n_metrics} metrics, read by h5py and xarray/h5netcdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
