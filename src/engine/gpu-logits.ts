/**
 * Logits resident on the GPU: one storage buffer per chunk of whole rows (see plan.ts), plus the
 * small buffers the loss passes reuse between calls (targets, partial states, per-row output,
 * a mappable copy of the output).
 */
import type { Shape3 } from '../math/1-logits';
import { PARTIAL_BYTES, ROW_OUT_BYTES, type Chunk, type Splits } from './plan';

export interface ChunkBuffers extends Chunk {
  logits: GPUBuffer;
  params: GPUBuffer;
  /** The `scale` now written in `params` (plan.ts xentParams): 1, or 1/T after a temperature. */
  scale: number;
  /** The loss passes' bind groups, made on first use and kept: a slider step makes none. */
  lossBindings?: { rows: GPUBindGroup; merge: GPUBindGroup };
}

export class GpuLogits {
  readonly rows: number;
  readonly targets: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly out: GPUBuffer;
  readonly staging: GPUBuffer;
  /** Resolves when the upload is known to have succeeded; rejects with a readable EngineError. */
  ready: Promise<void> = Promise.resolve();
  /** Serialises the operations that share `staging`. */
  tail: Promise<unknown> = Promise.resolve();
  /** Per-row (m, r) from the last loss pass, for the on-demand kernels. */
  normalisers: { m: Float32Array; r: Float32Array } | null = null;
  private destroyed = false;

  constructor(
    device: GPUDevice,
    readonly shape: Shape3,
    readonly chunks: ChunkBuffers[],
    readonly splits: Splits,
    /** Partial states per row that pass 1 writes (plan.ts partsPerRow). */
    readonly partsPerRow: number,
  ) {
    this.rows = shape[0] * shape[1];
    const maxChunkRows = Math.max(...chunks.map((c) => c.rows));
    this.targets = device.createBuffer({
      label: 'xent targets (rows) i32',
      size: Math.max(16, Math.ceil((this.rows * 4) / 16) * 16),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.partials = device.createBuffer({
      label: 'xent partials (rows, partsPerRow)',
      size: maxChunkRows * partsPerRow * PARTIAL_BYTES,
      usage: GPUBufferUsage.STORAGE,
    });
    this.out = device.createBuffer({
      label: 'xent per-row output',
      size: this.rows * ROW_OUT_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = device.createBuffer({
      label: 'xent per-row output (readback)',
      size: this.rows * ROW_OUT_BYTES,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** The chunk that holds global row `row`, and the row's element offset inside it. */
  locate(row: number): { chunk: ChunkBuffers; rowStart: number } {
    for (const chunk of this.chunks) {
      if (row >= chunk.firstRow && row < chunk.firstRow + chunk.rows) {
        return { chunk, rowStart: (row - chunk.firstRow) * this.shape[2] };
      }
    }
    throw new RangeError(`row ${row} is outside the ${this.rows} rows of this tensor.`);
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.chunks) {
      c.logits.destroy();
      c.params.destroy();
    }
    this.targets.destroy();
    this.partials.destroy();
    this.out.destroy();
    this.staging.destroy();
  }
}
