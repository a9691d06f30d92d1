import { describe, expect, it } from 'vitest';
import { decadeLabel, decadeTicks, dodge, log10ProbOf, lowestDecade } from './neglog-chart';

describe('the −log p chart layout', () => {
  it('places p on a log axis from the loss, even where p underflows', () => {
    expect(log10ProbOf(Math.LN10 * 3)).toBeCloseTo(-3, 14);
    expect(log10ProbOf(0)).toBe(-0);
    expect(log10ProbOf(1000)).toBeCloseTo(-434.29, 2); // e^−1000 is 0 as a double
  });

  it('starts the axis at 10^−6, or lower to fit every token', () => {
    expect(lowestDecade([-4.1, -5.3])).toBe(-6);
    expect(lowestDecade([-7.2])).toBe(-8);
    expect(lowestDecade([])).toBe(-6);
  });

  it('ticks whole decades, thinned to fit', () => {
    expect(decadeTicks(-6, 8)).toEqual([-6, -5, -4, -3, -2, -1, 0]);
    expect(decadeTicks(-6, 4)).toEqual([-6, -4, -2, 0]);
    expect(decadeTicks(-434, 6).at(-1)).toBe(0);
    expect(decadeTicks(-434, 6).length).toBeLessThanOrEqual(6);
  });

  it('labels decades', () => {
    expect(decadeLabel(0)).toBe('1');
    expect(decadeLabel(-1)).toBe('0.1');
    expect(decadeLabel(-6)).toBe('10⁻⁶');
    expect(decadeLabel(-12)).toBe('10⁻¹²');
  });

  it('dodges labels apart, in order, inside the bounds', () => {
    const ys = dodge([50, 52, 51, 200], 10, 0, 300);
    expect(ys[3]).toBe(200);
    const sorted = [ys[0]!, ys[2]!, ys[1]!];
    expect(sorted[1]! - sorted[0]!).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(sorted[2]! - sorted[1]!).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(dodge([0, 0], 10, 0, 100)).toEqual([0, 10]);
    expect(dodge([100, 100], 10, 0, 100)).toEqual([90, 100]);
  });
});
