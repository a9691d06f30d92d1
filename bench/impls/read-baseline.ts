/**
 * `read-baseline`: a kernel that only reads every logit (vec4 loads) and writes one sum per
 * workgroup; its GB/s is the device's read bandwidth, the ceiling for any one-pass loss kernel.
 * `exp-baseline`: the same kernel summing exp(x), one exp per logit and nothing else. On a CPU
 * driver both run barrier-free (one sum per invocation), as the engine does there.
 */
import shader from '../shaders/read-baseline.wgsl?raw';
import type { Impl, Loaded } from '../core/suite';

/**
 * Workgroups per chunk to try, fewest first. The best count depends on the device: a large GPU
 * needs thousands in flight, while a CPU driver (SwiftShader) pays per workgroup and is fastest
 * with a few dozen. load() times them on the real input and keeps the fastest (fastestGroups).
 */
const GROUP_CANDIDATES = [16, 64, 256, 1024, 4096];
const MAX_GROUPS = Math.max(...GROUP_CANDIDATES);
/** Uploads go in slices of at most this many bytes (large single writes strain browser IPC). */
const WRITE_SLICE_FLOATS = (64 * 2 ** 20) / 4;

/**
 * Times `run` for each candidate count (one untimed run, then one timed), fewest first, and stops
 * once a count is more than twice as slow as the best so far: past the device's sweet spot more
 * workgroups only cost more.
 */
async function fastestGroups(run: (groups: number) => Promise<number>): Promise<number> {
  let best = { groups: GROUP_CANDIDATES[0]!, ms: Infinity };
  for (const groups of GROUP_CANDIDATES) {
    await run(groups);
    const start = performance.now();
    await run(groups);
    const ms = performance.now() - start;
    if (ms < best.ms) best = { groups, ms };
    else if (ms > 2 * best.ms) break;
  }
  return best.groups;
}

interface Chunk {
  buffer: GPUBuffer;
  params: GPUBuffer;
  vec4Count: number;
}

/**
 * `exp`: the exp-baseline, Σ exp(x) instead of Σ x (see the shader's header). `flat`: no barrier,
 * 16 invocations per workgroup and one sum each (the engine's tuning for CPU drivers, plan.ts);
 * else 256 invocations and a tree in workgroup memory.
 */
export function readBaselineImpl(
  device: GPUDevice,
  { exp = false, flat = false }: { exp?: boolean; flat?: boolean } = {},
): Impl {
  const WG = flat ? 16 : 256;
  /** Slots of `sums` per workgroup. */
  const slots = flat ? WG : 1;
  const pipeline = device.createComputePipeline({
    label: exp ? 'exp-baseline' : 'read-baseline',
    layout: 'auto',
    compute: {
      module: device.createShaderModule({ code: shader }),
      entryPoint: flat ? 'main_flat' : 'main',
      constants: { WG, EXP: exp ? 1 : 0 },
    },
  });
  // Largest chunk in floats: fits one binding and one buffer, a multiple of 4 (whole vec4s), and
  // 1 MiB under the limit (a buffer of exactly the limit fails to allocate on SwiftShader).
  const maxBytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const chunkFloats = Math.floor((maxBytes - 2 ** 20) / 16) * 4;
  /** The calibrated workgroup count per input length (floats), reused by endToEnd. */
  const chosen = new Map<number, number>();

  function upload(logits: Float32Array): Chunk[] {
    const chunks: Chunk[] = [];
    for (let first = 0; first < logits.length; first += chunkFloats) {
      const floats = Math.min(chunkFloats, logits.length - first);
      const vec4Count = Math.ceil(floats / 4);
      // The zero padding of the last vec4 adds nothing to the sum.
      const buffer = device.createBuffer({
        size: vec4Count * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      for (let done = 0; done < floats; done += WRITE_SLICE_FLOATS) {
        const n = Math.min(WRITE_SLICE_FLOATS, floats - done);
        device.queue.writeBuffer(buffer, done * 4, logits, first + done, n);
      }
      const params = device.createBuffer({
        size: 16,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      // Params: vec4Count, outBase (each chunk owns MAX_GROUPS slots of `sums`).
      device.queue.writeBuffer(params, 0, new Uint32Array([vec4Count, chunks.length * MAX_GROUPS, 0, 0]));
      chunks.push({ buffer, params, vec4Count });
    }
    return chunks;
  }

  async function load(logits: Float32Array, calibrate: boolean): Promise<Loaded> {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const chunks = upload(logits);
    // Slots that a smaller workgroup count leaves unwritten stay 0.
    const sumBytes = chunks.length * MAX_GROUPS * slots * 4;
    const sums = device.createBuffer({
      size: sumBytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const staging = device.createBuffer({
      size: sumBytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const bindGroups = chunks.map((c) =>
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [c.buffer, sums, c.params].map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    const release = () => {
      for (const c of chunks) {
        c.buffer.destroy();
        c.params.destroy();
      }
      sums.destroy();
      staging.destroy();
    };
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (validation || oom) {
      release();
      throw new Error(`read-baseline could not upload the logits: ${(oom ?? validation)!.message}`);
    }
    await device.queue.onSubmittedWorkDone();

    /** Reads everything once; returns the checksum Σ x (float32 per workgroup, added in float64). */
    async function run(groups: number): Promise<number> {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      chunks.forEach((c, i) => {
        pass.setBindGroup(0, bindGroups[i]!);
        pass.dispatchWorkgroups(Math.min(groups, Math.ceil(c.vec4Count / WG)));
      });
      pass.end();
      encoder.copyBufferToBuffer(sums, 0, staging, 0, sumBytes);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      let total = 0;
      for (const s of new Float32Array(staging.getMappedRange())) total += s;
      staging.unmap();
      return total;
    }

    try {
      if (calibrate || !chosen.has(logits.length)) chosen.set(logits.length, await fastestGroups(run));
    } catch (error) {
      release();
      throw error;
    }
    const groups = chosen.get(logits.length)!;
    return { compute: () => run(groups), release };
  }

  return {
    name: exp ? 'exp-baseline' : 'read-baseline',
    computesLoss: false,
    load: (input) => load(input.logits, true),
    async endToEnd(input) {
      const loaded = await load(input.logits, false);
      try {
        return await loaded.compute();
      } finally {
        loaded.release();
      }
    },
  };
}
