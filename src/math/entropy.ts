/**
 * The entropy of a predicted distribution, H = −Σ p_i log p_i (nats): the model's own sense of
 * how uncertain it is; e^H is the number of words it is "choosing among".
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

/** Entropy from the (m, r, t) triple the GPU engine accumulates, with t = Σ e^(x_i − m)(x_i − m). */
export function entropyFromSums(r: number, t: number): number {
  return Math.log1p(r) - t / (1 + r);
}
