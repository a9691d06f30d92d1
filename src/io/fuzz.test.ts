/**
 * Mutation fuzzing: valid files with bytes flipped, size fields overwritten, bytes inserted or
 * removed, or cut short. Every outcome must be a well-formed LogitsFile (or batch) or an
 * XentInputError; any other exception, or a hang, fails the test.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { XentInputError } from '../errors';
import { fixture } from '../../test/fixtures/logits-files';
import { fileToBatch, parseLogitsFile, parseNpyPair, type LogitsFile } from './index';

const BASES = [
  'stored.npz',
  'compressed.npz',
  'zip64.npz',
  'float16.npz',
  '2d.npz',
  'plain.safetensors',
  'float64.safetensors',
].map((name) => [name, fixture(name)] as const);

/** Values that make size and offset fields interesting: zero, off by one, all ones, huge. */
const SPECIAL_U32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'u32'; at: number; value: number }
  | { kind: 'insert'; at: number; value: number }
  | { kind: 'delete'; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({
    kind: fc.constant('u32' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...SPECIAL_U32), fc.nat()),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(source: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = source.slice();
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at]! ^= 1 << m.bit;
    else if (m.kind === 'byte') bytes[at] = m.value;
    else if (m.kind === 'u32') {
      if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, m.value >>> 0, true);
    } else if (m.kind === 'insert') {
      bytes = new Uint8Array([...bytes.subarray(0, at), m.value, ...bytes.subarray(at)]);
    } else {
      bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
    }
  }
  return bytes;
}

/** A parsed file must be internally consistent; a refusal must be ours. */
function checkOutcome(parse: () => LogitsFile): void {
  let file: LogitsFile;
  try {
    file = parse();
  } catch (error) {
    if (!(error instanceof XentInputError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  expect(file.logits.length).toBe(count(file.shape));
  expect(file.targets.length).toBe(count(file.targetShape));
  for (const x of file.logits) expect(x === -Infinity || Number.isFinite(x)).toBe(true);
  try {
    const batch = fileToBatch(file);
    expect(batch.logits.length).toBe(batch.shape[0] * batch.shape[1] * batch.shape[2]);
  } catch (error) {
    if (!(error instanceof XentInputError)) throw error;
  }
}

/** Iterations per property: 30,000 here and 500 in the last test. */
const RUNS = { mutated: 20000, truncated: 5000, pair: 5000 };

describe('fuzzing the readers', () => {
  test(`mutated .npz and .safetensors files (${RUNS.mutated} runs)`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        ([, bytes], ms) => {
          checkOutcome(() => parseLogitsFile(mutate(bytes, ms)));
        },
      ),
      { numRuns: RUNS.mutated, seed: 20240517 },
    );
  });

  test(`truncated files, optionally mutated (${RUNS.truncated} runs)`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.nat(),
        fc.array(mutation, { maxLength: 2 }),
        ([, bytes], cut, ms) => {
          checkOutcome(() => parseLogitsFile(mutate(bytes, ms).subarray(0, cut % (bytes.length + 1))));
        },
      ),
      { numRuns: RUNS.truncated, seed: 7 },
    );
  });

  test(`mutated .npy pairs (${RUNS.pair} runs)`, () => {
    const logits = fixture('pair/logits.npy');
    const targets = fixture('pair/targets.npy');
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 4 }), fc.array(mutation, { maxLength: 4 }), (ml, mt) => {
        checkOutcome(() => parseNpyPair(mutate(logits, ml), mutate(targets, mt)));
      }),
      { numRuns: RUNS.pair, seed: 11 },
    );
  });

  test('the fuzzing is not vacuous: some mutants parse and some are refused', () => {
    let parsed = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...BASES), mutation, ([, bytes], m) => {
        try {
          parseLogitsFile(mutate(bytes, [m]));
          parsed++;
        } catch (error) {
          expect(error).toBeInstanceOf(XentInputError);
          refused++;
        }
      }),
      { numRuns: 500, seed: 3 },
    );
    expect(parsed).toBeGreaterThan(25);
    expect(refused).toBeGreaterThan(25);
  });
});
