/**
 * The training loop on WebGPU: forward, fused softmax cross-entropy, backward and Adam as WGSL
 * kernels (shaders/train-*.wgsl), all on the device. A step reads back only the per-pair losses
 * (at most one float per training position) for the loss curve. DOM-free: it takes a GPUDevice,
 * so it runs in the browser and in Node (Dawn). The CPU twin is cpu-trainer.ts.
 */
import trainForward from '../../shaders/train-forward.wgsl?raw';
import trainXent from '../../shaders/train-xent.wgsl?raw';
import trainGradW from '../../shaders/train-grad-w.wgsl?raw';
import trainGradE from '../../shaders/train-grad-e.wgsl?raw';
import trainAdam from '../../shaders/train-adam.wgsl?raw';
import { adamFactors } from './cpu-model';
import type { TrainingData } from './cpu-trainer';
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

const SHADERS = { trainForward, trainXent, trainGradW, trainGradE, trainAdam } as const;
type Kernel = keyof typeof SHADERS;

/** Rows per forward workgroup (RB), k's per backward workgroup (KB), as in the WGSL. */
const FORWARD_WG = 256;
const FORWARD_ROWS = 16;
const GRAD_KB = 16;
const ADAM_WG = 256;
/** The widest embedding the forward kernel's workgroup memory holds (DMAX). */
export const MAX_DIM = 128;

/** A GPU failure in one sentence (validation, out of memory, lost device). */
export class TrainerGpuError extends Error {
  override readonly name = 'TrainerGpuError';
}

/** A plan's buffers on the device. */
interface GpuPlan {
  plan: RowPlan;
  rows: GPUBuffer;
  rowCounts: GPUBuffer;
  pairStart: GPUBuffer;
  pairTargets: GPUBuffer;
  pairCounts: GPUBuffer;
  pairLoss: GPUBuffer;
  staging: GPUBuffer;
  /** (V, d, R, 0) for the forward and backward kernels. */
  shapeParams: GPUBuffer;
  /** (V, N, grad, 0) for the cross-entropy kernel. */
  xentParams: GPUBuffer;
}

export class GpuTrainer implements Trainer {
  readonly backend = 'webgpu' as const;
  private readonly pipelines = new Map<Kernel, GPUComputePipeline>();
  private readonly buffers: GPUBuffer[] = [];
  private readonly params: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly m: GPUBuffer;
  private readonly v: GPUBuffer;
  private readonly logits: GPUBuffer;
  private readonly adamParams: GPUBuffer;
  private readonly train: GpuPlan;
  private readonly val: GpuPlan | null;
  private adam: AdamSettings;
  private t = 0;
  private disposed = false;
  /** Settles once the buffers are allocated; rejects with a sentence if the GPU refused them. */
  private readonly created: Promise<void>;

  constructor(
    private readonly device: GPUDevice,
    readonly shape: ModelShape,
    data: TrainingData,
    adam: Partial<AdamSettings> = {},
  ) {
    const { vocab: V, dim: d } = shape;
    if (!Number.isInteger(d) || d < 1 || d > MAX_DIM) {
      throw new RangeError(`The embedding width must be an integer from 1 to ${MAX_DIM}, got ${d}.`);
    }
    if (data.train.inputs.length === 0) throw new RangeError('There are no training positions.');
    this.adam = { ...DEFAULT_ADAM, ...adam };
    const size = layout(shape).size;
    const trainPlan = planRows(data.train.inputs, data.train.targets, V);
    const valPlan = data.val.inputs.length > 0 ? planRows(data.val.inputs, data.val.targets, V) : null;
    const rowsMax = Math.max(trainPlan.rowTokens.length, valPlan?.rowTokens.length ?? 0);
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    if (rowsMax * V * 4 > limit || size * 4 > limit) {
      throw new RangeError(
        `This text has ${rowsMax} different tokens; their logits (${((rowsMax * V * 4) / 2 ** 20).toFixed(0)} MiB) do not fit this GPU's ${(limit / 2 ** 20).toFixed(0)} MiB buffers — use a shorter text.`,
      );
    }
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    this.pushScopes();
    this.params = this.buffer('train params', size * 4, storage);
    this.grads = this.buffer('train grads', size * 4, storage);
    this.m = this.buffer('train adam m', size * 4, storage);
    this.v = this.buffer('train adam v', size * 4, storage);
    this.logits = this.buffer('train logits', rowsMax * V * 4, storage);
    this.adamParams = this.buffer('train adam params', 48, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.train = this.uploadPlan(trainPlan, 'train');
    this.val = valPlan ? this.uploadPlan(valPlan, 'val') : null;
    this.created = this.popScopes(`allocating ${((4 * size * 4) / 2 ** 20).toFixed(0)} MiB for the model`);
    this.created.catch(() => undefined);
  }

  async init(seed: number): Promise<void> {
    await this.created;
    await this.loadParams(initialParams(this.shape, seed));
  }

  /** Starts from given weights with a fresh optimiser (m = v = 0, step 0). */
  async loadParams(params: Float32Array): Promise<void> {
    this.assertLive();
    if (params.length !== layout(this.shape).size) throw new RangeError('parameter array of the wrong size');
    this.pushScopes();
    this.device.queue.writeBuffer(this.params, 0, params);
    const encoder = this.device.createCommandEncoder({ label: 'train reset' });
    for (const b of [this.grads, this.m, this.v]) encoder.clearBuffer(b);
    this.device.queue.submit([encoder.finish()]);
    this.t = 0;
    await this.popScopes('setting the weights');
  }

  setLearningRate(lr: number): void {
    if (Number.isFinite(lr) && lr > 0) this.adam = { ...this.adam, lr };
  }

  get steps(): number {
    return this.t;
  }

  async step(): Promise<StepResult> {
    this.assertLive();
    const plan = this.train;
    const { vocab: V, dim: d } = this.shape;
    const at = layout(this.shape);
    const R = plan.plan.rowTokens.length;
    const t = this.t + 1;
    const { stepSize, bc2Sqrt } = adamFactors(this.adam, t);
    const nE = R * d;
    const nRest = at.size - at.W;
    const words = new ArrayBuffer(48);
    new Uint32Array(words, 0, 4).set([nE, nRest, d, at.W]);
    new Float32Array(words, 16, 7).set([
      stepSize,
      bc2Sqrt,
      this.adam.beta1,
      this.adam.beta2,
      this.adam.eps,
      1 - this.adam.beta1,
      1 - this.adam.beta2,
    ]);
    this.pushScopes();
    this.device.queue.writeBuffer(this.adamParams, 0, words);
    const encoder = this.device.createCommandEncoder({ label: 'train step' });
    const pass = encoder.beginComputePass({ label: 'train step' });
    this.encodeForward(pass, plan);
    this.encodeXent(pass, plan);
    this.dispatch(
      pass,
      'trainGradW',
      [this.params, plan.rows, this.logits, this.grads, plan.shapeParams],
      [Math.ceil(V / FORWARD_WG), Math.ceil(d / GRAD_KB)],
    );
    this.dispatch(
      pass,
      'trainGradE',
      [this.params, plan.rows, this.logits, this.grads, plan.shapeParams],
      [R, Math.ceil(d / GRAD_KB)],
    );
    const groups = Math.ceil((nE + nRest) / ADAM_WG);
    const gx = Math.min(groups, 65_535);
    this.dispatch(
      pass,
      'trainAdam',
      [this.params, this.grads, this.m, this.v, plan.rows, this.adamParams],
      [gx, Math.ceil(groups / gx)],
    );
    pass.end();
    encoder.copyBufferToBuffer(plan.pairLoss, 0, plan.staging, 0, plan.staging.size);
    this.device.queue.submit([encoder.finish()]);
    this.t = t;
    const trainLoss = await this.readLoss(plan, 'training a step');
    return { trainLoss, step: t };
  }

  async evaluate(): Promise<EvalResult> {
    this.assertLive();
    const plan = this.val;
    if (!plan) return { valLoss: NaN };
    this.pushScopes();
    const encoder = this.device.createCommandEncoder({ label: 'train evaluate' });
    const pass = encoder.beginComputePass();
    this.encodeForward(pass, plan);
    this.encodeXent(pass, plan);
    pass.end();
    encoder.copyBufferToBuffer(plan.pairLoss, 0, plan.staging, 0, plan.staging.size);
    this.device.queue.submit([encoder.finish()]);
    return { valLoss: await this.readLoss(plan, 'measuring the validation loss') };
  }

  async logitsFor(ids: readonly number[]): Promise<Float32Array> {
    this.assertLive();
    const V = this.shape.vocab;
    if (ids.length === 0) return new Float32Array(0);
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= V)
        throw new RangeError(`token id ${id} is outside [0, ${V}).`);
    }
    this.pushScopes();
    const rows = this.buffer(
      'logitsFor rows',
      ids.length * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    );
    const out = this.buffer(
      'logitsFor out',
      ids.length * V * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    );
    const staging = this.buffer(
      'logitsFor staging',
      out.size,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const params = this.uniform(new Uint32Array([V, this.shape.dim, ids.length, 0]));
    this.device.queue.writeBuffer(rows, 0, Uint32Array.from(ids));
    const encoder = this.device.createCommandEncoder({ label: 'train logitsFor' });
    const pass = encoder.beginComputePass();
    this.dispatch(
      pass,
      'trainForward',
      [this.params, rows, out, params],
      [Math.ceil(V / FORWARD_WG), Math.ceil(ids.length / FORWARD_ROWS)],
    );
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, out.size);
    this.device.queue.submit([encoder.finish()]);
    try {
      return new Float32Array(await this.read(staging, 'computing the model’s logits'));
    } finally {
      for (const b of [rows, out, staging, params]) this.release(b);
    }
  }

  /** The parameters [E | W | b] as float32 (tests; slow for the full vocabulary). */
  async readParams(): Promise<Float32Array> {
    return new Float32Array(await this.copyOut(this.params));
  }

  /** The last step's gradients (E rows of the training inputs, W and b). */
  async readGrads(): Promise<Float32Array> {
    return new Float32Array(await this.copyOut(this.grads));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }

  // ---- internals -------------------------------------------------------------------------

  private encodeForward(pass: GPUComputePassEncoder, plan: GpuPlan): void {
    this.dispatch(
      pass,
      'trainForward',
      [this.params, plan.rows, this.logits, plan.shapeParams],
      [Math.ceil(this.shape.vocab / FORWARD_WG), Math.ceil(plan.plan.rowTokens.length / FORWARD_ROWS)],
    );
  }

  private encodeXent(pass: GPUComputePassEncoder, plan: GpuPlan): void {
    this.dispatch(
      pass,
      'trainXent',
      [
        this.logits,
        plan.rowCounts,
        plan.pairStart,
        plan.pairTargets,
        plan.pairCounts,
        plan.pairLoss,
        plan.xentParams,
      ],
      [plan.plan.rowTokens.length, 1],
    );
  }

  /** The mean loss (1/N) Σ_p n_p · loss_p, summed in float64 from the per-pair float32 losses. */
  private async readLoss(plan: GpuPlan, what: string): Promise<number> {
    const losses = new Float32Array(await this.read(plan.staging, what));
    const { pairCounts, positions } = plan.plan;
    let total = 0;
    for (let p = 0; p < pairCounts.length; p++) total += pairCounts[p]! * losses[p]!;
    return total / positions;
  }

  private uploadPlan(plan: RowPlan, name: string): GpuPlan {
    const V = this.shape.vocab;
    const data = (label: string, values: Uint32Array) => {
      const b = this.buffer(
        `${name} ${label}`,
        Math.max(4, values.byteLength),
        GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      );
      this.device.queue.writeBuffer(b, 0, values);
      return b;
    };
    const P = plan.pairTargets.length;
    const lossBytes = Math.ceil((P * 4) / 4) * 4;
    return {
      plan,
      rows: data('rows', plan.rowTokens),
      rowCounts: data('row counts', plan.rowCounts),
      pairStart: data('pair start', plan.pairStart),
      pairTargets: data('pair targets', plan.pairTargets),
      pairCounts: data('pair counts', plan.pairCounts),
      pairLoss: this.buffer(`${name} pair loss`, lossBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC),
      staging: this.buffer(`${name} staging`, lossBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
      shapeParams: this.uniform(new Uint32Array([V, this.shape.dim, plan.rowTokens.length, 0])),
      xentParams: this.uniform(new Uint32Array([V, plan.positions, name === 'train' ? 1 : 0, 0])),
    };
  }

  private buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const b = this.device.createBuffer({ label, size: Math.ceil(size / 4) * 4, usage });
    this.buffers.push(b);
    return b;
  }

  private uniform(words: Uint32Array): GPUBuffer {
    const b = this.buffer(
      'train uniform',
      Math.ceil(words.byteLength / 16) * 16,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    );
    this.device.queue.writeBuffer(b, 0, words);
    return b;
  }

  private release(b: GPUBuffer): void {
    b.destroy();
    const i = this.buffers.indexOf(b);
    if (i >= 0) this.buffers.splice(i, 1);
  }

  private pipeline(name: Kernel): GPUComputePipeline {
    let p = this.pipelines.get(name);
    if (!p) {
      p = this.device.createComputePipeline({
        label: name,
        layout: 'auto',
        compute: {
          module: this.device.createShaderModule({ label: name, code: SHADERS[name] }),
          entryPoint: 'main',
        },
      });
      this.pipelines.set(name, p);
    }
    return p;
  }

  private dispatch(
    pass: GPUComputePassEncoder,
    name: Kernel,
    buffers: GPUBuffer[],
    [x, y]: [number, number],
  ): void {
    const pipeline = this.pipeline(name);
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      this.device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    pass.dispatchWorkgroups(x, y);
  }

  private async copyOut(source: GPUBuffer): Promise<ArrayBuffer> {
    this.assertLive();
    this.pushScopes();
    const staging = this.buffer('train read', source.size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
    this.device.queue.submit([encoder.finish()]);
    try {
      return await this.read(staging, 'reading the weights');
    } finally {
      this.release(staging);
    }
  }

  /** Maps a staging buffer after the scopes pushed for this operation; errors become sentences. */
  private async read(staging: GPUBuffer, what: string): Promise<ArrayBuffer> {
    const errors = this.popScopes(what);
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (error) {
      await errors;
      throw new TrainerGpuError(`The GPU failed while ${what} (${String(error)}).`);
    }
    const copy = staging.getMappedRange().slice(0);
    staging.unmap();
    await errors;
    return copy;
  }

  private pushScopes(): void {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('internal');
  }

  private async popScopes(what: string): Promise<void> {
    const internal = await this.device.popErrorScope();
    const validation = await this.device.popErrorScope();
    const oom = await this.device.popErrorScope();
    if (oom)
      throw new TrainerGpuError(
        `The GPU ran out of memory while ${what}; try a smaller width d or a shorter text.`,
      );
    if (validation)
      throw new TrainerGpuError(`The GPU rejected the work while ${what}: ${validation.message}`);
    if (internal) throw new TrainerGpuError(`The GPU failed internally while ${what}: ${internal.message}`);
  }

  private assertLive(): void {
    if (this.disposed) throw new TrainerGpuError('This trainer was reset; start a new one.');
  }
}
