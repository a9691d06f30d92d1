/**
 * Runs the CPU path (crossEntropyCpu, float64) in a module Web Worker and answers with a
 * promise per request. Where a worker cannot start (no Worker, a blocked script), the same
 * functions run inline, so the page still computes.
 *
 * Per request only what changed crosses to the worker: a p-model batch as its p (the worker
 * builds the same logits), and for the temperature the batch once, then T per move.
 */
import { XentInputError } from '../../errors';
import { crossEntropyCpu, withTemperature, type LogitsBatch, type XentResult } from '../../math';
import type { BatchMessage, CpuReply, CpuRequest } from './cpu.worker';
import { pModelOf } from './p-model-batch';

type Pending = {
  /** The same computation inline, if the worker dies before it answers. */
  inline: () => XentResult;
  resolve: (answer: XentResult) => void;
  reject: (error: Error) => void;
};

/** The batch as it crosses to the worker: its logits are copied (not transferred), or its p. */
function messageOf(batch: LogitsBatch): BatchMessage {
  const { shape, targets, ignoreIndex } = batch;
  const pModel = pModelOf(batch);
  return pModel
    ? { kind: 'p-model', p: pModel.p, shape, targets, ignoreIndex }
    : { kind: 'batch', logits: batch.logits, shape, targets, ignoreIndex };
}

export class CpuWorkerClient {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** The batch the worker keeps for the temperature, and its key there. */
  private kept: { batch: LogitsBatch; key: number } | null = null;

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
      if (!reply.ok) waiting?.reject(new XentInputError(reply.message));
      else waiting?.resolve(reply.result);
    };
    // The worker script failed to load or crashed: finish what was asked inline, and stay inline.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.worker?.terminate();
      this.worker = null;
      this.kept = null;
      const unfinished = [...this.pending.values()];
      this.pending.clear();
      for (const { inline, resolve, reject } of unfinished) {
        Promise.resolve().then(inline).then(resolve, reject);
      }
    };
  }

  /**
   * The batch is copied to the worker (not transferred), so the caller keeps its logits; a
   * p-model batch sends only p (the worker builds the same logits).
   */
  score = (batch: LogitsBatch): Promise<XentResult> =>
    this.ask(
      () => crossEntropyCpu(batch),
      (id) => ({ id, op: 'score', batch: messageOf(batch) }),
    );

  /**
   * crossEntropyCpu(withTemperature(batch, T)), computed in the worker, which keeps the batch: the
   * first call for a batch copies it there, later ones send T only.
   */
  scoreAtTemperature(batch: LogitsBatch, T: number): Promise<XentResult> {
    return this.ask(
      () => crossEntropyCpu(withTemperature(batch, T)),
      (id) => ({ id, op: 'temperature', key: this.keep(batch), T }),
    );
  }

  /** The worker's key for `batch`, sending it there first if it holds another one. */
  private keep(batch: LogitsBatch): number {
    if (this.kept?.batch === batch) return this.kept.key;
    const key = this.nextId++;
    this.kept = { batch, key };
    this.worker?.postMessage({ id: key, op: 'keep', key, batch: messageOf(batch) } satisfies CpuRequest);
    return key;
  }

  /** Posts request(id) to the worker, or runs `inline` where there is no worker. */
  private ask(inline: () => XentResult, request: (id: number) => CpuRequest): Promise<XentResult> {
    const worker = this.worker;
    if (!worker) return Promise.resolve().then(inline);
    return new Promise((resolve, reject) => {
      const message = request(this.nextId++);
      this.pending.set(message.id, { inline, resolve, reject });
      worker.postMessage(message);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error('The CPU worker was stopped.'));
    this.pending.clear();
  }
}
