import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch } from '../src/math';
import type { XentEngine } from '../src/engine';
import { nodeEngine } from './node-gpu';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('engine vs cpu (smoke)', () => {
  let engine: XentEngine;
  beforeAll(async () => {
    engine = await nodeEngine();
  });
  afterAll(() => engine.destroy());

  it.each([
    [2, 3, 50257],
    [1, 5, 7],
    [3, 2, 2],
    [1, 2, 262144],
  ])('shape (%i, %i, %i)', async (B, T, V) => {
    const r = rand(B * 1000 + T * 10 + V);
    const logits = Float32Array.from({ length: B * T * V }, () => (r() - 0.5) * 8);
    logits[3] = -Infinity;
    const targets = Array.from({ length: B * T }, () => Math.floor(r() * V));
    const batch = makeBatch(logits, [B, T, V], targets);
    const cpu = crossEntropyCpu(batch);
    const gpu = await engine.score(batch);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.loss).toBeCloseTo(cpu.loss, 5);
    gpu.tokens.forEach((t, i) => {
      const c = cpu.tokens[i]!;
      expect(t.rank).toBe(c.rank);
      expect(Math.abs(t.logProb - c.logProb)).toBeLessThan(1e-5 * Math.abs(c.logProb) + 1e-6);
      expect(Math.abs(t.entropy - c.entropy)).toBeLessThan(1e-5 * Math.abs(c.entropy) + 1e-6);
    });
  });
});

describe('prepare(): the loss pipelines compiled ahead', () => {
  it('a score asked for while they compile waits for them, uses them and agrees with the CPU', async () => {
    const engine = await nodeEngine();
    try {
      const device = engine.device;
      const made: string[] = [];
      const createSync = device.createComputePipeline.bind(device);
      device.createComputePipeline = (descriptor) => {
        made.push(descriptor.label ?? '');
        return createSync(descriptor);
      };
      const preparing = engine.prepare();
      expect(engine.prepare()).toBe(preparing);
      const r = rand(7);
      const V = 50257;
      const logits = Float32Array.from({ length: 2 * 3 * V }, () => (r() - 0.5) * 8);
      const batch = makeBatch(logits, [2, 3, V], [5, 50256, 0, 17, 3, 40000]);
      const gpu = await engine.score(batch);
      const cpu = crossEntropyCpu(batch);
      expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThan(1e-5 * cpu.loss);
      gpu.tokens.forEach((t, i) => expect(t.rank).toBe(cpu.tokens[i]!.rank));
      // The score compiled nothing itself: both of its pipelines came from prepare().
      expect(made).toEqual([]);
      await preparing;
    } finally {
      engine.destroy();
    }
  });
});
