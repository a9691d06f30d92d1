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

export async function createOrtImpl(wasmPaths: string): Promise<{ impl: Impl; version: string }> {
  ort.env.wasm.wasmPaths = wasmPaths;
  // Threads need SharedArrayBuffer, which only a cross-origin-isolated page has.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1;
  const session = await ort.InferenceSession.create(crossEntropyModel(), { executionProviders: ['webgpu'] });
  const device = (await ort.env.webgpu.device) as GPUDevice;

  const impl: Impl = {
    name: 'onnxruntime-web',
    computesLoss: true,
    async load(input) {
      const [B, T, V] = input.shape;
      const N = B * T;
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      const logits = device.createBuffer({
        size: Math.ceil((N * V * 4) / 16) * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(logits, 0, input.logits);
      const ids = targets64(input);
      const targets = device.createBuffer({
        size: Math.ceil(ids.byteLength / 16) * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(targets, 0, ids);
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      if (validation || oom) {
        logits.destroy();
        targets.destroy();
        throw new Error(`onnxruntime-web could not upload the logits: ${(oom ?? validation)!.message}`);
      }
      await device.queue.onSubmittedWorkDone();
      const feeds = {
        logits: ort.Tensor.fromGpuBuffer(logits, { dataType: 'float32', dims: [N, V] }),
        targets: ort.Tensor.fromGpuBuffer(targets, { dataType: 'int64', dims: [N, 1] }),
      };
      return {
        compute: () => run(session, feeds),
        release: () => {
          logits.destroy();
          targets.destroy();
        },
      };
    },
    // CPU tensors in: onnxruntime copies them to the GPU inside run().
    endToEnd(input) {
      const [B, T, V] = input.shape;
      const N = B * T;
      return run(session, {
        logits: new ort.Tensor('float32', input.logits, [N, V]),
        targets: new ort.Tensor('int64', targets64(input), [N, 1]),
      });
    },
  };
  return { impl, version: ort.env.versions.web ?? 'unknown' };
}
