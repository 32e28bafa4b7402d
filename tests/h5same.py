#!/usr/bin/python3
"""Compare the scenario datasets of two wijksim result files byte for byte.

usage: h5same.py A.h5 B.h5 [--scenarios a,b] [--only metric,metric | --common]
  --scenarios a,b      compare scenario a in A with scenario b in B
  --only m1,m2         compare only these datasets
  --common             compare only the datasets present in both files (e.g. a
                       file from before datasets were added against one after)
Exit 0 when every dataset (and scale) is identical in shape, dtype and bytes;
1 with the first difference otherwise. Attributes are not compared (the
creation time and command line differ by design)."""
import sys
import h5py
import numpy as np


def datasets(group):
    out = {}
    group.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def main(argv):
    if len(argv) < 3 or "--help" in argv or "-h" in argv:
        print(__doc__)
        return 0 if len(argv) >= 2 and ("--help" in argv or "-h" in argv) else 2
    a_path, b_path = argv[1], argv[2]
    only = None
    common = False
    scen_a = scen_b = None
    args = argv[3:]
    while args:
        if args[0] == "--common":
            common = True
            args = args[1:]
            continue
        if args[0] == "--only":
            only = set(args[1].split(","))
        elif args[0] == "--scenarios":
            scen_a, scen_b = args[1].split(",")
        args = args[2:]
    with h5py.File(a_path, "r") as fa, h5py.File(b_path, "r") as fb:
        names_a = [scen_a] if scen_a else list(fa["scenarios"])
        names_b = [scen_b] if scen_b else list(fb["scenarios"])
        if len(names_a) != len(names_b):
            print(f"different scenarios: {names_a} vs {names_b}")
            return 1
        compared = 0
        for na, nb in zip(names_a, names_b):
            da, db = datasets(fa["scenarios"][na]), datasets(fb["scenarios"][nb])
            keys = sorted(set(da) & set(db)) if common else sorted(set(da) | set(db))
            for k in keys:
                if only and k not in only:
                    continue
                if k not in da or k not in db:
                    print(f"{na}/{k}: only in one file")
                    return 1
                x, y = da[k][()], db[k][()]
                if x.shape != y.shape or x.dtype != y.dtype:
                    print(f"{na}/{k}: shape/dtype {x.shape} {x.dtype} vs {y.shape} {y.dtype}")
                    return 1
                if x.dtype.kind in "fiu":
                    if x.tobytes() != y.tobytes():
                        diff = np.argwhere(~((x == y) | (np.isnan(x) & np.isnan(y))) if x.dtype.kind == "f" else x != y)
                        print(f"{na}/{k}: differs first at {diff[0].tolist() if len(diff) else '?'}")
                        return 1
                elif list(x) != list(y):
                    print(f"{na}/{k}: labels differ")
                    return 1
                compared += 1
        print(f"identical: {compared} datasets")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
