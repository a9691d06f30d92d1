/** The WGSL kernels, one per file in shaders/, imported as text. */
import xentRows from '../../shaders/xent-rows.wgsl?raw';
import xentMerge from '../../shaders/xent-merge.wgsl?raw';
import rowProbs from '../../shaders/row-probs.wgsl?raw';
import rowTopK from '../../shaders/row-topk.wgsl?raw';
import logprobHistogram from '../../shaders/logprob-histogram.wgsl?raw';
import pModelLogits from '../../shaders/p-model-logits.wgsl?raw';

export const SHADERS = { xentRows, xentMerge, rowProbs, rowTopK, logprobHistogram, pModelLogits } as const;
export type ShaderName = keyof typeof SHADERS;
