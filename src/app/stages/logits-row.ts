/**
 * Small readers shared by the logits and softmax stages: whether the row detail on hand belongs
 * to the logits on screen, and a token as the page writes it.
 */
import type { RowDetail } from '../compute/row-detail';
import type { Shown } from '../state';
import { showToken, type Decode } from '../view/tokens';

/**
 * The row detail if it was computed from the logits on screen, else null (a new source is being
 * scored). Its (b, t) may still lag the picker by one computation; its numbers are its own row's.
 */
export function rowOfShown(row: RowDetail | null, shown: Shown): RowDetail | null {
  if (!row) return null;
  const { batch } = shown.source;
  const sameLogits = row.logits.buffer === batch.logits.buffer && row.logits.length === batch.shape[2];
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
