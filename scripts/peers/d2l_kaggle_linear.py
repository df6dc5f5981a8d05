#!/usr/bin/python3
"""d2l 4.10 (Predicting House Prices on Kaggle) in PyTorch + pandas, as the book does it, with wall-clock timings.

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 d2l_kaggle_linear.py --train train.csv --test test.csv
           [--threads 2] [--seed 1] [--folds 5] [--epochs 100] [--lr 5] [--weight-decay 0] [--batch-size 64]
           [--loader dataloader|tensor] [--json FILE]

Book steps: pd.read_csv both files; all_features = concat(train.iloc[:, 1:-1], test.iloc[:, 1:]) (drops Id and
SalePrice); numeric columns (dtype != object) standardised with mean/std over train+test features; fillna(0);
get_dummies(dummy_na=True); float32 tensors; labels SalePrice float32 [n, 1]; net nn.Linear(in, 1) with PyTorch's
default init; nn.MSELoss; Adam(lr 5, weight_decay 0); minibatches of 64 from d2l.load_array (DataLoader,
shuffle=True); after every epoch log_rmse on the fold's training and held-out parts (predictions clamped to >= 1,
sqrt(MSE(log pred, log label))), as d2l's train(); the fold's last values are reported.
One difference, on purpose: folds. d2l's get_k_fold_data makes k blocks of n // k rows and never uses the last
n mod k rows; here fold i is the contiguous block of n // k + (1 if i < n mod k else 0) rows, as DiveML (every row is
held out once). For house prices n = 1460 = 5 * 292, so both are the same.
--loader tensor replaces the DataLoader with a torch.randperm + slicing loop (same batches count, faster).
--preprocessing per-fold fits the same steps on each fold's training rows only, as DiveML does (decisions D11): mean
and std of the numeric columns over those rows, fillna(0) after standardising, one column per level those rows hold
(sorted) plus the NaN column, a level they do not hold all zeros. The book's way (default) fits them over train+test.
Threads: torch.set_num_threads(--threads); OMP_WAIT_POLICY is read by the OpenMP runtime from the environment.
"""
import time

T0 = time.perf_counter()
import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils import data  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - T0


def load_array(data_arrays, batch_size, is_train=True):
    """d2l.load_array."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


class TensorLoader:
    """Same minibatches semantics (reshuffled each epoch, last batch partial) without DataLoader overhead."""

    def __init__(self, X, y, batch_size):
        self.X, self.y, self.b = X, y, batch_size

    def __iter__(self):
        perm = torch.randperm(len(self.X))
        for i in range(0, len(perm), self.b):
            idx = perm[i:i + self.b]
            yield self.X[idx], self.y[idx]


loss = nn.MSELoss()


def log_rmse(net, features, labels):
    """d2l 4.10 (no torch.no_grad in the book; kept)."""
    clipped_preds = torch.clamp(net(features), 1, float('inf'))
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()


def train(net, train_features, train_labels, test_features, test_labels,
          num_epochs, learning_rate, weight_decay, batch_size, loader):
    train_ls, test_ls = [], []
    train_iter = (load_array((train_features, train_labels), batch_size) if loader == "dataloader"
                  else TensorLoader(train_features, train_labels, batch_size))
    optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate, weight_decay=weight_decay)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            optimizer.zero_grad()
            l = loss(net(X), y)
            l.backward()
            optimizer.step()
        train_ls.append(log_rmse(net, train_features, train_labels))
        if test_labels is not None:
            test_ls.append(log_rmse(net, test_features, test_labels))
    return train_ls, test_ls


def fold_bounds(n, k, i):
    """DiveML's contiguous fold i: sizes n // k + (1 if fold < n % k else 0)."""
    size, extra = divmod(n, k)
    start = i * size + min(i, extra)
    return start, start + size + (1 if i < extra else 0)


def per_fold_features(features, numeric, start, stop):
    """The book's preprocessing fitted on the rows outside [start, stop) of the training file's features only."""
    fit = pd.concat((features.iloc[:start], features.iloc[stop:]))
    out = features.copy()
    out[numeric] = (out[numeric] - fit[numeric].mean()) / fit[numeric].std()
    out[numeric] = out[numeric].fillna(0)
    columns = [out[numeric].astype(np.float64)]
    for column in [c for c in features.columns if c not in numeric]:
        levels = sorted(fit[column].dropna().unique())
        block = {f"{column}_{level}": (features[column] == level).astype(np.float64) for level in levels}
        block[f"{column}_nan"] = features[column].isna().astype(np.float64)
        columns.append(pd.DataFrame(block, index=features.index))
    return torch.tensor(pd.concat(columns, axis=1).values.astype(np.float32), dtype=torch.float32)


def get_k_fold_data(k, i, X, y):
    assert k > 1
    start, stop = fold_bounds(X.shape[0], k, i)
    X_valid, y_valid = X[start:stop], y[start:stop]
    X_train = torch.cat([X[:start], X[stop:]], 0)
    y_train = torch.cat([y[:start], y[stop:]], 0)
    return X_train, y_train, X_valid, y_valid


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--lr", type=float, default=5.0)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--loader", choices=["dataloader", "tensor"], default="dataloader")
    ap.add_argument("--preprocessing", choices=["book", "per-fold"], default="book")
    ap.add_argument("--json", help="also write the results as JSON here")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    print(f"python {platform.python_version()}, torch {torch.__version__}, pandas {pd.__version__}, numpy {np.__version__}; "
          f"torch threads {torch.get_num_threads()}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}, "
          f"loader {args.loader}, preprocessing {args.preprocessing}")

    t = time.perf_counter()
    train_data = pd.read_csv(args.train)
    test_data = pd.read_csv(args.test)
    all_features = pd.concat((train_data.iloc[:, 1:-1], test_data.iloc[:, 1:]))
    numeric_features = all_features.dtypes[all_features.dtypes != 'object'].index
    all_features[numeric_features] = all_features[numeric_features].apply(
        lambda x: (x - x.mean()) / (x.std()))
    all_features[numeric_features] = all_features[numeric_features].fillna(0)
    all_features = pd.get_dummies(all_features, dummy_na=True)
    n_train = train_data.shape[0]
    values = all_features.values.astype(np.float32)  # pandas 1.5: float64 + uint8 columns -> float64 -> float32
    train_features = torch.tensor(values[:n_train], dtype=torch.float32)
    test_features = torch.tensor(values[n_train:], dtype=torch.float32)
    train_labels = torch.tensor(train_data.SalePrice.values.reshape(-1, 1), dtype=torch.float32)
    prep_seconds = time.perf_counter() - t
    in_features = train_features.shape[1]
    print(f"read + preprocess: {prep_seconds:.3f} s; train {tuple(train_data.shape)}, test {tuple(test_data.shape)}, "
          f"features {in_features} ({len(numeric_features)} numeric), train_features {tuple(train_features.shape)}")

    k = args.folds
    folds = []
    t_folds = time.perf_counter()
    for i in range(k):
        tf = time.perf_counter()
        if args.preprocessing == "per-fold":
            start, stop = fold_bounds(len(train_features), k, i)
            fold_features = per_fold_features(train_data.iloc[:, 1:-1], numeric_features, start, stop)
            X_tr, y_tr, X_va, y_va = get_k_fold_data(k, i, fold_features, train_labels)
        else:
            X_tr, y_tr, X_va, y_va = get_k_fold_data(k, i, train_features, train_labels)
        net = nn.Sequential(nn.Linear(X_tr.shape[1], 1))
        train_ls, valid_ls = train(net, X_tr, y_tr, X_va, y_va, args.epochs, args.lr, args.weight_decay,
                                   args.batch_size, args.loader)
        sec = time.perf_counter() - tf
        start, stop = fold_bounds(len(train_features), k, i)
        folds.append({"fold": i + 1, "valid_rows": [start, stop], "train_log_rmse": train_ls[-1],
                      "valid_log_rmse": valid_ls[-1], "seconds": round(sec, 3)})
        print(f'fold {i + 1}, rows [{start}, {stop}), train log rmse {float(train_ls[-1]):f}, '
              f'valid log rmse {float(valid_ls[-1]):f}, {sec:.3f} s')
    folds_seconds = time.perf_counter() - t_folds
    mean_train = sum(f["train_log_rmse"] for f in folds) / k
    mean_valid = sum(f["valid_log_rmse"] for f in folds) / k
    std_valid = float(np.std([f["valid_log_rmse"] for f in folds], ddof=1))
    total = time.perf_counter() - T0
    print(f'{k}-fold validation: avg train log rmse: {mean_train:f}, avg valid log rmse: {mean_valid:f} '
          f'(sample std {std_valid:f})')
    print(f"wall seconds: imports {IMPORT_SECONDS:.3f}, read+preprocess {prep_seconds:.3f}, "
          f"folds {folds_seconds:.3f} (" + ", ".join(f"{f['seconds']:.3f}" for f in folds) + f"), total {total:.3f} "
          "(from the first import; interpreter start-up not included)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"args": vars(args), "torch": torch.__version__, "pandas": pd.__version__,
                       "threads": torch.get_num_threads(), "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
                       "in_features": in_features, "folds": folds, "mean_train_log_rmse": mean_train,
                       "mean_valid_log_rmse": mean_valid, "std_valid_log_rmse": std_valid,
                       "seconds": {"imports": IMPORT_SECONDS, "read_preprocess": prep_seconds,
                                   "folds": folds_seconds, "total": total}}, fh, indent=1)


if __name__ == "__main__":
    main()
