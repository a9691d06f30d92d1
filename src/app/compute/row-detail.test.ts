import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBatch, row as rowOf } from '../../math';
import { batchArb, coarseLogit, expectClose, RUNS } from '../../math/test-helpers';
import { rowDetailCpu, sumFloat64, TOP_K, topTokens } from './row-detail';

describe('rowDetailCpu', () => {
  it('gives the focused row: r = b·T + t and a view of its V logits', () => {
    // (B, T, V) = (2, 3, 4): row r holds 10r, 10r + 1, 10r + 2, 10r + 3.
    const logits = Float32Array.from({ length: 24 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
    const batch = makeBatch(logits, [2, 3, 4], [0, 1, 2, 3, 0, 1]);
    const detail = rowDetailCpu(batch, 1, 2);
    expect(detail.row).toBe(5);
    expect([detail.b, detail.t]).toEqual([1, 2]);
    expect(Array.from(detail.logits)).toEqual([50, 51, 52, 53]);
    expect(detail.max).toBe(53);
    expect(detail.backend).toBe('cpu');
  });

  it('probabilities sum to 1, sumExp = Σ exp(x − max), p = exp(x − max) / sumExp', () => {
    fc.assert(
      fc.property(batchArb(), fc.nat(), (batch, pick) => {
        const [B, T, V] = batch.shape;
        const r = pick % (B * T);
        const b = Math.floor(r / T);
        const detail = rowDetailCpu(batch, b, r % T);
        const x = rowOf(batch, r);
        expect(detail.max).toBe(Math.max(...x));
        let sumExp = 0;
        for (const xi of x) sumExp += Math.exp(xi - detail.max);
        expectClose(detail.sumExp, sumExp, 1e-12);
        expect(Math.abs(detail.probSum - 1)).toBeLessThan(1e-12);
        expect(detail.probSum).toBe(sumFloat64(detail.probs));
        for (let j = 0; j < V; j++) {
          expectClose(detail.probs[j]!, Math.exp(x[j]! - detail.max) / sumExp, 1e-12);
        }
      }),
      RUNS,
    );
  });

  it('lists the top tokens most likely first, ties to the smaller id', () => {
    fc.assert(
      fc.property(batchArb({ maxV: 30, logit: coarseLogit }), (batch) => {
        const detail = rowDetailCpu(batch, 0, 0);
        const x = detail.logits;
        // The reference: every id sorted by logit descending, then by id ascending.
        const order = Array.from(x, (_, id) => id).sort((i, j) => x[j]! - x[i]! || i - j);
        const expected = order.slice(0, Math.min(TOP_K, x.length));
        expect(detail.top.map((t) => t.id)).toEqual(expected);
        for (const t of detail.top) {
          expect(t.logit).toBe(x[t.id]);
          expect(t.prob).toBe(detail.probs[t.id]);
        }
      }),
      RUNS,
    );
  });
});

describe('topTokens', () => {
  it('keeps the k largest with ties to the smaller id', () => {
    const logits = Float32Array.of(1, 3, 3, 0, 2, 3);
    const probs = Float64Array.of(0.1, 0.2, 0.2, 0.05, 0.15, 0.3);
    expect(topTokens(logits, probs, 4).map((t) => t.id)).toEqual([1, 2, 5, 4]);
    expect(topTokens(logits, probs, 1)).toEqual([{ id: 1, logit: 3, prob: 0.2 }]);
    expect(topTokens(logits, probs, 10)).toHaveLength(6);
  });
});
