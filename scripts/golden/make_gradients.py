#!/usr/bin/python3
"""Writes PyTorch's gradients of the cross-entropy with respect to the logits, for src/math/gradient.

    /usr/bin/python3 scripts/golden/make_gradients.py

Output: test/fixtures/golden/gradients.json with

  rows     single rows (V logits, a target): F.cross_entropy(z[None], t[None]) in float64, its
           gradient dL/dz from torch.autograd (softmax - one-hot), and for each learning rate lr
           the stepped row z - lr * dL/dz with its loss (one step of plain gradient descent)
  batches  (N, V) logits and N targets: the mean loss F.cross_entropy(z, t) and dL/dz, which is
           each row's softmax - one-hot divided by N

Logits are small hand-written numbers (one row with -inf, one where the target is the argmax);
every value is float64 as Python prints it, -inf as the string "-inf". No randomness.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'gradients.json')

ROWS = [
    {'name': 'five logits, target in the middle', 'logits': [2.0, 1.0, 0.1, -1.0, 0.5], 'target': 2},
    {'name': 'target is the argmax', 'logits': [0.25, 3.5, -2.0, 1.75, 0.0, -0.5, 1.0], 'target': 1},
    {'name': 'a -inf logit', 'logits': [float('-inf'), 0.3, 1.2, -0.7], 'target': 1},
    {'name': 'large logits', 'logits': [120.0, 118.5, 90.0, 121.25, 119.0, 100.0], 'target': 4},
]
LEARNING_RATES = [0.1, 1.0, 5.0]
BATCHES = [
    {'name': 'three rows of six', 'logits': [[0.5, -1.0, 2.0, 0.0, 1.5, -0.25],
                                             [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                                             [-3.0, 4.0, 0.75, 2.5, -0.5, 1.25]], 'targets': [4, 0, 2]},
]


def num(x):
    x = float(x)
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return x


def nums(t):
    return [num(x) for x in t.reshape(-1).tolist()]


def loss_and_grad(logits, targets):
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z, torch.tensor(targets, dtype=torch.int64))
    loss.backward()
    return loss.detach(), z.grad.detach()


def main():
    rows = []
    for case in ROWS:
        loss, grad = loss_and_grad([case['logits']], [case['target']])
        z = torch.tensor(case['logits'], dtype=torch.float64)
        steps = []
        for lr in LEARNING_RATES:
            stepped = z - lr * grad[0]
            after = F.cross_entropy(stepped[None], torch.tensor([case['target']]))
            steps.append({'lr': lr, 'logits': nums(stepped), 'loss': num(after)})
        rows.append({'name': case['name'], 'logits': nums(z), 'target': case['target'],
                     'loss': num(loss), 'grad': nums(grad[0]), 'steps': steps})
    batches = []
    for case in BATCHES:
        loss, grad = loss_and_grad(case['logits'], case['targets'])
        batches.append({'name': case['name'], 'shape': [len(case['logits']), len(case['logits'][0])],
                        'logits': nums(torch.tensor(case['logits'])), 'targets': case['targets'],
                        'loss': num(loss), 'grad': nums(grad)})
    with open(OUT, 'w') as f:
        json.dump({'torch': torch.__version__, 'rows': rows, 'batches': batches}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
