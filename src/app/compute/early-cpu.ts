/**
 * The CPU worker, started with the page: the first logits are scored on it while WebGPU's
 * adapter, device and pipelines start (about a second), so the loss is on screen at the first
 * paint instead of "…". The compute session then takes the same worker as its CPU back end.
 */
import type { LogitsBatch, XentResult } from '../../math';
import { CpuWorkerClient } from './cpu-worker-client';

let early: CpuWorkerClient | null = null;
/** Early scores by batch: each batch is sent to the worker once, whoever asks first. */
const scores = new WeakMap<LogitsBatch, Promise<XentResult>>();

/** The page's CPU worker, started on first call. */
export function earlyCpu(): CpuWorkerClient {
  return (early ??= new CpuWorkerClient());
}

/**
 * The batch scored on the page's CPU worker, started once per batch: the book's example asks as
 * soon as its file is parsed (sources.ts), before React has rendered it, and the first screen's
 * effect (use-scoring.ts) then takes the same answer instead of asking again.
 */
export function scoreEarly(batch: LogitsBatch): Promise<XentResult> {
  let score = scores.get(batch);
  if (!score) {
    score = earlyCpu().score(batch);
    score.catch(() => undefined); // the session's own scoring reports failures
    scores.set(batch, score);
  }
  return score;
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
