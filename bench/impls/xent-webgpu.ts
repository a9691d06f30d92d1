/**
 * `xent-webgpu`: the project's engine (src/engine), one read of every logit per loss, tuned for
 * the adapter as the app tunes it (plan.ts tuningFor).
 */
import { tuningFor, XentEngine } from '../../src/engine';
import type { Impl } from '../core/suite';

export function xentImpl(device: GPUDevice, adapterName: string): Impl {
  const engine = XentEngine.create(device, tuningFor(adapterName));
  return {
    name: 'xent-webgpu',
    computesLoss: true,
    async load(input) {
      const gpu = engine.upload(input.logits, input.shape);
      await gpu.ready;
      return {
        compute: async () => (await engine.scoreUploaded(gpu, input.targets, input.batch.ignoreIndex)).loss,
        release: () => gpu.destroy(),
      };
    },
    async endToEnd(input) {
      return (await engine.score(input.batch)).loss;
    },
  };
}
