import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreads } from './wasm-threads';

describe('wasmThreads', () => {
  it('is one thread where the page is not cross-origin isolated', () => {
    expect(wasmThreads(false, 16)).toBe(1);
    expect(wasmThreads(false, undefined)).toBe(1);
  });

  it('is the cores where isolated, at most MAX_WASM_THREADS, at least one', () => {
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 3)).toBe(3);
    expect(wasmThreads(true, 64)).toBe(MAX_WASM_THREADS);
    expect(wasmThreads(true, 0)).toBe(1);
    expect(wasmThreads(true, undefined)).toBe(1);
    expect(wasmThreads(true, Number.NaN)).toBe(1);
  });
});
