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
      const parts = Array.from({ length: B }, (_, b) => ({ buffer: source, from: b * S, rows: T }));
      const gpu = engine.adoptRows(parts, T, V);
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

  it('texts of different lengths from separate buffers: their padding rows are zero and ignored', async () => {
    const V = 50257;
    const lengths = [5, 2];
    const T = 5;
    const r = lcg(99);
    const texts = lengths.map((n) => Float32Array.from({ length: n * V }, () => (r() - 0.5) * 12));
    const buffers = texts.map((data) => {
      const buffer = engine.device.createBuffer({
        size: data.byteLength,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      engine.device.queue.writeBuffer(buffer, 0, data);
      return buffer;
    });
    const gpu = engine.adoptRows(
      buffers.map((buffer, b) => ({ buffer, from: 0, rows: lengths[b]! })),
      T,
      V,
    );
    for (const b of buffers) b.destroy();
    const kept = new Float32Array(2 * T * V);
    kept.set(texts[0]!, 0);
    kept.set(texts[1]!, T * V); // rows 2..4 of text 2 stay zero
    const targets = Int32Array.from([11, 22, 33, 44, 55, 66, 77, -100, -100, -100]);
    const result = await engine.scoreUploaded(gpu, targets, -100);
    const cpu = crossEntropyCpu(makeBatch(kept, [2, T, V], targets));
    expect(Math.abs(result.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);
    expect(result.count).toBe(7);
    expect(Array.from(await engine.readRow(gpu, T + 3)).every((x) => x === 0)).toBe(true);
    gpu.destroy();
  });

  it('refuses a buffer too small for its rows, or more rows than T', () => {
    const small = engine.device.createBuffer({
      size: 64,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    expect(() => engine.adoptRows([{ buffer: small, from: 0, rows: 1 }], 1, 50257)).toThrow(/does not hold/);
    expect(() => engine.adoptRows([{ buffer: small, from: 0, rows: 3 }], 2, 4)).toThrow(/3 > T = 2/);
    small.destroy();
  });
});
