/**
 * Pages of a long per-token table: a pretrained model's two texts of 1,024 tokens are 2,048 rows,
 * which the page shows PAGE_ROWS at a time. Under the table: Previous, a select of every page's
 * rows ("Rows 51–100"), "of 2,048", Next; a screen reader hears the new rows after each move. A
 * table of PAGE_ROWS rows or fewer (the book's six tokens) shows every row and no pager.
 *
 * The buttons stay focusable at either end (aria-disabled, not disabled), so the keyboard focus
 * is never dropped to the page when the last page is reached.
 */
import { useState } from 'react';
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
  return `${formatCount(first)}–${formatCount(last)}`;
}

interface PagerProps {
  paging: Paging;
  /** What the rows are, for the group's name: "the p(target) table". */
  what: string;
}

export function Pager({ paging, what }: PagerProps) {
  const { page, pages, total, setPage } = paging;
  if (pages <= 1) return null;
  const atStart = page === 0;
  const atEnd = page === pages - 1;
  return (
    <div className="pager" role="group" aria-label={`Pages of ${what}`}>
      <button type="button" aria-disabled={atStart} onClick={() => !atStart && setPage(page - 1)}>
        Previous<span className="visually-hidden"> {formatCount(paging.size)} rows</span>
      </button>
      <label className="pager-pick">
        <span className="visually-hidden">Rows shown</span>
        <select value={page} onChange={(event) => setPage(Number(event.target.value))}>
          {Array.from({ length: pages }, (_, p) => (
            <option key={p} value={p}>
              Rows {rowRange(paging, p)}
            </option>
          ))}
        </select>
      </label>
      <span className="pager-of">of {formatCount(total)}</span>
      <button type="button" aria-disabled={atEnd} onClick={() => !atEnd && setPage(page + 1)}>
        Next<span className="visually-hidden"> {formatCount(paging.size)} rows</span>
      </button>
      <p className="visually-hidden" role="status">
        Rows {rowRange(paging, page)} of {formatCount(total)} shown.
      </p>
    </div>
  );
}
