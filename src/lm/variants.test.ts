/**
 * The hub's file conventions per precision: which graph file to try, which external data files go
 * with it, what config.json declares, and what a folder listing offers.
 */
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import {
  candidateFiles,
  declaredDataChunks,
  DTYPES,
  dtypeOfFile,
  externalDataNames,
  FIXTURE_LOGP_ERROR,
  MAX_DATA_CHUNKS,
  parseListing,
  variantsFromListing,
  type Dtype,
  type ListedFile,
} from './variants';

const SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

describe('candidateFiles', () => {
  it.each(Object.entries(SUFFIX))('%s: model, then decoder_model_merged, then decoder_model', (dtype, s) => {
    expect(candidateFiles(dtype as Dtype)).toEqual([
      `onnx/model${s}.onnx`,
      `onnx/decoder_model_merged${s}.onnx`,
      `onnx/decoder_model${s}.onnx`,
    ]);
  });

  it('covers the eight precisions transformers.js names', () => {
    expect([...DTYPES].sort()).toEqual(Object.keys(SUFFIX).sort());
  });
});

describe('dtypeOfFile', () => {
  it('reads the precision back from every candidate file', () => {
    for (const dtype of DTYPES) {
      for (const file of candidateFiles(dtype)) expect(dtypeOfFile(file)).toBe(dtype);
    }
  });

  it('knows the names by hand', () => {
    expect(dtypeOfFile('onnx/model.onnx')).toBe('fp32');
    expect(dtypeOfFile('onnx/model_quantized.onnx')).toBe('q8');
    expect(dtypeOfFile('onnx/decoder_model_merged_q4f16.onnx')).toBe('q4f16');
    expect(dtypeOfFile('onnx/decoder_model_fp16.onnx')).toBe('fp16');
    expect(dtypeOfFile('onnx/model_bnb4.onnx')).toBe('bnb4');
  });

  it('is null for files that are not a graph the lab loads', () => {
    for (const file of [
      'onnx/decoder_with_past_model.onnx',
      'onnx/decoder_with_past_model_fp16.onnx',
      'onnx/model.onnx_data',
      'onnx/model.onnx_data_1',
      'onnx/model_q8.onnx', // q8's suffix is _quantized
      'onnx/model_fp64.onnx',
      'onnx/encoder_model.onnx',
      'model.onnx', // outside onnx/
      'onnx/sub/model.onnx',
      'onnx/model.ONNX',
      'config.json',
    ]) {
      expect(dtypeOfFile(file), file).toBeNull();
    }
  });
});

describe('externalDataNames', () => {
  it('names the chunks _data, _data_1, _data_2, … beside the graph', () => {
    expect(externalDataNames('onnx/model.onnx', 3)).toEqual([
      'onnx/model.onnx_data',
      'onnx/model.onnx_data_1',
      'onnx/model.onnx_data_2',
    ]);
    expect(externalDataNames('onnx/model_fp16.onnx', 1)).toEqual(['onnx/model_fp16.onnx_data']);
    expect(externalDataNames('onnx/model.onnx', 0)).toEqual([]);
  });
});

describe('declaredDataChunks', () => {
  const config = (format: unknown) => ({
    model_type: 'llama',
    'transformers.js_config': { dtype: 'q4f16', use_external_data_format: format },
  });

  it('is 0 when config.json declares nothing', () => {
    expect(declaredDataChunks({ model_type: 'gpt2' }, 'onnx/model.onnx')).toBe(0);
    expect(declaredDataChunks({ 'transformers.js_config': {} }, 'onnx/model.onnx')).toBe(0);
    expect(declaredDataChunks({ 'transformers.js_config': null }, 'onnx/model.onnx')).toBe(0);
    expect(declaredDataChunks(null, 'onnx/model.onnx')).toBe(0);
    expect(declaredDataChunks('config', 'onnx/model.onnx')).toBe(0);
    expect(declaredDataChunks(config(false), 'onnx/model.onnx')).toBe(0);
  });

  it('true is one chunk and a number is that many, for every file', () => {
    expect(declaredDataChunks(config(true), 'onnx/model.onnx')).toBe(1);
    expect(declaredDataChunks(config(true), 'onnx/model_q4f16.onnx')).toBe(1);
    expect(declaredDataChunks(config(2), 'onnx/model.onnx')).toBe(2);
    expect(declaredDataChunks(config(2), 'onnx/decoder_model_merged_fp16.onnx')).toBe(2);
  });

  it('a map names a file by its name or by its name without .onnx', () => {
    const byName = config({ 'model.onnx': 2 });
    expect(declaredDataChunks(byName, 'onnx/model.onnx')).toBe(2);
    expect(declaredDataChunks(byName, 'onnx/model_fp16.onnx')).toBe(0);
    const byBase = config({ model: 1, model_fp16: 3, 'model_q4.onnx': true });
    expect(declaredDataChunks(byBase, 'onnx/model.onnx')).toBe(1);
    expect(declaredDataChunks(byBase, 'onnx/model_fp16.onnx')).toBe(3);
    expect(declaredDataChunks(byBase, 'onnx/model_q4.onnx')).toBe(1);
    expect(declaredDataChunks(byBase, 'onnx/model_q4f16.onnx')).toBe(0);
  });

  it('the file name wins over the base name when a map gives both', () => {
    expect(declaredDataChunks(config({ 'model.onnx': 4, model: 1 }), 'onnx/model.onnx')).toBe(4);
  });

  it(`accepts 0 to ${MAX_DATA_CHUNKS} and refuses a count out of range with a sentence`, () => {
    expect(declaredDataChunks(config(MAX_DATA_CHUNKS), 'onnx/model.onnx')).toBe(MAX_DATA_CHUNKS);
    expect(declaredDataChunks(config(0), 'onnx/model.onnx')).toBe(0);
    for (const bad of [MAX_DATA_CHUNKS + 1, -1, { 'model.onnx': 1000 }]) {
      let caught: unknown;
      try {
        declaredDataChunks(config(bad), 'onnx/model.onnx');
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(bad)).toBeInstanceOf(XentInputError);
      expect((caught as Error).message).toMatch(
        /^config\.json declares -?\d+ external data files for model\.onnx;/,
      );
    }
  });
});

describe('parseListing', () => {
  it('reads the hub API’s tree: lfs.size wins over size, directories are skipped', () => {
    const text = JSON.stringify([
      {
        type: 'file',
        oid: '0c3a2e1a',
        size: 134,
        lfs: { oid: 'sha256:ab12', size: 653_695_066, pointerSize: 134 },
        path: 'onnx/model.onnx',
      },
      { type: 'file', oid: '9f1b', size: 2_104, path: 'onnx/README.md' },
      { type: 'directory', oid: '77aa', size: 0, path: 'onnx/extra' },
    ]);
    expect(parseListing(text)).toEqual([
      { path: 'onnx/model.onnx', bytes: 653_695_066 },
      { path: 'onnx/README.md', bytes: 2_104 },
    ]);
  });

  it('skips entries it cannot use', () => {
    const text = JSON.stringify([
      null,
      7,
      'onnx/model.onnx',
      { type: 'file', path: 'onnx/no-size.onnx' },
      { type: 'file', path: 'onnx/negative.onnx', size: -1 },
      { type: 'file', size: 10 },
      { path: 'onnx/untyped.onnx', size: 10 },
      { type: 'file', path: 'onnx/bad-lfs.onnx', size: 12, lfs: { size: 'big' } },
    ]);
    // A non-numeric lfs.size falls back to size.
    expect(parseListing(text)).toEqual([{ path: 'onnx/bad-lfs.onnx', bytes: 12 }]);
    expect(parseListing('[]')).toEqual([]);
  });

  it('refuses non-JSON and non-lists with a sentence', () => {
    expect(() => parseListing('<html>Not Found</html>')).toThrow(XentInputError);
    expect(() => parseListing('<html>Not Found</html>')).toThrow(/not JSON/);
    expect(() => parseListing('{"error":"Repository not found"}')).toThrow(XentInputError);
    expect(() => parseListing('{"error":"Repository not found"}')).toThrow(/not a list/);
    expect(() => parseListing('null')).toThrow(/not a list/);
  });
});

const listed = (paths: Record<string, number>): ListedFile[] =>
  Object.entries(paths).map(([path, bytes]) => ({ path, bytes }));

describe('variantsFromListing', () => {
  it('a Xenova/gpt2-like folder: one variant per precision, model.onnx over decoder_model_merged', () => {
    const listing = listed({
      'onnx/decoder_model.onnx': 653_000_000,
      'onnx/decoder_model_merged.onnx': 655_000_000,
      'onnx/decoder_model_merged_fp16.onnx': 328_000_000,
      'onnx/decoder_model_merged_quantized.onnx': 165_000_000,
      'onnx/decoder_with_past_model.onnx': 653_500_000,
      'onnx/model.onnx': 653_600_000,
      'onnx/model_bnb4.onnx': 160_000_000,
      'onnx/model_fp16.onnx': 327_000_000,
      'onnx/model_int8.onnx': 164_000_000,
      'onnx/model_q4.onnx': 170_000_000,
      'onnx/model_q4f16.onnx': 120_000_000,
      'onnx/model_quantized.onnx': 164_500_000,
      'onnx/model_uint8.onnx': 164_100_000,
    });
    expect(variantsFromListing(listing)).toEqual([
      { dtype: 'fp32', file: 'onnx/model.onnx', dataFiles: [], bytes: 653_600_000 },
      { dtype: 'fp16', file: 'onnx/model_fp16.onnx', dataFiles: [], bytes: 327_000_000 },
      { dtype: 'q8', file: 'onnx/model_quantized.onnx', dataFiles: [], bytes: 164_500_000 },
      { dtype: 'int8', file: 'onnx/model_int8.onnx', dataFiles: [], bytes: 164_000_000 },
      { dtype: 'uint8', file: 'onnx/model_uint8.onnx', dataFiles: [], bytes: 164_100_000 },
      { dtype: 'q4', file: 'onnx/model_q4.onnx', dataFiles: [], bytes: 170_000_000 },
      { dtype: 'q4f16', file: 'onnx/model_q4f16.onnx', dataFiles: [], bytes: 120_000_000 },
      { dtype: 'bnb4', file: 'onnx/model_bnb4.onnx', dataFiles: [], bytes: 160_000_000 },
    ]);
  });

  it('an openai-community/gpt2-like folder: fp32 is the merged decoder, nothing else is offered', () => {
    const listing = listed({
      'onnx/decoder_model.onnx': 653_000_000,
      'onnx/decoder_model_merged.onnx': 655_000_000,
      'onnx/decoder_with_past_model.onnx': 653_500_000,
      'onnx/config.json': 900,
    });
    expect(variantsFromListing(listing)).toEqual([
      { dtype: 'fp32', file: 'onnx/decoder_model_merged.onnx', dataFiles: [], bytes: 655_000_000 },
    ]);
  });

  it('falls back per precision: decoder_model where nothing else has that precision', () => {
    const listing = listed({
      'onnx/decoder_model_fp16.onnx': 300,
      'onnx/decoder_model_merged_int8.onnx': 200,
      'onnx/model.onnx': 1000,
    });
    expect(variantsFromListing(listing).map((v) => [v.dtype, v.file])).toEqual([
      ['fp32', 'onnx/model.onnx'],
      ['fp16', 'onnx/decoder_model_fp16.onnx'],
      ['int8', 'onnx/decoder_model_merged_int8.onnx'],
    ]);
  });

  it('a Llama-like folder: data files in numeric order, bytes summed, look-alikes left out', () => {
    const listing = listed({
      'onnx/model.onnx_data_10': 10,
      'onnx/model.onnx': 400_000,
      'onnx/model.onnx_data_1': 2_000_000_000,
      'onnx/model.onnx_data_2': 300_000_000,
      'onnx/model.onnx_data': 2_100_000_000,
      'onnx/model.onnx_data_x': 7,
      'onnx/model.onnx_data_1.bak': 11,
      'onnx/model.onnx_data_': 13,
      'onnx/model_q4f16.onnx': 500_000,
      'onnx/model_q4f16.onnx_data': 900_000_000,
    });
    expect(variantsFromListing(listing)).toEqual([
      {
        dtype: 'fp32',
        file: 'onnx/model.onnx',
        dataFiles: [
          'onnx/model.onnx_data',
          'onnx/model.onnx_data_1',
          'onnx/model.onnx_data_2',
          'onnx/model.onnx_data_10',
        ],
        bytes: 400_000 + 2_100_000_000 + 2_000_000_000 + 300_000_000 + 10,
      },
      {
        dtype: 'q4f16',
        file: 'onnx/model_q4f16.onnx',
        dataFiles: ['onnx/model_q4f16.onnx_data'],
        bytes: 500_000 + 900_000_000,
      },
    ]);
  });

  it('offers nothing for a folder without a graph', () => {
    expect(variantsFromListing([])).toEqual([]);
    expect(variantsFromListing(listed({ 'onnx/model.onnx_data': 5, 'onnx/encoder_model.onnx': 9 }))).toEqual(
      [],
    );
  });

  it('reads a parsed hub listing end to end', () => {
    const text = JSON.stringify([
      { type: 'file', size: 135, lfs: { size: 1_000 }, path: 'onnx/model_fp16.onnx' },
      { type: 'file', size: 135, lfs: { size: 2_000 }, path: 'onnx/model_fp16.onnx_data' },
    ]);
    expect(variantsFromListing(parseListing(text))).toEqual([
      {
        dtype: 'fp16',
        file: 'onnx/model_fp16.onnx',
        dataFiles: ['onnx/model_fp16.onnx_data'],
        bytes: 3_000,
      },
    ]);
  });
});

describe('FIXTURE_LOGP_ERROR', () => {
  it('is what the fixtures measured, rounded to three figures', async () => {
    const { readFile } = await import('node:fs/promises');
    const golden = JSON.parse(
      await readFile(new URL('../../test/fixtures/lm/hub-golden.json', import.meta.url), 'utf8'),
    ) as { models: Record<string, { files: Record<string, { maxAbsLogpDiffVsFloat64?: number }> }> };
    const files = golden.models['hub-gpt2']!.files;
    for (const [dtype, file] of [
      ['fp16', 'onnx/model_fp16.onnx'],
      ['q8', 'onnx/model_quantized.onnx'],
    ] as const) {
      const measured = files[file]!.maxAbsLogpDiffVsFloat64!;
      expect(Number(measured.toPrecision(3))).toBe(FIXTURE_LOGP_ERROR[dtype]);
    }
  });
});
