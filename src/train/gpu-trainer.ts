/**
 * The training loop on WebGPU: forward, fused softmax cross-entropy, backward and Adam as WGSL
 * kernels (shaders/train-*.wgsl), all on the device. A step reads back only the per-pair losses
 * (at most one float per training position) for the loss curve. DOM-free: it takes a GPUDevice,
 * so it runs in the browser and in Node (Dawn). The CPU twin is cpu-trainer.ts.
 */
import trainCommon from '../../shaders/train-common.wgsl?raw';
import trainGather from '../../shaders/train-gather.wgsl?raw';
import trainForward from '../../shaders/train-forward.wgsl?raw';
import trainXentStats from '../../shaders/train-xent-stats.wgsl?raw';
import trainXentFinish from '../../shaders/train-xent-finish.wgsl?raw';
import trainXentGrad from '../../shaders/train-xent-grad.wgsl?raw';
import trainXentOnehot from '../../shaders/train-xent-onehot.wgsl?raw';
import trainGradW from '../../shaders/train-grad-w.wgsl?raw';
import trainGradE from '../../shaders/train-grad-e.wgsl?raw';
import trainGradESum from '../../shaders/train-grad-e-sum.wgsl?raw';
import trainAdam from '../../shaders/train-adam.wgsl?raw';
import trainAdamDense from '../../shaders/train-adam-dense.wgsl?raw';
import { adamFactors } from './cpu-model';
import type { TrainingData } from './cpu-trainer';
import { initialParams } from './init';
import { planRows, type RowPlan } from './plan';
import { ADAM_FIELDS, packStruct, SHAPE_FIELDS, XENT_SHAPE_FIELDS } from './uniforms';
import {
  DEFAULT_ADAM,
  layout,
  type AdamSettings,
  type EvalResult,
  type ModelShape,
  type StepResult,
  type Trainer,
} from './types';

const SHADERS = {
  trainGather,
  trainForward,
  trainXentStats,
  trainXentFinish,
  trainXentGrad,
  trainXentOnehot,
  trainGradW,
  trainGradE,
  trainGradESum,
  trainAdam,
  trainAdamDense,
} as const;
type Kernel = keyof typeof SHADERS;

/** Threads per workgroup of the tiled kernels, and their tiles, as in the WGSL. */
const TILE_WG = 64;
/** Rows per forward tile and k's per dW tile; Rp and Dp are rounded up to it. */
const TILE = 16;
/** train-grad-e.wgsl: column slices summed by train-grad-e-sum.wgsl; 8-row × 8-k tiles. */
const GRAD_E_SLICES = 16;
/** train-xent-stats.wgsl and train-xent-grad.wgsl: chunks per row, one thread each. */
const XENT_CHUNKS = 16;
const ADAM_WG = 256;
/** The widest embedding the trainer accepts. */
export const MAX_DIM = 128;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * The parameters as the device holds them: [E (V, d) | W (d, Vp) | b (Vp)], where Vp is V rounded
 * up to 4 and the padding is 0, so the kernels read rows of W and b as vec4s. W starts on a
 * multiple of 4 floats. The host's layout (types.ts) has no padding; loadParams, readParams and
 * readGrads convert. Adam leaves the padding at 0: its gradient is always 0.
 */
export function deviceLayout({ vocab: V, dim: d }: ModelShape) {
  const Vp = roundUp(V, 4);
  const W = roundUp(V * d, 4);
  const b = W + d * Vp;
  return { Vp, E: 0, W, b, size: b + Vp };
}

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
  pairRows: GPUBuffer;
  pairLoss: GPUBuffer;
  staging: GPUBuffer;
  /** The Shape struct of the tiled kernels (train-gather.wgsl). */
  shapeParams: GPUBuffer;
  /** The XentShape struct of the cross-entropy kernels (train-xent-stats.wgsl). */
  xentParams: GPUBuffer;
}

export class GpuTrainer implements Trainer {
  readonly backend = 'webgpu' as const;
  private readonly pipelines = new Map<Kernel, GPUComputePipeline>();
  /** The parameters' layout on the device (deviceLayout). */
  private readonly dev: ReturnType<typeof deviceLayout>;
  private readonly buffers: GPUBuffer[] = [];
  private readonly params: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly m: GPUBuffer;
  private readonly v: GPUBuffer;
  /** (Rp, Vp) logits, overwritten by dz in a training step. */
  private readonly logits: GPUBuffer;
  /** (Rp, Dp) and (Dp, Rp): the rows' embeddings (train-gather.wgsl). */
  private readonly H: GPUBuffer;
  private readonly Ht: GPUBuffer;
  /** (slices, Rp, Dp): train-grad-e.wgsl's partial sums. */
  private readonly part: GPUBuffer;
  /** (Rp, chunks) running (max, Σexp) and (Rp,) log-sum-exp per row (train-xent-*.wgsl). */
  private readonly stats: GPUBuffer;
  private readonly lse: GPUBuffer;
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
    this.dev = deviceLayout(shape);
    const { size, Vp } = this.dev;
    const trainPlan = planRows(data.train.inputs, data.train.targets, V);
    const valPlan = data.val.inputs.length > 0 ? planRows(data.val.inputs, data.val.targets, V) : null;
    const rowsMax = Math.max(trainPlan.rowTokens.length, valPlan?.rowTokens.length ?? 0);
    const Rp = roundUp(rowsMax, TILE);
    const Dp = roundUp(d, TILE);
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    if (Rp * Vp * 4 > limit || size * 4 > limit) {
      throw new RangeError(
        `This text has ${rowsMax} different tokens; their logits (${((Rp * Vp * 4) / 2 ** 20).toFixed(0)} MiB) do not fit this GPU's ${(limit / 2 ** 20).toFixed(0)} MiB buffers — use a shorter text.`,
      );
    }
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    this.pushScopes();
    this.params = this.buffer('train params', size * 4, storage);
    this.grads = this.buffer('train grads', size * 4, storage);
    this.m = this.buffer('train adam m', size * 4, storage);
    this.v = this.buffer('train adam v', size * 4, storage);
    this.logits = this.buffer('train logits', Rp * Vp * 4, storage);
    this.H = this.buffer('train H', Rp * Dp * 4, storage);
    this.Ht = this.buffer('train Ht', Rp * Dp * 4, storage);
    this.part = this.buffer('train grad-e slices', GRAD_E_SLICES * Rp * Dp * 4, storage);
    this.stats = this.buffer('train xent stats', Rp * XENT_CHUNKS * 8, storage);
    this.lse = this.buffer('train lse', Rp * 4, storage);
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
    this.device.queue.writeBuffer(this.params, 0, this.toDevice(params));
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
    const d = this.shape.dim;
    const at = this.dev;
    const R = plan.plan.rowTokens.length;
    const t = this.t + 1;
    const { stepSize, bc2Sqrt } = adamFactors(this.adam, t);
    const nE = R * d;
    const nRest = at.size - at.W;
    const words = packStruct(ADAM_FIELDS, {
      nE,
      nRest4: nRest / 4,
      d,
      restStart4: at.W / 4,
      stepSize,
      bc2Sqrt,
      beta1: this.adam.beta1,
      beta2: this.adam.beta2,
      eps: this.adam.eps,
      oneMinusBeta1: 1 - this.adam.beta1,
      oneMinusBeta2: 1 - this.adam.beta2,
    });
    this.pushScopes();
    this.device.queue.writeBuffer(this.adamParams, 0, words);
    const encoder = this.device.createCommandEncoder({ label: 'train step' });
    const pass = encoder.beginComputePass({ label: 'train step' });
    this.encodeForward(pass, plan);
    this.encodeXent(pass, plan);
    const { V4, Dp } = this.dims(plan);
    // dz = c_r/N · softmax(z_r) − Σ_p n_p/N · onehot(y_p), written over the logits.
    this.dispatch(
      pass,
      'trainXentGrad',
      [this.logits, this.lse, plan.rowCounts, plan.xentParams],
      // One thread per chunk of a row, as in train-xent-stats.wgsl.
      [Math.ceil((R * XENT_CHUNKS) / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainXentOnehot',
      [this.logits, plan.pairRows, plan.pairTargets, plan.pairCounts, plan.xentParams],
      [Math.ceil(plan.plan.pairTargets.length / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainGradW',
      [this.H, this.logits, this.grads, plan.shapeParams],
      // Two column blocks per thread, ⌈V4 / 2⌉ apart.
      [Math.ceil(Math.ceil(V4 / 2) / TILE_WG), Dp / TILE],
    );
    this.dispatch(
      pass,
      'trainGradE',
      [this.params, this.logits, this.part, plan.shapeParams],
      // 8-row × 8-k tiles over the R rows.
      [Math.ceil((Math.ceil(R / 8) * (Dp / 8)) / TILE_WG), GRAD_E_SLICES],
    );
    this.dispatch(
      pass,
      'trainGradESum',
      [plan.rows, this.part, this.grads, plan.shapeParams],
      [Math.ceil((R * d) / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainAdam',
      [this.params, this.grads, this.m, this.v, plan.rows, this.adamParams],
      [Math.ceil(nE / ADAM_WG), 1],
    );
    const groups = Math.ceil(nRest / 4 / ADAM_WG);
    const gx = Math.min(groups, 65_535);
    this.dispatch(
      pass,
      'trainAdamDense',
      [this.params, this.grads, this.m, this.v, this.adamParams],
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
    const { Vp } = this.dev;
    const Rp = roundUp(ids.length, TILE);
    const Dp = roundUp(this.shape.dim, TILE);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
    const out = this.buffer('logitsFor out', Rp * Vp * 4, storage);
    const H = this.buffer('logitsFor H', Rp * Dp * 4, storage);
    const Ht = this.buffer('logitsFor Ht', Rp * Dp * 4, storage);
    const staging = this.buffer(
      'logitsFor staging',
      ids.length * Vp * 4,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const params = this.shapeUniform(ids.length);
    this.device.queue.writeBuffer(rows, 0, Uint32Array.from(ids));
    const encoder = this.device.createCommandEncoder({ label: 'train logitsFor' });
    const pass = encoder.beginComputePass();
    this.dispatch(
      pass,
      'trainGather',
      [this.params, rows, H, Ht, params],
      [Math.ceil((Rp * Dp) / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainForward',
      [this.params, Ht, out, params],
      // Two neighbouring column blocks per thread.
      [Math.ceil(Math.ceil(Vp / 4 / 2) / TILE_WG), Rp / TILE],
    );
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, staging.size);
    this.device.queue.submit([encoder.finish()]);
    try {
      const padded = new Float32Array(await this.read(staging, 'computing the model’s logits'));
      const logits = new Float32Array(ids.length * V);
      for (let r = 0; r < ids.length; r++) logits.set(padded.subarray(r * Vp, r * Vp + V), r * V);
      return logits;
    } finally {
      for (const b of [rows, out, H, Ht, staging, params]) this.release(b);
    }
  }

  /** The parameters [E | W | b] as float32 (tests; slow for the full vocabulary). */
  async readParams(): Promise<Float32Array> {
    return this.fromDevice(new Float32Array(await this.copyOut(this.params)));
  }

  /** The last step's gradients (E rows of the training inputs, W and b). */
  async readGrads(): Promise<Float32Array> {
    return this.fromDevice(new Float32Array(await this.copyOut(this.grads)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }

  // ---- internals -------------------------------------------------------------------------

  /** Host layout (types.ts) → device layout (deviceLayout): W's rows and b padded to Vp. */
  private toDevice(host: Float32Array): Float32Array {
    const { vocab: V, dim: d } = this.shape;
    const at = layout(this.shape);
    const dev = this.dev;
    const out = new Float32Array(dev.size);
    out.set(host.subarray(at.E, at.W), dev.E);
    for (let k = 0; k < d; k++) out.set(host.subarray(at.W + k * V, at.W + (k + 1) * V), dev.W + k * dev.Vp);
    out.set(host.subarray(at.b, at.size), dev.b);
    return out;
  }

  /** Device layout → host layout, dropping the padding. */
  private fromDevice(device: Float32Array): Float32Array {
    const { vocab: V, dim: d } = this.shape;
    const at = layout(this.shape);
    const dev = this.dev;
    const out = new Float32Array(at.size);
    out.set(device.subarray(dev.E, dev.E + V * d), at.E);
    for (let k = 0; k < d; k++)
      out.set(device.subarray(dev.W + k * dev.Vp, dev.W + k * dev.Vp + V), at.W + k * V);
    out.set(device.subarray(dev.b, dev.b + V), at.b);
    return out;
  }

  /** The padded sizes of a plan's buffers: Vp / 4, Rp and Dp. */
  private dims(plan: GpuPlan) {
    return {
      V4: this.dev.Vp / 4,
      Rp: roundUp(plan.plan.rowTokens.length, TILE),
      Dp: roundUp(this.shape.dim, TILE),
    };
  }

  /** Gathers the plan's embeddings into H and Ht, then its logits (Rp, Vp) into this.logits. */
  private encodeForward(pass: GPUComputePassEncoder, plan: GpuPlan): void {
    const { V4, Rp, Dp } = this.dims(plan);
    this.dispatch(
      pass,
      'trainGather',
      [this.params, plan.rows, this.H, this.Ht, plan.shapeParams],
      [Math.ceil((Rp * Dp) / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainForward',
      [this.params, this.Ht, this.logits, plan.shapeParams],
      // Two neighbouring column blocks per thread.
      [Math.ceil(Math.ceil(V4 / 2) / TILE_WG), Rp / TILE],
    );
  }

  /** The Shape struct (train-common.wgsl) for R rows; Rp = R rounded up to 16. */
  private shapeUniform(R: number): GPUBuffer {
    const { vocab: V, dim: d } = this.shape;
    const at = this.dev;
    const V4 = at.Vp / 4;
    const slice4 = Math.ceil(V4 / GRAD_E_SLICES);
    return this.uniform(
      packStruct(SHAPE_FIELDS, {
        V,
        V4,
        d,
        Dp: roundUp(d, TILE),
        R,
        Rp: roundUp(R, TILE),
        wOff4: at.W / 4,
        bOff4: at.b / 4,
        slices: GRAD_E_SLICES,
        slice4,
      }),
    );
  }

  /** Each row's log-sum-exp into this.lse and each pair's loss lse_r − z[r, y_p] into pairLoss. */
  private encodeXent(pass: GPUComputePassEncoder, plan: GpuPlan): void {
    const R = plan.plan.rowTokens.length;
    this.dispatch(
      pass,
      'trainXentStats',
      [this.logits, this.stats, plan.xentParams],
      [Math.ceil((R * XENT_CHUNKS) / TILE_WG), 1],
    );
    this.dispatch(
      pass,
      'trainXentFinish',
      [this.logits, this.stats, plan.pairStart, plan.pairTargets, this.lse, plan.pairLoss, plan.xentParams],
      [Math.ceil(R / TILE_WG), 1],
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
    const { Vp } = this.dev;
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
      pairRows: data('pair rows', plan.pairRows),
      pairLoss: this.buffer(`${name} pair loss`, lossBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC),
      staging: this.buffer(`${name} staging`, lossBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
      shapeParams: this.shapeUniform(plan.rowTokens.length),
      xentParams: this.uniform(
        packStruct(XENT_SHAPE_FIELDS, {
          V,
          V4: Vp / 4,
          N: plan.positions,
          R: plan.rowTokens.length,
          chunks: XENT_CHUNKS,
          chunk4: Math.ceil(Vp / 4 / XENT_CHUNKS),
        }),
      ),
    };
  }

  private buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const b = this.device.createBuffer({ label, size: Math.ceil(size / 4) * 4, usage });
    this.buffers.push(b);
    return b;
  }

  private uniform(words: ArrayBuffer): GPUBuffer {
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
          // WGSL has no includes: the shared structs go before each kernel.
          module: this.device.createShaderModule({ label: name, code: `${trainCommon}\n${SHADERS[name]}` }),
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

  /** Pops the three scopes at once, in this task, so no other operation's scopes come between. */
  private async popScopes(what: string): Promise<void> {
    // Popped innermost first: internal, validation, out-of-memory.
    const [internal, validation, oom] = await Promise.all([
      this.device.popErrorScope(),
      this.device.popErrorScope(),
      this.device.popErrorScope(),
    ]);
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
