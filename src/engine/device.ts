/**
 * The GPU boundary: the one place that asks for an adapter and a device. Callers get
 * "here is a device" or "no GPU, because …" and never touch `navigator.gpu` themselves.
 */

export type DeviceRequest =
  { ok: true; device: GPUDevice; adapterName: string } | { ok: false; reason: string };

export interface DeviceOptions {
  /**
   * 'adapter' (default) asks for the adapter's own buffer limits, so one binding can hold as
   * much as the hardware allows; 'default' keeps WebGPU's defaults (128 MiB per binding), which
   * tests use to force chunking.
   */
  limits?: 'adapter' | 'default';
  powerPreference?: GPUPowerPreference;
}

/** A readable name for an adapter: description, else vendor and architecture. */
export function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info as GPUAdapterInfo | undefined;
  const parts = [info?.description, info?.vendor, info?.architecture].filter((s): s is string => !!s);
  return parts.length > 0 ? parts.join(' · ') : 'unnamed adapter';
}

/**
 * GPU objects that handed out a device. Dawn in Node (the `webgpu` package) stops delivering a
 * device's callbacks (mapAsync, popErrorScope) once its GPU instance is garbage-collected, so
 * the instance is kept alive for as long as the module is.
 */
const liveGpus = new Set<GPU>();

export async function requestEngineDevice(
  gpu: GPU | undefined | null,
  options: DeviceOptions = {},
): Promise<DeviceRequest> {
  if (!gpu) {
    return { ok: false, reason: 'This browser has no WebGPU (navigator.gpu is missing).' };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (error) {
    return { ok: false, reason: `WebGPU could not provide an adapter (${String(error)}).` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason: 'WebGPU is present but offers no adapter (the GPU may be blocklisted or disabled).',
    };
  }
  const requiredLimits: Record<string, number> =
    options.limits === 'default'
      ? {}
      : {
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: adapter.limits.maxBufferSize,
        };
  try {
    const device = await adapter.requestDevice({ requiredLimits });
    liveGpus.add(gpu);
    return { ok: true, device, adapterName: adapterName(adapter) };
  } catch (error) {
    return { ok: false, reason: `The WebGPU adapter refused a device (${String(error)}).` };
  }
}
