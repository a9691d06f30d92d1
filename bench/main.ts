/**
 * The browser bench page: the engine, the CPU path, onnxruntime-web and tfjs side by side in one
 * page and one run. scripts/bench/run-browser.mjs calls `window.runBench(options)`.
 */
import { requestEngineDevice } from '../src/engine';
import { adapterEnvironment, attempt, type BenchOptions } from './core/environment';
import { toMarkdown, type BenchReport } from './core/report';
import { runSuite, unavailable, type Impl } from './core/suite';
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
  const ort = await attempt(() => createOrtImpl(new URL('ort/', location.href).href));
  const tfjs = await attempt(() => createTfjsImpl());
  const impls: Impl[] = [
    readBaselineImpl(device),
    xentImpl(device),
    ort.ok ? ort.value.impl : unavailable('onnxruntime-web', ort.why),
    tfjs.ok ? tfjs.value.impl : unavailable('tfjs', tfjs.why),
    cpuImpl,
  ];
  const environment = {
    runtime: 'browser',
    userAgent: navigator.userAgent,
    ...adapterEnvironment(device, request.adapterName),
    crossOriginIsolated,
    cpuCount: navigator.hardwareConcurrency,
    date: new Date().toISOString(),
    versions: {
      'onnxruntime-web': ort.ok ? ort.value.version : null,
      tfjs: tfjs.ok ? tfjs.value.version : null,
    },
    reps: options.reps ?? 'by size (bench/core/shapes.ts)',
  };
  const rows = await runSuite(impls, { shapes: options.shapes, reps: options.reps, seed: options.seed, log });
  const report = { environment, rows };
  return { report, markdown: toMarkdown(report) };
};
