import { describe, expect, test } from 'vitest';
import { expected, expectedLogits, fixture } from '../../test/fixtures/logits-files';
import { parseNpy, parseNpyPair } from './index';
import { refusal } from './test-helpers';

/** A .npy file from a header literal and data bytes, padded as np.save pads (to 64 bytes, '\n'-terminated). */
function npy(header: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const padded = header + ' '.repeat(63 - ((prefix + header.length) % 64)) + '\n';
  const text = new TextEncoder().encode(padded);
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, prefix);
  out.set(data, prefix + text.length);
  return out;
}

const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const header = (descr: string, shape: string, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe('parseNpy', () => {
  test('reads versions 1.0, 2.0 and 3.0 written by numpy', () => {
    const v1 = parseNpy(fixture('pair/logits.npy'), 'logits');
    const v2 = parseNpy(fixture('v2-logits.npy'), 'logits');
    const v3 = parseNpy(fixture('v3-targets.npy'), 'targets');
    expect(v1.dtype).toBe('float32');
    expect(v1.shape).toEqual([2, 3, 7]);
    expect([...v2.data]).toEqual([...v1.data]);
    expect(v3).toMatchObject({ dtype: 'int64', shape: [2, 3] });
    expect(v3.data.length).toBe(48);
  });

  test('reads a header it builds itself, in each version', () => {
    for (const version of [1, 2, 3]) {
      const a = parseNpy(npy(header('<f4', '(1, 2)'), f32([1.5, -2]), version));
      expect(a).toMatchObject({ dtype: 'float32', shape: [1, 2] });
      expect([...new Float32Array(a.data.slice().buffer)]).toEqual([1.5, -2]);
    }
  });

  test('reads one-byte and scalar-free shapes numpy writes', () => {
    expect(parseNpy(npy(header('|u1', '(3,)'), new Uint8Array([1, 2, 3]))).shape).toEqual([3]);
    expect(parseNpy(npy(header('|i1', '(0, 4)'), new Uint8Array())).shape).toEqual([0, 4]);
  });

  test('refuses a file that is not .npy, or an unknown version', () => {
    expect(refusal(() => parseNpy(new TextEncoder().encode('hello world'), 'logits'))).toMatch(
      /^logits is not a \.npy array/,
    );
    const v4 = npy(header('<f4', '(1,)'), f32([1]));
    v4[6] = 4;
    expect(refusal(() => parseNpy(v4, 'logits'))).toMatch(
      /version 4\.0; this tool reads versions 1\.0, 2\.0 and 3\.0/,
    );
  });

  test('refuses big-endian, Fortran-order, object, structured and unsupported dtypes, naming the fix', () => {
    expect(refusal(() => parseNpy(npy(header('>f4', '(1,)'), f32([1])), 'logits'))).toBe(
      "logits is big-endian ('>f4'); save it little-endian, e.g. logits.astype('<f4').",
    );
    expect(refusal(() => parseNpy(npy(header('<f4', '(2, 2)', 'True'), f32([1, 2, 3, 4])), 'logits'))).toBe(
      'logits is stored in Fortran (column-major) order; save np.ascontiguousarray(logits) instead.',
    );
    expect(refusal(() => parseNpy(npy(header('|O', '(1,)'), new Uint8Array(8)), 'targets'))).toMatch(
      /^targets is an object array .* save it as an integer array \(np\.int64\)\.$/,
    );
    const structured = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }";
    expect(refusal(() => parseNpy(npy(structured, f32([1])), 'logits'))).toMatch(
      /structured \(record\) dtype/,
    );
    expect(refusal(() => parseNpy(npy(header('<u2', '(1,)'), new Uint8Array(2)), 'targets'))).toBe(
      'targets has dtype uint16, which this tool does not read; save it as an integer array (np.int64).',
    );
    expect(refusal(() => parseNpy(npy(header('|b1', '(1,)'), new Uint8Array(1)), 'targets'))).toMatch(
      /^targets has dtype bool/,
    );
  });

  test('checks the data size against the header before allocating', () => {
    expect(refusal(() => parseNpy(fixture('bad-truncated.npy'), 'logits'))).toBe(
      'logits is truncated or its header is corrupt: the header declares shape (2, 3, 7) float32 (168 bytes) but only 158 bytes of data follow; copy or save the file again.',
    );
    expect(refusal(() => parseNpy(fixture('bad-huge-shape.npy'), 'logits'))).toMatch(
      /declares shape \(200000, 300000, 70000\) float32 \(15 PiB\) but only 168 bytes/,
    );
    const overflow = npy(header('<f8', '(9007199254740991, 9007199254740991)'), f32([1]));
    expect(refusal(() => parseNpy(overflow, 'logits'))).toMatch(/more than 2\^53 bytes/);
    expect(refusal(() => parseNpy(npy(header('<f4', '(1,)'), f32([1, 2])), 'logits'))).toMatch(
      /^logits has 4 bytes more data than its header declares/,
    );
  });

  test('refuses damaged headers with one sentence', () => {
    const cases: [string, RegExp][] = [
      ["{'descr': '<f4', 'fortran_order': False}", /keys \(descr, fortran_order\) instead of/],
      [
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
        /keys \(descr, fortran_order, shape, x\)/,
      ],
      ["{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", /fortran_order is not True or False/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", /shape is not a tuple of sizes/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", /shape is not a tuple of sizes/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", /unreadable \.npy header \(expected/],
      ["{'descr': '<f4', 'descr': '<f4', 'shape': (1,)}", /duplicate key 'descr'/],
      ['(1, 2)', /not a dictionary/],
      ['((((((((((((((((((((1))))))))))))))))))))', /nesting too deep/],
    ];
    for (const [text, message] of cases) {
      expect(refusal(() => parseNpy(npy(text, f32([1])), 'logits'))).toMatch(message);
    }
    const cut = npy(header('<f4', '(1,)'), f32([1])).subarray(0, 40);
    expect(refusal(() => parseNpy(cut, 'logits'))).toBe(
      'logits is truncated inside its .npy header; copy or save the file again.',
    );
  });
});

describe('parseNpyPair', () => {
  test('reads logits.npy with targets.npy and matches numpy', () => {
    const file = parseNpyPair(fixture('pair/logits.npy'), fixture('pair/targets.npy'));
    const truth = expected['pair/logits.npy']!;
    expect(file).toMatchObject({
      format: 'npy',
      dtype: 'float32',
      shape: truth.shape,
      targetShape: truth.targetShape,
    });
    expect([...file.logits]).toEqual(expectedLogits(truth));
    expect([...file.targets]).toEqual(truth.targets);
    expect(file.inputs).toBeUndefined();
  });

  test('mixes format versions (a v2 logits with a v3 targets)', () => {
    const file = parseNpyPair(fixture('v2-logits.npy'), fixture('v3-targets.npy'));
    expect([...file.targets]).toEqual(expected['pair/logits.npy']!.targets);
  });

  test('names the array that is wrong', () => {
    expect(refusal(() => parseNpyPair(fixture('pair/targets.npy'), fixture('pair/targets.npy')))).toBe(
      'logits has dtype int64; save it as a float array (np.float32, or float16/float64).',
    );
    expect(refusal(() => parseNpyPair(fixture('pair/logits.npy'), fixture('pair/logits.npy')))).toBe(
      'targets has dtype float32; save it as an integer array (np.int64).',
    );
    expect(refusal(() => parseNpyPair(fixture('pair/logits.npy'), fixture('bad-truncated.npy')))).toMatch(
      /^targets is truncated/,
    );
  });
});
