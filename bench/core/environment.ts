/** What the report says about the machine, common to the browser page and the Node runner. */

export interface BenchOptions {
  /** [B, T, V] shapes to run, in order; default: DEFAULT_SHAPES (shapes.ts). */
  shapes?: [number, number, number][];
  /** Timed repetitions per shape and implementation; default: size-dependent (shapes.ts). */
  reps?: number;
  seed?: number;
  /** Implementation names to run; default: all. */
  impls?: string[];
}

export function adapterEnvironment(device: GPUDevice, adapterName: string): Record<string, unknown> {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return {
    adapter: adapterName,
    adapterInfo: info
      ? {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          description: info.description,
        }
      : null,
    limits: {
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
      maxBufferSize: device.limits.maxBufferSize,
    },
  };
}
