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

/** Above this many logits the step-by-step float32 path is not run on the page (≈ 0.1 s). */
export const BY_HAND_MAX_LOGITS = 20_000_000;

/**
 * The gathered probabilities computed step by step in float32, as the book's code does before
 * calling a library: for each counted row, m = max_j x_j, e_j = exp(x_j − m), S = Σ_j e_j,
 * p = e_target / S, every operation rounded to float32 (Math.fround) and S summed left to right.
 * Ignored rows are skipped. The result feeds meanNegLog; it differs from the fused loss in the
 * last float32 digits (and becomes 0, so −log p = ∞, when e_target underflows).
 */
export function gatheredProbsFloat32(
  logits: ArrayLike<number>,
  shape: readonly [number, number, number],
  targets: ArrayLike<number>,
  ignoreIndex: number,
): Float64Array {
  const f = Math.fround;
  const [B, T, V] = shape;
  const out: number[] = [];
  for (let r = 0; r < B * T; r++) {
    const target = targets[r]!;
    if (target === ignoreIndex) continue;
    const base = r * V;
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[base + j]!);
    let sum = 0;
    for (let j = 0; j < V; j++) sum = f(sum + f(Math.exp(f(logits[base + j]! - m))));
    out.push(f(f(Math.exp(f(logits[base + target]! - m))) / sum));
  }
  return Float64Array.from(out);
}
