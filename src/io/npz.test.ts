import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { bookNpz, expected, expectedLogits, fixture } from '../../test/fixtures/logits-files';
import { crc32 } from './crc32';
import { fileToBatch, parseLogitsFile } from './index';
import { refusal } from './test-helpers';
import { readZip } from './zip';

function expectMatchesNumpy(name: string) {
  const file = parseLogitsFile(fixture(name), name);
  const truth = expected[name]!;
  expect(file.format).toBe(truth.format);
  expect(file.dtype).toBe(truth.dtype);
  expect(file.shape).toEqual(truth.shape);
  expect(file.logits).toBeInstanceOf(truth.dtype === 'float64' ? Float64Array : Float32Array);
  expect([...file.logits]).toEqual(expectedLogits(truth));
  expect([...file.targets]).toEqual(truth.targets);
  expect(file.targetShape).toEqual(truth.targetShape);
  expect(file.inputs && [...file.inputs]).toEqual(truth.inputs);
  expect(file.inputShape).toEqual(truth.inputShape);
  return file;
}

describe('.npz', () => {
  test.each([
    'stored.npz',
    'compressed.npz',
    'zip64.npz',
    'float16.npz',
    'float64.npz',
    'targets-int8.npz',
    'targets-uint8.npz',
    'targets-int16.npz',
    'targets-int32.npz',
    '2d.npz',
  ])('%s matches what numpy saved', (name) => {
    expectMatchesNumpy(name);
  });

  test('the zip64 fixture really stores its sizes in zip64 extra fields', () => {
    const bytes = fixture('zip64.npz');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const end = bytes.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint32(end + 16, true)).toBe(0xffffffff); // directory offset: in the zip64 end record
    expect(readZip(bytes).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['logits.npy', 296],
      ['targets.npy', 176],
    ]);
  });

  test('the book example: (2, 3, 50257) float32 with targets and inputs', () => {
    const file = parseLogitsFile(bookNpz(), 'ch05-untrained-gpt2-logits.npz');
    expect(file.format).toBe('npz');
    expect(file.dtype).toBe('float32');
    expect(file.shape).toEqual([2, 3, 50257]);
    expect(file.logits).toBeInstanceOf(Float32Array);
    expect(file.logits.length).toBe(2 * 3 * 50257);
    expect([...file.targets]).toEqual([3626, 6100, 345, 1107, 588, 11311]);
    expect(file.targetShape).toEqual([2, 3]);
    expect([...file.inputs!]).toEqual([16833, 3626, 6100, 40, 1107, 588]);
    expect(file.inputShape).toEqual([2, 3]);
    expect(fileToBatch(file).shape).toEqual([2, 3, 50257]);
  });

  test('reads archives written by another zip writer (fflate), stored and deflated, ignoring extra members', () => {
    const logits = fixture('pair/logits.npy');
    const targets = fixture('pair/targets.npy');
    for (const level of [0, 9] as const) {
      const zip = zipSync(
        { 'notes.txt': new Uint8Array([1, 2]), 'logits.npy': logits, 'targets.npy': targets },
        { level },
      );
      const file = parseLogitsFile(zip);
      expect([...file.logits]).toEqual(expectedLogits(expected['pair/logits.npy']!));
    }
  });

  test('truncated archive, at every length', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-truncated.npz')))).toBe(
      'The .npz archive is truncated (its end is missing); copy or save the file again.',
    );
    const whole = fixture('compressed.npz');
    for (let n = 4; n < whole.length; n++) {
      expect(refusal(() => parseLogitsFile(whole.subarray(0, n)))).toMatch(
        /^The \.npz archive is (truncated|corrupt)/,
      );
    }
  });

  test('CRC mismatch', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-crc.npz')))).toBe(
      'logits.npy in the .npz archive fails its CRC-32 check, so its bytes are damaged; copy or save the file again.',
    );
  });

  test('DEFLATE data that does not inflate, or inflates to the wrong size', () => {
    const bytes = fixture('compressed.npz').slice();
    const [logits] = readZip(bytes);
    bytes.fill(0xff, logits!.dataOffset, logits!.dataOffset + 16);
    expect(refusal(() => parseLogitsFile(bytes))).toMatch(
      /^The \.npz archive is corrupt \(logits\.npy (does not inflate|inflates to (more|fewer) bytes than declared)/,
    );
  });

  test('a member claiming 2 GiB is refused from its declared size, before anything is inflated', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-huge-member.npz')))).toBe(
      'logits.npy in the .npz archive is 2.0 GiB uncompressed, more than the 1.0 GiB this tool reads; score fewer sequences or a shorter context at a time.',
    );
  });

  test('a DEFLATE member claiming more than DEFLATE can expand to is refused', () => {
    const bytes = fixture('compressed.npz').slice();
    const view = new DataView(bytes.buffer);
    const [logits] = readZip(bytes);
    // Central directory record of the first member: find it and raise its uncompressed size.
    const central = bytes.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    expect(central).toBeGreaterThan(0);
    view.setUint32(central + 24, logits!.compressedSize * 2000, true);
    expect(refusal(() => parseLogitsFile(bytes))).toMatch(
      /^The \.npz archive is corrupt \(logits\.npy declares .* of DEFLATE data\)/,
    );
  });

  test('compression methods other than stored and DEFLATE, and encryption', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-bzip2.npz')))).toBe(
      'logits.npy in the .npz archive uses zip compression method 12; save it with np.savez or np.savez_compressed (stored or DEFLATE).',
    );
    const bytes = fixture('stored.npz').slice();
    const view = new DataView(bytes.buffer);
    const central = bytes.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint16(central + 8, 1, true);
    expect(refusal(() => parseLogitsFile(bytes))).toMatch(/^logits\.npy in the \.npz archive is encrypted/);
  });

  test('missing arrays, and a PyTorch checkpoint', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-missing-targets.npz')))).toBe(
      'The .npz archive has no array named targets (it has logits, labels); save it with np.savez(path, logits=logits, targets=targets).',
    );
    expect(refusal(() => parseLogitsFile(fixture('bad-checkpoint.pt')))).toMatch(
      /^This is a PyTorch checkpoint \(torch\.save\), not an \.npz archive/,
    );
    const empty = zipSync({});
    expect(refusal(() => parseLogitsFile(empty))).toBe(
      'The .npz archive has no array named logits (it has none); save it with np.savez(path, logits=logits, targets=targets).',
    );
  });

  test('array-level refusals inside an archive name the array and the fix', () => {
    const cases: [string, string | RegExp][] = [
      [
        'bad-big-endian.npz',
        "logits is big-endian ('>f4'); save it little-endian, e.g. logits.astype('<f4').",
      ],
      [
        'bad-fortran.npz',
        'logits is stored in Fortran (column-major) order; save np.ascontiguousarray(logits) instead.',
      ],
      ['bad-targets-float.npz', 'targets has dtype float32; save it as an integer array (np.int64).'],
      [
        'bad-logits-int.npz',
        'logits has dtype int64; save it as a float array (np.float32, or float16/float64).',
      ],
      ['bad-logits-uint16.npz', /^logits has dtype uint16, which this tool does not read/],
      ['bad-targets-object.npz', /^targets is an object array/],
      ['bad-logits-1d.npz', 'logits has shape (42) but must be (tokens, vocab) or (batch, tokens, vocab).'],
      ['bad-nan.npz', /^logits has NaN at \(batch 1, position 2, token 5\)/],
      ['bad-posinf.npz', /^logits has \+inf at \(batch 0, position 1, token 3\)/],
      [
        'bad-targets-int64-range.npz',
        /^targets has the value 1099511627776 at \(batch 0, position 1\), outside the int32 range/,
      ],
      ['bad-inputs-shape.npz', /^inputs has shape \(6\) but targets has \(2, 3\)/],
    ];
    for (const [name, message] of cases) {
      const got = refusal(() => parseLogitsFile(fixture(name), name));
      if (typeof message === 'string') expect(got).toBe(message);
      else expect(got).toMatch(message);
    }
  });
});

describe('crc32', () => {
  test('the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});
