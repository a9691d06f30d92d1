import { describe, expect, it } from 'vitest';
import { lazyPart } from './Lazy';

/** A load whose promises the test settles by hand, counting how often it was asked. */
function manualLoad() {
  const calls: { resolve: (v: () => null) => void; reject: (e: unknown) => void }[] = [];
  const load = () =>
    new Promise<() => null>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { load, calls };
}

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('lazyPart', () => {
  it('shares one load between preloads and the view', () => {
    const { load, calls } = manualLoad();
    const part = lazyPart(load);
    part.preload();
    part.preload();
    part.view();
    expect(calls).toHaveLength(1);
  });

  it('asks again after a failed load', async () => {
    const { load, calls } = manualLoad();
    const part = lazyPart(load);
    part.preload();
    calls[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await settle();
    part.preload();
    expect(calls).toHaveLength(2);
  });

  it('retry() forgets a load still in flight, and its late failure does not undo the new one', async () => {
    const { load, calls } = manualLoad();
    const part = lazyPart(load);
    part.preload();
    part.retry();
    part.preload();
    expect(calls).toHaveLength(2);
    const component = () => null;
    calls[1]!.resolve(component);
    await settle();
    calls[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await settle();
    // The view is the loaded component itself, not a new lazy wrapper, and no third load began.
    expect(part.view()).toBe(component);
    expect(calls).toHaveLength(2);
  });
});
