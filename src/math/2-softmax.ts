/**
 * Stage 2: softmax over the whole vocabulary, p_i = exp(x_i) / sum_j exp(x_j).
 *
 * exp(x) overflows float32 above x ≈ 88.7 and float64 above ≈ 709.8, so every sum is taken
 * relative to the row's maximum m:  sum_j exp(x_j) = exp(m) · sum_j exp(x_j − m),
 * where every term is ≤ 1 and the largest is exactly 1.
 *
 * We keep that sum as 1 + r, with r = sum over all elements but one maximal element of
 * exp(x_j − m) (≥ 0). Then log-sum-exp = m + log1p(r), which keeps full relative precision
 * when one logit dominates (r ≪ 1) and the loss is tiny. The GPU engine keeps the same (m, r).
 */
import type { FloatArray } from './1-logits';

/** A row's softmax normaliser: log-sum-exp = m + log1p(r). m = -Infinity for an all −inf row. */
export interface RowNormaliser {
  /** max_j x_j */
  m: number;
  /** sum_j exp(x_j − m) − 1 (the maximal element's own 1 left out) */
  r: number;
}

/** max_j x_j and r = sum_j exp(x_j − m) − 1, accumulated in float64. */
export function normaliser(row: FloatArray): RowNormaliser {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    if (x > m) m = x;
  }
  if (m === -Infinity) return { m, r: -1 };
  let r = 0;
  let skipped = false;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    if (x === m && !skipped) {
      skipped = true;
      continue;
    }
    r += Math.exp(x - m);
  }
  return { m, r };
}

/** log sum_j exp(x_j), in nats. */
export function logSumExp(row: FloatArray): number {
  const { m, r } = normaliser(row);
  return m === -Infinity ? -Infinity : m + Math.log1p(r);
}

/** p = softmax(row) written into `out` (length V). Sums to 1 up to rounding. */
export function softmax(row: FloatArray, out: Float64Array = new Float64Array(row.length)): Float64Array {
  const lse = logSumExp(row);
  for (let i = 0; i < row.length; i++) out[i] = Math.exp(row[i]! - lse);
  return out;
}

/** log p = x − log-sum-exp, never log(p) of an underflowed p. */
export function logSoftmax(row: FloatArray, out: Float64Array = new Float64Array(row.length)): Float64Array {
  const lse = logSumExp(row);
  for (let i = 0; i < row.length; i++) out[i] = row[i]! - lse;
  return out;
}
