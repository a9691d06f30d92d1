import { describe, expect, it } from 'vitest';
import { bookNpz } from '../../../test/fixtures/logits-files';
import { fileToBatch, parseLogitsFile } from '../../io';
import { crossEntropyCpu, makeBatch, type LogitsBatch, type XentResult } from '../../math';
import { pModelBatch } from '../compute/random-model';
import { rowDetailCpu } from '../compute/row-detail';
import {
  ALTERNATIVES,
  bucketOf,
  shadeEdgesNats,
  shadeOf,
  SHADE_COUNT,
  surprisalView,
  topAlternatives,
} from './surprisal-model';

/**
 * The book's example (chapter 5's untrained GPT-2, data README and e2e/fixtures.ts BOOK): per
 * token, text 1 then text 2, the target's rank among 50,257 and −ln p in nats as PyTorch gives them.
 */
const BOOK_RANKS = [258, 7247, 37218, 40358, 877, 49549];
const BOOK_NEG_LOG_P = [9.5042, 10.3796, 11.3677, 11.4798, 9.7764, 12.2561];
const BOOK_TARGETS = [3626, 6100, 345, 1107, 588, 11311];
const BOOK_INPUTS = [16833, 3626, 6100, 40, 1107, 588];

function book(): { batch: LogitsBatch; inputs: Int32Array; result: XentResult } {
  const file = parseLogitsFile(bookNpz(), 'ch05-untrained-gpt2-logits.npz');
  const batch = fileToBatch(file);
  return { batch, inputs: file.inputs!, result: crossEntropyCpu(batch) };
}

describe('bucketOf', () => {
  it('puts rank 1 in top 1, 2–10 in top 10, 11–100 in top 100, and above in the rest', () => {
    expect([1, 2, 10, 11, 100, 101, 50257].map(bucketOf)).toEqual([
      'top1',
      'top10',
      'top10',
      'top100',
      'top100',
      'rest',
      'rest',
    ]);
  });

  it('puts every one of the book’s ranks in the rest (all above 100)', () => {
    expect(BOOK_RANKS.map(bucketOf)).toEqual(Array(6).fill('rest'));
  });
});

describe('shadeOf', () => {
  it('gives one shade per decade of p: floor(−log10 p), capped at the last', () => {
    // p = 0.5, 0.1 (−ln p = ln 10, the first edge), 0.05, 1e-3, 1e-5, 1e-9.
    const ps = [0.5, 0.1, 0.05, 1e-3, 1e-5, 1e-9];
    expect(ps.map((p) => shadeOf(-Math.log(p) + 1e-12))).toEqual([0, 1, 1, 3, 5, 5]);
    expect(shadeOf(0)).toBe(0);
    expect(shadeOf(Infinity)).toBe(SHADE_COUNT - 1);
    expect(shadeOf(NaN)).toBe(SHADE_COUNT - 1);
    expect(shadeEdgesNats()).toHaveLength(SHADE_COUNT - 1);
    expect(shadeEdgesNats()[0]).toBeCloseTo(2.302585, 6);
  });

  it('shades the book’s tokens by their p: five between 1e-5 and 1e-4, the last (p = 4.8e-6) below', () => {
    expect(BOOK_NEG_LOG_P.map(shadeOf)).toEqual([4, 4, 4, 4, 4, 5]);
  });
});

describe('surprisalView on the book’s example', () => {
  it('lists each text’s targets in order with the known ranks, −ln p and buckets', () => {
    const { result, inputs } = book();
    const view = surprisalView(result, inputs, null);
    expect(view.texts.map((t) => t.b)).toEqual([0, 1]);
    expect(view.textsCut).toBe(0);
    const tokens = view.texts.flatMap((t) => t.tokens);
    expect(tokens.map((t) => t.target)).toEqual(BOOK_TARGETS);
    expect(tokens.map((t) => [t.b, t.t])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(tokens.map((t) => t.rank)).toEqual(BOOK_RANKS);
    for (const [i, t] of tokens.entries()) expect(t.loss).toBeCloseTo(BOOK_NEG_LOG_P[i]!, 4);
    expect(tokens.map((t) => t.bucket)).toEqual(Array(6).fill('rest'));
    expect(tokens.map((t) => t.shade)).toEqual([4, 4, 4, 4, 4, 5]);
    expect(view.counts).toEqual({ top1: 0, top10: 0, top100: 0, rest: 6 });
    // The unscored first words, "every" and "I", lead each text.
    expect(view.texts.map((t) => t.lead)).toEqual([BOOK_INPUTS[0], BOOK_INPUTS[3]]);
  });

  it('has no lead token without inputs, or when it is the model’s start token', () => {
    const { result, inputs } = book();
    expect(surprisalView(result, null, null).texts.map((t) => t.lead)).toEqual([null, null]);
    expect(surprisalView(result, inputs, 16833).texts.map((t) => t.lead)).toEqual([null, 40]);
  });

  it('gives the five most likely tokens of a row, as the softmax of the whole row has them', () => {
    const { batch, result } = book();
    for (let r = 0; r < 6; r++) {
      const token = result.tokens[r]!;
      const top = topAlternatives(batch, r, token.logSumExp);
      const detail = rowDetailCpu(batch, Math.floor(r / 3), r % 3);
      expect(top).toHaveLength(ALTERNATIVES);
      expect(top.map((a) => a.id)).toEqual(detail.top.slice(0, ALTERNATIVES).map((a) => a.id));
      for (const [i, a] of top.entries()) {
        expect(a.prob).toBeCloseTo(detail.probs[a.id]!, 12);
        if (i > 0) expect(a.prob).toBeLessThanOrEqual(top[i - 1]!.prob);
        // Rank above 100: the right token is not among them, and each is likelier than it.
        expect(a.id).not.toBe(token.target);
        expect(a.prob).toBeGreaterThan(token.prob);
      }
    }
  });
});

describe('surprisalView on the p model (every right token has p = 0.9)', () => {
  it('puts every token in top 1, in the lightest shade, with the right token first among five', () => {
    const { batch: bookBatch } = book();
    const batch = pModelBatch(bookBatch, 0.9);
    const result = crossEntropyCpu(batch);
    const view = surprisalView(result, null, null);
    const tokens = view.texts.flatMap((t) => t.tokens);
    expect(tokens.map((t) => t.rank)).toEqual(Array(6).fill(1));
    expect(tokens.map((t) => t.bucket)).toEqual(Array(6).fill('top1'));
    expect(tokens.map((t) => t.shade)).toEqual(Array(6).fill(0));
    expect(view.counts).toEqual({ top1: 6, top10: 0, top100: 0, rest: 0 });
    const first = tokens[0]!;
    const top = topAlternatives(batch, first.row, first.logSumExp);
    // The target at 0.9; the other 50,256 share 0.1 equally, so ids 0–3 follow (ties to the smaller id).
    expect(top.map((a) => a.id)).toEqual([BOOK_TARGETS[0], 0, 1, 2, 3]);
    expect(top[0]!.prob).toBeCloseTo(0.9, 6);
    for (const a of top.slice(1)) expect(a.prob).toBeCloseTo(0.1 / 50256, 10);
  });
});

describe('surprisalView limits and padding', () => {
  // (B, T, V) = (3, 4, 3): row r's logits favour token r % 3.
  const logits = Float32Array.from({ length: 36 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 2 : 0));
  const I = -100;
  const batch = makeBatch(logits, [3, 4, 3], [0, I, 2, 0, I, I, 1, I, 2, 0, 1, 2]);
  const result = crossEntropyCpu(batch);

  it('leaves out ignored positions, counts them, and marks a gap inside a text', () => {
    const view = surprisalView(result, null, null);
    const [a, b, c] = view.texts;
    expect(a!.tokens.map((t) => t.t)).toEqual([0, 2, 3]);
    expect(a!.tokens.map((t) => t.skippedBefore)).toEqual([0, 1, 0]);
    expect(a!.ignored).toBe(1);
    // Leading padding is not a gap.
    expect(b!.tokens.map((t) => [t.t, t.skippedBefore])).toEqual([[2, 0]]);
    expect(b!.ignored).toBe(3);
    expect(c!.tokens).toHaveLength(4);
    expect(c!.tokens.map((t) => t.rank)).toEqual(result.tokens.slice(8).map((t) => t.rank));
  });

  it('cuts texts and tokens past the limits, and says how many', () => {
    const view = surprisalView(result, null, null, { texts: 2, tokens: 2 });
    expect(view.textsCut).toBe(1);
    expect(view.texts.map((t) => t.tokens.length)).toEqual([2, 0]);
    expect(view.texts.map((t) => t.cut)).toEqual([1, 1]);
    expect(Object.values(view.counts).reduce((s, n) => s + n, 0)).toBe(2);
  });
});
