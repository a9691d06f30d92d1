/**
 * The on-demand kernels (probabilities, top-k, log-prob histogram) and the engine's failure
 * modes, against the CPU math on the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type GpuLogits, type XentEngine } from '../src/engine';
import {
  crossEntropyCpu,
  logSoftmax,
  makeBatch,
  row,
  softmax,
  withTemperature,
  type LogitsBatch,
} from '../src/math';
import { nodeEngine } from './node-gpu';

/** A small seeded generator (LCG) for test inputs; the values themselves are not golden. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomBatch(B: number, T: number, V: number, seed: number): LogitsBatch {
  const r = lcg(seed);
  const logits = Float32Array.from({ length: B * T * V }, () => (r() - 0.5) * 10);
  // A few −inf logits (p = 0) and a tie at the top of row 1.
  logits[5] = -Infinity;
  logits[V + 17] = -Infinity;
  logits[V + 3] = 9;
  logits[V + 40] = 9;
  return makeBatch(
    logits,
    [B, T, V],
    Array.from({ length: B * T }, (_, i) => (i * 7919) % V),
  );
}

describe('on-demand kernels', () => {
  let engine: XentEngine;
  let batch: LogitsBatch;
  let gpu: GpuLogits;

  beforeAll(async () => {
    engine = await nodeEngine();
    batch = randomBatch(2, 3, 50257, 7);
    gpu = engine.upload(batch.logits, batch.shape);
  });
  afterAll(() => {
    gpu.destroy();
    engine.destroy();
  });

  it('rowProbs gives softmax of the row, summing to 1', async () => {
    for (const r of [0, 1, 5]) {
      const p = await engine.rowProbs(gpu, r);
      const expected = softmax(row(batch, r));
      expect(p.length).toBe(50257);
      let maxRel = 0;
      let sum = 0;
      for (let i = 0; i < p.length; i++) {
        sum += p[i]!;
        if (expected[i]! > 0) maxRel = Math.max(maxRel, Math.abs(p[i]! - expected[i]!) / expected[i]!);
        else expect(p[i]).toBe(0);
      }
      expect(maxRel).toBeLessThan(1e-5);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
    }
  });

  it('topK matches a full sort, ties to the smaller id', async () => {
    for (const r of [0, 1, 4]) {
      const k = 32;
      const top = await engine.topK(gpu, r, k);
      const x = row(batch, r);
      const order = Array.from(x.keys())
        .filter((i) => Number.isFinite(x[i]!))
        .sort((a, b) => x[b]! - x[a]! || a - b)
        .slice(0, k);
      expect([...top.ids]).toEqual(order);
      expect([...top.logits]).toEqual(order.map((i) => x[i]!));
    }
    expect([...(await engine.topK(gpu, 1, 2)).ids]).toEqual([3, 40]);
  });

  it('histogram counts every token once, in the right log-p bins', async () => {
    const bins = 64;
    const lo = -20;
    for (const r of [0, 1]) {
      const counts = await engine.histogram(gpu, r, bins, lo);
      const expected = new Uint32Array(bins + 1);
      for (const lp of logSoftmax(row(batch, r))) {
        if (lp === -Infinity) expected[bins]!++;
        else expected[Math.min(bins - 1, Math.max(0, Math.floor(((lp - lo) / -lo) * bins)))]!++;
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBe(50257);
      // float32 log p may fall into the neighbouring bin at an exact edge: allow a handful.
      let moved = 0;
      for (let b = 0; b <= bins; b++) moved += Math.abs(counts[b]! - expected[b]!);
      expect(moved).toBeLessThanOrEqual(4);
      expect(counts[bins]).toBe(1); // each row holds one −inf logit
    }
  });

  it('scores z / T on the logits already there (scale = 1/T), to the f32 tolerance, ranks exact', async () => {
    const before = await engine.rowProbs(gpu, 4);
    // The reference divides in float64, as the math module does for float64 logits.
    const exact = { ...batch, logits: Float64Array.from(batch.logits) };
    for (const T of [0.1, 0.5, 1, 2, 5]) {
      const got = await engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex, 1 / T);
      const want = crossEntropyCpu(withTemperature(exact, T));
      expect(Math.abs(got.loss - want.loss) / want.loss, `T = ${T}`).toBeLessThan(1e-5);
      got.tokens.forEach((token, i) => {
        const ref = want.tokens[i]!;
        expect(Math.abs(token.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
        expect(Math.abs(token.logSumExp - ref.logSumExp) / Math.abs(ref.logSumExp)).toBeLessThan(1e-5);
        expect(Math.abs(token.entropy - ref.entropy) / ref.entropy).toBeLessThan(1e-5);
        expect(token.rank).toBe(ref.rank);
      });
    }
    // Scale 1 is the loss itself, bit for bit; a scaled pass left the row's normaliser as it was.
    expect(await engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex, 1)).toEqual(
      await engine.score(batch),
    );
    await engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex, 4);
    expect(await engine.rowProbs(gpu, 4)).toEqual(before);
  });

  it('a scale keeps two logits one rounding apart in their order (the rank reads the unscaled logits)', async () => {
    // x_0 and x_1 = the next float32 above it, whose products with 0.3 round to one float32
    // (found by search; ties exist where x · 0.3 ≥ 0.5, whose floats are 2^−24 apart).
    const s = Math.fround(0.3);
    let x0 = Math.fround(1.7);
    const next = (x: number) => x + 2 ** -23; // the next float32 above x in [1, 2)
    while (Math.fround(s * x0) !== Math.fround(s * next(x0))) x0 = next(x0);
    const small = makeBatch(Float32Array.from([x0, next(x0), -2, 0.5, -1, 0, 0.25, -0.5]), [1, 1, 8], [0]);
    const on = engine.upload(small.logits, small.shape);
    try {
      const got = await engine.scoreUploaded(on, small.targets, small.ignoreIndex, s);
      expect(got.tokens[0]!.rank).toBe(2);
    } finally {
      on.destroy();
    }
  });

  it('editRow makes an edited row on the device: the same loss, bit for bit, as uploading it', async () => {
    const V = batch.shape[2];
    const into = engine.allocateLogits([1, 1, V]);
    try {
      for (const [r, ids] of [
        [0, [0, 1, V - 1]], // the row's first and last logits (its masked vec4s)
        [4, [17, 3000]],
        [5, []], // no edit: the row as it is
      ] as const) {
        const z = Float32Array.from(row(batch, r));
        const values = Float32Array.from(ids, (id, k) => 3.25 * (k + 1) - z[id]! / 7);
        ids.forEach((id, k) => (z[id] = values[k]!));
        const target = batch.targets[r]!;
        await engine.editRow(gpu, r, into, ids, values);
        const made = await engine.scoreUploaded(into, Int32Array.of(target), -100);
        const uploaded = await engine.score(makeBatch(z, [1, 1, V], [target]));
        expect(made).toEqual(uploaded);
        // The tensor it was made from is unchanged.
        expect([...(await engine.readRow(gpu, r))]).toEqual([...row(batch, r)].map(Math.fround));
      }
      await expect(engine.editRow(gpu, 0, into, [V], Float32Array.of(1))).rejects.toThrow(/outside/);
      await expect(engine.editRow(gpu, 0, gpu, [0], Float32Array.of(1))).rejects.toThrow(/\(1, 1, 50257\)/);
    } finally {
      into.destroy();
    }
  });

  it('refuses bad arguments with a sentence', async () => {
    await expect(engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex, 0)).rejects.toThrow(/scale/);
    await expect(engine.topK(gpu, 0, 0)).rejects.toThrow(/k must be an integer/);
    await expect(engine.topK(gpu, 0, 33)).rejects.toThrow(/k must be an integer/);
    await expect(engine.histogram(gpu, 0, 0, -10)).rejects.toThrow(/bins must be/);
    await expect(engine.rowProbs(gpu, 6)).rejects.toThrow(/outside the 6 rows/);
  });
});

describe('failures become messages, never numbers', () => {
  it('freed logits are refused', async () => {
    const engine = await nodeEngine();
    const batch = randomBatch(1, 2, 100, 1);
    const gpu = engine.upload(batch.logits, batch.shape);
    gpu.destroy();
    await expect(engine.scoreUploaded(gpu, batch.targets, -100)).rejects.toThrow(EngineError);
    engine.destroy();
  });

  it('a lost device is reported, and the loss says why', async () => {
    const engine = await nodeEngine();
    const batch = randomBatch(1, 2, 100, 2);
    engine.device.destroy();
    await expect(engine.lost).resolves.toMatch(/GPU device was lost/);
    await expect(engine.score(batch)).rejects.toThrow(/GPU device was lost/);
  });

  it('an input too large for the device is refused in words', async () => {
    const engine = await nodeEngine({ limits: 'default' });
    const V = 40_000_000; // one row of 160 MB > the default 128 MiB binding
    expect(() => engine.upload(new Float32Array(V), [1, 1, V])).toThrow(/cannot hold the input/);
    engine.destroy();
  });
});
