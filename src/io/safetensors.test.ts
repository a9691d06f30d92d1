import { describe, expect, test } from 'vitest';
import { expected, expectedLogits, fixture } from '../../test/fixtures/logits-files';
import { parseLogitsFile } from './index';
import { refusal } from './test-helpers';

/** 8-byte LE header length | JSON header | data, as the format lays it out. */
function safetensors(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const logits = new Uint8Array(new Float32Array([0, 1, 2, 3]).buffer); // (1, 2, 2) F32, 16 bytes
const targets = new Uint8Array(new Int32Array([1, 0]).buffer); // (1, 2) I32, 8 bytes
const both = new Uint8Array([...logits, ...targets]);
const entries = {
  logits: { dtype: 'F32', shape: [1, 2, 2], data_offsets: [0, 16] },
  targets: { dtype: 'I32', shape: [1, 2], data_offsets: [16, 24] },
};

describe('.safetensors', () => {
  test.each(['plain.safetensors', 'float16.safetensors', 'float64.safetensors', 'targets-i8.safetensors'])(
    '%s matches what numpy saved',
    (name) => {
      const file = parseLogitsFile(fixture(name), name);
      const truth = expected[name]!;
      expect(file).toMatchObject({ format: 'safetensors', dtype: truth.dtype, shape: truth.shape });
      expect([...file.logits]).toEqual(expectedLogits(truth));
      expect([...file.targets]).toEqual(truth.targets);
      expect(file.targetShape).toEqual(truth.targetShape);
      expect(file.inputs && [...file.inputs]).toEqual(truth.inputs);
    },
  );

  test('reads a file it builds itself, and skips tensors it does not use, whatever their dtype', () => {
    const file = parseLogitsFile(
      safetensors(
        {
          ...entries,
          __metadata__: { a: 'b' },
          extra: { dtype: 'BF16', shape: [1], data_offsets: [24, 26] },
        },
        new Uint8Array([...both, 0, 0]),
      ),
    );
    expect([...file.logits]).toEqual([0, 1, 2, 3]);
    expect([...file.targets]).toEqual([1, 0]);
  });

  test('truncated data, and a header length beyond the file', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-truncated.safetensors')))).toMatch(
      /^The \.safetensors file is truncated or corrupt: targets lies at bytes \[168, 216\) but the data holds 196 bytes/,
    );
    const whole = safetensors(entries, both);
    expect(refusal(() => parseLogitsFile(whole.subarray(0, 40)))).toMatch(
      /^The \.safetensors file is truncated: its header declares \d+ bytes but the file holds 32 bytes/,
    );
  });

  test('a header claiming an impossible size is refused before anything is allocated', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-huge-header.safetensors')))).toBe(
      "The .safetensors file is corrupt (its header claims 1.0 TiB, more than the format allows); save it again with safetensors' save_file.",
    );
  });

  test('dtypes it does not read, for the tensors it uses', () => {
    expect(refusal(() => parseLogitsFile(fixture('bad-bf16.safetensors')))).toBe(
      'logits has safetensors dtype BF16, which this tool does not read (it reads F16, F32, F64, I8, I16, I32, I64 and U8); save it as a float array (np.float32, or float16/float64).',
    );
    const f32targets = { ...entries, targets: { dtype: 'F32', shape: [1, 2], data_offsets: [16, 24] } };
    expect(refusal(() => parseLogitsFile(safetensors(f32targets, both)))).toBe(
      'targets has dtype float32; save it as an integer array (np.int64).',
    );
  });

  test('offsets that overlap, leave gaps or disagree with the shape', () => {
    const cases: [object, Uint8Array, RegExp][] = [
      [{ ...entries, targets: { ...entries.targets, data_offsets: [8, 16] } }, both, /overlap or leave gaps/],
      [entries, new Uint8Array([...both, 9]), /bytes after its last tensor/],
      [
        { ...entries, logits: { ...entries.logits, shape: [1, 2, 3] } },
        both,
        /logits has shape \(1, 2, 3\) float32 but 16 bytes/,
      ],
      [
        { ...entries, logits: { ...entries.logits, data_offsets: [16, 0] } },
        both,
        /logits lies at bytes \[16, 0\)/,
      ],
      [{ ...entries, logits: { ...entries.logits, shape: [1, -2, 2] } }, both, /logits has no valid shape/],
      [
        { ...entries, logits: { ...entries.logits, data_offsets: [0] } },
        both,
        /logits has no valid data_offsets/,
      ],
      [{ ...entries, logits: 'x' }, both, /the entry for logits is not an object/],
      [{ ...entries, logits: { shape: [1], data_offsets: [0, 16] } }, both, /logits has no dtype/],
    ];
    for (const [header, data, message] of cases) {
      expect(refusal(() => parseLogitsFile(safetensors(header, data)))).toMatch(message);
    }
  });

  test('a header that is not JSON, or not an object', () => {
    const notJson = safetensors({}, new Uint8Array());
    notJson.set(new TextEncoder().encode('{x'), 8);
    expect(refusal(() => parseLogitsFile(notJson))).toMatch(/its header is not valid UTF-8 JSON/);
    const array = new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}[]')]);
    expect(refusal(() => parseLogitsFile(array))).toMatch(/its header is not valid UTF-8 JSON/);
  });

  test('missing tensors are named, with what the file has instead', () => {
    const { logits: _, ...onlyTargets } = entries;
    const data = both.subarray(16);
    const shifted = { targets: { ...onlyTargets.targets, data_offsets: [0, 8] } };
    expect(refusal(() => parseLogitsFile(safetensors(shifted, data)))).toBe(
      "The .safetensors file has no tensor named logits (it has targets); save it with save_file({'logits': logits, 'targets': targets}, path).",
    );
  });
});
