/**
 * A pretrained model's forward pass off the main thread, with onnxruntime-web's WebAssembly
 * back end (the path without WebGPU): the ONNX graph and its external data files in once
 * (transferred: the page keeps no copy), then (B, T) ids in and (B, T, V) float32 logits out per
 * request, transferred, not copied.
 *
 * ORT's .wasm is a file of the built site (Vite emits it from the package), never a CDN. Threads
 * (wasm-threads.ts): several where the page is cross-origin isolated, else one. ORT's threads are
 * workers started from this same script with the name "em-pthread"; in those, ORT's own message
 * handler runs and this file's is not installed.
 */
import * as ort from 'onnxruntime-web/wasm';
import { messageOf, XentInputError } from '../../errors';
import type { ModelSpec } from '../../lm/config';
import { checkLogits, feedsFor, logitsAsFloat32, type ForwardInputs, signatureOf } from '../../lm/forward';
import { openSession, runRefusal } from '../../lm/load';
import { wasmThreadsHere } from './wasm-threads';

export type ForwardRequest =
  | {
      id: number;
      type: 'open';
      /** The graph and its external data files, transferred. */
      graph: ArrayBuffer;
      external: { path: string; data: ArrayBuffer }[];
      onnxFile: string;
      name: string;
    }
  | { id: number; type: 'run'; spec: ModelSpec; inputs: ForwardInputs };

export type ForwardReply =
  | {
      id: number;
      ok: true;
      logits?: Float32Array;
      dims?: number[];
      /** The open request's answer: the WebAssembly threads the model runs on. */
      threads?: number;
    }
  | { id: number; ok: false; message: string };

const threads = wasmThreadsHere();
ort.env.wasm.numThreads = threads;
ort.env.wasm.proxy = false;

let session: ort.InferenceSession | null = null;
let modelName = 'The model';

async function handle(request: ForwardRequest): Promise<ForwardReply> {
  if (request.type === 'open') {
    await session?.release();
    session = null;
    const graph = new Uint8Array(request.graph);
    const external = request.external.map((e) => ({ path: e.path, data: new Uint8Array(e.data) }));
    const bytes = graph.byteLength + external.reduce((s, e) => s + e.data.byteLength, 0);
    session = await openSession(
      ort,
      { file: request.onnxFile, graph, external, bytes },
      { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
    );
    modelName = request.name;
    return { id: request.id, ok: true, threads: ort.env.wasm.numThreads ?? threads };
  }
  if (!session) throw new XentInputError('The model is not loaded; load it again.');
  const { spec, inputs } = request;
  const feeds = feedsFor(ort, signatureOf(session), spec, inputs, modelName);
  let outputs: ort.InferenceSession.OnnxValueMapType;
  try {
    outputs = await session.run(feeds, ['logits']);
  } catch (error) {
    throw new XentInputError(runRefusal(error, modelName));
  }
  const logits = outputs.logits;
  if (!logits)
    throw new XentInputError(`${modelName} has no logits output; export it with a \`logits\` output.`);
  checkLogits(logits.dims, inputs.ids.length, inputs.T, spec);
  // float16 logits (fp16 exports) are widened exactly; float32 ones are ORT's own array.
  const data = logitsAsFloat32(logits.type, logits.data, modelName);
  // A copy the worker owns, so it can be transferred (ORT's may be a view into its heap).
  const own = data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : data.slice();
  for (const tensor of Object.values(outputs)) if (tensor !== logits) tensor.dispose();
  return { id: request.id, ok: true, logits: own, dims: [...logits.dims] };
}

const isOrtThread = (self as unknown as { name?: string }).name?.startsWith('em-pthread') === true;
if (!isOrtThread) {
  self.onmessage = (event: MessageEvent<ForwardRequest>) => {
    const request = event.data;
    handle(request).then(
      (reply) => self.postMessage(reply, reply.ok && reply.logits ? [reply.logits.buffer] : []),
      (error: unknown) => self.postMessage({ id: request.id, ok: false, message: messageOf(error) }),
    );
  };
}
