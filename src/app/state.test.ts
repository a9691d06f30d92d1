import { describe, expect, it } from 'vitest';
import { makeBatch } from '../math';
import { appReducer, backendFor, initialState, type AppState, type Source } from './state';

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
  it('clears the error when new logits arrive', () => {
    const failed = appReducer(ready, { type: 'error', message: 'bad' });
    expect(appReducer(failed, { type: 'source', source }).error).toBeNull();
  });
});
