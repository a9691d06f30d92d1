/**
 * The p model's logits made on the GPU (shaders/p-model-logits.wgsl): "a model that gives the
 * right word probability p" puts hit = ln p at each row's target and rest = ln((1 − p)/(V − 1))
 * everywhere else. Its slider moves p many times a second; building 4·B·T·V bytes on the main
 * thread and uploading them per move costs far more than a frame, while this writes 32 bytes of
 * parameters and the (B·T) target columns, and two dispatches fill the tensor where the loss
 * kernels read it; tensors are reused between values of p (recycle). The CPU construction (pModelBatch in src/app/compute/random-model.ts) stays
 * the reference: test/p-model.engine.test.ts reads every row back and compares them bit for bit.
 */
import type { Shape3 } from '../math/1-logits';
import type { GpuLogits } from './gpu-logits';
import { MAX_WORKGROUPS_PER_DIM } from './plan';
import { SHADERS } from './shaders';
import type { XentEngine } from './xent-engine';

/** Invocations per workgroup: `fill` writes one vec4 (4 logits) each, `hits` one row each. */
const WG = 64;
/** The kernel's Params: firstRow, rows, vocab, _pad0 (u32), hit, rest (f32), _pad1, _pad2. */
const PARAMS_BYTES = 32;

/**
 * The two float32 values of the p model's logits, computed as the CPU twin computes them (in
 * float64, then stored in a Float32Array): hit = ln p, rest = ln((1 − p)/(V − 1)).
 */
export function pModelLogitValues(p: number, V: number): { hit: number; rest: number } {
  return { hit: Math.fround(Math.log(p)), rest: Math.fround(Math.log((1 - p) / (V - 1))) };
}

/** A p-model tensor just made, and whether the GPU took the work that made it. */
export interface GeneratedLogits {
  gpu: GpuLogits;
  /**
   * Resolves once the GPU has accepted the dispatches; rejects with an EngineError if it refused
   * them (the tensor is then garbage). Not awaited before scoring, which would cost a round trip
   * to the GPU per move: callers settle it together with the work on the tensor.
   */
  made: Promise<void>;
}

/** How many tensors recycle() keeps for reuse (one on screen, one being read). */
const POOL = 2;

/**
 * Makes p-model tensors on one engine's device. The pipeline and its uniform are made once, and
 * tensors handed back by recycle() are written again in place, so a move of the slider creates
 * no buffer: it writes 32 bytes of parameters and the targets and runs two dispatches per chunk.
 */
export class PModelGenerator {
  private pipelines: { fill: GPUComputePipeline; hits: GPUComputePipeline } | null = null;
  private params: GPUBuffer | null = null;
  private readonly pool: GpuLogits[] = [];

  constructor(private readonly engine: XentEngine) {}

  /**
   * A (B, T, V) tensor on the GPU holding the p model's logits for these targets: row r gets
   * hit at column targets[r] and rest elsewhere; a row whose target is `ignoreIndex` is all rest.
   */
  generate(shape: Shape3, targets: Int32Array, ignoreIndex: number, p: number): GeneratedLogits {
    if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}.`);
    const [B, T, V] = shape;
    if (targets.length !== B * T) throw new RangeError(`${targets.length} targets for ${B * T} rows.`);
    const gpu = this.reuse(shape) ?? this.engine.allocateLogits(shape);
    // The loss pass's (m, r) per row belong to the previous values, if any.
    gpu.normalisers = null;
    const device = this.engine.device;
    const made = this.engine.guard('making the p model’s logits', () => {
      const pipelines = this.pipelinesOnce();
      const params = this.paramsOnce();
      // The target column of each row, −1 where it is padding. The loss pass overwrites this
      // buffer with its own ids later, in queue order, after the dispatches below have read it.
      const cols = targets.map((id) => (id === ignoreIndex ? -1 : id));
      device.queue.writeBuffer(gpu.targets, 0, cols);
      const { hit, rest } = pModelLogitValues(p, V);
      const words = new ArrayBuffer(PARAMS_BYTES);
      const u = new Uint32Array(words);
      const f = new Float32Array(words);
      for (const chunk of gpu.chunks) {
        u[0] = chunk.firstRow;
        u[1] = chunk.rows;
        u[2] = V;
        f[4] = hit;
        f[5] = rest;
        // One uniform for every chunk: queue operations run in order, so each submit reads the
        // parameters written just before it.
        device.queue.writeBuffer(params, 0, words);
        const encoder = device.createCommandEncoder({ label: 'p-model logits' });
        const pass = encoder.beginComputePass();
        // fill (every logit rest), then hits (one per row); a dispatch sees the one before it.
        // `fill` does not read the columns, so its layout ('auto') has no binding 1.
        const logits = { binding: 0, resource: { buffer: chunk.logits } };
        const columns = { binding: 1, resource: { buffer: gpu.targets } };
        const uniform = { binding: 2, resource: { buffer: params } };
        const steps: [GPUComputePipeline, number, GPUBindGroupEntry[]][] = [
          [pipelines.fill, chunk.bufferBytes / 16, [logits, uniform]],
          [pipelines.hits, chunk.rows, [logits, columns, uniform]],
        ];
        for (const [pipeline, items, entries] of steps) {
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
          const groups = Math.ceil(items / WG);
          pass.dispatchWorkgroups(
            Math.min(groups, MAX_WORKGROUPS_PER_DIM),
            Math.ceil(groups / MAX_WORKGROUPS_PER_DIM),
          );
        }
        pass.end();
        device.queue.submit([encoder.finish()]);
      }
    });
    made.catch(() => gpu.destroy());
    return { gpu, made };
  }

  /**
   * Takes back a tensor made here that nothing reads any more (no computation on it is running
   * or queued), to be written again by a later generate(); beyond POOL it is freed.
   */
  recycle(gpu: GpuLogits): void {
    if (gpu.isDestroyed) return;
    if (this.pool.length < POOL && !this.pool.includes(gpu)) this.pool.push(gpu);
    else if (!this.pool.includes(gpu)) gpu.destroy();
  }

  /** Frees the kept tensors and the uniform. */
  dispose(): void {
    for (const gpu of this.pool.splice(0)) gpu.destroy();
    this.params?.destroy();
    this.params = null;
  }

  /** A kept tensor of this shape, still alive, or null. */
  private reuse(shape: Shape3): GpuLogits | null {
    for (;;) {
      const i = this.pool.findIndex((g) => g.shape.every((d, k) => d === shape[k]));
      if (i < 0) return null;
      const [gpu] = this.pool.splice(i, 1);
      if (gpu && !gpu.isDestroyed) return gpu;
    }
  }

  private pipelinesOnce(): { fill: GPUComputePipeline; hits: GPUComputePipeline } {
    if (!this.pipelines) {
      const device = this.engine.device;
      const module = device.createShaderModule({ label: 'pModelLogits', code: SHADERS.pModelLogits });
      const make = (entryPoint: 'fill' | 'hits') =>
        device.createComputePipeline({
          label: `pModelLogits ${entryPoint}`,
          layout: 'auto',
          compute: { module, entryPoint, constants: { WG } },
        });
      this.pipelines = { fill: make('fill'), hits: make('hits') };
    }
    return this.pipelines;
  }

  private paramsOnce(): GPUBuffer {
    this.params ??= this.engine.device.createBuffer({
      label: 'p-model params',
      size: PARAMS_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    return this.params;
  }
}
