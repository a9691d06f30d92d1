/**
 * A pretrained model ready to score text: its config, its own tokenizer and an ONNX session,
 * from the files of a folder in the hub's layout:
 *
 *   config.json  tokenizer.json  tokenizer_config.json  onnx/model.onnx
 *
 * Where the bytes come from (fetch with progress and the Cache API in a browser, the file system
 * or fetch on the command line) is the caller's `ModelFiles`; which onnxruntime build runs the
 * model is the caller's `ort`.
 */
import type * as Ort from 'onnxruntime-web';
import { XentInputError } from '../errors';
import type { LogitsBatch } from '../math';
import { parseModelConfig, type ModelSpec } from './config';
import { checkLogits, feedsFor, padBatch, type ForwardInputs, type OrtModule } from './forward';
import { batchFromLogits } from './score-text';
import { loadTokenizer, type ModelTokenizer } from './tokenize';

/** The ONNX weights inside the folder (the hub's float32 export). */
export const ONNX_FILE = 'onnx/model.onnx';

export interface ModelFiles {
  /** A small text file of the folder (config.json, …); one sentence when it cannot be had. */
  text(file: string): Promise<string>;
  /** A large file's bytes. */
  bytes(file: string): Promise<Uint8Array>;
}

export interface LoadedModel {
  name: string;
  spec: ModelSpec;
  tokenizer: ModelTokenizer;
  session: Ort.InferenceSession;
  ort: OrtModule;
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
  onnxFile = ONNX_FILE,
): Promise<LoadedModel> {
  const { spec, tokenizer } = await readModelText(files);
  const weights = await files.bytes(onnxFile);
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(weights, sessionOptions);
  } catch (error) {
    throw new XentInputError(onnxRefusal(error, onnxFile));
  }
  return { name, spec, tokenizer, session, ort };
}

/** The folder's small files: config.json read strictly, and the model's own tokenizer. */
export async function readModelText(
  files: ModelFiles,
): Promise<{ spec: ModelSpec; tokenizer: ModelTokenizer }> {
  const [config, tokenizerJson, tokenizerConfig] = await Promise.all([
    files.text('config.json'),
    files.text('tokenizer.json'),
    files.text('tokenizer_config.json'),
  ]);
  const spec = parseModelConfig(config);
  return { spec, tokenizer: loadTokenizer(tokenizerJson, tokenizerConfig, spec) };
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
  if (/protobuf|parse|Failed to load model|invalid/i.test(message) && !/operator|op type/i.test(message)) {
    return `${onnxFile} could not be read as an ONNX model (it may be truncated or corrupt); download it again.`;
  }
  if (/not implemented|unsupported|operator|op type|opset/i.test(message)) {
    return `onnxruntime cannot run this model (${message.split('\n')[0]}); choose a model exported for onnxruntime-web.`;
  }
  return `onnxruntime could not open ${onnxFile} (${message.split('\n')[0]}).`;
}

/** Tokenizes each text (start token first), runs one forward pass and returns the batch to score. */
export async function scoreTexts(model: LoadedModel, texts: readonly string[]): Promise<ScoredTexts> {
  const inputs = tokenizeTexts(model.tokenizer, texts);
  const batch: ForwardInputs = padBatch(inputs, model.tokenizer.startId);
  const feeds = feedsFor(model.ort, model.session.inputNames, model.spec, batch);
  const outputs = await model.session.run(feeds, ['logits']);
  const logits = outputs.logits;
  if (!logits || logits.type !== 'float32') {
    throw new XentInputError(
      'The model has no float32 logits output; export it with a float32 `logits` output.',
    );
  }
  checkLogits(logits.dims, inputs.length, batch.T, model.spec);
  const data = (await logits.getData()) as Float32Array;
  return { batch: batchFromLogits(data, model.spec.vocab, batch), inputs };
}
