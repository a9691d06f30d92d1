/**
 * The temperature slider's positions: a ladder of round values from T_MIN = 0.1 to T_MAX = 5,
 * finer where T is small (steps of about 2–10 %, close to even in log T), so every position is a
 * value the page can print exactly (0.50, 1.00, 2.50) and T = 0.1, 0.5, 1, 2 and 5 are on it.
 */
import { intlNumber } from '../i18n/numbers';
import { T_MAX, T_MIN } from '../state';

/** from, to (inclusive), step: 0.10…0.50 by 0.01, 0.52…1 by 0.02, 1.05…2 by 0.05, 2.1…5 by 0.1. */
const PIECES: readonly [number, number, number][] = [
  [0.1, 0.5, 0.01],
  [0.52, 1, 0.02],
  [1.05, 2, 0.05],
  [2.1, 5, 0.1],
];

/** Every slider position's T, increasing, rounded to 2 decimals so 0.1 + 0.2 noise never shows. */
export const T_LADDER: readonly number[] = PIECES.flatMap(([from, to, step]) => {
  const n = Math.round((to - from) / step);
  return Array.from({ length: n + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);
});

/** The ladder position nearest to T in log T (T outside [T_MIN, T_MAX] goes to the end). */
export function ladderIndex(T: number): number {
  const t = Math.min(T_MAX, Math.max(T_MIN, T));
  let best = 0;
  for (let i = 1; i < T_LADDER.length; i++) {
    if (Math.abs(Math.log(T_LADDER[i]! / t)) < Math.abs(Math.log(T_LADDER[best]! / t))) best = i;
  }
  return best;
}

/**
 * T as the page prints it, in the page's language (i18n/numbers.ts): two decimals, "0.50",
 * "5.00"; a T off the ladder (from a shared link, e.g. 0.537) with three significant digits, so
 * the text never rounds the value used.
 */
export const formatT = (T: number) =>
  Number(T.toFixed(2)) === T
    ? intlNumber(T, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false })
    : intlNumber(T, { maximumSignificantDigits: 3, useGrouping: false });

/** Temperatures the limits table is computed at: the slider's ends and middle, and one far beyond. */
export const LIMIT_TEMPERATURES: readonly number[] = [0.1, 0.5, 1, 2, 5, 100];
