/**
 * A long text scored window by window (windows.ts): tokenized without a start token, split if
 * asked, each window run through the model and scored, the losses combined as the book's
 * calc_loss_loader does. The forward pass and the loss of one window are the caller's `run`, so
 * the command line (onnxruntime in Node, then the engine or the CPU twin) and the page (its worker
 * or its GPU session) share the plan and the arithmetic.
 */
import { XentInputError } from '../errors';
import { makeBatch, type LogitsBatch } from '../math';
import { padBatch } from './forward';
import { forwardLogits, type LoadedModel } from './load';
import type { ModelTokenizer } from './tokenize';
import {
  allWindowsLoss,
  BOOK_BATCH,
  BOOK_CONTEXT,
  loaderLoss,
  splitText,
  tooShort,
  windowsOf,
  type PartLoss,
  type Window,
  type WindowLoss,
} from './windows';

/** One window's result: its loss, and −log p of each of its targets (nats), for the surprisal view. */
export interface ScoredWindow extends WindowLoss {
  nll: Float64Array;
}

export interface LongTextPart {
  name: 'train' | 'validation' | 'all';
  /** The part's ids (no start token). */
  ids: number[];
  windows: ScoredWindow[];
  /** calc_loss_loader's loss (training: odd last window dropped); null when no window fits. */
  loss: PartLoss | null;
}

export interface LongTextScore {
  context: number;
  stride: number;
  /** The fraction split at, or null for one part. */
  split: number | null;
  /** Characters in the training part (Python's int(split × len(text))). */
  splitIndex: number | null;
  parts: LongTextPart[];
}

export interface LongTextOptions {
  context: number | null;
  stride: number | null;
  split: number | null;
  /** The longest context the model reads (config.json), if known. */
  modelContext?: number | null;
  /** Called after each window: windows done and in all. */
  onWindow?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The context to use: the one asked for, else the book's 256, never more than the model reads. */
export function contextFor(asked: number | null, modelContext: number | null | undefined): number {
  if (asked !== null && modelContext && asked > modelContext) {
    throw new XentInputError(
      `A context of ${asked} tokens is longer than the ${modelContext} positions the model reads; give --context ${modelContext} or less.`,
    );
  }
  return asked ?? Math.min(BOOK_CONTEXT, modelContext ?? BOOK_CONTEXT);
}

/** Plans the windows of a text: split (or not), each part tokenized alone, cut into windows. */
export function planLongText(
  tokenizer: Pick<ModelTokenizer, 'encodePlain'>,
  text: string,
  options: Pick<LongTextOptions, 'context' | 'stride' | 'split' | 'modelContext'>,
): {
  context: number;
  stride: number;
  splitIndex: number | null;
  parts: { name: LongTextPart['name']; ids: number[]; windows: Window[] }[];
} {
  const context = contextFor(options.context, options.modelContext);
  const stride = options.stride ?? context;
  const pieces =
    options.split === null
      ? { splitIndex: null, parts: [['all', text] as const] }
      : (() => {
          const { train, validation, splitIndex } = splitText(text, options.split);
          return {
            splitIndex,
            parts: [['train', train] as const, ['validation', validation] as const],
          };
        })();
  const parts = pieces.parts.map(([name, part]) => {
    const ids = tokenizer.encodePlain(part);
    const windows = windowsOf(ids, context, stride);
    if (windows.length === 0) {
      throw tooShort(name === 'all' ? 'text' : `${name} part`, ids.length, context);
    }
    return { name, ids, windows };
  });
  return { context, stride, splitIndex: pieces.splitIndex, parts };
}

/**
 * Scores every window with `run` (the window's inputs → its loss and per-target −log p) and
 * combines them: per part calc_loss_loader's loss (batches of two; training drops an odd last
 * window), or with no split the mean over every window's targets.
 */
export async function scoreWindows(
  tokenizer: Pick<ModelTokenizer, 'encodePlain'>,
  text: string,
  options: LongTextOptions,
  run: (window: Window) => Promise<{ loss: number; count: number; nll: Float64Array }>,
): Promise<LongTextScore> {
  const plan = planLongText(tokenizer, text, options);
  const total = plan.parts.reduce((s, p) => s + p.windows.length, 0);
  let done = 0;
  const parts: LongTextPart[] = [];
  for (const part of plan.parts) {
    const windows: ScoredWindow[] = [];
    for (const w of part.windows) {
      if (options.signal?.aborted) throw new XentInputError('Scoring the text was cancelled.');
      const r = await run(w);
      windows.push({ start: w.start, loss: r.loss, count: r.count, nll: r.nll });
      options.onWindow?.(++done, total);
    }
    const loss =
      part.name === 'all' ? allWindowsLoss(windows) : loaderLoss(windows, BOOK_BATCH, part.name === 'train');
    parts.push({ name: part.name, ids: part.ids, windows, loss });
  }
  return {
    context: plan.context,
    stride: plan.stride,
    split: options.split,
    splitIndex: plan.splitIndex,
    parts,
  };
}

/** A window's batch: its (1, context, V) logits and its targets. */
export function windowBatch(logits: Float32Array, V: number, window: Window): LogitsBatch {
  return makeBatch(logits, [1, window.inputs.length, V], Int32Array.from(window.targets));
}

/** The command line's run: onnxruntime in Node, then `score` (the engine or the CPU twin). */
export function scoreLongText(
  model: LoadedModel,
  text: string,
  options: Omit<LongTextOptions, 'modelContext'> & {
    score: (batch: LogitsBatch) => Promise<{ loss: number; count: number; tokens: { logProb: number }[] }>;
  },
): Promise<LongTextScore> {
  return scoreWindows(model.tokenizer, text, { ...options, modelContext: model.spec.context }, async (w) => {
    const logits = await forwardLogits(model, padBatch([w.inputs], 0));
    const result = await options.score(windowBatch(logits, model.spec.vocab, w));
    return {
      loss: result.loss,
      count: result.count,
      nll: Float64Array.from(result.tokens, (t) => -t.logProb),
    };
  });
}
