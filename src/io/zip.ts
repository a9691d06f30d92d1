/**
 * The zip container of .npz files (np.savez: stored; np.savez_compressed: DEFLATE), read from
 * its central directory, with zip64 extra fields and the zip64 end record.
 *
 *   [local header | member data]* | central directory (one record per member) | end record
 *
 * Written here rather than taken from a library because it must be strict: sizes come from the
 * central directory and are checked against the archive and against limits before a member is
 * inflated; only the raw DEFLATE decoding is delegated (to fflate), into a buffer of the
 * declared size, and the result is checked against the declared size and CRC-32.
 */
import { inflateSync } from 'fflate';
import { XentInputError } from '../errors';
import { crc32 } from './crc32';
import { MAX_DEFLATE_RATIO, MAX_MEMBER_BYTES, formatBytes } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = DEFLATE. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc: number;
  /** Offset of the member's data (after its local header) in the archive. */
  dataOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && bytes[3] === bytes[2] + 1
  );
}

function corrupt(what: string): XentInputError {
  return new XentInputError(
    `The .npz archive is corrupt (${what}); save it again with np.savez or np.savez_compressed.`,
  );
}

const TRUNCATED = 'The .npz archive is truncated (its end is missing); copy or save the file again.';

/** Bounds-checked little-endian reads; any read past the end means the archive is cut short. */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(at: number, size: number): void {
    if (at < 0 || at + size > this.bytes.length) throw new XentInputError(TRUNCATED);
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  /** A u64 that must be a safe integer (any larger offset or size cannot be in memory anyway). */
  u64(at: number): number {
    const lo = this.u32(at);
    const hi = this.u32(at + 4);
    if (hi >= 2 ** 21) throw corrupt('a 64-bit size is impossibly large');
    return hi * 2 ** 32 + lo;
  }
  slice(at: number, size: number): Uint8Array {
    this.check(at, size);
    return this.bytes.subarray(at, at + size);
  }
}

/** Position of the end-of-central-directory record: 22 bytes plus a comment of up to 65,535. */
function findEnd(r: Reader): number {
  const n = r.bytes.length;
  for (let at = n - 22; at >= 0 && at >= n - 22 - U16_MAX; at--) {
    if (r.u32(at) === SIG_END && at + 22 + r.u16(at + 20) === n) return at;
  }
  throw new XentInputError(TRUNCATED);
}

interface Directory {
  count: number;
  size: number;
  offset: number;
}

function readDirectory(r: Reader, end: number): Directory {
  if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) throw corrupt('it spans several disks');
  const dir = { count: r.u16(end + 10), size: r.u32(end + 12), offset: r.u32(end + 16) };
  if (dir.count !== U16_MAX && dir.size !== U32_MAX && dir.offset !== U32_MAX) return dir;
  // zip64: a locator just before the end record points at the 64-bit end record.
  const locator = end - 20;
  if (locator < 0 || r.u32(locator) !== SIG_LOCATOR64) throw corrupt('its zip64 end record is missing');
  const end64 = r.u64(locator + 8);
  if (r.u32(end64) !== SIG_END64) throw corrupt('its zip64 end record is missing');
  return { count: r.u64(end64 + 32), size: r.u64(end64 + 40), offset: r.u64(end64 + 48) };
}

/** Reads the zip64 extra field (id 0x0001): the 64-bit values of the fields stored as 0xFFFFFFFF. */
function applyZip64(
  r: Reader,
  extraStart: number,
  extraLength: number,
  fields: { uncompressed: number; compressed: number; offset: number },
): void {
  let at = extraStart;
  const stop = extraStart + extraLength;
  while (at + 4 <= stop) {
    const id = r.u16(at);
    const size = r.u16(at + 2);
    if (at + 4 + size > stop) throw corrupt('an extra field overruns its record');
    if (id === 0x0001) {
      let p = at + 4;
      const take = (): number => {
        if (p + 8 > at + 4 + size) throw corrupt('a zip64 extra field is too short');
        const v = r.u64(p);
        p += 8;
        return v;
      };
      if (fields.uncompressed === U32_MAX) fields.uncompressed = take();
      if (fields.compressed === U32_MAX) fields.compressed = take();
      if (fields.offset === U32_MAX) fields.offset = take();
      return;
    }
    at += 4 + size;
  }
  if (fields.uncompressed === U32_MAX || fields.compressed === U32_MAX || fields.offset === U32_MAX) {
    throw corrupt('a zip64 size is missing its extra field');
  }
}

/** The members of a zip archive, from its central directory; nothing is decompressed. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const r = new Reader(bytes);
  const end = findEnd(r);
  const dir = readDirectory(r, end);
  if (dir.offset + dir.size > end) throw corrupt('its central directory lies past its end record');
  // A central record is at least 46 bytes: a count the directory cannot hold is corrupt.
  if (dir.count * 46 > dir.size) throw corrupt('its member count does not fit its directory');

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let at = dir.offset;
  for (let k = 0; k < dir.count; k++) {
    if (r.u32(at) !== SIG_CENTRAL) throw corrupt('a central directory record is damaged');
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const fields = { compressed: r.u32(at + 20), uncompressed: r.u32(at + 24), offset: r.u32(at + 42) };
    const name = decoder.decode(r.slice(at + 46, nameLength));
    applyZip64(r, at + 46 + nameLength, extraLength, fields);
    if (flags & 1) {
      throw new XentInputError(
        `${name} in the .npz archive is encrypted; save the arrays without a password.`,
      );
    }
    if (method !== 0 && method !== 8) {
      throw new XentInputError(
        `${name} in the .npz archive uses zip compression method ${method}; save it with np.savez or np.savez_compressed (stored or DEFLATE).`,
      );
    }
    if (r.u32(fields.offset) !== SIG_LOCAL) throw corrupt(`the local header of ${name} is damaged`);
    const dataOffset = fields.offset + 30 + r.u16(fields.offset + 26) + r.u16(fields.offset + 28);
    if (dataOffset + fields.compressed > dir.offset)
      throw corrupt(`the data of ${name} overruns the archive`);
    entries.push({
      name,
      method,
      compressedSize: fields.compressed,
      uncompressedSize: fields.uncompressed,
      crc: r.u32(at + 16),
      dataOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== dir.offset + dir.size) throw corrupt('its central directory size is wrong');
  return entries;
}

/**
 * One member's bytes, checked against its declared size and CRC-32. The declared size is
 * bounded (by the size limit and by what DEFLATE can expand to) before anything is allocated.
 */
export function extractZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const { name, method, compressedSize, uncompressedSize } = entry;
  if (uncompressedSize > MAX_MEMBER_BYTES) {
    throw new XentInputError(
      `${name} in the .npz archive is ${formatBytes(uncompressedSize)} uncompressed, more than the ${formatBytes(MAX_MEMBER_BYTES)} this tool reads; score fewer sequences or a shorter context at a time.`,
    );
  }
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + compressedSize);
  let out: Uint8Array;
  if (method === 0) {
    if (compressedSize !== uncompressedSize) throw corrupt(`${name} is stored but its two sizes differ`);
    out = data;
  } else {
    // The smallest DEFLATE stream is 2 bytes; none expands more than MAX_DEFLATE_RATIO times.
    if (compressedSize < 2 || uncompressedSize > compressedSize * MAX_DEFLATE_RATIO + 64) {
      throw corrupt(
        `${name} declares ${formatBytes(uncompressedSize)} from ${formatBytes(compressedSize)} of DEFLATE data`,
      );
    }
    // One spare byte shows a stream that inflates to more than declared (fflate stops at the buffer's end).
    const buffer = new Uint8Array(uncompressedSize + 1);
    try {
      out = inflateSync(data, { out: buffer });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw corrupt(`${name} does not inflate: ${why}`);
    }
    if (out.length !== uncompressedSize) {
      throw corrupt(
        `${name} inflates to ${out.length > uncompressedSize ? 'more' : 'fewer'} bytes than declared`,
      );
    }
  }
  if (crc32(out) !== entry.crc) {
    throw new XentInputError(
      `${name} in the .npz archive fails its CRC-32 check, so its bytes are damaged; copy or save the file again.`,
    );
  }
  return out;
}
