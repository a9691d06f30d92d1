/**
 * Shannon's guessing game: the frequencies of "right at guess i" from guess counts or model
 * ranks, and the two bounds on the entropy per token, checked against a hand computation, the
 * cases where both are exact (always right first time, a uniform guess count), the unit
 * conversion, the refusals, and, for an ideal guesser's non-increasing frequencies,
 * 0 ≤ lower ≤ upper ≤ log₂ M.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessFrequencies, rankFrequencies, shannonBounds, shannonBoundsOfGuesses } from './shannon';
import { RUNS, expectClose, refusal } from './test-helpers';

// Guesses [1, 1, 2, 1, 3, 1, 1, 2] over N = 8 positions: q_1 = 5/8, q_2 = 2/8, q_3 = 1/8.
// upper = −(5/8 log₂ 5/8 + 2/8 log₂ 2/8 + 1/8 log₂ 1/8)
//       = 5/8 (3 − log₂ 5) + 1/4 · 2 + 1/8 · 3 = 2.75 − 5/8 log₂ 5 ≈ 2.75 − 1.451205 = 1.298795 bits;
// lower = 1 (q_1 − q_2) log₂ 1 + 2 (q_2 − q_3) log₂ 2 + 3 (q_3 − 0) log₂ 3
//       = 0 + 2 · 1/8 · 1 + 3 · 1/8 · log₂ 3 = 1/4 + 3/8 log₂ 3 ≈ 0.25 + 0.594361 = 0.844361 bits.
const GUESSES = [1, 1, 2, 1, 3, 1, 1, 2];
const UPPER_BITS = 2.75 - (5 / 8) * Math.log2(5);
const LOWER_BITS = 0.25 + (3 / 8) * Math.log2(3);

describe('guessFrequencies and rankFrequencies', () => {
  it('count the fraction right at each guess: [1,1,2,1,3,1,1,2] → 5/8, 2/8, 1/8', () => {
    expect(Array.from(guessFrequencies(GUESSES))).toEqual([5 / 8, 2 / 8, 1 / 8]);
  });

  it('pad to a common length so a student and the model line up', () => {
    // The model was right first time at 3 of 4 positions and second at 1: 3/4, 1/4, then 0.
    expect(Array.from(rankFrequencies([1, 1, 2, 1], 3))).toEqual([0.75, 0.25, 0]);
    expect(Array.from(guessFrequencies(GUESSES, 5))).toEqual([5 / 8, 2 / 8, 1 / 8, 0, 0]);
    // A rank beyond the length asked for lengthens the array instead.
    expect(rankFrequencies([7], 3).length).toBe(7);
    expect(Array.from(guessFrequencies([], 2))).toEqual([0, 0]);
  });

  it('refuse a count or rank that is not a whole number ≥ 1', () => {
    for (const g of [0, -2, 1.5, NaN]) {
      expect(refusal(() => guessFrequencies([1, g]))).toBe(
        `The guess count at position 1 is ${g}, but it must be a whole number of at least 1 (1 = right first time).`,
      );
    }
    expect(refusal(() => rankFrequencies([0]))).toBe(
      'The rank at position 0 is 0, but it must be a whole number of at least 1 (1 = right first time).',
    );
  });
});

describe('shannonBounds', () => {
  it('match the hand computation on [1,1,2,1,3,1,1,2], in bits and in nats', () => {
    const bits = shannonBoundsOfGuesses(GUESSES);
    expectClose(bits.upper, UPPER_BITS);
    expectClose(bits.lower, LOWER_BITS);
    expect(bits.upper).toBeCloseTo(1.298795, 6);
    expect(bits.lower).toBeCloseTo(0.844361, 6);
    const nats = shannonBounds(guessFrequencies(GUESSES), 'nats');
    expectClose(nats.upper, UPPER_BITS * Math.LN2);
    expectClose(nats.lower, LOWER_BITS * Math.LN2);
  });

  it('are both 0 when every guess is right first time, both log₂ m for guess counts uniform on 1..m', () => {
    expect(shannonBoundsOfGuesses([1, 1, 1, 1])).toEqual({ lower: 0, upper: 0 });
    for (const m of [2, 3, 7, 100]) {
      const uniform = Array.from({ length: m }, (_, i) => i + 1);
      const { lower, upper } = shannonBoundsOfGuesses(uniform);
      expectClose(upper, Math.log2(m));
      expectClose(lower, Math.log2(m));
    }
  });

  it('are NaN with no positions', () => {
    expect(shannonBoundsOfGuesses([])).toEqual({ lower: NaN, upper: NaN });
    expect(shannonBounds([0, 0])).toEqual({ lower: NaN, upper: NaN });
  });

  it('refuse frequencies that are negative, not finite, or do not sum to 1', () => {
    expect(refusal(() => shannonBounds([0.5, -0.1, 0.6]))).toBe(
      'The frequency of guess 2 is -0.1, but frequencies must be finite and 0 or more; give the fractions of positions right at each guess.',
    );
    expect(refusal(() => shannonBounds([3, 1]))).toBe(
      'The guess frequencies add up to 4, not 1; divide each count by the number of positions.',
    );
  });

  it('for an ideal guesser (q_1 ≥ q_2 ≥ …) satisfy 0 ≤ lower ≤ upper ≤ log₂ M', () => {
    // Positions right at guess i: counts c_1 ≥ c_2 ≥ … ≥ c_M ≥ 1, laid out as c_i copies of i.
    const idealGuesses = fc
      .array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 12 })
      .map((cs) => [...cs].sort((a, b) => b - a).flatMap((c, i) => Array<number>(c).fill(i + 1)));
    fc.assert(
      fc.property(idealGuesses, (guesses) => {
        const M = Math.max(...guesses);
        const { lower, upper } = shannonBoundsOfGuesses(guesses);
        const eps = 1e-12;
        expect(lower).toBeGreaterThanOrEqual(-eps);
        expect(lower).toBeLessThanOrEqual(upper + eps);
        expect(upper).toBeLessThanOrEqual(Math.log2(M) + eps);
      }),
      RUNS,
    );
  });
});
