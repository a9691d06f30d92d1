/**
 * A pretrained model's forward pass off the main thread, with onnxruntime-web's WebAssembly
 * back end (the path without WebGPU): the ONNX bytes in once, then (B, T) ids in and (B, T, V)
 * float32 logits out per request, transferred, not copied.
 *
 * ORT's .wasm is a file of the built site (Vite emits it from the package), never a CDN. One
 * thread: several would need SharedArrayBuffer, which needs cross-origin isolation headers a
 * course's static host may not send.
 */
import * as ort from 'onnxruntime-web/wasm';
import { messageOf, XentInputError } from '../../errors';
import type { ModelSpec } from '../../lm/config';
import { checkLogits, feedsFor, type ForwardInputs, signatureOf } from '../../lm/forward';
import { onnxRefusal } from '../../lm/load';

export type ForwardRequest =
  | { id: number; type: 'open'; weights: ArrayBuffer; onnxFile: string }
  | { id: number; type: 'run'; spec: ModelSpec; inputs: ForwardInputs };

export type ForwardReply =
  | { id: number; ok: true; logits?: Float32Array; dims?: number[] }
  | { id: number; ok: false; message: string };

ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;

let session: ort.InferenceSession | null = null;

async function handle(request: ForwardRequest): Promise<ForwardReply> {
  if (request.type === 'open') {
    await session?.release();
    session = null;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(request.weights), {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new XentInputError(onnxRefusal(error, request.onnxFile));
    }
    return { id: request.id, ok: true };
  }
  if (!session) throw new XentInputError('The model is not loaded; load it again.');
  const { spec, inputs } = request;
  const feeds = feedsFor(ort, signatureOf(session), spec, inputs);
  const outputs = await session.run(feeds, ['logits']);
  const logits = outputs.logits;
  if (!logits || logits.type !== 'float32') {
    throw new XentInputError(
      'The model has no float32 logits output; export it with a float32 `logits` output.',
    );
  }
  checkLogits(logits.dims, inputs.ids.length, inputs.T, spec);
  const data = logits.data as Float32Array;
  // A copy the worker owns, so it can be transferred (ORT's may be a view into its heap).
  const own = data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : data.slice();
  for (const tensor of Object.values(outputs)) if (tensor !== logits) tensor.dispose();
  return { id: request.id, ok: true, logits: own, dims: [...logits.dims] };
}

self.onmessage = (event: MessageEvent<ForwardRequest>) => {
  const request = event.data;
  handle(request).then(
    (reply) => self.postMessage(reply, reply.ok && reply.logits ? [reply.logits.buffer] : []),
    (error: unknown) => self.postMessage({ id: request.id, ok: false, message: messageOf(error) }),
  );
};
