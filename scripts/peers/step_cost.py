#!/usr/bin/python3
"""Microseconds per optimiser step (zero_grad + forward + MSE loss + backward + Adam step) in PyTorch on CPU.

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 step_cost.py [--steps 2000] [--warmup 200] [--threads 1,2]
           [--batches 64,256] [--in-features 331] [--repeats 1] [--json FILE]
Nets: 331 -> 1 (d2l 4.10's linear model) and 331 -> 256 -> ReLU -> 1, PyTorch default init, Adam lr 1e-3.
Data: random N(0, 1) features and labels preloaded as tensors; a pool of 32 distinct minibatches [32, batch, 331]
cycled (views, no copies or gathers inside the timed loop). Each (net, batch, threads) cell: warm-up steps, then
`repeats` timed runs of `steps` steps; reported: median and min µs per step over the repeats.
Threads: torch.set_num_threads(t) and threadpoolctl's BLAS limit t for each cell; OMP_WAIT_POLICY comes from the
environment. Run it with LD_LIBRARY_PATH=<openblas-pthread dir> to measure with OpenBLAS instead of the netlib BLAS.
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch
from threadpoolctl import threadpool_info, threadpool_limits
from torch import nn


def make(kind, d):
    return nn.Linear(d, 1) if kind == "linear" else nn.Sequential(nn.Linear(d, 256), nn.ReLU(), nn.Linear(256, 1))


def matmul_flops(net, batch):
    """Multiply-adds x 2 of one step's matmuls: per Linear forward and weight gradient; input gradient for all but the
    first layer (the data needs no gradient). Element-wise work (ReLU, loss, Adam) is not counted."""
    layers = [m for m in net.modules() if isinstance(m, nn.Linear)]
    return sum(2 * batch * l.weight.numel() * (2 if i == 0 else 3) for i, l in enumerate(layers))


def run_cell(kind, batch, threads, args):
    # torch.set_num_threads sets torch's OpenMP pool; Debian's generic-BLAS build does not pass it on to an OpenBLAS
    # loaded in place of libblas.so.3 (which otherwise uses one thread per core), so limit the BLAS pool too.
    torch.set_num_threads(threads)
    with threadpool_limits(limits=threads, user_api="blas"):
        return _run_cell(kind, batch, threads, args)


def blas():
    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if libs:
        return f"{libs[0]['internal_api']} {libs[0].get('version')} ({libs[0]['filepath']})"
    with open("/proc/self/maps") as f:
        return "netlib reference or unknown: " + ", ".join(sorted({l.split()[-1] for l in f if "blas" in l.lower() and "/" in l}))


def _run_cell(kind, batch, threads, args):
    g = torch.Generator().manual_seed(1)
    pool = 32
    X = torch.randn(pool, batch, args.in_features, generator=g)
    y = torch.randn(pool, batch, 1, generator=g)
    torch.manual_seed(1)
    net = make(kind, args.in_features)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss = nn.MSELoss()

    def steps(n, start):
        for s in range(start, start + n):
            j = s % pool
            opt.zero_grad()
            l = loss(net(X[j]), y[j])
            l.backward()
            opt.step()
        return l

    steps(args.warmup, 0)
    times = []
    for r in range(args.repeats):
        t = time.perf_counter()
        steps(args.steps, args.warmup + r * args.steps)
        times.append((time.perf_counter() - t) / args.steps * 1e6)
    params = sum(p.numel() for p in net.parameters())
    flops = matmul_flops(net, batch)
    med = statistics.median(times)
    return {"net": f"{args.in_features}->1" if kind == "linear" else f"{args.in_features}->256->1",
            "batch": batch, "threads": threads, "us_per_step_median": round(med, 2),
            "us_per_step_min": round(min(times), 2), "us_per_step_runs": [round(v, 2) for v in times],
            "params": params, "approx_gflops": round(flops / med / 1e3, 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batches", default="64,256")
    ap.add_argument("--in-features", type=int, default=331)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    for threads in [int(t) for t in args.threads.split(",")]:
        for kind in ("linear", "mlp"):
            for batch in [int(b) for b in args.batches.split(",")]:
                rows.append(run_cell(kind, batch, threads, args))
    out = {"torch": torch.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"), "blas": blas(), "load_average_at_end": os.getloadavg(),
           "steps": args.steps, "warmup": args.warmup, "repeats": args.repeats,
           "step": "zero_grad + forward + MSELoss + backward + Adam(lr 1e-3).step", "results": rows}
    text = json.dumps(out, indent=1)
    print(text)
    print("\n| net | batch | threads | µs/step (median) | min |\n| --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['net']} | {r['batch']} | {r['threads']} | {r['us_per_step_median']} | {r['us_per_step_min']} |")
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
