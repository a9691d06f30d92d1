/**
 * Stage 5: the mean over tokens. loss = (1 / N) · Σ −log p_t over the N tokens whose target is
 * not ignore_index, as `F.cross_entropy(..., reduction='mean')`. N = 0 gives NaN, as PyTorch does.
 */
export function meanLoss(
  losses: ArrayLike<number>,
  ignored: ArrayLike<boolean>,
): { loss: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < losses.length; i++) {
    if (ignored[i]) continue;
    sum += losses[i]!;
    count++;
  }
  return { loss: count === 0 ? NaN : sum / count, count };
}

/**
 * The loss "by hand": the mean of −ln p_i over the gathered probabilities p_i (one per counted
 * token), in float64, in nats. It equals the fused loss (log-sum-exp − x_t, averaged) up to
 * rounding while every p_i is a normal double; a p_i that underflowed to 0 gives +Infinity,
 * which is why libraries never take the log of a probability. No probabilities give NaN.
 */
export function meanNegLog(probs: ArrayLike<number>): number {
  if (probs.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < probs.length; i++) sum += -Math.log(probs[i]!);
  return sum / probs.length;
}
