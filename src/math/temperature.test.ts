/**
 * Temperature: logits ÷ T. T = 1 is the identity, a large T tends to the uniform distribution
 * (loss ln V, perplexity V), a small T to the argmax, and no T > 0 changes the order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goldenCase } from '../../test/golden';
import { makeBatch } from './1-logits';
import { softmax } from './2-softmax';
import { targetRank } from './3-target';
import { crossEntropyCpu } from './cross-entropy';
import { scaleLogits, withTemperature } from './temperature';
import { batchArb, gridLogit, RUNS } from './test-helpers';

const rowArb = fc.array(gridLogit, { minLength: 2, maxLength: 40 }).map((xs) => Float32Array.from(xs));
const tempArb = fc.double({ min: 0.1, max: 5, noNaN: true });

describe('scaleLogits', () => {
  it('at T = 1 returns the same values, in the same precision', () => {
    fc.assert(
      fc.property(rowArb, (row) => {
        const out = scaleLogits(row, 1);
        expect(out).toBeInstanceOf(Float32Array);
        expect(out).not.toBe(row);
        expect([...out]).toEqual([...row]);
      }),
      RUNS,
    );
    expect(scaleLogits(Float64Array.from([1.5, -2]), 0.5)).toEqual(Float64Array.from([3, -4]));
  });

  it('keeps the order of the logits, so every token’s rank, at any T', () => {
    fc.assert(
      fc.property(rowArb, tempArb, fc.nat(), (row, T, k) => {
        const target = k % row.length;
        const scaled = scaleLogits(row, T);
        expect(targetRank(scaled, target)).toBe(targetRank(row, target));
      }),
      RUNS,
    );
  });

  it('tends to the uniform distribution as T grows, to the argmax as T shrinks', () => {
    const row = Float64Array.from([3, 1, -2, 0.5, 2.5]);
    const flat = softmax(scaleLogits(row, 1e6));
    for (const p of flat) expect(Math.abs(p - 1 / row.length)).toBeLessThan(1e-6);
    const sharp = softmax(scaleLogits(row, 0.01));
    expect(sharp[0]).toBeGreaterThan(1 - 1e-12);
  });

  it('leaves −∞ at −∞ and refuses T ≤ 0 or not finite', () => {
    expect(scaleLogits(Float32Array.from([-Infinity, 1]), 2)[0]).toBe(-Infinity);
    for (const T of [0, -1, NaN, Infinity]) {
      expect(() => scaleLogits(Float32Array.from([1, 2]), T)).toThrow(/temperature/);
    }
  });
});

describe('withTemperature', () => {
  it('keeps shape, targets and ignore_index; the loss at T = 1 is the model’s', () => {
    fc.assert(
      fc.property(batchArb(), (batch) => {
        const scaled = withTemperature(batch, 1);
        expect(scaled.shape).toEqual(batch.shape);
        expect(scaled.targets).toBe(batch.targets);
        expect(crossEntropyCpu(scaled).loss).toBe(crossEntropyCpu(batch).loss);
      }),
      RUNS,
    );
  });

  it('the loss tends to ln V (perplexity V) as T grows', () => {
    const batch = makeBatch(Float32Array.from([4, -1, 0, 2, 1, 1, -3, 0.5]), [2, 4], [1, 2]);
    let last = Infinity;
    for (const T of [10, 100, 1000, 1e5]) {
      const { loss } = crossEntropyCpu(withTemperature(batch, T));
      const gap = Math.abs(loss - Math.log(4));
      expect(gap).toBeLessThan(last);
      last = gap;
    }
    expect(last).toBeLessThan(1e-4);
  });

  it('on the book’s near-uniform logits, T = 5 gives a perplexity above 0.95·V', () => {
    const batch = goldenCase('book-ch05').batch();
    const V = batch.shape[2];
    const at1 = crossEntropyCpu(batch).perplexity;
    const at5 = crossEntropyCpu(withTemperature(batch, 5)).perplexity;
    expect(at1).toBeLessThan(0.97 * V);
    expect(at5).toBeGreaterThan(0.95 * V);
    expect(at5).toBeLessThan(V * 1.01);
    // At T = 0.1 the mass piles on each row's argmax, which is never the target here: the loss explodes.
    expect(crossEntropyCpu(withTemperature(batch, 0.1)).loss).toBeGreaterThan(crossEntropyCpu(batch).loss);
  });
});
