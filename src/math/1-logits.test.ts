import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORE_INDEX, makeBatch, row } from './1-logits';
import { RUNS, refusal } from './test-helpers';

/** One sentence: no line break, ends with a full stop. */
const SENTENCE = /^[^\n]+\.$/;

describe('makeBatch accepts', () => {
  it('(T, V) as one sequence, and (B, T, V) with (T) targets when B = 1', () => {
    const logits = new Float32Array(6);
    expect(makeBatch(logits, [3, 2], [0, 1, 0]).shape).toEqual([1, 3, 2]);
    expect(makeBatch(logits, [1, 3, 2], [0, 1, 0], { targetShape: [3] }).shape).toEqual([1, 3, 2]);
    expect(makeBatch(logits, [3, 2], [0, 1, 0], { targetShape: [3] }).targets).toEqual(
      Int32Array.of(0, 1, 0),
    );
  });

  it('ignore_index where a target would be out of range, default −100', () => {
    const batch = makeBatch(new Float32Array(4), [2, 2], [-100, 1]);
    expect(batch.ignoreIndex).toBe(DEFAULT_IGNORE_INDEX);
    expect(makeBatch(new Float32Array(4), [2, 2], [7, 1], { ignoreIndex: 7 }).targets[0]).toBe(7);
  });

  it('rows as views of the logits, row r = b · T + t', () => {
    const logits = Float32Array.from({ length: 12 }, (_, i) => i);
    const batch = makeBatch(logits, [2, 2, 3], [0, 0, 0, 0]);
    expect(Array.from(row(batch, 3))).toEqual([9, 10, 11]);
    expect(row(batch, 1).buffer).toBe(logits.buffer);
  });
});

describe('makeBatch refuses, in one sentence that names the problem', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['1-D logits', () => makeBatch(new Float32Array(3), [3], [0]), /shape \(3\).*\(tokens, vocab\)/],
    ['4-D logits', () => makeBatch(new Float32Array(4), [1, 1, 2, 2], [0]), /shape \(1, 1, 2, 2\)/],
    ['a zero dimension', () => makeBatch(new Float32Array(0), [2, 0, 5], []), /at least 1/],
    ['a fractional dimension', () => makeBatch(new Float32Array(3), [1.5, 2], [0]), /at least 1/],
    ['one class', () => makeBatch(new Float32Array(3), [3, 1], [0, 0, 0]), /vocabulary of 1.*at least 2/],
    ['too few values', () => makeBatch(new Float32Array(5), [2, 3], [0, 0]), /5 values.*needs 6/],
    ['too few targets', () => makeBatch(new Float32Array(6), [3, 2], [0, 1]), /2 values.*3 rows/],
    [
      'targets of another shape',
      () => makeBatch(new Float32Array(12), [2, 3, 2], [0, 0, 0, 0, 0, 0], { targetShape: [3, 2] }),
      /targets has shape \(3, 2\).*\(batch, tokens\)/,
    ],
    [
      'a target ≥ V',
      () => makeBatch(new Float32Array(6), [1, 3, 2], [0, 2, 0]),
      /target 2 at \(batch 0, position 1\)/,
    ],
    ['a negative target', () => makeBatch(new Float32Array(6), [3, 2], [0, 1, -1]), /target -1 .*position 2/],
    ['a fractional target', () => makeBatch(new Float32Array(4), [2, 2], [0.5, 1]), /target 0.5/],
    [
      'a fractional ignore_index',
      () => makeBatch(new Float32Array(4), [2, 2], [0, 1], { ignoreIndex: 1.5 }),
      /1.5/,
    ],
  ];

  it.each(cases)('%s', (_what, run, names) => {
    const message = refusal(run);
    expect(message).toMatch(SENTENCE);
    expect(message).toMatch(names);
  });

  it('any out-of-vocabulary target, with its value and (batch, position)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 9 }),
        fc.nat(),
        fc.oneof(
          fc.integer({ min: -1000, max: -101 }),
          fc.integer({ min: -99, max: -1 }),
          fc.integer({ min: 9, max: 1e6 }),
        ),
        (B, T, V, pick, bad) => {
          const targets = new Array<number>(B * T).fill(0);
          const r = pick % (B * T);
          const id = bad >= 0 ? Math.max(bad, V) : bad;
          targets[r] = id;
          const message = refusal(() => makeBatch(new Float32Array(B * T * V), [B, T, V], targets));
          expect(message).toMatch(SENTENCE);
          expect(message).toContain(`target ${id} at (batch ${Math.floor(r / T)}, position ${r % T})`);
          expect(message).toContain(`[0, ${V})`);
        },
      ),
      RUNS,
    );
  });
});
