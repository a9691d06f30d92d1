/**
 * Which ONNX file of a hub folder holds the model, per precision, and which weight files go with
 * it: the hub's conventions, as transformers.js (utils/dtypes, models/session_config,
 * utils/model-loader) and Optimum's exporter name them.
 *
 *   precision   suffix        e.g.
 *   fp32        ''            onnx/model.onnx
 *   fp16        _fp16         onnx/model_fp16.onnx           (float16 caches and logits)
 *   q8          _quantized    onnx/model_quantized.onnx      (8-bit weights and activations)
 *   int8, uint8 _int8, _uint8
 *   q4, q4f16   _q4, _q4f16   (4-bit block-quantized weights; q4f16 on a float16 model)
 *   bnb4        _bnb4
 *
 * Decoder repositories name the file `model` (transformers.js 3 and newer), or, older ones,
 * `decoder_model_merged` (Optimum's merged decoder: one graph that takes a `use_cache_branch`
 * flag), or only `decoder_model` (the pass without a cache). All three take a whole text in one
 * pass, which is what scoring needs, so they are tried in that order.
 *
 * Weights over 2 GB cannot sit inside a protobuf, so big models keep them in external data files
 * beside the graph: `model.onnx_data`, then `model.onnx_data_1`, `_2`, … when split
 * (transformers.js's naming; config.json's `transformers.js_config.use_external_data_format`
 * gives the count). The graph itself names the files its tensors live in (onnx-nodes.ts), which is
 * what onnxruntime will ask for.
 */
import { XentInputError } from '../errors';

export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type Dtype = (typeof DTYPES)[number];

export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** What each precision means for the numbers, for people. */
export const DTYPE_LABEL: Readonly<Record<Dtype, string>> = {
  fp32: 'float32',
  fp16: 'float16',
  q8: '8-bit (weights and activations)',
  int8: '8-bit weights (int8)',
  uint8: '8-bit weights (uint8)',
  q4: '4-bit weights',
  q4f16: '4-bit weights, float16',
  bnb4: '4-bit weights (bnb4)',
};

/** Only float32 gives PyTorch's numbers; the others move log p. */
export const isExact = (dtype: Dtype) => dtype === 'fp32';

/**
 * How far each precision moved log p (nats, the largest |Δ| over the scored tokens) from the
 * float64 reference on the lab's own test model, a tiny random GPT-2 exported the hub's way
 * (test/fixtures/lm/hub-golden.json, `maxAbsLogpDiffVsFloat64`; checked against it in
 * variants.test.ts). A real model's error differs, but its order is what a student should expect.
 */
export const FIXTURE_LOGP_ERROR: Readonly<Partial<Record<Dtype, number>>> = {
  fp16: 0.0102,
  q8: 0.418,
};

/** The graph's base names, in the order they are tried. */
export const ONNX_BASES = ['model', 'decoder_model_merged', 'decoder_model'] as const;

/** The files that may hold the model at this precision, in the order to try them. */
export function candidateFiles(dtype: Dtype): string[] {
  return ONNX_BASES.map((base) => `onnx/${base}${DTYPE_SUFFIX[dtype]}.onnx`);
}

/** The precision a file name stands for, or null when it is not a graph the lab loads. */
export function dtypeOfFile(file: string): Dtype | null {
  const m = /^onnx\/(?:model|decoder_model_merged|decoder_model)(_[a-z0-9]+)?\.onnx$/.exec(file);
  if (!m) return null;
  const suffix = m[1] ?? '';
  return DTYPES.find((d) => DTYPE_SUFFIX[d] === suffix) ?? null;
}

/** A file's name inside its folder ("onnx/model.onnx" → "model.onnx"). */
export const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** "onnx/model.onnx" with 3 chunks → onnx/model.onnx_data, onnx/model.onnx_data_1, onnx/model.onnx_data_2. */
export function externalDataNames(onnxFile: string, chunks: number): string[] {
  return Array.from({ length: chunks }, (_, i) => `${onnxFile}_data${i === 0 ? '' : `_${i}`}`);
}

/** More chunks than this is not a file a browser could hold anyway (each is up to 2 GB). */
export const MAX_DATA_CHUNKS = 100;

/**
 * How many external data chunks config.json declares for a graph file:
 * `transformers.js_config.use_external_data_format` is a boolean, a count, or a map from a file
 * name ("model_fp16.onnx") or its base ("model_fp16") to either.
 */
export function declaredDataChunks(config: unknown, onnxFile: string): number {
  if (typeof config !== 'object' || config === null) return 0;
  const js = (config as Record<string, unknown>)['transformers.js_config'];
  if (typeof js !== 'object' || js === null) return 0;
  const format = (js as Record<string, unknown>).use_external_data_format;
  const value =
    typeof format === 'object' && format !== null
      ? ((format as Record<string, unknown>)[baseName(onnxFile)] ??
        (format as Record<string, unknown>)[baseName(onnxFile).replace(/\.onnx$/, '')])
      : format;
  const n = value === true ? 1 : typeof value === 'number' && Number.isInteger(value) ? value : 0;
  if (n < 0 || n > MAX_DATA_CHUNKS) {
    throw new XentInputError(
      `config.json declares ${n} external data files for ${baseName(onnxFile)}; a model has between 0 and ${MAX_DATA_CHUNKS}.`,
    );
  }
  return n;
}

/** One file of a folder listing: its path inside the repository and its size. */
export interface ListedFile {
  path: string;
  bytes: number;
}

/** One precision a folder offers: its graph, its external data files and their total size. */
export interface Variant {
  dtype: Dtype;
  file: string;
  dataFiles: string[];
  /** Graph and data together. */
  bytes: number;
}

/**
 * The variants a folder listing holds, one per precision (the first of the candidate files that
 * exists), each with the data files named `{file}_data*` beside it.
 */
export function variantsFromListing(listing: readonly ListedFile[]): Variant[] {
  const byPath = new Map(listing.map((f) => [f.path, f.bytes]));
  const out: Variant[] = [];
  for (const dtype of DTYPES) {
    const file = candidateFiles(dtype).find((f) => byPath.has(f));
    if (!file) continue;
    const dataFiles = listing
      .map((f) => f.path)
      .filter(
        (p) =>
          p === `${file}_data` ||
          (p.startsWith(`${file}_data_`) && /^\d+$/.test(p.slice(`${file}_data_`.length))),
      )
      .sort((a, b) => dataIndex(a) - dataIndex(b));
    const bytes = [file, ...dataFiles].reduce((sum, p) => sum + (byPath.get(p) ?? 0), 0);
    out.push({ dtype, file, dataFiles, bytes });
  }
  return out;
}

function dataIndex(path: string): number {
  const m = /_data_(\d+)$/.exec(path);
  return m ? Number(m[1]) : 0;
}

/**
 * Reads the hub's folder listing (`{hub}/api/models/{id}/tree/main/onnx`): a JSON array of
 * `{ type, path, size, lfs?: { size } }`. Anything else is refused with a sentence.
 */
export function parseListing(text: string): ListedFile[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new XentInputError('The hub’s file listing is not JSON; the model’s variants could not be read.');
  }
  if (!Array.isArray(value)) {
    throw new XentInputError('The hub’s file listing is not a list; the model’s variants could not be read.');
  }
  const out: ListedFile[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { type, path, size, lfs } = item as Record<string, unknown>;
    if (type !== 'file' || typeof path !== 'string') continue;
    const lfsSize = typeof lfs === 'object' && lfs !== null ? (lfs as { size?: unknown }).size : undefined;
    const bytes = typeof lfsSize === 'number' ? lfsSize : typeof size === 'number' ? size : NaN;
    if (Number.isFinite(bytes) && bytes >= 0) out.push({ path, bytes });
  }
  return out;
}
