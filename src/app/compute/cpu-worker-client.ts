/**
 * Runs the CPU path (crossEntropyCpu, float64) in a module Web Worker and answers with a
 * promise per batch. Where a worker cannot start (no Worker, a blocked script), the same
 * function runs inline, so the page still computes.
 */
import { XentInputError } from '../../errors';
import { crossEntropyCpu, type LogitsBatch, type XentResult } from '../../math';
import type { CpuReply, CpuRequest } from './cpu.worker';

type Pending = {
  batch: LogitsBatch;
  resolve: (result: XentResult) => void;
  reject: (error: Error) => void;
};

export class CpuWorkerClient {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    try {
      this.worker = new Worker(new URL('./cpu.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return;
    }
    this.worker.onmessage = (event: MessageEvent<CpuReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new XentInputError(reply.message));
    };
    // The worker script failed to load or crashed: finish what was asked inline, and stay inline.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.worker?.terminate();
      this.worker = null;
      const unfinished = [...this.pending.values()];
      this.pending.clear();
      for (const { batch, resolve, reject } of unfinished) {
        this.score(batch).then(resolve, reject);
      }
    };
  }

  /** The batch is copied to the worker (not transferred), so the caller keeps its logits. */
  score = (batch: LogitsBatch): Promise<XentResult> => {
    const worker = this.worker;
    if (!worker) return Promise.resolve().then(() => crossEntropyCpu(batch));
    return new Promise<XentResult>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { batch, resolve, reject });
      const request: CpuRequest = {
        id,
        logits: batch.logits,
        shape: batch.shape,
        targets: batch.targets,
        ignoreIndex: batch.ignoreIndex,
      };
      worker.postMessage(request);
    });
  };

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error('The CPU worker was stopped.'));
    this.pending.clear();
  }
}
