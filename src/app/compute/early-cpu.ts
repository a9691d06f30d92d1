/**
 * The first logits, scored on the CPU while WebGPU's adapter, device and pipelines start (about a
 * second), so the loss is on screen soon after the first paint instead of "…": on this thread
 * when they are few (the book's example), else on the page's CPU worker, which the compute
 * session then takes as its CPU back end.
 */
import { crossEntropyCpu, type LogitsBatch, type XentResult } from '../../math';
import { CpuWorkerClient } from './cpu-worker-client';

let early: CpuWorkerClient | null = null;
/**
 * Most logits scored on the page's thread before the session opens: the book's (2, 3, 50257) take
 * about 10 ms there, less than starting the worker's module and copying them to it (about 100 ms
 * on a 2-core machine while the page loads). Larger inputs never block the page.
 */
const INLINE_MAX_LOGITS = 2 ** 20;
/** Early scores by batch: each batch is scored once, whoever asks first. */
const scores = new WeakMap<LogitsBatch, Promise<XentResult>>();

/** The page's CPU worker, started on first call. */
export function earlyCpu(): CpuWorkerClient {
  return (early ??= new CpuWorkerClient());
}

/**
 * The batch scored on the CPU before the compute session opens, once per batch: the book's example
 * asks as soon as its file is parsed (sources.ts), before React has rendered it, and the first
 * screen's effect (use-scoring.ts) then takes the same answer instead of asking again.
 */
export function scoreEarly(batch: LogitsBatch): Promise<XentResult> {
  let score = scores.get(batch);
  if (!score) {
    const [B, T, V] = batch.shape;
    score =
      B * T * V <= INLINE_MAX_LOGITS
        ? Promise.resolve().then(() => crossEntropyCpu(batch))
        : earlyCpu().score(batch);
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
