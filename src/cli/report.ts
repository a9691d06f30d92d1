/** The human-readable output of `xent score` and `xent lm`: a summary, then one line per token. */
import type { LoadedModel } from '../lm/load';
import { formatShape, type XentResult } from '../math';

/** Tokens listed in the table; the rest are counted (all of them are in --json). */
export const MAX_TOKEN_LINES = 20;

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
}

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(4) : String(x));

/**
 * `source`: the summary's first line(s), naming where the logits came from. `piece`, when given,
 * turns a target id into its text for a column of its own.
 */
export function formatReport(
  source: string,
  result: XentResult,
  backendLabel: string,
  piece?: (id: number) => string,
): string {
  const [B, T, V] = result.shape;
  const lines = [
    source,
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
    const text = piece && !t.ignored ? `  ${JSON.stringify(piece(t.target))}` : '';
    lines.push(pad(cells, widths).trimEnd() + text);
  }
  const more = result.tokens.length - MAX_TOKEN_LINES;
  if (more > 0) lines.push(`… ${more} more tokens (--json lists them all)`);
  return lines.join('\n') + '\n';
}

/** `xent lm`'s report: the model, each text with its token count, then the table with each target's text. */
export function formatTextsReport(
  name: string,
  model: LoadedModel,
  texts: readonly string[],
  inputs: readonly (readonly number[])[],
  result: XentResult,
  backendLabel: string,
): string {
  const source = [
    `model       ${name} (${model.spec.family}, vocab ${model.spec.vocab}, onnxruntime-web)`,
    ...texts.map(
      (text, b) =>
        `text ${b + 1}      ${JSON.stringify(text)}: ${inputs[b]!.length - 1} tokens after the start token ${JSON.stringify(model.tokenizer.startText)} (${model.tokenizer.startId})`,
    ),
  ].join('\n');
  return formatReport(source, result, backendLabel, (id) => model.tokenizer.piece(id));
}
