/** `tfjs` on its WebGPU backend: mean(logSumExp(logits) − gather(logits, targets)). */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-webgpu';
import type { BenchInput } from '../core/data';
import type { Impl } from '../core/suite';

function tensors(input: BenchInput): [tf.Tensor2D, tf.Tensor2D] {
  const [B, T, V] = input.shape;
  return [tf.tensor2d(input.logits, [B * T, V]), tf.tensor2d(input.targets, [B * T, 1], 'int32')];
}

export async function createTfjsImpl(): Promise<Impl> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend.');
  await tf.ready();
  const backend = tf.backend() as WebGPUBackend;
  // tfjs does not check its GPU work: an over-large buffer gives a silent wrong number. Any error
  // the device raises during a run fails that run instead.
  let gpuError: string | null = null;
  backend.device.addEventListener('uncapturederror', (event) => {
    gpuError ??= (event as GPUUncapturedErrorEvent).error.message.split('\n')[0]!;
  });

  /** logits (N, V), targets (N, 1) int32 → the mean loss, read back to the CPU. */
  async function meanLoss(logits: tf.Tensor2D, targets: tf.Tensor2D): Promise<number> {
    gpuError = null;
    const loss = tf.tidy(() => {
      const lse = tf.logSumExp(logits, 1, true); // (N, 1), max-subtracted inside tfjs
      const xt = tf.gather(logits, targets, 1, 1); // (N, 1): logits[n, targets[n, 0]]
      return tf.mean(tf.sub(lse, xt));
    });
    const value = (await loss.data())[0]!;
    loss.dispose();
    if (gpuError !== null) throw new Error(`tfjs: WebGPU error: ${gpuError}`);
    return value;
  }

  return {
    name: 'tfjs',
    computesLoss: true,
    version: tf.version_core,
    async load(input) {
      const [logits, targets] = tensors(input);
      const release = () => {
        logits.dispose();
        targets.dispose();
      };
      try {
        // tfjs uploads lazily; one run here puts both tensors on the GPU before timing.
        await meanLoss(logits, targets);
      } catch (error) {
        release();
        throw error;
      }
      return { compute: () => meanLoss(logits, targets), release };
    },
    async endToEnd(input) {
      const [logits, targets] = tensors(input);
      try {
        return await meanLoss(logits, targets);
      } finally {
        logits.dispose();
        targets.dispose();
      }
    },
    // tfjs keeps every freed GPU buffer for reuse; with no tensor alive, destroy them all.
    async trim() {
      if (tf.memory().numTensors === 0) backend.bufferManager.dispose();
    },
  };
}
