import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax, targetLogit, targetRank } from './3-target';
import { RUNS, coarseLogit } from './test-helpers';

/** A row with many ties and a target index in it. */
const rowAndTarget = fc
  .array(coarseLogit, { minLength: 2, maxLength: 24 })
  .chain((xs) => fc.tuple(fc.constant(Float32Array.from(xs)), fc.integer({ min: 0, max: xs.length - 1 })));

/** Rank by another route: sort descending; the target ranks where its value first appears. */
function rankBySorting(x: Float32Array, t: number): number {
  const sorted = Array.from(x).sort((a, b) => b - a);
  return sorted.indexOf(x[t]!) + 1;
}

describe('targetRank', () => {
  it("is 1 + the number of strictly larger logits: ties with the target don't push it down", () => {
    expect(targetRank(Float32Array.of(1, 3, 3, 2), 1)).toBe(1);
    expect(targetRank(Float32Array.of(1, 3, 3, 2), 2)).toBe(1);
    expect(targetRank(Float32Array.of(1, 3, 3, 2), 3)).toBe(3);
    expect(targetRank(Float32Array.of(5, 5, 5), 0)).toBe(1);
    expect(targetRank(Float32Array.of(0, -Infinity, 2), 1)).toBe(3);
  });

  it('agrees with the position in a descending sort, for rows full of ties', () => {
    fc.assert(
      fc.property(rowAndTarget, ([x, t]) => {
        expect(targetRank(x, t)).toBe(rankBySorting(x, t));
      }),
      RUNS,
    );
  });

  it('is 1 exactly when the target holds the maximum, and at most V', () => {
    fc.assert(
      fc.property(rowAndTarget, ([x, t]) => {
        const rank = targetRank(x, t);
        expect(rank === 1).toBe(targetLogit(x, t) === Math.max(...x));
        expect(rank).toBeLessThanOrEqual(x.length);
      }),
      RUNS,
    );
  });

  it('moves down by one when one other logit rises above the target, not when it only ties', () => {
    fc.assert(
      fc.property(rowAndTarget, fc.nat(), ([x, t], pick) => {
        const j = (t + 1 + (pick % (x.length - 1))) % x.length;
        if (x[j]! > x[t]!) return;
        const before = targetRank(x, t);
        const tied = x.slice();
        tied[j] = x[t]!;
        expect(targetRank(tied, t)).toBe(before);
        const above = x.slice();
        above[j] = x[t]! + 1;
        expect(targetRank(above, t)).toBe(before + 1);
      }),
      RUNS,
    );
  });
});

describe('argmax', () => {
  it('is the first index of the largest logit, as torch.argmax', () => {
    expect(argmax(new Float32Array([0, 3, 1, 3]))).toBe(1);
    expect(argmax(new Float64Array([-Infinity, -Infinity]))).toBe(0);
    expect(argmax(new Float32Array([-5, -2, -9]))).toBe(1);
    expect(argmax(new Float32Array([]))).toBe(-1);
  });
});
