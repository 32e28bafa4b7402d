# Issue 12: time_bounds tiles [0, days] (the last interval shorter when days
# is not a multiple of output_every) and xarray shows it as time's bounds;
# the two-axis metrics add up to their one-axis totals in every interval:
# referrals_by_route over (role, to_role) = referrals + task_shifts,
# contacts_by_type over need_type = contacts per role.
. "$(dirname "$0")/lib.sh"
cfg=$(small axes)
"$W" run "$cfg" -o "$tmp/short.h5" --days 100 -r 2 --quiet --check \
	--set simulation.output_every=7
"$W" run "$cfg" -o "$tmp/even.h5" --days 28 -r 2 --quiet --set simulation.output_every=7
for f in short even; do
	$PY tests/h5check.py "$tmp/$f.h5" >/dev/null || die "h5check failed on $f.h5"
done
$PY - "$tmp/short.h5" "$tmp/even.h5" <<'PYEOF' || die "time bounds or two-axis sums wrong"
import sys
import h5py
import numpy as np
import xarray as xr

def check_bounds(path, days, every):
    with h5py.File(path, "r") as f:
        g = f["scenarios/axes"]
        b, time = g["time_bounds"][...], g["time"][...]
    n = -(-days // every)
    assert b.shape == (n, 2), b.shape
    assert b[0, 0] == 0 and b[-1, 1] == days, b
    assert np.array_equal(b[1:, 0], b[:-1, 1]), "gap or overlap"
    assert np.array_equal(b[:, 1], time), (b, time)
    lengths = b[:, 1] - b[:, 0]
    assert np.all(lengths[:-1] == every), lengths
    assert lengths[-1] == days - every * (n - 1), lengths
    assert lengths.sum() == days
    with xr.open_dataset(path, group="scenarios/axes", engine="h5netcdf") as ds:
        assert ds["time"].attrs["bounds"] == "time_bounds", ds["time"].attrs
        assert ds["time_bounds"].dims == ("time", "bnds"), ds["time_bounds"].dims
        assert ds["time_bounds"].attrs["units"] == "day"
        assert np.array_equal(ds["time_bounds"].values, b)
    return lengths

lengths = check_bounds(sys.argv[1], 100, 7)
assert lengths[-1] == 2, lengths          # 14 weeks and 2 days
check_bounds(sys.argv[2], 28, 7)

with h5py.File(sys.argv[1], "r") as f:
    g = f["scenarios/axes"]
    roles = list(g["role"].asstr()[...])
    assert list(g["to_role"].asstr()[...]) == roles
    route = g["referrals_by_route"][...]
    by_type = g["contacts_by_type"][...]
    handed = g["referrals"][...] + g["task_shifts"][...]
    contacts = g["contacts"][...]
    assert route.shape == handed.shape + (len(roles), len(roles)), route.shape
    assert by_type.shape == contacts.shape + (g["need_type"].shape[0],), by_type.shape
    assert handed.sum() > 0 and contacts.sum() > 0, "nothing to test on"
    # Counts of whole events: sums of small integers are exact in float64.
    assert np.array_equal(route.sum(axis=(2, 3)), handed), "route sums differ"
    assert np.array_equal(by_type.sum(axis=3), contacts), "contacts_by_type sums differ"
    with xr.open_dataset(sys.argv[1], group="scenarios/axes", engine="h5netcdf") as ds:
        assert ds["referrals_by_route"].dims == ("replicate", "time", "role", "to_role")
        assert ds["contacts_by_type"].dims == ("replicate", "time", "role", "need_type")
        assert ds["referrals_by_route"].attrs["kind"] == "flow"
        assert ds["contacts_by_type"].attrs["units"] == "1"
PYEOF
echo "interval axes ok"
