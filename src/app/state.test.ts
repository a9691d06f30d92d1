import { describe, expect, it } from 'vitest';
import { makeBatch } from '../math';
import { pModelOf, pModelSource } from './compute/p-model-batch';
import {
  appReducer,
  backendFor,
  clampFocus,
  DEFAULT_TEXTS,
  disagreement,
  initialState,
  P_MAX,
  P_MIN,
  STAGE_COUNT,
  type AppState,
  type Source,
} from './state';

const source: Source = {
  label: 'test',
  isExample: false,
  kind: 'file',
  batch: makeBatch(new Float32Array([0, 1]), [1, 2], [1]),
  inputs: null,
};
const ready: AppState = { ...initialState, gpu: { kind: 'ready', adapterName: 'test adapter' } };

describe('backendFor', () => {
  it('waits while the GPU boundary has not answered', () => {
    expect(backendFor(initialState)).toBeNull();
  });
  it('uses WebGPU only when preferred and ready', () => {
    expect(backendFor(ready)).toBe('webgpu');
    expect(backendFor({ ...ready, prefer: 'cpu' })).toBe('cpu');
    expect(backendFor({ gpu: { kind: 'unavailable', reason: 'none' }, prefer: 'webgpu' })).toBe('cpu');
    expect(backendFor({ gpu: { kind: 'failed', reason: 'lost' }, prefer: 'webgpu' })).toBe('cpu');
  });
});

describe('appReducer', () => {
  it('turns a GPU failure into a notice and the CPU back end', () => {
    const next = appReducer(ready, { type: 'gpu-failed', reason: 'The GPU device was lost (destroyed).' });
    expect(next.gpu).toEqual({ kind: 'failed', reason: 'The GPU device was lost (destroyed).' });
    expect(next.notice).toBe(
      'WebGPU stopped working, so the numbers are now computed on the CPU. The GPU device was lost (destroyed).',
    );
    expect(backendFor(next)).toBe('cpu');
  });
  it('ignores a GPU failure when no GPU was in use', () => {
    const none: AppState = { ...initialState, gpu: { kind: 'unavailable', reason: 'none' } };
    expect(appReducer(none, { type: 'gpu-failed', reason: 'x' })).toBe(none);
  });
  it('keeps the last result on screen when a file is refused', () => {
    const result = { loss: 1 } as never;
    const shown = appReducer(ready, { type: 'computed', shown: { result, source } });
    const refused = appReducer(shown, { type: 'error', message: 'The file is empty.' });
    expect(refused.shown?.result).toBe(result);
    expect(refused.error).toBe('The file is empty.');
    expect(refused.busy).toBe(false);
  });
  it('shows the CPU’s early numbers and stays busy until the back end in use has computed', () => {
    const cpu = { loss: 2, backend: 'cpu' } as never;
    const gpu = { loss: 2 * (1 + 9e-6), backend: 'webgpu' } as never;
    const early = appReducer(initialState, { type: 'computed', shown: { result: cpu, source }, early: true });
    expect(early.shown?.result).toBe(cpu);
    expect(early.busy).toBe(true);
    const final = appReducer(early, { type: 'computed', shown: { result: gpu, source } });
    expect(final.shown?.result).toBe(gpu);
    expect(final.busy).toBe(false);
    expect(final.notice).toBeNull(); // 9e-6 apart: within the tests' 1e-5
  });
  it('says so when the two back ends disagree beyond 1e-5 of the loss on the same logits', () => {
    const at = (loss: number, backend: string) => ({ result: { loss, backend } as never, source });
    expect(disagreement(at(2, 'cpu'), at(2 * (1 + 2e-5), 'webgpu'))).toBe(
      'WebGPU gives the loss 2.0000400 nats and the CPU gave 2.0000000, more than 1 in 100,000 apart; the numbers shown are WebGPU’s.',
    );
    expect(disagreement(at(2, 'cpu'), at(2 * (1 + 1e-5), 'webgpu'))).toBeNull();
    expect(disagreement(at(2, 'webgpu'), at(3, 'webgpu'))).toBeNull(); // a new result, not a check
    expect(disagreement(at(2, 'cpu'), { ...at(3, 'webgpu'), source: { ...source } })).toBeNull(); // other logits
    expect(disagreement(null, at(3, 'webgpu'))).toBeNull();
  });
  it('clears the error when new logits arrive', () => {
    const failed = appReducer(ready, { type: 'error', message: 'bad' });
    expect(appReducer(failed, { type: 'source', source }).error).toBeNull();
  });
});

describe('the stages and the picker', () => {
  const book: Source = {
    label: 'the book’s example',
    isExample: true,
    kind: 'book',
    batch: makeBatch(new Float32Array(2 * 3 * 4), [2, 3, 4], [0, 1, 2, 3, 0, 1]),
    inputs: null,
  };

  it('keeps the stage inside 1 … 7 and ignores what is not a whole number', () => {
    expect(appReducer(initialState, { type: 'stage', stage: 3 }).stage).toBe(3);
    expect(appReducer(initialState, { type: 'stage', stage: -1 }).stage).toBe(0);
    expect(appReducer(initialState, { type: 'stage', stage: STAGE_COUNT }).stage).toBe(STAGE_COUNT - 1);
    expect(appReducer(initialState, { type: 'stage', stage: 2.5 })).toBe(initialState);
    expect(appReducer(initialState, { type: 'stage', stage: NaN })).toBe(initialState);
  });

  it('keeps the focus on a row that exists, also when smaller logits arrive', () => {
    const withBook = appReducer(initialState, { type: 'source', source: book });
    expect(appReducer(withBook, { type: 'focus', focus: { b: 1, t: 2 } }).focus).toEqual({ b: 1, t: 2 });
    expect(appReducer(withBook, { type: 'focus', focus: { b: 9, t: -4 } }).focus).toEqual({ b: 1, t: 0 });
    const far = appReducer(withBook, { type: 'focus', focus: { b: 1, t: 2 } });
    expect(appReducer(far, { type: 'source', source }).focus).toEqual({ b: 0, t: 0 });
    expect(clampFocus({ b: 0.7, t: 1.2 }, [2, 3, 4])).toEqual({ b: 0, t: 1 });
  });

  it('follows the source: the picker shows what is on screen', () => {
    const wantText = appReducer(initialState, { type: 'want', kind: 'text' });
    expect(wantText.want).toBe('text');
    expect(appReducer(wantText, { type: 'source', source: book }).want).toBe('book');
  });

  it('keeps p inside the slider’s open interval', () => {
    expect(appReducer(initialState, { type: 'p', p: 0.25 }).p).toBe(0.25);
    expect(appReducer(initialState, { type: 'p', p: 1 }).p).toBe(P_MAX);
    expect(appReducer(initialState, { type: 'p', p: 0 }).p).toBe(P_MIN);
    expect(appReducer(initialState, { type: 'p', p: NaN })).toBe(initialState);
  });

  it('keeps the slider loss finite and non-negative', () => {
    expect(appReducer(initialState, { type: 'slider-loss', loss: 3 }).sliderLoss).toBe(3);
    expect(appReducer(initialState, { type: 'slider-loss', loss: -1 }).sliderLoss).toBe(0);
    expect(appReducer(initialState, { type: 'slider-loss', loss: Infinity })).toBe(initialState);
  });

  it('switches units and texts', () => {
    expect(appReducer(initialState, { type: 'units', units: 'bits' }).units).toBe('bits');
    const texts = ['a b', 'c d'] as const;
    expect(appReducer(initialState, { type: 'texts', texts }).texts).toBe(texts);
    expect(initialState.texts).toEqual(DEFAULT_TEXTS);
  });
});

describe('links, themes and lecture mode', () => {
  it('applies a validated link and keeps what it does not name', () => {
    const next = appReducer(initialState, {
      type: 'link',
      link: {
        stage: 4,
        source: 'text',
        texts: ['a b', 'c d'],
        units: 'bits',
        theme: 'projector',
        temperature: 2,
      },
    });
    expect(next).toMatchObject({
      stage: 4,
      want: 'text',
      texts: ['a b', 'c d'],
      units: 'bits',
      theme: 'projector',
      temperature: 2,
      p: initialState.p,
      focus: initialState.focus,
    });
    expect(appReducer(initialState, { type: 'link', link: {} })).toEqual(initialState);
  });

  it('keeps the temperature in [0.1, 5]', () => {
    expect(appReducer(initialState, { type: 'temperature', temperature: 0 }).temperature).toBe(0.1);
    expect(appReducer(initialState, { type: 'temperature', temperature: 99 }).temperature).toBe(5);
    expect(appReducer(initialState, { type: 'temperature', temperature: NaN })).toBe(initialState);
  });

  it('blanks the screen and opens the key list', () => {
    expect(appReducer(initialState, { type: 'blank', blank: true }).blank).toBe(true);
    expect(appReducer(initialState, { type: 'keys-help', open: true }).keysHelp).toBe(true);
    expect(appReducer(initialState, { type: 'theme', theme: 'dark' }).theme).toBe('dark');
  });
});

describe('predict, then reveal', () => {
  it('reveals one number at a time and starts again for new logits', () => {
    const on = appReducer(initialState, { type: 'predict', on: true });
    expect(on.revealed).toEqual({ loss: false, perplexity: false });
    const loss = appReducer(on, { type: 'reveal', what: 'loss' });
    expect(loss.revealed).toEqual({ loss: true, perplexity: false });
    const fresh = appReducer(loss, { type: 'source', source });
    expect(fresh.revealed).toEqual({ loss: false, perplexity: false });
    expect(appReducer(initialState, { type: 'link', link: { predict: true } }).predict).toBe(true);
  });

  it('moves the p model on screen to the new p in the same action, busy until scored', () => {
    const onP: AppState = {
      ...ready,
      want: 'p-model',
      p: 0.5,
      busy: false,
      source: pModelSource({ batch: makeBatch(new Float32Array(6), [1, 2, 3], [1, 2]), inputs: null }, 0.5),
    };
    const next = appReducer(onP, { type: 'p', p: 0.25 });
    expect(next.p).toBe(0.25);
    expect(next.busy).toBe(true);
    expect(next.source?.kind).toBe('p-model');
    expect(next.source && pModelOf(next.source.batch)).toEqual({ p: 0.25 });
    expect(next.source?.batch.targets).toBe(onP.source?.batch.targets);
    // The score effect's "computing" then changes nothing, so nothing renders again.
    expect(appReducer(next, { type: 'computing' })).toBe(next);
    // Another source on screen: p alone changes (the page builds the p model when asked).
    const other = appReducer({ ...onP, source }, { type: 'p', p: 0.3 });
    expect(other.source).toBe(source);
    expect(other.p).toBe(0.3);
  });
});
