/**
 * The fourth logit source: a pretrained model on the reader's text. The page downloads the
 * model's folder (hub layout: config.json, tokenizer.json, tokenizer_config.json and the ONNX
 * weights), keeps it in the Cache API, tokenizes with the model's own tokenizer here, and runs the
 * forward pass in a worker (onnxruntime-web, WebAssembly). The (B, T, V) logits become the
 * (B, T − 1, V) batch every stage scores (src/lm/score-text.ts).
 */
import { XentInputError } from '../../errors';
import { catalogVariant, CLICK_TO_DOWNLOAD_BYTES } from '../../lm/catalog';
import type { ModelSpec } from '../../lm/config';
import { fetchFiles } from '../../lm/fetch-files';
import { padBatch } from '../../lm/forward';
import {
  announcedWeights,
  readModelText,
  readWeights,
  resolveOnnxFile,
  tokenizeTexts,
  withKnownSizes,
  type ModelFiles,
  type ModelWeights,
} from '../../lm/load';
import { DEFAULT_HUB_BASE, fileUrl, modelName, parseModelRef, type ModelRef } from '../../lm/model-ref';
import { batchFromLogits, batchFromReadLogits, readColumns, targetsFor } from '../../lm/score-text';
import { cutTexts, LOGITS_BUDGET_BYTES, readsEveryId, tokenLimit } from '../../lm/token-limit';
import type { ModelTokenizer } from '../../lm/tokenize';
import { onnxLargestTensor, type OnnxTensorSize } from '../../lm/onnx-nodes';
import { candidateFiles, type Dtype } from '../../lm/variants';
import { currentIntl } from '../i18n/current';
import type { Source } from '../state';
import { bytesLabel, type Decode } from '../view/tokens';
import type { GpuLogits, XentEngine } from '../../engine';
import { DEFAULT_IGNORE_INDEX, type LogitsBatch } from '../../math';
import { ForwardWorker } from './lm-forward-client';
import { WebGpuForward } from './lm-webgpu';
import { cachedFiles, isCached, type CacheOutcome } from './model-cache';
import { webgpuMisfit } from './gpu-fit';
import { wasmThreadsHere } from './wasm-threads';

/** A resident source's batch.logits: its logits are on the GPU (Source.resident), not here. */
const NO_LOGITS = new Float32Array(0);

export interface PretrainedModel {
  /** What the reader typed or picked, as a link carries it. */
  refText: string;
  name: string;
  spec: ModelSpec;
  tokenizer: ModelTokenizer;
  /** The precision asked for and the graph that holds it. */
  dtype: Dtype;
  onnxFile: string;
  /** The graph's and its data files' size. */
  bytes: number;
  /** Whether the weights came from the browser's cache. */
  fromCache: boolean;
  /** One sentence when the files could not be kept for offline use. */
  notKept: string | null;
  /**
   * The weights while no session holds them. The first session takes them (the worker's by
   * transfer, not a copy) and this becomes null, so the page never keeps a second copy beside
   * onnxruntime's; another session reads them again with `reread` (from the browser's cache).
   */
  weights: ModelWeights | null;
  reread: () => Promise<ModelWeights>;
  /**
   * The threads the WebAssembly forward pass runs on: several where the page is cross-origin
   * isolated (wasm-threads.ts), else 1. What the page allows until the worker opens its session,
   * then what the worker reports.
   */
  threads: number;
  /** The graph's largest weight, which onnxruntime's WebGPU provider puts in one buffer. */
  largest: OnnxTensorSize | null;
  /** Why the model runs on WebAssembly although WebGPU was asked for (gpu-fit.ts), else null. */
  gpuMisfit: string | null;
  /** The forward pass's sessions, each opened on first use. */
  sessions: { wasm: Promise<ForwardWorker> | null; webgpu: Promise<WebGpuForward> | null };
}

/** The weights for a new session; the model lets go of its own reference to them. */
async function takeWeights(model: PretrainedModel): Promise<ModelWeights> {
  const weights = model.weights ?? (await model.reread());
  model.weights = null;
  return weights;
}

/** WebAssembly in a worker (the weights' buffers are transferred to it). */
export function wasmForward(model: PretrainedModel): Promise<ForwardWorker> {
  model.sessions.wasm ??= (async () => {
    const forward = new ForwardWorker();
    try {
      model.threads = await forward.open(await takeWeights(model));
    } catch (error) {
      forward.dispose();
      throw error;
    }
    return forward;
  })();
  model.sessions.wasm.catch(() => (model.sessions.wasm = null));
  return model.sessions.wasm;
}

/**
 * The engine to run the model on, or null for WebAssembly: where the model does not fit the
 * device (gpu-fit.ts: float16 weights without `shader-f16`, as on SwiftShader; a weight over one
 * buffer's limit), it runs on WebAssembly, with the same numbers, and `model.gpuMisfit` says why.
 */
function gpuFor(model: PretrainedModel, engine: XentEngine | null): XentEngine | null {
  model.gpuMisfit = engine ? webgpuMisfit(model.dtype, model.largest, engine.device) : null;
  return engine && model.gpuMisfit === null ? engine : null;
}

/** WebGPU on the engine's device. */
function webgpuForward(model: PretrainedModel, engine: XentEngine): Promise<WebGpuForward> {
  model.sessions.webgpu ??= takeWeights(model).then((w) => WebGpuForward.open(w, engine));
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
  model.weights = null;
}

export interface ModelProgress {
  file: string;
  loaded: number;
  total: number | null;
}

export interface LoadOptions {
  hubBase?: string;
  /** The precision; null: the catalog entry's default, else float32. */
  dtype?: Dtype | null;
  /** The loss engine, when WebGPU computes: the model then runs on its device. */
  engine?: XentEngine | null;
  signal?: AbortSignal;
  onProgress?: (progress: ModelProgress) => void;
}

function urlOf(ref: ModelRef, hubBase: string) {
  return (file: string) => fileUrl(ref, file, hubBase, window.location.href);
}

/**
 * Whether opening a link may load this model without a click: it is in the cache, or its weights
 * (the graph and its data files, sized by HEAD requests) are at most CLICK_TO_DOWNLOAD_BYTES. An
 * unknown size needs a click. `bytes`: the size it went by (the catalog's, or the HEAD requests';
 * null when cached or unknown), so that the first screen can say what a click would download.
 */
export async function linkedModelCheck(
  refText: string,
  hubBase = DEFAULT_HUB_BASE,
  dtype: Dtype | null = null,
): Promise<{ ok: boolean; bytes: number | null }> {
  let ref: ModelRef;
  try {
    ref = parseModelRef(refText);
  } catch {
    return { ok: false, bytes: null };
  }
  const listed = catalogVariant(refText, dtype);
  const files = listed ? [listed.file] : candidateFiles(dtype ?? 'fp32');
  for (const file of files) if (await isCached(urlOf(ref, hubBase)(file))) return { ok: true, bytes: null };
  // A listed model's size is known: no need to ask the server.
  if (listed) return { ok: listed.bytes <= CLICK_TO_DOWNLOAD_BYTES, bytes: listed.bytes };
  try {
    const network = withKnownSizes(fetchFiles(ref, { hubBase, origin: window.location.href }));
    const config = JSON.parse(await network.text('config.json')) as unknown;
    const file = await resolveOnnxFile(network, dtype ?? 'fp32');
    const { bytes } = await announcedWeights(network, file, config);
    return { ok: bytes > 0 && bytes <= CLICK_TO_DOWNLOAD_BYTES, bytes: bytes > 0 ? bytes : null };
  } catch {
    return { ok: false, bytes: null };
  }
}

/**
 * The files' progress as one bar: the weights' files (graph and data) add up against their
 * announced total; the small text files report on their own.
 */
function weightsProgress(report: (p: ModelProgress) => void) {
  const loaded = new Map<string, number>();
  let total: number | null = null;
  return {
    setTotal: (bytes: number) => (total = bytes),
    onFile: (file: string, bytes: number, fileTotal: number | null) => {
      if (!file.startsWith('onnx/')) return report({ file, loaded: bytes, total: fileTotal });
      loaded.set(file, bytes);
      const sum = [...loaded.values()].reduce((a, b) => a + b, 0);
      report({ file, loaded: sum, total: total ?? fileTotal });
    },
  };
}

/** Downloads (or reads from the cache) the model's folder and opens its ONNX session. */
export async function loadPretrained(refText: string, options: LoadOptions = {}): Promise<PretrainedModel> {
  const ref = parseModelRef(refText);
  const hubBase = options.hubBase ?? DEFAULT_HUB_BASE;
  const outcome: CacheOutcome = { hits: [], notKept: null };
  const progress = weightsProgress((p) => options.onProgress?.(p));
  const filesFor = (signal?: AbortSignal): ModelFiles => {
    const network = fetchFiles(ref, {
      hubBase,
      origin: window.location.href,
      signal,
      onProgress: progress.onFile,
    });
    return withKnownSizes(
      cachedFiles(refText, urlOf(ref, hubBase), network, outcome, (file, bytes) =>
        progress.onFile(file, bytes, bytes),
      ),
    );
  };
  const files = filesFor(options.signal);
  const name = modelName(ref);
  const { spec, tokenizer, config } = await readModelText(files);
  const dtype = options.dtype ?? catalogVariant(refText, null)?.dtype ?? 'fp32';
  const onnxFile = catalogVariant(refText, dtype)?.file ?? (await resolveOnnxFile(files, dtype, name));
  const weights = await readWeights(files, onnxFile, config, name, progress.setTotal);
  if (options.signal?.aborted)
    throw new XentInputError(
      currentIntl().formatMessage({
        id: 'compute.model.cancelled',
        defaultMessage: 'The download was cancelled; the previous logits are kept.',
        description: 'The reader cancelled a pretrained model’s download.',
      }),
    );
  const model: PretrainedModel = {
    refText,
    name,
    spec,
    tokenizer,
    dtype,
    onnxFile,
    bytes: weights.bytes,
    fromCache: outcome.hits.includes(onnxFile),
    notKept: outcome.notKept,
    weights,
    // Later sessions read the files again, from the cache where they were kept.
    reread: () => readWeights(filesFor(), onnxFile, config, name),
    threads: wasmThreadsHere(),
    largest: onnxLargestTensor(weights.graph),
    gpuMisfit: null,
    sessions: { wasm: null, webgpu: null },
  };
  // The session the page will use now is opened at once, so a bad file is refused here.
  try {
    const gpu = gpuFor(model, options.engine ?? null);
    await (gpu ? webgpuForward(model, gpu) : wasmForward(model));
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
    if (!text.includes('\uFFFD')) return text;
    // Part of a character: its own bytes (e4 b8), not those of the "�" it decodes to (ef bf bd).
    const bytes = tokenizer.pieceBytes(id);
    return bytesLabel(bytes ?? new TextEncoder().encode(text));
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
  // Each text's ids, start token first, cut at the model's limit after it: min(its context, the
  // tokens whose (B, T, V) float32 logits fit the 1 GiB budget, and on WebGPU those whose (1, T, V)
  // fit one buffer of the device) (lm/token-limit.ts). The scored bytes: the text itself, or, when
  // cut, its scored tokens decoded.
  const gpu = gpuFor(model, engine);
  const limit = tokenLimit(model.spec, texts.length, LOGITS_BUDGET_BYTES, gpu ? gpu.maxBindingBytes : null);
  const { ids, cuts } = cutTexts(
    tokenizeTexts(model.tokenizer, texts),
    texts,
    limit.tokens,
    model.tokenizer.decode,
  );
  const bytes = cuts.reduce((sum, c) => sum + c.scoredBytes, 0);
  // (B, 1 + n) ids. The model reads them all where they fit its context and the budget, as any
  // full pass does; at the limit it reads all but the last column (score-text.ts, readColumns),
  // whose logits would predict nothing: a text of n tokens then takes n positions, and the logits
  // are the batch's (B, n, V) as they come.
  const inputs = padBatch(ids, model.tokenizer.startId);
  let batch: LogitsBatch;
  let resident: GpuLogits | undefined;
  if (gpu) {
    resident = await (await webgpuForward(model, gpu)).run(model.spec, inputs, gpu);
    const shape = resident.shape;
    batch = { logits: NO_LOGITS, shape, targets: targetsFor(inputs), ignoreIndex: DEFAULT_IGNORE_INDEX };
  } else {
    const every = readsEveryId(model.spec, inputs.ids.length, inputs.T);
    const logits = await (await wasmForward(model)).run(model.spec, every ? inputs : readColumns(inputs));
    batch = (every ? batchFromLogits : batchFromReadLogits)(logits, model.spec.vocab, inputs);
  }
  const [B, T] = batch.shape;
  // (B, T) inputs: the ids each scored position has read last, start token first.
  const read = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) read[b * T + t] = inputs.ids[b]![t]!;
  return {
    // Read each time it is shown, so it follows the page's language.
    get label() {
      return currentIntl().formatMessage(
        {
          id: 'compute.label.model',
          defaultMessage: '{model} on your text',
          description:
            'Whose numbers are on screen (the logits’ source): a pretrained model, e.g. “GPT-2 on your text”; model: its name.',
        },
        { model: model.name },
      );
    },
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
      startRule: model.tokenizer.startRule,
      dtype: model.dtype,
      decode: pieceDecoder(model.tokenizer, model.spec.vocab),
      encode: (text) => model.tokenizer.encodePlain(text),
      texts: [...texts],
      bytes,
      limit,
      cuts,
    },
  };
}
