/**
 * The browser bench page: the engine, the CPU path, onnxruntime-web and tfjs side by side in one
 * page and one run. scripts/bench/run-browser.mjs calls `window.runBench(options)`.
 */
import { requestEngineDevice, tuningFor } from '../src/engine';
import { adapterEnvironment, type BenchOptions } from './core/environment';
import { toMarkdown, type BenchReport } from './core/report';
import { runSuite, startImpls, versions } from './core/suite';
import { cpuImpl } from './impls/cpu';
import { createOrtImpl } from './impls/onnxruntime-web';
import { readBaselineImpl } from './impls/read-baseline';
import { createTfjsImpl } from './impls/tfjs';
import { xentImpl } from './impls/xent-webgpu';

declare global {
  interface Window {
    runBench: (options: BenchOptions) => Promise<{ report: BenchReport; markdown: string }>;
  }
}

function log(line: string): void {
  console.log(`[bench] ${line}`);
  document.getElementById('log')!.textContent += `${line}\n`;
}

window.runBench = async (options) => {
  const request = await requestEngineDevice(navigator.gpu);
  if (!request.ok) throw new Error(request.reason);
  const device = request.device;
  const { flat } = tuningFor(request.adapterName);
  const impls = await startImpls(
    [
      ['read-baseline', () => readBaselineImpl(device, { flat })],
      ['exp-baseline', () => readBaselineImpl(device, { exp: true, flat })],
      ['xent-webgpu', () => xentImpl(device, request.adapterName)],
      ['onnxruntime-web', () => createOrtImpl(new URL('ort/', location.href).href)],
      ['onnxruntime-web-safe', () => createOrtImpl(new URL('ort/', location.href).href, { safe: true })],
      ['tfjs', () => createTfjsImpl()],
      ['cpu', () => cpuImpl],
    ],
    options.impls,
  );
  const environment = {
    runtime: 'browser',
    userAgent: navigator.userAgent,
    ...adapterEnvironment(device, request.adapterName),
    engineTuning: tuningFor(request.adapterName),
    crossOriginIsolated,
    cpuCount: navigator.hardwareConcurrency,
    date: new Date().toISOString(),
    versions: versions(impls),
    reps: options.reps ?? 'by size (bench/core/shapes.ts)',
  };
  const rows = await runSuite(impls, { shapes: options.shapes, reps: options.reps, seed: options.seed, log });
  const report = { environment, rows };
  return { report, markdown: toMarkdown(report) };
};
