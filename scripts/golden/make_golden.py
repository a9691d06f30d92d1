#!/usr/bin/python3
"""Writes the PyTorch golden values the math and the engine are tested against.

    /usr/bin/python3 scripts/golden/make_golden.py

Output, in test/fixtures/golden/:
  cases.json          every case: where its logits come from, its shape and ignore_index, and what
                      PyTorch computes from those logits (float64 reference on float32/float16 values
                      widened exactly), per token and in total.
  float16-logits.npz  the one case stored as a file of float16 logits (np.savez: logits, targets).

The book's case reads public/examples/ch05-untrained-gpt2-logits.npz. Every other case is
synthetic: its logits come from the generator below, which test/synthetic.ts implements
operation for operation, so a test rebuilds bit-identical float32 logits (even the 141 MB case)
instead of reading them from the repository. cases.json stores each synthetic case's spec, a
checksum of its float32 bit patterns and a few sampled bit patterns, so a test can prove that.

The generator (uint32 arithmetic wraps modulo 2^32; every float step is one IEEE float64 operation,
which numpy and JavaScript round identically; no exp/log/sin whose libraries could differ):

  mix(x)            = lowbias32 (x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16)
  hash(seed, s, n)  = mix(mix(mix(seed) ^ s) ^ n)     stream s, counter n (element or row index)
  uniform(h)        = (h >> 8) / 2^24                  exact, in [0, 1)

  Streams: 0..3 the four uniforms of element i; 4 the −inf mask of element i; 5 the target of row r;
  6 the peak of row r.

  For row r = b * T + t of a (B, T, V) tensor and element i = r * V + c:
    target[r] = hash(seed, 5, r) mod V                                     (the drawn target)
    s         = ((u0 + u1) + u2) + u3,  u_k = uniform(hash(seed, k, i))  (Irwin–Hall: a bell on [0, 4))
    x         = scale * (s - 2) + offset
    x         = x + (peak + peakSpread * uniform(hash(seed, 6, r)))      only at c = target[r]
    logit     = float32(x)                                                 (round to nearest even)
  Then, in this order:
    mask      if negInfEvery > 0 and hash(seed, 4, i) mod negInfEvery == 0 and c != target[r]: −inf
    fills     {row, value, keepTarget}: every element of the row becomes value (the target too unless keepTarget)
    edits     {row, col | fromTarget, value}: element col, or (target[r] + fromTarget) mod V, becomes value
    ignore    targets of ignoreRows become ignoreIndex
  Fill and edit values are float32 numbers or the strings "inf" / "-inf".

Numbers that JSON cannot hold are written as the strings "inf", "-inf" and "nan". A token whose
target is ignore_index has no logProb, loss or rank (null); its row still has logSumExp and entropy.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'golden')
BOOK = 'public/examples/ch05-untrained-gpt2-logits.npz'
FLOAT16_FILE = 'test/fixtures/golden/float16-logits.npz'

# A tensor over the WebGPU default maxStorageBufferBindingSize (128 MiB) needs chunking; such cases
# are marked slow so a caller can leave them out.
SLOW_BYTES = 128 * 1024 * 1024

STREAM_TARGET, STREAM_PEAK, STREAM_MASK = 5, 6, 4
U32 = np.uint32


def mix(x):
    """lowbias32 on a uint32 array (wrapping multiplication)."""
    x = x ^ (x >> U32(16))
    x = x * U32(0x7FEB352D)
    x = x ^ (x >> U32(15))
    x = x * U32(0x846CA68B)
    x = x ^ (x >> U32(16))
    return x


def stream_key(seed, stream):
    return mix(mix(np.array([seed], dtype=U32)) ^ U32(stream))[0]


def hash_(seed, stream, n):
    return mix(stream_key(seed, stream) ^ n.astype(U32))


def uniform(h):
    return (h >> U32(8)).astype(np.float64) / 2.0**24


def spec_value(v):
    return {'inf': np.inf, '-inf': -np.inf}.get(v, v) if isinstance(v, str) else float(v)


def synthesize(spec, shape, ignore_index):
    """(B, T, V) float32 logits and (B, T) int64 targets from a spec, as documented above."""
    B, T, V = shape
    R, N = B * T, B * T * V
    seed = spec['seed']
    rows = np.arange(R, dtype=U32)
    drawn = (hash_(seed, STREAM_TARGET, rows) % U32(V)).astype(np.int64)
    x = np.empty(N, dtype=np.float32)
    for r0 in range(0, R, 64):  # 64 rows at a time keeps the float64 temporaries small
        r1 = min(R, r0 + 64)
        idx = np.arange(r0 * V, r1 * V, dtype=np.uint64).astype(U32)
        s = uniform(hash_(seed, 0, idx)) + uniform(hash_(seed, 1, idx))
        s = s + uniform(hash_(seed, 2, idx))
        s = s + uniform(hash_(seed, 3, idx))
        v = spec['scale'] * (s - 2.0) + spec['offset']
        at = (np.arange(r0, r1) - r0) * V + drawn[r0:r1]
        bump = spec['peak'] + spec['peakSpread'] * uniform(hash_(seed, STREAM_PEAK, rows[r0:r1]))
        v[at] = v[at] + bump
        x[r0 * V:r1 * V] = v.astype(np.float32)
        if spec['negInfEvery'] > 0:
            masked = hash_(seed, STREAM_MASK, idx) % U32(spec['negInfEvery']) == 0
            masked[at] = False
            x[r0 * V:r1 * V][masked] = -np.inf
    x = x.reshape(R, V)
    for f in spec['fills']:
        r = f['row']
        keep = x[r, drawn[r]]
        x[r, :] = np.float32(spec_value(f['value']))
        if f['keepTarget']:
            x[r, drawn[r]] = keep
    for e in spec['edits']:
        r = e['row']
        col = e['col'] if 'col' in e else (int(drawn[r]) + e['fromTarget']) % V
        x[r, col] = np.float32(spec_value(e['value']))
    targets = drawn.copy()
    targets[spec['ignoreRows']] = ignore_index
    return x.reshape(B, T, V), targets.reshape(B, T)


def checksum(logits):
    """Σ_i mix(bits_i ^ mix(i)) mod 2^32 over the float32 bit patterns: order- and bit-sensitive."""
    flat = logits.reshape(-1)
    total = 0
    for start in range(0, flat.size, 1 << 22):
        bits = flat[start:start + (1 << 22)].view(U32)
        idx = np.arange(start, start + bits.size, dtype=np.uint64).astype(U32)
        total += int(mix(bits ^ mix(idx)).sum(dtype=np.uint64))
    return total % 2**32


def samples(logits, targets, spec):
    """[element index, float32 bit pattern] at the ends, at each edited element and at a few hashed places."""
    B, T, V = logits.shape
    flat = logits.reshape(-1)
    picks = {0, flat.size - 1}
    for e in spec['edits']:
        r = e['row']
        drawn = int(hash_(spec['seed'], STREAM_TARGET, np.array([r]))[0] % U32(V))
        picks.add(r * V + (e['col'] if 'col' in e else (drawn + e['fromTarget']) % V))
    for r in range(min(B * T, 4)):
        t = int(targets.reshape(-1)[r])
        if 0 <= t < V:
            picks.add(r * V + t)
    spread = hash_(spec['seed'] + 1, 0, np.arange(6, dtype=U32)) % U32(flat.size)
    picks.update(int(i) for i in spread)
    return [[i, int(flat[i:i + 1].view(U32)[0])] for i in sorted(picks)]


def jnum(x):
    x = float(x)
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return x


# Where a reference is exactly 0 (a loss or entropy below float64's reach), agreement within this.
ABS_FLOOR = 1e-12


def rel_close(a, b, rel):
    if math.isinf(a) or math.isinf(b):
        return a == b
    if a == 0 or b == 0:
        return abs(a - b) <= ABS_FLOOR
    return abs(a - b) <= rel * abs(b)


def reference(logits, targets, ignore_index):
    """What PyTorch computes, in float64 from the exactly widened logits, per token and in total."""
    V = logits.shape[-1]
    x32 = torch.from_numpy(np.ascontiguousarray(logits, dtype=np.float32).reshape(-1, V))
    x = x32.double()
    t = torch.from_numpy(np.asarray(targets, dtype=np.int64).reshape(-1))
    nll = F.cross_entropy(x, t, reduction='none', ignore_index=ignore_index)
    logp = F.log_softmax(x, dim=1)
    lse = torch.logsumexp(x, dim=1)
    p = logp.exp()
    plogp = torch.where(p > 0, p * logp, torch.zeros_like(p))  # 0 · log 0 = 0
    entropy = -plogp.sum(dim=1)
    # The same entropy in a form that stays accurate when it is tiny: with d = x − m, e = exp(d),
    # S = 1 + r (r leaves out one maximal element), H = log1p(r) − Σ e·d / S. Both terms are ≥ 0.
    m = x.max(dim=1, keepdim=True).values
    d = x - m
    e = d.exp()
    top = torch.zeros_like(e, dtype=torch.bool)
    top[torch.arange(x.shape[0]), x.argmax(dim=1)] = True
    r = torch.where(top, torch.zeros_like(e), e).sum(dim=1)
    ed = torch.where(e > 0, e * d, torch.zeros_like(e)).sum(dim=1)
    entropy_careful = torch.log1p(r) - ed / (1 + r)

    tokens = {k: [] for k in ('target', 'ignored', 'logProb', 'loss', 'rank', 'entropy', 'logSumExp')}
    for i in range(x.shape[0]):
        ti = int(t[i])
        ignored = ti == ignore_index
        tokens['target'].append(ti)
        tokens['ignored'].append(ignored)
        tokens['entropy'].append(jnum(entropy[i]))
        tokens['logSumExp'].append(jnum(lse[i]))
        assert rel_close(float(entropy[i]), float(entropy_careful[i]), 1e-9), (i, float(entropy[i]))
        if ignored:
            for k in ('logProb', 'loss', 'rank'):
                tokens[k].append(None)
            continue
        lp, loss = float(logp[i, ti]), float(nll[i])
        careful = float(m[i, 0] - x[i, ti] + torch.log1p(r[i])) if math.isfinite(lp) else math.inf
        assert loss == -lp and rel_close(loss, careful, 1e-9), (i, loss, careful)
        tokens['logProb'].append(jnum(lp))
        tokens['loss'].append(jnum(loss))
        tokens['rank'].append(int((x[i] > x[i, ti]).sum()) + 1)

    mean = F.cross_entropy(x, t, ignore_index=ignore_index)
    mean32 = F.cross_entropy(x32, t, ignore_index=ignore_index)
    return {
        'loss': jnum(mean),
        'perplexity': jnum(torch.exp(mean)),
        'count': int((t != ignore_index).sum()),
        'torchFloat32Loss': jnum(mean32),
        'tokens': tokens,
    }


def spec(seed, scale=1.0, offset=0.0, peak=0.0, peakSpread=0.0, negInfEvery=0, ignoreRows=(), fills=(), edits=()):
    return {'seed': seed, 'scale': scale, 'offset': offset, 'peak': peak, 'peakSpread': peakSpread,
            'negInfEvery': negInfEvery, 'ignoreRows': list(ignoreRows), 'fills': list(fills),
            'edits': list(edits)}


SYNTHETIC = [
    # name, description, (B, T, V), ignore_index, spec
    ('untrained-50257', 'random logits like an untrained GPT-2 (std ≈ 0.58, as the book\'s)',
     (2, 8, 50257), -100, spec(101)),
    ('trained-50257', 'peaked logits like a trained model: the target usually ranks first, the loss is small; '
     'three tokens where another token beats it',
     (2, 16, 50257), -100, spec(102, scale=1.5, peak=9.0, peakSpread=12.0, edits=[
         {'row': 5, 'fromTarget': 1, 'value': 12.0}, {'row': 16, 'fromTarget': 1, 'value': 11.0},
         {'row': 16, 'fromTarget': 2, 'value': 11.5}, {'row': 23, 'fromTarget': 1, 'value': 15.0}])),
    ('vocab-2', 'two classes', (3, 5, 2), -100, spec(103, scale=2.0)),
    ('vocab-3', 'three classes', (2, 4, 3), -100, spec(104, scale=2.0)),
    ('vocab-7', 'seven classes, with ties at and above the target (rank counts only strictly larger logits)',
     (2, 3, 7), -100, spec(105, scale=2.0, edits=[
         {'row': 0, 'fromTarget': 0, 'value': 1.0}, {'row': 0, 'fromTarget': 1, 'value': 1.0},
         {'row': 0, 'fromTarget': 2, 'value': 2.0}, {'row': 0, 'fromTarget': 3, 'value': 2.0}])),
    ('vocab-1000', 'a 1,000-class classifier', (4, 16, 1000), -100, spec(106, scale=1.25)),
    ('vocab-50304', 'GPT-2 vocabulary padded to a multiple of 64', (1, 6, 50304), -100, spec(107)),
    ('vocab-262144', 'a 262,144-token vocabulary, trained-like', (1, 4, 262144), -100,
     spec(108, scale=1.5, peak=14.0, peakSpread=6.0)),
    ('shifted-plus-90', 'every logit near +90, where exp(x) overflows float32', (2, 3, 1000), -100,
     spec(109, offset=90.0)),
    # Every row holds an exact ±1e4 or a tie at its top, so each row's two largest logits are tied, within 1
    # of each other, or over 745 apart (exp underflows float64 to exactly 0): the float64 reference
    # stays exact there (the assertions in reference() check it).
    ('extreme-1e4', 'logits spread over ±1e4, rows of exactly ±1e4 and ties', (2, 4, 1000), -100,
     spec(110, scale=5000.0,
          fills=[{'row': 1, 'value': -1e4, 'keepTarget': True}, {'row': 2, 'value': 1e4, 'keepTarget': False},
                 {'row': 4, 'value': -1e4, 'keepTarget': False}],
          edits=[{'row': 0, 'fromTarget': 0, 'value': 1e4}, {'row': 1, 'fromTarget': 0, 'value': 1e4},
                 {'row': 3, 'fromTarget': 0, 'value': -1e4}, {'row': 3, 'fromTarget': 1, 'value': 1e4},
                 {'row': 4, 'fromTarget': 1, 'value': 1e4},
                 {'row': 5, 'fromTarget': 0, 'value': 1e4}, {'row': 5, 'fromTarget': 7, 'value': 1e4},
                 {'row': 6, 'fromTarget': 3, 'value': 1e4},
                 {'row': 7, 'fromTarget': 5, 'value': 1e4}, {'row': 7, 'fromTarget': 6, 'value': 9999.5}])),
    ('neg-inf-masked', 'one logit in 8 is −inf (never the target); a row where only the target is finite (loss 0) '
     'and a row where the target and one other are finite',
     (2, 4, 1000), -100, spec(111, negInfEvery=8,
                              fills=[{'row': 5, 'value': '-inf', 'keepTarget': True},
                                     {'row': 6, 'value': '-inf', 'keepTarget': True}],
                              edits=[{'row': 6, 'fromTarget': 1, 'value': 0.5}])),
    ('neg-inf-target', 'a target whose logit is −inf: its loss, the mean and the perplexity are +inf',
     (1, 4, 50257), -100, spec(112, negInfEvery=4, edits=[{'row': 2, 'fromTarget': 0, 'value': '-inf'}])),
    ('ignore-default', 'padding with the default ignore_index −100, left out of the mean',
     (2, 6, 1000), -100, spec(113, ignoreRows=[1, 6, 11])),
    ('ignore-custom', 'ignore_index 999, a token id inside the vocabulary (a pad token), padding the second sequence',
     (2, 5, 1000), 999, spec(114, ignoreRows=[7, 8, 9])),
    ('all-ignored', 'every target is ignore_index: the mean over no tokens is NaN', (1, 3, 7), -100,
     spec(115, ignoreRows=[0, 1, 2])),
    ('big-141mb', '(1, 700, 50257) float32 = 141 MB, over the 128 MiB default WebGPU binding size',
     (1, 700, 50257), -100, spec(116, ignoreRows=[350])),
]


def float16_case():
    """(2, 4, 1000) float16 logits with −inf, float16's largest value, a subnormal and one ignored token."""
    g = spec(117)
    logits, targets = synthesize(g, (2, 4, 1000), -100)
    h = logits.astype(np.float16)
    t = targets.reshape(-1)
    h = h.reshape(8, 1000)
    h[0, (t[0] + 1) % 1000] = -np.inf
    h[1, :] = np.float16(-3.0)
    h[1, t[1]] = np.float16(65504.0)
    h[2, (t[2] + 5) % 1000] = np.float16(2.0**-24)
    t = t.copy()
    t[3] = -100
    path = os.path.join(ROOT, FLOAT16_FILE)
    np.savez(path, logits=h.reshape(2, 4, 1000), targets=t.reshape(2, 4))
    return h.reshape(2, 4, 1000), t.reshape(2, 4)


def case_record(name, description, shape, ignore_index, dtype, source, logits, targets):
    B, T, V = shape
    return {
        'name': name, 'description': description, 'shape': list(shape), 'ignoreIndex': ignore_index,
        'dtype': dtype, 'slow': B * T * V * 4 > SLOW_BYTES, 'source': source,
        'expected': reference(logits, targets, ignore_index),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []

    book = np.load(os.path.join(ROOT, BOOK))
    c = case_record('book-ch05', 'the book\'s untrained GPT-2 on "every effort moves" / "I really like"',
                    book['logits'].shape, -100, 'float32', {'kind': 'npz', 'path': BOOK},
                    book['logits'], book['targets'])
    c['argmax'] = torch.from_numpy(book['logits']).argmax(dim=-1).reshape(-1).tolist()
    cases.append(c)

    for name, description, shape, ignore_index, g in SYNTHETIC:
        logits, targets = synthesize(g, shape, ignore_index)
        c = case_record(name, description, shape, ignore_index, 'float32', {'kind': 'synthetic', 'spec': g},
                        logits, targets)
        c['check'] = {'checksum': checksum(logits), 'samples': samples(logits, targets, g)}
        cases.append(c)
        print(f'{name:18s} {str(shape):18s} loss {c["expected"]["loss"]}')

    h, t = float16_case()
    cases.append(case_record('float16-1000', 'float16 logits (−inf, 65504, a subnormal), widened exactly',
                             h.shape, -100, 'float16', {'kind': 'npz', 'path': FLOAT16_FILE},
                             h.astype(np.float32), t))

    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump({'generator': 'scripts/golden/make_golden.py', 'torch': torch.__version__, 'cases': cases},
                  f, allow_nan=False, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
