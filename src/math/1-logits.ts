/**
 * Stage 1: the logits tensor and its targets.
 *
 * A language model emits one row of V logits (unnormalised log-probabilities, in nats) per
 * (batch b, position t). Rows are stored row-major: row r = b * T + t starts at element r * V.
 * targets[r] is the id of the token that really came next, or `ignoreIndex` for padding.
 */
import { XentInputError } from '../errors';

/** (B, T, V): batch, tokens per sequence, vocabulary size. */
export type Shape3 = readonly [batch: number, tokens: number, vocab: number];

/** Float data the math and the engine accept. float16 files are widened to float32 by the parsers. */
export type FloatArray = Float32Array | Float64Array;

export interface LogitsBatch {
  /** (B, T, V) row-major logits; finite or -Infinity. */
  readonly logits: FloatArray;
  readonly shape: Shape3;
  /** (B, T) target ids in [0, V), or `ignoreIndex`. */
  readonly targets: Int32Array;
  /** Targets equal to this are left out of the mean (PyTorch's default: -100). */
  readonly ignoreIndex: number;
}

/** PyTorch's `F.cross_entropy(..., ignore_index=-100)` default. */
export const DEFAULT_IGNORE_INDEX = -100;

export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/**
 * The refusal of a target id outside [0, V) that is not ignore_index, with its fix; row r of the
 * flattened (B, T) targets. One sentence for every path (files, the CLI, typed arrays).
 */
export function targetOutsideVocabulary(id: number, r: number, T: number, V: number, ignoreIndex: number) {
  const b = Math.floor(r / T);
  return `target ${id} at (batch ${b}, position ${r - b * T}) is outside the vocabulary [0, ${V}) and is not ignore_index ${ignoreIndex}; save token ids below ${V} from the tokenizer of the model that made the logits, and mark padding with ${ignoreIndex}.`;
}

/**
 * Builds a validated batch. `shape` is (T, V) or (B, T, V); 2-D input is read as B = 1.
 * `targetShape` is the shape the targets came with, (T) or (B, T), when known (e.g. from a file).
 * Throws XentInputError with one sentence when anything disagrees.
 */
export function makeBatch(
  logits: FloatArray,
  shape: readonly number[],
  targets: ArrayLike<number>,
  options: { ignoreIndex?: number; targetShape?: readonly number[] } = {},
): LogitsBatch {
  const ignoreIndex = options.ignoreIndex ?? DEFAULT_IGNORE_INDEX;
  if (!Number.isInteger(ignoreIndex)) {
    throw new XentInputError(`ignore_index must be an integer, got ${ignoreIndex}.`);
  }
  if (shape.length !== 2 && shape.length !== 3) {
    throw new XentInputError(
      `logits has shape ${formatShape(shape)} but must be (tokens, vocab) or (batch, tokens, vocab).`,
    );
  }
  const shape3: Shape3 = shape.length === 3 ? [shape[0]!, shape[1]!, shape[2]!] : [1, shape[0]!, shape[1]!];
  const [B, T, V] = shape3;
  for (const d of shape3) {
    if (!Number.isSafeInteger(d) || d < 1) {
      throw new XentInputError(`logits has shape ${formatShape(shape)}: every dimension must be at least 1.`);
    }
  }
  if (V < 2) {
    throw new XentInputError(`logits has a vocabulary of ${V}: cross-entropy needs at least 2 classes.`);
  }
  if (logits.length !== B * T * V) {
    throw new XentInputError(
      `logits has ${logits.length} values but shape ${formatShape(shape)} needs ${B * T * V}.`,
    );
  }
  if (options.targetShape) {
    const ts = options.targetShape;
    const expected = shape.length === 3 ? [B, T] : [T];
    const agrees = ts.length === expected.length && ts.every((d, i) => d === expected[i]);
    const agrees2d = shape.length === 3 && B === 1 && ts.length === 1 && ts[0] === T;
    if (!agrees && !agrees2d) {
      throw new XentInputError(
        `targets has shape ${formatShape(ts)} but logits has ${formatShape(shape)}: they must agree on ${
          shape.length === 3 ? '(batch, tokens)' : '(tokens)'
        }.`,
      );
    }
  }
  if (targets.length !== B * T) {
    throw new XentInputError(
      `targets has ${targets.length} values but logits has ${B * T} rows ${formatShape(shape)}: give one target per (batch, token).`,
    );
  }
  const ids = new Int32Array(B * T);
  for (let r = 0; r < ids.length; r++) {
    const id = targets[r]!;
    if (id !== ignoreIndex && !(Number.isInteger(id) && id >= 0 && id < V)) {
      throw new XentInputError(targetOutsideVocabulary(id, r, T, V, ignoreIndex));
    }
    ids[r] = id;
  }
  return { logits, shape: shape3, targets: ids, ignoreIndex };
}

/** The V logits of row r = b * T + t, without copying. */
export function row(batch: LogitsBatch, r: number): FloatArray {
  const V = batch.shape[2];
  return batch.logits.subarray(r * V, (r + 1) * V);
}
