/**
 * The CPU trainer (cpu-trainer.ts) in a module Web Worker, behind the same Trainer interface as the
 * GPU trainer, so the page stays responsive while a step runs. Where a worker cannot start (no
 * Worker, as in Node, or a blocked script, as in a sandboxed iframe) the trainer runs inline
 * instead: when the worker fails before its first answer, every request so far is still pending
 * and is replayed inline, in order. If the worker dies after answering, its weights are gone: every
 * pending and later call fails with a sentence that says to press Reset.
 */
import type { TrainingData } from './cpu-trainer';
import {
  handleTrainerRequest,
  type TrainerHost,
  type TrainerReply,
  type TrainerRequest,
} from './trainer-protocol';
import type { AdamSettings, EvalResult, ModelShape, StepResult, Trainer } from './types';

type Body = TrainerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: TrainerRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerTrainer implements Trainer {
  readonly backend = 'cpu' as const;
  private worker: Worker | null = null;
  /** The inline fallback, used when there is no worker. */
  private readonly inline: TrainerHost = { trainer: null };
  private inlineQueue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: string | null = null;
  /** The 'create' request, settled once the trainer exists (or was refused). */
  private readonly created: Promise<unknown>;
  /** Whether the worker has answered at least once (so it holds state that cannot be replayed). */
  private answered = false;

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
    if (this.worker) {
      this.worker.onmessage = (event: MessageEvent<TrainerReply>) => {
        const reply = event.data;
        this.answered = true;
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.ok) waiting?.resolve(reply.value);
        else waiting?.reject(new Error(reply.message));
      };
      this.worker.onerror = (event) => {
        event.preventDefault();
        if (this.answered) this.fail('The CPU trainer stopped unexpectedly; press Reset to start again.');
        else this.goInline();
      };
    }
    // In the worker or inline alike; a refusal (a token outside the vocabulary) surfaces at init.
    this.created = this.call({ op: 'create', shape, data, adam });
    this.created.catch(() => undefined);
  }

  /** Whether the trainer runs in a worker now (false: the inline fallback). */
  get inWorker(): boolean {
    return this.worker !== null;
  }

  async init(seed: number): Promise<void> {
    // Sent at once, so requests keep the order they were made in; if the trainer was never
    // created, the reason is the creation's refusal, not init's "no model yet".
    const sent = this.call({ op: 'init', seed });
    try {
      await sent;
    } catch (error) {
      await this.created;
      throw error;
    }
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

  /** The worker never started: run everything asked of it so far inline, in order. */
  private goInline(): void {
    this.worker?.terminate();
    this.worker = null;
    const unanswered = [...this.pending.values()].sort((a, b) => a.request.id - b.request.id);
    this.pending.clear();
    for (const { request, resolve, reject } of unanswered) {
      this.runInline(request).then(resolve, reject);
    }
  }

  private runInline(request: TrainerRequest): Promise<unknown> {
    const run = this.inlineQueue.then(() => handleTrainerRequest(this.inline, request));
    this.inlineQueue = run.catch(() => undefined);
    return run.then((reply) => (reply.ok ? reply.value : Promise.reject(new Error(reply.message))));
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
    // Inline: one request at a time, in order, as in the worker.
    if (!worker) return this.runInline(request);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { request, resolve, reject });
      worker.postMessage(request);
    });
  }
}
