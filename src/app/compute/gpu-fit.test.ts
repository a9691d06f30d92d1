import { describe, expect, it } from 'vitest';
import { webgpuMisfit, type GpuLimits } from './gpu-fit';

const device = (features: string[], maxStorageBufferBindingSize: number): GpuLimits => ({
  features: new Set(features),
  limits: { maxStorageBufferBindingSize },
});
/** GPT-2 small's token embedding, 50,257 × 768 float32. */
const WTE = { name: 'transformer.wte.weight', bytes: 50_257 * 768 * 4 };

describe('webgpuMisfit', () => {
  it('lets a model run where its largest weight fits one buffer', () => {
    expect(webgpuMisfit('fp32', WTE, device([], 2 ** 31))).toBeNull();
    expect(webgpuMisfit('fp32', null, device([], 2 ** 27))).toBeNull();
    expect(
      webgpuMisfit('fp16', { ...WTE, bytes: WTE.bytes / 2 }, device(['shader-f16'], 2 ** 27)),
    ).toBeNull();
  });

  it('says why a float16 model cannot run without shader-f16', () => {
    for (const dtype of ['fp16', 'q4f16'] as const) {
      expect(webgpuMisfit(dtype, null, device([], 2 ** 31))).toBe(
        'this GPU lacks the shader-f16 feature that float16 weights need',
      );
    }
    expect(webgpuMisfit('q8', null, device([], 2 ** 31))).toBeNull();
  });

  it('says which weight is over the default 128 MiB binding limit, and by how much', () => {
    expect(webgpuMisfit('fp32', WTE, device(['shader-f16'], 2 ** 27))).toBe(
      'its largest weight, transformer.wte.weight (154 MB), is over this GPU’s 134 MB limit for one buffer',
    );
    // A weight of exactly the limit fits.
    expect(webgpuMisfit('fp32', { name: 'w', bytes: 2 ** 27 }, device([], 2 ** 27))).toBeNull();
  });
});
