/**
 * One forward pass of an ONNX causal LM exported the hub's way, with onnxruntime-web: the texts'
 * ids in, the logits (B, T, V) out, one row of V per position.
 *
 * The hub's decoder exports take `input_ids`, `attention_mask` and `position_ids` (int64,
 * [batch, T]) and a key/value cache `past_key_values.{i}.key` / `.value` per layer (float32, or
 * float16 in fp16 exports: the type is read from the graph, [batch, kv_heads, past, head_dim]); a
 * whole text is scored in one pass by feeding an empty cache (past = 0). Optimum's merged decoder
 * adds `use_cache_branch` (false on a first pass) and newer exports `num_logits_to_keep` (0: every
 * position), as transformers.js feeds them (models/modeling_utils). Texts of different lengths are padded on the right with attention_mask 0, and
 * position_ids = cumsum(mask) − 1 with padded places set to 1 (transformers' rule), so every text
 * is scored exactly as it would be alone.
 *
 * `ort` is passed in (onnxruntime-web in a browser, its Node build on the command line), so this
 * file never decides where ORT's WebAssembly comes from.
 */
import type * as Ort from 'onnxruntime-web';
import { XentInputError } from '../errors';
import type { ModelSpec } from './config';

export type OrtModule = typeof Ort;

export interface ForwardInputs {
  /** (B, T) ids, start token first, right-padded with `padId`. */
  ids: number[][];
  /** (B, T) 1 for a real token, 0 for padding. */
  mask: number[][];
  /** (B) real lengths. */
  lengths: number[];
  T: number;
}

/** Lays texts of ids out as one right-padded batch. */
export function padBatch(texts: readonly (readonly number[])[], padId: number): ForwardInputs {
  const T = Math.max(...texts.map((ids) => ids.length));
  return {
    ids: texts.map((ids) => [...ids, ...new Array<number>(T - ids.length).fill(padId)]),
    mask: texts.map((ids) => [
      ...new Array<number>(ids.length).fill(1),
      ...new Array<number>(T - ids.length).fill(0),
    ]),
    lengths: texts.map((ids) => ids.length),
    T,
  };
}

const int64 = (ort: OrtModule, rows: number[][], T: number) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(rows.flat(), (v) => BigInt(v)),
    [rows.length, T],
  );

/** An input the graph declares: its name, element type and shape (symbolic axes as names). */
export interface InputSignature {
  name: string;
  type: string;
  shape: readonly (number | string)[];
}

/** The session's inputs as feedsFor needs them (names alone where the build gives no metadata). */
export function signatureOf(session: Ort.InferenceSession): InputSignature[] {
  const meta = (session as { inputMetadata?: readonly Ort.InferenceSession.ValueMetadata[] }).inputMetadata;
  return session.inputNames.map((name) => {
    const m = meta?.find((x) => x.name === name);
    return m && m.isTensor
      ? { name, type: m.type, shape: [...m.shape] }
      : { name, type: name.startsWith('past_key_values') ? 'float32' : 'int64', shape: [] };
  });
}

const PAST = /^past_key_values\.\d+\.(key|value)$/;

/** Inputs every causal LM export has, and those feedsFor can fill beside the cache. */
const KNOWN = [
  'input_ids',
  'attention_mask',
  'position_ids',
  'token_type_ids',
  // Optimum's merged decoder: false runs the branch without a cache, as a first pass does.
  'use_cache_branch',
  // Newer exports: how many trailing positions get logits; 0 keeps every position.
  'num_logits_to_keep',
  'logits_to_keep',
];

/** The cache inputs a session declares, checked against config.json: one key and value per layer. */
export function pastInputs(
  inputs: readonly InputSignature[],
  spec: ModelSpec,
  model = 'The model',
): InputSignature[] {
  const names = inputs.map((i) => i.name);
  for (const name of ['input_ids', 'attention_mask']) {
    if (!names.includes(name)) {
      throw new XentInputError(
        `${model}'s ONNX graph has no ${name} input (it has ${names.join(', ')}); export it as a causal LM with input_ids and attention_mask.`,
      );
    }
  }
  const past = inputs.filter((i) => PAST.test(i.name));
  if (past.length > 0 && past.length !== 2 * spec.layers) {
    throw new XentInputError(
      `${model}'s ONNX graph has ${past.length / 2} layers of key/value inputs but config.json says ${spec.layers}; the files are from different models.`,
    );
  }
  const unknown = names.filter((n) => !KNOWN.includes(n) && !PAST.test(n));
  if (unknown.length > 0) {
    throw new XentInputError(
      `${model} needs the input${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which this lab does not know how to fill; only causal LMs exported the hub's way (Optimum, transformers.js) are supported.`,
    );
  }
  for (const p of past) {
    if (p.type !== 'float32' && p.type !== 'float16') {
      throw new XentInputError(
        `${model}'s cache input ${p.name} is ${p.type}; this lab fills float32 and float16 caches only.`,
      );
    }
  }
  return past;
}

/** The empty cache's shape [B, kv heads, 0, head dim], checked against the graph's fixed axes. */
function emptyCacheDims(p: InputSignature, B: number, spec: ModelSpec, model: string): number[] {
  const dims = [B, spec.kvHeads, 0, spec.headDim];
  if (p.shape.length === 4) {
    for (const axis of [1, 3]) {
      const fixed = p.shape[axis];
      if (typeof fixed === 'number' && fixed > 0 && fixed !== dims[axis]) {
        throw new XentInputError(
          `${model}'s cache input ${p.name} has ${fixed} ${axis === 1 ? 'heads' : 'values per head'} but config.json gives ${dims[axis]}; the files are from different models.`,
        );
      }
    }
  }
  return dims;
}

/** The feeds of one pass: ids, mask, positions, an empty cache and the flags a merged export takes. */
export function feedsFor(
  ort: OrtModule,
  inputs: readonly InputSignature[],
  spec: ModelSpec,
  batch: ForwardInputs,
  model = 'The model',
): Record<string, Ort.Tensor> {
  const B = batch.ids.length;
  const { T } = batch;
  const names = inputs.map((i) => i.name);
  const past = pastInputs(inputs, spec, model);
  const feeds: Record<string, Ort.Tensor> = {
    input_ids: int64(ort, batch.ids, T),
    attention_mask: int64(ort, batch.mask, T),
  };
  if (names.includes('position_ids')) {
    const positions = batch.mask.map((row) => {
      let seen = 0;
      return row.map((m) => (m ? seen++ : 1));
    });
    feeds.position_ids = int64(ort, positions, T);
  }
  if (names.includes('token_type_ids'))
    feeds.token_type_ids = int64(
      ort,
      batch.ids.map((r) => r.map(() => 0)),
      T,
    );
  if (names.includes('use_cache_branch'))
    feeds.use_cache_branch = new ort.Tensor('bool', new Uint8Array([0]), [1]);
  for (const name of ['num_logits_to_keep', 'logits_to_keep']) {
    if (names.includes(name)) {
      const shape = inputs.find((i) => i.name === name)!.shape;
      feeds[name] = new ort.Tensor('int64', new BigInt64Array([0n]), shape.length === 1 ? [1] : []);
    }
  }
  for (const p of past) {
    const dims = emptyCacheDims(p, B, spec, model);
    feeds[p.name] =
      p.type === 'float16'
        ? new ort.Tensor('float16', new Uint16Array(0), dims)
        : new ort.Tensor('float32', new Float32Array(0), dims);
  }
  return feeds;
}

/** A float16's bits → its value, exactly (every float16 is a float32). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The logits as float32: a float32 output as it is, a float16 one (fp16 and q4f16 exports)
 * widened exactly, value by value. Other types are refused with a sentence.
 */
export function logitsAsFloat32(type: string, data: unknown, model = 'The model'): Float32Array {
  if (type === 'float32') return data as Float32Array;
  if (type === 'float16') {
    const src = data as ArrayLike<number>;
    const out = new Float32Array(src.length);
    if (src instanceof Uint16Array) {
      // A table of all 65,536 values beats calling halfToFloat per logit on 50,257-wide rows.
      const table = halfTable();
      for (let i = 0; i < src.length; i++) out[i] = table[src[i]!]!;
    } else {
      for (let i = 0; i < src.length; i++) out[i] = src[i]!; // Float16Array: already numbers
    }
    return out;
  }
  throw new XentInputError(`${model} returns ${type} logits; this lab reads float32 and float16 logits.`);
}

let table: Float32Array | null = null;
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  }
  return table;
}

/** Reads the `logits` output's shape and checks it against the batch and config.json. */
export function checkLogits(dims: readonly number[], B: number, T: number, spec: ModelSpec): void {
  if (dims.length !== 3 || dims[0] !== B || dims[1] !== T || dims[2] !== spec.vocab) {
    throw new XentInputError(
      `The model returned logits of shape (${dims.join(', ')}), not (${B}, ${T}, ${spec.vocab}) as config.json's vocab_size says; the files are from different models.`,
    );
  }
}
