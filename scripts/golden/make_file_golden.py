#!/usr/bin/python3
"""Writes what PyTorch computes from every good file in test/fixtures/files/, for the e2e uploads.

    /usr/bin/python3 scripts/golden/make_file_golden.py

Output: test/fixtures/golden/files.json, keyed by the names in test/fixtures/files/expected.json
(the good files; 'pair/logits.npy' stands for pair/logits.npy with pair/targets.npy). Each file is
read back from its bytes (np.load for .npz and .npy, the safetensors layout by hand, since the
package is not a dependency) and checked against expected.json, so the values belong to the file a
test uploads. For each file:

  shape          (B, T, V) as the page shows it: a (T, V) file is one text, (1, T, V)
  loss           F.cross_entropy in float64 on the stored values widened exactly (float16 and
                 float32 widen to float64 without rounding), ignore_index -100
  perplexity     exp(loss), or 'inf' where it overflows float64 (the float16 files hold 65504)
  lossFloat32    F.cross_entropy in float32 (float64 files rounded to float32 first)
  count          tokens in the mean (targets != -100)
  tokens         per (b, t) in row-major order: target, ignored, logProb (log_softmax gathered at the
                 target, float64), loss (-logProb), prob (exp(logProb)), rank (1 + the number of
                 logits strictly above the target's); null for ignored tokens

Deterministic: no randomness, keys in expected.json's order, numbers as Python prints doubles.
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
FILES = os.path.join(ROOT, 'test', 'fixtures', 'files')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'files.json')
IGNORE_INDEX = -100

SAFETENSORS_DTYPES = {'F16': np.float16, 'F32': np.float32, 'F64': np.float64, 'I8': np.int8,
                      'I16': np.int16, 'I32': np.int32, 'I64': np.int64, 'U8': np.uint8}


def read_safetensors(path):
    """8-byte little-endian header length | JSON header | tensor bytes at data_offsets."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    arrays = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        start, end = info['data_offsets']
        dtype = np.dtype(SAFETENSORS_DTYPES[info['dtype']]).newbyteorder('<')
        arrays[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(info['shape'])
    return arrays


def read(name):
    """logits and targets as stored in the fixture called `name` in expected.json."""
    path = os.path.join(FILES, name)
    if name.endswith('.npz'):
        with np.load(path) as z:
            return z['logits'], z['targets']
    if name.endswith('.safetensors'):
        arrays = read_safetensors(path)
        return arrays['logits'], arrays['targets']
    if name == 'pair/logits.npy':
        return np.load(path), np.load(os.path.join(FILES, 'pair', 'targets.npy'))
    raise SystemExit(f'no reader for {name}')


def same_as_expected(name, logits, targets, expected):
    """The arrays read back equal what make_files.py recorded (−inf as the string '-inf')."""
    want = np.array([-np.inf if v == '-inf' else v for v in expected['logits']], dtype=np.float64)
    got = logits.astype(np.float64).ravel()
    assert str(logits.dtype) == expected['dtype'], (name, logits.dtype)
    assert list(logits.shape) == expected['shape'], (name, logits.shape)
    assert np.array_equal(got, want), name
    assert targets.ravel().tolist() == expected['targets'], name


def jnum(x):
    """A float for JSON: +inf (a perplexity past float64's range) as the string 'inf', as in cases.json."""
    x = float(x)
    assert not math.isnan(x) and x != -math.inf, x
    return 'inf' if x == math.inf else x


def reference(logits, targets):
    V = logits.shape[-1]
    x = torch.from_numpy(np.array(logits, dtype=np.float64).reshape(-1, V))
    x32 = torch.from_numpy(np.array(logits, dtype=np.float32).reshape(-1, V))
    t = torch.from_numpy(np.array(targets, dtype=np.int64).reshape(-1))
    logp = F.log_softmax(x, dim=1)
    nll = F.cross_entropy(x, t, reduction='none', ignore_index=IGNORE_INDEX)
    tokens = []
    for i in range(x.shape[0]):
        ti = int(t[i])
        if ti == IGNORE_INDEX:
            tokens.append({'target': ti, 'ignored': True, 'logProb': None, 'loss': None, 'prob': None,
                           'rank': None})
            continue
        lp = float(logp[i, ti])
        assert float(nll[i]) == -lp, (i, float(nll[i]), lp)
        tokens.append({'target': ti, 'ignored': False, 'logProb': jnum(lp), 'loss': jnum(-lp),
                       'prob': jnum(math.exp(lp)), 'rank': int((x[i] > x[i, ti]).sum()) + 1})
    mean = F.cross_entropy(x, t, ignore_index=IGNORE_INDEX)
    mean32 = F.cross_entropy(x32, t, ignore_index=IGNORE_INDEX)
    return {
        'loss': jnum(mean),
        'perplexity': jnum(torch.exp(mean)),
        'lossFloat32': jnum(mean32),
        'count': int((t != IGNORE_INDEX).sum()),
        'tokens': tokens,
    }


def main():
    with open(os.path.join(FILES, 'expected.json')) as f:
        expected = json.load(f)
    out = {}
    for name, want in expected.items():
        logits, targets = read(name)
        same_as_expected(name, logits, targets, want)
        shape = list(logits.shape) if logits.ndim == 3 else [1, *logits.shape]
        out[name] = {'format': want['format'], 'dtype': want['dtype'], 'shape': shape, **reference(logits, targets)}
        print(f'{name:24s} {str(shape):14s} loss {out[name]["loss"]:.6f}')
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/golden/make_file_golden.py', 'torch': torch.__version__,
                   'ignoreIndex': IGNORE_INDEX, 'files': out}, f, indent=1, allow_nan=False)
        f.write('\n')


if __name__ == '__main__':
    main()
