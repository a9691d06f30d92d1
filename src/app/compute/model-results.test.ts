/**
 * The models-side-by-side rows: bits per byte over the bytes each model actually scored, and two
 * models whose tokenizers cut a long text at different places reported as scoring different bytes.
 * The cuts come from the real GPT-2 and Llama 2 tokenizers (the hub fixtures) at the token limit;
 * the losses from the CPU twin on a small seeded batch with those texts' targets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../lm/config';
import { cutTexts, tokenLimit, type TextCut } from '../../lm/token-limit';
import { loadTokenizer, type ModelTokenizer } from '../../lm/tokenize';
import { crossEntropyCpu, DEFAULT_IGNORE_INDEX, makeBatch, mulberry32 } from '../../math';
import type { Shown } from '../state';
import { modelResultsFor, recordModelResult, sameBytes } from './model-results';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'lm');
const read = (dir: string, file: string) => readFileSync(join(FIXTURES, dir, file), 'utf8');
const longText = (JSON.parse(read('.', 'hub-golden.json')) as { longText: { texts: string[] } }).longText;

function tokenizerOf(dir: string): ModelTokenizer {
  const spec = parseModelConfig(read(dir, 'config.json'));
  return loadTokenizer(read(dir, 'tokenizer.json'), read(dir, 'tokenizer_config.json'), spec);
}

/** V of the small stand-in logits: the bookkeeping does not depend on it. */
const V = 5;

/**
 * A model's result on the texts as the page records it: the texts cut at `limit` tokens by this
 * tokenizer, seeded logits (B, T, V) with the cut ids (mod V) as targets, scored by the CPU twin.
 */
function shownFor(name: string, tokenizer: ModelTokenizer, texts: string[], limit: number): Shown {
  const whole = texts.map((t) => tokenizer.encode(t));
  const { ids, cuts } = cutTexts(whole, texts, limit, tokenizer.decode);
  const B = texts.length;
  const T = Math.max(...ids.map((row) => row.length - 1));
  const random = mulberry32(name.length * 7919 + limit);
  const logits = Float32Array.from({ length: B * T * V }, () => 4 * random() - 2);
  const targets = new Int32Array(B * T).fill(DEFAULT_IGNORE_INDEX);
  ids.forEach((row, b) => row.slice(1).forEach((id, t) => (targets[b * T + t] = id % V)));
  const batch = makeBatch(logits, [B, T, V], targets);
  const cutList: readonly TextCut[] = cuts;
  return {
    result: crossEntropyCpu(batch),
    source: {
      label: `${name} on your text`,
      isExample: false,
      kind: 'lm',
      batch,
      inputs: null,
      model: {
        name,
        refText: name,
        startId: tokenizer.startId,
        startText: tokenizer.startText,
        startRule: tokenizer.startRule,
        dtype: 'fp32',
        decode: String,
        encode: (text: string) => tokenizer.encodePlain(text),
        texts,
        bytes: cuts.reduce((s, c) => s + c.scoredBytes, 0),
        limit: tokenLimit({ context: limit, vocab: V }),
        cuts: cutList,
      },
    },
  };
}

const gpt2 = tokenizerOf('hub-gpt2');
const llama = tokenizerOf('hub-llama');

describe('recordModelResult', () => {
  it('divides each model’s Σ −log₂ p by the bytes it scored, not by the whole text’s', () => {
    const texts = [...longText.texts];
    const shown = shownFor('gpt2', gpt2, texts, 1024);
    recordModelResult(shown);
    const row = modelResultsFor(texts).find((r) => r.model === 'gpt2')!;
    const cuts = shown.source.model!.cuts;
    // The long text was cut: fewer bytes scored than typed.
    expect(cuts[0]!.scoredBytes).toBeLessThan(cuts[0]!.bytes);
    expect(row.textBytes).toEqual(cuts.map((c) => c.scoredBytes));
    expect(row.bytes).toBe(cuts[0]!.scoredBytes + cuts[1]!.scoredBytes);
    const information = (shown.result.loss * shown.result.count) / Math.LN2;
    expect(row.bitsPerByte).toBeCloseTo(information / row.bytes, 12);
    const allBytes = cuts[0]!.bytes + cuts[1]!.bytes;
    expect(row.bitsPerByte).toBeGreaterThan(information / allBytes);
  });

  it('two models that cut the long text differently scored different bytes', () => {
    const texts = [longText.texts[0]!, 'Another short text.'];
    recordModelResult(shownFor('gpt2', gpt2, texts, 1024));
    recordModelResult(shownFor('llama', llama, texts, 1024));
    const rows = modelResultsFor(texts);
    expect(rows.map((r) => r.model)).toEqual(['gpt2', 'llama']);
    // Each tokenizer's first 1,024 tokens hold another prefix of the text.
    expect(rows[0]!.textBytes[0]).not.toBe(rows[1]!.textBytes[0]);
    expect(rows[0]!.textBytes[1]).toBe(rows[1]!.textBytes[1]);
    expect(sameBytes(rows)).toBe(false);
    expect(sameBytes(rows.slice(0, 1))).toBe(true);
  });

  it('texts within both limits: the same bytes for every model', () => {
    const texts = ['every effort moves you', 'I really like chocolate'];
    recordModelResult(shownFor('gpt2', gpt2, texts, 1024));
    recordModelResult(shownFor('llama', llama, texts, 1024));
    const rows = modelResultsFor(texts);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textBytes).toEqual([22, 23]);
    expect(sameBytes(rows)).toBe(true);
  });

  it('the same model cut at a shorter limit (another precision’s budget) is not the same bytes', () => {
    const texts = ['a third pair of texts, to keep these rows apart', longText.texts[0]!];
    recordModelResult(shownFor('gpt2', gpt2, texts, 1024));
    recordModelResult(shownFor('gpt2 short', gpt2, texts, 512));
    const rows = modelResultsFor(texts);
    expect(rows[1]!.textBytes[1]).toBeLessThan(rows[0]!.textBytes[1]!);
    expect(sameBytes(rows)).toBe(false);
  });
});
