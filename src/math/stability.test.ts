/**
 * The stability lab's float32 twin: naive and stable softmax and −log p on small rows whose
 * float32 results are known, and on the book's first row (PyTorch's log-sum-exp and loss from
 * test/fixtures/golden/cases.json at scale 1; overflow, NaN and underflow at large scales).
 */
import { describe, expect, it } from 'vitest';
import { goldenCase } from '../../test/golden';
import { row } from './1-logits';
import {
  F32_EXP_OVERFLOW,
  F32_MAX,
  formatF32,
  naiveOverflowScale,
  naiveSum,
  stabilityCpu,
  STABILITY_WG,
} from './stability';

const f = Math.fround;

describe('float32 limits', () => {
  it('exp overflows float32 just above ln(F32_MAX) ≈ 88.72', () => {
    expect(F32_EXP_OVERFLOW).toBeCloseTo(88.7228391, 6);
    expect(f(Math.exp(88.72))).toBeLessThan(Infinity);
    expect(f(Math.exp(88.73))).toBe(Infinity);
    expect(f(F32_MAX)).toBe(F32_MAX);
  });
});

describe('stabilityCpu on small rows', () => {
  it('agrees with float64 softmax when nothing overflows', () => {
    const logits = Float32Array.from([1, 2, 3, -1]);
    const v = stabilityCpu({ logits, scale: 1, target: 1, push: 0 });
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(-1));
    expect(v.max).toBe(3);
    expect(v.logSumExp).toBeCloseTo(lse, 6);
    expect(v.stableNegLog).toBeCloseTo(lse - 2, 6);
    expect(v.naiveNegLog).toBeCloseTo(lse - 2, 5);
    expect(v.naiveP).toBeCloseTo(Math.exp(2 - lse), 7);
    expect(v.stableP).toBeCloseTo(Math.exp(2 - lse), 7);
    expect([v.expInf, v.pInf, v.pNaN, v.pZero]).toEqual([0, 0, 0, 0]);
  });

  it('overflows: Σ = inf, p = NaN for the overflowed terms and 0 for the rest; stable stays finite', () => {
    // Scale 100: z = [100, 50, −100]; exp(100) = inf in float32.
    const logits = Float32Array.from([1, 0.5, -1]);
    const target = 1;
    const v = stabilityCpu({ logits, scale: 100, target, push: 0 });
    expect(v.naiveSum).toBe(Infinity);
    expect(v.expInf).toBe(1);
    expect(v.pNaN).toBe(1); // inf / inf
    expect(v.pZero).toBe(2); // finite / inf
    expect(v.naiveP).toBe(0);
    expect(v.naiveNegLog).toBe(Infinity);
    // Stable: m = 100, S = 1 + exp(−50) + exp(−200) = 1 in float32, so −log p = 100 − 50 = 50.
    expect(v.max).toBe(100);
    expect(v.stableSum).toBe(1);
    expect(v.logSumExp).toBe(100);
    expect(v.stableNegLog).toBe(50);
    expect(v.stableP).toBe(f(Math.exp(-50)));
  });

  it('the target itself overflowing gives p = inf/inf = NaN', () => {
    const v = stabilityCpu({ logits: Float32Array.from([1, 0]), scale: 100, target: 0, push: 0 });
    expect(v.naiveP).toBeNaN();
    expect(v.naiveNegLog).toBeNaN();
    // S = 1 + exp(−100) rounds to 1 in float32, so −log p = (100 − 100) + log 1 = 0.
    expect(v.stableNegLog).toBe(0);
    expect(Number.isFinite(v.stableP)).toBe(true);
  });

  it('pushing the target down underflows p to 0: naive −log p = inf, stable stays finite', () => {
    const logits = Float32Array.from([1, 2, 3]);
    const v = stabilityCpu({ logits, scale: 1, target: 0, push: 200 });
    expect(v.zTarget).toBe(-199);
    expect(v.naiveExpTarget).toBe(0);
    expect(v.naiveP).toBe(0);
    expect(v.naiveNegLog).toBe(Infinity);
    expect(v.stableP).toBe(0);
    const lse = Math.log(Math.exp(2) + Math.exp(3) + Math.exp(-199));
    expect(v.stableNegLog).toBeCloseTo(lse + 199, 4);
  });

  it('sums in the kernel’s order: strided per invocation, then pairwise', () => {
    // More than one workgroup's width, so the strided order matters; exact small integers.
    const V = STABILITY_WG * 3 + 5;
    const logits = Float32Array.from({ length: V }, (_, j) => (j % 3) - 1);
    const sum = naiveSum(logits, 1, 0);
    let ref = 0;
    for (const x of logits) ref += Math.exp(x);
    expect(sum).toBeCloseTo(ref, 2);
  });

  it('rejects bad input with one sentence', () => {
    const logits = Float32Array.from([1, 2]);
    expect(() => stabilityCpu({ logits, scale: 0, target: 0, push: 0 })).toThrow(/scale must be > 0/);
    expect(() => stabilityCpu({ logits, scale: 1, target: 2, push: 0 })).toThrow(/target must be/);
    expect(() => stabilityCpu({ logits, scale: 1, target: 0, push: -1 })).toThrow(/push must be/);
    expect(() => stabilityCpu({ logits, scale: NaN, target: 0, push: 0 })).toThrow(/scale/);
  });
});

describe('the book’s first row (text 1, position 1)', () => {
  const book = goldenCase('book-ch05');
  const batch = book.batch();
  const logits = row(batch, 0);
  const target = batch.targets[0]!;
  const expected = book.expected.tokens[0]!;

  it('at scale 1, naive and stable agree with PyTorch’s log-sum-exp and loss in float32', () => {
    const v = stabilityCpu({ logits, scale: 1, target, push: 0 });
    expect(Math.abs(v.logSumExp - expected.logSumExp) / expected.logSumExp).toBeLessThan(1e-5);
    expect(Math.abs(v.stableNegLog - expected.loss) / expected.loss).toBeLessThan(1e-5);
    expect(Math.abs(v.naiveNegLog - expected.loss) / expected.loss).toBeLessThan(1e-5);
    expect(Math.abs(Math.log(v.naiveSum) - expected.logSumExp)).toBeLessThan(1e-4);
    expect([v.expInf, v.pInf, v.pNaN]).toEqual([0, 0, 0]);
  });

  it('at scale 100, the naive path is inf and NaN, the stable one finite', () => {
    const v = stabilityCpu({ logits, scale: 100, target, push: 0 });
    expect(v.naiveSum).toBe(Infinity);
    expect(v.expInf).toBeGreaterThan(0);
    expect(v.pNaN).toBe(v.expInf);
    expect(v.naiveP === 0 || Number.isNaN(v.naiveP)).toBe(true);
    expect(Number.isFinite(v.naiveNegLog)).toBe(false);
    for (const x of [v.max, v.stableSum, v.logSumExp, v.stableNegLog]) expect(Number.isFinite(x)).toBe(true);
    // The stable loss scales with s: (m − z_t) + log S, with S ≥ 1.
    expect(v.stableNegLog).toBeGreaterThanOrEqual(v.max - v.zTarget);
  });

  it('the naive sum overflows a little before the largest term does', () => {
    const at = naiveOverflowScale(logits, target, 1, 150);
    expect(at.largest).not.toBeNull();
    expect(at.sum).not.toBeNull();
    expect(at.sum!).toBeLessThanOrEqual(at.largest! * 1.0001);
    expect(at.sum!).toBeGreaterThan(10);
    expect(naiveSum(logits, at.sum!, target)).toBe(Infinity);
    expect(naiveSum(logits, at.sum! / 1.001, target)).toBeLessThan(Infinity);
  });

  it('a large push underflows the naive p while the stable −log p is Δ more', () => {
    const base = stabilityCpu({ logits, scale: 1, target, push: 0 });
    const v = stabilityCpu({ logits, scale: 1, target, push: 150 });
    expect(v.naiveP).toBe(0);
    expect(v.naiveNegLog).toBe(Infinity);
    expect(Math.abs(v.stableNegLog - (base.stableNegLog + 150))).toBeLessThan(1e-3);
  });
});

describe('formatF32', () => {
  it('prints inf and NaN as such, and 7 significant digits otherwise', () => {
    expect(formatF32(Infinity)).toBe('inf');
    expect(formatF32(-Infinity)).toBe('−inf');
    expect(formatF32(NaN)).toBe('NaN');
    expect(formatF32(0)).toBe('0');
    expect(formatF32(10.793964)).toBe('10.79396');
    expect(formatF32(-2.5)).toBe('−2.500000');
    expect(formatF32(F32_MAX)).toBe('3.402823e38');
    expect(formatF32(1e38)).toBe('1e38');
    expect(formatF32(3.1e-5)).toBe('3.1e−5');
  });
});
