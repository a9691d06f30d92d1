/**
 * Shannon's guessing game (C. E. Shannon, 1951, "Prediction and Entropy of Printed English"):
 * the student guesses the next token one at a time until right; the number of guesses g ≥ 1 at
 * a position is the rank of the true token in the student's own order. A model plays the same
 * game with no effort: its guess count is the true token's rank under its probabilities (1 = the
 * most likely token, as targetRank in 3-target.ts counts it).
 *
 * Over N positions let q_i = (positions right at guess i) / N, i = 1..M, M the largest guess
 * count (Σ_i q_i = 1). Shannon bounds the entropy H per token of the text:
 *   upper:  H ≤ −Σ_i q_i log₂ q_i                    (terms with q_i = 0 are 0),
 *   lower:  H ≥ Σ_i i · (q_i − q_{i+1}) · log₂ i     (q_{M+1} = 0),
 * in bits per token (× ln 2 for nats, through units.ts). The upper bound holds for any guesser
 * who always guesses in a fixed order given the past: the guess counts then determine the text,
 * so the text has no more information than they have. The lower bound is proven for the ideal
 * guesser, who guesses in order of the true probabilities (so q_1 ≥ q_2 ≥ …); for a student,
 * or with few positions, it is an estimate. Both use frequencies, so with small N they are
 * rough: N = 8 positions say little about H.
 */
import { XentInputError } from '../errors';
import { inUnit, type InfoUnit } from './units';

/** The frequencies of "right at guess i" over N positions: q[i − 1] = q_i, length max(M, minLength). */
function frequencies(counts: ArrayLike<number>, noun: string, minLength: number): Float64Array {
  let max = minLength;
  for (let n = 0; n < counts.length; n++) {
    const g = counts[n]!;
    if (!(Number.isSafeInteger(g) && g >= 1)) {
      throw new XentInputError(
        `The ${noun} at position ${n} is ${g}, but it must be a whole number of at least 1 (1 = right first time).`,
      );
    }
    if (g > max) max = g;
  }
  const q = new Float64Array(max);
  if (counts.length === 0) return q;
  for (let n = 0; n < counts.length; n++) q[counts[n]! - 1]! += 1;
  for (let i = 0; i < max; i++) q[i] = q[i]! / counts.length;
  return q;
}

/**
 * A student's guess counts (integers ≥ 1, one per position) as the frequencies q_i of "right at
 * guess i": q[i − 1] = q_i for i = 1..M. Pass minLength to pad with zeros, so that two players'
 * frequencies line up. No positions give all zeros. Throws XentInputError for a count below 1 or
 * not whole.
 */
export function guessFrequencies(guesses: ArrayLike<number>, minLength = 0): Float64Array {
  return frequencies(guesses, 'guess count', minLength);
}

/**
 * The model's side of the game: the true tokens' ranks under the model (1 = its most likely
 * token) are its guess counts, so their frequencies are the same q_i (padded to minLength, e.g.
 * the student's length, so the page can set the two side by side).
 */
export function rankFrequencies(ranks: ArrayLike<number>, minLength = 0): Float64Array {
  return frequencies(ranks, 'rank', minLength);
}

/** Shannon's two bounds on the entropy per token, in the unit asked for. */
export interface ShannonBounds {
  /** Σ_i i · (q_i − q_{i+1}) · log i. */
  lower: number;
  /** −Σ_i q_i log q_i. */
  upper: number;
}

/**
 * Shannon's bounds from the frequencies q (q[i − 1] = q_i, non-negative, summing to 1), in bits
 * by default. Empty or all-zero frequencies (no positions) give NaN for both.
 */
export function shannonBounds(q: ArrayLike<number>, unit: InfoUnit = 'bits'): ShannonBounds {
  let sum = 0;
  for (let i = 0; i < q.length; i++) {
    const qi = q[i]!;
    if (!(Number.isFinite(qi) && qi >= 0)) {
      throw new XentInputError(
        `The frequency of guess ${i + 1} is ${qi}, but frequencies must be finite and 0 or more; give the fractions of positions right at each guess.`,
      );
    }
    sum += qi;
  }
  if (sum === 0) return { lower: NaN, upper: NaN };
  if (Math.abs(sum - 1) > 1e-9) {
    throw new XentInputError(
      `The guess frequencies add up to ${sum}, not 1; divide each count by the number of positions.`,
    );
  }
  // In nats, then converted: −Σ q ln q and Σ i (q_i − q_{i+1}) ln i.
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < q.length; i++) {
    const qi = q[i]!;
    const next = q[i + 1] ?? 0;
    if (qi > 0) upper -= qi * Math.log(qi);
    lower += (i + 1) * (qi - next) * Math.log(i + 1);
  }
  return { lower: inUnit(lower, unit), upper: inUnit(upper, unit) };
}

/** Shannon's bounds straight from guess counts (or ranks), integers ≥ 1, one per position. */
export function shannonBoundsOfGuesses(guesses: ArrayLike<number>, unit: InfoUnit = 'bits'): ShannonBounds {
  return shannonBounds(guessFrequencies(guesses), unit);
}
