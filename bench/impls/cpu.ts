/** `cpu`: the float64 TypeScript pipeline (src/math), the specification and the fallback. */
import { makeBatch } from '../../src/math/1-logits';
import { crossEntropyCpu } from '../../src/math/cross-entropy';
import type { Impl } from '../core/suite';

export const cpuImpl: Impl = {
  name: 'cpu',
  computesLoss: true,
  // Nothing to upload: "compute" scores the validated batch already in memory.
  async load(input) {
    return { compute: async () => crossEntropyCpu(input.batch).loss, release: () => {} };
  },
  // End to end adds validating the raw arrays into a batch.
  async endToEnd(input) {
    return crossEntropyCpu(makeBatch(input.logits, input.shape, input.targets)).loss;
  },
};
