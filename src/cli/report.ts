/** The human-readable output of `xent score` and `xent lm`: a summary, then one line per token. */
import type { LoadedModel } from '../lm/load';
import type { LongTextPart, LongTextScore } from '../lm/score-long-text';
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

/** A part's numbers for --json: {"loss", "perplexity", "tokens", "windows"} (tokens: targets scored). */
function partJson(part: LongTextPart) {
  const l = part.loss;
  return {
    loss: l ? l.loss : null,
    perplexity: l && Number.isFinite(l.perplexity) ? l.perplexity : null,
    tokens: l ? l.tokens : 0,
    windows: l ? l.windows : 0,
  };
}

/** `xent lm --file --json`: the windows' plan, the loss (over all windows, or per part) and each window's. */
export function longTextJson(model: string, file: string, score: LongTextScore, backend: string) {
  const perWindow = score.parts.flatMap((p) =>
    p.windows.map((w) => ({ part: p.name, start: w.start, loss: w.loss, tokens: w.count })),
  );
  const base = { model, file, backend, windows: { context: score.context, stride: score.stride } };
  if (score.split === null)
    return { ...base, ...partJson(score.parts[0]!), windows: base.windows, perWindow };
  const [train, validation] = score.parts;
  return {
    ...base,
    split: score.split,
    splitIndex: score.splitIndex,
    train: partJson(train!),
    validation: partJson(validation!),
    perWindow,
  };
}

/** `xent lm --file`'s report: the plan, each part's tokens, windows, loss and perplexity. */
export function formatLongTextReport(
  name: string,
  file: string,
  model: LoadedModel,
  score: LongTextScore,
  backendLabel: string,
): string {
  const lines = [
    `model       ${name} (${model.spec.family}, vocab ${model.spec.vocab}, onnxruntime-web)`,
    `file        ${file}`,
    `windows     ${score.context} tokens every ${score.stride}, no start token` +
      (score.split === null ? '' : `; split at ${score.splitIndex} characters (${score.split} of the text)`),
  ];
  for (const part of score.parts) {
    const l = part.loss;
    const label = part.name === 'all' ? 'text' : part.name;
    lines.push(
      `${label.padEnd(11)} ${part.ids.length} tokens, ${part.windows.length} windows` +
        (l && l.windows !== part.windows.length ? ` (${l.windows} in ${l.batches} full batches)` : '') +
        (l
          ? `: loss ${l.loss.toFixed(6)} nats, perplexity ${l.perplexity.toFixed(4)}, ${l.tokens} targets`
          : ''),
    );
  }
  lines.push(`backend     ${backendLabel}`);
  return lines.join('\n') + '\n';
}
