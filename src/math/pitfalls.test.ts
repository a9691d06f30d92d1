import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropyCpu } from './cross-entropy';
import {
  arithmeticMeanInverseP,
  geometricMeanInverseP,
  meanOfSequencePerplexities,
  paddedMeans,
  perSequencePerplexities,
} from './pitfalls';
import { RUNS, batchArb, expectClose, withTargets } from './test-helpers';

/** A small batch with some targets set to ignore_index (padding). */
const paddedBatchArb = batchArb().chain((batch) =>
  fc.array(fc.boolean(), { minLength: batch.targets.length, maxLength: batch.targets.length }).map((pad) =>
    withTargets(
      batch,
      Array.from(batch.targets, (y, i) => (pad[i] ? batch.ignoreIndex : y)),
    ),
  ),
);

describe('geometricMeanInverseP and arithmeticMeanInverseP', () => {
  it('are e^(mean −ln p) and mean(1/p) on hand-worked probabilities', () => {
    // 1/p = 2 and 8: geometric √16 = 4, arithmetic (2 + 8) / 2 = 5.
    expectClose(geometricMeanInverseP([0.5, 0.125]), 4, 1e-15);
    expectClose(arithmeticMeanInverseP([0.5, 0.125]), 5, 1e-15);
    // One unlikely token dominates the arithmetic mean: 1/p = 1, 1, 1000.
    expectClose(geometricMeanInverseP([1, 1, 1e-3]), 10, 1e-14);
    expectClose(arithmeticMeanInverseP([1, 1, 1e-3]), 334, 1e-14);
  });

  it('agree when every p is the same, and the geometric mean is never above the arithmetic one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (ps) => {
          const g = geometricMeanInverseP(ps);
          const a = arithmeticMeanInverseP(ps);
          expect(g).toBeLessThanOrEqual(a * (1 + 1e-12));
          const same = ps.map(() => ps[0]!);
          expectClose(geometricMeanInverseP(same), arithmeticMeanInverseP(same), 1e-12);
        },
      ),
      RUNS,
    );
  });

  it('the geometric mean is the perplexity of the counted tokens', () => {
    fc.assert(
      fc.property(batchArb(), (batch) => {
        const result = crossEntropyCpu(batch);
        const probs = result.tokens.filter((t) => !t.ignored).map((t) => t.prob);
        if (probs.length === 0) return;
        expectClose(geometricMeanInverseP(probs), result.perplexity, 1e-12);
      }),
      RUNS,
    );
  });

  it('are infinite when a probability is 0, and NaN for no probabilities', () => {
    expect(geometricMeanInverseP([0.5, 0])).toBe(Infinity);
    expect(arithmeticMeanInverseP([0.5, 0])).toBe(Infinity);
    expect(geometricMeanInverseP([])).toBeNaN();
    expect(arithmeticMeanInverseP([])).toBeNaN();
  });
});

describe('perSequencePerplexities', () => {
  it('takes e^(mean loss) of each row, skipping ignored positions', () => {
    // (B, T) = (2, 3); row 1's last position is padding.
    const losses = [1, 2, 3, 4, 6, NaN];
    const ignored = [false, false, false, false, false, true];
    const [s0, s1] = perSequencePerplexities(losses, ignored, 2, 3);
    expect(s0).toEqual({ batch: 0, count: 3, loss: 2, perplexity: Math.exp(2) });
    expect(s1).toEqual({ batch: 1, count: 2, loss: 5, perplexity: Math.exp(5) });
    // Their mean weights sequences; the pooled e^(18 / 5) weights tokens.
    expectClose(meanOfSequencePerplexities([s0!, s1!]), (Math.exp(2) + Math.exp(5)) / 2, 1e-15);
    expect(meanOfSequencePerplexities([s0!, s1!])).toBeGreaterThan(Math.exp(16 / 5));
  });

  it('gives an all-padding row no perplexity and leaves it out of the mean', () => {
    const seqs = perSequencePerplexities([1, NaN], [false, true], 2, 1);
    expect(seqs[1]!.count).toBe(0);
    expect(seqs[1]!.perplexity).toBeNaN();
    expectClose(meanOfSequencePerplexities(seqs), Math.exp(1), 1e-15);
    expect(meanOfSequencePerplexities([])).toBeNaN();
  });

  it('is never below the pooled perplexity when the rows have equal counts (Jensen)', () => {
    fc.assert(
      fc.property(batchArb({ maxB: 4, maxT: 4 }), (batch) => {
        const result = crossEntropyCpu(batch);
        if (result.count !== result.tokens.length) return;
        const [B, T] = batch.shape;
        const seqs = perSequencePerplexities(
          result.tokens.map((t) => t.loss),
          result.tokens.map((t) => t.ignored),
          B,
          T,
        );
        expect(seqs).toHaveLength(B);
        expect(meanOfSequencePerplexities(seqs)).toBeGreaterThanOrEqual(result.perplexity * (1 - 1e-12));
      }),
      RUNS,
    );
  });
});

describe('paddedMeans', () => {
  it('keeps the ignore_index mean and lowers the padding-as-zero mean', () => {
    const losses = [2, 4, 6, NaN];
    const ignored = [false, false, false, true];
    expect(paddedMeans(losses, ignored)).toEqual({
      counted: 3,
      padding: 1,
      withIgnoreIndex: 4,
      paddingAsZero: 3,
    });
    // Three more padded positions: the right mean is unchanged, the wrong one falls to 12 / 7.
    const more = paddedMeans(losses, ignored, 3);
    expect(more.withIgnoreIndex).toBe(4);
    expect(more.padding).toBe(4);
    expectClose(more.paddingAsZero, 12 / 7, 1e-15);
  });

  it('agrees with the loss of the CPU path, which leaves ignored targets out', () => {
    fc.assert(
      fc.property(paddedBatchArb, fc.integer({ min: 0, max: 5 }), (batch, extra) => {
        const result = crossEntropyCpu(batch);
        const m = paddedMeans(
          result.tokens.map((t) => t.loss),
          result.tokens.map((t) => t.ignored),
          extra,
        );
        expect(m.counted).toBe(result.count);
        if (result.count === 0) {
          expect(m.withIgnoreIndex).toBeNaN();
          return;
        }
        expectClose(m.withIgnoreIndex, result.loss, 1e-14);
        expectClose(m.paddingAsZero, (result.loss * m.counted) / (m.counted + m.padding), 1e-13);
      }),
      RUNS,
    );
  });

  it('is NaN when nothing is counted', () => {
    const m = paddedMeans([NaN, NaN], [true, true], 2);
    expect(m.withIgnoreIndex).toBeNaN();
    expect(m.paddingAsZero).toBeNaN();
  });
});
