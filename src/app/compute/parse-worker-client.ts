/**
 * Parses the reader's files in a module Web Worker (parse.worker.ts), one promise per file.
 * The bytes are transferred to the worker, so a 1 GiB file is never held twice; the arrays come
 * back transferred too.
 *
 * Requests wait until the worker has said it is ready: a worker whose script cannot load fails
 * before that, and the waiting requests are parsed inline, bytes intact. Where no worker can be
 * made at all (no Worker, a blocked script), every file is parsed inline.
 */
import { XentInputError } from '../../errors';
import type { LogitsFile } from '../../io';
import { currentIntl } from '../i18n/current';
import { parseInput, type ParseInput, type ParseReply, type ParseRequest } from './parse.worker';

type Pending = {
  input: ParseInput;
  resolve: (file: LogitsFile) => void;
  reject: (error: Error) => void;
};

/** Parses on the calling thread, after the current task, so progress can paint first. */
function parseInline(input: ParseInput): Promise<LogitsFile> {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => parseInput(input));
}

function transferOf(input: ParseInput): ArrayBuffer[] {
  return input.kind === 'file' ? [input.bytes] : [input.logits, input.targets];
}

export class ParseWorkerClient {
  private worker: Worker | null = null;
  private ready = false;
  private nextId = 0;
  /** Sent, waiting for their reply. */
  private readonly sent = new Map<number, Pending>();
  /** Not yet sent: the worker has not said it is ready. */
  private queued: Pending[] = [];

  constructor() {
    try {
      this.worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return;
    }
    this.worker.onmessage = (event: MessageEvent<ParseReply>) => {
      const reply = event.data;
      if ('ready' in reply) {
        this.ready = true;
        const queued = this.queued;
        this.queued = [];
        for (const pending of queued) this.send(pending);
        return;
      }
      const waiting = this.sent.get(reply.id);
      this.sent.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.file);
      else waiting?.reject(new XentInputError(reply.message));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.stop();
    };
  }

  /** Gives up the worker: queued files are parsed inline; files it held are lost with it. */
  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    const queued = this.queued;
    this.queued = [];
    for (const { input, resolve, reject } of queued) parseInline(input).then(resolve, reject);
    for (const { reject } of this.sent.values()) {
      reject(
        new XentInputError(
          currentIntl().formatMessage({
            id: 'compute.parse.crashed',
            defaultMessage:
              'The browser stopped the file reader while it parsed this file (perhaps out of memory); close other tabs, or load a smaller file.',
            description: 'The Web Worker that reads logits files crashed.',
          }),
        ),
      );
    }
    this.sent.clear();
  }

  private send(pending: Pending): void {
    const worker = this.worker;
    if (!worker) {
      parseInline(pending.input).then(pending.resolve, pending.reject);
      return;
    }
    const id = this.nextId++;
    this.sent.set(id, pending);
    const request: ParseRequest = { ...pending.input, id };
    worker.postMessage(request, transferOf(pending.input));
  }

  /** The input's buffers belong to the parser from here on (they are transferred). */
  parse = (input: ParseInput): Promise<LogitsFile> =>
    new Promise<LogitsFile>((resolve, reject) => {
      const pending = { input, resolve, reject };
      if (!this.worker || this.ready) this.send(pending);
      else this.queued.push(pending);
    });

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    const stopped = new Error('The file reader was stopped.');
    for (const { reject } of [...this.queued, ...this.sent.values()]) reject(stopped);
    this.queued = [];
    this.sent.clear();
  }
}
