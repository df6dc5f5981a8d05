#!/usr/bin/python3
"""scikit-learn peers for `dive kaggle` on the tables written by make_tables.py, on the SAME folds DiveML uses.

Usage: /usr/bin/python3 sklearn_peer.py NAME [--folds 5] [--seed 1] [--fold-mode contiguous|shuffled|stratified]
                                          [--models mlp,hgb] [--threads 1] [--out FILE.json]
NAME: breast_cancer | wine | diabetes (data/sklearn/NAME in this repository), or a path to a folder holding train.csv
with columns Id, ..., target.

Folds: dive_folds.assign (DiveML's FoldAssignment, checked against the C# code); contiguous == sklearn
KFold(n_splits=K, shuffle=False). For shuffled/stratified, pass the same --seed as `dive kaggle --seed` (DiveML uses
the trainer seed for the folds, 0 when --seed is not given).
Task: like DiveML's --task auto: an integer label with <= 10 distinct values is classification, otherwise regression.

Models (one network / one booster per fold, refit from scratch):
  mlp: StandardScaler -> MLPClassifier / MLPRegressor, one hidden layer of 256 ReLU, Adam lr 0.002, batch 256
       (sklearn uses min(256, n_train)), exactly 200 epochs (n_iter_no_change = max_iter, so no early stop), shuffled
       minibatches, random_state=seed. L2: sklearn adds alpha * W / batch_rows to the weight gradient, torch's Adam
       weight_decay adds wd * W, so alpha = 1e-3 * min(256, n_train) matches DiveML's weight decay 1e-3 (weights
       only; sklearn does not decay biases). No dropout (DiveML's MLP default has dropout 0.5 and averages 5 networks).
       Regression: the label is standardised (TransformedTargetRegressor + StandardScaler), DiveML's analogue is
       starting the output bias at the label mean.
  hgb: HistGradientBoostingClassifier / Regressor with default settings (the LightGBM-family peer), random_state=seed.
Metrics (DiveML's names): classification accuracy, macro_accuracy (= balanced accuracy, ML.NET's MacroAccuracy),
log_loss (natural log), and for two classes auc (positive class = the larger label, 1); regression rmse, mae, r2,
log_rmse (predictions clamped to >= 1, as d2l and DiveML). Std over folds is the sample std (ddof 1), as DiveML.
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings

t_start = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.compose import TransformedTargetRegressor  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, log_loss, mean_absolute_error,  # noqa: E402
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dive_folds  # noqa: E402

import_seconds = time.perf_counter() - t_start

HIDDEN, LR, BATCH, EPOCHS, WEIGHT_DECAY = 256, 0.002, 256, 200, 1e-3


def make_model(kind, task, seed, n_train):
    if kind == "mlp":
        batch = min(BATCH, n_train)
        common = dict(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=WEIGHT_DECAY * batch,
                      batch_size=batch, learning_rate_init=LR, max_iter=EPOCHS, n_iter_no_change=EPOCHS, tol=0.0,
                      shuffle=True, early_stopping=False, random_state=seed)
        if task == "regression":
            return TransformedTargetRegressor(regressor=make_pipeline(StandardScaler(), MLPRegressor(**common)),
                                              transformer=StandardScaler())
        return make_pipeline(StandardScaler(), MLPClassifier(**common))
    if kind == "hgb":
        return HistGradientBoostingRegressor(random_state=seed) if task == "regression" \
            else HistGradientBoostingClassifier(random_state=seed)
    raise ValueError(kind)


def metrics(task, model, X, y, classes):
    if task == "regression":
        p = model.predict(X)
        log_err = np.log(np.maximum(p, 1.0)) - np.log(y)
        return {"rmse": float(np.sqrt(mean_squared_error(y, p))), "mae": float(mean_absolute_error(y, p)),
                "r2": float(r2_score(y, p)), "log_rmse": float(np.sqrt(np.mean(log_err ** 2)))}
    proba = model.predict_proba(X)
    pred = model.classes_[proba.argmax(1)]
    out = {"accuracy": float(accuracy_score(y, pred)), "macro_accuracy": float(balanced_accuracy_score(y, pred)),
           "log_loss": float(log_loss(y, proba, labels=model.classes_))}
    if len(classes) == 2:
        out["auc"] = float(roc_auc_score(y, proba[:, list(model.classes_).index(classes[1])]))
    return out


def summarise(folds, part):
    names = folds[0][part].keys()
    vals = {m: np.array([f[part][m] for f in folds]) for m in names}
    return {m: {"mean": float(v.mean()), "std": float(v.std(ddof=1)) if len(v) > 1 else 0.0} for m, v in vals.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("name")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fold-mode", default="contiguous", choices=["contiguous", "shuffled", "stratified"])
    ap.add_argument("--models", default="mlp,hgb")
    ap.add_argument("--label", default="target")
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (threadpoolctl)")
    ap.add_argument("--out", help="also write the JSON here")
    args = ap.parse_args()

    # A table name reads the repository's copy, data/sklearn/NAME (written by make_tables.py); a folder reads that folder.
    folder = args.name if os.path.isdir(args.name) else os.path.join(here, "..", "..", "data", "sklearn", args.name)
    t0 = time.perf_counter()
    df = pd.read_csv(os.path.join(folder, "train.csv"))
    id_cols = [c for c in df.columns if c.lower() == "id"]
    y_raw = df[args.label].to_numpy()
    X = df.drop(columns=id_cols + [args.label]).to_numpy(dtype=np.float64)
    is_int = pd.api.types.is_integer_dtype(df[args.label])
    task = "classification" if (is_int and len(np.unique(y_raw)) <= 10) else "regression"
    y = y_raw if task == "classification" else y_raw.astype(np.float64)
    # Class order by first occurrence (ML.NET MapValueToKey); AUC's positive class is the larger of two labels.
    classes = sorted(pd.unique(y_raw).tolist()) if task == "classification" else None
    assignment = dive_folds.assign(len(df), args.folds, args.fold_mode, args.seed,
                                   list(y_raw) if args.fold_mode == "stratified" else None)
    read_seconds = time.perf_counter() - t0

    result = {
        "table": os.path.basename(os.path.normpath(folder)), "rows": len(df), "features": X.shape[1], "task": task,
        "classes": classes, "folds": args.folds, "fold_mode": args.fold_mode, "seed": args.seed,
        "fold_sizes": [int(np.sum(np.asarray(assignment) == f)) for f in range(args.folds)],
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__,
                     "pandas": pd.__version__},
        "threads": args.threads, "import_seconds": round(import_seconds, 3), "read_seconds": round(read_seconds, 3),
        "models": {},
    }
    with threadpool_limits(limits=args.threads), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 200 epochs by design
        # Contiguous folds of class-sorted data (wine) hold out only some classes; balanced accuracy then averages the
        # recall over the classes present in the fold (sklearn warns "y_pred contains classes not in y_true").
        warnings.filterwarnings("ignore", message="y_pred contains classes not in y_true")
        for kind in args.models.split(","):
            folds = []
            tm = time.perf_counter()
            for f, (tr, va) in enumerate(dive_folds.splits(assignment, args.folds)):
                tf = time.perf_counter()
                model = make_model(kind, task, args.seed, len(tr))
                model.fit(X[tr], y[tr])
                folds.append({"fold": f + 1, "n_train": int(len(tr)), "n_valid": int(len(va)),
                              **({"valid_class_counts": {str(c): int(np.sum(y[va] == c)) for c in classes}}
                                 if task == "classification" else {}),
                              "train": metrics(task, model, X[tr], y[tr], classes),
                              "valid": metrics(task, model, X[va], y[va], classes),
                              "seconds": round(time.perf_counter() - tf, 3)})
            params = make_model(kind, task, args.seed, len(df) - len(df) // args.folds)
            est = params.regressor if isinstance(params, TransformedTargetRegressor) else params
            last = est.steps[-1][1] if hasattr(est, "steps") else est
            result["models"][kind] = {
                "estimator": repr(params).replace("\n", " ").replace("  ", ""),
                "estimator_params": {k: v for k, v in last.get_params().items() if isinstance(v, (int, float, str, tuple, type(None)))},
                "folds": folds,
                "mean_std": {"train": summarise(folds, "train"), "valid": summarise(folds, "valid")},
                "seconds": round(time.perf_counter() - tm, 3),
            }
    result["total_seconds"] = round(time.perf_counter() - t_start, 3)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")
    primary = "log_rmse" if task == "regression" else "accuracy"
    for kind, r in result["models"].items():
        extra = [m for m in ("auc", "rmse") if m in r["mean_std"]["valid"]]
        line = ", ".join(f"{m} {r['mean_std']['valid'][m]['mean']:.4f} ± {r['mean_std']['valid'][m]['std']:.4f}" for m in [primary] + extra)
        print(f"# {result['table']} {kind}: valid {line} ({r['seconds']:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
