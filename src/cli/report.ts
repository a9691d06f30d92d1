/** The human-readable output of `xent score`: a summary, then one line per token. */
import type { LogitsFile } from '../io';
import { formatShape, type XentResult } from '../math';

/** Tokens listed in the table; the rest are counted (all of them are in --json). */
export const MAX_TOKEN_LINES = 20;

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
}

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(4) : String(x));

export function formatReport(
  path: string,
  file: LogitsFile,
  result: XentResult,
  backendLabel: string,
): string {
  const [B, T, V] = result.shape;
  const lines = [
    `file        ${path} (${file.format}, ${file.dtype})`,
    `shape       ${formatShape(result.shape)}  batch ${B} × tokens ${T} × vocab ${V}`,
    `backend     ${backendLabel}`,
    `loss        ${num(result.loss, 4)} nats  (mean of -log p(target) over ${result.count} of ${B * T} tokens)`,
    `perplexity  ${num(result.perplexity, 4)}  (e^loss)`,
    '',
  ];
  const header = ['batch', 'position', 'target', 'p(target)', 'log p', 'loss', 'rank'];
  const widths = [5, 8, 7, 11, 9, 8, 7];
  lines.push(pad(header, widths));
  for (const t of result.tokens.slice(0, MAX_TOKEN_LINES)) {
    const cells = t.ignored
      ? [String(t.batch), String(t.position), String(t.target), 'ignored', '', '', '']
      : [
          String(t.batch),
          String(t.position),
          String(t.target),
          sci(t.prob),
          num(t.logProb, 4),
          num(t.loss, 4),
          String(t.rank),
        ];
    lines.push(pad(cells, widths).trimEnd());
  }
  const more = result.tokens.length - MAX_TOKEN_LINES;
  if (more > 0) lines.push(`… ${more} more tokens (--json lists them all)`);
  return lines.join('\n') + '\n';
}
