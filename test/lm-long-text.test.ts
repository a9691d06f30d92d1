/**
 * A text longer than the model's context, scored as the page scores it (src/app/compute/lm-source.ts):
 * cut at the model's token limit (src/lm/token-limit.ts), the model reading all but the last id
 * (readColumns) since 1 + 1,024 ids do not fit, its (B, n, V) logits the batch as they come,
 * scored by the CPU twin. On hub-gpt2
 * (1,024 positions) against PyTorch in float64 (hub-golden.json's longText, from
 * scripts/fixtures/make_hub_models.py): 1,024 tokens of the long text scored, the loss within 1e-5.
 */
import { readFile } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { padBatch } from '../src/lm/forward';
import { forwardLogits, loadModel, tokenizeTexts, type LoadedModel, type ModelFiles } from '../src/lm/load';
import { batchFromLogits, batchFromReadLogits, readColumns } from '../src/lm/score-text';
import { cutTexts, readsEveryId, tokenLimit } from '../src/lm/token-limit';
import { crossEntropyCpu } from '../src/math';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const DIR = join(import.meta.dirname, 'fixtures', 'lm');

interface LongText {
  model: string;
  limit: number;
  texts: string[];
  perText: {
    tokens: number;
    scored: number;
    bytes: number;
    scoredBytes: number;
    inputIds: number[];
    loss: number;
  }[];
  count: number;
  loss: number;
}
const longText = (JSON.parse(await readFile(join(DIR, 'hub-golden.json'), 'utf8')) as { longText: LongText })
  .longText;

/** A fixture folder read from disk. */
function diskFiles(dir: string): ModelFiles {
  const path = (file: string) => join(DIR, dir, file);
  return {
    text: (file) => readFile(path(file), 'utf8'),
    bytes: async (file) => new Uint8Array(await readFile(path(file))),
    size: (file) =>
      stat(path(file)).then(
        (s) => s.size,
        () => null,
      ),
  };
}

let lm: LoadedModel;
beforeAll(async () => {
  lm = await loadModel(longText.model, diskFiles(longText.model), ort);
});

describe('a text longer than the context, on hub-gpt2', () => {
  it('is cut at the context, 1,024 tokens, and scored as PyTorch scores those tokens', async () => {
    const limit = tokenLimit(lm.spec);
    expect(limit).toMatchObject({ tokens: longText.limit, by: 'context', context: 1024 });
    const { ids, cuts } = cutTexts(
      tokenizeTexts(lm.tokenizer, longText.texts),
      longText.texts,
      limit.tokens,
      lm.tokenizer.decode,
    );
    expect(ids).toEqual(longText.perText.map((p) => p.inputIds));
    expect(cuts.map((c) => c.scored)).toEqual([1024, longText.perText[1]!.tokens]);
    const inputs = padBatch(ids, lm.tokenizer.startId);
    // 1,025 ids do not fit: the model reads 1,024 positions (its whole context), the last id only
    // a target.
    expect(readsEveryId(lm.spec, 2, inputs.T)).toBe(false);
    const read = readColumns(inputs);
    expect(read.T).toBe(1024);
    const batch = batchFromReadLogits(await forwardLogits(lm, read), lm.spec.vocab, inputs);
    expect(batch.shape).toEqual([2, 1024, 50257]);
    const result = crossEntropyCpu(batch);
    expect(result.count).toBe(longText.count);
    expect(Math.abs(result.loss - longText.loss)).toBeLessThanOrEqual(1e-5 * longText.loss);
    // Each text's own loss, too: the short text's padded positions are left out.
    const perText = [0, 1].map((b) => {
      const mine = result.tokens.filter((t) => t.batch === b && !t.ignored);
      return { count: mine.length, loss: mine.reduce((s, t) => s + t.loss, 0) / mine.length };
    });
    perText.forEach((p, b) => {
      const golden = longText.perText[b]!;
      expect(p.count).toBe(golden.scored);
      expect(Math.abs(p.loss - golden.loss)).toBeLessThanOrEqual(1e-5 * golden.loss);
    });
  });

  it('reading every id, as before, would need 1,025 positions: past GPT‑2’s position table', async () => {
    const ids = cutTexts(
      tokenizeTexts(lm.tokenizer, longText.texts),
      longText.texts,
      1024,
      lm.tokenizer.decode,
    ).ids;
    await expect(forwardLogits(lm, padBatch(ids, lm.tokenizer.startId))).rejects.toThrow();
  });

  it('within the context, reading all but the last id gives the same batch as reading every id', async () => {
    const ids = tokenizeTexts(lm.tokenizer, ['every effort moves you', 'I really like chocolate a lot']);
    const inputs = padBatch(ids, lm.tokenizer.startId);
    const all = batchFromLogits(await forwardLogits(lm, inputs), lm.spec.vocab, inputs);
    const read = batchFromReadLogits(await forwardLogits(lm, readColumns(inputs)), lm.spec.vocab, inputs);
    expect(read.shape).toEqual(all.shape);
    expect(read.targets).toEqual(all.targets);
    const a = crossEntropyCpu(all);
    const r = crossEntropyCpu(read);
    expect(r.count).toBe(a.count);
    expect(Math.abs(r.loss - a.loss)).toBeLessThanOrEqual(1e-6 * a.loss);
  });
});
