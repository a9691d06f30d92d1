/**
 * Small readers shared by the logits and softmax stages: whether the row detail on hand belongs
 * to the logits on screen, a token as the page writes it, and a logit for a column of them.
 */
import { format } from 'd3-format';
import { logitsKey } from '../compute/p-model-batch';
import type { RowDetail } from '../compute/row-detail';
import type { Shown } from '../state';
import { formatNumber } from '../view/format';
import { showToken, type Decode } from '../view/tokens';

/**
 * The row detail if it was computed from the logits on screen, else null (a new source is being
 * scored). Its (b, t) may still lag the picker by one computation; its numbers are its own row's.
 */
export function rowOfShown(row: RowDetail | null, shown: Shown): RowDetail | null {
  if (!row) return null;
  const { batch } = shown.source;
  const sameLogits = row.source === logitsKey(batch) && row.logits.length === batch.shape[2];
  return sameLogits && row.row < shown.result.tokens.length ? row : null;
}

/** A token for reading: its text with the leading space shown (␣), or its id without a vocabulary. */
export function tokenLabel(id: number, decode: Decode | null): string {
  return decode ? showToken(decode(id)) : `#${id}`;
}

/** A token for screen readers: its text in quotes, or "token 2781". */
export function tokenSpoken(id: number, decode: Decode | null): string {
  return decode ? `“${decode(id)}”` : `token ${id}`;
}

const fixed3 = format('.3f');

/**
 * A logit for a column of logits: 3 decimals so the points line up (2.352, 2.200, −0.002);
 * very large or tiny magnitudes as formatNumber writes them.
 */
export function formatLogit(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3)) return formatNumber(x);
  return fixed3(x).replace(/^-/, '−');
}
