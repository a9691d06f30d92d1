/**
 * The book's chapter 5 data pipeline for a long text: the 90 % split in characters, the windows
 * create_dataloader_v1 cuts, and calc_loss_loader's mean over batches of two.
 */
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import {
  allWindowsLoss,
  BOOK_BATCH,
  BOOK_CONTEXT,
  BOOK_SPLIT,
  loaderLoss,
  splitText,
  tooShort,
  windowsOf,
  windowStarts,
  type WindowLoss,
} from './windows';

/** Python's range(start, stop, step) for a positive step. */
const pyRange = (start: number, stop: number, step: number) => {
  const out: number[] = [];
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
};

describe('the book’s settings', () => {
  it('are a context of 256, a 0.9 split and batches of two', () => {
    expect([BOOK_CONTEXT, BOOK_SPLIT, BOOK_BATCH]).toEqual([256, 0.9, 2]);
  });
});

describe('splitText', () => {
  it('splits at int(0.9 × length)', () => {
    expect(splitText('abcdefghij')).toEqual({ train: 'abcdefghi', validation: 'j', splitIndex: 9 });
    expect(splitText('abcdefghijk')).toEqual({ train: 'abcdefghi', validation: 'jk', splitIndex: 9 });
    expect(splitText('abcd', 0.5)).toEqual({ train: 'ab', validation: 'cd', splitIndex: 2 });
  });

  it('The Verdict’s 20,479 characters split at 18,431 (int(18431.1))', () => {
    const text = 'x'.repeat(20_479);
    const { train, validation, splitIndex } = splitText(text);
    expect(splitIndex).toBe(18_431);
    expect(train.length).toBe(18_431);
    expect(validation.length).toBe(2_048);
  });

  it('counts a character outside the BMP once, as Python’s len does', () => {
    // 11 code points (12 UTF-16 units): int(0.9 × 11) = 9, where UTF-16 units would give 10.
    const text = 'ab😀cdefghij';
    expect(Array.from(text)).toHaveLength(11);
    expect(text).toHaveLength(12);
    expect(splitText(text)).toEqual({ train: 'ab😀cdefgh', validation: 'ij', splitIndex: 9 });
    // The split never cuts a surrogate pair in two.
    const emoji = '🎉'.repeat(10);
    const parts = splitText(emoji);
    expect(parts.train).toBe('🎉'.repeat(9));
    expect(parts.validation).toBe('🎉');
  });

  it('keeps the parts together: train + validation is the text', () => {
    const text = 'Ein Café in Köln, naïve — 東京で 🎉🤖 and more';
    for (const f of [0.1, 0.5, 0.9, 0.99]) {
      const { train, validation } = splitText(text, f);
      expect(train + validation).toBe(text);
    }
  });

  it('refuses a fraction outside (0, 1) with a sentence', () => {
    for (const f of [0, 1, -0.1, 1.5, NaN, Infinity]) {
      expect(() => splitText('abc', f), String(f)).toThrow(XentInputError);
    }
    expect(() => splitText('abc', 1)).toThrow(/fraction between 0 and 1/);
  });
});

describe('windowStarts', () => {
  it('is range(0, n − context, stride)', () => {
    for (const [n, context, stride] of [
      [4612, 256, 256],
      [534, 256, 256],
      [257, 256, 256],
      [10, 4, 2],
      [10, 4, 3],
      [100, 7, 1],
      [1000, 128, 64],
    ] as const) {
      expect(windowStarts(n, context, stride), `${n} ${context} ${stride}`).toEqual(
        pyRange(0, n - context, stride),
      );
    }
  });

  it('gives the book’s counts', () => {
    const starts = windowStarts(4612, 256, 256);
    expect(starts).toHaveLength(18);
    expect(starts[0]).toBe(0);
    expect(starts.at(-1)).toBe(4352);
    expect(windowStarts(534, 256, 256)).toEqual([0, 256]);
  });

  it('gives no window when n ≤ context, one when n = context + 1', () => {
    expect(windowStarts(256, 256, 256)).toEqual([]);
    expect(windowStarts(100, 256, 256)).toEqual([]);
    expect(windowStarts(0, 256, 256)).toEqual([]);
    expect(windowStarts(257, 256, 256)).toEqual([0]);
  });

  it('overlaps windows when the stride is shorter than the context', () => {
    expect(windowStarts(10, 4, 2)).toEqual([0, 2, 4]);
    expect(windowStarts(10, 4, 1)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses a context or stride that is not a whole number of tokens', () => {
    for (const [context, stride] of [
      [0, 1],
      [1.5, 1],
      [-4, 1],
      [4, 0],
      [4, 2.5],
      [NaN, 1],
      [4, NaN],
    ] as const) {
      expect(() => windowStarts(10, context, stride), `${context} ${stride}`).toThrow(XentInputError);
    }
    expect(() => windowStarts(10, 0, 1)).toThrow(/context/);
    expect(() => windowStarts(10, 4, 0)).toThrow(/stride/);
  });
});

describe('windowsOf', () => {
  it('gives inputs ids[s, s + context) and targets shifted by one', () => {
    const ids = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    expect(windowsOf(ids, 4, 4)).toEqual([
      { start: 0, inputs: [10, 11, 12, 13], targets: [11, 12, 13, 14] },
      { start: 4, inputs: [14, 15, 16, 17], targets: [15, 16, 17, 18] },
    ]);
    expect(windowsOf(ids, 4, 3)).toEqual([
      { start: 0, inputs: [10, 11, 12, 13], targets: [11, 12, 13, 14] },
      { start: 3, inputs: [13, 14, 15, 16], targets: [14, 15, 16, 17] },
    ]);
  });

  it('every window is full: context inputs and context targets', () => {
    const ids = Array.from({ length: 534 }, (_, i) => i);
    const windows = windowsOf(ids, 256, 256);
    expect(windows.map((w) => w.start)).toEqual([0, 256]);
    for (const w of windows) {
      expect(w.inputs).toHaveLength(256);
      expect(w.targets).toHaveLength(256);
      expect(w.targets.at(-1)).toBe(w.start + 256);
    }
    expect(windowsOf(ids.slice(0, 256), 256, 256)).toEqual([]);
  });
});

const w = (start: number, loss: number, count: number): WindowLoss => ({ start, loss, count });

describe('loaderLoss', () => {
  it('is the mean over windows when every batch is full and every window has the same count', () => {
    const windows = [w(0, 1, 4), w(4, 2, 4), w(8, 3, 4), w(12, 6, 4)];
    const part = loaderLoss(windows)!;
    expect(part.loss).toBeCloseTo(3, 12);
    expect(part.perplexity).toBeCloseTo(Math.exp(3), 9);
    expect(part).toMatchObject({ tokens: 16, windows: 4, batches: 2 });
  });

  it('weighs windows by count inside a batch but every batch equally, as calc_loss_loader does', () => {
    // Batch 1: (1·1 + 3·3) / 4 = 2.5; batch 2: (5·2 + 2·6) / 8 = 2.75; mean of batches 2.625.
    // The mean over all 12 targets would be 32 / 12 and the mean over windows 2.75.
    const windows = [w(0, 1, 1), w(1, 3, 3), w(4, 5, 2), w(6, 2, 6)];
    const part = loaderLoss(windows)!;
    expect(part.loss).toBeCloseTo(2.625, 12);
    expect(part.loss).not.toBeCloseTo(32 / 12, 3);
    expect(part.loss).not.toBeCloseTo(2.75, 3);
    expect(part).toMatchObject({ tokens: 12, windows: 4, batches: 2 });
  });

  it('keeps an incomplete last batch unless dropLast', () => {
    const windows = [w(0, 1, 4), w(4, 3, 4), w(8, 8, 4)];
    // Validation: batches (1 + 3) / 2 = 2 and 8: mean 5, not the mean over windows 4.
    const kept = loaderLoss(windows, 2, false)!;
    expect(kept.loss).toBeCloseTo(5, 12);
    expect(kept).toMatchObject({ tokens: 12, windows: 3, batches: 2 });
    // Training: the odd last window is dropped.
    const dropped = loaderLoss(windows, 2, true)!;
    expect(dropped.loss).toBeCloseTo(2, 12);
    expect(dropped).toMatchObject({ tokens: 8, windows: 2, batches: 1 });
  });

  it('defaults to the validation loader: batches of two, nothing dropped', () => {
    const windows = [w(0, 1, 4), w(4, 3, 4), w(8, 8, 4)];
    expect(loaderLoss(windows)).toEqual(loaderLoss(windows, 2, false));
  });

  it('takes other batch sizes', () => {
    const windows = [w(0, 1, 2), w(2, 2, 2), w(4, 3, 2), w(6, 10, 2), w(8, 20, 2)];
    // Batches of 3: (1 + 2 + 3) / 3 = 2 and (10 + 20) / 2 = 15 → 8.5; dropLast keeps only the first.
    expect(loaderLoss(windows, 3)!.loss).toBeCloseTo(8.5, 12);
    expect(loaderLoss(windows, 3, true)).toMatchObject({ loss: 2, windows: 3, batches: 1, tokens: 6 });
  });

  it('is null when no window is used', () => {
    expect(loaderLoss([])).toBeNull();
    expect(loaderLoss([w(0, 1, 4)], 2, true)).toBeNull();
    expect(loaderLoss([w(0, 1, 4)], 2, false)).toMatchObject({ loss: 1, windows: 1, batches: 1 });
  });
});

describe('allWindowsLoss', () => {
  it('is the mean over every target of every window', () => {
    const part = allWindowsLoss([w(0, 1, 1), w(1, 3, 3), w(4, 5, 2), w(6, 2, 6)])!;
    expect(part.loss).toBeCloseTo(32 / 12, 12);
    expect(part.perplexity).toBeCloseTo(Math.exp(32 / 12), 9);
    expect(part).toMatchObject({ tokens: 12, windows: 4, batches: 4 });
  });

  it('is null with no windows', () => {
    expect(allWindowsLoss([])).toBeNull();
  });
});

describe('tooShort', () => {
  it('says how many tokens a window needs', () => {
    const error = tooShort('validation part', 200, 256);
    expect(error).toBeInstanceOf(XentInputError);
    expect(error.message).toMatch(/^The validation part has 200 tokens; a window of 256 needs 257 or more/);
  });
});
