/**
 * The .npy format (numpy's np.save), versions 1.0, 2.0 and 3.0:
 *
 *   "\x93NUMPY" | major u8 | minor u8 | header length (u16 LE in v1, u32 LE in v2/v3)
 *   | header: Python dict literal {'descr', 'fortran_order', 'shape'}, space-padded, '\n'-terminated
 *   | data: prod(shape) × itemsize bytes, C order.
 *
 * Written here rather than taken from a library because it must be strict: every size is
 * checked against the bytes actually present before anything is allocated, and every refusal
 * is one sentence naming the array and the fix.
 */
import { XentInputError } from '../errors';
import { formatShape } from '../math/1-logits';
import { ITEM_SIZE, dtypeFix, elementCount, type DType } from './dtype';
import { MAX_NPY_HEADER_BYTES, formatBytes } from './limits';
import { PyLiteralError, parsePyLiteral, type PyValue } from './py-literal';

/** One array as stored: its element type, shape, and exactly prod(shape) × itemsize raw bytes. */
export interface NpyArray {
  dtype: DType;
  shape: number[];
  /** Little-endian, C-order element bytes (a view into the input, not a copy). */
  data: Uint8Array;
}

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

export function isNpy(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** numpy's descr strings this tool reads (numpy writes '|' for one-byte types, '<' for little-endian). */
const DESCR: Readonly<Record<string, DType>> = {
  '<f2': 'float16',
  '<f4': 'float32',
  '<f8': 'float64',
  '|i1': 'int8',
  '<i1': 'int8',
  '<i2': 'int16',
  '<i4': 'int32',
  '<i8': 'int64',
  '|u1': 'uint8',
  '<u1': 'uint8',
};

const KIND_NAMES: Readonly<Record<string, string>> = {
  b: 'bool',
  i: 'int',
  u: 'uint',
  f: 'float',
  c: 'complex',
  M: 'datetime64',
  m: 'timedelta64',
};

/** A readable numpy name for a descr this tool does not read, e.g. '<u2' → "uint16". */
function describeDescr(descr: string): string {
  const m = /^[<>|=]?([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) return `'${descr}'`;
  const kind = KIND_NAMES[m[1]!];
  if (!kind) return `'${descr}'`;
  return kind === 'bool' ? 'bool' : `${kind}${Number(m[2]) * 8}`;
}

function toDType(arrayName: string, descr: PyValue): DType {
  if (typeof descr !== 'string') {
    throw new XentInputError(
      `${arrayName} has a structured (record) dtype; ${dtypeFix(arrayName)} with plain numbers.`,
    );
  }
  const dtype = DESCR[descr];
  if (dtype) return dtype;
  if (/^[|<>=]?O/.test(descr)) {
    throw new XentInputError(
      `${arrayName} is an object array (dtype 'O'), which cannot be read safely; ${dtypeFix(arrayName)}.`,
    );
  }
  if (descr.startsWith('>') && DESCR[`<${descr.slice(1)}`]) {
    throw new XentInputError(
      `${arrayName} is big-endian ('${descr}'); save it little-endian, e.g. ${arrayName}.astype('<${descr.slice(1)}').`,
    );
  }
  throw new XentInputError(
    `${arrayName} has dtype ${describeDescr(descr)}, which this tool does not read; ${dtypeFix(arrayName)}.`,
  );
}

function toShape(arrayName: string, shape: PyValue | undefined): number[] {
  if (
    shape === null ||
    typeof shape !== 'object' ||
    !('tuple' in shape) ||
    !shape.tuple.every((d): d is number => typeof d === 'number' && d >= 0)
  ) {
    throw new XentInputError(
      `${arrayName} has a .npy header whose shape is not a tuple of sizes; save it again with np.save.`,
    );
  }
  return shape.tuple;
}

/** Reads one .npy array; `arrayName` (e.g. "logits") is used in messages. */
export function parseNpy(bytes: Uint8Array, arrayName = 'the array'): NpyArray {
  if (bytes.length < 10 || !isNpy(bytes)) {
    throw new XentInputError(
      `${arrayName} is not a .npy array (it does not start with "\\x93NUMPY"); save it with np.save.`,
    );
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw new XentInputError(
      `${arrayName} uses .npy format version ${major}.${minor}; this tool reads versions 1.0, 2.0 and 3.0, which np.save writes.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) {
    throw new XentInputError(
      `${arrayName} is truncated inside its .npy header; copy or save the file again.`,
    );
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  if (headerLength > MAX_NPY_HEADER_BYTES) {
    throw new XentInputError(
      `${arrayName} declares a .npy header of ${formatBytes(headerLength)}, far more than any array needs; the file is corrupt.`,
    );
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) {
    throw new XentInputError(
      `${arrayName} is truncated inside its .npy header; copy or save the file again.`,
    );
  }

  const headerBytes = bytes.subarray(headerStart, dataStart);
  let header: PyValue;
  try {
    const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(headerBytes);
    header = parsePyLiteral(text);
  } catch (error) {
    const why = error instanceof PyLiteralError ? ` (${error.message})` : '';
    throw new XentInputError(`${arrayName} has an unreadable .npy header${why}; save it again with np.save.`);
  }
  if (!(header instanceof Map)) {
    throw new XentInputError(
      `${arrayName} has a .npy header that is not a dictionary; save it again with np.save.`,
    );
  }
  const keys = [...header.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    throw new XentInputError(
      `${arrayName} has a .npy header with keys (${keys}) instead of (descr, fortran_order, shape); save it again with np.save.`,
    );
  }

  const dtype = toDType(arrayName, header.get('descr')!);
  const fortran = header.get('fortran_order');
  if (typeof fortran !== 'boolean') {
    throw new XentInputError(
      `${arrayName} has a .npy header whose fortran_order is not True or False; the file is corrupt.`,
    );
  }
  if (fortran) {
    throw new XentInputError(
      `${arrayName} is stored in Fortran (column-major) order; save np.ascontiguousarray(${arrayName}) instead.`,
    );
  }
  const shape = toShape(arrayName, header.get('shape'));

  const expected = elementCount(shape) * ITEM_SIZE[dtype];
  const present = bytes.length - dataStart;
  const declared = `shape ${formatShape(shape)} ${dtype}`;
  if (expected > present) {
    const size = Number.isFinite(expected) ? formatBytes(expected) : 'more than 2^53 bytes';
    throw new XentInputError(
      `${arrayName} is truncated or its header is corrupt: the header declares ${declared} (${size}) but only ${formatBytes(present)} of data follow; copy or save the file again.`,
    );
  }
  if (expected < present) {
    throw new XentInputError(
      `${arrayName} has ${formatBytes(present - expected)} more data than its header declares (${declared}); the file is corrupt, save it again with np.save.`,
    );
  }
  return { dtype, shape, data: bytes.subarray(dataStart) };
}
