import { describe, expect, it } from 'vitest';
import { makeBatch } from './1-logits';
import { gatheredProbsFloat32, meanLoss, meanNegLog } from './5-mean';
import { crossEntropyCpu } from './cross-entropy';

describe('meanNegLog', () => {
  it('is the mean of −ln p', () => {
    expect(meanNegLog([1, 1])).toBe(0);
    expect(meanNegLog([Math.exp(-2), Math.exp(-4)])).toBeCloseTo(3, 14);
    expect(meanNegLog([0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it('agrees with the mean of the fused per-token losses up to rounding', () => {
    // The book's per-token −log p (nats); p = e^−loss is what the gather gives.
    const losses = [9.5042, 10.3796, 11.3677, 11.4798, 9.7764, 12.2561];
    const probs = losses.map((l) => Math.exp(-l));
    const fused = meanLoss(losses, new Array<boolean>(losses.length).fill(false)).loss;
    expect(Math.abs(meanNegLog(probs) - fused)).toBeLessThan(1e-13);
  });

  it('is infinite when a probability underflowed to 0, and NaN for no tokens', () => {
    expect(meanNegLog([0.5, 0])).toBe(Infinity);
    expect(meanNegLog([])).toBeNaN();
  });
});

describe('gatheredProbsFloat32', () => {
  it('gives the softmax probability of each counted target, to float32 precision', () => {
    const logits = new Float32Array([0, 1, 2, 3, 1, 0, 5, 5, 5]);
    const p = gatheredProbsFloat32(logits, [1, 3, 3], [2, -100, 0], -100);
    expect(p).toHaveLength(2);
    const e = [1, Math.E, Math.E ** 2];
    expect(p[0]).toBeCloseTo(e[2]! / (e[0]! + e[1]! + e[2]!), 7);
    expect(p[1]).toBeCloseTo(1 / 3, 7);
    expect(Math.fround(p[1]!)).toBe(p[1]); // every value is a float32
  });

  it('makes a loss by hand within float32 rounding of the fused loss, and ∞ on underflow', () => {
    const V = 1000;
    const logits = new Float32Array(2 * V).map((_, i) => Math.sin(i * 12.9898) * 4);
    const targets = [17, 503];
    const byHand = meanNegLog(gatheredProbsFloat32(logits, [1, 2, V], targets, -100));
    const fused = crossEntropyCpu(makeBatch(logits, [1, 2, V], targets)).loss;
    expect(Math.abs(byHand - fused) / fused).toBeLessThan(1e-5);
    const far = new Float32Array([0, -200]);
    expect(meanNegLog(gatheredProbsFloat32(far, [1, 1, 2], [1], -100))).toBe(Infinity);
  });
});
