/**
 * The cross-entropy engine on WebGPU: a thin host around the kernels in shaders/.
 * DOM-free; it takes a GPUDevice, so the same code runs in the browser and in Node (Dawn).
 *
 * The loss path reads each logit once (xent-rows.wgsl), merges split rows (xent-merge.wgsl) and
 * reads back 32 bytes per row; the host finishes in float64 (finish.ts). Probabilities, top-k and
 * histograms are separate kernels for the rows being looked at.
 */
import type { FloatArray, LogitsBatch, Shape3 } from '../math/1-logits';
import type { XentResult } from '../math/result';
import { finishRows, readNormalisers } from './finish';
import { GpuLogits, type ChunkBuffers } from './gpu-logits';
import {
  DEFAULT_TUNING,
  HISTOGRAM_MAX_BINS,
  MAX_WORKGROUPS_PER_DIM,
  planChunks,
  partsPerRow,
  planSplits,
  TOPK_MAX,
  xentParams,
  XENT_SCALE_WORD,
  type Tuning,
} from './plan';
import { SHADERS, type ShaderName } from './shaders';

/** A GPU failure in words: validation, out of memory, or a lost device. Never a wrong number. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}

const MERGE_WG = 64;
const SMALL_WG = 256;

/** One text's rows of logits in a buffer on the engine's device (see adoptRows). */
export interface AdoptedText {
  buffer: GPUBuffer;
  /** The first row (of V floats) of this text in the buffer. */
  from: number;
  /** How many rows to take; the rest of the text, up to T, is padding. */
  rows: number;
}

export class XentEngine {
  /** Compute pipelines by `shader:entryPoint`, made once. */
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  /** The loss's pipelines compiling in the background (prepare()), or null if never asked. */
  private preparing: Promise<void> | null = null;
  /** Bytes mapped back to the CPU since the engine started (for the benchmarks and their tests). */
  bytesReadBack = 0;
  private lostInfo: GPUDeviceLostInfo | null = null;
  /** Resolves with a sentence when the device is lost; the app then recovers or falls back. */
  readonly lost: Promise<string>;

  private constructor(
    readonly device: GPUDevice,
    readonly tuning: Tuning,
  ) {
    if (!Number.isInteger(Math.log2(tuning.workgroupSize))) {
      throw new RangeError(`workgroupSize must be a power of two, got ${tuning.workgroupSize}.`);
    }
    this.lost = device.lost.then((info) => {
      this.lostInfo = info;
      return `The GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}).`;
    });
  }

  static create(device: GPUDevice, tuning: Partial<Tuning> = {}): XentEngine {
    return new XentEngine(device, { ...DEFAULT_TUNING, ...tuning });
  }

  get isLost(): boolean {
    return this.lostInfo !== null;
  }

  /** Largest binding this device allows, in bytes. */
  get maxBindingBytes(): number {
    const l = this.device.limits;
    return Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize);
  }

  /**
   * Copies (B, T, V) logits to the GPU in chunks of whole rows. float64 input is narrowed to
   * float32, the precision the kernels compute in.
   */
  upload(logits: FloatArray, shape: Shape3): GpuLogits {
    this.assertAlive();
    const V = shape[2];
    if (logits.length !== shape[0] * shape[1] * V) {
      throw new RangeError(`logits has ${logits.length} values but shape (${shape.join(', ')}) needs more.`);
    }
    const data = logits instanceof Float32Array ? logits : Float32Array.from(logits);
    const scopes = this.pushScopes();
    const gpu = this.allocate(shape);
    for (const c of gpu.chunks) this.device.queue.writeBuffer(c.logits, 0, data, c.firstRow * V, c.elements);
    gpu.ready = this.popScopes(scopes, `uploading ${(data.byteLength / 2 ** 20).toFixed(1)} MiB of logits`);
    gpu.ready.catch(() => gpu.destroy());
    return gpu;
  }

  /**
   * Logits another library left on this device (onnxruntime-web's WebGPU output, kept there),
   * as a (B, T, V) tensor the kernels read: text b's rows are `parts[b].rows` float32 rows of V
   * starting at row `parts[b].from` of `parts[b].buffer`; its rows from there up to T stay zero
   * (padding, whose targets the caller ignores). The rows are copied GPU to GPU into the engine's
   * own chunk layout, so no logit crosses to the CPU and the caller may release the buffers now.
   */
  adoptRows(parts: readonly AdoptedText[], T: number, V: number): GpuLogits {
    this.assertAlive();
    for (const p of parts) {
      if (p.rows < 0 || p.rows > T || p.buffer.size < (p.from + p.rows) * V * 4) {
        throw new RangeError(
          `A buffer of ${p.buffer.size} bytes does not hold rows ${p.from}..${p.from + p.rows} of ${V} float32 logits, or ${p.rows} > T = ${T}.`,
        );
      }
    }
    const B = parts.length;
    const scopes = this.pushScopes();
    const gpu = this.allocate([B, T, V]);
    const encoder = this.device.createCommandEncoder({ label: 'xent adopt rows' });
    for (const c of gpu.chunks) {
      // Runs of consecutive rows of one text: r = b·T + t comes from row from_b + t of its buffer.
      for (let r = c.firstRow; r < c.firstRow + c.rows;) {
        const b = Math.floor(r / T);
        const t = r % T;
        const n = Math.min(T - t, c.firstRow + c.rows - r);
        const part = parts[b]!;
        const copied = Math.max(0, Math.min(n, part.rows - t));
        if (copied > 0) {
          encoder.copyBufferToBuffer(
            part.buffer,
            (part.from + t) * V * 4,
            c.logits,
            (r - c.firstRow) * V * 4,
            copied * V * 4,
          );
        }
        r += n;
      }
    }
    this.device.queue.submit([encoder.finish()]);
    gpu.ready = this.popScopes(
      scopes,
      `copying ${((B * T * V * 4) / 2 ** 20).toFixed(1)} MiB of logits on the GPU`,
    );
    gpu.ready.catch(() => gpu.destroy());
    return gpu;
  }

  /**
   * Buffers for (B, T, V) logits that a kernel of the caller's will write on the GPU (the p
   * model's generator, p-model.ts), laid out as upload() lays them out: nothing is uploaded. The
   * caller must fill every chunk before scoring; `ready` covers the allocation only.
   */
  allocateLogits(shape: Shape3): GpuLogits {
    this.assertAlive();
    const scopes = this.pushScopes();
    const gpu = this.allocate(shape);
    gpu.ready = this.popScopes(scopes, 'allocating logits on the GPU');
    gpu.ready.catch(() => gpu.destroy());
    return gpu;
  }

  /**
   * Runs `work`, which queues GPU work, inside the engine's error scopes: resolves once the GPU
   * has taken it, or rejects with the sentence for a validation error, running out of memory or
   * a lost device (for GPU code beside the engine's own, such as p-model.ts).
   */
  guard(what: string, work: () => void): Promise<void> {
    this.assertAlive();
    const scopes = this.pushScopes();
    try {
      work();
    } catch (error) {
      this.popScopes(scopes, what).catch(() => undefined);
      throw error;
    }
    return this.popScopes(scopes, what);
  }

  /** Buffers for (B, T, V) logits in chunks of whole rows under the binding limits (plan.ts). */
  private allocate(shape: Shape3): GpuLogits {
    const V = shape[2];
    let plan;
    try {
      plan = planChunks(shape, this.maxBindingBytes);
    } catch (error) {
      throw new EngineError(`This GPU cannot hold the input: ${(error as Error).message}`);
    }
    const splits = planSplits(Math.max(...plan.map((c) => c.rows)), V, this.tuning);
    const parts = partsPerRow(splits, this.tuning);
    const chunks: ChunkBuffers[] = plan.map((c) => {
      const buffer = this.device.createBuffer({
        label: `xent logits rows ${c.firstRow}..${c.firstRow + c.rows}`,
        size: c.bufferBytes,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      });
      const params = this.device.createBuffer({
        label: 'xent params',
        size: 32,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      this.device.queue.writeBuffer(params, 0, xentParams(V, c, splits, parts));
      return { ...c, logits: buffer, params, scale: 1 };
    });
    return new GpuLogits(this.device, shape, chunks, splits, parts);
  }

  /**
   * Makes `into`, a (1, 1, V) tensor (allocateLogits), row `row` of `gpu` with the logits at `ids`
   * replaced by `values`: a dragged logit's row made on the device from the logits already there,
   * by a GPU copy of 4·V bytes and a write of 4 bytes per replaced logit, instead of an upload of
   * the whole row. The same float32 values as uploading the edited row, so the same loss bit for
   * bit. Serialised with the other operations on `into`; score it with scoreUploaded.
   */
  editRow(
    gpu: GpuLogits,
    row: number,
    into: GpuLogits,
    ids: ArrayLike<number>,
    values: Float32Array,
  ): Promise<void> {
    return this.serialise(into, async () => {
      this.assertUsable(gpu);
      this.assertUsable(into);
      const V = gpu.shape[2];
      const [B, T, W] = into.shape;
      if (B * T !== 1 || W !== V) {
        throw new RangeError(`editRow writes into a (1, 1, ${V}) tensor, not (${into.shape.join(', ')}).`);
      }
      if (ids.length !== values.length)
        throw new RangeError(`${ids.length} ids for ${values.length} values.`);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (!Number.isInteger(id) || id < 0 || id >= V)
          throw new RangeError(`id ${id} is outside [0, ${V}).`);
      }
      const { chunk, rowStart } = gpu.locate(row);
      const scopes = this.pushScopes();
      const encoder = this.device.createCommandEncoder({ label: 'xent edit row' });
      encoder.copyBufferToBuffer(chunk.logits, rowStart * 4, into.chunks[0]!.logits, 0, V * 4);
      this.device.queue.submit([encoder.finish()]);
      // Queued after the copy, so they overwrite it.
      const target = into.chunks[0]!.logits;
      for (let i = 0; i < ids.length; i++) this.device.queue.writeBuffer(target, ids[i]! * 4, values, i, 1);
      into.normalisers = null;
      await Promise.all([gpu.ready, this.popScopes(scopes, 'editing a row of logits')]);
    });
  }

  /** The V logits of one row, read back: for a view that draws the row, never for the loss. */
  readRow(gpu: GpuLogits, row: number): Promise<Float32Array> {
    return this.serialise(gpu, async () => {
      await gpu.ready;
      this.assertUsable(gpu);
      const { chunk, rowStart } = gpu.locate(row);
      const bytes = gpu.shape[2] * 4;
      const scopes = this.pushScopes();
      const staging = this.device.createBuffer({
        size: bytes,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      const encoder = this.device.createCommandEncoder({ label: 'xent read row' });
      encoder.copyBufferToBuffer(chunk.logits, rowStart * 4, staging, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      try {
        return new Float32Array(await this.readBack(staging, scopes, 'reading a row of logits'));
      } finally {
        staging.destroy();
      }
    });
  }

  /**
   * The loss path on logits already on the GPU: per-token results and the mean, read back as
   * 32 bytes per row. `targets` (B·T) are ids in [0, V) or `ignoreIndex`.
   *
   * With `scale` ≠ 1 it scores the logits times `scale` as they are read, the tensor left as it
   * is: the temperature's z / T with scale = 1/T, without making or uploading a tensor. The
   * product is rounded to f32 (x · fround(1/T)), where the math module divides in float64, so the
   * two agree to the f32 tolerance, not bit for bit (README, "Precision"); ranks compare the
   * unscaled logits and are exact. Such a pass leaves the tensor's normalisers as they were.
   */
  scoreUploaded(gpu: GpuLogits, targets: Int32Array, ignoreIndex: number, scale = 1): Promise<XentResult> {
    return this.serialise(gpu, async () => {
      await this.preparing;
      this.assertUsable(gpu);
      if (targets.length !== gpu.rows) {
        throw new RangeError(`${targets.length} targets for ${gpu.rows} rows.`);
      }
      if (!(scale > 0 && Number.isFinite(scale))) {
        throw new RangeError(`The scale must be a finite number above 0, got ${scale}.`);
      }
      // Ignored rows still get a distribution (log-sum-exp, entropy); their gather reads id 0.
      const ids = targets.map((id) => (id === ignoreIndex ? 0 : id));
      const scopes = this.pushScopes();
      this.device.queue.writeBuffer(gpu.targets, 0, ids);
      const encoder = this.device.createCommandEncoder({ label: 'xent loss' });
      for (const chunk of gpu.chunks) this.encodeLoss(encoder, gpu, chunk, scale);
      encoder.copyBufferToBuffer(gpu.out, 0, gpu.staging, 0, gpu.staging.size);
      this.device.queue.submit([encoder.finish()]);
      // The upload's error check and the read-back share one round trip to the GPU: the work is
      // queued behind the upload without waiting for it. A failed upload is reported first.
      const read = this.readBack(gpu.staging, scopes, 'computing the loss');
      read.catch(() => undefined);
      await gpu.ready;
      this.assertUsable(gpu);
      const out = await read;
      if (scale === 1) gpu.normalisers = readNormalisers(out, gpu.rows);
      return finishRows(out, { shape: gpu.shape, targets, ignoreIndex });
    });
  }

  /** Upload, score, free: a Float32Array in, the result out. */
  async score(batch: LogitsBatch): Promise<XentResult> {
    const gpu = this.upload(batch.logits, batch.shape);
    try {
      return await this.scoreUploaded(gpu, batch.targets, batch.ignoreIndex);
    } finally {
      gpu.destroy();
    }
  }

  /** p_i for every token of one row (V floats): only the row being drawn comes back. */
  rowProbs(gpu: GpuLogits, row: number): Promise<Float32Array> {
    return this.serialise(gpu, async () => {
      const { chunk, rowStart, m, logS } = await this.rowContext(gpu, row);
      const V = gpu.shape[2];
      const probs = this.device.createBuffer({
        size: V * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      const params = this.uniform(new Uint32Array([rowStart, V, 0, 0]), [2, m], [3, logS]);
      const groups = Math.ceil(V / SMALL_WG);
      const result = await this.runOnce(
        'rowProbs',
        SMALL_WG,
        [chunk.logits, probs, params],
        [Math.min(groups, MAX_WORKGROUPS_PER_DIM), Math.ceil(groups / MAX_WORKGROUPS_PER_DIM)],
        probs,
        'computing probabilities',
      );
      return new Float32Array(result);
    });
  }

  /**
   * The row's softmax normaliser as the loss pass computed it: m = max_j x_j and
   * r = Σ_j exp(x_j − m) − 1, so Σ_j exp(x_j − m) = 1 + r and log-sum-exp = m + log1p(r).
   */
  rowNormaliser(gpu: GpuLogits, row: number): Promise<{ m: number; r: number }> {
    return this.serialise(gpu, async () => {
      const { m, r } = await this.rowContext(gpu, row);
      return { m, r };
    });
  }

  /** The k (≤ 32) largest logits of one row and their token ids, in descending order. */
  topK(gpu: GpuLogits, row: number, k: number): Promise<{ ids: Int32Array; logits: Float32Array }> {
    if (!Number.isInteger(k) || k < 1 || k > TOPK_MAX) {
      return Promise.reject(new RangeError(`k must be an integer in [1, ${TOPK_MAX}], got ${k}.`));
    }
    return this.serialise(gpu, async () => {
      await gpu.ready;
      this.assertUsable(gpu);
      const { chunk, rowStart } = gpu.locate(row);
      const candidates = this.device.createBuffer({
        size: SMALL_WG * TOPK_MAX * 8,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      const params = this.uniform(new Uint32Array([rowStart, gpu.shape[2], 0, 0]));
      const raw = await this.runOnce(
        'rowTopK',
        SMALL_WG,
        [chunk.logits, candidates, params],
        [1, 1],
        candidates,
        'finding the top tokens',
      );
      // Merge the WG·K per-invocation candidates: by logit descending, ties to the smaller id.
      const f = new Float32Array(raw);
      const ids = new Int32Array(raw);
      const all: { logit: number; id: number }[] = [];
      for (let i = 0; i < f.length / 2; i++) {
        const id = ids[2 * i + 1]!;
        if (id >= 0) all.push({ logit: f[2 * i]!, id });
      }
      all.sort((a, b) => b.logit - a.logit || a.id - b.id);
      const top = all.slice(0, k);
      return { ids: Int32Array.from(top, (c) => c.id), logits: Float32Array.from(top, (c) => c.logit) };
    });
  }

  /**
   * Counts of log p over one row's whole vocabulary in `bins` equal bins over [lo, 0] nats
   * (log p < lo lands in bin 0); element `bins` counts tokens with p = 0 (−inf logits).
   */
  histogram(gpu: GpuLogits, row: number, bins: number, lo: number): Promise<Uint32Array> {
    if (!Number.isInteger(bins) || bins < 1 || bins > HISTOGRAM_MAX_BINS || !(lo < 0)) {
      return Promise.reject(
        new RangeError(`bins must be in [1, ${HISTOGRAM_MAX_BINS}] and lo < 0, got ${bins} and ${lo}.`),
      );
    }
    return this.serialise(gpu, async () => {
      const { chunk, rowStart, m, logS } = await this.rowContext(gpu, row);
      const counts = this.device.createBuffer({
        size: Math.ceil(((bins + 1) * 4) / 16) * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      const params = this.uniform(
        new Uint32Array([rowStart, gpu.shape[2], bins, 0, 0, 0, 0, 0]),
        [4, m],
        [5, logS],
        [6, lo],
      );
      const groups = Math.min(64, Math.ceil(gpu.shape[2] / SMALL_WG));
      const raw = await this.runOnce(
        'logprobHistogram',
        SMALL_WG,
        [chunk.logits, counts, params],
        [groups, 1],
        counts,
        'counting probabilities',
      );
      return new Uint32Array(raw, 0, bins + 1).slice();
    });
  }

  destroy(): void {
    this.device.destroy();
  }

  // ---- internals -------------------------------------------------------------------------

  private encodeLoss(encoder: GPUCommandEncoder, gpu: GpuLogits, chunk: ChunkBuffers, scale = 1): void {
    // The queue writes the new scale before the commands submitted after it (4 bytes, when it changes).
    if (chunk.scale !== scale) {
      this.device.queue.writeBuffer(chunk.params, XENT_SCALE_WORD * 4, new Float32Array([scale]));
      chunk.scale = scale;
    }
    // Pass 1's entry point: the workgroup tree (GPUs) or the barrier-free one (CPU drivers).
    const rows = this.pipeline(
      'xentRows',
      this.tuning.workgroupSize,
      this.tuning.flat ? 'main_flat' : 'main',
    );
    const merge = this.pipeline('xentMerge', MERGE_WG);
    chunk.lossBindings ??= {
      rows: this.bind(rows, [chunk.logits, gpu.targets, gpu.partials, chunk.params]),
      merge: this.bind(merge, [chunk.logits, gpu.targets, gpu.partials, gpu.out, chunk.params]),
    };
    const pass = encoder.beginComputePass({ label: 'xent rows + merge' });
    pass.setPipeline(rows);
    pass.setBindGroup(0, chunk.lossBindings.rows);
    pass.dispatchWorkgroups(gpu.splits.splits, Math.min(chunk.rows, this.tuning.maxRowGroups));
    pass.setPipeline(merge);
    pass.setBindGroup(0, chunk.lossBindings.merge);
    pass.dispatchWorkgroups(Math.ceil(chunk.rows / MERGE_WG));
    pass.end();
  }

  /** The row's chunk and normaliser (m, log1p r), scoring the tensor first if it never was. */
  private async rowContext(gpu: GpuLogits, row: number) {
    await gpu.ready;
    this.assertUsable(gpu);
    if (!gpu.normalisers) await this.normalise(gpu);
    const { chunk, rowStart } = gpu.locate(row);
    const norms = gpu.normalisers!;
    const r = norms.r[row]!;
    return { chunk, rowStart, m: norms.m[row]!, r, logS: Math.log1p(r) };
  }

  /** One loss pass with dummy targets, run inside an operation that already holds `gpu`. */
  private async normalise(gpu: GpuLogits): Promise<void> {
    await this.preparing;
    const scopes = this.pushScopes();
    this.device.queue.writeBuffer(gpu.targets, 0, new Int32Array(gpu.rows));
    const encoder = this.device.createCommandEncoder();
    for (const chunk of gpu.chunks) this.encodeLoss(encoder, gpu, chunk);
    encoder.copyBufferToBuffer(gpu.out, 0, gpu.staging, 0, gpu.staging.size);
    this.device.queue.submit([encoder.finish()]);
    gpu.normalisers = readNormalisers(await this.readBack(gpu.staging, scopes, 'normalising'), gpu.rows);
  }

  private async runOnce(
    shader: ShaderName,
    wg: number,
    buffers: GPUBuffer[],
    [x, y]: [number, number],
    result: GPUBuffer,
    what: string,
  ): Promise<ArrayBuffer> {
    const scopes = this.pushScopes();
    const pipeline = this.pipeline(shader, wg);
    const staging = this.device.createBuffer({
      size: result.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = this.device.createCommandEncoder({ label: shader });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.bind(pipeline, buffers));
    pass.dispatchWorkgroups(x, y);
    pass.end();
    encoder.copyBufferToBuffer(result, 0, staging, 0, result.size);
    this.device.queue.submit([encoder.finish()]);
    try {
      return await this.readBack(staging, scopes, what);
    } finally {
      staging.destroy();
      result.destroy();
      buffers.at(-1)?.destroy(); // the call's uniform
    }
  }

  /** A 16-byte-aligned uniform from u32 words, with some words overwritten as f32. */
  private uniform(words: Uint32Array, ...floats: [index: number, value: number][]): GPUBuffer {
    const f = new Float32Array(words.buffer);
    for (const [i, v] of floats) f[i] = v;
    const buffer = this.device.createBuffer({
      size: Math.ceil(words.byteLength / 16) * 16,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, words);
    return buffer;
  }

  /**
   * Compiles the loss's two pipelines in the background, so the first score() does not compile
   * them itself: on a software driver (SwiftShader) compiling xent-rows takes a few hundred ms,
   * time the page otherwise spends fetching and parsing its first logits. The loss passes wait for
   * it (compiling the same pipeline twice at once would only double that time). Never rejects.
   */
  prepare(): Promise<void> {
    const loss: [ShaderName, number, string][] = [
      ['xentRows', this.tuning.workgroupSize, this.tuning.flat ? 'main_flat' : 'main'],
      ['xentMerge', MERGE_WG, 'main'],
    ];
    this.preparing ??= Promise.all(
      loss.map(async ([name, wg, entryPoint]) => {
        const key = `${name}:${entryPoint}`;
        if (this.pipelines.has(key)) return;
        try {
          const p = await this.device.createComputePipelineAsync(
            this.pipelineDescriptor(name, wg, entryPoint),
          );
          if (!this.pipelines.has(key)) this.pipelines.set(key, p);
        } catch {
          // Left to the synchronous path (pipeline(), below), whose error scopes report it.
        }
      }),
    ).then(() => undefined);
    return this.preparing;
  }

  private pipeline(name: ShaderName, wg: number, entryPoint = 'main'): GPUComputePipeline {
    const key = `${name}:${entryPoint}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.device.createComputePipeline(this.pipelineDescriptor(name, wg, entryPoint));
      this.pipelines.set(key, p);
    }
    return p;
  }

  private pipelineDescriptor(name: ShaderName, wg: number, entryPoint: string): GPUComputePipelineDescriptor {
    return {
      label: `${name}:${entryPoint}`,
      layout: 'auto',
      compute: {
        module: this.device.createShaderModule({ label: name, code: SHADERS[name] }),
        entryPoint,
        constants: { WG: wg },
      },
    };
  }

  private bind(pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  private async readBack(staging: GPUBuffer, scopes: number, what: string): Promise<ArrayBuffer> {
    this.bytesReadBack += staging.size;
    const errors = this.popScopes(scopes, what);
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (error) {
      await errors;
      this.assertAlive();
      throw new EngineError(`The GPU failed while ${what} (${String(error)}).`);
    }
    const copy = staging.getMappedRange().slice(0);
    staging.unmap();
    await errors;
    return copy;
  }

  private pushScopes(): number {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('internal');
    return 3;
  }

  /**
   * Pops the three scopes pushed by pushScopes and turns any error into one sentence. The three
   * are popped at once, in this task: popped one per await, another operation's pushScopes could
   * run in between and its scopes be popped here (and the pops were three GPU round trips in a
   * row instead of one).
   */
  private async popScopes(count: number, what: string): Promise<void> {
    const popped = Array.from({ length: count }, () => this.device.popErrorScope());
    const [internal, validation, oom] = await Promise.all(popped);
    if (oom)
      throw new EngineError(`The GPU ran out of memory while ${what}: try a smaller input or the CPU path.`);
    if (validation) throw new EngineError(`The GPU rejected the work while ${what}: ${validation.message}`);
    if (internal) throw new EngineError(`The GPU failed internally while ${what}: ${internal.message}`);
    this.assertAlive();
  }

  private serialise<T>(gpu: GpuLogits, op: () => Promise<T>): Promise<T> {
    const run = gpu.tail.then(op, op);
    gpu.tail = run.catch(() => undefined);
    return run;
  }

  private assertAlive(): void {
    if (this.lostInfo) {
      throw new EngineError(`The GPU device was lost (${this.lostInfo.reason}); recompute on a new device.`);
    }
  }

  private assertUsable(gpu: GpuLogits): void {
    this.assertAlive();
    if (gpu.isDestroyed) throw new EngineError('These logits were freed from the GPU; upload them again.');
  }
}
