/**
 * How many threads onnxruntime-web's WebAssembly back end runs a pretrained model on.
 *
 * Several threads share one WebAssembly memory, a SharedArrayBuffer, which a browser gives only to
 * a cross-origin isolated page (served with Cross-Origin-Opener-Policy: same-origin and
 * Cross-Origin-Embedder-Policy: credentialless or require-corp, as `scripts/serve.mjs` does).
 * Elsewhere, one thread, as before.
 *
 * At most MAX_WASM_THREADS: the matrix products of a model of GPT-2 small's size, a few hundred
 * tokens long, gain little past four WebAssembly threads (each one is a worker with its own stack
 * and a share of the work that shrinks while the hand-offs do not), and the page's main thread,
 * its loss worker and the reader's other tabs keep the cores left over. onnxruntime-web's own
 * default is also at most four.
 */
export const MAX_WASM_THREADS = 4;

/** The threads for a page that is (or is not) cross-origin isolated, on this many logical cores. */
export function wasmThreads(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  const n = Number.isFinite(cores) && cores !== undefined ? Math.floor(cores) : 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, n));
}

/** The threads in this page or worker (a worker shares its page's isolation). */
export function wasmThreadsHere(): number {
  return wasmThreads(
    globalThis.crossOriginIsolated === true,
    typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency,
  );
}
