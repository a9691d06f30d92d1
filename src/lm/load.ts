/**
 * A pretrained model ready to score text: its config, its own tokenizer and an ONNX session,
 * from the files of a folder in the hub's layout:
 *
 *   config.json  tokenizer.json  tokenizer_config.json
 *   onnx/model{suffix}.onnx (or decoder_model_merged / decoder_model), with any
 *   onnx/model{suffix}.onnx_data* files its weights live in (variants.ts)
 *
 * Where the bytes come from (fetch with progress and the Cache API in a browser, the file system
 * or fetch on the command line) is the caller's `ModelFiles`; which onnxruntime build runs the
 * model is the caller's `ort`.
 */
import type * as Ort from 'onnxruntime-web';
import { XentInputError } from '../errors';
import type { LogitsBatch } from '../math';
import { parseModelConfig, type ModelSpec } from './config';
import {
  checkLogits,
  feedsFor,
  logitsAsFloat32,
  padBatch,
  signatureOf,
  type ForwardInputs,
  type OrtModule,
} from './forward';
import { onnxExternalFiles } from './onnx-nodes';
import { batchFromLogits } from './score-text';
import { loadTokenizer, type ModelTokenizer } from './tokenize';
import {
  candidateFiles,
  declaredDataChunks,
  externalDataNames,
  DTYPE_LABEL,
  MAX_DATA_CHUNKS,
  type Dtype,
} from './variants';

/** The ONNX weights inside the folder (the hub's float32 export). */
export const ONNX_FILE = 'onnx/model.onnx';

export interface ModelFiles {
  /** A small text file of the folder (config.json, …); one sentence when it cannot be had. */
  text(file: string): Promise<string>;
  /** A large file's bytes. */
  bytes(file: string): Promise<Uint8Array>;
  /** A file's size in bytes, or null when the folder has no such file (HTTP 404). */
  size(file: string): Promise<number | null>;
}

/**
 * The most weights the lab opens. onnxruntime-web's WebAssembly memory is at most 4 GiB, and while
 * a session is made it holds the weights about 3.7 times over (their copy, prepacked matrices, its
 * arena): `npm run bench:lm` measured a 2.38 GB peak for GPT-2's 0.50 GB of weights, 1.82 GB of it
 * beyond Node's own memory and the file's bytes. 4 GiB / 3.7 ≈ 1.16 GB; a model above this would
 * fail late, after its download, with a C++ message, so it is refused before the download instead.
 */
export const MAX_MODEL_BYTES = 1.1e9;

/** An ONNX graph and the external data files its tensors live in, as onnxruntime takes them. */
export interface ModelWeights {
  /** The graph's path in the folder, e.g. "onnx/model.onnx". */
  file: string;
  graph: Uint8Array;
  /** `path` as the graph names it (relative to the graph's folder). */
  external: { path: string; data: Uint8Array }[];
  /** Graph and data together. */
  bytes: number;
}

export interface LoadedModel {
  name: string;
  spec: ModelSpec;
  tokenizer: ModelTokenizer;
  session: Ort.InferenceSession;
  ort: OrtModule;
  /** The graph's path in the folder and its precision. */
  onnxFile: string;
  dtype: Dtype;
}

export interface ScoredTexts {
  /** (B, T − 1, V) logits and targets, ready for the engine or the CPU twin. */
  batch: LogitsBatch;
  /** The ids of each text exactly as fed, start token first. */
  inputs: number[][];
}

/** Reads the folder's files and opens the ONNX session. */
export async function loadModel(
  name: string,
  files: ModelFiles,
  ort: OrtModule,
  sessionOptions: Ort.InferenceSession.SessionOptions = {},
  dtype: Dtype = 'fp32',
): Promise<LoadedModel> {
  const { spec, tokenizer, config } = await readModelText(files);
  const sized = withKnownSizes(files);
  const file = await resolveOnnxFile(sized, dtype, name);
  const weights = await readWeights(sized, file, config, name);
  const session = await openSession(ort, weights, sessionOptions);
  return { name, spec, tokenizer, session, ort, onnxFile: file, dtype };
}

/** The same files, each size asked once (a HEAD request on the hub). */
export function withKnownSizes(files: ModelFiles): ModelFiles {
  const sizes = new Map<string, Promise<number | null>>();
  return {
    text: (file) => files.text(file),
    bytes: (file) => files.bytes(file),
    size: (file) => {
      let known = sizes.get(file);
      if (!known) {
        known = files.size(file);
        sizes.set(file, known);
        known.catch(() => sizes.delete(file));
      }
      return known;
    },
  };
}

/** Opens an ONNX session on the weights; onnxruntime's refusal becomes one sentence. */
export async function openSession(
  ort: OrtModule,
  weights: ModelWeights,
  sessionOptions: Ort.InferenceSession.SessionOptions = {},
): Promise<Ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(weights.graph, {
      ...sessionOptions,
      ...(weights.external.length > 0 ? { externalData: weights.external } : {}),
    });
  } catch (error) {
    throw new XentInputError(onnxRefusal(error, weights.file));
  }
}

/**
 * The folder's graph at this precision: the first of onnx/model, decoder_model_merged and
 * decoder_model (with the precision's suffix) that exists.
 */
export async function resolveOnnxFile(files: ModelFiles, dtype: Dtype, name = 'The model'): Promise<string> {
  const candidates = candidateFiles(dtype);
  for (const file of candidates) if ((await files.size(file)) !== null) return file;
  throw new XentInputError(
    `${name} has no ONNX file at this precision (${DTYPE_LABEL[dtype]}): none of ${candidates.join(', ')} is in its folder; choose another precision or model.`,
  );
}

/**
 * The graph's bytes and its external data files. The sizes are asked first (the graph, and the
 * data files config.json declares), so a model over MAX_MODEL_BYTES is refused before any large
 * download; then the graph names the data files onnxruntime will read, and each is fetched.
 */
export async function readWeights(
  files: ModelFiles,
  file: string,
  config: unknown,
  name = 'The model',
  onSize?: (bytes: number) => void,
): Promise<ModelWeights> {
  const announced = await announcedWeights(files, file, config, name);
  refuseTooBig(announced.bytes, name);
  if (announced.bytes > 0) onSize?.(announced.bytes);
  const graph = await files.bytes(file);
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  const external: ModelWeights['external'] = [];
  for (const path of onnxExternalFiles(graph)) {
    const inFolder = folder + path;
    const size = await files.size(inFolder);
    if (size === null) {
      throw new XentInputError(
        `${name}'s graph ${file} keeps its weights in ${inFolder}, which is not in its folder; upload it beside the graph.`,
      );
    }
    refuseTooBig(graph.byteLength + external.reduce((s, e) => s + e.data.byteLength, 0) + size, name);
    const data = await files.bytes(inFolder);
    if (size > 0 && data.byteLength !== size) {
      throw new XentInputError(
        `${inFolder} has ${data.byteLength} bytes, not the ${size} its server announced; download the model again.`,
      );
    }
    external.push({ path, data });
  }
  const bytes = graph.byteLength + external.reduce((s, e) => s + e.data.byteLength, 0);
  return { file, graph, external, bytes };
}

/**
 * The weights' size before any large download: the graph's and its data files', by HEAD
 * requests. The data files are those config.json declares, else `{file}_data`, `_data_1`, … as
 * long as they exist (a model whose config says nothing of them is still counted whole).
 */
export async function announcedWeights(
  files: ModelFiles,
  file: string,
  config: unknown,
  name = 'The model',
): Promise<{ bytes: number; dataFiles: string[] }> {
  const declared = externalDataNames(file, declaredDataChunks(config, file));
  const sizes = await Promise.all([file, ...declared].map((f) => files.size(f)));
  const missing = declared.filter((_, i) => sizes[i + 1] === null);
  if (missing.length > 0) {
    throw new XentInputError(
      `${name}'s config.json says its weights are in ${declared.length} data file${declared.length > 1 ? 's' : ''}, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in its folder; the upload is incomplete.`,
    );
  }
  let bytes = sizes.reduce<number>((sum, b) => sum + (b ?? 0), 0);
  const dataFiles = [...declared];
  if (declared.length === 0) {
    for (const next of externalDataNames(file, MAX_DATA_CHUNKS)) {
      // A probe that fails (offline, with the graph in the cache) counts as no such file: the graph
      // itself names its data files once it is read, and those are fetched or refused then.
      const size = await files.size(next).catch(() => null);
      if (size === null) break;
      bytes += size;
      dataFiles.push(next);
    }
  }
  return { bytes, dataFiles };
}

function refuseTooBig(bytes: number, name: string): void {
  if (bytes > MAX_MODEL_BYTES) {
    throw new XentInputError(
      `${name}'s weights are ${(bytes / 1e9).toFixed(2)} GB, more than a browser's WebAssembly memory can hold with the computation (${(MAX_MODEL_BYTES / 1e9).toFixed(1)} GB at most); choose a smaller model or a quantized precision.`,
    );
  }
}

/** The folder's small files: config.json read strictly, and the model's own tokenizer. */
export async function readModelText(
  files: ModelFiles,
): Promise<{ spec: ModelSpec; tokenizer: ModelTokenizer; config: unknown }> {
  // Fetched together; a failure is reported for the first file in this order, whichever came first.
  const settled = await Promise.allSettled(
    ['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => files.text(f)),
  );
  const [config, tokenizerJson, tokenizerConfig] = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  }) as [string, string, string];
  const spec = parseModelConfig(config);
  return {
    spec,
    tokenizer: loadTokenizer(tokenizerJson, tokenizerConfig, spec),
    config: JSON.parse(config) as unknown,
  };
}

/** Each text's ids, start token first. A text needs one token or more: the start token predicts it. */
export function tokenizeTexts(tokenizer: ModelTokenizer, texts: readonly string[]): number[][] {
  if (texts.length === 0) throw new XentInputError('Give at least one text to score.');
  return texts.map((text, i) => {
    const ids = tokenizer.encode(text);
    if (ids.length < 2) throw new XentInputError(`Text ${i + 1} is empty; type at least one word.`);
    return ids;
  });
}

/** One sentence for ORT's refusal of a model file: truncated, corrupt, or an unsupported operator. */
export function onnxRefusal(error: unknown, onnxFile = ONNX_FILE): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/wasm-unsafe-eval|wasm-eval|Content Security Policy/i.test(message)) {
    return "This page's Content-Security-Policy does not allow WebAssembly, which runs the model; the site must add 'wasm-unsafe-eval' to script-src (see the README).";
  }
  if (/MountedFiles|external data|external_data|\.onnx_data/i.test(message)) {
    return `The weights of ${onnxFile} are in a separate data file that onnxruntime could not read; download the model again.`;
  }
  if (/protobuf|parse|Failed to load model|invalid/i.test(message) && !/operator|op type/i.test(message)) {
    return `${onnxFile} could not be read as an ONNX model (it may be truncated or corrupt); download it again.`;
  }
  if (/not implemented|unsupported|operator|op type|opset/i.test(message)) {
    const op = /(?:op(?:erator)?(?: type)?|kernel)[^A-Za-z]*['"(]?([A-Z][A-Za-z0-9]+)/.exec(message)?.[1];
    return `onnxruntime cannot run ${onnxFile}${op ? ` (its operator ${op} is not supported here)` : ''}; choose a model exported for onnxruntime-web, or another precision.`;
  }
  if (/memory|allocat|out of bounds|RangeError/i.test(message)) {
    return `The browser ran out of memory opening ${onnxFile}; choose a smaller model or a quantized precision, or close other tabs.`;
  }
  return `onnxruntime could not open ${onnxFile}; the file may not be a causal language model exported for onnxruntime-web.`;
}

/** Tokenizes each text (start token first), runs one forward pass and returns the batch to score. */
export async function scoreTexts(model: LoadedModel, texts: readonly string[]): Promise<ScoredTexts> {
  const inputs = tokenizeTexts(model.tokenizer, texts);
  const batch: ForwardInputs = padBatch(inputs, model.tokenizer.startId);
  const data = await forwardLogits(model, batch);
  return { batch: batchFromLogits(data, model.spec.vocab, batch), inputs };
}

/** One forward pass: (B, T, V) float32 logits (float16 ones widened exactly). */
export async function forwardLogits(model: LoadedModel, batch: ForwardInputs): Promise<Float32Array> {
  const feeds = feedsFor(model.ort, signatureOf(model.session), model.spec, batch, model.name);
  let outputs: Ort.InferenceSession.OnnxValueMapType;
  try {
    outputs = await model.session.run(feeds, ['logits']);
  } catch (error) {
    throw new XentInputError(runRefusal(error, model.name));
  }
  const logits = outputs.logits;
  if (!logits)
    throw new XentInputError(`${model.name} has no logits output; export it with a \`logits\` output.`);
  checkLogits(logits.dims, batch.ids.length, batch.T, model.spec);
  const data = logitsAsFloat32(logits.type, await logits.getData(), model.name);
  for (const t of Object.values(outputs)) if (t !== logits) t.dispose();
  return data;
}

/** One sentence for a failed forward pass; onnxruntime's own text stays out. */
export function runRefusal(error: unknown, name: string): string {
  if (error instanceof XentInputError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/memory|allocat|out of bounds|RangeError/i.test(message)) {
    return `${name} ran out of memory on this text; score a shorter text, or choose a smaller model.`;
  }
  return `${name}'s forward pass failed in onnxruntime; the model's files may not match each other, or it is not a causal language model.`;
}
