/**
 * Three ways to get the mean of a batch wrong, as numbers one can compare with the right one.
 *
 * 1. Perplexity is the geometric mean of 1/p over the counted tokens, e^(mean −ln p), not the
 *    arithmetic mean of 1/p: the arithmetic mean is dominated by the least likely token.
 * 2. The pooled perplexity e^(mean over all counted tokens of −ln p) is not the mean of the
 *    per-sequence perplexities e^(mean over sequence b): pooling weights tokens, not sequences.
 * 3. Positions whose target is ignore_index are left out of the mean; counting them as a loss of
 *    0 divides by too many positions and gives a loss that is too low.
 *
 * Losses are −ln p in nats; probabilities are p in [0, 1]. Empty means are NaN, as PyTorch's.
 */

/** Geometric mean of 1/p: e^(mean −ln p). p = 0 gives +Infinity; no probabilities give NaN. */
export function geometricMeanInverseP(probs: ArrayLike<number>): number {
  if (probs.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < probs.length; i++) sum += -Math.log(probs[i]!);
  return Math.exp(sum / probs.length);
}

/** Arithmetic mean of 1/p: (1/N) Σ 1/p_i. p = 0 gives +Infinity; no probabilities give NaN. */
export function arithmeticMeanInverseP(probs: ArrayLike<number>): number {
  if (probs.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < probs.length; i++) sum += 1 / probs[i]!;
  return sum / probs.length;
}

/** One sequence (row b of the (B, T) targets): its counted tokens, mean loss and perplexity. */
export interface SequencePerplexity {
  batch: number;
  /** Tokens of row b whose target is not ignore_index. */
  count: number;
  /** Mean −ln p over those tokens (nats); NaN when count is 0. */
  loss: number;
  /** e^loss; NaN when count is 0. */
  perplexity: number;
}

/**
 * Per-sequence perplexities: for each row b of a (B, T) batch laid out row-major
 * (index b·T + t), e^(mean over t of loss[b·T + t]) over the positions not ignored.
 */
export function perSequencePerplexities(
  losses: ArrayLike<number>,
  ignored: ArrayLike<boolean>,
  B: number,
  T: number,
): SequencePerplexity[] {
  const out: SequencePerplexity[] = [];
  for (let b = 0; b < B; b++) {
    let sum = 0;
    let count = 0;
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      if (ignored[i]) continue;
      sum += losses[i]!;
      count++;
    }
    const loss = count === 0 ? NaN : sum / count;
    out.push({ batch: b, count, loss, perplexity: Math.exp(loss) });
  }
  return out;
}

/**
 * The arithmetic mean of the per-sequence perplexities, over the sequences with at least one
 * counted token (a sequence that is all padding has no perplexity). NaN when there are none.
 */
export function meanOfSequencePerplexities(sequences: readonly SequencePerplexity[]): number {
  let sum = 0;
  let n = 0;
  for (const s of sequences) {
    if (s.count === 0) continue;
    sum += s.perplexity;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}

/** The loss of a padded batch, computed right and wrong. */
export interface PaddedMeans {
  /** Counted positions (target not ignore_index). */
  counted: number;
  /** Padding positions: those already ignored plus the `extraPadding` added. */
  padding: number;
  /** Σ loss / counted: what F.cross_entropy(..., ignore_index) returns (nats). */
  withIgnoreIndex: number;
  /** Σ loss / (counted + padding): padding counted as a loss of 0, too low (nats). */
  paddingAsZero: number;
}

/**
 * The mean loss with padding left out (right) and with padding counted as loss 0 (wrong).
 * `extraPadding` more ignored positions are imagined appended (e.g. to pad a short text to
 * the length of a long one); they change the wrong mean, never the right one.
 */
export function paddedMeans(
  losses: ArrayLike<number>,
  ignored: ArrayLike<boolean>,
  extraPadding = 0,
): PaddedMeans {
  let sum = 0;
  let counted = 0;
  let padding = Math.max(0, Math.trunc(extraPadding));
  for (let i = 0; i < losses.length; i++) {
    if (ignored[i]) {
      padding++;
      continue;
    }
    sum += losses[i]!;
    counted++;
  }
  const all = counted + padding;
  return {
    counted,
    padding,
    withIgnoreIndex: counted === 0 ? NaN : sum / counted,
    paddingAsZero: all === 0 || counted === 0 ? NaN : sum / all,
  };
}
