/**
 * Logits that are already on the GPU (as onnxruntime-web's WebGPU back end leaves a model's
 * output): the engine adopts rows t < T of each text of a (B, S, V) buffer by GPU-to-GPU copies,
 * scores them exactly as if the same rows had been uploaded, and reads back only what is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XentEngine } from '../src/engine';
import { crossEntropyCpu, makeBatch } from '../src/math';
import { nodeEngine } from './node-gpu';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('adoptRows', () => {
  let engine: XentEngine;
  beforeAll(async () => {
    engine = await nodeEngine();
  });
  afterAll(() => engine?.destroy());

  for (const [B, S, T, V] of [
    [1, 5, 4, 50257],
    [2, 7, 6, 50257],
    [3, 4, 3, 151936],
  ] as const) {
    it(`(${B}, ${S}, ${V}) → (${B}, ${T}, ${V}): the same loss and rows as an upload, read back 32 B a row`, async () => {
      const r = lcg(B * 1000 + S);
      const full = Float32Array.from({ length: B * S * V }, () => (r() - 0.5) * 12);
      // The CPU reference: rows t < T of each text.
      const kept = new Float32Array(B * T * V);
      for (let b = 0; b < B; b++) kept.set(full.subarray(b * S * V, (b * S + T) * V), b * T * V);
      const targets = Int32Array.from({ length: B * T }, (_, i) => (i * 7919 + 13) % V);
      targets[1] = -100;
      const batch = makeBatch(kept, [B, T, V], targets);

      const source = engine.device.createBuffer({
        size: full.byteLength,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      engine.device.queue.writeBuffer(source, 0, full);
      const gpu = engine.adoptRows(source, B, S, T, V);
      source.destroy(); // the adopted rows are the engine's own copy
      const before = engine.bytesReadBack;
      const result = await engine.scoreUploaded(gpu, targets, -100);
      expect(engine.bytesReadBack - before).toBe(B * T * 32);
      const cpu = crossEntropyCpu(batch);
      expect(Math.abs(result.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);
      result.tokens.forEach((t, i) => {
        expect(t.target).toBe(cpu.tokens[i]!.target);
        if (!t.ignored) expect(t.rank).toBe(cpu.tokens[i]!.rank);
      });
      const last = B * T - 1;
      expect(Array.from(await engine.readRow(gpu, last))).toEqual(
        Array.from(kept.subarray(last * V, (last + 1) * V)),
      );
      gpu.destroy();
    });
  }

  it('refuses a buffer too small for the shape', () => {
    const small = engine.device.createBuffer({
      size: 64,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    expect(() => engine.adoptRows(small, 1, 2, 1, 50257)).toThrow(/does not hold/);
    expect(() => engine.adoptRows(small, 1, 2, 3, 4)).toThrow(/T = 3 ≤ S/);
    small.destroy();
  });
});
