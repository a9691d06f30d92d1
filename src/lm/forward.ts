/**
 * One forward pass of an ONNX causal LM exported the hub's way, with onnxruntime-web: the texts'
 * ids in, the logits (B, T, V) out, one row of V per position.
 *
 * The hub's decoder exports take `input_ids`, `attention_mask` and `position_ids` (int64,
 * [batch, T]) and a key/value cache `past_key_values.{i}.key` / `.value` per layer (float32,
 * [batch, kv_heads, past, head_dim]); a whole text is scored in one pass by feeding an empty cache
 * (past = 0). Texts of different lengths are padded on the right with attention_mask 0, and
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

/** The cache inputs a session declares, checked against config.json: one key and value per layer. */
export function pastInputs(inputNames: readonly string[], spec: ModelSpec): string[] {
  for (const name of ['input_ids', 'attention_mask']) {
    if (!inputNames.includes(name)) {
      throw new XentInputError(
        `The ONNX model has no ${name} input (it has ${inputNames.join(', ')}); export the model as a causal LM with input_ids and attention_mask.`,
      );
    }
  }
  const past = inputNames.filter((n) => /^past_key_values\.\d+\.(key|value)$/.test(n));
  if (past.length > 0 && past.length !== 2 * spec.layers) {
    throw new XentInputError(
      `The ONNX model has ${past.length / 2} layers of key/value inputs but config.json says ${spec.layers}; the files are from different models.`,
    );
  }
  const unknown = inputNames.filter(
    (n) =>
      !['input_ids', 'attention_mask', 'position_ids', 'token_type_ids'].includes(n) && !past.includes(n),
  );
  if (unknown.length > 0) {
    throw new XentInputError(
      `The ONNX model needs inputs this lab does not know how to fill (${unknown.join(', ')}); only causal LMs exported the hub's way are supported.`,
    );
  }
  return past;
}

/** The feeds of one pass: ids, mask, positions and an empty cache. */
export function feedsFor(
  ort: OrtModule,
  inputNames: readonly string[],
  spec: ModelSpec,
  batch: ForwardInputs,
): Record<string, Ort.Tensor> {
  const B = batch.ids.length;
  const { T } = batch;
  const feeds: Record<string, Ort.Tensor> = {
    input_ids: int64(ort, batch.ids, T),
    attention_mask: int64(ort, batch.mask, T),
  };
  if (inputNames.includes('position_ids')) {
    const positions = batch.mask.map((row) => {
      let seen = 0;
      return row.map((m) => (m ? seen++ : 1));
    });
    feeds.position_ids = int64(ort, positions, T);
  }
  if (inputNames.includes('token_type_ids'))
    feeds.token_type_ids = int64(
      ort,
      batch.ids.map((r) => r.map(() => 0)),
      T,
    );
  for (const name of pastInputs(inputNames, spec)) {
    feeds[name] = new ort.Tensor('float32', new Float32Array(0), [B, spec.kvHeads, 0, spec.headDim]);
  }
  return feeds;
}

/** Reads the `logits` output's shape and checks it against the batch and config.json. */
export function checkLogits(dims: readonly number[], B: number, T: number, spec: ModelSpec): void {
  if (dims.length !== 3 || dims[0] !== B || dims[1] !== T || dims[2] !== spec.vocab) {
    throw new XentInputError(
      `The model returned logits of shape (${dims.join(', ')}), not (${B}, ${T}, ${spec.vocab}) as config.json's vocab_size says; the files are from different models.`,
    );
  }
}
