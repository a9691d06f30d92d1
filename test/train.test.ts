/**
 * The live-training model's CPU twin (src/train): the row plan against the loss by definition,
 * the gradients against finite differences, and forward, backward and Adam against PyTorch.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/math';
import { adamStep, backward, forwardRows, lossPerPosition, xentRows } from '../src/train/cpu-model';
import { CpuTrainer } from '../src/train/cpu-trainer';
import { DEFAULT_TEXT } from '../src/train/default-text';
import { initialParams } from '../src/train/init';
import { planRows, splitPositions } from '../src/train/plan';
import { layout, type ModelShape } from '../src/train/types';
import { maxRelError, trainGolden } from './train-golden';

function randomCase(V: number, d: number, n: number, seed: number) {
  const r = mulberry32(seed);
  const shape: ModelShape = { vocab: V, dim: d };
  const params = Float64Array.from({ length: layout(shape).size }, () => 2 * r() - 1);
  // Inputs from half the vocabulary, so some E rows are never used.
  const inputs = Array.from({ length: n }, () => Math.floor(r() * (V / 2)));
  const targets = Array.from({ length: n }, () => Math.floor(r() * V));
  return { shape, params, inputs, targets };
}

/** The mean loss and its gradient through the row plan, in float64. */
function lossAndGrad(params: Float64Array, shape: ModelShape, inputs: number[], targets: number[]) {
  const plan = planRows(inputs, targets, shape.vocab);
  const logits = new Float64Array(plan.rowTokens.length * shape.vocab);
  forwardRows(params, shape, plan.rowTokens, logits);
  const { loss } = xentRows(logits, plan, shape.vocab, true);
  const grads = new Float64Array(params.length);
  backward(params, shape, plan, logits, grads);
  return { loss, grads, plan };
}

describe('row plan', () => {
  it('groups positions by input token and (input, target) pair', () => {
    const plan = planRows([5, 2, 5, 5, 2], [1, 3, 1, 0, 3], 8);
    expect([...plan.rowTokens]).toEqual([5, 2]);
    expect([...plan.rowCounts]).toEqual([3, 2]);
    expect([...plan.pairStart]).toEqual([0, 2, 3]);
    expect([...plan.pairTargets]).toEqual([0, 1, 3]);
    expect([...plan.pairCounts]).toEqual([1, 2, 2]);
    expect(plan.positions).toBe(5);
  });

  it('refuses ids outside the vocabulary', () => {
    expect(() => planRows([1, 9], [2, 3], 8)).toThrow(/outside the vocabulary/);
  });

  it('gives the same loss as the definition, one position at a time', () => {
    const c = randomCase(37, 5, 60, 1);
    const { loss } = lossAndGrad(c.params, c.shape, c.inputs, c.targets);
    expect(loss).toBeCloseTo(lossPerPosition(c.params, c.shape, c.inputs, c.targets), 12);
  });

  it('splits the last positions off for validation', () => {
    const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const { train, val } = splitPositions(ids, 0.2);
    expect(train.inputs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(val.inputs).toEqual([8, 9]);
    expect(val.targets).toEqual([9, 10]);
    expect(splitPositions(ids, 0).val.inputs).toEqual([]);
  });
});

describe('gradients against finite differences', () => {
  it('matches central differences for every parameter (V = 13, d = 3)', () => {
    const c = randomCase(13, 3, 20, 2);
    const { grads, plan } = lossAndGrad(c.params, c.shape, c.inputs, c.targets);
    const h = 1e-6;
    const used = new Set(plan.rowTokens);
    for (let i = 0; i < c.params.length; i++) {
      const p = c.params.slice();
      p[i] = c.params[i]! + h;
      const up = lossPerPosition(p, c.shape, c.inputs, c.targets);
      p[i] = c.params[i]! - h;
      const down = lossPerPosition(p, c.shape, c.inputs, c.targets);
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(grads[i]! - numeric), `parameter ${i}`).toBeLessThan(1e-8);
      if (i < layout(c.shape).W && !used.has(Math.floor(i / c.shape.dim))) expect(grads[i]).toBe(0);
    }
  });
});

describe('against PyTorch (test/fixtures/golden/train.json)', () => {
  const g = trainGolden;
  const shape: ModelShape = { vocab: g.vocab, dim: g.dim };
  const adam = { lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps };

  it('float64: loss, gradients and Adam steps to 1e-12', () => {
    const params = Float64Array.from(g.params0);
    const size = params.length;
    const m = new Float64Array(size);
    const v = new Float64Array(size);
    g.steps.forEach((expected, s) => {
      const { loss, grads, plan } = lossAndGrad(params, shape, g.train.inputs, g.train.targets);
      expect(loss).toBeCloseTo(expected.loss, 12);
      expect(maxRelError(grads, expected.grads)).toBeLessThan(1e-12);
      adamStep(params, grads, m, v, shape, plan.rowTokens, adam, s + 1);
      expect(maxRelError(params, expected.params)).toBeLessThan(1e-12);
      expect(lossPerPosition(params, shape, g.val.inputs, g.val.targets)).toBeCloseTo(expected.valLoss, 12);
    });
  });

  it('float32 trainer: losses, gradients and weights to 1e-5', async () => {
    const trainer = new CpuTrainer(shape, { train: g.train, val: g.val }, adam);
    trainer.loadParams(Float32Array.from(g.params0));
    for (const expected of g.steps) {
      const { trainLoss } = await trainer.step();
      expect(trainLoss).toBeCloseTo(expected.loss, 5);
      expect(maxRelError(trainer.gradients, expected.grads)).toBeLessThan(1e-5);
      expect(maxRelError(trainer.parameters, expected.params)).toBeLessThan(1e-5);
      expect((await trainer.evaluate()).valLoss).toBeCloseTo(expected.valLoss, 5);
    }
    // Token 9 is never an input: its embedding does not move.
    const row9 = trainer.parameters.subarray(9 * g.dim, 10 * g.dim);
    expect([...row9]).toEqual(g.params0.slice(9 * g.dim, 10 * g.dim).map(Math.fround));
  });
});

describe('the untrained model and training', () => {
  it('starts near ln V and lowers the training loss (V = 50,257, d = 8)', async () => {
    const shape = { vocab: 50257, dim: 8 };
    const ids = [464, 2746, 22381, 422, 2420, 13, 464, 2746, 22381, 422, 2420, 13];
    const trainer = new CpuTrainer(shape, splitPositions(ids, 0.2), { lr: 0.03 });
    await trainer.init(7);
    const first = await trainer.step();
    expect(Math.abs(first.trainLoss - Math.log(50257))).toBeLessThan(0.1);
    let last = first.trainLoss;
    for (let i = 0; i < 4; i++) last = (await trainer.step()).trainLoss;
    expect(last).toBeLessThan(first.trainLoss - 0.5);
  });

  it('seeds its weights: the same seed gives the same numbers', () => {
    const shape = { vocab: 100, dim: 4 };
    expect(initialParams(shape, 3)).toEqual(initialParams(shape, 3));
    expect(initialParams(shape, 3)).not.toEqual(initialParams(shape, 4));
    expect(
      initialParams(shape, 3)
        .subarray(layout(shape).b)
        .every((x) => x === 0),
    ).toBe(true);
  });

  it('has a default text of a few paragraphs', () => {
    expect(DEFAULT_TEXT.split('\n\n').length).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_TEXT.length).toBeGreaterThan(800);
  });
});
