import { describe, expect, it } from 'vitest';
import { dotGrid, sliderRange, stepValue, wordCount, wordOrder } from './perplexity-slider';

describe('the perplexity slider', () => {
  it('runs from 0 to a little past ln V, in the reader’s units', () => {
    const nats = sliderRange(50257, 'nats');
    expect(nats.min).toBe(0);
    expect(nats.max).toBeCloseTo(11.4, 12);
    expect(nats.max).toBeGreaterThanOrEqual(Math.log(50257) + 0.5);
    const bits = sliderRange(50257, 'bits');
    expect(bits.max).toBeGreaterThanOrEqual((Math.log(50257) + 0.5) / Math.LN2);
    expect(bits.max).toBeCloseTo(16.4, 12);
  });

  it('reaches past a model worse than a uniform guess', () => {
    expect(sliderRange(50257, 'nats', 10.79).max).toBeCloseTo(11.4, 12);
    expect(sliderRange(50257, 'nats', 20.03).max).toBeCloseTo(20.6, 12);
    expect(sliderRange(50257, 'nats', NaN).max).toBeCloseTo(11.4, 12);
  });

  it('steps on a grid of whole steps and stays in range', () => {
    const r = sliderRange(50257, 'nats');
    expect(stepValue(10.793964, 1, r)).toBe(10.8);
    expect(stepValue(10.793964, -1, r)).toBe(10.7);
    expect(stepValue(10.8, 1, r)).toBe(10.9);
    expect(stepValue(0.3, -1, r)).toBe(0.2);
    expect(stepValue(0.05, -10, r)).toBe(0);
    expect(stepValue(11.35, 10, r)).toBe(r.max);
    expect(stepValue(5, 0, r)).toBe(5);
  });

  it('shows round(k) words, between 1 and V', () => {
    expect(wordCount(Math.exp(10.793964408126953), 50257)).toBe(48726);
    expect(wordCount(1, 50257)).toBe(1);
    expect(wordCount(0.4, 50257)).toBe(1);
    expect(wordCount(1e9, 50257)).toBe(50257);
    expect(wordCount(Infinity, 50257)).toBe(50257);
  });

  it('orders every id once, the same way every time', () => {
    const order = wordOrder(1000);
    expect(new Set(order).size).toBe(1000);
    expect(Math.min(...order)).toBe(0);
    expect(Math.max(...order)).toBe(999);
    expect(wordOrder(1000)).toBe(order);
    // Spread over the vocabulary: the first 10 are not bunched at the start.
    expect(Math.max(...order.slice(0, 10))).toBeGreaterThan(300);
  });

  it('fits n dots in a box', () => {
    for (const [n, w, h] of [
      [50257, 700, 220],
      [50257, 343, 200],
      [49, 700, 220],
      [1, 300, 200],
    ] as const) {
      const g = dotGrid(n, w, h);
      expect(g.cols * g.rows).toBeGreaterThanOrEqual(n);
      expect(g.cols * g.cell).toBeLessThanOrEqual(w + 1e-9);
      expect(g.rows * g.cell).toBeLessThanOrEqual(h + 1e-9);
      expect(g.cell).toBeGreaterThan(0);
    }
    expect(dotGrid(1, 300, 200).cell).toBe(200);
    expect(dotGrid(0, 300, 200).cols).toBe(0);
  });
});
