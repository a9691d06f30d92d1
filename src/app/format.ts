/** Number formats for reading (d3-format); the exact value stays available in a title. */
import { format } from 'd3-format';

/** Loss in nats to 4 decimals, as the book prints it: 10.7940. */
export const formatLoss = format('.4f');
/** Perplexity with thousands separators, one decimal: 48,725.8. */
export const formatPerplexity = format(',.1f');
/** Whole words: 48,726. */
export const formatCount = format(',.0f');
/** Probabilities: 3–4 significant digits, scientific below 1e−3 (7.454e−5). */
export function formatProb(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  return p !== 0 && Math.abs(p) < 1e-3 ? format('.4~e')(p).replace('-', '−') : format('.4~r')(p);
}
export const formatRank = format(',d');
