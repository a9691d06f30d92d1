import { describe, expect, it } from 'vitest';
import { summariseLogits } from './logits-summary';

describe('summariseLogits', () => {
  it('gives min, max and mean of a row', () => {
    expect(summariseLogits(Float32Array.of(-2, 4, 1, 1))).toEqual({
      min: -2,
      max: 4,
      mean: 1,
      minusInfinity: 0,
    });
  });

  it('leaves −∞ (masked tokens) out of min and mean, and counts them', () => {
    const s = summariseLogits(Float64Array.of(-Infinity, 3, -1, -Infinity));
    expect(s).toEqual({ min: -1, max: 3, mean: 1, minusInfinity: 2 });
  });

  it('says NaN when no logit is finite', () => {
    const s = summariseLogits(Float32Array.of(-Infinity, -Infinity));
    expect(s.min).toBeNaN();
    expect(s.mean).toBeNaN();
    expect(s.max).toBe(-Infinity);
  });
});
