/**
 * The pure side of "drag a logit": which tokens get a handle, how far each may be dragged, the
 * edited row as a (1, 1, V) batch, and the batch's mean loss once one row's loss has changed.
 */
import { makeBatch, perplexity, type FloatArray, type LogitsBatch, type TokenLoss } from '../../math';
import type { TopToken } from '../compute/row-detail';

/** A handle may move its logit this far (logit units, nats) either way from the model's value. */
export const DRAG_REACH = 15;

/** The top-k ids, most likely first, then the target's if it is not among them. */
export function handleIds(top: readonly TopToken[], target: number | null): number[] {
  const ids = top.map((t) => t.id);
  if (target !== null && !ids.includes(target)) ids.push(target);
  return ids;
}

/**
 * The range a handle's slider covers: DRAG_REACH either side of the model's logit, widened to
 * hold the current value (gradient steps may carry it further).
 */
export function dragRange(original: number, current: number): { min: number; max: number } {
  const min = Math.min(original - DRAG_REACH, current);
  const max = Math.max(original + DRAG_REACH, current);
  return { min: Math.floor(min * 100) / 100, max: Math.ceil(max * 100) / 100 };
}

/** The row with logit `id` set to `value`: a float64 copy (the source's logits are never written). */
export function withLogit(row: FloatArray, id: number, value: number): Float64Array {
  const out = Float64Array.from(row);
  out[id] = value;
  return out;
}

/** One edited row and its target as a (1, 1, V) batch, for the engine or the CPU to score. */
export function rowBatch(row: FloatArray, target: number): LogitsBatch {
  return makeBatch(row, [1, 1, row.length], [target]);
}

/**
 * The batch's mean loss with row `r`'s −log p replaced by `rowLoss`: rows are scored
 * independently, so every other row keeps its loss. Mean over the non-ignored rows (nats).
 */
export function editedBatchLoss(
  tokens: readonly TokenLoss[],
  r: number,
  rowLoss: number,
): { loss: number; perplexity: number; count: number } {
  let sum = 0;
  let count = 0;
  tokens.forEach((t, i) => {
    if (t.ignored) return;
    sum += i === r ? rowLoss : t.loss;
    count++;
  });
  const loss = count === 0 ? NaN : sum / count;
  return { loss, perplexity: perplexity(loss), count };
}

/** p_j = exp(z_j − log-sum-exp) for the handles' ids, from a row's scored log-sum-exp. */
export function probsAt(row: FloatArray, ids: readonly number[], logSumExp: number): number[] {
  return ids.map((id) => Math.exp(row[id]! - logSumExp));
}
