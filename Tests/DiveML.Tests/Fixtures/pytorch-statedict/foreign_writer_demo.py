#!/usr/bin/python3
"""Write a state_dict .pt file WITHOUT torch.save (zipfile + hand-made pickle opcodes), the way a C# writer would,
in several variants, and check that torch.load(weights_only=True) + load_state_dict accept each one.

Usage: /usr/bin/python3 foreign_writer_demo.py [SOURCE.pt] [--out DIR]
The tensors come from SOURCE.pt (default: the fixture); only the writing is torch-free.
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

import numpy as np


def _unicode(s):  # BINUNICODE
    b = s.encode("utf-8")
    return b"X" + struct.pack("<I", len(b)) + b


def _int(v):  # BININT (signed 32-bit) — enough for sizes < 2^31; larger need LONG1
    return b"J" + struct.pack("<i", v)


def _tuple(items):
    return b"(" + b"".join(items) + b"t"  # MARK ... TUPLE


def state_dict_pickle(tensors, metadata):
    """Pickle protocol 2: OrderedDict of _rebuild_tensor_v2(persistent storage, 0, shape, stride, False, OrderedDict())."""
    out = [b"\x80\x02", b"ccollections\nOrderedDict\n", b")R"]  # PROTO 2; GLOBAL; EMPTY_TUPLE REDUCE
    out.append(b"(")  # MARK for SETITEMS
    for key, (name, arr) in enumerate(tensors):
        shape = arr.shape
        stride = [int(np.prod(shape[i + 1:])) for i in range(len(shape))]
        out.append(_unicode(name))
        out.append(b"ctorch._utils\n_rebuild_tensor_v2\n")
        storage = _tuple([_unicode("storage"), b"ctorch\nFloatStorage\n", _unicode(str(key)), _unicode("cpu"), _int(arr.size)])
        args = _tuple([storage + b"Q",  # BINPERSID: ('storage', torch.FloatStorage, key, location, numel)
                       _int(0),  # storage offset
                       _tuple([_int(d) for d in shape]),
                       _tuple([_int(s) for s in stride]),
                       b"\x89",  # requires_grad False
                       b"ccollections\nOrderedDict\n)R"])  # backward hooks
        out.append(args + b"R")
    out.append(b"u")  # SETITEMS
    if metadata:
        # What nn.Module.state_dict() attaches: state._metadata = OrderedDict({prefix: {'version': 1}}). torch's own
        # file has the same opcodes: EMPTY_DICT '_metadata' OrderedDict(...) SETITEM BUILD (BUILD with a dict state
        # updates the OrderedDict's __dict__).
        md = [b"ccollections\nOrderedDict\n)R("]
        for prefix in metadata:
            md.append(_unicode(prefix) + b"}" + _unicode("version") + b"K\x01s")
        md.append(b"u")
        out.append(b"}" + _unicode("_metadata") + b"".join(md) + b"sb")  # EMPTY_DICT key value SETITEM BUILD
    out.append(b".")
    return b"".join(out)


def write(path, tensors, archive="archive", compress=zipfile.ZIP_STORED, version=True, metadata=None, align=False):
    with zipfile.ZipFile(path, "w", compression=compress) as z:
        z.writestr(f"{archive}/data.pkl", state_dict_pickle(tensors, metadata))
        for key, (_, arr) in enumerate(tensors):
            info = zipfile.ZipInfo(f"{archive}/data/{key}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            if align:  # torch's writer pads each record's data to 64 bytes with an extra field 'FB'
                header_end = z.fp.tell() + 30 + len(info.filename.encode())
                pad = (-(header_end + 4)) % 64
                info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
            z.writestr(info, np.ascontiguousarray(arr, dtype="<f4").tobytes())
        if version:
            z.writestr(f"{archive}/version", b"3\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("source", nargs="?", default=os.path.join(here, "mlp_784_256_10.pt"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="foreign_pt")
    os.makedirs(out, exist_ok=True)

    # Read the source tensors with zipfile + numpy only (the persistent ids are key 0..3 in state order).
    import torch  # only to read the names/shapes of the source; the files below are written without it
    src = torch.load(args.source, weights_only=True)
    tensors = [(k, v.numpy()) for k, v in src.items()]
    noflat = [(n, a) for n, (_, a) in zip(["0.weight", "0.bias", "2.weight", "2.bias"], tensors)]

    variants = {
        "minimal_stored.pt": dict(tensors=tensors),
        "noflatten_stored.pt": dict(tensors=noflat),
        "with_metadata.pt": dict(tensors=tensors, metadata=["", "0", "1", "2", "3"]),
        "aligned_64.pt": dict(tensors=tensors, align=True),
        "deflated.pt": dict(tensors=tensors, compress=zipfile.ZIP_DEFLATED),
        "no_version_record.pt": dict(tensors=tensors, version=False),
        "other_archive_name.pt": dict(tensors=tensors, archive="model"),
    }
    check = os.path.join(here, "check_roundtrip.py")
    for name, kw in variants.items():
        path = os.path.join(out, name)
        write(path, **kw)
        r = subprocess.run([sys.executable, check, path, "--require-match"], capture_output=True, text=True)
        lines = [l for l in r.stdout.splitlines() if "torch.load" in l or "load_state_dict" in l or "vs " in l or "FAILED" in l]
        print(f"{name:24s} rc={r.returncode}  " + " | ".join(lines))


if __name__ == "__main__":
    main()
