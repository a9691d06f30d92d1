/**
 * Temperature: the logits divided by T > 0 before the softmax, p_j(T) = softmax(z / T)_j.
 *
 * T = 1 is the model's own distribution. T > 1 flattens it: as T → ∞ every z_j / T → 0, all V
 * probabilities tend to 1/V, the loss to ln V and the perplexity to V. T < 1 sharpens it: as
 * T → 0 all the mass goes to the largest logit, so the loss tends to 0 where the target is the
 * argmax and to ∞ elsewhere (−log p_t(T) ≈ (m − z_t) / T). Dividing by a positive T keeps the
 * order of the logits, so every token's rank is the same at every T.
 */
import type { FloatArray, LogitsBatch } from './1-logits';

function checkTemperature(T: number): void {
  if (!(T > 0 && Number.isFinite(T))) {
    throw new RangeError(`the temperature must be a finite number > 0, got ${T}.`);
  }
}

/**
 * z / T, element by element, into an array of the same precision as the input (float32 logits
 * stay float32, as the engine computes; −∞ stays −∞).
 */
export function scaleLogits(logits: FloatArray, T: number): FloatArray {
  checkTemperature(T);
  const out =
    logits instanceof Float32Array ? new Float32Array(logits.length) : new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! / T;
  return out;
}

/** The same batch (shape, targets, ignore_index) with every logit divided by T. */
export function withTemperature(batch: LogitsBatch, T: number): LogitsBatch {
  return { ...batch, logits: scaleLogits(batch.logits, T) };
}
