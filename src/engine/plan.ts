/**
 * How a (B, T, V) tensor is laid out on the GPU: pure arithmetic, tested without a device.
 *
 * - Chunks: whole rows per storage buffer, so no binding exceeds the device's
 *   maxStorageBufferBindingSize / maxBufferSize, and no dispatch has more than 65,535 rows.
 * - Splits: when there are few rows, each row is cut into several workgroups so that a small
 *   batch still fills the GPU; pass 2 merges the per-split (m, r, t, above) states.
 */
import type { Shape3 } from '../math/1-logits';

/** Largest workgroup count per dispatch dimension in WebGPU's default limits. */
export const MAX_WORKGROUPS_PER_DIM = 65_535;

export interface Tuning {
  /** Invocations per workgroup of the loss pass; a power of two (the tree reduction needs it). */
  workgroupSize: number;
  /** Aim for about this many workgroups per dispatch when rows are few. */
  targetWorkgroups: number;
  /** Never cut a row into slices smaller than this many vec4 loads. */
  minVec4PerSplit: number;
  /** At most this many workgroups along the rows; each then takes every n-th row. */
  maxRowGroups: number;
  /**
   * Pass 1 without barriers (xent-rows.wgsl's `main_flat`): every invocation writes its own
   * partial state and pass 2 merges WG times more of them, instead of a tree in workgroup memory.
   */
  flat: boolean;
}

export const DEFAULT_TUNING: Tuning = {
  workgroupSize: 64,
  targetWorkgroups: 256,
  minVec4PerSplit: 2048,
  maxRowGroups: MAX_WORKGROUPS_PER_DIM,
  flat: false,
};

/**
 * CPU Vulkan drivers (SwiftShader, lavapipe/llvmpipe) run a workgroup as SIMD lanes of one
 * thread and pay per workgroup and per barrier: SwiftShader runs a workgroup that has a barrier
 * as one coroutine per 4-lane slice, switched at every barrier. There the barrier-free pass 1,
 * 16 invocations and at most 32 workgroups along the rows measured fastest. Real GPUs keep 64
 * invocations (two warps, one wavefront), the tree in workgroup memory, and one workgroup per row.
 */
export function tuningFor(adapterName: string): Tuning {
  return /swiftshader|llvmpipe|lavapipe/i.test(adapterName)
    ? { ...DEFAULT_TUNING, workgroupSize: 16, targetWorkgroups: 32, maxRowGroups: 32, flat: true }
    : DEFAULT_TUNING;
}

/**
 * Bytes kept free below a binding limit: SwiftShader reports a 1 GiB limit but fails to
 * allocate a buffer of exactly 1 GiB (VK_ERROR_OUT_OF_DEVICE_MEMORY).
 */
export const BINDING_HEADROOM = 2 ** 20;

export interface Chunk {
  /** Index of the chunk's first row in the whole tensor. */
  firstRow: number;
  rows: number;
  /** Logits in the chunk, rows · V. */
  elements: number;
  /** Buffer size: the chunk's bytes rounded up to 16 so it can be read as array<vec4<f32>>. */
  bufferBytes: number;
}

export function planChunks(shape: Shape3, maxBindingBytes: number): Chunk[] {
  const [B, T, V] = shape;
  const rows = B * T;
  const rowBytes = V * 4;
  // Leave 16 B for the vec4 padding of the last row, and headroom under large limits.
  const usable =
    maxBindingBytes > 8 * BINDING_HEADROOM ? maxBindingBytes - BINDING_HEADROOM : maxBindingBytes;
  const fit = Math.floor((usable - 16) / rowBytes);
  if (fit < 1) {
    throw new RangeError(
      `one row of ${V} float32 logits (${rowBytes} bytes) exceeds this GPU's largest buffer binding (${maxBindingBytes} bytes).`,
    );
  }
  const perChunk = Math.min(fit, MAX_WORKGROUPS_PER_DIM);
  const chunks: Chunk[] = [];
  for (let firstRow = 0; firstRow < rows; firstRow += perChunk) {
    const n = Math.min(perChunk, rows - firstRow);
    const elements = n * V;
    chunks.push({ firstRow, rows: n, elements, bufferBytes: Math.ceil((elements * 4) / 16) * 16 });
  }
  return chunks;
}

export interface Splits {
  /** Workgroups per row. */
  splits: number;
  /** vec4 loads each split covers. */
  vec4PerSplit: number;
}

/** Vec4 loads that cover any row of V floats, whatever its alignment: ⌈V/4⌉ + 1. */
export function vec4PerRow(vocab: number): number {
  return Math.ceil(vocab / 4) + 1;
}

export function planSplits(rows: number, vocab: number, tuning: Tuning = DEFAULT_TUNING): Splits {
  const perRow = vec4PerRow(vocab);
  const wanted = Math.ceil(tuning.targetWorkgroups / rows);
  const most = Math.max(1, Math.floor(perRow / tuning.minVec4PerSplit));
  const asked = Math.max(1, Math.min(wanted, most, MAX_WORKGROUPS_PER_DIM));
  const vec4PerSplit = Math.ceil(perRow / asked);
  // Recount so that no split is left empty by the rounding up.
  return { splits: Math.ceil(perRow / vec4PerSplit), vec4PerSplit };
}

/** Field order of the uniform `Params` struct shared by xent-rows.wgsl and xent-merge.wgsl. */
export const XENT_PARAMS_FIELDS = [
  'vocab',
  'rows',
  'splits',
  'vec4PerSplit',
  'rowBase',
  'partsPerRow',
  'scale',
  '_pad2',
] as const;
/** The fields of `Params` that are f32 (the others are u32). */
export const XENT_PARAMS_F32: readonly (typeof XENT_PARAMS_FIELDS)[number][] = ['scale'];
/** Index of `scale` in `Params`, in 4-byte words: the one field rewritten between loss passes. */
export const XENT_SCALE_WORD = XENT_PARAMS_FIELDS.indexOf('scale');

/** Partial states pass 1 writes per row: one per split, or one per invocation when flat. */
export function partsPerRow(s: Splits, tuning: Pick<Tuning, 'flat' | 'workgroupSize'>): number {
  return tuning.flat ? s.splits * tuning.workgroupSize : s.splits;
}

/** The `Params` words of one chunk; `scale` multiplies every logit as it is read (1 for the loss). */
export function xentParams(vocab: number, chunk: Chunk, s: Splits, parts: number, scale = 1): Uint32Array {
  const values: Record<(typeof XENT_PARAMS_FIELDS)[number], number> = {
    vocab,
    rows: chunk.rows,
    splits: s.splits,
    vec4PerSplit: s.vec4PerSplit,
    rowBase: chunk.firstRow,
    partsPerRow: parts,
    scale: 0,
    _pad2: 0,
  };
  const words = Uint32Array.from(XENT_PARAMS_FIELDS, (f) => values[f]);
  new Float32Array(words.buffer)[XENT_SCALE_WORD] = scale;
  return words;
}

/** Bytes per element of the per-row output `RowOut` (8 × 4-byte fields) and its field order. */
export const ROW_OUT_FIELDS = ['m', 'r', 't', 'above', 'xt', 'flags', '_pad0', '_pad1'] as const;
export const ROW_OUT_BYTES = ROW_OUT_FIELDS.length * 4;
/** Bytes per `Partial` (m, r, t, above). */
export const PARTIAL_FIELDS = ['m', 'r', 't', 'above'] as const;
export const PARTIAL_BYTES = PARTIAL_FIELDS.length * 4;
/** Largest k of one top-k call; the K constant of row-topk.wgsl. */
export const TOPK_MAX = 32;
/** Most bins of one histogram call; MAX_BINS in logprob-histogram.wgsl. */
export const HISTOGRAM_MAX_BINS = 256;
