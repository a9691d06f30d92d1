/**
 * The CPU trainer (cpu-trainer.ts) in a module Web Worker, behind the same Trainer interface as the
 * GPU trainer, so the page stays responsive while a step runs. Where a worker cannot start (no
 * Worker, as in Node, or a blocked script) the trainer runs inline instead. If the worker dies
 * mid-training its weights are gone: every pending and later call fails with a sentence that says
 * to press Reset.
 */
import { CpuTrainer, type TrainingData } from './cpu-trainer';
import {
  handleTrainerRequest,
  type TrainerHost,
  type TrainerReply,
  type TrainerRequest,
} from './trainer-protocol';
import type { AdamSettings, EvalResult, ModelShape, StepResult, Trainer } from './types';

type Body = TrainerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerTrainer implements Trainer {
  readonly backend = 'cpu' as const;
  /** Whether the trainer really runs in a worker (false: inline fallback). */
  readonly inWorker: boolean;
  private worker: Worker | null = null;
  /** The inline fallback, used when there is no worker. */
  private readonly inline: TrainerHost = { trainer: null };
  private inlineQueue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: string | null = null;

  constructor(
    readonly shape: ModelShape,
    data: TrainingData,
    adam: Partial<AdamSettings> = {},
  ) {
    // The same checks as CpuTrainer's constructor, here so a bad text fails at once, not later.
    if (data.train.inputs.length === 0) throw new RangeError('There are no training positions.');
    if (typeof Worker !== 'undefined') {
      try {
        this.worker = new Worker(new URL('./cpu-trainer.worker.ts', import.meta.url), { type: 'module' });
      } catch {
        this.worker = null;
      }
    }
    this.inWorker = this.worker !== null;
    if (this.worker) {
      this.worker.onmessage = (event: MessageEvent<TrainerReply>) => {
        const reply = event.data;
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.ok) waiting?.resolve(reply.value);
        else waiting?.reject(new Error(reply.message));
      };
      this.worker.onerror = (event) => {
        event.preventDefault();
        this.fail('The CPU trainer stopped unexpectedly; press Reset to start again.');
      };
    } else {
      this.inline.trainer = new CpuTrainer(shape, data, adam);
    }
    if (this.worker) void this.call({ op: 'create', shape, data, adam }).catch(() => undefined);
  }

  async init(seed: number): Promise<void> {
    await this.call({ op: 'init', seed });
  }

  step(): Promise<StepResult> {
    return this.call({ op: 'step' }) as Promise<StepResult>;
  }

  evaluate(): Promise<EvalResult> {
    return this.call({ op: 'evaluate' }) as Promise<EvalResult>;
  }

  logitsFor(ids: readonly number[]): Promise<Float32Array> {
    return this.call({ op: 'logitsFor', ids: [...ids] }) as Promise<Float32Array>;
  }

  setLearningRate(lr: number): void {
    void this.call({ op: 'setLearningRate', lr }).catch(() => undefined);
  }

  dispose(): void {
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    this.inline.trainer?.dispose();
    this.inline.trainer = null;
    this.fail('This trainer was reset; start a new one.');
  }

  /** Rejects everything pending and every later call with this sentence. */
  private fail(message: string): void {
    this.failure ??= message;
    this.worker?.terminate();
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error(message));
    this.pending.clear();
  }

  private call(body: Body): Promise<unknown> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const request = { ...body, id: this.nextId++ } as TrainerRequest;
    const worker = this.worker;
    if (!worker) {
      // Inline: one request at a time, in order, as in the worker.
      const run = this.inlineQueue.then(() => handleTrainerRequest(this.inline, request));
      this.inlineQueue = run.catch(() => undefined);
      return run.then((reply) => (reply.ok ? reply.value : Promise.reject(new Error(reply.message))));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }
}
