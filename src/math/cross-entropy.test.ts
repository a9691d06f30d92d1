import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBatch, row, type LogitsBatch } from './1-logits';
import { softmax } from './2-softmax';
import { crossEntropyCpu } from './cross-entropy';
import { RUNS, batchArb, expectClose, withTargets } from './test-helpers';

/** The batch made of rows `keep` only, each as its own (1, 1, V) sequence. */
function subBatch(batch: LogitsBatch, keep: number[]): LogitsBatch {
  const V = batch.shape[2];
  const logits = new Float32Array(keep.length * V);
  keep.forEach((r, k) => logits.set(row(batch, r), k * V));
  return makeBatch(
    logits,
    [keep.length, 1, V],
    keep.map((r) => batch.targets[r]!),
  );
}

describe('crossEntropyCpu', () => {
  it('gives loss ln V and perplexity V for uniform logits, every target rank 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 1, max: 4 }),
        (V, value, T) => {
          const targets = Array.from({ length: T }, (_, t) => (t * 7) % V);
          const result = crossEntropyCpu(makeBatch(new Float32Array(T * V).fill(value), [T, V], targets));
          expectClose(result.loss, Math.log(V), 1e-14);
          expectClose(result.perplexity, V, 1e-13);
          for (const t of result.tokens) {
            expect(t.rank).toBe(1);
            expectClose(t.prob, 1 / V, 1e-14);
            expectClose(t.entropy, Math.log(V), 1e-13);
          }
        },
      ),
      RUNS,
    );
  });

  it('is unchanged when a constant is added to a row', () => {
    fc.assert(
      fc.property(batchArb(), fc.nat(), fc.integer({ min: -1000, max: 1000 }), (batch, pick, c) => {
        const [B, T, V] = batch.shape;
        const r = pick % (B * T);
        const logits = batch.logits.slice();
        for (let i = r * V; i < (r + 1) * V; i++) logits[i] = logits[i]! + c;
        const before = crossEntropyCpu(batch);
        const after = crossEntropyCpu(makeBatch(logits, batch.shape, batch.targets));
        // The grid makes the shift exact, and the loss uses only x − m: identical bits.
        expect(after.loss).toBe(before.loss);
        after.tokens.forEach((t, i) => {
          const u = before.tokens[i]!;
          expect([t.loss, t.rank, t.entropy]).toEqual([u.loss, u.rank, u.entropy]);
          expectClose(t.logSumExp, u.logSumExp + (i === r ? c : 0));
        });
      }),
      RUNS,
    );
  });

  it('per token: loss = log-sum-exp − x_t = −log p_t, p_t = softmax(row)[t]', () => {
    fc.assert(
      fc.property(batchArb(), (batch) => {
        crossEntropyCpu(batch).tokens.forEach((t, r) => {
          const x = row(batch, r);
          // lse − x_t cancels when the target dominates; the loss itself is the precise side.
          const xt = x[t.target]!;
          expect(Math.abs(t.loss - (t.logSumExp - xt))).toBeLessThanOrEqual(
            4 * Number.EPSILON * Math.max(1, Math.abs(t.logSumExp), Math.abs(xt)),
          );
          expect(t.logProb).toBe(-t.loss);
          expectClose(t.prob, softmax(x)[t.target]!, 1e-12);
          expect(t.loss).toBeGreaterThanOrEqual(0);
        });
      }),
      RUNS,
    );
  });

  it('leaves ignore_index tokens out of the mean: same loss as the batch without them', () => {
    fc.assert(
      fc.property(
        batchArb({ maxB: 3, maxT: 4 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.constantFrom(-100, -1, 0),
        (batch, ignore, ignoreIndex) => {
          const rows = batch.targets.length;
          const keep = [...batch.targets.keys()].filter(
            (r) => !ignore[r] && batch.targets[r] !== ignoreIndex,
          );
          if (keep.length === 0) return;
          const targets = batch.targets.map((id, r) => (keep.includes(r) ? id : ignoreIndex));
          const result = crossEntropyCpu(withTargets(batch, targets, ignoreIndex));
          const alone = crossEntropyCpu(subBatch(batch, keep));
          expect(result.count).toBe(keep.length);
          expectClose(result.loss, alone.loss, 1e-15);
          for (let r = 0; r < rows; r++) {
            const t = result.tokens[r]!;
            expect(t.ignored).toBe(!keep.includes(r));
            if (t.ignored) expect([t.loss, t.logProb, t.prob, t.rank]).toEqual([NaN, NaN, NaN, NaN]);
          }
        },
      ),
      RUNS,
    );
  });

  it('gives NaN loss and perplexity, count 0, when every token is ignored', () => {
    const result = crossEntropyCpu(makeBatch(Float32Array.of(1, 2, 3, 4), [2, 2], [-100, -100]));
    expect(result.count).toBe(0);
    expect(result.loss).toBeNaN();
    expect(result.perplexity).toBeNaN();
    expect(result.tokens.every((t) => t.ignored && Number.isFinite(t.entropy))).toBe(true);
  });

  it('treats −inf logits as probability 0: a −inf rival costs nothing, a −inf target costs +inf', () => {
    fc.assert(
      fc.property(
        batchArb({ maxV: 20 }),
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        (batch, mask) => {
          const [B, T, V] = batch.shape;
          const isTarget = (i: number) => i % V === batch.targets[Math.floor(i / V)];
          const masked = batch.logits.map((x, i) => (mask[i] && !isTarget(i) ? -Infinity : x));
          const result = crossEntropyCpu(makeBatch(masked, batch.shape, batch.targets));
          for (let r = 0; r < B * T; r++) {
            const token = result.tokens[r]!;
            const x = masked.subarray(r * V, (r + 1) * V);
            const finite = x.filter((xi) => xi !== -Infinity);
            const xt = x[batch.targets[r]!]!;
            expect(token.rank).toBe(1 + finite.filter((xi) => xi > xt).length);
            if (finite.length === 1) {
              expect([token.loss, token.entropy]).toEqual([0, 0]);
              continue;
            }
            // The same row with its −inf entries removed: identical loss and entropy.
            const fewer = crossEntropyCpu(makeBatch(finite, [1, finite.length], [finite.indexOf(xt)]))
              .tokens[0]!;
            expect([token.loss, token.entropy]).toEqual([fewer.loss, fewer.entropy]);
          }
          const targetMasked = batch.logits.slice();
          targetMasked[batch.targets[0]!] = -Infinity;
          const inf = crossEntropyCpu(makeBatch(targetMasked, batch.shape, batch.targets));
          expect([inf.tokens[0]!.loss, inf.tokens[0]!.prob, inf.tokens[0]!.rank]).toEqual([Infinity, 0, V]);
          expect([inf.loss, inf.perplexity]).toEqual([Infinity, Infinity]);
        },
      ),
      RUNS,
    );
  });

  it('gives loss 0 and entropy 0 when only the target is finite', () => {
    const result = crossEntropyCpu(makeBatch(Float32Array.of(-Infinity, 3, -Infinity), [1, 3], [1]));
    expect(result.tokens[0]!.loss).toBe(0);
    expect(result.tokens[0]!.entropy).toBe(0);
    expect(result.tokens[0]!.rank).toBe(1);
    expect(result.perplexity).toBe(1);
  });

  it('makes perplexity the geometric mean of 1/p_t, never above the arithmetic mean', () => {
    fc.assert(
      fc.property(batchArb({ maxB: 2, maxT: 3, maxV: 30 }), (batch) => {
        const result = crossEntropyCpu(batch);
        const inv = result.tokens.map((t) => 1 / t.prob);
        const geometric = inv.reduce((a, b) => a * b, 1) ** (1 / inv.length);
        const arithmetic = inv.reduce((a, b) => a + b, 0) / inv.length;
        expectClose(result.perplexity, geometric, 1e-12);
        expect(result.perplexity).toBeLessThanOrEqual(arithmetic * (1 + 1e-12));
        expect(result.perplexity).toBeGreaterThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
