/**
 * Small readers shared by the logits and softmax stages: whether the row detail on hand belongs
 * to the logits on screen, a token as the page writes it, a logit for a column of them, and
 * the words for a (text, position).
 */
import { logitsKey } from '../compute/p-model-batch';
import type { RowDetail } from '../compute/row-detail';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
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
  return decode
    ? currentIntl().formatMessage(
        {
          id: 'stages.token.quoted',
          defaultMessage: '“{token}”',
          description:
            'A token’s text in quotation marks, as a screen reader reads it; use your language’s quotation marks.',
        },
        { token: decode(id) },
      )
    : currentIntl().formatMessage(
        {
          id: 'stages.token.byid',
          defaultMessage: 'token {id}',
          description:
            'A token named by its id number in the vocabulary, when its text is not known: “token 2781”.',
        },
        // The id as digits, without thousands separators: it names the token, it is not a quantity.
        { id: String(id) },
      );
}

/** A (text, position) in words, both counted from 1: "text 1, position 3". */
export function whereText(b: number, t: number): string {
  return currentIntl().formatMessage(
    {
      id: 'stages.where',
      defaultMessage: 'text {text}, position {position}',
      description:
        'Which row of the logits is shown: the number of the text and of the position (token) in it, both from 1.',
    },
    { text: String(b + 1), position: String(t + 1) },
  );
}

/** 3 decimals without thousands separators (|x| < 10,000 here), in the page's language: 2.352. */
const fixed3 = (x: number) =>
  intlNumber(x, { minimumFractionDigits: 3, maximumFractionDigits: 3, useGrouping: false });

/**
 * A logit for a column of logits: 3 decimals so the points line up (2.352, 2.200, −0.002);
 * very large or tiny magnitudes as formatNumber writes them.
 */
export function formatLogit(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3)) return formatNumber(x);
  // + 0: a negative zero reads 0.000, as before (Intl would write −0.000).
  return fixed3(x + 0);
}
