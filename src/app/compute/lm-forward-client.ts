/**
 * The page's end of lm-forward.worker.ts: one worker per loaded model, a promise per request.
 * A worker that cannot start or crashes rejects everything pending with one sentence.
 */
import { XentInputError } from '../../errors';
import type { ModelSpec } from '../../lm/config';
import type { ForwardInputs } from '../../lm/forward';
import type { ModelWeights } from '../../lm/load';
import { currentIntl } from '../i18n/current';
import type { ForwardReply, ForwardRequest } from './lm-forward.worker';

type Pending = { resolve: (reply: ForwardReply & { ok: true }) => void; reject: (error: Error) => void };

/** Distributes Omit over a union, so each request keeps its own fields. */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ForwardWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private broken: string | null = null;

  constructor() {
    this.worker = new Worker(new URL('./lm-forward.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<ForwardReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply);
      else waiting?.reject(new XentInputError(reply.message));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(
        currentIntl().formatMessage({
          id: 'compute.forward.crashed',
          defaultMessage:
            'The model’s worker stopped (the browser may be out of memory); reload the page, or choose a smaller model.',
          description: 'The Web Worker that runs a pretrained model crashed.',
        }),
      );
    };
  }

  private fail(message: string): void {
    this.broken = message;
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new XentInputError(message));
    this.pending.clear();
  }

  private ask(request: Without<ForwardRequest, 'id'>, transfer: Transferable[] = []) {
    if (this.broken) return Promise.reject(new XentInputError(this.broken));
    return new Promise<ForwardReply & { ok: true }>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as ForwardRequest, transfer);
    });
  }

  /**
   * Opens the ONNX session; the weights' buffers are handed over to the worker (transferred: they
   * are empty here afterwards), so the page never holds a copy beside the worker's. Answers the
   * WebAssembly threads the model runs on. `name` goes into the worker's sentences, which stay
   * English (a worker does not know the page's language).
   */
  async open(weights: ModelWeights, name = 'The model'): Promise<number> {
    const own = (bytes: Uint8Array): ArrayBuffer =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    const graph = own(weights.graph);
    const external = weights.external.map((e) => ({ path: e.path, data: own(e.data) }));
    const reply = await this.ask({ type: 'open', graph, external, onnxFile: weights.file, name }, [
      graph,
      ...external.map((e) => e.data),
    ]);
    return reply.threads ?? 1;
  }

  /** One forward pass: (B, T, V) logits for the padded ids. */
  async run(spec: ModelSpec, inputs: ForwardInputs): Promise<Float32Array> {
    const reply = await this.ask({ type: 'run', spec, inputs });
    if (!reply.logits)
      throw new XentInputError(
        currentIntl().formatMessage({
          id: 'compute.forward.no-logits',
          defaultMessage: 'The model’s worker returned no logits; load the model again.',
        }),
      );
    return reply.logits;
  }

  dispose(): void {
    this.fail(
      currentIntl().formatMessage({
        id: 'compute.forward.closed',
        defaultMessage: 'The model was closed.',
        description: 'A pretrained model was closed (replaced by another) while it still had work to do.',
      }),
    );
  }
}
