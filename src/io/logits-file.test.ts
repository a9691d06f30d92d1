import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { fixture } from '../../test/fixtures/logits-files';
import { crossEntropyCpu } from '../math';
import { checkTargetIds, fileToBatch, parseLogitsFile, MAX_LOGITS_BYTES } from './index';
import { toLogitsFile } from './logits-file';
import type { NpyArray } from './npy';
import { refusal } from './test-helpers';

describe('parseLogitsFile: recognising the format', () => {
  test('unknown, empty, gzip and single-.npy files name the accepted formats', () => {
    const accepted =
      'give .npz (np.savez or np.savez_compressed with logits and targets), .safetensors, or logits.npy with targets.npy.';
    expect(refusal(() => parseLogitsFile(fixture('bad-unknown.bin'), 'scores.csv'))).toBe(
      `scores.csv is not a format this tool reads; ${accepted}`,
    );
    expect(refusal(() => parseLogitsFile(new Uint8Array(), 'x.npz'))).toBe(
      `x.npz is empty (0 bytes); ${accepted}`,
    );
    expect(refusal(() => parseLogitsFile(gzipSync(fixture('stored.npz')), 'x.npz.gz'))).toMatch(
      /^x\.npz\.gz is gzip-compressed; decompress it first/,
    );
    expect(refusal(() => parseLogitsFile(fixture('pair/logits.npy'), 'logits.npy'))).toBe(
      'logits.npy is a single .npy array; give logits.npy together with targets.npy, or save both in one .npz with np.savez.',
    );
  });

  test('the format comes from the content, not the name', () => {
    expect(parseLogitsFile(fixture('plain.safetensors'), 'misnamed.npz').format).toBe('safetensors');
    expect(parseLogitsFile(fixture('stored.npz'), 'misnamed.safetensors').format).toBe('npz');
  });
});

describe('fileToBatch: shapes and targets', () => {
  test("the issue's shape mismatch message", () => {
    const file = parseLogitsFile(fixture('bad-shape-mismatch.npz'));
    expect(refusal(() => fileToBatch(file))).toBe(
      'targets has shape (1, 3) but logits has (1, 4, 100): they must agree on (batch, tokens).',
    );
  });

  test('targets outside [0, V) unless they equal ignore_index', () => {
    const file = parseLogitsFile(fixture('bad-target-out-of-range.npz'));
    expect(refusal(() => fileToBatch(file))).toBe(
      'target 7 at (batch 1, position 2) is outside the vocabulary [0, 7) and is not ignore_index -100; save token ids below 7 from the tokenizer of the model that made the logits, and mark padding with -100.',
    );
    expect(refusal(() => fileToBatch(file, -1))).toMatch(
      /is not ignore_index -1; .+ mark padding with -1\.$/,
    );
  });

  test('checkTargetIds: the same refusal with its fix, after the shape check', () => {
    const file = parseLogitsFile(fixture('bad-target-out-of-range.npz'));
    expect(refusal(() => checkTargetIds(file))).toBe(
      'target 7 at (batch 1, position 2) is outside the vocabulary [0, 7) and is not ignore_index -100; save token ids below 7 from the tokenizer of the model that made the logits, and mark padding with -100.',
    );
    expect(refusal(() => checkTargetIds(parseLogitsFile(fixture('2d.npz')), 0))).toMatch(
      /^target -100 at \(batch 0, position 1\) is outside the vocabulary \[0, 5\) and is not ignore_index 0; .+ mark padding with 0\.$/,
    );
    for (const good of ['stored.npz', '2d.npz', 'targets-int8.npz']) {
      expect(() => checkTargetIds(parseLogitsFile(fixture(good)))).not.toThrow();
    }
    // Shapes that disagree are fileToBatch's to report.
    const mismatch = parseLogitsFile(fixture('bad-shape-mismatch.npz'));
    expect(() => checkTargetIds(mismatch)).not.toThrow();
    expect(refusal(() => fileToBatch(mismatch))).toMatch(/^targets has shape \(1, 3\)/);
  });

  test('ignore_index: -100 by default, or another value given', () => {
    const file = parseLogitsFile(fixture('2d.npz'));
    const batch = fileToBatch(file);
    expect(batch.shape).toEqual([1, 4, 5]);
    expect(batch.ignoreIndex).toBe(-100);
    const result = crossEntropyCpu(batch);
    expect(result.tokens.map((t) => t.ignored)).toEqual([false, true, false, false]);
    expect(result.count).toBe(3);
    expect(refusal(() => fileToBatch(file, 0))).toMatch(/^target -100 at \(batch 0, position 1\)/);
  });
});

describe('toLogitsFile: limits', () => {
  const array = (dtype: NpyArray['dtype'], shape: number[]): NpyArray => ({
    dtype,
    shape,
    data: new Uint8Array(8),
  });

  test('logits over 1 GiB in memory are refused with the reason, before decoding', () => {
    // float16 (1, 20000, 50257) is 1.9 GiB on disk and 3.7 GiB as float32: refused from its shape alone.
    const message = refusal(() =>
      toLogitsFile(
        'npz',
        { logits: array('float16', [1, 20000, 50257]), targets: array('int64', [1, 20000]) },
        [],
      ),
    );
    expect(message).toBe(
      'logits (1, 20000, 50257) takes 3.7 GiB as float32, more than the 1.0 GiB this tool accepts; score fewer sequences or a shorter context at a time.',
    );
    expect(MAX_LOGITS_BYTES).toBe(2 ** 30);
  });

  test('logits and targets must both be there', () => {
    expect(refusal(() => toLogitsFile('npy', { targets: array('int64', [1]) }, ['targets']))).toBe(
      'There is no .npy file named logits (it has targets); save logits.npy and targets.npy with np.save.',
    );
  });
});
