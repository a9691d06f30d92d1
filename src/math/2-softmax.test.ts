import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSoftmax, logSumExp, normaliser, softmax } from './2-softmax';
import { RUNS, expectClose, gridLogit } from './test-helpers';

const rowArb = fc.array(gridLogit, { minLength: 1, maxLength: 64 }).map((xs) => Float32Array.from(xs));

describe('softmax', () => {
  it('each row is a distribution: p in [0, 1], summing to 1', () => {
    fc.assert(
      fc.property(rowArb, (x) => {
        const p = softmax(x);
        let sum = 0;
        for (const pi of p) {
          expect(pi).toBeGreaterThanOrEqual(0);
          expect(pi).toBeLessThanOrEqual(1);
          sum += pi;
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }),
      RUNS,
    );
  });

  it('log p = log softmax, where p has not underflowed', () => {
    fc.assert(
      fc.property(rowArb, (x) => {
        const p = softmax(x);
        const lp = logSoftmax(x);
        p.forEach((pi, i) => {
          if (pi > 1e-300) expect(Math.abs(Math.log(pi) - lp[i]!)).toBeLessThan(1e-12 * Math.max(1, -lp[i]!));
        });
      }),
      RUNS,
    );
  });

  it('is unchanged by adding a constant to the row: r exactly, p to rounding; log-sum-exp moves by it', () => {
    fc.assert(
      fc.property(rowArb, fc.integer({ min: -1000, max: 1000 }), (x, c) => {
        const shifted = x.map((xi) => xi + c);
        // The shift is exact on this grid; only the rounding of lse = m + log1p(r) differs.
        const p = softmax(x);
        softmax(shifted).forEach((q, i) => expectClose(q, p[i]!, 1e-12));
        expect(normaliser(shifted)).toEqual({ m: normaliser(x).m + c, r: normaliser(x).r });
        expectClose(logSumExp(shifted), logSumExp(x) + c);
      }),
      RUNS,
    );
  });

  it('does not overflow: exp(1e4) is never taken', () => {
    const x = Float32Array.of(1e4, 1e4 - 1, -1e4);
    expectClose(logSumExp(x), 1e4 + Math.log1p(Math.exp(-1)));
    expect(softmax(x)[2]).toBe(0);
  });

  it('gives −inf entries probability 0 and leaves the rest as if they were absent', () => {
    fc.assert(
      fc.property(rowArb, fc.array(fc.boolean(), { maxLength: 64 }), (x, drop) => {
        const masked = x.map((xi, i) => (drop[i] && i > 0 ? -Infinity : xi));
        const kept = masked.filter((xi) => xi !== -Infinity);
        const p = softmax(masked);
        const pKept = softmax(kept);
        let k = 0;
        masked.forEach((xi, i) => {
          if (xi === -Infinity) expect(p[i]).toBe(0);
          else expect(p[i]).toBe(pKept[k++]);
        });
      }),
      RUNS,
    );
  });

  it('an all −inf row has log-sum-exp −inf (no distribution)', () => {
    expect(logSumExp(Float32Array.of(-Infinity, -Infinity))).toBe(-Infinity);
    expect(normaliser(Float32Array.of(-Infinity, -Infinity)).m).toBe(-Infinity);
  });

  it('keeps r = Σ exp(x − m) − 1 exact for tied maxima: one copy of the max is left out', () => {
    expect(normaliser(Float32Array.of(2, 2, 2))).toEqual({ m: 2, r: 2 });
    expect(normaliser(Float32Array.of(-5, 3))).toEqual({ m: 3, r: Math.exp(-8) });
  });
});
