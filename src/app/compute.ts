/**
 * The app's compute: the engine on WebGPU when the browser has it, else the CPU path in a Web
 * Worker. A lost device falls back to the CPU with a notice; nothing here touches the DOM.
 */
import { cpuScorer, createScorer, type Scorer } from '../backend';
import type { LogitsBatch, XentResult } from '../math';
import type { CpuRequest } from './cpu.worker';

/** Runs the CPU path in a module worker; falls back to inline where workers cannot start. */
function workerCpu(): (batch: LogitsBatch) => Promise<XentResult> {
  let worker: Worker;
  let next = 0;
  const pending = new Map<number, { resolve: (r: XentResult) => void; reject: (e: Error) => void }>();
  try {
    worker = new Worker(new URL('./cpu.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; result?: XentResult; error?: string }>) => {
      const p = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.result) p?.resolve(event.data.result);
      else p?.reject(new Error(event.data.error ?? 'The CPU worker failed.'));
    };
  } catch {
    return cpuScorer().score; // no module workers here (e.g. a sandboxed iframe): run inline
  }
  const w = worker;
  return (batch) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      const request: CpuRequest = {
        id,
        logits: batch.logits,
        shape: batch.shape,
        targets: batch.targets,
        ignoreIndex: batch.ignoreIndex,
      };
      w.postMessage(request);
    });
}

export interface Computed {
  result: XentResult;
  /** "WebGPU · <adapter>" or "CPU". */
  backendLabel: string;
  /** Why the CPU computed, when it did. */
  notice: string | null;
}

export class AppCompute {
  private scorer: Promise<Scorer>;
  private lostNotice: string | null = null;
  private readonly cpu = workerCpu();

  constructor() {
    this.scorer = this.start();
  }

  private async start(): Promise<Scorer> {
    const gpu = typeof navigator !== 'undefined' && 'gpu' in navigator ? navigator.gpu : null;
    const scorer = await createScorer({ backend: 'auto', gpu, cpu: this.cpu });
    scorer.engine?.lost.then((why) => {
      this.lostNotice = `${why} Computing on the CPU instead.`;
      this.scorer = Promise.resolve(cpuScorer(this.cpu, this.lostNotice));
    });
    return scorer;
  }

  async score(batch: LogitsBatch): Promise<Computed> {
    const scorer = await this.scorer;
    try {
      const result = await scorer.score(batch);
      return { result, backendLabel: scorer.label, notice: scorer.fallbackReason };
    } catch (error) {
      if (scorer.backend !== 'webgpu') throw error;
      // The GPU failed (lost device, out of memory, validation): say so, and use the CPU path.
      const notice = `WebGPU failed (${error instanceof Error ? error.message : String(error)}); computed on the CPU instead.`;
      const cpu = cpuScorer(this.cpu, notice);
      this.scorer = Promise.resolve(cpu);
      return { result: await cpu.score(batch), backendLabel: cpu.label, notice };
    }
  }
}
