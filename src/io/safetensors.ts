/**
 * The safetensors format (Hugging Face):
 *
 *   header length N (u64 LE) | N bytes of UTF-8 JSON
 *   { "name": { "dtype": "F32", "shape": [2, 3, 50257], "data_offsets": [begin, end] }, ...,
 *     "__metadata__": { string: string } (optional) }
 *   | data: the tensors' little-endian, row-major bytes, offsets relative to the end of the header.
 *
 * Written here rather than taken from a library because it must be strict: the header length
 * and every tensor's offsets are checked against the bytes present, and the tensors must tile
 * the data exactly, before anything is allocated.
 */
import { XentInputError } from '../errors';
import { formatShape } from '../math/1-logits';
import { ITEM_SIZE, dtypeFix, elementCount, type DType } from './dtype';
import { MAX_SAFETENSORS_HEADER_BYTES, formatBytes } from './limits';
import type { NpyArray } from './npy';

const DTYPES: Readonly<Record<string, DType>> = {
  F16: 'float16',
  F32: 'float32',
  F64: 'float64',
  I8: 'int8',
  I16: 'int16',
  I32: 'int32',
  I64: 'int64',
  U8: 'uint8',
};

/** The header length a safetensors file declares (u64 LE; beyond 2^53 it is only approximate). */
function headerLength(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
}

/** True when the file starts like safetensors: 8 bytes of header length, then the JSON's '{'. */
export function isSafetensors(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && bytes[8] === 0x7b; // '{'
}

function corrupt(what: string): XentInputError {
  return new XentInputError(
    `The .safetensors file is corrupt (${what}); save it again with safetensors' save_file.`,
  );
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isSize(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/**
 * The tensors named in `wanted` that the file holds, each `data` a view of exactly its bytes,
 * and the names of all its tensors.
 * Every tensor's offsets are checked; dtype and size only for the wanted ones, so an extra tensor
 * of a type this tool does not read (bf16 weights, say) does not stop the file from loading.
 */
export function parseSafetensors(
  bytes: Uint8Array,
  wanted: readonly string[],
): { tensors: Map<string, NpyArray>; names: string[] } {
  const n = headerLength(bytes);
  if (n > MAX_SAFETENSORS_HEADER_BYTES) {
    throw corrupt(`its header claims ${formatBytes(n)}, more than the format allows`);
  }
  if (8 + n > bytes.length) {
    throw new XentInputError(
      `The .safetensors file is truncated: its header declares ${formatBytes(n)} but the file holds ${formatBytes(bytes.length - 8)} after the length; copy or save the file again.`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw corrupt('its header is not valid UTF-8 JSON');
  }
  if (!isRecord(header)) throw corrupt('its header is not a JSON object');

  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, NpyArray>();
  const spans: [number, number][] = [];
  const names: string[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    names.push(name);
    if (!isRecord(info)) throw corrupt(`the entry for ${name} is not an object`);
    const { dtype: code, shape, data_offsets: offsets } = info;
    if (typeof code !== 'string') throw corrupt(`${name} has no dtype`);
    if (!Array.isArray(shape) || !shape.every(isSize)) throw corrupt(`${name} has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSize)) {
      throw corrupt(`${name} has no valid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > data.length) {
      throw new XentInputError(
        `The .safetensors file is truncated or corrupt: ${name} lies at bytes [${begin}, ${end}) but the data holds ${formatBytes(data.length)}; copy or save the file again.`,
      );
    }
    spans.push([begin, end]);
    if (!wanted.includes(name)) continue;
    const dtype = DTYPES[code];
    if (!dtype) {
      throw new XentInputError(
        `${name} has safetensors dtype ${code}, which this tool does not read (it reads F16, F32, F64, I8, I16, I32, I64 and U8); ${dtypeFix(name)}.`,
      );
    }
    if (elementCount(shape) * ITEM_SIZE[dtype] !== end - begin) {
      throw corrupt(
        `${name} has shape ${formatShape(shape)} ${dtype} but ${formatBytes(end - begin)} of data`,
      );
    }
    tensors.set(name, { dtype, shape: shape as number[], data: data.subarray(begin, end) });
  }
  // The tensors must cover the data exactly, with no gaps or overlaps (as the reference reader requires).
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [begin, end] of spans) {
    if (begin !== covered) throw corrupt('its tensors overlap or leave gaps');
    covered = end;
  }
  if (covered !== data.length) throw corrupt('it has bytes after its last tensor');
  return { tensors, names };
}
