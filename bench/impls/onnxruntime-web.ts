/**
 * `onnxruntime-web` on its WebGPU execution provider, running the graph of onnx-model.ts.
 * Its .wasm/.mjs files are served from `wasmPaths` (copied into the bench build, never fetched).
 */
import * as ort from 'onnxruntime-web/webgpu';
import type { BenchInput } from '../core/data';
import type { Impl } from '../core/suite';
import { crossEntropyModel } from './onnx-model';

/** (N, 1) int64 targets, the index type GatherElements takes in ONNX. */
function targets64(input: BenchInput): BigInt64Array {
  return BigInt64Array.from(input.targets, (t) => BigInt(t));
}

async function run(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<number> {
  const out = await session.run(feeds);
  const loss = out['loss']!;
  const value = (await loss.getData()) as Float32Array;
  loss.dispose();
  return value[0]!;
}

/** Creates a GPU buffer holding `data` on onnxruntime's own device, or says why it cannot. */
async function gpuBuffer(device: GPUDevice, data: Float32Array | BigInt64Array): Promise<GPUBuffer> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const buffer = device.createBuffer({
    size: Math.ceil(data.byteLength / 16) * 16,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, data);
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (validation || oom) {
    buffer.destroy();
    throw new Error(`onnxruntime-web could not upload the inputs: ${(oom ?? validation)!.message}`);
  }
  return buffer;
}

/**
 * `safe`: the graph that subtracts the row max before ReduceLogSumExp (onnx-model.ts), reported
 * as onnxruntime-web-safe, so the engine can be compared like with like.
 */
export async function createOrtImpl(
  wasmPaths: string,
  { safe = false }: { safe?: boolean } = {},
): Promise<Impl> {
  ort.env.wasm.wasmPaths = wasmPaths;
  // Threads need SharedArrayBuffer, which only a cross-origin-isolated page has.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1;
  const model = crossEntropyModel({ safe });
  // One session per shape: releasing it after the shape (trim) frees onnxruntime's buffer cache.
  let session: ort.InferenceSession | null = null;
  const open = async () => {
    session ??= await ort.InferenceSession.create(model, { executionProviders: ['webgpu'] });
    return session;
  };
  await open();

  return {
    name: safe ? 'onnxruntime-web-safe' : 'onnxruntime-web',
    computesLoss: true,
    version: ort.env.versions.web ?? 'unknown',
    async load(input) {
      const [B, T, V] = input.shape;
      const N = B * T;
      const s = await open();
      const device = (await ort.env.webgpu.device) as GPUDevice;
      const logits = await gpuBuffer(device, input.logits);
      let targets: GPUBuffer;
      try {
        targets = await gpuBuffer(device, targets64(input));
      } catch (error) {
        logits.destroy();
        throw error;
      }
      await device.queue.onSubmittedWorkDone();
      const feeds = {
        logits: ort.Tensor.fromGpuBuffer(logits, { dataType: 'float32', dims: [N, V] }),
        targets: ort.Tensor.fromGpuBuffer(targets, { dataType: 'int64', dims: [N, 1] }),
      };
      return {
        compute: () => run(s, feeds),
        release: () => {
          logits.destroy();
          targets.destroy();
        },
      };
    },
    // CPU tensors in: onnxruntime copies them to the GPU inside run().
    async endToEnd(input) {
      const [B, T, V] = input.shape;
      const N = B * T;
      return run(await open(), {
        logits: new ort.Tensor('float32', input.logits, [N, V]),
        targets: new ort.Tensor('int64', targets64(input), [N, 1]),
      });
    },
    async trim() {
      await session?.release();
      session = null;
    },
  };
}
