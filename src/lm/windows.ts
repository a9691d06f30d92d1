/**
 * A long text scored as the book scores *The Verdict* in chapter 5 (`create_dataloader_v1` and
 * `calc_loss_loader`, Exercise 5.5): the text is split at 90 % of its characters, each part is
 * tokenized alone with no start token, and each part is cut into windows of `context` tokens
 * starting every `stride` tokens,
 *
 *   starts = range(0, n − context, stride);  window i: inputs ids[s, s + context),
 *                                            targets ids[s + 1, s + context + 1)
 *
 * so a window's last target is the token after it, and a part of n tokens gives
 * ⌈(n − context) / stride⌉ windows (none when n ≤ context). The loaders put two windows in a
 * batch; the training loader drops a last, incomplete batch (drop_last=True), the validation loader
 * keeps it. The loss of a part is the mean over its batches of each batch's mean −log p, which is
 * the mean over its windows when every batch is full (every window has `context` targets).
 *
 * This file plans the windows and combines their losses; the forward pass and each window's loss
 * are the caller's (onnxruntime, then the engine or the CPU twin).
 */
import { XentInputError } from '../errors';

/** The book's GPT_CONFIG_124M context length in chapter 5, and its stride. */
export const BOOK_CONTEXT = 256;
/** The book's train_ratio. */
export const BOOK_SPLIT = 0.9;
/** The book's batch_size for both loaders. */
export const BOOK_BATCH = 2;

/**
 * Splits a text at ⌊fraction × length⌋ characters, as `int(train_ratio * len(text))` does in Python:
 * length in code points, so a character outside the BMP counts once, as in Python.
 */
export function splitText(
  text: string,
  fraction = BOOK_SPLIT,
): { train: string; validation: string; splitIndex: number } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new XentInputError(`The split must be a fraction between 0 and 1, not ${fraction}.`);
  }
  const chars = Array.from(text);
  const splitIndex = Math.floor(fraction * chars.length);
  return {
    train: chars.slice(0, splitIndex).join(''),
    validation: chars.slice(splitIndex).join(''),
    splitIndex,
  };
}

/** The windows' first positions: Python's range(0, n − context, stride). */
export function windowStarts(n: number, context: number, stride: number): number[] {
  if (!Number.isInteger(context) || context < 1) {
    throw new XentInputError(`The context must be a whole number of tokens, 1 or more, not ${context}.`);
  }
  if (!Number.isInteger(stride) || stride < 1) {
    throw new XentInputError(`The stride must be a whole number of tokens, 1 or more, not ${stride}.`);
  }
  const starts: number[] = [];
  for (let s = 0; s < n - context; s += stride) starts.push(s);
  return starts;
}

/** One window: its first position and its inputs and targets (each `context` ids). */
export interface Window {
  start: number;
  inputs: number[];
  targets: number[];
}

export function windowsOf(ids: readonly number[], context: number, stride: number): Window[] {
  return windowStarts(ids.length, context, stride).map((start) => ({
    start,
    inputs: ids.slice(start, start + context),
    targets: ids.slice(start + 1, start + context + 1),
  }));
}

/** One scored window: its mean −log p (nats) over its `count` targets. */
export interface WindowLoss {
  start: number;
  loss: number;
  count: number;
}

/** A part's loss as calc_loss_loader computes it, with what was scored. */
export interface PartLoss {
  /** Mean over batches of each batch's mean −log p (nats). */
  loss: number;
  perplexity: number;
  /** Targets scored: the windows used × context. */
  tokens: number;
  /** Windows used (a training part drops an odd last one). */
  windows: number;
  /** Batches of BOOK_BATCH windows (the last may be smaller where it is kept). */
  batches: number;
}

/**
 * calc_loss_loader over scored windows: batches of `batchSize` in order, a last incomplete batch
 * dropped when `dropLast` (the training loader), each batch's loss the mean over all its targets,
 * the part's loss the mean of its batches'.
 */
export function loaderLoss(
  windows: readonly WindowLoss[],
  batchSize = BOOK_BATCH,
  dropLast = false,
): PartLoss | null {
  const used = dropLast ? windows.slice(0, windows.length - (windows.length % batchSize)) : windows;
  if (used.length === 0) return null;
  let sumOfBatchMeans = 0;
  let batches = 0;
  for (let i = 0; i < used.length; i += batchSize) {
    const batch = used.slice(i, i + batchSize);
    const count = batch.reduce((s, w) => s + w.count, 0);
    sumOfBatchMeans += batch.reduce((s, w) => s + w.loss * w.count, 0) / count;
    batches++;
  }
  const loss = sumOfBatchMeans / batches;
  return {
    loss,
    perplexity: Math.exp(loss),
    tokens: used.reduce((s, w) => s + w.count, 0),
    windows: used.length,
    batches,
  };
}

/** The loss over every window of a text (no split): the mean over all their targets. */
export function allWindowsLoss(windows: readonly WindowLoss[]): PartLoss | null {
  if (windows.length === 0) return null;
  const tokens = windows.reduce((s, w) => s + w.count, 0);
  const loss = windows.reduce((s, w) => s + w.loss * w.count, 0) / tokens;
  return { loss, perplexity: Math.exp(loss), tokens, windows: windows.length, batches: windows.length };
}

/** One sentence when a part is too short to give one window. */
export function tooShort(part: string, tokens: number, context: number): XentInputError {
  return new XentInputError(
    `The ${part} has ${tokens} tokens; a window of ${context} needs ${context + 1} or more (its inputs and the token after them). Give a longer text or a smaller --context.`,
  );
}
