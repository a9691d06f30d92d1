/**
 * The live-training kernels (shaders/train-*.wgsl through src/train/gpu-trainer.ts) on Dawn:
 * against the CPU twin (src/train/cpu-trainer.ts) on a small vocabulary and on GPT-2's 50,257,
 * and against PyTorch (test/fixtures/golden/train.json).
 */
import { encode } from 'gpt-tokenizer/encoding/gpt2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XentEngine } from '../src/engine';
import { mulberry32 } from '../src/math';
import { CpuTrainer, type TrainingData } from '../src/train/cpu-trainer';
import { DEFAULT_TEXT } from '../src/train/default-text';
import { GpuTrainer } from '../src/train/gpu-trainer';
import { initialParams } from '../src/train/init';
import { planRows, splitPositions } from '../src/train/plan';
import { layout, type ModelShape } from '../src/train/types';
import { nodeEngine } from './node-gpu';
import { maxRelError, trainGolden } from './train-golden';

let engine: XentEngine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(() => engine.destroy());

function randomIds(n: number, V: number, seed: number): number[] {
  const r = mulberry32(seed);
  // Skewed towards small ids so inputs repeat, as in text.
  return Array.from({ length: n }, () => Math.floor(V * r() * r()));
}

/** Both trainers from the same weights, stepped together; GPU results checked against the CPU. */
async function compare(shape: ModelShape, data: TrainingData, steps: number, lr: number, seed: number) {
  const cpu = new CpuTrainer(shape, data, { lr });
  const gpu = new GpuTrainer(engine.device, shape, data, { lr });
  try {
    await cpu.init(seed);
    await gpu.init(seed);
    for (let s = 0; s < steps; s++) {
      const [a, b] = [await cpu.step(), await gpu.step()];
      expect(b.step).toBe(a.step);
      expect(Math.abs(b.trainLoss - a.trainLoss), `step ${s + 1}`).toBeLessThan(
        2e-5 * Math.max(1, a.trainLoss),
      );
      if (s === 0) {
        // The gradients of W, b and the input rows of E (the rest is not written by either).
        const plan = planRows(data.train.inputs, data.train.targets, shape.vocab);
        const got = await gpu.readGrads();
        const at = layout(shape);
        expect(maxRelError(got.subarray(at.W), cpu.gradients.subarray(at.W), 1e-4)).toBeLessThan(1e-3);
        for (const u of plan.rowTokens) {
          const rows = [got, cpu.gradients].map((g) => g.subarray(u * shape.dim, (u + 1) * shape.dim));
          expect(maxRelError(rows[0]!, rows[1]!, 1e-4)).toBeLessThan(1e-3);
        }
      }
    }
    const [va, vb] = [await cpu.evaluate(), await gpu.evaluate()];
    expect(Math.abs(vb.valLoss - va.valLoss)).toBeLessThan(2e-5 * Math.max(1, va.valLoss));
    // Adam's early steps move each weight by about ±lr whatever the gradient's size, so a
    // gradient that sums to nearly 0 can take either sign under float32 rounding in another
    // order. Nearly every weight must agree; none may differ by more than the steps could move it.
    const params = await gpu.readParams();
    let off = 0;
    let worst = 0;
    for (let i = 0; i < params.length; i++) {
      const diff = Math.abs(params[i]! - cpu.parameters[i]!);
      worst = Math.max(worst, diff);
      if (diff > 1e-5 + 1e-3 * Math.abs(cpu.parameters[i]!)) off++;
    }
    expect(worst).toBeLessThanOrEqual(2 * lr * steps + 1e-6);
    expect(off / params.length).toBeLessThan(1e-4);
    const ids = data.train.inputs.slice(0, 5);
    const [la, lb] = [await cpu.logitsFor(ids), await gpu.logitsFor(ids)];
    expect(maxRelError(lb, la, 1e-1)).toBeLessThan(1e-3);
    return { cpu, gpu };
  } finally {
    gpu.dispose();
    cpu.dispose();
  }
}

describe('training kernels against the CPU twin', () => {
  it('V = 37, d = 16: five Adam steps, validation loss and logits', async () => {
    const ids = randomIds(90, 37, 11);
    await compare({ vocab: 37, dim: 16 }, splitPositions(ids, 0.15), 5, 0.05, 3);
  });

  it('V = 37, d = 5 (a width not a multiple of the kernels’ blocks), 40 rows', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => (i * 7 + (i >> 3)) % 37);
    await compare({ vocab: 37, dim: 5 }, splitPositions(ids, 0.2), 3, 0.02, 4);
  });

  it('V = 50,257, d = 64, few positions: starts near ln V and matches the twin', async () => {
    const ids = [464, 2746, 22381, 422, 2420, 13, 464, 2746, 318, 257, 1332, 13, 50256];
    const shape = { vocab: 50257, dim: 64 };
    const cpu = new CpuTrainer(shape, splitPositions(ids, 0.2));
    await cpu.init(1);
    const first = await cpu.step();
    expect(Math.abs(first.trainLoss - Math.log(50257))).toBeLessThan(0.1);
    cpu.dispose();
    await compare(shape, splitPositions(ids, 0.2), 2, 0.01, 1);
  });
});

describe('the panel’s default text', () => {
  it('d = 64: the validation loss falls, bottoms out and rises while the training loss keeps falling', async () => {
    // The panel's defaults: the whole default text, the last 15% held out, d = 64, lr = 0.01.
    const data = splitPositions(encode(DEFAULT_TEXT), 0.15);
    const gpu = new GpuTrainer(engine.device, { vocab: 50257, dim: 64 }, data, { lr: 0.01 });
    try {
      await gpu.init(1);
      const val = [(await gpu.evaluate()).valLoss];
      const train: number[] = [];
      for (let s = 0; s < 20; s++) {
        train.push((await gpu.step()).trainLoss);
        val.push((await gpu.evaluate()).valLoss);
      }
      for (let s = 1; s < train.length; s++) expect(train[s]!, `step ${s + 1}`).toBeLessThan(train[s - 1]!);
      const best = val.indexOf(Math.min(...val));
      // Learning first: the held-out loss drops well below where it started …
      expect(val[best]!).toBeLessThan(val[0]! - 0.3);
      // … then over-fitting: after its lowest point it climbs back while training still improves.
      expect(best).toBeGreaterThan(0);
      expect(best).toBeLessThan(val.length - 3);
      expect(val.at(-1)!).toBeGreaterThan(val[best]! + 0.3);
      expect(train.at(-1)!).toBeLessThan(train[best - 1] ?? Infinity);
    } finally {
      gpu.dispose();
    }
  });
});

describe('training kernels against PyTorch', () => {
  it('three Adam steps: losses, gradients, weights and validation loss', async () => {
    const g = trainGolden;
    const shape = { vocab: g.vocab, dim: g.dim };
    const gpu = new GpuTrainer(
      engine.device,
      shape,
      { train: g.train, val: g.val },
      {
        lr: g.lr,
        beta1: g.betas[0],
        beta2: g.betas[1],
        eps: g.eps,
      },
    );
    try {
      await gpu.init(0);
      await gpu.loadParams(Float32Array.from(g.params0));
      const used = new Set(g.train.inputs);
      for (const expected of g.steps) {
        const { trainLoss } = await gpu.step();
        expect(trainLoss).toBeCloseTo(expected.loss, 5);
        const grads = await gpu.readGrads();
        // E rows of tokens that are not inputs are not written (their gradient is 0 in PyTorch).
        const want = expected.grads.map((x, i) =>
          i < g.vocab * g.dim && !used.has(Math.floor(i / g.dim)) ? 0 : x,
        );
        expect(maxRelError(grads, want, 1e-2)).toBeLessThan(1e-5);
        expect(maxRelError(await gpu.readParams(), expected.params)).toBeLessThan(1e-5);
        expect((await gpu.evaluate()).valLoss).toBeCloseTo(expected.valLoss, 5);
      }
    } finally {
      gpu.dispose();
    }
  });

  it('reports a text too large for the device in a sentence', () => {
    const shape = { vocab: 50257, dim: 64 };
    const limit = Math.min(
      engine.device.limits.maxStorageBufferBindingSize,
      engine.device.limits.maxBufferSize,
    );
    const ids = Array.from({ length: Math.ceil(limit / (50257 * 4) / 0.9) + 20 }, (_, i) => i);
    expect(() => new GpuTrainer(engine.device, shape, splitPositions(ids, 0.1))).toThrow(/shorter text/);
  });

  it('seeds the same weights as the CPU', async () => {
    const shape = { vocab: 37, dim: 4 };
    const gpu = new GpuTrainer(engine.device, shape, splitPositions([1, 2, 3, 4], 0));
    await gpu.init(5);
    expect(await gpu.readParams()).toEqual(initialParams(shape, 5));
    gpu.dispose();
  });
});
