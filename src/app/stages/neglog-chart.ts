/**
 * Pure layout for the −log p stage: where on a log-scaled p axis the tokens sit, and where their
 * labels go so they do not overlap. No DOM, so it is unit-tested.
 */
import { intlNumber } from '../i18n/numbers';

/**
 * log10 p from the per-token loss in nats: log10 p = −loss / ln 10. Taken from the loss, never
 * from p, because p underflows to 0 for losses past ~745 nats while the loss stays finite.
 */
export function log10ProbOf(lossNats: number): number {
  return -lossNats / Math.LN10;
}

/**
 * The left end of the p axis as a power of ten (≤ 0): 10^−6 by default, lower when a token's p
 * is smaller, so every point is on the chart. `log10ps` are the tokens' log10 p (finite).
 */
export function lowestDecade(log10ps: readonly number[], floor = -6): number {
  let lo = floor;
  for (const x of log10ps) if (Number.isFinite(x) && x < lo) lo = x;
  return Math.floor(lo);
}

/** Tick exponents from `lo` to 0, at most `maxTicks`, every `step` decades (1, 2, 5, 10, …). */
export function decadeTicks(lo: number, maxTicks: number): number[] {
  const span = -lo;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
  const step = steps.find((s) => span / s + 1 <= maxTicks) ?? Math.ceil(span / Math.max(1, maxTicks - 1));
  const ticks: number[] = [];
  for (let e = 0; e >= lo; e -= step) ticks.unshift(e);
  return ticks;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * A power of ten as text: 0 → "1", −1 → "0.1" (in the page's locale: "0,1" in Spanish), −6 →
 * "10⁻⁶" (superscript digits, alike in every language).
 */
export function decadeLabel(exponent: number): string {
  if (exponent === 0) return intlNumber(1, {});
  if (exponent === -1) return intlNumber(0.1, { maximumFractionDigits: 1 });
  return `10${String(exponent)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')}`;
}

/**
 * Label positions on one axis: each wanted position `want[i]` moved as little as possible so
 * that labels are at least `gap` apart and inside [lo, hi] (when they fit), keeping their order.
 * Returns positions in the input order.
 */
export function dodge(want: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = want.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  // Push down from the top, then up from the bottom; each pass keeps the spacing.
  for (let k = 0; k < placed.length; k++) {
    const min = k === 0 ? lo : placed[k - 1]! + gap;
    if (placed[k]! < min) placed[k] = min;
  }
  for (let k = placed.length - 1; k >= 0; k--) {
    const max = k === placed.length - 1 ? hi : placed[k + 1]! - gap;
    if (placed[k]! > max) placed[k] = max;
  }
  // If the labels do not fit between lo and hi, the upward pass wins: spacing over the bounds.
  const out = new Array<number>(want.length);
  order.forEach((o, k) => (out[o.i] = placed[k]!));
  return out;
}
