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
