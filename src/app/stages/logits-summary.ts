/**
 * The numbers behind the logits stage's chart, for its table and text alternative: the row's
 * smallest finite logit, its largest, its mean, and how many are −∞ (masked tokens).
 */
import type { FloatArray } from '../../math';

export interface LogitsSummary {
  /** Smallest finite logit; NaN when no logit is finite. */
  min: number;
  /** Largest logit (−∞ when all are). */
  max: number;
  /** Mean of the finite logits, in float64; NaN when none is finite. */
  mean: number;
  /** How many logits are −∞ (they get probability 0). */
  minusInfinity: number;
}

export function summariseLogits(logits: FloatArray): LogitsSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let minusInfinity = 0;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i]!;
    if (x > max) max = x;
    if (x === -Infinity) {
      minusInfinity++;
      continue;
    }
    if (x < min) min = x;
    sum += x;
    finite++;
  }
  return { min: finite ? min : NaN, max, mean: finite ? sum / finite : NaN, minusInfinity };
}
