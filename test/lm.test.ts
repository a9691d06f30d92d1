/**
 * A pretrained model scores text end to end, on the tiny fixtures (test/fixtures/lm/): the loader
 * reads the hub-layout folder, the model's own tokenizer gives the ids PyTorch scored (start token
 * first), onnxruntime-web (WebAssembly) runs the forward pass, and the loss path (the CPU twin and
 * the WebGPU engine) turns the logits into PyTorch's float64 log p within 1e-4 nats, its ranks and
 * its loss within 1e-5 relative. Bad folders are refused with one sentence.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XentInputError } from '../src/errors';
import type { XentEngine } from '../src/engine';
import { loadModel, scoreTexts, type LoadedModel, type ModelFiles } from '../src/lm/load';
import { crossEntropyCpu, type XentResult } from '../src/math';
import { nodeEngine } from './node-gpu';

ort.env.wasm.numThreads = 1;

const DIR = join(import.meta.dirname, 'fixtures', 'lm');
const LOGP_ABS = 1e-4;
const LOSS_REL = 1e-5;

interface GoldenCase {
  name: string;
  texts: string[];
  padding: 'none' | 'right' | 'left';
  inputIds: number[][];
  logp: (number | null)[][];
  rank: (number | null)[][];
  rankNear: (number | null)[][];
  count: number;
  loss: number;
}
const golden = JSON.parse(await readFile(join(DIR, 'golden.json'), 'utf8')) as {
  models: Record<string, { dir: string; vocab: number; startToken: { id: number }; cases: GoldenCase[] }>;
};

/** A folder on disk as the loader's files; `swap` replaces a file's content, to make bad folders. */
function folder(dir: string, swap: Record<string, string | Uint8Array> = {}): ModelFiles {
  const read = async (file: string) => {
    if (file in swap) return swap[file]!;
    return readFile(join(DIR, dir, file));
  };
  return {
    text: async (file) => {
      const v = await read(file);
      return typeof v === 'string' ? v : new TextDecoder().decode(v);
    },
    bytes: async (file) => {
      const v = await read(file);
      return typeof v === 'string' ? new TextEncoder().encode(v) : new Uint8Array(v);
    },
    size: async (file) => {
      try {
        const v = await read(file);
        return typeof v === 'string' ? new TextEncoder().encode(v).byteLength : v.byteLength;
      } catch {
        return null;
      }
    },
  };
}

function expectGolden(result: XentResult, c: GoldenCase, T: number): void {
  expect(result.count).toBe(c.count);
  expect(Math.abs(result.loss - c.loss) / c.loss).toBeLessThan(LOSS_REL);
  c.logp.forEach((row, b) =>
    row.forEach((logp, t) => {
      const token = result.tokens[b * T + t]!;
      if (logp === null) {
        expect(token.ignored, `(${b}, ${t}) is padding`).toBe(true);
        return;
      }
      expect(Math.abs(token.logProb - logp), `log p at (${b}, ${t})`).toBeLessThan(LOGP_ABS);
      // float32 logits may order the target among logits within 1e-4 of it differently.
      expect(Math.abs(token.rank - c.rank[b]![t]!), `rank at (${b}, ${t})`).toBeLessThanOrEqual(
        c.rankNear[b]![t]!,
      );
    }),
  );
}

describe.each(Object.entries(golden.models))('%s from its folder', (_name, model) => {
  let lm: LoadedModel;
  let engine: XentEngine;
  beforeAll(async () => {
    lm = await loadModel(model.dir, folder(model.dir), ort);
    engine = await nodeEngine();
  });
  afterAll(async () => {
    engine?.destroy();
    await lm?.session.release();
  });

  it('prepends the start token and reads V from config.json', () => {
    expect(lm.tokenizer.startId).toBe(model.startToken.id);
    expect(lm.spec.vocab).toBe(model.vocab);
  });

  // The loader pads on the right, so the left-padded golden case is the padding check of the
  // fixtures alone.
  const cases = model.cases.filter((c) => c.padding !== 'left');
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: ids, log p, ranks and loss as PyTorch',
    async (_c, c) => {
      const scored = await scoreTexts(lm, c.texts);
      expect(scored.inputs).toEqual(c.inputIds.map((row, b) => row.slice(0, scored.inputs[b]!.length)));
      const T = scored.batch.shape[1];
      expectGolden(crossEntropyCpu(scored.batch), c, T);
      expectGolden(await engine.score(scored.batch), c, T);
    },
  );
});

describe('a bad model folder is refused with one sentence', () => {
  const refused = async (swap: Record<string, string | Uint8Array>) => {
    const error = await loadModel('tiny-gpt2', folder('tiny-gpt2', swap), ort).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(XentInputError);
    return (error as Error).message;
  };

  it('config.json that is not JSON, or not a language model', async () => {
    expect(await refused({ 'config.json': '{"model_type": "gpt2",' })).toMatch(
      /^config\.json is not valid JSON;/,
    );
    expect(await refused({ 'config.json': '{"model_type": "bert", "vocab_size": 30522}' })).toMatch(
      /^config\.json does not give the number of layers/,
    );
  });

  it('a truncated ONNX file', async () => {
    const onnx = await readFile(join(DIR, 'tiny-gpt2', 'onnx', 'model.onnx'));
    expect(await refused({ 'onnx/model.onnx': new Uint8Array(onnx.subarray(0, onnx.length >> 1)) })).toMatch(
      /^The ONNX file ends in the middle of its graph \(it may be truncated\); download it again\.$/,
    );
  });

  it('a config.json from another model', async () => {
    const other = JSON.parse(await readFile(join(DIR, 'tiny-gpt2', 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const lm = await loadModel(
      'tiny-gpt2',
      folder('tiny-gpt2', { 'config.json': JSON.stringify({ ...other, n_layer: 3 }) }),
      ort,
    );
    await expect(scoreTexts(lm, ['every effort'])).rejects.toThrow(
      "tiny-gpt2's ONNX graph has 2 layers of key/value inputs but config.json says 3; the files are from different models.",
    );
    await lm.session.release();
  });

  it('an empty text', async () => {
    const lm = await loadModel('tiny-gpt2', folder('tiny-gpt2'), ort);
    await expect(scoreTexts(lm, ['every effort', ''])).rejects.toThrow(
      'Text 2 is empty; type at least one word.',
    );
    await lm.session.release();
  });
});
