/**
 * What the logits and softmax stages draw for one focused row r = b·T + t: its V logits, the
 * softmax over the whole vocabulary, the normaliser (max and Σ exp(x − max)) and the top tokens.
 * The CPU twin here uses the math module; the GPU version (session.ts) asks the engine's
 * on-demand kernels, so only this row ever comes back from the GPU.
 */
import { normaliser, softmax, type FloatArray, type LogitsBatch } from '../../math';
import { logitsKey, logitsRow } from './p-model-batch';
import type { Backend } from '../state';

/** How many of the most likely tokens the softmax stage lists. */
export const TOP_K = 10;

export interface TopToken {
  id: number;
  logit: number;
  prob: number;
}

export interface RowDetail {
  /**
   * The key of the batch's logits this row belongs to (logitsKey: the logits array, or the batch
   * itself for a p-model batch, whose logits are not built on this thread).
   */
  source: object;
  /** r = b·T + t */
  row: number;
  b: number;
  t: number;
  /**
   * The row's V logits (for drawing; never modified): a view into the source's, or for a p-model
   * batch that row alone, built as its whole tensor would be (p-model-batch.ts logitsRow).
   */
  logits: FloatArray;
  /** p_j = exp(x_j − m) / Σ_k exp(x_k − m), length V. */
  probs: Float32Array | Float64Array;
  /** m = max_j x_j */
  max: number;
  /** Σ_j exp(x_j − m) = 1 + r, the softmax's denominator after subtracting the max (≥ 1). */
  sumExp: number;
  /** Σ_j p_j over all V probabilities, accumulated in float64: 1 up to rounding. */
  probSum: number;
  /** The TOP_K largest logits, most likely first (ties to the smaller id). */
  top: TopToken[];
  backend: Backend;
}

/** The k largest of a row, most likely first, ties to the smaller id (as the engine's top-k). */
export function topTokens(logits: FloatArray, probs: ArrayLike<number>, k: number): TopToken[] {
  const best: TopToken[] = [];
  for (let id = 0; id < logits.length; id++) {
    const logit = logits[id]!;
    const last = best[best.length - 1];
    if (best.length === k && last && logit <= last.logit) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.logit < logit) at--;
    best.splice(at, 0, { id, logit, prob: probs[id]! });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Σ_j p_j in float64, whatever the precision of the probabilities (the GPU's are float32). */
export function sumFloat64(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

/** The CPU twin: float64 softmax of the row with the max subtracted. */
export function rowDetailCpu(batch: LogitsBatch, b: number, t: number): RowDetail {
  const T = batch.shape[1];
  const r = b * T + t;
  const logits = logitsRow(batch, r);
  const { m, r: rest } = normaliser(logits);
  const probs = softmax(logits);
  return {
    source: logitsKey(batch),
    row: r,
    b,
    t,
    logits,
    probs,
    max: m,
    sumExp: 1 + rest,
    probSum: sumFloat64(probs),
    top: topTokens(logits, probs, TOP_K),
    backend: 'cpu',
  };
}
