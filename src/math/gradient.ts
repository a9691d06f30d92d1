/**
 * The gradient of one token's loss with respect to its row of logits, and one step of gradient
 * descent on that row.
 *
 * For ℓ = −log p_y with p = softmax(z) over the V logits z of the row and y the target:
 *   ∂ℓ/∂z_j = p_j − [j = y]          (softmax − one-hot)
 * Every component but the target's is positive (raising a wrong token's logit raises the loss);
 * the target's is p_y − 1 ≤ 0; the V components sum to 0 (Σ p_j = 1), so adding a constant to
 * every logit changes nothing. For the batch's mean loss over N counted tokens, the same row's
 * gradient is divided by N: ∂(1/N Σ_r ℓ_r)/∂z_j = (p_j − [j = y]) / N.
 *
 * p comes from the stable softmax (max subtracted, float64 sums), so the gradient is exact to
 * float64 rounding for any finite row; a logit of −∞ has p_j = 0 and gradient 0 there.
 */
import type { FloatArray } from './1-logits';
import { softmax } from './2-softmax';

function checkTarget(row: FloatArray, target: number): void {
  if (!Number.isInteger(target) || target < 0 || target >= row.length) {
    throw new RangeError(`target must be an integer in [0, ${row.length}), got ${target}.`);
  }
}

/** ∂(−log softmax(row)[target]) / ∂row_j = p_j − [j = target], length V, in float64. */
export function softmaxGradient(row: FloatArray, target: number): Float64Array {
  checkTarget(row, target);
  const g = softmax(row);
  g[target] = g[target]! - 1;
  return g;
}

/**
 * One step of gradient descent on the row's own loss: z_j ← z_j − lr · (p_j − [j = target]) for
 * all V logits, in float64 (a new array; the row is not modified). lr ≥ 0 is the learning rate in
 * logit units per unit of gradient. The target's logit rises by lr·(1 − p_t), every other logit
 * falls by lr·p_j, and for lr small enough the loss falls (it is convex in z).
 */
export function gradientStep(row: FloatArray, target: number, lr: number): Float64Array {
  if (!(lr >= 0 && Number.isFinite(lr))) {
    throw new RangeError(`the learning rate must be a finite number ≥ 0, got ${lr}.`);
  }
  const g = softmaxGradient(row, target);
  const out = new Float64Array(row.length);
  // −∞ logits stay −∞ (their p is 0); every finite logit moves against its gradient.
  for (let j = 0; j < row.length; j++) out[j] = row[j]! - lr * g[j]!;
  return out;
}
