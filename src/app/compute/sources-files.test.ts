/**
 * loadFiles and readStream: the reader's files read as streams with their progress counted, and
 * parsed (inline here: Node has no Worker, which is the fallback the page uses where a worker
 * cannot start).
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/logits-files';
import { XentInputError } from '../../errors';
import { buffersOf, parseInput } from './parse.worker';
import { loadFiles, PROGRESS_MIN_BYTES, readStream, type LoadProgress } from './sources';

const fileOf = (name: string, bytes: Uint8Array = fixture(name)) =>
  new File([bytes.slice()], name.split('/').pop()!);

/** A .npy file (format 1.0) of a little-endian array: magic, header padded to 64 bytes, data. */
function npy(descr: string, shape: number[], data: ArrayBufferView): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = dict + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** A stream that yields `bytes` in chunks of `size`. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe('readStream', () => {
  const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);

  it('reads every chunk into one array, with or without a size hint', async () => {
    expect(await readStream(chunked(bytes, 999), bytes.length, 'x')).toEqual(bytes);
    expect(await readStream(chunked(bytes, 999), null, 'x')).toEqual(bytes);
    // A hint that is too small grows; one that is too large is cut to what came.
    expect(await readStream(chunked(bytes, 999), 100, 'x')).toEqual(bytes);
    expect(await readStream(chunked(bytes, 999), 50_000, 'x')).toEqual(bytes);
  });

  it('reports the bytes read, rising, ending at the total', async () => {
    const seen: number[] = [];
    await readStream(chunked(bytes, 500), bytes.length, 'x', (n) => seen.push(n));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.length).toBeLessThanOrEqual(102);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBe(bytes.length);
  });
});

describe('loadFiles', () => {
  it('reads an .npz, a .safetensors and an .npy pair (in either order)', async () => {
    const npz = await loadFiles([fileOf('stored.npz')]);
    expect(npz.batch.shape).toEqual([2, 3, 7]);
    expect(Array.from(npz.inputs!)).toEqual([3, 3, 2, 3, 6, 1]);
    expect(npz.label).toBe('stored.npz');
    const st = await loadFiles([fileOf('float16.safetensors')]);
    expect(st.batch.shape).toEqual([1, 2, 9]);
    const pair = await loadFiles([fileOf('pair/targets.npy'), fileOf('pair/logits.npy')]);
    expect(pair.label).toBe('logits.npy + targets.npy');
    expect(Array.from(pair.batch.targets)).toEqual(Array.from(npz.batch.targets));
  });

  it('refuses bad files with a sentence that says how to fix them', async () => {
    await expect(loadFiles([fileOf('bad-target-out-of-range.npz')])).rejects.toThrow(
      /^target 7 at \(batch 1, position 2\) is outside the vocabulary \[0, 7\) and is not ignore_index -100; save token ids below 7 .+\.$/,
    );
    await expect(loadFiles([fileOf('bad-unknown.bin')])).rejects.toBeInstanceOf(XentInputError);
    await expect(loadFiles([fileOf('pair/logits.npy'), fileOf('stored.npz')])).rejects.toThrow(
      /exactly one must have “target” in its name/,
    );
  });

  it('reports reading, then parsing, for a file of 1 MiB or more; nothing for a small one', async () => {
    const [T, V] = [64, 4096]; // 1 MiB of float32 zeros: every token's loss is ln V
    const logits = fileOf('logits.npy', npy('<f4', [1, T, V], new Float32Array(T * V)));
    const targets = fileOf('targets.npy', npy('<i8', [1, T], new BigInt64Array(T)));
    expect(logits.size + targets.size).toBeGreaterThanOrEqual(PROGRESS_MIN_BYTES);
    const seen: LoadProgress[] = [];
    const source = await loadFiles([logits, targets], (p) => seen.push(p));
    expect(source.batch.shape).toEqual([1, T, V]);
    const phases = seen.map((p) => p.phase);
    expect(phases[0]).toBe('reading');
    expect(phases.at(-1)).toBe('parsing');
    expect(phases.filter((p) => p === 'parsing')).toHaveLength(1);
    const total = logits.size + targets.size;
    expect(seen.every((p) => p.total === total && p.name === 'logits.npy + targets.npy')).toBe(true);
    expect(seen.at(-2)!.loaded).toBe(total);

    const small: LoadProgress[] = [];
    await loadFiles([fileOf('stored.npz')], (p) => small.push(p));
    expect(small).toEqual([]);
  });
});

describe('parse.worker', () => {
  it('parses an input and lists each buffer of the result once, for the transfer', () => {
    const bytes = fixture('stored.npz');
    const file = parseInput({ kind: 'file', bytes: bytes.slice().buffer, name: 'stored.npz' });
    const buffers = buffersOf(file);
    expect(buffers).toHaveLength(3);
    expect(new Set(buffers).size).toBe(3);
    expect(buffers).toContain(file.logits.buffer);
    expect(() => parseInput({ kind: 'file', bytes: new ArrayBuffer(0), name: 'empty.npz' })).toThrow(
      /^“empty\.npz” is empty/,
    );
  });
});
