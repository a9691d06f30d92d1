/**
 * The fourth logit source: a pretrained model on the reader's text. The page downloads the
 * model's folder (hub layout: config.json, tokenizer.json, tokenizer_config.json and the ONNX
 * weights), keeps it in the Cache API, tokenizes with the model's own tokenizer here, and runs the
 * forward pass in a worker (onnxruntime-web, WebAssembly). The (B, T, V) logits become the
 * (B, T − 1, V) batch every stage scores (src/lm/score-text.ts).
 */
import { XentInputError } from '../../errors';
import { catalogEntry, CLICK_TO_DOWNLOAD_BYTES } from '../../lm/catalog';
import type { ModelSpec } from '../../lm/config';
import { fetchFiles } from '../../lm/fetch-files';
import { padBatch } from '../../lm/forward';
import { ONNX_FILE, readModelText, tokenizeTexts } from '../../lm/load';
import { DEFAULT_HUB_BASE, fileUrl, modelName, parseModelRef, type ModelRef } from '../../lm/model-ref';
import { batchFromLogits, targetsFor } from '../../lm/score-text';
import type { ModelTokenizer } from '../../lm/tokenize';
import type { Source } from '../state';
import { bytesLabel, type Decode } from '../view/tokens';
import type { GpuLogits, XentEngine } from '../../engine';
import { DEFAULT_IGNORE_INDEX, type LogitsBatch } from '../../math';
import { ForwardWorker } from './lm-forward-client';
import { WebGpuForward } from './lm-webgpu';
import { cachedFiles, isCached, type CacheOutcome } from './model-cache';

/** A resident source's batch.logits: its logits are on the GPU (Source.resident), not here. */
const NO_LOGITS = new Float32Array(0);

/** Tokens per text after the start token, as for the untrained model's typed texts. */
export const MAX_MODEL_TOKENS = 32;

export interface PretrainedModel {
  /** What the reader typed or picked, as a link carries it. */
  refText: string;
  name: string;
  spec: ModelSpec;
  tokenizer: ModelTokenizer;
  onnxFile: string;
  /** The ONNX file's size. */
  bytes: number;
  /** Whether the weights came from the browser's cache. */
  fromCache: boolean;
  /** One sentence when the files could not be kept for offline use. */
  notKept: string | null;
  /** The ONNX bytes, kept so that the other back end's session can be opened when needed. */
  weights: Uint8Array;
  /** The forward pass's sessions, each opened on first use. */
  sessions: { wasm: Promise<ForwardWorker> | null; webgpu: Promise<WebGpuForward> | null };
}

/** WebAssembly in a worker (a copy of the weights is handed over). */
function wasmForward(model: PretrainedModel): Promise<ForwardWorker> {
  model.sessions.wasm ??= (async () => {
    const forward = new ForwardWorker();
    try {
      await forward.open(model.weights.slice(), model.onnxFile);
    } catch (error) {
      forward.dispose();
      throw error;
    }
    return forward;
  })();
  model.sessions.wasm.catch(() => (model.sessions.wasm = null));
  return model.sessions.wasm;
}

/** WebGPU on the engine's device. */
function webgpuForward(model: PretrainedModel, engine: XentEngine): Promise<WebGpuForward> {
  model.sessions.webgpu ??= WebGpuForward.open(model.weights, model.onnxFile, engine);
  model.sessions.webgpu.catch(() => (model.sessions.webgpu = null));
  return model.sessions.webgpu;
}

/** Closes the model's sessions (its worker, its GPU session). */
export function disposeModel(model: PretrainedModel): void {
  void model.sessions.wasm?.then(
    (f) => f.dispose(),
    () => undefined,
  );
  void model.sessions.webgpu?.then(
    (f) => f.release(),
    () => undefined,
  );
  model.sessions = { wasm: null, webgpu: null };
}

export interface ModelProgress {
  file: string;
  loaded: number;
  total: number | null;
}

export interface LoadOptions {
  hubBase?: string;
  /** The loss engine, when WebGPU computes: the model then runs on its device. */
  engine?: XentEngine | null;
  signal?: AbortSignal;
  onProgress?: (progress: ModelProgress) => void;
}

function onnxFileFor(refText: string): string {
  return catalogEntry(refText)?.onnxFile ?? ONNX_FILE;
}

function urlOf(ref: ModelRef, hubBase: string) {
  return (file: string) => fileUrl(ref, file, hubBase, window.location.href);
}

/**
 * Whether opening a link may load this model without a click: it is in the cache, or its weights
 * are at most CLICK_TO_DOWNLOAD_BYTES (asked with HEAD; an unknown size needs a click).
 */
export async function mayLoadWithoutClick(refText: string, hubBase = DEFAULT_HUB_BASE): Promise<boolean> {
  let ref: ModelRef;
  try {
    ref = parseModelRef(refText);
  } catch {
    return false;
  }
  const url = urlOf(ref, hubBase)(onnxFileFor(refText));
  if (await isCached(url)) return true;
  // A listed model's size is known: no need to ask the server.
  const entry = catalogEntry(refText);
  if (entry) return entry.bytes <= CLICK_TO_DOWNLOAD_BYTES;
  try {
    const head = await fetch(url, { method: 'HEAD', credentials: 'omit' });
    const length = Number(head.headers.get('content-length'));
    return head.ok && Number.isFinite(length) && length > 0 && length <= CLICK_TO_DOWNLOAD_BYTES;
  } catch {
    return false;
  }
}

/** Downloads (or reads from the cache) the model's folder and opens its ONNX session. */
export async function loadPretrained(refText: string, options: LoadOptions = {}): Promise<PretrainedModel> {
  const ref = parseModelRef(refText);
  const hubBase = options.hubBase ?? DEFAULT_HUB_BASE;
  const onnxFile = onnxFileFor(refText);
  const outcome: CacheOutcome = { hits: [], notKept: null };
  const report = (file: string, loaded: number, total: number | null) =>
    options.onProgress?.({ file, loaded, total });
  const network = fetchFiles(ref, {
    hubBase,
    origin: window.location.href,
    signal: options.signal,
    onProgress: report,
  });
  const files = cachedFiles(refText, urlOf(ref, hubBase), network, outcome, (file, bytes) =>
    report(file, bytes, bytes),
  );
  const { spec, tokenizer } = await readModelText(files);
  const weights = await files.bytes(onnxFile);
  if (options.signal?.aborted)
    throw new XentInputError('The download was cancelled; the previous logits are kept.');
  const model: PretrainedModel = {
    refText,
    name: modelName(ref),
    spec,
    tokenizer,
    onnxFile,
    bytes: weights.byteLength,
    fromCache: outcome.hits.includes(onnxFile),
    notKept: outcome.notKept,
    weights,
    sessions: { wasm: null, webgpu: null },
  };
  // The session the page will use now is opened at once, so a bad file is refused here.
  try {
    await (options.engine ? webgpuForward(model, options.engine) : wasmForward(model));
  } catch (error) {
    disposeModel(model);
    throw error;
  }
  return model;
}

/** A token's text for the stages: a piece that is not whole UTF-8 shows its bytes, never "�". */
export function pieceDecoder(tokenizer: ModelTokenizer, vocab: number): Decode {
  return (id) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocab) return '∅';
    const text = tokenizer.piece(id);
    return text.includes('\uFFFD') ? bytesLabel(new TextEncoder().encode(text)) : text;
  };
}

/**
 * The model's logits on the texts, as the batch every stage scores. With `engine` the forward pass
 * runs on its device and the logits stay there (`resident`; the batch then holds no logits on the
 * CPU); without, it runs in the WebAssembly worker and the logits come back.
 */
export async function pretrainedSource(
  model: PretrainedModel,
  texts: readonly string[],
  engine: XentEngine | null = null,
): Promise<Source> {
  // Each text's ids, start token first, cut at MAX_MODEL_TOKENS after it. The scored text's bytes:
  // the text itself, or, when cut, its scored tokens.
  const whole = tokenizeTexts(model.tokenizer, texts);
  const ids = whole.map((row) => row.slice(0, 1 + MAX_MODEL_TOKENS));
  const utf8 = new TextEncoder();
  const bytes = ids.reduce((sum, row, b) => {
    const cut = row.length < whole[b]!.length;
    return sum + utf8.encode(cut ? model.tokenizer.decode(row.slice(1)) : texts[b]!).length;
  }, 0);
  const inputs = padBatch(ids, model.tokenizer.startId);
  let batch: LogitsBatch;
  let resident: GpuLogits | undefined;
  if (engine) {
    resident = await (await webgpuForward(model, engine)).run(model.spec, inputs, engine);
    const shape = resident.shape;
    batch = { logits: NO_LOGITS, shape, targets: targetsFor(inputs), ignoreIndex: DEFAULT_IGNORE_INDEX };
  } else {
    const logits = await (await wasmForward(model)).run(model.spec, inputs);
    batch = batchFromLogits(logits, model.spec.vocab, inputs);
  }
  const [B, T] = batch.shape;
  // (B, T) inputs: the ids each scored position has read last, start token first.
  const read = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) read[b * T + t] = inputs.ids[b]![t]!;
  return {
    label: `${model.name} on your text`,
    isExample: false,
    kind: 'lm',
    batch,
    inputs: read,
    resident,
    model: {
      name: model.name,
      refText: model.refText,
      startId: model.tokenizer.startId,
      startText: model.tokenizer.startText,
      decode: pieceDecoder(model.tokenizer, model.spec.vocab),
      texts: [...texts],
      bytes,
    },
  };
}
