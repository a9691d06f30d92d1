/**
 * Stage 4: −log p(target), the per-token loss in nats.
 *
 * −log p_t = log-sum-exp − x_t = (m − x_t) + log1p(r). It is computed from logits, never as
 * −log(p_t): p_t underflows to 0 for x_t ≪ m, and −log(0) = ∞ although the loss is finite.
 */
import type { RowNormaliser } from './2-softmax';

/** −log p_t in nats, from the row's normaliser and the target logit. +Infinity when x_t = −∞. */
export function negLogProb({ m, r }: RowNormaliser, xt: number): number {
  if (xt === -Infinity) return Infinity;
  return m - xt + Math.log1p(r);
}

/** p_t = exp(−loss). May underflow to 0; show it, but never take its log. */
export function probFromLoss(loss: number): number {
  return Math.exp(-loss);
}

/** Nats to bits: 1 nat = 1 / ln 2 bits. */
export function natsToBits(nats: number): number {
  return nats / Math.LN2;
}
