/**
 * WebGPU in Node for the engine tests: Dawn (the `webgpu` package) on whatever Vulkan driver the
 * machine has — SwiftShader from Debian's chromium on CPU-only machines (VK_ICD_FILENAMES is set
 * in vitest.config.ts). No adapter is a failure, not a skip: the engine tests must run.
 */
import { create, globals } from 'webgpu';
import { requestEngineDevice, tuningFor, XentEngine, type DeviceOptions, type Tuning } from '../src/engine';

Object.assign(globalThis, globals);

export async function nodeEngine(
  options: DeviceOptions = {},
  tuning: Partial<Tuning> = {},
): Promise<XentEngine> {
  const request = await requestEngineDevice(create([]) as GPU, options);
  if (!request.ok) throw new Error(`Engine tests need a WebGPU adapter: ${request.reason}`);
  return XentEngine.create(request.device, { ...tuningFor(request.adapterName), ...tuning });
}
