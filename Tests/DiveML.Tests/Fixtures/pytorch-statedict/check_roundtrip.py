#!/usr/bin/python3
"""Load a state_dict file (e.g. one written by DiveML / TorchSharp from C#) into d2l 4.3's MLP and evaluate it.

Usage: /usr/bin/python3 check_roundtrip.py FILE.pt [--expected expected.json] [--reference mlp_784_256_10.pt]
                                           [--require-match] [--atol 1e-4] [--dis] [--data DIR]

Accepts either key layout: 1.weight/1.bias/3.weight/3.bias (net with Flatten first) or 0.weight/0.bias/2.weight/2.bias
(net without Flatten); a 'module.' prefix is stripped. Loads with torch.load(weights_only=True) first (only tensors,
OrderedDict/dict and plain values: what a foreign writer should produce); if that fails, says why and retries with
the full unpickler. Then net.load_state_dict(state, strict=True) and evaluates on the 10,000 test images.

With --require-match (for a file that should hold the fixture's weights, e.g. the fixture read and re-written by C#):
every tensor must equal the reference file's bit for bit, and accuracy and first-50 predictions must equal
expected.json, and the first-3 logits must be within --atol of it. The logits are recomputed here, so they are
bit-identical only with the BLAS the fixture was made with (netlib reference BLAS, see expected.json "blas"); with
OpenBLAS they differ by ~3e-6.

Exit status: 0 loaded and evaluated (and, with --require-match, matched); 1 a check failed; 2 the file could not be
loaded.
"""
import argparse
import collections
import json
import os
import pickletools
import sys
import zipfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402


def describe_container(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            print(f"format: zip (torch >= 1.6 default); {len(names)} records:")
            for i in z.infolist():
                print(f"  {i.filename}  {i.file_size} bytes  compress_type={i.compress_type}")
            return "zip", names
    print("format: not a zip file (legacy torch < 1.6 pickle stream, or something else)")
    return "legacy", []


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--expected", default=os.path.join(here, "expected.json"))
    ap.add_argument("--reference", default=os.path.join(here, "mlp_784_256_10.pt"),
                    help="state_dict whose tensors the file should equal bit for bit (either key layout)")
    ap.add_argument("--require-match", action="store_true",
                    help="fail unless the weights equal --reference and the results match expected.json")
    ap.add_argument("--atol", type=float, default=1e-4, help="tolerance for the first-3 logits with --require-match")
    ap.add_argument("--dis", action="store_true", help="disassemble data.pkl (pickletools) for debugging a writer")
    ap.add_argument("--data", default=fmnist.DEFAULT_DIR)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    print(f"torch {torch.__version__}; file {args.file} ({os.path.getsize(args.file)} bytes)")
    kind, names = describe_container(args.file)
    if args.dis and kind == "zip":
        pkl = [n for n in names if n.endswith("/data.pkl") or n == "data.pkl"]
        with zipfile.ZipFile(args.file) as z:
            pickletools.dis(z.read(pkl[0]))

    try:
        state = torch.load(args.file, map_location="cpu", weights_only=True)
        print("torch.load(weights_only=True): OK")
    except Exception as e:  # noqa: BLE001
        print(f"torch.load(weights_only=True) FAILED: {type(e).__name__}: {e}")
        try:
            state = torch.load(args.file, map_location="cpu")
            print("torch.load (full unpickler): OK")
        except Exception as e2:  # noqa: BLE001
            print(f"torch.load FAILED: {type(e2).__name__}: {e2}")
            return 2

    if not isinstance(state, dict):
        print(f"loaded object is {type(state).__name__}, not a dict/OrderedDict state_dict")
        return 2
    print(f"container: {type(state).__module__}.{type(state).__name__}; _metadata: "
          f"{'present' if getattr(state, '_metadata', None) is not None else 'absent (fine: load_state_dict does not need it)'}")
    for k, v in state.items():
        if torch.is_tensor(v):
            print(f"  {k}: {v.dtype} {list(v.shape)} stride={v.stride()} offset={v.storage_offset()}")
        else:
            print(f"  {k}: {type(v).__name__} (not a tensor)")

    try:
        mapped = fmnist.to_flatten(state)
        net = fmnist.make_net()
        result = net.load_state_dict(mapped, strict=True)
        print(f"load_state_dict(strict=True): OK {result}")
    except Exception as e:  # noqa: BLE001
        print(f"load_state_dict FAILED: {type(e).__name__}: {e}")
        return 2

    weights_equal = None
    if args.reference and os.path.exists(args.reference) and os.path.abspath(args.reference) != os.path.abspath(args.file):
        ref = fmnist.to_flatten(torch.load(args.reference, map_location="cpu", weights_only=True))
        diffs = {k: (mapped[k].dtype == ref[k].dtype and mapped[k].shape == ref[k].shape
                     and torch.equal(mapped[k].contiguous().view(torch.int32), ref[k].contiguous().view(torch.int32))) for k in ref}
        weights_equal = all(diffs.values())
        worst = max(float((mapped[k].float() - ref[k].float()).abs().max()) if mapped[k].shape == ref[k].shape else float("inf") for k in ref)
        print(f"vs reference {args.reference}: tensors bit-identical: {weights_equal} "
              f"({', '.join(k for k, v in diffs.items() if not v) or 'all'}{' differ in dtype, shape or bits' if not weights_equal else ''}; max |diff| {worst:.3g})")

    x_test, y_test = fmnist.load("t10k", args.data)
    correct, count, logits = fmnist.evaluate(net, x_test, y_test)
    first3 = [[float(v) for v in row] for row in logits[:3]]
    preds = logits[:50].argmax(1).tolist()
    print(f"test accuracy {correct}/{count} = {correct / count:.4f}")
    print("first 3 logits:")
    for row in first3:
        print("  " + json.dumps(row))

    ok = True
    if os.path.exists(args.expected):
        exp = json.load(open(args.expected))
        diff = (logits[:3] - torch.tensor(exp["first3_logits"], dtype=torch.float32)).abs().max().item()
        same_acc = correct == exp["test_correct"] and count == exp["test_count"]
        same_preds = preds == exp["first50_predictions"]
        print(f"vs {args.expected}: accuracy {'equal' if same_acc else 'DIFFERENT (%s)' % exp['test_accuracy']}, "
              f"first-50 predictions {'equal' if same_preds else 'DIFFERENT'}, first-3 logits max |diff| {diff:.3g}")
        ok = same_acc and same_preds and diff <= args.atol and weights_equal is not False
    elif args.require_match:
        print(f"--require-match needs {args.expected}")
        ok = False
    if args.require_match and not ok:
        print("MISMATCH")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
