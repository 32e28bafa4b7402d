"""Crafted and corrupted result files for tests/e2e/result_integrity.sh.

    result_files.py GOOD.h5 OUT_DIR VERSION

writes OUT_DIR/<case>.h5 for every case the test checks: a real file
(GOOD.h5, written by this wijksim: sealed) edited with h5py, with or
without its seal renewed (reseal: what a careful forger would do), bytes
flipped, shapes and types that break the contract, an empty /scenarios,
more scenarios than a run holds, a config stored as variable-length ASCII
(as R and netCDF write it), an older version's file, a FIFO, and the
fuzzer's findings (regression_*.h5) under a renewed seal.
"""
import hashlib
import os
import shutil
import sys

import h5py
import numpy as np

USERBLOCK = 512
MAGIC = b"wijksim result file\nsha256 "


def reseal(path):
    """Write the seal as wijksim does: SHA-256 of the bytes after the user block."""
    with open(path, "r+b") as f:
        f.seek(USERBLOCK)
        digest = hashlib.sha256(f.read()).hexdigest().encode()
        block = (MAGIC + digest + b"\n").ljust(USERBLOCK, b"\0")
        f.seek(0)
        f.write(block)


def copy(good, out, name):
    path = os.path.join(out, name + ".h5")
    shutil.copyfile(good, path)
    return path


def group_of(f):
    name = list(f["scenarios"])[0]
    return f["scenarios"][name]


def set_config(g, text):
    g.attrs["config"] = text
    g.attrs["config_sha256"] = hashlib.sha256(text.encode()).hexdigest()


def unsealed(good, path):
    """GOOD with its seal wiped: a file as one without a seal is read (an
    older wijksim's, another tool's). (Copying the objects into a new file
    with h5py would leave the dimension scales' object references pointing
    into the old file, a damaged file of its own.)"""
    shutil.copyfile(good, path)
    with open(path, "r+b") as f:
        f.write(b"\0" * USERBLOCK)


def main():
    good, out, version = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(good, os.path.join(out, "good.h5"))

    p = copy(good, out, "tampered_config")
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        g.attrs["config"] = g.attrs["config"].replace("residents_per_wijk = ", "residents_per_wijk = 1")

    p = copy(good, out, "tampered_config_resealed")
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        g.attrs["config"] = g.attrs["config"].replace("residents_per_wijk = ", "residents_per_wijk = 1")
    reseal(p)

    p = copy(good, out, "tampered_seed")
    with h5py.File(p, "r+") as f:
        group_of(f).attrs.modify("seed", np.uint64(99))
    reseal(p)

    p = copy(good, out, "tampered_days")
    with h5py.File(p, "r+") as f:
        group_of(f).attrs.modify("days", np.int64(21))
    reseal(p)

    p = copy(good, out, "tampered_replicates")
    with h5py.File(p, "r+") as f:
        group_of(f).attrs.modify("replicates", np.int64(5))
    reseal(p)

    p = copy(good, out, "tampered_output_every")
    with h5py.File(p, "r+") as f:
        group_of(f).attrs.modify("output_every", np.int64(1))
    reseal(p)

    size = os.path.getsize(good)
    for k, frac in enumerate((0.0, 0.1, 0.3, 0.5, 0.7, 0.999)):
        p = copy(good, out, "flipped_%d" % k)
        at = USERBLOCK + int((size - USERBLOCK - 8) * frac)
        with open(p, "r+b") as f:
            f.seek(at)
            data = bytearray(f.read(8))
            f.seek(at)
            f.write(bytes(b ^ 0x5A for b in data))

    # An 8 KB file whose metric claims 2^40 replicates x 2^40 times x 2^20
    # labels (chunked, nothing written), with attributes that look right.
    p = os.path.join(out, "unsealed.h5")
    unsealed(good, p)
    # Bytes flipped in a file without a seal (nothing to refuse it up
    # front): libhdf5 reads the damage itself, in the child process.
    for k, frac in enumerate((0.05, 0.2, 0.4, 0.6, 0.8, 0.95)):
        p = os.path.join(out, "unsealed_flipped_%d.h5" % k)
        unsealed(good, p)
        at = USERBLOCK + int((size - USERBLOCK - 8) * frac)
        with open(p, "r+b") as f:
            f.seek(at)
            data = bytearray(f.read(8))
            f.seek(at)
            f.write(bytes(b ^ 0x5A for b in data))

    p = os.path.join(out, "huge_shape.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        del g["needs_new"]
        d = g.create_dataset("needs_new", shape=(2**40, 2**40, 2**20), dtype="f8", chunks=(1, 1, 1024))
        d.attrs["kind"] = "flow"

    p = os.path.join(out, "bad_type.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        shape = g["needs_new"].shape
        del g["needs_new"]
        d = g.create_dataset("needs_new", data=np.zeros(shape, dtype="S8"))
        d.attrs["kind"] = "flow"

    p = os.path.join(out, "empty_scenarios.h5")
    with h5py.File(p, "w") as f:
        f.attrs["producer"] = "wijksim"
        f.create_group("scenarios")

    p = os.path.join(out, "many_scenarios.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        s = f["scenarios"]
        first = list(s)[0]
        for i in range(69):
            s.copy(s[first], s, name="copy_%02d" % i)

    p = os.path.join(out, "ascii_config.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        text = g.attrs["config"]
        ascii_vlen = h5py.string_dtype("ascii")
        del g.attrs["config"]
        g.attrs.create("config", text.encode("ascii", "replace"), dtype=ascii_vlen)

    p = os.path.join(out, "old_version.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        f.attrs["version"] = "0.0.1+abcdef123456"
        g = group_of(f)
        set_config(g, g.attrs["config"] + "\nold_setting = 1;\n")

    # Only the version differs: the text loads, rerun runs it with a note.
    p = os.path.join(out, "other_version.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        f.attrs["version"] = "0.0.1+abcdef123456"

    # The text without its seed (the default then applies), the attribute
    # as before: what rerun would run is not what the file says it ran.
    p = os.path.join(out, "default_seed.h5")
    unsealed(good, p)
    with h5py.File(p, "r+") as f:
        g = group_of(f)
        lines = [l for l in g.attrs["config"].split("\n") if not l.strip().startswith("seed =")]
        set_config(g, "\n".join(lines))
        g.attrs.modify("seed", np.uint64(12345))

    # The fuzzer's findings (tests/fuzz/regressions-h5read/), sealed again
    # as the fuzz target does: damaged contents under a forged seal, which
    # crash libhdf5 itself; wijksim reads them in a child first.
    here = os.path.dirname(os.path.abspath(__file__))
    found = os.path.join(here, "fuzz", "regressions-h5read")
    for name in sorted(os.listdir(found)) if os.path.isdir(found) else []:
        p = os.path.join(out, "regression_" + os.path.splitext(name)[0] + ".h5")
        shutil.copyfile(os.path.join(found, name), p)
        with open(p, "rb") as f:
            sealed = f.read(len(MAGIC)) == MAGIC
        if sealed:
            reseal(p)

    os.mkfifo(os.path.join(out, "fifo.h5"))
    assert version


if __name__ == "__main__":
    main()
