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
