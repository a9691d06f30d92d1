import { describe, expect, it } from 'vitest';
import { meanLoss, meanNegLog } from './5-mean';

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
