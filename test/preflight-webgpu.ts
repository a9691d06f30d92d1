/**
 * Vitest's global setup: before any engine test runs, ask Dawn for a WebGPU adapter once. Where
 * there is none, stop the run with one sentence that names the missing system package and the
 * command that installs it (src/cli/vulkan.ts), instead of six files failing one by one with
 * "offers no adapter".
 */
import { loadDawn } from '../src/cli/node-io';
import { adapterName } from '../src/engine/device';

export default async function preflight(): Promise<void> {
  const load = await loadDawn();
  if (!load.gpu) throw new Error(`WebGPU preflight: the engine tests cannot run: ${load.reason}.`);
  const adapter = await load.gpu.requestAdapter();
  if (!adapter) {
    const why =
      load.setupProblem ??
      'Dawn offers no adapter although a Vulkan loader and driver are installed; set VK_ICD_FILENAMES to a working driver’s ICD file (e.g. /usr/lib/chromium/vk_swiftshader_icd.json)';
    throw new Error(`WebGPU preflight: the engine tests cannot run: ${why}.`);
  }
  console.log(`WebGPU preflight: Dawn offers ${adapterName(adapter)}`);
}
