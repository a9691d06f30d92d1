/**
 * The feeds of one forward pass, built with onnxruntime-web's own Tensor from a hand-written
 * graph signature (a merged decoder's, a newer export's, a graph from another model), and the
 * float16 logits widened exactly.
 */
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import type { ModelSpec } from './config';
import {
  checkLogits,
  feedsFor,
  halfToFloat,
  logitsAsFloat32,
  padBatch,
  pastInputs,
  type InputSignature,
} from './forward';

describe('halfToFloat', () => {
  it('reads the IEEE binary16 values by hand', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504); // the largest float16
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // the smallest subnormal
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24); // the largest subnormal
    expect(halfToFloat(0x0400)).toBe(2 ** -14); // the smallest normal
    expect(halfToFloat(0x3555)).toBe(0.333251953125); // 1/3 rounded: 1.0101010101b × 2^-2
    expect(halfToFloat(0x3bff)).toBe(1 - 2 ** -11);
    expect(halfToFloat(0x3c01)).toBe(1 + 2 ** -10);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0xfc01)).toBeNaN();
    expect(Object.is(halfToFloat(0x0000), 0)).toBe(true);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
  });

  it('agrees with widening the bits into a float32 for every normal, infinite and NaN value', () => {
    // float16 sign | exponent | fraction → float32 sign | exponent − 15 + 127 | fraction << 13.
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    for (let h = 0; h < 0x10000; h++) {
      const exp = (h >> 10) & 0x1f;
      if (exp === 0) continue; // subnormals: checked by hand above
      const sign = (h & 0x8000) << 16;
      const frac = (h & 0x3ff) << 13;
      bits[0] = (sign | ((exp === 31 ? 255 : exp - 15 + 127) << 23) | frac) >>> 0;
      const expected = asFloat[0]!;
      const got = halfToFloat(h);
      if (Number.isNaN(expected)) expect(got, h.toString(16)).toBeNaN();
      else if (got !== expected) expect(got, h.toString(16)).toBe(expected);
    }
  });

  it('every subnormal is its fraction × 2^-24', () => {
    for (let frac = 0; frac < 0x400; frac++) {
      expect(halfToFloat(frac)).toBe(frac / 16777216);
      expect(halfToFloat(0x8000 | frac)).toBe(-frac / 16777216);
    }
  });
});

describe('logitsAsFloat32', () => {
  it('widens float16 logits exactly', () => {
    const out = logitsAsFloat32(
      'float16',
      Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001, 0xfc00, 0x0000]),
    );
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([1, -2, 65504, 2 ** -24, -Infinity, 0]);
  });

  it('takes numbers as they are (a Float16Array’s values)', () => {
    expect(Array.from(logitsAsFloat32('float16', [1.5, -0.25]))).toEqual([1.5, -0.25]);
  });

  it('passes float32 logits through untouched', () => {
    const data = Float32Array.from([0.1, 0.2]);
    expect(logitsAsFloat32('float32', data)).toBe(data);
  });

  it('refuses other types, naming the model', () => {
    expect(() => logitsAsFloat32('int32', new Int32Array(2), 'Xenova/gpt2')).toThrow(XentInputError);
    expect(() => logitsAsFloat32('int32', new Int32Array(2), 'Xenova/gpt2')).toThrow(
      'Xenova/gpt2 returns int32 logits; this lab reads float32 and float16 logits.',
    );
    expect(() => logitsAsFloat32('bfloat16', new Uint16Array(2))).toThrow(
      /^The model returns bfloat16 logits/,
    );
  });
});

const spec: ModelSpec = {
  family: 'gpt2',
  vocab: 50257,
  layers: 2,
  kvHeads: 2,
  headDim: 8,
  bosTokenId: 50256,
  eosTokenId: 50256,
  context: 1024,
};

const ids = (name: string): InputSignature => ({
  name,
  type: 'int64',
  shape: ['batch_size', 'sequence_length'],
});
const past = (layers: number, type = 'float32', heads: number | string = 2, dim: number | string = 8) =>
  Array.from({ length: layers }, (_, i) =>
    (['key', 'value'] as const).map((kv) => ({
      name: `past_key_values.${i}.${kv}`,
      type,
      shape: ['batch_size', heads, 'past_sequence_length', dim],
    })),
  ).flat();

/** Optimum's merged decoder in float16 (decoder_model_merged_fp16.onnx). */
const MERGED_FP16: InputSignature[] = [
  ids('input_ids'),
  ids('attention_mask'),
  ids('position_ids'),
  ...past(2, 'float16'),
  { name: 'use_cache_branch', type: 'bool', shape: [1] },
];

describe('padBatch', () => {
  it('pads on the right with the pad id and a mask of 0', () => {
    expect(padBatch([[5, 6, 7], [8]], 0)).toEqual({
      ids: [
        [5, 6, 7],
        [8, 0, 0],
      ],
      mask: [
        [1, 1, 1],
        [1, 0, 0],
      ],
      lengths: [3, 1],
      T: 3,
    });
  });
});

describe('feedsFor', () => {
  it('feeds a merged float16 decoder: ids, mask, positions, an empty float16 cache, use_cache_branch false', () => {
    const batch = padBatch([[50256, 40, 1107], [50256]], 50256);
    const feeds = feedsFor(ort, MERGED_FP16, spec, batch);
    expect(Object.keys(feeds).sort()).toEqual(MERGED_FP16.map((i) => i.name).sort());

    expect(feeds.input_ids!.type).toBe('int64');
    expect(feeds.input_ids!.dims).toEqual([2, 3]);
    expect(Array.from(feeds.input_ids!.data as BigInt64Array)).toEqual([
      50256n,
      40n,
      1107n,
      50256n,
      50256n,
      50256n,
    ]);
    expect(Array.from(feeds.attention_mask!.data as BigInt64Array)).toEqual([1n, 1n, 1n, 1n, 0n, 0n]);
    // cumsum(mask) − 1, padded places 1.
    expect(Array.from(feeds.position_ids!.data as BigInt64Array)).toEqual([0n, 1n, 2n, 0n, 1n, 1n]);
    expect(feeds.position_ids!.dims).toEqual([2, 3]);

    const branch = feeds.use_cache_branch!;
    expect(branch.type).toBe('bool');
    expect(branch.dims).toEqual([1]);
    expect(Array.from(branch.data as Uint8Array)).toEqual([0]);

    for (const name of [
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]) {
      const cache = feeds[name]!;
      expect(cache.type, name).toBe('float16');
      expect(cache.dims, name).toEqual([2, 2, 0, 8]);
      expect(cache.size, name).toBe(0);
    }
  });

  it('gives left-padded texts the positions their real tokens have alone', () => {
    const batch = { ids: [[0, 0, 7, 8]], mask: [[0, 0, 1, 1]], lengths: [2], T: 4 };
    const feeds = feedsFor(ort, [ids('input_ids'), ids('attention_mask'), ids('position_ids')], spec, batch);
    // cumsum − 1 = [−1, −1, 0, 1]; masked places set to 1.
    expect(Array.from(feeds.position_ids!.data as BigInt64Array)).toEqual([1n, 1n, 0n, 1n]);
  });

  it('a float32 cache for a float32 graph; nothing for inputs the graph does not take', () => {
    const feeds = feedsFor(
      ort,
      [ids('input_ids'), ids('attention_mask'), ...past(2)],
      spec,
      padBatch([[1, 2]], 0),
    );
    expect(Object.keys(feeds).sort()).toEqual([
      'attention_mask',
      'input_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(feeds['past_key_values.1.value']!.type).toBe('float32');
    expect(feeds['past_key_values.1.value']!.dims).toEqual([1, 2, 0, 8]);
  });

  it('num_logits_to_keep is an int64 0: a scalar, or [1] where the graph says so', () => {
    const scalar = feedsFor(
      ort,
      [ids('input_ids'), ids('attention_mask'), { name: 'num_logits_to_keep', type: 'int64', shape: [] }],
      spec,
      padBatch([[1]], 0),
    );
    expect(scalar.num_logits_to_keep!.type).toBe('int64');
    expect(scalar.num_logits_to_keep!.dims).toEqual([]);
    expect(Array.from(scalar.num_logits_to_keep!.data as BigInt64Array)).toEqual([0n]);
    const one = feedsFor(
      ort,
      [ids('input_ids'), ids('attention_mask'), { name: 'logits_to_keep', type: 'int64', shape: [1] }],
      spec,
      padBatch([[1]], 0),
    );
    expect(one.logits_to_keep!.dims).toEqual([1]);
    expect(Array.from(one.logits_to_keep!.data as BigInt64Array)).toEqual([0n]);
  });

  it('token_type_ids are zeros', () => {
    const feeds = feedsFor(
      ort,
      [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
      spec,
      padBatch([[4, 5]], 0),
    );
    expect(Array.from(feeds.token_type_ids!.data as BigInt64Array)).toEqual([0n, 0n]);
  });

  it('refuses an input it cannot fill, naming it and the model', () => {
    const inputs = [
      ...MERGED_FP16,
      { name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, 224, 224] },
    ];
    expect(() => feedsFor(ort, inputs, spec, padBatch([[1]], 0), 'Xenova/vit-gpt2')).toThrow(XentInputError);
    expect(() => feedsFor(ort, inputs, spec, padBatch([[1]], 0), 'Xenova/vit-gpt2')).toThrow(
      /^Xenova\/vit-gpt2 needs the input pixel_values, which this lab does not know how to fill/,
    );
    const two = [...inputs, { name: 'encoder_hidden_states', type: 'float32', shape: [] }];
    expect(() => feedsFor(ort, two, spec, padBatch([[1]], 0))).toThrow(
      /needs the inputs pixel_values, encoder_hidden_states,/,
    );
  });

  it('refuses a cache whose fixed head count or head size disagrees with config.json', () => {
    const heads = [ids('input_ids'), ids('attention_mask'), ...past(2, 'float32', 4, 8)];
    expect(() => feedsFor(ort, heads, spec, padBatch([[1]], 0), 'm')).toThrow(XentInputError);
    expect(() => feedsFor(ort, heads, spec, padBatch([[1]], 0), 'm')).toThrow(
      "m's cache input past_key_values.0.key has 4 heads but config.json gives 2; the files are from different models.",
    );
    const dim = [ids('input_ids'), ids('attention_mask'), ...past(2, 'float32', 2, 64)];
    expect(() => feedsFor(ort, dim, spec, padBatch([[1]], 0))).toThrow(
      /has 64 values per head but config\.json gives 8/,
    );
  });

  it('accepts fixed axes that agree, and symbolic ones', () => {
    const fixed = [ids('input_ids'), ids('attention_mask'), ...past(2, 'float32', 2, 8)];
    expect(() => feedsFor(ort, fixed, spec, padBatch([[1]], 0))).not.toThrow();
    const symbolic = [
      ids('input_ids'),
      ids('attention_mask'),
      ...past(2, 'float32', 'num_heads', 'head_dim'),
    ];
    expect(feedsFor(ort, symbolic, spec, padBatch([[1]], 0))['past_key_values.0.key']!.dims).toEqual([
      1, 2, 0, 8,
    ]);
  });
});

describe('pastInputs', () => {
  it('returns the cache inputs in the graph’s order', () => {
    expect(pastInputs(MERGED_FP16, spec).map((p) => p.name)).toEqual([
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(pastInputs([ids('input_ids'), ids('attention_mask')], spec)).toEqual([]);
  });

  it('refuses a cache for another number of layers', () => {
    const three = [ids('input_ids'), ids('attention_mask'), ...past(3)];
    expect(() => pastInputs(three, spec, 'Xenova/gpt2')).toThrow(XentInputError);
    expect(() => pastInputs(three, spec, 'Xenova/gpt2')).toThrow(
      "Xenova/gpt2's ONNX graph has 3 layers of key/value inputs but config.json says 2; the files are from different models.",
    );
  });

  it('refuses a graph without input_ids or attention_mask, listing what it has', () => {
    expect(() => pastInputs([ids('input_ids'), ...past(2)], spec)).toThrow(
      /^The model's ONNX graph has no attention_mask input \(it has input_ids, past_key_values\.0\.key,/,
    );
    expect(() => pastInputs([ids('inputs_embeds'), ids('attention_mask')], spec)).toThrow(
      /has no input_ids input/,
    );
  });

  it('refuses a cache that is neither float32 nor float16', () => {
    expect(() => pastInputs([ids('input_ids'), ids('attention_mask'), ...past(2, 'uint8')], spec)).toThrow(
      /cache input past_key_values\.0\.key is uint8; this lab fills float32 and float16 caches only/,
    );
  });
});

describe('checkLogits', () => {
  it('accepts (B, T, V) and refuses any other shape with a sentence', () => {
    expect(() => checkLogits([2, 3, 50257], 2, 3, spec)).not.toThrow();
    for (const dims of [
      [2, 3, 50304],
      [1, 3, 50257],
      [2, 1, 50257],
      [6, 50257],
    ]) {
      expect(() => checkLogits(dims, 2, 3, spec), dims.join(',')).toThrow(XentInputError);
    }
    expect(() => checkLogits([2, 3, 50304], 2, 3, spec)).toThrow(
      /returned logits of shape \(2, 3, 50304\), not \(2, 3, 50257\)/,
    );
  });
});
