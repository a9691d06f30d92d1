#!/usr/bin/python3
"""Writes a random model with GPT-2 small's exact shapes in the Hugging Face hub layout, for
`npm run bench:lm` (scripts/bench/run-lm.mjs). Not committed: about 0.5 GB, made on the machine
that runs the benchmark.

    /usr/bin/python3 scripts/bench/make_gpt2_shaped.py [--out DIR]

DIR defaults to .cache/bench-models/gpt2-shaped (ignored by git).

The model is scripts/golden/make_lm_fixtures.py's TinyGPT2 (GPT2LMHeadModel in plain torch, with
transformers' parameter names) at GPT-2 small's sizes:

  n_layer 12, n_head 12, n_embd 768 (head dim 64), vocab 50,257, n_positions 1,024, MLP 4 x 768,
  lm_head tied to wte (stored once): 124,439,808 parameters, 497.8 MB of float32.

exported the same way as the fixtures (onnx/model.onnx, opset 14, input_ids / attention_mask /
position_ids / past_key_values.{i}.key|value in, logits and present.* out), so the lab loads it as it
loads the hub's GPT-2. The weights are random from a fixed seed, drawn as GPT-2 initializes them
(normal with std 0.02, the residual projections c_proj scaled by 1 / sqrt(2 n_layer), LayerNorm
weight 1 and bias 0), so the logits are near zero and the loss near ln 50257 = 10.82 nats: the
numbers are meaningless, only the shapes and the cost of the forward pass are GPT-2's. The tokenizer
files (GPT-2's own) are copied from test/fixtures/lm/tiny-gpt2.

The files are written into a temporary folder beside DIR and renamed at the end, so an interrupted
run never leaves a folder that looks complete.
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'golden'))
# Its module level only defines the model classes and the export; main() is not run on import.
from make_lm_fixtures import TinyGPT2, export_onnx  # noqa: E402

DEFAULT_OUT = os.path.join(ROOT, '.cache', 'bench-models', 'gpt2-shaped')
TOKENIZER_DIR = os.path.join(ROOT, 'test', 'fixtures', 'lm', 'tiny-gpt2')
TOKENIZER_FILES = ('tokenizer.json', 'tokenizer_config.json')
SEED = 124

# GPT-2 small (the "gpt2" checkpoint's config.json).
GPT2_SMALL = dict(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12,
                  layer_norm_epsilon=1e-5)


def init_gpt2(model):
    """GPT-2's own initialization (transformers' GPT2PreTrainedModel._init_weights)."""
    c, tr = model.config, model.transformer
    std = 0.02
    with torch.no_grad():
        tr.wte.weight.normal_(0.0, std)
        tr.wpe.weight.normal_(0.0, std)
        for block in tr.h:
            for ln in (block.ln_1, block.ln_2):
                ln.weight.fill_(1.0)
                ln.bias.zero_()
            for conv in (block.attn.c_attn, block.mlp.c_fc):
                conv.weight.normal_(0.0, std)
                conv.bias.zero_()
            # Each block adds two residual branches: their output layers get std / sqrt(2 n_layer).
            for conv in (block.attn.c_proj, block.mlp.c_proj):
                conv.weight.normal_(0.0, std / math.sqrt(2 * c['n_layer']))
                conv.bias.zero_()
        tr.ln_f.weight.fill_(1.0)
        tr.ln_f.bias.zero_()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default=DEFAULT_OUT,
                        help=f'the model folder (default {os.path.relpath(DEFAULT_OUT, ROOT)})')
    out = os.path.abspath(parser.parse_args().out)
    start = time.time()

    torch.manual_seed(SEED)
    model = TinyGPT2(GPT2_SMALL)
    init_gpt2(model)
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    print(f'make_gpt2_shaped: {params:,} parameters ({params * 4 / 1e6:.1f} MB of float32), exporting...')

    tmp = f'{out}.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    export_onnx(model, os.path.join(tmp, 'onnx', 'model.onnx'))
    with open(os.path.join(tmp, 'config.json'), 'w') as f:
        f.write(json.dumps(model.hf_config(), indent=2) + '\n')
    for name in TOKENIZER_FILES:
        shutil.copyfile(os.path.join(TOKENIZER_DIR, name), os.path.join(tmp, name))

    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    os.rename(tmp, out)
    for root, _, files in os.walk(out):
        for fn in sorted(files):
            p = os.path.join(root, fn)
            print(f'  {os.path.relpath(p, ROOT)}: {os.path.getsize(p):,} bytes')
    print(f'make_gpt2_shaped: done in {time.time() - start:.0f} s')


if __name__ == '__main__':
    main()
