/**
 * The gradient of −log softmax(z)_t with respect to z: p − one-hot. Checked against its
 * properties (components sum to 0, only the target's is negative), central finite differences of
 * the math module's own loss, and PyTorch's autograd (test/fixtures/golden/gradients.json, written
 * by scripts/golden/make_gradients.py); one step of gradient descent lowers the loss.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliser } from './2-softmax';
import { negLogProb } from './4-neg-log';
import { gradientStep, softmaxGradient } from './gradient';
import { gridLogit, RUNS } from './test-helpers';

type JsonNum = number | 'inf' | '-inf';
interface GoldenRow {
  name: string;
  logits: JsonNum[];
  target: number;
  loss: number;
  grad: number[];
  steps: { lr: number; logits: JsonNum[]; loss: number }[];
}
interface GoldenBatch {
  name: string;
  shape: [number, number];
  logits: JsonNum[];
  targets: number[];
  loss: number;
  grad: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('../../test/fixtures/golden/gradients.json', import.meta.url), 'utf8'),
) as { rows: GoldenRow[]; batches: GoldenBatch[] };
const toNum = (x: JsonNum) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x);
const f64 = (xs: JsonNum[]) => Float64Array.from(xs, toNum);

/** The row's own loss, −log p_t = log-sum-exp − z_t, from the math module. */
const lossOf = (row: Float64Array | Float32Array, target: number) =>
  negLogProb(normaliser(row), row[target]!);

/** A row of 2..40 grid logits with a target inside it. */
const rowArb = fc
  .array(gridLogit, { minLength: 2, maxLength: 40 })
  .chain((xs) => fc.record({ row: fc.constant(Float64Array.from(xs)), target: fc.nat(xs.length - 1) }));

describe('softmaxGradient', () => {
  it('sums to 0, is p_j ≥ 0 off the target and p_t − 1 ≤ 0 on it', () => {
    fc.assert(
      fc.property(rowArb, ({ row, target }) => {
        const g = softmaxGradient(row, target);
        let sum = 0;
        for (let j = 0; j < g.length; j++) {
          sum += g[j]!;
          if (j === target) expect(g[j]!).toBeLessThanOrEqual(0);
          else expect(g[j]!).toBeGreaterThanOrEqual(0);
        }
        expect(Math.abs(sum)).toBeLessThan(1e-12);
      }),
      RUNS,
    );
  });

  it('matches central finite differences of the loss', () => {
    fc.assert(
      fc.property(rowArb, ({ row, target }) => {
        const g = softmaxGradient(row, target);
        const h = 1e-5;
        for (let j = 0; j < row.length; j++) {
          const up = Float64Array.from(row);
          const down = Float64Array.from(row);
          up[j] = up[j]! + h;
          down[j] = down[j]! - h;
          const fd = (lossOf(up, target) - lossOf(down, target)) / (2 * h);
          expect(Math.abs(fd - g[j]!)).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('agrees with PyTorch’s autograd of F.cross_entropy on every golden row', () => {
    for (const row of golden.rows) {
      const z = f64(row.logits);
      expect(lossOf(z, row.target)).toBeCloseTo(row.loss, 12);
      const g = softmaxGradient(z, row.target);
      row.grad.forEach((expected, j) => expect(Math.abs(g[j]! - expected)).toBeLessThan(1e-14));
    }
  });

  it('for the batch mean, each row’s gradient divided by N is PyTorch’s', () => {
    for (const batch of golden.batches) {
      const [N, V] = batch.shape;
      const z = f64(batch.logits);
      let mean = 0;
      for (let r = 0; r < N; r++) {
        const row = z.subarray(r * V, (r + 1) * V);
        const target = batch.targets[r]!;
        mean += lossOf(row, target) / N;
        const g = softmaxGradient(row, target);
        for (let j = 0; j < V; j++) expect(Math.abs(g[j]! / N - batch.grad[r * V + j]!)).toBeLessThan(1e-14);
      }
      expect(mean).toBeCloseTo(batch.loss, 12);
    }
  });

  it('is 0 at a −∞ logit and finite for logits far above float32’s exp range', () => {
    const g = softmaxGradient(Float64Array.from([-Infinity, 0.3, 1.2]), 1);
    expect(g[0]).toBe(0);
    const big = softmaxGradient(Float32Array.from([1000, 999, -1000]), 2);
    expect([...big].every(Number.isFinite)).toBe(true);
    expect(big[2]).toBe(-1);
  });

  it('refuses a target outside the row', () => {
    const row = Float64Array.from([1, 2]);
    expect(() => softmaxGradient(row, 2)).toThrow(/target must be an integer in \[0, 2\)/);
    expect(() => softmaxGradient(row, -1)).toThrow(RangeError);
    expect(() => softmaxGradient(row, 0.5)).toThrow(RangeError);
  });
});

describe('gradientStep', () => {
  it('is PyTorch’s z − lr·∂L/∂z, with PyTorch’s loss after the step', () => {
    for (const row of golden.rows) {
      const z = f64(row.logits);
      for (const step of row.steps) {
        const after = gradientStep(z, row.target, step.lr);
        step.logits.map(toNum).forEach((expected, j) => {
          if (!Number.isFinite(expected)) expect(after[j]).toBe(expected);
          else
            expect(Math.abs(after[j]! - expected)).toBeLessThanOrEqual(
              1e-13 * Math.max(1, Math.abs(expected)),
            );
        });
        expect(lossOf(after, row.target)).toBeCloseTo(step.loss, 10);
      }
    }
  });

  it('lowers the loss for a small learning rate, and leaves the row as it was', () => {
    fc.assert(
      fc.property(rowArb, fc.double({ min: 0.01, max: 1, noNaN: true }), ({ row, target }, lr) => {
        const copy = Float64Array.from(row);
        const before = lossOf(row, target);
        const after = lossOf(gradientStep(row, target, lr), target);
        expect(row).toEqual(copy);
        // The loss is convex with curvature ≤ 1/2 along any direction of unit size, so a step of
        // lr ≤ 1 lowers it by at least lr/2·|g|²; it can only stay put where the target holds p ≈ 1.
        expect(after).toBeLessThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('with lr = 0 changes nothing; refuses a negative or non-finite learning rate', () => {
    const row = Float32Array.from([0.5, -1, 2]);
    expect([...gradientStep(row, 1, 0)]).toEqual([...row]);
    expect(() => gradientStep(row, 1, -0.1)).toThrow(/learning rate/);
    expect(() => gradientStep(row, 1, NaN)).toThrow(RangeError);
    expect(() => gradientStep(row, 1, Infinity)).toThrow(RangeError);
  });
});
