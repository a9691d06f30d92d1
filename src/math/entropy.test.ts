import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSoftmax, normaliser, softmax } from './2-softmax';
import { entropy, entropyFromSums, normaliserAndEntropy } from './entropy';
import { RUNS, coarseLogit, expectClose, gridLogit } from './test-helpers';

const rowArb = fc.array(gridLogit, { minLength: 2, maxLength: 64 }).map((xs) => Float32Array.from(xs));

/** −Σ p log p straight from the definition, with 0 · log 0 = 0. */
function entropyByDefinition(x: Float32Array): number {
  const p = softmax(x);
  const lp = logSoftmax(x);
  let h = 0;
  p.forEach((pi, i) => {
    if (pi > 0) h -= pi * lp[i]!;
  });
  return h;
}

describe('entropy', () => {
  it('is −Σ p log p, between 0 and ln V', () => {
    fc.assert(
      fc.property(rowArb, (x) => {
        const h = entropy(x, normaliser(x));
        const byDefinition = entropyByDefinition(x);
        // The definition loses digits when h is tiny; both agree to 1e-12 of the largest term's scale.
        expect(Math.abs(h - byDefinition)).toBeLessThanOrEqual(1e-12 * Math.max(1, byDefinition));
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.log(x.length) * (1 + 1e-15));
      }),
      RUNS,
    );
  });

  it('is ln V for a uniform row, ln k for k tied maxima far above the rest, 0 for one certain token', () => {
    const uniform = new Float32Array(1000).fill(-2);
    expectClose(entropy(uniform, normaliser(uniform)), Math.log(1000), 1e-14);
    const three = Float32Array.of(5e3, -1e4, 5e3, 5e3);
    expectClose(entropy(three, normaliser(three)), Math.log(3), 1e-15);
    const certain = Float32Array.of(-Infinity, 7, -Infinity);
    expect(entropy(certain, normaliser(certain))).toBe(0);
  });

  it('ignores −inf entries (0 · log 0 = 0, never 0 · ∞)', () => {
    const x = Float32Array.of(1, -Infinity, 2, -Infinity);
    const h = entropy(x, normaliser(x));
    expect(h).toBe(entropy(Float32Array.of(1, 2), normaliser(Float32Array.of(1, 2))));
    expect(Number.isFinite(h)).toBe(true);
  });

  it('from the engine-side sums (r, t) gives the same value', () => {
    fc.assert(
      fc.property(rowArb, (x) => {
        const { m, r } = normaliser(x);
        let t = 0;
        for (const xi of x) t += Math.exp(xi - m) * (xi - m);
        expect(entropyFromSums(r, t)).toBe(entropy(x, { m, r }));
      }),
      RUNS,
    );
  });

  it('in one pass with the normaliser equals normaliser() and entropy() bit for bit (ties, −inf, all −inf)', () => {
    const withMinusInf = fc
      .array(fc.oneof(gridLogit, coarseLogit, fc.constant(-Infinity)), { minLength: 2, maxLength: 64 })
      .map((xs) => Float32Array.from(xs));
    const check = (x: Float32Array | Float64Array) => {
      const norm = normaliser(x);
      const fused = normaliserAndEntropy(x);
      expect(fused.norm.m).toBe(norm.m);
      expect(fused.norm.r).toBe(norm.r);
      expect(fused.entropy).toBe(entropy(x, norm));
    };
    fc.assert(fc.property(withMinusInf, check), RUNS);
    fc.assert(
      fc.property(rowArb, (x) => check(Float64Array.from(x))),
      RUNS,
    );
    check(Float32Array.of(-Infinity, -Infinity));
    check(Float32Array.of(2, 2, 2));
  });
});
