/**
 * How numbers read on the page (d3-format). Each formatter takes the computed value; the full
 * double stays available in a title attribute where the text rounds it.
 */
import { format } from 'd3-format';

const fixed4 = format('.4f');
const perplexity1 = format(',.1f');
const whole = format(',.0f');
const scientific = format('.3e');
const grouped = format(',d');

/** NaN (every token ignored) and ±Infinity read as words, not as "NaN". */
function finite(x: number, f: (x: number) => string): string {
  if (Number.isNaN(x)) return 'undefined';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  return f(x);
}

/** Loss in nats to 4 decimals, as the book prints it: 10.7940. */
export const formatLoss = (nats: number) => finite(nats, fixed4);

/** Perplexity with thousands separators and one decimal: 48,725.8. */
export const formatPerplexity = (ppl: number) => finite(ppl, perplexity1);

/** A count of equally likely choices, rounded: 48,726. */
export const formatChoices = (ppl: number) => finite(ppl, whole);

/** A probability: four significant digits, scientific below 0.001 with a true minus (7.454e−5). */
export function formatProb(p: number): string {
  if (!Number.isFinite(p) || p === 0 || p >= 1e-3) return finite(p, format('.4~r'));
  return scientific(p).replace('e-', 'e−');
}

/** Ranks and sizes with thousands separators: 7,247 of 50,257. */
export const formatCount = (n: number) => finite(n, grouped);

/**
 * Any other quantity for reading: 4 significant digits (3.142, 48,726, 0.004540), scientific
 * with a true minus below 0.001 (3.106e−5). The exact value goes in a Num's hover text.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return finite(x, String);
  if (x !== 0 && Math.abs(x) < 1e-3) return scientific(x).replace(/e-/, 'e−').replace(/^-/, '−');
  if (Math.abs(x) >= 1e4) return whole(x).replace(/^-/, '−');
  return format('.4~r')(x).replace(/^-/, '−');
}
