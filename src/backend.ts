/**
 * Which back end computes: the WebGPU engine when it can, else the CPU path — with the reason
 * said out loud. Shared by the app and the `xent` command; DOM-free. Where the CPU path runs
 * (inline in Node, in a Web Worker in the browser) is the caller's choice through `cpu`.
 */
import { requestEngineDevice, tuningFor, XentEngine, type DeviceOptions } from './engine';
import { crossEntropyCpu, type LogitsBatch, type XentResult } from './math';

export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

export interface Scorer {
  readonly backend: 'webgpu' | 'cpu';
  /** "WebGPU · <adapter>" or "CPU". */
  readonly label: string;
  /** Why the CPU is used when WebGPU was allowed; null otherwise. */
  readonly fallbackReason: string | null;
  /** The engine when backend is 'webgpu'. */
  readonly engine: XentEngine | null;
  score(batch: LogitsBatch): Promise<XentResult>;
  dispose(): void;
}

export interface ScorerOptions {
  backend?: BackendChoice;
  /** The WebGPU entry point (navigator.gpu in a browser, the `webgpu` package in Node). */
  gpu?: GPU | null;
  /** How the CPU path runs; defaults to inline. */
  cpu?: (batch: LogitsBatch) => Promise<XentResult>;
  device?: DeviceOptions;
}

/** Raised when `backend: 'webgpu'` was demanded and no device could be had. */
export class NoWebGpuError extends Error {
  override readonly name = 'NoWebGpuError';
}

export function cpuScorer(
  cpu: (batch: LogitsBatch) => Promise<XentResult> = async (b) => crossEntropyCpu(b),
  fallbackReason: string | null = null,
): Scorer {
  return { backend: 'cpu', label: 'CPU', fallbackReason, engine: null, score: cpu, dispose: () => {} };
}

export function engineScorer(engine: XentEngine, adapterName: string): Scorer {
  return {
    backend: 'webgpu',
    label: `WebGPU · ${adapterName}`,
    fallbackReason: null,
    engine,
    score: (batch) => engine.score(batch),
    dispose: () => engine.destroy(),
  };
}

export async function createScorer(options: ScorerOptions = {}): Promise<Scorer> {
  const choice = options.backend ?? 'auto';
  if (choice === 'cpu') return cpuScorer(options.cpu);
  const request = await requestEngineDevice(options.gpu, options.device);
  if (request.ok) {
    return engineScorer(
      XentEngine.create(request.device, tuningFor(request.adapterName)),
      request.adapterName,
    );
  }
  if (choice === 'webgpu')
    throw new NoWebGpuError(`WebGPU was requested but is unavailable: ${request.reason}`);
  return cpuScorer(options.cpu, request.reason);
}
