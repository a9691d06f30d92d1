/**
 * How numbers read on the page, in the page's language (Intl.NumberFormat, i18n/numbers.ts:
 * English 48,725.8; Spanish 48.725,8; Chinese 48,725.8; Arabic with Western digits). Each
 * formatter takes the computed value; the full double stays available in a title attribute where
 * the text rounds it. Exports (JSON, CSV) and formulas never go through here: they keep 10.7940.
 */
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';

/** NaN (every token ignored) and ±Infinity read as words, not as "NaN". */
function finite(x: number, f: (x: number) => string): string {
  if (Number.isNaN(x))
    return currentIntl().formatMessage({
      id: 'number.undefined',
      defaultMessage: 'undefined',
      description: 'A number that is not defined (0/0), e.g. the loss when every token is ignored.',
    });
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  return f(x);
}

const fixed4 = (x: number) =>
  intlNumber(x, { minimumFractionDigits: 4, maximumFractionDigits: 4, useGrouping: false });
const fixed1 = (x: number) => intlNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = (x: number) => intlNumber(x, { maximumFractionDigits: 0 });
const significant4 = (x: number) => intlNumber(x, { maximumSignificantDigits: 4 });
/** 7.454e−5: Intl's scientific notation (7.454E-5) with a small e, as the page and PyTorch write it. */
const scientific = (x: number) =>
  intlNumber(x, { notation: 'scientific', minimumFractionDigits: 3, maximumFractionDigits: 3 }).replace(
    'E',
    'e',
  );

/** Loss in nats to 4 decimals, as the book prints it: 10.7940. */
export const formatLoss = (nats: number) => finite(nats, fixed4);

/** Perplexity with thousands separators and one decimal: 48,725.8. */
export const formatPerplexity = (ppl: number) => finite(ppl, fixed1);

/** A count of equally likely choices, rounded: 48,726. */
export const formatChoices = (ppl: number) => finite(ppl, whole);

/** A probability: four significant digits, scientific below 0.001 with a true minus (7.454e−5). */
export function formatProb(p: number): string {
  if (!Number.isFinite(p) || p === 0 || p >= 1e-3) return finite(p, significant4);
  return scientific(p);
}

/** Ranks and sizes with thousands separators: 7,247 of 50,257. */
export const formatCount = (n: number) => finite(n, whole);

/**
 * Any other quantity for reading: 4 significant digits (3.142, 48,726, 0.004540), scientific
 * with a true minus below 0.001 (3.106e−5). The exact value goes in a Num's hover text.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return finite(x, String);
  if (x !== 0 && Math.abs(x) < 1e-3) return scientific(x);
  if (Math.abs(x) >= 1e4) return whole(x);
  return significant4(x);
}
