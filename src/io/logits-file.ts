/**
 * From stored arrays to a LogitsFile, whatever the container (.npz, .npy pair, .safetensors):
 * the checks that concern what the arrays mean rather than how they are stored.
 *
 * parse*  checks the encoding: format, dtypes, sizes, that logits are finite or −inf.
 * fileToBatch checks the meaning, through makeBatch: shapes agree, targets are in [0, V) or ignore_index.
 */
import { XentInputError } from '../errors';
import {
  DEFAULT_IGNORE_INDEX,
  formatShape,
  makeBatch,
  targetOutsideVocabulary,
  type LogitsBatch,
} from '../math/1-logits';
import { decodeFloats, decodeInts, dtypeFix, elementCount, isFloat, type FloatDType } from './dtype';
import { MAX_LOGITS_BYTES, formatBytes } from './limits';
import type { NpyArray } from './npy';

export type FileFormat = 'npz' | 'npy' | 'safetensors';

export interface LogitsFile {
  format: FileFormat;
  /** The stored float type; float16 is widened to float32 in `logits`. */
  dtype: FloatDType;
  /** (B, T, V) or (T, V), row-major, finite or −inf. */
  logits: Float32Array | Float64Array;
  shape: number[];
  /** (B, T) or (T) token ids as stored (range-checked against V by fileToBatch). */
  targets: Int32Array;
  targetShape: number[];
  /** (B, T) or (T) input token ids, when the file has them. */
  inputs?: Int32Array;
  inputShape?: number[];
}

/** The arrays this tool reads, by the names they must be saved under. */
export const ARRAY_NAMES = ['logits', 'targets', 'inputs'] as const;

/** How to save a file that this tool reads, in each format's own words. */
const HOW_TO_SAVE: Readonly<Record<FileFormat, string>> = {
  npz: 'save it with np.savez(path, logits=logits, targets=targets)',
  npy: 'save logits.npy and targets.npy with np.save',
  safetensors: "save it with save_file({'logits': logits, 'targets': targets}, path)",
};

const CONTAINER: Readonly<Record<FileFormat, string>> = {
  npz: 'The .npz archive has no array',
  npy: 'There is no .npy file',
  safetensors: 'The .safetensors file has no tensor',
};

export interface StoredArrays {
  logits?: NpyArray | undefined;
  targets?: NpyArray | undefined;
  inputs?: NpyArray | undefined;
}

/** Refuses a container without `logits` or `targets`, naming what it holds instead. */
export function checkPresent(format: FileFormat, present: readonly string[]): void {
  for (const name of ['logits', 'targets']) {
    if (present.includes(name)) continue;
    const has = present.length > 0 ? `it has ${present.join(', ')}` : 'it has none';
    throw new XentInputError(`${CONTAINER[format]} named ${name} (${has}); ${HOW_TO_SAVE[format]}.`);
  }
}

/** The first NaN or +inf in (B, T, V) or (T, V) logits, refused with its position. */
function checkFinite(logits: Float32Array | Float64Array, shape: readonly number[]): void {
  const V = shape[shape.length - 1]!;
  const T = shape[shape.length - 2]!;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i]!;
    if (x !== x || x === Infinity) {
      const row = Math.floor(i / V);
      const b = Math.floor(row / T);
      throw new XentInputError(
        `logits has ${x !== x ? 'NaN' : '+inf'} at (batch ${b}, position ${row - b * T}, token ${i - row * V}); logits must be finite numbers or -inf (for masked tokens).`,
      );
    }
  }
}

function decodeIds(name: 'targets' | 'inputs', array: NpyArray): Int32Array {
  if (isFloat(array.dtype)) {
    throw new XentInputError(`${name} has dtype ${array.dtype}; ${dtypeFix(name)}.`);
  }
  return decodeInts(name, array.dtype, array.data, array.shape);
}

/** Checks the stored arrays' roles and decodes them. `present` lists the names the container holds. */
export function toLogitsFile(format: FileFormat, arrays: StoredArrays, present: string[]): LogitsFile {
  const { logits, targets } = arrays;
  if (!logits || !targets) {
    checkPresent(format, present);
    throw new XentInputError(`The ${format} file lacks logits or targets; ${HOW_TO_SAVE[format]}.`);
  }
  const dtype = logits.dtype;
  if (!isFloat(dtype)) throw new XentInputError(`logits has dtype ${dtype}; ${dtypeFix('logits')}.`);
  if (logits.shape.length !== 2 && logits.shape.length !== 3) {
    throw new XentInputError(
      `logits has shape ${formatShape(logits.shape)} but must be (tokens, vocab) or (batch, tokens, vocab).`,
    );
  }
  const bytes = elementCount(logits.shape) * (dtype === 'float64' ? 8 : 4);
  if (bytes > MAX_LOGITS_BYTES) {
    throw new XentInputError(
      `logits ${formatShape(logits.shape)} takes ${formatBytes(bytes)} as ${dtype === 'float64' ? 'float64' : 'float32'}, more than the ${formatBytes(MAX_LOGITS_BYTES)} this tool accepts; score fewer sequences or a shorter context at a time.`,
    );
  }
  const file: LogitsFile = {
    format,
    dtype,
    logits: decodeFloats(dtype, logits.data),
    shape: logits.shape,
    targets: decodeIds('targets', targets),
    targetShape: targets.shape,
  };
  checkFinite(file.logits, file.shape);
  if (arrays.inputs) {
    const inputs = arrays.inputs;
    const same =
      inputs.shape.length === targets.shape.length && inputs.shape.every((d, i) => d === targets.shape[i]);
    if (!same) {
      throw new XentInputError(
        `inputs has shape ${formatShape(inputs.shape)} but targets has ${formatShape(targets.shape)}: they must be the same shape (targets are the inputs shifted by one).`,
      );
    }
    file.inputs = decodeIds('inputs', inputs);
    file.inputShape = inputs.shape;
  }
  return file;
}

/**
 * Targets outside [0, V) that are not ignore_index, refused with the fix: the page's message for
 * what makeBatch (through fileToBatch) refuses in fewer words. Targets whose shape disagrees with
 * the logits' are left to fileToBatch, so the shape is reported first.
 */
export function checkTargetIds(file: LogitsFile, ignoreIndex: number = DEFAULT_IGNORE_INDEX): void {
  const { shape, targetShape, targets } = file;
  const V = shape[shape.length - 1]!;
  const rows = shape.slice(0, -1);
  const T = rows[rows.length - 1]!;
  const same = targetShape.length === rows.length && targetShape.every((d, i) => d === rows[i]);
  const oneText = rows.length === 2 && rows[0] === 1 && targetShape.length === 1 && targetShape[0] === T;
  if (!same && !oneText) return;
  for (let r = 0; r < targets.length; r++) {
    const id = targets[r]!;
    if (id === ignoreIndex || (id >= 0 && id < V)) continue;
    throw new XentInputError(targetOutsideVocabulary(id, r, T, V, ignoreIndex));
  }
}

/** The validated batch the math and the engine take; throws XentInputError when shapes or targets disagree. */
export function fileToBatch(file: LogitsFile, ignoreIndex: number = DEFAULT_IGNORE_INDEX): LogitsBatch {
  return makeBatch(file.logits, file.shape, file.targets, { ignoreIndex, targetShape: file.targetShape });
}
