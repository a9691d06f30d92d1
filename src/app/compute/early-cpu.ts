/**
 * The CPU worker, started with the page: the first logits are scored on it while WebGPU's
 * adapter, device and pipelines start (about a second), so the loss is on screen at the first
 * paint instead of "…". The compute session then takes the same worker as its CPU back end.
 */
import { CpuWorkerClient } from './cpu-worker-client';

let early: CpuWorkerClient | null = null;

/** The page's CPU worker, started on first call. */
export function earlyCpu(): CpuWorkerClient {
  return (early ??= new CpuWorkerClient());
}

/** Forgets `cpu` once its session is disposed, so the next session starts a worker of its own. */
export function forgetEarlyCpu(cpu: CpuWorkerClient): void {
  if (early === cpu) early = null;
}

/**
 * Milliseconds to hold the GPU back before asking for it: a test hook only (the end-to-end tests
 * set `window.__XENT_HOLD_GPU_MS` before the page loads, to see the CPU's numbers first).
 */
export function gpuHoldMs(): number {
  const ms = (globalThis as { __XENT_HOLD_GPU_MS?: unknown }).__XENT_HOLD_GPU_MS;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
}
