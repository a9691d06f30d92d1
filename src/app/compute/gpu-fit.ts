/**
 * Whether a model's forward pass can run on this WebGPU device, and if not, why, in one sentence.
 * Two things stop it, both known before a session is opened:
 *   - float16 weights (fp16, q4f16) need the device's 'shader-f16' feature (SwiftShader and some
 *     older GPUs lack it; onnxruntime's WebGPU provider then fails to open the file);
 *   - the provider keeps each weight in one storage buffer, so the largest weight (for GPT-2 the
 *     V × d token embedding, 50,257 × 768 × 4 B = 154 MB; for Qwen2.5-0.5B in float32 545 MB)
 *     must fit the device's maxStorageBufferBindingSize (128 MiB by default, the adapter's own
 *     limit on the engine's device, src/engine/device.ts).
 * Either way the model runs on WebAssembly instead, and the page says so.
 */
import { formatBytes } from '../../lm/catalog';
import type { OnnxTensorSize } from '../../lm/onnx-nodes';
import type { Dtype } from '../../lm/variants';
import { currentIntl } from '../i18n/current';

/** What of a GPU device the check reads. */
export interface GpuLimits {
  features: { has(feature: string): boolean };
  limits: { maxStorageBufferBindingSize: number };
}

/** Null when the model can run on `device`; else why not, as the end of a sentence. */
export function webgpuMisfit(dtype: Dtype, largest: OnnxTensorSize | null, device: GpuLimits): string | null {
  if ((dtype === 'fp16' || dtype === 'q4f16') && !device.features.has('shader-f16')) {
    return currentIntl().formatMessage(
      {
        id: 'compute.gpu-misfit.f16',
        defaultMessage: 'this GPU lacks the {feature} feature that float16 weights need',
        description:
          'Why a model runs on WebAssembly instead of WebGPU, after “… runs on WebAssembly here:”. feature: the WebGPU feature’s name, shader-f16.',
      },
      { feature: 'shader-f16' },
    );
  }
  const limit = device.limits.maxStorageBufferBindingSize;
  if (largest && largest.bytes > limit) {
    return currentIntl().formatMessage(
      {
        id: 'compute.gpu-misfit.buffer',
        defaultMessage:
          'its largest weight, {weight} ({size}), is over this GPU’s {limit} limit for one buffer',
        description:
          'Why a model runs on WebAssembly instead of WebGPU, after “… runs on WebAssembly here:”. weight: a tensor’s name; size, limit: e.g. 154 MB.',
      },
      { weight: largest.name, size: formatBytes(largest.bytes), limit: formatBytes(limit) },
    );
  }
  return null;
}
