/**
 * The training loop on the CPU (cpu-model.ts), float32 storage as on the GPU with float64 sums:
 * the fallback when there is no WebGPU, and the twin the GPU trainer is tested against. A step
 * costs about 3·R·d·V multiply-adds (R distinct input tokens), so it is slow at V = 50,257.
 */
import { adamStep, backward, forwardRows, xentRows } from './cpu-model';
import { initialParams } from './init';
import { planRows, type RowPlan } from './plan';
import {
  DEFAULT_ADAM,
  layout,
  type AdamSettings,
  type EvalResult,
  type ModelShape,
  type StepResult,
  type Trainer,
} from './types';

export interface TrainingData {
  train: { inputs: readonly number[]; targets: readonly number[] };
  val: { inputs: readonly number[]; targets: readonly number[] };
}

export class CpuTrainer implements Trainer {
  readonly backend = 'cpu' as const;
  private params: Float32Array;
  private readonly grads: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly trainPlan: RowPlan;
  private readonly valPlan: RowPlan | null;
  private logits: Float32Array;
  private t = 0;
  private adam: AdamSettings;

  constructor(
    readonly shape: ModelShape,
    data: TrainingData,
    adam: Partial<AdamSettings> = {},
  ) {
    if (data.train.inputs.length === 0) throw new RangeError('There are no training positions.');
    const size = layout(shape).size;
    this.params = new Float32Array(size);
    this.grads = new Float32Array(size);
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.trainPlan = planRows(data.train.inputs, data.train.targets, shape.vocab);
    this.valPlan =
      data.val.inputs.length > 0 ? planRows(data.val.inputs, data.val.targets, shape.vocab) : null;
    const rows = Math.max(this.trainPlan.rowTokens.length, this.valPlan?.rowTokens.length ?? 0);
    this.logits = new Float32Array(rows * shape.vocab);
    this.adam = { ...DEFAULT_ADAM, ...adam };
  }

  init(seed: number): Promise<void> {
    this.loadParams(initialParams(this.shape, seed));
    return Promise.resolve();
  }

  /** Starts from given weights (tests, the PyTorch golden case) with a fresh optimiser. */
  loadParams(params: Float32Array): void {
    if (params.length !== this.params.length) throw new RangeError('parameter array of the wrong size');
    this.params = params.slice();
    this.m.fill(0);
    this.v.fill(0);
    this.grads.fill(0);
    this.t = 0;
  }

  get parameters(): Float32Array {
    return this.params;
  }

  get gradients(): Float32Array {
    return this.grads;
  }

  setLearningRate(lr: number): void {
    if (Number.isFinite(lr) && lr > 0) this.adam = { ...this.adam, lr };
  }

  step(): Promise<StepResult> {
    const plan = this.trainPlan;
    forwardRows(this.params, this.shape, plan.rowTokens, this.logits);
    const { loss } = xentRows(this.logits, plan, this.shape.vocab, true);
    backward(this.params, this.shape, plan, this.logits, this.grads);
    this.t++;
    adamStep(this.params, this.grads, this.m, this.v, this.shape, plan.rowTokens, this.adam, this.t);
    return Promise.resolve({ trainLoss: loss, step: this.t });
  }

  evaluate(): Promise<EvalResult> {
    if (!this.valPlan) return Promise.resolve({ valLoss: NaN });
    forwardRows(this.params, this.shape, this.valPlan.rowTokens, this.logits);
    return Promise.resolve({ valLoss: xentRows(this.logits, this.valPlan, this.shape.vocab, false).loss });
  }

  logitsFor(ids: readonly number[]): Promise<Float32Array> {
    const out = new Float32Array(ids.length * this.shape.vocab);
    forwardRows(this.params, this.shape, ids, out);
    return Promise.resolve(out);
  }

  dispose(): void {
    this.logits = new Float32Array(0);
  }
}
