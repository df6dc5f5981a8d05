#!/usr/bin/python3
"""Write scikit-learn's bundled tables as Kaggle-style CSV pairs: <name>/train.csv (Id, features, label) and
<name>/test.csv (the first 20 rows, Id + features, no label).

Usage: /usr/bin/python3 make_tables.py [--out DIR]   (default: the repository's data/sklearn)

Deterministic: rows in scikit-learn's order, Id = 1..n, numbers written with Python's repr (shortest string that
round-trips the float64), integer labels as integers, LF line endings, no quoting needed (names are [A-Za-z0-9_]).
  breast_cancer  load_breast_cancer()         569 x 30, label target: 0 = malignant, 1 = benign (sklearn's coding)
  wine           load_wine()                  178 x 13, label target: 0, 1, 2 (class_0..class_2); rows sorted by class!
  diabetes       load_diabetes(scaled=False)  442 x 10 original units (age, sex 1/2, bmi, bp, s1..s6), label target
                                              (disease progression after one year, 25..346)
"""
import argparse
import hashlib
import os
import re

import numpy as np
import sklearn
from sklearn import datasets

TABLES = {
    "breast_cancer": lambda: datasets.load_breast_cancer(),
    "wine": lambda: datasets.load_wine(),
    "diabetes": lambda: datasets.load_diabetes(scaled=False),
}
TEST_ROWS = 20


def sanitise(name):
    s = re.sub(r"[^A-Za-z0-9_]+", "_", name.strip()).strip("_")
    return s


def number(v):
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    f = float(v)
    assert np.isfinite(f)
    return repr(f)


def write_csv(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "sklearn"))
    args = ap.parse_args()
    print(f"scikit-learn {sklearn.__version__}")
    for name, load in TABLES.items():
        bunch = load()
        X, y = bunch.data, bunch.target
        features = [sanitise(n) for n in bunch.feature_names]
        assert len(set(features)) == len(features) and not {"Id", "target"} & set(features), features
        assert all(re.fullmatch(r"[A-Za-z0-9_]+", f) for f in features)
        is_class = name != "diabetes"
        labels = [str(int(v)) for v in y] if is_class else [number(v) for v in y]
        if is_class:
            assert np.array_equal(y, y.astype(np.int64))
        rows = [[str(i + 1)] + [number(v) for v in X[i]] for i in range(len(X))]
        d = os.path.join(args.out, name)
        os.makedirs(d, exist_ok=True)
        write_csv(os.path.join(d, "train.csv"), ["Id"] + features + ["target"], [r + [labels[i]] for i, r in enumerate(rows)])
        write_csv(os.path.join(d, "test.csv"), ["Id"] + features, rows[:TEST_ROWS])
        # Round-trip check: the text parses back to the same float64 values.
        back = np.loadtxt(os.path.join(d, "train.csv"), delimiter=",", skiprows=1)
        assert np.array_equal(back[:, 1:-1], X) and np.array_equal(back[:, -1], y.astype(np.float64))
        for f in ("train.csv", "test.csv"):
            p = os.path.join(d, f)
            h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            print(f"{name}/{f}: {os.path.getsize(p)} bytes, sha256 {h}")
        print(f"  {len(X)} rows x {len(features)} features; label 'target' "
              + (f"classes {dict(zip(*np.unique(y, return_counts=True)))}" if is_class else f"range {y.min()}..{y.max()}"))


if __name__ == "__main__":
    main()
