/**
 * Parsing the reader's file off the main thread: its bytes in (transferred, not copied), a
 * LogitsFile out (its typed arrays transferred back). Decompressing a 1 GiB .npz, widening
 * float16 and the finite check over every logit take seconds; here they never freeze the page.
 *
 * The worker says "ready" once its module has loaded, so the client only gives up the bytes to
 * a worker that runs; where a worker cannot start, the client calls parseInput inline.
 */
import { messageOf } from '../../errors';
import { checkTargetIds, parseLogitsFile, parseNpyPair, type LogitsFile } from '../../io';

/** One .npz or .safetensors file, or logits.npy with targets.npy (np.save). */
export type ParseInput =
  | { kind: 'file'; bytes: ArrayBuffer; name: string }
  | { kind: 'pair'; logits: ArrayBuffer; targets: ArrayBuffer };

export type ParseRequest = ParseInput & { id: number };

export type ParseReply =
  { ready: true } | { id: number; ok: true; file: LogitsFile } | { id: number; ok: false; message: string };

/** The bytes as the readers want them; `name` (in quotes) starts their sentences. */
export function parseInput(input: ParseInput): LogitsFile {
  const file =
    input.kind === 'file'
      ? parseLogitsFile(new Uint8Array(input.bytes), `“${input.name}”`)
      : parseNpyPair(new Uint8Array(input.logits), new Uint8Array(input.targets));
  checkTargetIds(file);
  return file;
}

/** The buffers under a file's arrays, each once (a transfer list may not repeat one). */
export function buffersOf(file: LogitsFile): ArrayBuffer[] {
  const arrays = [file.logits, file.targets, file.inputs];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

// Only inside a worker: on the main thread (the inline fallback, tests) this module just exports.
const scope = globalThis as unknown as {
  WorkerGlobalScope?: unknown;
  postMessage: (message: ParseReply, transfer?: Transferable[]) => void;
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
};
if (typeof scope.WorkerGlobalScope !== 'undefined') {
  scope.onmessage = (event) => {
    const { id, ...input } = event.data;
    try {
      const file = parseInput(input);
      scope.postMessage({ id, ok: true, file }, buffersOf(file));
    } catch (error) {
      scope.postMessage({ id, ok: false, message: messageOf(error) });
    }
  };
  scope.postMessage({ ready: true });
}
