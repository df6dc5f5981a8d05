"""Shared helpers: read Fashion-MNIST IDX files and build d2l 4.3's MLP."""
import gzip
import os
import struct

import numpy as np
import torch
from torch import nn

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def _open(path):
    if os.path.exists(path):
        return open(path, "rb")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rb")
    raise FileNotFoundError(path + "[.gz]")


def read_idx(path):
    """An IDX file (big-endian header: 0x0000, type 0x08 = uint8, ndim; then ndim uint32 sizes) as a numpy array."""
    with _open(path) as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, (path, zero, dtype)
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    assert arr.size == int(np.prod(shape)), (path, shape, arr.size)
    return arr.reshape(shape)


def load(split, root=DEFAULT_DIR):
    """(images float32 [n, 1, 28, 28] in [0, 1] = pixel / 255, labels int64 [n]) for split 'train' or 't10k'."""
    images = read_idx(os.path.join(root, f"{split}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(root, f"{split}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def make_net():
    """d2l 4.3 (concise): Flatten, Linear(784, 256), ReLU, Linear(256, 10) -> keys 1.weight, 1.bias, 3.weight, 3.bias."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


FLATTEN_KEYS = ["1.weight", "1.bias", "3.weight", "3.bias"]
NOFLATTEN_KEYS = ["0.weight", "0.bias", "2.weight", "2.bias"]


def to_noflatten(state):
    """The same tensors under the key names of nn.Sequential(Linear, ReLU, Linear) (no Flatten)."""
    from collections import OrderedDict
    return OrderedDict((n, state[f]) for f, n in zip(FLATTEN_KEYS, NOFLATTEN_KEYS))


def to_flatten(state):
    """Accept either key layout (optionally prefixed 'module.'); return keys of make_net()."""
    from collections import OrderedDict
    keys = [k[len("module."):] if k.startswith("module.") else k for k in state.keys()]
    state = OrderedDict(zip(keys, state.values()))
    if set(keys) == set(FLATTEN_KEYS):
        return OrderedDict((k, state[k]) for k in FLATTEN_KEYS)
    if set(keys) == set(NOFLATTEN_KEYS):
        return OrderedDict((f, state[n]) for f, n in zip(FLATTEN_KEYS, NOFLATTEN_KEYS))
    raise KeyError(f"state_dict keys {sorted(keys)} are neither {FLATTEN_KEYS} nor {NOFLATTEN_KEYS}")


@torch.no_grad()
def evaluate(net, x, y, batch=1000):
    """(correct, n, logits of all rows) in eval mode."""
    net.eval()
    logits = torch.cat([net(x[i:i + batch]) for i in range(0, len(x), batch)])
    correct = int((logits.argmax(1) == y).sum())
    return correct, len(y), logits
