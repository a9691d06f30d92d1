/**
 * Element types the parsers read, and the decoding of raw little-endian bytes into the typed
 * arrays the math uses: floats stay float32/float64 (float16 is widened to float32, exactly),
 * integers become Int32Array (int64 values outside the int32 range are refused).
 */
import { XentInputError } from '../errors';

export type FloatDType = 'float16' | 'float32' | 'float64';
export type IntDType = 'int8' | 'int16' | 'int32' | 'int64' | 'uint8';
export type DType = FloatDType | IntDType;

export const ITEM_SIZE: Readonly<Record<DType, number>> = {
  float16: 2,
  float32: 4,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
};

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float16' || dtype === 'float32' || dtype === 'float64';
}

/** The fix to suggest when an array has a dtype its role does not allow. */
export function dtypeFix(arrayName: string): string {
  return arrayName === 'logits'
    ? 'save it as a float array (np.float32, or float16/float64)'
    : 'save it as an integer array (np.int64)';
}

/** Product of the dimensions; Infinity when it is not a safe integer (so it matches no byte count). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return Number.isSafeInteger(n) ? n : Infinity;
}

/** Typed arrays read the host's byte order; every platform JavaScript runs on today is little-endian. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A fresh, aligned copy of `bytes` (typed-array views need an offset that is a multiple of the item size). */
function alignedCopy(bytes: Uint8Array): ArrayBuffer {
  if (!LITTLE_ENDIAN_HOST) {
    throw new XentInputError(
      'This machine is big-endian; the file readers only run on little-endian machines.',
    );
  }
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

/** float16 bit pattern → float32 value, for all 65,536 patterns (256 KiB), built on first use. */
let halfTable: Float32Array | undefined;

function buildHalfTable(): Float32Array {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    let value: number;
    if (exponent === 0)
      value = mantissa * 2 ** -24; // subnormal: m / 2^10 × 2^-14
    else if (exponent === 31) value = mantissa === 0 ? Infinity : NaN;
    else value = (1 + mantissa / 1024) * 2 ** (exponent - 15);
    // Every float16 value has at most 11 significant bits, so it is exact in float32 (24 bits).
    table[h] = sign * value;
  }
  return table;
}

/** IEEE float16 bit patterns → the same values as float32 (no rounding: every half is a float). */
export function widenFloat16(halves: Uint16Array): Float32Array {
  halfTable ??= buildHalfTable();
  const table = halfTable;
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]!]!;
  return out;
}

/** Raw little-endian bytes of a float array → Float32Array (float16, float32) or Float64Array. */
export function decodeFloats(dtype: FloatDType, bytes: Uint8Array): Float32Array | Float64Array {
  const buffer = alignedCopy(bytes);
  if (dtype === 'float16') return widenFloat16(new Uint16Array(buffer));
  return dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
}

/** "(batch 1, position 2)" for element i of a (B, T) or (T) integer array. */
function positionOf(i: number, shape: readonly number[]): string {
  const T = shape[shape.length - 1] ?? 1;
  const b = shape.length >= 2 ? Math.floor(i / T) : 0;
  return `(batch ${b}, position ${i - b * T})`;
}

/**
 * Raw little-endian bytes of an integer array → Int32Array. Token ids and ignore_index fit in
 * int32; an int64 value outside it is refused with its position.
 */
export function decodeInts(
  arrayName: string,
  dtype: IntDType,
  bytes: Uint8Array,
  shape: readonly number[],
): Int32Array {
  const buffer = alignedCopy(bytes);
  switch (dtype) {
    case 'int32':
      return new Int32Array(buffer);
    case 'int8':
      return Int32Array.from(new Int8Array(buffer));
    case 'uint8':
      return Int32Array.from(new Uint8Array(buffer));
    case 'int16':
      return Int32Array.from(new Int16Array(buffer));
    case 'int64':
      return narrowInt64(arrayName, new Int32Array(buffer), shape);
  }
}

/** int64 as (low, high) int32 word pairs → int32, when high is the sign extension of low. */
function narrowInt64(arrayName: string, words: Int32Array, shape: readonly number[]): Int32Array {
  const out = new Int32Array(words.length / 2);
  for (let i = 0; i < out.length; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    if (hi !== lo >> 31) {
      const value = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      throw new XentInputError(
        `${arrayName} has the value ${value} at ${positionOf(i, shape)}, outside the int32 range; it must hold token ids (0 ≤ id < vocab) or ignore_index.`,
      );
    }
    out[i] = lo;
  }
  return out;
}
