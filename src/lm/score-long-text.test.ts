/**
 * A long text's plan (context, split, windows per part) and the loop that scores it, with a fake
 * tokenizer (one id per character: its code point) and a fake forward pass.
 */
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import { contextFor, planLongText, scoreWindows, windowBatch } from './score-long-text';
import type { Window } from './windows';

const perChar = { encodePlain: (text: string) => Array.from(text, (c) => c.codePointAt(0)!) };

describe('contextFor', () => {
  it('is the book’s 256 unless asked, never more than the model reads', () => {
    expect(contextFor(null, null)).toBe(256);
    expect(contextFor(null, undefined)).toBe(256);
    expect(contextFor(null, 1024)).toBe(256);
    expect(contextFor(null, 128)).toBe(128);
    expect(contextFor(null, 256)).toBe(256);
  });

  it('is the context asked for when the model reads that many', () => {
    expect(contextFor(512, 1024)).toBe(512);
    expect(contextFor(1024, 1024)).toBe(1024);
    expect(contextFor(64, null)).toBe(64);
    expect(contextFor(4096, null)).toBe(4096);
  });

  it('refuses a context longer than the model reads, naming both', () => {
    expect(() => contextFor(2048, 1024)).toThrow(XentInputError);
    expect(() => contextFor(2048, 1024)).toThrow(
      /A context of 2048 tokens is longer than the 1024 positions the model reads; give --context 1024 or less\./,
    );
  });
});

describe('planLongText', () => {
  it('without a split: one part, tokenized alone, cut into windows', () => {
    const text = 'abcdefghijklmnopqrst'; // 20 ids
    const plan = planLongText(perChar, text, { context: 4, stride: null, split: null });
    expect(plan.context).toBe(4);
    expect(plan.stride).toBe(4); // the stride defaults to the context
    expect(plan.splitIndex).toBeNull();
    expect(plan.parts).toHaveLength(1);
    const [all] = plan.parts;
    expect(all!.name).toBe('all');
    expect(all!.ids).toEqual(perChar.encodePlain(text));
    // range(0, 16, 4)
    expect(all!.windows.map((w) => w.start)).toEqual([0, 4, 8, 12]);
    expect(all!.windows[1]).toEqual({
      start: 4,
      inputs: perChar.encodePlain('efgh'),
      targets: perChar.encodePlain('fghi'),
    });
  });

  it('with a split: the training part first, each part tokenized on its own', () => {
    const text = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'; // 62 characters
    const plan = planLongText(perChar, text, { context: 4, stride: 2, split: 0.5 });
    expect(plan.splitIndex).toBe(31);
    expect(plan.stride).toBe(2);
    expect(plan.parts.map((p) => p.name)).toEqual(['train', 'validation']);
    const [train, validation] = plan.parts;
    expect(train!.ids).toEqual(perChar.encodePlain(text.slice(0, 31)));
    expect(validation!.ids).toEqual(perChar.encodePlain(text.slice(31)));
    // range(0, 27, 2): 14 windows in each part of 31 ids.
    expect(train!.windows.map((w) => w.start)).toEqual(Array.from({ length: 14 }, (_, i) => 2 * i));
    expect(validation!.windows).toHaveLength(14);
    expect(validation!.windows[0]!.inputs).toEqual(perChar.encodePlain('FGHI'));
  });

  it('asks the tokenizer for each part, never for the whole text when split', () => {
    const seen: string[] = [];
    const tokenizer = {
      encodePlain: (t: string) => {
        seen.push(t);
        return perChar.encodePlain(t);
      },
    };
    planLongText(tokenizer, 'x'.repeat(90) + 'y'.repeat(10), { context: 4, stride: null, split: 0.9 });
    expect(seen).toEqual(['x'.repeat(90), 'y'.repeat(10)]);
  });

  it('caps the default context by the model’s, and refuses a longer one asked for', () => {
    const text = 'a'.repeat(300);
    expect(
      planLongText(perChar, text, { context: null, stride: null, split: null, modelContext: 128 }).context,
    ).toBe(128);
    expect(() =>
      planLongText(perChar, text, { context: 200, stride: null, split: null, modelContext: 128 }),
    ).toThrow(/longer than the 128 positions/);
  });

  it('refuses a text too short for one window with a sentence', () => {
    // 256 ids: a window of 256 needs 257.
    expect(() =>
      planLongText(perChar, 'a'.repeat(256), { context: null, stride: null, split: null }),
    ).toThrow(XentInputError);
    expect(() =>
      planLongText(perChar, 'a'.repeat(256), { context: null, stride: null, split: null }),
    ).toThrow(/^The text has 256 tokens; a window of 256 needs 257 or more/);
    expect(
      planLongText(perChar, 'a'.repeat(257), { context: null, stride: null, split: null }).parts[0]!.windows,
    ).toHaveLength(1);
  });

  it('names the part that is too short', () => {
    // 100 characters split at 90: the validation part has 10 ids, enough for a context of 8 or 9.
    expect(() =>
      planLongText(perChar, 'a'.repeat(100), { context: 8, stride: null, split: 0.9 }),
    ).not.toThrow();
    // With a context of 10 the validation part (10 ids) has none.
    expect(() => planLongText(perChar, 'a'.repeat(100), { context: 10, stride: null, split: 0.9 })).toThrow(
      /^The validation part has 10 tokens; a window of 10 needs 11 or more/,
    );
    // With a context of 95 the training part (90 ids) has none, and it is named first.
    expect(() => planLongText(perChar, 'a'.repeat(100), { context: 95, stride: null, split: 0.9 })).toThrow(
      /^The train part has 90 tokens/,
    );
  });

  it('refuses a split outside (0, 1)', () => {
    expect(() => planLongText(perChar, 'a'.repeat(100), { context: 4, stride: null, split: 1 })).toThrow(
      XentInputError,
    );
  });
});

/** A fake forward pass: the loss of a window is its first input id, every target counted. */
function fakeRun(calls: Window[]) {
  return (window: Window) => {
    calls.push(window);
    const loss = window.inputs[0]!;
    return Promise.resolve({
      loss,
      count: window.targets.length,
      nll: Float64Array.from(window.targets, () => loss),
    });
  };
}

describe('scoreWindows', () => {
  // Ids 1, 2, 3, …: a window's first input is its start + 1.
  const counting = { encodePlain: (text: string) => Array.from(text, (_, i) => i + 1) };

  it('without a split: runs every window in order and takes the mean over all targets', async () => {
    const calls: Window[] = [];
    const progress: [number, number][] = [];
    const result = await scoreWindows(
      counting,
      'a'.repeat(20),
      { context: 4, stride: null, split: null, onWindow: (done, total) => progress.push([done, total]) },
      fakeRun(calls),
    );
    expect(calls.map((w) => w.start)).toEqual([0, 4, 8, 12]);
    expect(calls[2]!.inputs).toEqual([9, 10, 11, 12]);
    expect(calls[2]!.targets).toEqual([10, 11, 12, 13]);
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(result).toMatchObject({ context: 4, stride: 4, split: null, splitIndex: null });
    expect(result.parts).toHaveLength(1);
    const all = result.parts[0]!;
    expect(all.name).toBe('all');
    expect(all.windows.map((w) => [w.start, w.loss, w.count])).toEqual([
      [0, 1, 4],
      [4, 5, 4],
      [8, 9, 4],
      [12, 13, 4],
    ]);
    expect(Array.from(all.windows[1]!.nll)).toEqual([5, 5, 5, 5]);
    // (1 + 5 + 9 + 13) / 4
    expect(all.loss!.loss).toBeCloseTo(7, 12);
    expect(all.loss).toMatchObject({ tokens: 16, windows: 4 });
  });

  it('with a split: training drops its odd last window, validation keeps it, batches of two', async () => {
    const calls: Window[] = [];
    const progress: [number, number][] = [];
    // 40 characters split at 0.5: two parts of 20 ids; context 4, stride 6: range(0, 16, 6) = 0, 6, 12.
    const result = await scoreWindows(
      counting,
      'a'.repeat(40),
      { context: 4, stride: 6, split: 0.5, onWindow: (done, total) => progress.push([done, total]) },
      fakeRun(calls),
    );
    expect(calls.map((w) => w.start)).toEqual([0, 6, 12, 0, 6, 12]);
    expect(progress.map(([d]) => d)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every(([, t]) => t === 6)).toBe(true);
    expect(result.splitIndex).toBe(20);
    expect(result.split).toBe(0.5);
    const [train, validation] = result.parts;
    expect(train!.name).toBe('train');
    expect(validation!.name).toBe('validation');
    // Losses 1, 7, 13 in each part. Training: one batch (1 + 7) / 2 = 4, the window at 12 dropped.
    expect(train!.windows).toHaveLength(3); // scored, though not counted
    expect(train!.loss).toMatchObject({ loss: 4, windows: 2, batches: 1, tokens: 8 });
    // Validation: batches (1 + 7) / 2 = 4 and 13: mean 8.5.
    expect(validation!.loss!.loss).toBeCloseTo(8.5, 12);
    expect(validation!.loss).toMatchObject({ windows: 3, batches: 2, tokens: 12 });
  });

  it('a training part with a single window has no loss, and says so with null', async () => {
    // 20 characters at 0.5: parts of 10 ids; context 8: one window each.
    const result = await scoreWindows(
      counting,
      'a'.repeat(20),
      { context: 8, stride: null, split: 0.5 },
      fakeRun([]),
    );
    expect(result.parts[0]!.windows).toHaveLength(1);
    expect(result.parts[0]!.loss).toBeNull();
    expect(result.parts[1]!.loss).toMatchObject({ loss: 1, windows: 1, batches: 1 });
  });

  it('stops between windows when cancelled, with a sentence', async () => {
    const controller = new AbortController();
    const calls: Window[] = [];
    const run = scoreWindows(
      counting,
      'a'.repeat(20),
      {
        context: 4,
        stride: null,
        split: null,
        signal: controller.signal,
        onWindow: (done) => {
          if (done === 2) controller.abort();
        },
      },
      fakeRun(calls),
    );
    await expect(run).rejects.toBeInstanceOf(XentInputError);
    await expect(run).rejects.toThrow('Scoring the text was cancelled.');
    expect(calls).toHaveLength(2);
  });

  it('runs nothing when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const calls: Window[] = [];
    await expect(
      scoreWindows(
        counting,
        'a'.repeat(20),
        { context: 4, stride: null, split: null, signal: controller.signal },
        fakeRun(calls),
      ),
    ).rejects.toThrow(XentInputError);
    expect(calls).toHaveLength(0);
  });

  it('passes the forward pass’s error through', async () => {
    await expect(
      scoreWindows(counting, 'a'.repeat(20), { context: 4, stride: null, split: null }, () =>
        Promise.reject(new XentInputError('The model failed.')),
      ),
    ).rejects.toThrow('The model failed.');
  });

  it('refuses a text too short before running anything', async () => {
    const calls: Window[] = [];
    await expect(
      scoreWindows(counting, 'abc', { context: 4, stride: null, split: null }, fakeRun(calls)),
    ).rejects.toThrow(/^The text has 3 tokens; a window of 4 needs 5 or more/);
    expect(calls).toHaveLength(0);
  });
});

describe('windowBatch', () => {
  it('is a (1, context, V) batch with the window’s targets', () => {
    const V = 3;
    const window: Window = { start: 0, inputs: [0, 1], targets: [1, 2] };
    const logits = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const batch = windowBatch(logits, V, window);
    expect(Array.from(batch.targets)).toEqual([1, 2]);
    expect(batch.logits).toBe(logits);
    expect(batch.shape).toEqual([1, 2, 3]);
  });
});
