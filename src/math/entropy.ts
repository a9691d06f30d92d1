/**
 * The entropy of a predicted distribution, H = −Σ p_i log p_i (nats): the model's own sense of
 * how uncertain it is; e^H is that uncertainty as a count of equally likely words (not the
 * perplexity, which is about the true tokens: e^(mean −log p_y)).
 *
 * With p_i = e^(x_i − m) / S, S = Σ e^(x_j − m) = 1 + r:
 *   H = log S − (Σ e^(x_i − m) (x_i − m)) / S.
 * Terms with x_i = −∞ contribute 0 (the limit of p log p), never 0 · ∞.
 */
import type { FloatArray } from './1-logits';
import type { RowNormaliser } from './2-softmax';

export function entropy(row: FloatArray, { m, r }: RowNormaliser): number {
  if (m === -Infinity) return NaN;
  let t = 0;
  for (let i = 0; i < row.length; i++) {
    const d = row[i]! - m;
    if (d !== -Infinity) t += Math.exp(d) * d;
  }
  const s = 1 + r;
  return Math.log1p(r) - t / s;
}

/**
 * normaliser(row) and entropy(row, that normaliser) in one pass over exp(x_i − m) instead of two:
 * each e^(x_i − m) is computed once and added to r (all but the first maximal element) and, times
 * (x_i − m), to t, in the same order as those two functions, so both results are theirs bit for
 * bit (entropy.test.ts checks it). The CPU path (crossEntropyCpu) uses it: the exponentials are
 * nearly all of its time.
 */
export function normaliserAndEntropy(row: FloatArray): { norm: RowNormaliser; entropy: number } {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    if (x > m) m = x;
  }
  if (m === -Infinity) return { norm: { m, r: -1 }, entropy: NaN };
  let r = 0;
  let t = 0;
  let skipped = false;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    const d = x - m;
    // e^(−∞) = 0 adds nothing to r, and entropy() leaves such terms out of t.
    if (d === -Infinity) continue;
    const e = Math.exp(d);
    if (x === m && !skipped) skipped = true;
    else r += e;
    t += e * d;
  }
  const s = 1 + r;
  return { norm: { m, r }, entropy: Math.log1p(r) - t / s };
}

/** Entropy from the (m, r, t) triple the GPU engine accumulates, with t = Σ e^(x_i − m)(x_i − m). */
export function entropyFromSums(r: number, t: number): number {
  return Math.log1p(r) - t / (1 + r);
}
