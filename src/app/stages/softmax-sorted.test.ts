import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBatch, targetRank } from '../../math';
import { coarseLogit, gridLogit, RUNS } from '../../math/test-helpers';
import { rowDetailCpu } from '../compute/row-detail';
import { smallestPositive, sortedDescending, sortedPosition, topShare } from './softmax-sorted';

const rowArb = (logit: fc.Arbitrary<number>) =>
  fc.array(logit, { minLength: 2, maxLength: 80 }).map((xs) => Float32Array.from(xs));

describe('sortedDescending', () => {
  it('is a sorted copy, largest first, and leaves the input alone', () => {
    const p = Float64Array.of(0.1, 0.5, 0.2, 0.2);
    const sorted = sortedDescending(p);
    expect(Array.from(sorted)).toEqual([0.5, 0.2, 0.2, 0.1]);
    expect(Array.from(p)).toEqual([0.1, 0.5, 0.2, 0.2]);
    expect(sorted).toBeInstanceOf(Float64Array);
    expect(sortedDescending(Float32Array.of(1, 3, 2))).toBeInstanceOf(Float32Array);
  });
});

describe('sortedPosition', () => {
  it('counts strictly larger values, ties sharing the first position', () => {
    const sorted = [0.5, 0.2, 0.2, 0.1];
    expect(sortedPosition(sorted, 0.5)).toEqual({ first: 1, last: 1 });
    expect(sortedPosition(sorted, 0.2)).toEqual({ first: 2, last: 3 });
    expect(sortedPosition(sorted, 0.1)).toEqual({ first: 4, last: 4 });
  });

  it('matches the loss’s rank of every target (float64 softmax of a row)', () => {
    for (const logit of [gridLogit, coarseLogit]) {
      fc.assert(
        fc.property(rowArb(logit), fc.nat(), (row, pick) => {
          const target = pick % row.length;
          const batch = makeBatch(row, [1, 1, row.length], [target]);
          const { probs } = rowDetailCpu(batch, 0, 0);
          const sorted = sortedDescending(probs);
          const { first, last } = sortedPosition(sorted, probs[target]!);
          const rank = targetRank(row, target);
          expect(first).toBeLessThanOrEqual(rank);
          expect(rank).toBeLessThanOrEqual(last);
        }),
        RUNS,
      );
    }
  });
});

describe('topShare', () => {
  it('splits the total into the top tokens and the rest', () => {
    const top = [
      { id: 3, logit: 2, prob: 0.5 },
      { id: 1, logit: 1, prob: 0.25 },
    ];
    expect(topShare(top, 1)).toEqual({ top: 0.75, rest: 0.25 });
  });
});

describe('smallestPositive', () => {
  it('skips probabilities that underflowed to 0', () => {
    expect(smallestPositive([0.9, 0.1, 1e-30, 0, 0])).toBe(1e-30);
    expect(smallestPositive([0, 0])).toBe(Number.MIN_VALUE);
  });
});
