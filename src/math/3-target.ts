/**
 * Stage 3: the target. The gather x_t = logits[b, t, targets[b, t]] and how the target ranks.
 */
import type { FloatArray } from './1-logits';

/** The target's logit x_t (nats). */
export function targetLogit(row: FloatArray, target: number): number {
  return row[target]!;
}

/**
 * Rank of the target among all V tokens, 1 = most likely. Ties are counted as PyTorch's
 * `(logits > logits[target]).sum() + 1`: tokens tied with the target do not push it down.
 */
export function targetRank(row: FloatArray, target: number): number {
  const xt = row[target]!;
  let above = 0;
  for (let i = 0; i < row.length; i++) if (row[i]! > xt) above++;
  return above + 1;
}

/**
 * The most likely token of a row, argmax_j z_j (the first on ties, as torch.argmax), or −1 for
 * an empty row. At a text's last position this is what greedy decoding would write next.
 */
export function argmax(row: FloatArray): number {
  let best = -1;
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    if (x > max || best < 0) {
      max = x;
      best = i;
    }
  }
  return best;
}
