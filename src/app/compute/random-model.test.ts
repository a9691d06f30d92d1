/**
 * The "untrained model on your text" source: a seeded random model with GPT-2's output shape
 * (random-model.ts), checked against the CPU math (crossEntropyCpu, float64).
 */
import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, DEFAULT_IGNORE_INDEX } from '../../math';
import { END_OF_TEXT, GPT2_VOCAB } from '../view/tokens';
import { pModelBatch, randomModelBatch } from './random-model';

/** Element-wise equality of two float arrays (toEqual is slow on 300,000 elements). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** GPT-2 ids of "every effort moves you" and "I really like chocolate" (the book's batch). */
const BOOK_TEXTS = [
  [16833, 3626, 6100, 345],
  [40, 1107, 588, 11311],
];

describe('randomModelBatch', () => {
  it('gives the same logits for the same text, every time', () => {
    const a = randomModelBatch(BOOK_TEXTS, GPT2_VOCAB, END_OF_TEXT);
    const b = randomModelBatch(BOOK_TEXTS, GPT2_VOCAB, END_OF_TEXT);
    expect(same(b.batch.logits, a.batch.logits)).toBe(true);
    expect(b.batch.targets).toEqual(a.batch.targets);
    expect(b.inputs).toEqual(a.inputs);
    // A different text gives different logits (the context changes h_t).
    const c = randomModelBatch([[16833, 3626, 6100, 40]], GPT2_VOCAB, END_OF_TEXT);
    // The first position reads the same token, so its row is the same.
    expect(same(c.batch.logits.subarray(0, GPT2_VOCAB), a.batch.logits.subarray(0, GPT2_VOCAB))).toBe(true);
    expect(crossEntropyCpu(c.batch).loss).not.toBe(crossEntropyCpu(a.batch).loss);
  });

  it('is (B, T, V) with T = the longest text − 1, inputs ids[:-1] and targets ids[1:]', () => {
    const texts = [
      [1, 2, 3, 4],
      [10, 11, 12, 13, 14, 15],
    ];
    const { batch, inputs } = randomModelBatch(texts, GPT2_VOCAB, END_OF_TEXT);
    expect(batch.shape).toEqual([2, 5, GPT2_VOCAB]);
    expect(batch.logits.length).toBe(2 * 5 * GPT2_VOCAB);
    expect(Array.from(inputs)).toEqual([1, 2, 3, END_OF_TEXT, END_OF_TEXT, 10, 11, 12, 13, 14]);
    expect(Array.from(batch.targets)).toEqual([2, 3, 4, -100, -100, 11, 12, 13, 14, 15]);
  });

  it('pads the shorter text’s targets with −100, left out of the count and the mean', () => {
    const texts = [
      [1, 2, 3, 4],
      [10, 11, 12, 13, 14, 15],
    ];
    const { batch } = randomModelBatch(texts, GPT2_VOCAB, END_OF_TEXT);
    expect(batch.ignoreIndex).toBe(DEFAULT_IGNORE_INDEX);
    const result = crossEntropyCpu(batch);
    // 3 scored positions in text 1, 5 in text 2; positions 4 and 5 of text 1 are padding.
    expect(result.count).toBe(8);
    expect(result.tokens.filter((t) => t.ignored).map((t) => [t.batch, t.position])).toEqual([
      [0, 3],
      [0, 4],
    ]);
    const scored = result.tokens.filter((t) => !t.ignored);
    const mean = scored.reduce((sum, t) => sum + t.loss, 0) / scored.length;
    expect(result.loss).toBeCloseTo(mean, 12);
  });

  it('scores a random text near ln V, as an untrained model does', () => {
    // 2 × 24 tokens drawn from a fixed generator (not from the model's seed).
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % GPT2_VOCAB;
    const texts = [Array.from({ length: 25 }, next), Array.from({ length: 25 }, next)];
    const result = crossEntropyCpu(randomModelBatch(texts, GPT2_VOCAB, END_OF_TEXT).batch);
    expect(result.count).toBe(48);
    expect(Math.abs(result.loss - Math.log(GPT2_VOCAB))).toBeLessThan(0.5);
  });
});

describe('pModelBatch', () => {
  it('gives every right next token probability p, so each token’s loss is −ln p', () => {
    const like = randomModelBatch(
      [
        [1, 2, 3],
        [10, 11, 12, 13, 14],
      ],
      GPT2_VOCAB,
      END_OF_TEXT,
    ).batch;
    for (const p of [0.001, 0.25, 0.5, 0.999]) {
      const batch = pModelBatch(like, p);
      expect(batch.shape).toEqual(like.shape);
      expect(batch.targets).toEqual(like.targets);
      const result = crossEntropyCpu(batch);
      for (const t of result.tokens) {
        if (t.ignored) continue;
        expect(t.loss).toBeCloseTo(-Math.log(p), 5);
        expect(t.prob).toBeCloseTo(p, 6);
      }
      expect(result.count).toBe(6);
      expect(result.loss).toBeCloseTo(-Math.log(p), 5);
    }
  });
});
