/**
 * Pure helpers for the softmax stage: the row's V probabilities sorted largest first (the curve
 * the stage draws, x = rank, y = p), where the target sits in that order, and how much of the
 * total the top-k tokens hold.
 */
import type { TopToken } from '../compute/row-detail';

/** A copy of the V probabilities sorted largest first; the input is not touched. */
export function sortedDescending(probs: Float32Array | Float64Array): Float32Array | Float64Array {
  // Typed-array sort is numeric and native (about 5 ms for 50,257 values); reversing is O(V).
  return probs.slice().sort().reverse();
}

/**
 * Where probability p sits in the sorted list, 1-based, as ranks are counted by the loss
 * (1 + the number of strictly larger values): `first`. Ties with p share it; `last` is the
 * position of the last value equal to p. A rank r "matches" when first ≤ r ≤ last.
 */
export function sortedPosition(sortedDesc: ArrayLike<number>, p: number): { first: number; last: number } {
  // Binary searches on a descending array: the count of values > p, and of values ≥ p.
  const count = (above: (x: number) => boolean) => {
    let lo = 0;
    let hi = sortedDesc.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (above(sortedDesc[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const greater = count((x) => x > p);
  const atLeast = count((x) => x >= p);
  return { first: greater + 1, last: Math.max(greater + 1, atLeast) };
}

/**
 * The share of the probability held by the top-k tokens and by all the others: top + rest =
 * total, where total is Σ_j p_j over the whole vocabulary (1 up to rounding).
 */
export function topShare(top: readonly TopToken[], total: number): { top: number; rest: number } {
  let sum = 0;
  for (const t of top) sum += t.prob;
  return { top: sum, rest: total - sum };
}

/**
 * The smallest positive probability of a sorted list (the bottom of a log axis); probabilities
 * that underflowed to 0 sit below every positive one and are drawn on the axis floor.
 */
export function smallestPositive(sortedDesc: ArrayLike<number>): number {
  for (let i = sortedDesc.length - 1; i >= 0; i--) if (sortedDesc[i]! > 0) return sortedDesc[i]!;
  return Number.MIN_VALUE;
}
