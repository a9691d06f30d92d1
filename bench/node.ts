/**
 * The Node bench (Dawn, the `webgpu` package): the engine, the read baseline and the CPU path.
 * Built by scripts/bench/run-node.mjs, which sets VK_ICD_FILENAMES before this module loads Dawn.
 */
import os from 'node:os';
import { create, globals } from 'webgpu';
import { requestEngineDevice, tuningFor } from '../src/engine';
import { adapterEnvironment, type BenchOptions } from './core/environment';
import { toMarkdown, type BenchReport } from './core/report';
import { runSuite, startImpls } from './core/suite';
import { cpuImpl } from './impls/cpu';
import { readBaselineImpl } from './impls/read-baseline';
import { xentImpl } from './impls/xent-webgpu';

export async function runNodeBench(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ report: BenchReport; markdown: string }> {
  Object.assign(globalThis, globals);
  const request = await requestEngineDevice(create([]));
  if (!request.ok) throw new Error(request.reason);
  const device = request.device;
  const environment = {
    runtime: `node ${process.version} + Dawn (webgpu package)`,
    ...adapterEnvironment(device, request.adapterName),
    engineTuning: tuningFor(request.adapterName),
    vkIcdFilenames: process.env.VK_ICD_FILENAMES ?? null,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.cpus().length,
    date: new Date().toISOString(),
    reps: options.reps ?? 'by size (bench/core/shapes.ts)',
  };
  const { flat } = tuningFor(request.adapterName);
  const impls = await startImpls(
    [
      ['read-baseline', () => readBaselineImpl(device, { flat })],
      ['exp-baseline', () => readBaselineImpl(device, { exp: true, flat })],
      ['xent-webgpu', () => xentImpl(device, request.adapterName)],
      ['cpu', () => cpuImpl],
    ],
    options.impls,
  );
  const rows = await runSuite(impls, { shapes: options.shapes, reps: options.reps, seed: options.seed, log });
  device.destroy();
  const report = { environment, rows };
  return { report, markdown: toMarkdown(report) };
}
