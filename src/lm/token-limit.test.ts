/**
 * The per-text token limit, min(context, ⌊budget / (4·B·V)⌋), and the cut: which ids are kept and
 * how many tokens and UTF-8 bytes each text scored, on GPT-2's real tokenizer against the Python
 * tokenizer's numbers (hub-golden.json's longText, from scripts/fixtures/make_hub_models.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LOGITS_BYTES } from '../io/limits';
import { parseModelConfig } from './config';
import {
  cutTexts,
  LOGITS_BUDGET_BYTES,
  PAGE_TEXTS,
  readsEveryId,
  tokenLimit,
  UNKNOWN_CONTEXT,
} from './token-limit';
import { loadTokenizer } from './tokenize';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'lm');
const read = (dir: string, file: string) => readFileSync(join(FIXTURES, dir, file), 'utf8');

interface LongText {
  limit: number;
  texts: string[];
  perText: { tokens: number; scored: number; bytes: number; scoredBytes: number; inputIds: number[] }[];
}
const longText = (JSON.parse(read('.', 'hub-golden.json')) as { longText: LongText }).longText;

describe('tokenLimit', () => {
  it('is the logits budget of logits files: 1 GiB', () => {
    expect(LOGITS_BUDGET_BYTES).toBe(MAX_LOGITS_BYTES);
    expect(LOGITS_BUDGET_BYTES).toBe(2 ** 30);
    expect(PAGE_TEXTS).toBe(2);
  });

  it('GPT‑2: its 1,024 positions, well within the memory budget', () => {
    const limit = tokenLimit({ context: 1024, vocab: 50257 });
    expect(limit).toEqual({
      tokens: 1024,
      by: 'context',
      context: 1024,
      contextKnown: true,
      memoryTokens: 2670,
      gpuBufferBytes: null,
    });
  });

  it('Qwen2.5: the memory budget, far below its 32,768 positions', () => {
    const limit = tokenLimit({ context: 32768, vocab: 151936 });
    expect(limit.by).toBe('memory');
    expect(limit.tokens).toBe(883);
  });

  it('the memory bound is the largest n with B·n·V·4 bytes within the budget', () => {
    for (const [vocab, texts] of [
      [151936, 2],
      [49152, 2],
      [262144, 2],
      [50257, 1],
      [32000, 3],
    ] as const) {
      const { tokens, by } = tokenLimit({ context: 1_000_000, vocab }, texts);
      expect(by).toBe('memory');
      expect(texts * tokens * vocab * 4).toBeLessThanOrEqual(2 ** 30);
      expect(texts * (tokens + 1) * vocab * 4).toBeGreaterThan(2 ** 30);
    }
  });

  it('the context when it is the smaller bound, with the context read from config.json', () => {
    const config = JSON.parse(read('hub-gpt-neo', 'config.json')) as Record<string, unknown>;
    const spec = parseModelConfig(JSON.stringify({ ...config, max_position_embeddings: 2048 }));
    expect(tokenLimit(spec)).toMatchObject({ tokens: 2048, by: 'context', contextKnown: true });
    expect(tokenLimit(parseModelConfig(read('hub-gpt2', 'config.json')))).toMatchObject({ tokens: 1024 });
  });

  it('a config without a context: UNKNOWN_CONTEXT, said as unknown', () => {
    expect(tokenLimit({ context: null, vocab: 50257 })).toMatchObject({
      tokens: UNKNOWN_CONTEXT,
      by: 'context',
      contextKnown: false,
    });
  });

  it('on WebGPU, each text’s (1, n, V) logits within one buffer of the device', () => {
    // WebGPU's guaranteed 128 MiB: ⌊2^27 / (4 · 50,257)⌋ = 667 tokens of GPT‑2.
    expect(tokenLimit({ context: 1024, vocab: 50257 }, 2, 2 ** 30, 2 ** 27)).toMatchObject({
      tokens: 667,
      by: 'gpu-buffer',
      gpuBufferBytes: 2 ** 27,
    });
    // A 2 GiB buffer: the context again.
    expect(tokenLimit({ context: 1024, vocab: 50257 }, 2, 2 ** 30, 2 ** 31)).toMatchObject({
      tokens: 1024,
      by: 'context',
    });
    // Qwen2.5 with a 1 GiB buffer: the two texts' budget is the tighter bound.
    expect(tokenLimit({ context: 32768, vocab: 151936 }, 2, 2 ** 30, 2 ** 30)).toMatchObject({
      tokens: 883,
      by: 'memory',
    });
  });

  it('a bigger budget or fewer texts allow more tokens; a vocabulary too wide still scores one', () => {
    expect(tokenLimit({ context: 1e6, vocab: 50257 }, 1).tokens).toBe(5341);
    expect(tokenLimit({ context: 1e6, vocab: 50257 }, 2, 2 ** 31).tokens).toBe(5341);
    expect(tokenLimit({ context: 1e6, vocab: 2 ** 30 }).tokens).toBe(1);
  });
});

describe('readsEveryId', () => {
  it('every id while 1 + n ids fit the context; all but the last at the limit, which then fits', () => {
    const gpt2 = { context: 1024, vocab: 50257 };
    expect(readsEveryId(gpt2, 2, 1 + 1023)).toBe(true);
    expect(readsEveryId(gpt2, 2, 1 + 1024)).toBe(false);
    expect(readsEveryId(gpt2, 2, 1024)).toBe(true); // the last column left out
  });

  it('every id while the (B, T, V) logits fit the budget; at the memory limit, all but the last', () => {
    const qwen = { context: 32768, vocab: 151936 };
    const { tokens } = tokenLimit(qwen);
    expect(readsEveryId(qwen, 2, tokens)).toBe(true);
    expect(readsEveryId(qwen, 2, 1 + tokens)).toBe(false);
    expect(readsEveryId(qwen, 1, 1 + tokens)).toBe(true); // one text alone (the GPU's pass)
  });

  it('a context config.json does not give counts as UNKNOWN_CONTEXT', () => {
    expect(readsEveryId({ context: null, vocab: 50257 }, 2, UNKNOWN_CONTEXT)).toBe(true);
    expect(readsEveryId({ context: null, vocab: 50257 }, 2, UNKNOWN_CONTEXT + 1)).toBe(false);
  });
});

describe('cutTexts', () => {
  const spec = parseModelConfig(read('hub-gpt2', 'config.json'));
  const tokenizer = loadTokenizer(
    read('hub-gpt2', 'tokenizer.json'),
    read('hub-gpt2', 'tokenizer_config.json'),
    spec,
  );

  it('cuts a long text at the limit and counts its scored bytes as Python’s tokenizer does', () => {
    const whole = longText.texts.map((t) => tokenizer.encode(t));
    const { ids, cuts } = cutTexts(whole, longText.texts, longText.limit, tokenizer.decode);
    expect(ids).toEqual(longText.perText.map((p) => p.inputIds));
    expect(cuts).toEqual(
      longText.perText.map(({ tokens, scored, bytes, scoredBytes }) => ({
        tokens,
        scored,
        bytes,
        scoredBytes,
      })),
    );
    // The long text kept 1 + 1,024 ids and fewer bytes than it has; the short one all of both.
    expect(ids[0]).toHaveLength(1 + 1024);
    expect(cuts[0]!.scoredBytes).toBeLessThan(cuts[0]!.bytes);
    expect(cuts[1]!.scoredBytes).toBe(cuts[1]!.bytes);
    // The scored part is the start of the text.
    expect(longText.texts[0]!.startsWith(tokenizer.decode(ids[0]!.slice(1)))).toBe(true);
  });

  it('a text of exactly the limit is not cut; one token more is', () => {
    const text = longText.texts[0]!;
    const whole = tokenizer.encode(text);
    const n = whole.length - 1;
    const atLimit = cutTexts([whole], [text], n, tokenizer.decode).cuts[0]!;
    expect(atLimit).toEqual({ tokens: n, scored: n, bytes: atLimit.bytes, scoredBytes: atLimit.bytes });
    const oneLess = cutTexts([whole], [text], n - 1, tokenizer.decode).cuts[0]!;
    expect(oneLess.scored).toBe(n - 1);
    expect(oneLess.scoredBytes).toBeLessThan(oneLess.bytes);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = 'Köln 東京 🎉 and more words after them';
    const whole = tokenizer.encode(text);
    const { cuts } = cutTexts([whole], [text], 1000, tokenizer.decode);
    expect(cuts[0]!.bytes).toBe(new TextEncoder().encode(text).length);
    expect(cuts[0]!.bytes).toBeGreaterThan(text.length);
  });
});
