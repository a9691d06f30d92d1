/** `tfjs` on its WebGPU backend: mean(logSumExp(logits) − gather(logits, targets)). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import type { BenchInput } from '../core/data';
import type { Impl } from '../core/suite';

/** logits (N, V), targets (N, 1) int32 → the mean loss, read back to the CPU. */
async function meanLoss(logits: tf.Tensor2D, targets: tf.Tensor2D): Promise<number> {
  const loss = tf.tidy(() => {
    const lse = tf.logSumExp(logits, 1, true); // (N, 1), max-subtracted inside tfjs
    const xt = tf.gather(logits, targets, 1, 1); // (N, 1): logits[n, targets[n, 0]]
    return tf.mean(tf.sub(lse, xt));
  });
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}

function tensors(input: BenchInput): [tf.Tensor2D, tf.Tensor2D] {
  const [B, T, V] = input.shape;
  return [tf.tensor2d(input.logits, [B * T, V]), tf.tensor2d(input.targets, [B * T, 1], 'int32')];
}

export async function createTfjsImpl(): Promise<{ impl: Impl; version: string }> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend.');
  await tf.ready();
  const impl: Impl = {
    name: 'tfjs',
    computesLoss: true,
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
  };
  return { impl, version: tf.version_core };
}
