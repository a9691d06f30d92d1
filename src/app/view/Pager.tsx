/**
 * Pages of a long per-token table: a pretrained model's two texts of 1,024 tokens are 2,048 rows,
 * which the page shows PAGE_ROWS at a time. Under the table: Previous, a select of every page's
 * rows ("Rows 51–100"), "of 2,048", Next; a screen reader hears the new rows after each move. A
 * table of PAGE_ROWS rows or fewer (the book's six tokens) shows every row and no pager.
 *
 * The buttons stay focusable at either end (aria-disabled, not disabled), so the keyboard focus
 * is never dropped to the page when the last page is reached.
 */
import { useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { currentIntl } from '../i18n/current';
import { formatCount } from './format';

/** Rows on one page of a per-token table. */
export const PAGE_ROWS = 50;

export interface Paging {
  /** Rows [start, end) of `total` are on screen. */
  start: number;
  end: number;
  total: number;
  /** 0-based page, and how many pages there are (1 when everything fits). */
  page: number;
  pages: number;
  size: number;
  setPage: (page: number) => void;
}

/**
 * The page on screen: at first the one holding row `initial` (the focused position), then the
 * reader's choice, kept within the pages when `total` changes.
 */
export function usePaging(total: number, initial = 0, size = PAGE_ROWS): Paging {
  const pages = Math.max(1, Math.ceil(total / size));
  const [chosen, setPage] = useState(() => Math.floor(Math.max(0, initial) / size));
  const page = Math.min(Math.max(0, chosen), pages - 1);
  const start = page * size;
  return { start, end: Math.min(total, start + size), total, page, pages, size, setPage };
}

/** "51–100" for page 1 of 50 rows: 1-based, inclusive. */
export function rowRange(paging: Pick<Paging, 'size' | 'total'>, page: number): string {
  const first = page * paging.size + 1;
  const last = Math.min(paging.total, (page + 1) * paging.size);
  return currentIntl().formatMessage(
    {
      id: 'pager.range',
      defaultMessage: '{first}–{last}',
      description: 'A range of table rows, both ends included, e.g. 51–100.',
    },
    { first: formatCount(first), last: formatCount(last) },
  );
}

interface PagerProps {
  paging: Paging;
  /** What the rows are, for the group's name: "the p(target) table". */
  what: string;
}

/** Text only screen readers read, inside a button whose visible word is short. */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

export function Pager({ paging, what }: PagerProps) {
  const intl = useIntl();
  const { page, pages, total, setPage } = paging;
  if (pages <= 1) return null;
  const atStart = page === 0;
  const atEnd = page === pages - 1;
  return (
    <div
      className="pager"
      role="group"
      aria-label={intl.formatMessage(
        {
          id: 'pager.group',
          defaultMessage: 'Pages of {what}',
          description: 'Name of the pager under a long table; what: the table, e.g. "the p(target) table".',
        },
        { what },
      )}
    >
      <button type="button" aria-disabled={atStart} onClick={() => !atStart && setPage(page - 1)}>
        <FormattedMessage
          id="pager.previous"
          defaultMessage="Previous<hidden> {size, plural, one {{sizeText} row} other {{sizeText} rows}}</hidden>"
          description="Button to the previous page of a table's rows; the part in <hidden> is read only by screen readers."
          values={{ size: paging.size, sizeText: formatCount(paging.size), hidden }}
        />
      </button>
      <label className="pager-pick">
        <span className="visually-hidden">
          <FormattedMessage
            id="pager.pick"
            defaultMessage="Rows shown"
            description="Label of the select that picks which rows of a long table are shown."
          />
        </span>
        <select value={page} onChange={(event) => setPage(Number(event.target.value))}>
          {Array.from({ length: pages }, (_, p) => (
            <option key={p} value={p}>
              {intl.formatMessage(
                {
                  id: 'pager.option',
                  defaultMessage: 'Rows {range}',
                  description: "One page of a table, in the pager's select; range: e.g. 51–100.",
                },
                { range: rowRange(paging, p) },
              )}
            </option>
          ))}
        </select>
      </label>
      <span className="pager-of">
        <FormattedMessage
          id="pager.of"
          defaultMessage="of {total}"
          description="After the pager's select (e.g. Rows 51–100), the number of rows in all: of 2,048."
          values={{ total: formatCount(total) }}
        />
      </span>
      <button type="button" aria-disabled={atEnd} onClick={() => !atEnd && setPage(page + 1)}>
        <FormattedMessage
          id="pager.next"
          defaultMessage="Next<hidden> {size, plural, one {{sizeText} row} other {{sizeText} rows}}</hidden>"
          description="Button to the next page of a table's rows; the part in <hidden> is read only by screen readers."
          values={{ size: paging.size, sizeText: formatCount(paging.size), hidden }}
        />
      </button>
      <p className="visually-hidden" role="status">
        <FormattedMessage
          id="pager.status"
          defaultMessage="Rows {range} of {total} shown."
          description="Announced after the reader moves to another page of a table's rows."
          values={{ range: rowRange(paging, page), total: formatCount(total) }}
        />
      </p>
    </div>
  );
}
