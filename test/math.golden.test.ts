/**
 * The CPU math (crossEntropyCpu) against every PyTorch golden case, and the book's printed numbers.
 */
import { describe, expect, it } from 'vitest';
import { parseLogitsFile } from '../src/io';
import { crossEntropyCpu, row } from '../src/math';
import { expectMatchesGolden, goldenCase, goldenCases, readRepoFile } from './golden';

describe('crossEntropyCpu matches PyTorch', () => {
  it.each(goldenCases().map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectMatchesGolden(crossEntropyCpu(c.batch()), c);
  });
});

describe('the book, chapter 5', () => {
  const c = goldenCase('book-ch05');
  const result = crossEntropyCpu(c.batch());

  it('prints loss 10.7940 and perplexity 48725.8', () => {
    expect(result.loss.toFixed(4)).toBe('10.7940');
    expect(result.perplexity.toFixed(1)).toBe('48725.8');
  });

  it('agrees with the float32 F.cross_entropy the book prints, within float32 rounding', () => {
    expect(Math.abs(result.loss - c.expected.torchFloat32Loss)).toBeLessThan(1e-5 * result.loss);
  });

  it('ranks the targets 258, 7247, 37218 / 40358, 877, 49549', () => {
    expect(result.tokens.map((t) => t.rank)).toEqual([258, 7247, 37218, 40358, 877, 49549]);
  });

  it('has the argmax ids PyTorch reports', () => {
    const batch = c.batch();
    const ids = result.tokens.map((_, r) => {
      const x = row(batch, r);
      let best = 0;
      for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
      return best;
    });
    expect(ids).toEqual(c.argmax);
  });
});

describe('the float16 file', () => {
  it('is read as float16 and widened exactly', () => {
    const c = goldenCase('float16-1000');
    if (c.source.kind !== 'npz') throw new Error('float16-1000 is a file case');
    const file = parseLogitsFile(readRepoFile(c.source.path));
    expect(file.dtype).toBe('float16');
    expect(file.logits).toBeInstanceOf(Float32Array);
    expect(file.logits).toContain(65504);
    expect(file.logits).toContain(2 ** -24);
    expect(file.logits).toContain(-Infinity);
  });
});
