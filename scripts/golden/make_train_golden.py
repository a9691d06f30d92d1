#!/usr/bin/python3
"""Writes what PyTorch computes for the live-training model on a small case, for the CPU twin and
the WGSL kernels (test/train.test.ts, test/train.engine.test.ts).

    /usr/bin/python3 scripts/golden/make_train_golden.py

The model (src/train/types.ts): a bigram language model, z_t = E[x_t] @ W + b with E (V, d),
W (d, V), b (V), loss = F.cross_entropy(z, y) (the mean over positions), trained by
torch.optim.Adam (no weight decay). Weights are float32 values from a fixed formula, computed on in
float64. Output: test/fixtures/golden/train.json with

  vocab, dim, lr, betas, eps     the shape and Adam's settings
  train, val                     {inputs, targets}: token ids of the positions
  params0                        the flat parameters [E | W | b] (E and W row-major)
  steps                          per Adam step: loss (the training loss before the update),
                                 grads (flat, the gradient of that loss), params (after the update),
                                 valLoss (after the update)

Token 9 is never an input, so its E row has zero gradient and must not move. Deterministic.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'train.json')

V, D = 11, 4
LR, BETAS, EPS = 0.05, (0.9, 0.999), 1e-8
STEPS = 3
# A short sequence with repeated inputs and repeated (input, target) pairs; the last 3 positions
# validate.
IDS = [3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 8, 1, 4, 1, 0, 7, 3, 1, 10]
N_VAL = 3


def f32(x):
    return float(torch.tensor(x, dtype=torch.float32))


def weights():
    e = [[f32(math.sin(1.3 * u + 0.7 * k + 0.1)) for k in range(D)] for u in range(V)]
    w = [[f32(0.3 * math.cos(0.9 * k + 0.37 * j)) for j in range(V)] for k in range(D)]
    b = [f32(0.05 * (j % 3) - 0.04) for j in range(V)]
    return e, w, b


def flat(e, w, b):
    return [x for row in e for x in row] + [x for row in w for x in row] + list(b)


def main():
    inputs, targets = IDS[:-1], IDS[1:]
    cut = len(inputs) - N_VAL
    train = {'inputs': inputs[:cut], 'targets': targets[:cut]}
    val = {'inputs': inputs[cut:], 'targets': targets[cut:]}
    e0, w0, b0 = weights()
    E = torch.tensor(e0, dtype=torch.float64, requires_grad=True)
    W = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([E, W, b], lr=LR, betas=BETAS, eps=EPS)
    x = torch.tensor(train['inputs'])
    y = torch.tensor(train['targets'])
    xv = torch.tensor(val['inputs'])
    yv = torch.tensor(val['targets'])
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(E[x] @ W + b, y)
        loss.backward()
        grads = flat(E.grad.tolist(), W.grad.tolist(), b.grad.tolist())
        opt.step()
        with torch.no_grad():
            val_loss = F.cross_entropy(E[xv] @ W + b, yv)
        steps.append({
            'loss': loss.item(),
            'grads': grads,
            'params': flat(E.tolist(), W.tolist(), b.tolist()),
            'valLoss': val_loss.item(),
        })
    out = {
        'about': 'scripts/golden/make_train_golden.py: bigram model, F.cross_entropy, torch.optim.Adam, float64',
        'torch': torch.__version__,
        'vocab': V,
        'dim': D,
        'lr': LR,
        'betas': list(BETAS),
        'eps': EPS,
        'train': train,
        'val': val,
        'params0': flat(e0, w0, b0),
        'steps': steps,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: {STEPS} steps, losses {[round(s["loss"], 6) for s in steps]}')


if __name__ == '__main__':
    main()
