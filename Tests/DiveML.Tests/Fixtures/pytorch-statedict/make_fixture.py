#!/usr/bin/python3
"""d2l 4.3 (concise MLP) on Fashion-MNIST -> state_dict fixtures + expected.json.

Usage: /usr/bin/python3 make_fixture.py [--data /usr/share/datasets/fashion-mnist] [--out .] [--threads 1]

Order of random draws (all from torch's global generator after torch.manual_seed(1)):
  1. nn.Linear default init of both layers at construction (then overwritten),
  2. normal_(0, 0.01) of 1.weight, then of 3.weight (biases zeroed, no draw),
  3. one torch.randperm(60000) per epoch; minibatches are consecutive 256-row slices of it (the last has 96 rows).
"""
import argparse
import datetime
import fractions
import hashlib
import json
import os
import sys
import time
import zipfile

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def float32_hex(t):
    """IEEE-754 bits of float32 values as 8-hex-digit strings (exact, for byte-level checks)."""
    return [format(v & 0xFFFFFFFF, "08x") for v in t.contiguous().view(torch.int32).tolist()]


def blas_info():
    """The BLAS torch calls (Debian's python3-torch links libblas.so.3: netlib reference unless OpenBLAS/BLIS is the
    alternative or comes first on LD_LIBRARY_PATH). Trained bits depend on it."""
    try:
        import threadpoolctl
        libs = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
        if libs:
            return f"{libs[0]['internal_api']} {libs[0].get('version')} ({libs[0]['filepath']})"
    except Exception:  # noqa: BLE001
        pass
    with open("/proc/self/maps") as f:
        paths = sorted({l.split()[-1] for l in f if "blas" in l.lower() and "/" in l})
    return "netlib reference or unknown: " + ", ".join(paths)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=fmnist.DEFAULT_DIR)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    x_train, y_train = fmnist.load("train", args.data)
    x_test, y_test = fmnist.load("t10k", args.data)
    assert x_train.shape == (60000, 1, 28, 28) and x_test.shape == (10000, 1, 28, 28)

    torch.manual_seed(args.seed)
    net = fmnist.make_net()

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, mean=0.0, std=0.01)
            nn.init.zeros_(m.bias)

    net.apply(init_weights)
    loss = nn.CrossEntropyLoss()  # mean over the minibatch
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    batch = 256
    n = len(y_train)
    history = []
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        net.train()
        perm = torch.randperm(n)
        loss_sum, correct, seen = 0.0, 0, 0
        te = time.perf_counter()
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            X, y = x_train[idx], y_train[idx]
            y_hat = net(X)
            l = loss(y_hat, y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
            loss_sum += float(l) * len(y)
            correct += int((y_hat.argmax(1) == y).sum())
            seen += len(y)
        c, m, _ = fmnist.evaluate(net, x_test, y_test)
        history.append({"epoch": epoch + 1, "train_loss": loss_sum / seen, "train_acc": correct / seen,
                        "test_acc": c / m, "seconds": round(time.perf_counter() - te, 3)})
        print(json.dumps(history[-1]), flush=True)
    train_seconds = time.perf_counter() - t0

    correct, count, logits = fmnist.evaluate(net, x_test, y_test)
    state = net.state_dict()
    assert list(state.keys()) == fmnist.FLATTEN_KEYS, list(state.keys())
    os.makedirs(args.out, exist_ok=True)
    p1 = os.path.join(args.out, "mlp_784_256_10.pt")
    p2 = os.path.join(args.out, "mlp_784_256_10_noflatten.pt")
    torch.save(state, p1)
    # The second file is what a net without Flatten writes itself (its state_dict, _metadata included).
    plain = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    plain.load_state_dict(fmnist.to_noflatten(state))
    torch.save(plain.state_dict(), p2)

    formats = {}
    for p in (p1, p2):
        assert zipfile.is_zipfile(p), f"{p} is not zip-based"
        with zipfile.ZipFile(p) as z:
            formats[os.path.basename(p)] = {
                "zip": True,
                "entries": [(i.filename, i.file_size, i.compress_type) for i in z.infolist()],
            }

    # Sanity: reload both into fresh nets and re-evaluate.
    for p in (p1, p2):
        fresh = fmnist.make_net()
        fresh.load_state_dict(fmnist.to_flatten(torch.load(p, weights_only=True)))
        c2, _, lg2 = fmnist.evaluate(fresh, x_test, y_test)
        assert c2 == correct and torch.equal(lg2, logits), p

    first3 = logits[:3]
    expected = {
        "description": "d2l 4.3 concise MLP (Flatten, Linear 784-256, ReLU, Linear 256-10) on Fashion-MNIST; "
                       "weights N(0, 0.01), biases 0, torch.manual_seed(%d), SGD lr 0.1, batch 256, %d epochs, "
                       "cross-entropy (mean), per-epoch torch.randperm shuffle; pixels float32 = uint8 / 255" % (args.seed, args.epochs),
        "seed": args.seed,
        "epochs": args.epochs,
        "test_count": count,
        "test_correct": correct,
        "test_accuracy": correct / count,
        "test_accuracy_fraction": str(fractions.Fraction(correct, count)),
        "first50_test_labels": y_test[:50].tolist(),
        "first50_predictions": logits[:50].argmax(1).tolist(),
        "first3_logits": [[float(v) for v in row] for row in first3],
        "first3_logits_float32_hex": [float32_hex(row) for row in first3],
        "torch_version": torch.__version__,
        "python_version": sys.version.split()[0],
        "files": {
            os.path.basename(p1): {"sha256": sha256(p1), "bytes": os.path.getsize(p1), "keys": fmnist.FLATTEN_KEYS},
            os.path.basename(p2): {"sha256": sha256(p2), "bytes": os.path.getsize(p2), "keys": fmnist.NOFLATTEN_KEYS},
        },
        "shapes": {k: list(v.shape) for k, v in state.items()},
        "dtype": "float32",
        "torch_save_format": formats,
        "history": history,
        "train_seconds": round(train_seconds, 2),
        "threads": args.threads,
        "blas": blas_info(),
        "created_utc": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
    }
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        # repr of Python floats: json writes float repr (shortest round-trip), so the doubles (= float32 values) are exact.
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"test accuracy {correct}/{count} = {correct / count:.4f}; train {train_seconds:.1f} s")
    print("wrote", p1, p2, os.path.join(args.out, "expected.json"))


if __name__ == "__main__":
    main()
