/**
 * The numerical-stability lab on the GPU: one row's naive and stable softmax and −log p in f32
 * (shaders/stability-lab.wgsl), read back exactly as the device computed them, inf and NaN
 * included. DOM-free; it takes a GPUDevice (XentEngine.device), so it runs in the browser and in
 * Node (Dawn). The CPU twin is src/math/stability.ts.
 */
import code from '../../shaders/stability-lab.wgsl?raw';
import type { FloatArray } from '../math/1-logits';
import {
  checkStabilityInput,
  STABILITY_WG,
  type StabilityInput,
  type StabilityValues,
} from '../math/stability';
import { EngineError } from './xent-engine';

/** The kernel's `struct Out`, in field order: 10 f32 then 4 u32 counts (and 2 words of padding). */
export const STABILITY_OUT_FIELDS = [
  'zTarget',
  'naiveSum',
  'naiveExpTarget',
  'naiveP',
  'naiveNegLog',
  'maxZ',
  'stableSum',
  'logSumExp',
  'stableP',
  'stableNegLog',
  'expInf',
  'pInf',
  'pNaN',
  'pZero',
  'pad0',
  'pad1',
] as const;

/** The kernel's `struct Params`: vocab, targetId (u32), scale, push (f32); `target` is reserved in WGSL. */
export const STABILITY_PARAMS_FIELDS = ['vocab', 'targetId', 'scale', 'push'] as const;

export { STABILITY_WG };

export interface GpuStabilityValues extends StabilityValues {
  /** The naive p_j of every token (V floats), when asked for. */
  probs?: Float32Array;
}

/** One compiled pipeline per device (a device's pipelines die with it); failures are not kept. */
const pipelines = new WeakMap<GPUDevice, Promise<GPUComputePipeline>>();

function pipelineFor(device: GPUDevice): Promise<GPUComputePipeline> {
  let p = pipelines.get(device);
  if (!p) {
    p = device
      .createComputePipelineAsync({
        label: 'stability lab',
        layout: 'auto',
        compute: {
          module: device.createShaderModule({ label: 'stability-lab.wgsl', code }),
          entryPoint: 'main',
        },
      })
      .catch((error: unknown) => {
        pipelines.delete(device);
        throw new EngineError(`The GPU could not compile the stability lab (${(error as Error).message}).`);
      });
    pipelines.set(device, p);
  }
  return p;
}

/** The row as f32 (float64 input is narrowed, as on upload). */
function asF32(logits: FloatArray): Float32Array {
  return logits instanceof Float32Array ? logits : Float32Array.from(logits);
}

/**
 * Runs the lab's kernel on one row. Rejects with a RangeError for bad input and an EngineError
 * (one sentence) for a GPU failure: validation, out of memory, an internal error or a lost device.
 * The error scopes are pushed and popped in one synchronous stretch, so work that other code
 * submits to the same device meanwhile cannot land in them.
 */
export async function stabilityOnGpu(
  device: GPUDevice,
  input: StabilityInput,
  options: { probs?: boolean } = {},
): Promise<GpuStabilityValues> {
  checkStabilityInput(input);
  const row = asF32(input.logits);
  const V = row.length;
  if (V * 4 > device.limits.maxStorageBufferBindingSize) {
    throw new EngineError(`This GPU cannot bind a row of ${V} logits.`);
  }
  const outBytes = STABILITY_OUT_FIELDS.length * 4;
  const probBytes = Math.ceil((V * 4) / 16) * 16;
  const pipeline = await pipelineFor(device);

  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  device.pushErrorScope('internal');
  const buffers: GPUBuffer[] = [];
  const make = (label: string, size: number, usage: number) => {
    const b = device.createBuffer({ label, size, usage });
    buffers.push(b);
    return b;
  };
  let staging: GPUBuffer;
  let errors: Promise<(GPUError | null)[]>;
  try {
    const logits = make('stability row', probBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(logits, 0, row);
    const probs = make('stability naive p', probBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const out = make('stability out', outBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const params = make('stability params', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const words = new ArrayBuffer(16);
    new Uint32Array(words, 0, 2).set([V, input.target]);
    new Float32Array(words, 8, 2).set([input.scale, input.push]);
    device.queue.writeBuffer(params, 0, words);
    const readBytes = outBytes + (options.probs ? probBytes : 0);
    staging = make('stability staging', readBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);

    const encoder = device.createCommandEncoder({ label: 'stability lab' });
    const pass = encoder.beginComputePass({ label: 'stability lab' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [logits, probs, out, params].map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    pass.dispatchWorkgroups(1, 1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, outBytes);
    if (options.probs) encoder.copyBufferToBuffer(probs, 0, staging, outBytes, probBytes);
    device.queue.submit([encoder.finish()]);
  } catch (error) {
    for (const b of buffers) b.destroy();
    throw error;
  } finally {
    // Popped innermost first: internal, validation, out-of-memory.
    errors = Promise.all([device.popErrorScope(), device.popErrorScope(), device.popErrorScope()]);
    errors.catch(() => undefined);
  }

  try {
    let mapError: unknown = null;
    await staging.mapAsync(GPUMapMode.READ).catch((error: unknown) => (mapError = error));
    const [internal, validation, oom] = await errors;
    if (oom) throw new EngineError('The GPU ran out of memory while running the stability lab.');
    if (validation) throw new EngineError(`The GPU rejected the stability lab: ${validation.message}`);
    if (internal)
      throw new EngineError(`The GPU failed internally in the stability lab: ${internal.message}`);
    if (mapError)
      throw new EngineError(`The GPU failed while running the stability lab (${String(mapError)}).`);
    const raw = staging.getMappedRange().slice(0);
    staging.unmap();
    return readOut(raw, options.probs ? V : 0);
  } finally {
    for (const b of buffers) b.destroy();
  }
}

/** The read-back bytes as the twin's values: f32 fields as numbers, u32 counts as integers. */
function readOut(raw: ArrayBuffer, V: number): GpuStabilityValues {
  const f = new Float32Array(raw, 0, STABILITY_OUT_FIELDS.length);
  const u = new Uint32Array(raw, 0, STABILITY_OUT_FIELDS.length);
  const at = (name: (typeof STABILITY_OUT_FIELDS)[number]) => STABILITY_OUT_FIELDS.indexOf(name);
  const values: GpuStabilityValues = {
    zTarget: f[at('zTarget')]!,
    naiveSum: f[at('naiveSum')]!,
    naiveExpTarget: f[at('naiveExpTarget')]!,
    naiveP: f[at('naiveP')]!,
    naiveNegLog: f[at('naiveNegLog')]!,
    max: f[at('maxZ')]!,
    stableSum: f[at('stableSum')]!,
    logSumExp: f[at('logSumExp')]!,
    stableP: f[at('stableP')]!,
    stableNegLog: f[at('stableNegLog')]!,
    expInf: u[at('expInf')]!,
    pInf: u[at('pInf')]!,
    pNaN: u[at('pNaN')]!,
    pZero: u[at('pZero')]!,
  };
  if (V > 0) values.probs = new Float32Array(raw, STABILITY_OUT_FIELDS.length * 4, V).slice();
  return values;
}
