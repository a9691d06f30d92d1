/**
 * The hub-layout fixtures (test/fixtures/lm/hub-*) loaded by hub id from the stand-in hub
 * (scripts/hub-server.mjs), as a person would load a model from the Hugging Face hub:
 *
 * - each ONNX layout and precision resolves to the hub's file for it (onnx/model.onnx,
 *   decoder_model_merged.onnx, decoder_model.onnx, model_fp16.onnx, model_quantized.onnx, a graph
 *   with two external data files) and scores hub-golden.json's texts: the float32 files to the
 *   transformers model's float64 log p (1e-4 nats), ranks and loss (1e-5 relative); the float16 and
 *   8-bit files to onnxruntime CPU's numbers on that file, and off the float64 ones by what the
 *   golden measured;
 * - `xent lm --file` scores The Verdict as the book's loaders do (verdict-golden.json);
 * - broken uploads, oversized models and impossible options are refused with one sentence.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { encode as r50kEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { XentInputError } from '../src/errors';
import { parseModelConfig } from '../src/lm/config';
import { fetchFiles } from '../src/lm/fetch-files';
import { signatureOf } from '../src/lm/forward';
import { loadModel, MAX_MODEL_BYTES, scoreTexts, type LoadedModel, type ModelFiles } from '../src/lm/load';
import { loadTokenizer } from '../src/lm/tokenize';
import type { Dtype } from '../src/lm/variants';
import { crossEntropyCpu } from '../src/math';
import { startHub, type Hub, type HubOptions } from '../scripts/hub-server.mjs';
import { xent } from './cli-run';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(import.meta.dirname, 'fixtures', 'lm');
const VERDICT = join(ROOT, 'public', 'examples', 'the-verdict.txt');
const LOGP_ABS = 1e-4;
const LOSS_REL = 1e-5;

interface HubCase {
  texts: string[];
  inputIds: number[][];
  targets: number[][];
  logp: number[][];
  rank: number[][];
  rankNear: number[][];
  argmax: number[][];
  count: number;
  loss: number;
}
interface HubFile {
  dtype: string;
  bytes: number;
  reference: string;
  cases?: HubCase[];
  maxAbsLogpDiffVsFloat64?: number;
}
interface HubModel {
  dir: string;
  vocab: number;
  startId: number;
  cases: HubCase[];
  files: Record<string, HubFile>;
}
const hubGolden = JSON.parse(await readFile(join(DIR, 'hub-golden.json'), 'utf8')) as {
  models: Record<string, HubModel>;
};

interface VerdictPart {
  tokenCount: number;
  windows: { start: number; loss: number }[];
  loss: number;
  tokens: number;
}
const verdict = JSON.parse(await readFile(join(DIR, 'verdict-golden.json'), 'utf8')) as {
  file: string;
  splitIndex: number;
  contextLength: number;
  stride: number;
  train: VerdictPart;
  val: VerdictPart;
  trainingTokens: number;
  validationTokens: number;
  trainLoss: number;
  valLoss: number;
};

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub.close());

const hubId = (dir: string) => `fixtures/${dir}`;

/** A fixture folder by hub id from `server` (the shared stand-in hub unless given). */
const hubFiles = (dir: string, server: Hub = hub): ModelFiles =>
  fetchFiles({ kind: 'hub', id: hubId(dir) }, { hubBase: server.base });

/** The files with every call recorded, and `change` to answer some calls itself. */
function recorded(
  files: ModelFiles,
  change: Partial<Record<'size', (file: string) => number | null | undefined>> = {},
) {
  const calls: string[] = [];
  const wrapped: ModelFiles = {
    text: (file) => {
      calls.push(`text ${file}`);
      return files.text(file);
    },
    bytes: (file) => {
      calls.push(`bytes ${file}`);
      return files.bytes(file);
    },
    size: async (file) => {
      calls.push(`size ${file}`);
      const changed = change.size?.(file);
      return changed === undefined ? files.size(file) : changed;
    },
  };
  return { files: wrapped, calls };
}

/** The files of a folder without `hidden`: a HEAD answers 404, a download fails. */
function hiding(files: ModelFiles, hidden: readonly string[]): ModelFiles {
  const refuse = (file: string) => {
    throw new Error(`${file} was hidden, yet downloaded`);
  };
  return {
    text: async (file) => (hidden.includes(file) ? refuse(file) : files.text(file)),
    bytes: async (file) => (hidden.includes(file) ? refuse(file) : files.bytes(file)),
    size: async (file) => (hidden.includes(file) ? null : files.size(file)),
  };
}

/** The first index of the largest value, as torch.argmax. */
function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

/**
 * Scores each case's text and checks it against the case: ids, log p (1e-4 nats), ranks (within
 * rankNear), argmax, loss (1e-5 relative). Returns the largest |Δ log p| against `cases` and against
 * `other` (another reference for the same texts, e.g. the float64 one for a float16 file).
 */
async function expectCases(
  lm: LoadedModel,
  cases: readonly HubCase[],
  other: readonly HubCase[] = cases,
): Promise<{ own: number; other: number }> {
  let own = 0;
  let vsOther = 0;
  for (const [i, c] of cases.entries()) {
    const scored = await scoreTexts(lm, c.texts);
    expect(scored.inputs).toEqual(c.inputIds);
    const [, T, V] = scored.batch.shape;
    expect(T).toBe(c.inputIds[0]!.length - 1);
    const result = crossEntropyCpu(scored.batch);
    expect(result.count).toBe(c.count);
    expect(Math.abs(result.loss - c.loss) / c.loss, `loss of case ${i}`).toBeLessThan(LOSS_REL);
    c.logp[0]!.forEach((logp, t) => {
      const token = result.tokens[t]!;
      expect(token.target).toBe(c.targets[0]![t]);
      const diff = Math.abs(token.logProb - logp);
      own = Math.max(own, diff);
      vsOther = Math.max(vsOther, Math.abs(token.logProb - other[i]!.logp[0]![t]!));
      expect(diff, `log p of case ${i} at ${t}`).toBeLessThan(LOGP_ABS);
      expect(Math.abs(token.rank - c.rank[0]![t]!), `rank of case ${i} at ${t}`).toBeLessThanOrEqual(
        c.rankNear[0]![t]!,
      );
      expect(argmax(scored.batch.logits.subarray(t * V, (t + 1) * V)), `argmax of case ${i} at ${t}`).toBe(
        c.argmax[0]![t],
      );
    });
  }
  return { own, other: vsOther };
}

/** The requests the stand-in hub saw while `run` ran. */
async function requestsDuring<T>(
  server: Hub,
  run: () => Promise<T>,
): Promise<{ value: T; requests: string[] }> {
  const before = server.requests.length;
  const value = await run();
  return { value, requests: server.requests.slice(before) };
}

const gets = (requests: readonly string[], dir: string) =>
  requests
    .filter((r) => r.startsWith(`GET /fixtures/${dir}/resolve/main/onnx/`))
    .map((r) => r.slice(`GET /fixtures/${dir}/resolve/main/`.length));

interface Layout {
  dir: string;
  dtype: Dtype;
  file: string;
  /** Every onnx/ file downloaded: the graph and its data files. */
  downloads: string[];
}

const LAYOUTS: Layout[] = [
  { dir: 'hub-gpt2', dtype: 'fp32', file: 'onnx/model.onnx', downloads: ['onnx/model.onnx'] },
  { dir: 'hub-gpt2', dtype: 'fp16', file: 'onnx/model_fp16.onnx', downloads: ['onnx/model_fp16.onnx'] },
  {
    dir: 'hub-gpt2',
    dtype: 'q8',
    file: 'onnx/model_quantized.onnx',
    downloads: ['onnx/model_quantized.onnx'],
  },
  {
    dir: 'hub-gpt2-decoders',
    dtype: 'fp32',
    file: 'onnx/decoder_model_merged.onnx',
    downloads: ['onnx/decoder_model_merged.onnx'],
  },
  {
    dir: 'hub-llama',
    dtype: 'fp32',
    file: 'onnx/model.onnx',
    downloads: ['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1'],
  },
  { dir: 'hub-gpt-neo', dtype: 'fp32', file: 'onnx/model.onnx', downloads: ['onnx/model.onnx'] },
];

describe('each hub layout and precision, by hub id', () => {
  it.each(LAYOUTS.map((l) => [`${l.dir} ${l.dtype} → ${l.file}`, l] as const))('%s', async (_label, l) => {
    const model = hubGolden.models[l.dir]!;
    const golden = model.files[l.file]!;
    const { value: lm, requests } = await requestsDuring(hub, () =>
      loadModel(hubId(l.dir), hubFiles(l.dir), ort, {}, l.dtype),
    );
    try {
      expect(lm.onnxFile).toBe(l.file);
      expect(lm.dtype).toBe(l.dtype);
      expect(golden.dtype).toBe(l.dtype === 'fp32' ? 'float32' : l.dtype === 'fp16' ? 'float16' : 'q8');
      // The graph and its data files are each downloaded once, and no other graph is.
      expect(gets(requests, l.dir)).toEqual(l.downloads);
      expect(lm.tokenizer.startId).toBe(model.startId);
      expect(lm.spec.vocab).toBe(model.vocab);
      const inputs = signatureOf(lm.session);
      const pastTypes = new Set(
        inputs.filter((i) => i.name.startsWith('past_key_values.')).map((i) => i.type),
      );
      expect(pastTypes).toEqual(new Set([l.dtype === 'fp16' ? 'float16' : 'float32']));
      if (l.file.includes('merged') || l.dir === 'hub-gpt2') {
        // Optimum's merged decoder: the If on use_cache_branch, not the plain decoder.
        expect(lm.session.inputNames).toContain('use_cache_branch');
      }
      if (l.dir === 'hub-llama') {
        expect(lm.tokenizer.startRule).toBe('post-processor');
        expect(lm.tokenizer.startText).toBe('<s>');
        expect(lm.session.inputNames).toContain('num_logits_to_keep');
      }
      if (l.dtype === 'fp32') {
        await expectCases(lm, model.cases);
      } else {
        // Against onnxruntime CPU on the same file; off the float64 model by what the golden says,
        // which is far more than a float32 file's 1e-4: the file really holds other numbers.
        const got = await expectCases(lm, golden.cases!, model.cases);
        const expected = golden.maxAbsLogpDiffVsFloat64!;
        expect(got.other).toBeLessThanOrEqual(1.5 * expected);
        expect(got.other).toBeGreaterThan(Math.max(10 * LOGP_ABS, expected / 1.5));
      }
    } finally {
      await lm.session.release();
    }
  });

  it('hub-gpt2-decoders with only decoder_model.onnx (no merged file) → decoder_model.onnx', async () => {
    const model = hubGolden.models['hub-gpt2-decoders']!;
    const { files, calls } = recorded(
      hiding(hubFiles('hub-gpt2-decoders'), ['onnx/decoder_model_merged.onnx']),
    );
    const lm = await loadModel(hubId('hub-gpt2-decoders'), files, ort);
    try {
      expect(lm.onnxFile).toBe('onnx/decoder_model.onnx');
      expect(calls.filter((c) => c.startsWith('bytes '))).toEqual(['bytes onnx/decoder_model.onnx']);
      // The pass without a cache: no past inputs, no use_cache_branch.
      expect(lm.session.inputNames).toEqual(['input_ids', 'attention_mask', 'position_ids']);
      await expectCases(lm, model.cases);
    } finally {
      await lm.session.release();
    }
  });
});

/** The --json of `xent lm --file`. */
interface LongTextJson {
  model: string;
  file: string;
  backend: string;
  windows: { context: number; stride: number };
  split?: number;
  splitIndex?: number;
  loss?: number;
  tokens?: number;
  train?: { loss: number; perplexity: number; tokens: number; windows: number };
  validation?: { loss: number; perplexity: number; tokens: number; windows: number };
  perWindow: { part: string; start: number; loss: number; tokens: number }[];
}

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('xent lm --file: The Verdict on hub-gpt2 as the book’s loaders score it', () => {
  const runSplit = async (backend: 'cpu' | 'webgpu') => {
    const run = await xent([
      'lm',
      hubId('hub-gpt2'),
      '--hub',
      hub.base,
      '--file',
      VERDICT,
      '--split',
      '0.9',
      '--json',
      '--backend',
      backend,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as LongTextJson;
    expect(out.model).toBe(hubId('hub-gpt2'));
    expect(out.windows).toEqual({ context: verdict.contextLength, stride: verdict.stride });
    expect(out.windows).toEqual({ context: 256, stride: 256 });
    expect(out.split).toBe(0.9);
    expect(out.splitIndex).toBe(verdict.splitIndex);
    expect(out.train!.tokens).toBe(verdict.trainingTokens);
    expect(out.validation!.tokens).toBe(verdict.validationTokens);
    expect([out.train!.tokens, out.validation!.tokens]).toEqual([4608, 512]);
    expect(out.train!.windows).toBe(verdict.train.windows.length);
    expect(out.validation!.windows).toBe(verdict.val.windows.length);
    expect(rel(out.train!.loss, verdict.trainLoss)).toBeLessThan(LOSS_REL);
    expect(rel(out.validation!.loss, verdict.valLoss)).toBeLessThan(LOSS_REL);
    expect(out.train!.perplexity).toBeCloseTo(Math.exp(out.train!.loss), 6);
    const want = [
      ...verdict.train.windows.map((w) => ({ part: 'train', ...w })),
      ...verdict.val.windows.map((w) => ({ part: 'validation', ...w })),
    ];
    expect(out.perWindow.map((w) => [w.part, w.start, w.tokens])).toEqual(
      want.map((w) => [w.part, w.start, 256]),
    );
    out.perWindow.forEach((w, i) => {
      expect(rel(w.loss, want[i]!.loss), `window ${w.part} ${w.start}`).toBeLessThan(LOSS_REL);
    });
    // As in `xent score --json` and `xent lm --text --json`: the back end's name ("cpu",
    // "webgpu"), not the report's label ("CPU", "WebGPU · <adapter>").
    expect.soft(out.backend).toBe(backend);
    return out;
  };

  it('--split 0.9 on the CPU: both losses, tokens, windows and each window’s loss', async () => {
    expect(verdict.file).toBe('public/examples/the-verdict.txt');
    await runSplit('cpu');
  });

  it('--split 0.9 on WebGPU: the same numbers', async () => {
    await runSplit('webgpu');
  });

  it('without --split: the whole text in one part, the loss over every window', async () => {
    const text = await readFile(VERDICT, 'utf8');
    const read = (f: string) => readFile(join(DIR, 'hub-gpt2', f), 'utf8');
    const tokenizer = loadTokenizer(
      await read('tokenizer.json'),
      await read('tokenizer_config.json'),
      parseModelConfig(await read('config.json')),
    );
    // The whole text is tokenized at once: the fixture's tokenizer and an independent r50k encoder agree.
    const ids = tokenizer.encodePlain(text);
    expect(ids).toEqual(r50kEncode(text));
    const train = tokenizer.encodePlain(Array.from(text).slice(0, verdict.splitIndex).join(''));
    expect(train.length).toBe(verdict.train.tokenCount);
    const n = ids.length;
    const starts: number[] = [];
    for (let s = 0; s < n - 256; s += 256) starts.push(s); // Python's range(0, n - 256, 256)

    const run = await xent([
      'lm',
      hubId('hub-gpt2'),
      '--hub',
      hub.base,
      '--file',
      VERDICT,
      '--json',
      '--backend',
      'cpu',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as LongTextJson;
    expect(out.split).toBeUndefined();
    expect(out.train).toBeUndefined();
    expect(out.perWindow.map((w) => w.start)).toEqual(starts);
    expect(out.perWindow.every((w) => w.part === 'all' && w.tokens === 256)).toBe(true);
    expect(out.tokens).toBe(256 * starts.length);
    // Every window is full, so the loss is the plain mean of the windows' (weighted by tokens).
    const weighted = out.perWindow.reduce((s, w) => s + w.loss * w.tokens, 0) / out.tokens!;
    expect(rel(out.loss!, weighted)).toBeLessThan(1e-12);
    // A window whose ids (inputs and the token after) lie in the part the text and its training
    // part tokenize alike is a training window of the golden: its loss is the float64 one.
    let common = 0;
    while (common < train.length && ids[common] === train[common]) common++;
    const shared = out.perWindow.filter((w) => w.start + 257 <= common);
    expect(shared.length).toBe(verdict.train.windows.length);
    for (const w of shared) {
      const golden = verdict.train.windows.find((g) => g.start === w.start)!;
      expect(rel(w.loss, golden.loss), `window ${w.start}`).toBeLessThan(LOSS_REL);
    }
    // --json adds "windows": {"context", "stride"} (xent --help), with or without --split.
    expect.soft(out.windows).toEqual({ context: 256, stride: 256 });
    expect.soft(out.backend).toBe('cpu');
  });
});

/** An error's message, and that it is one sentence of ours with none of onnxruntime's own text. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/\n/);
  expect(message).toMatch(/\.$/);
  expect(message).not.toMatch(
    /\bORT\b|onnxruntime::|Status Message|MountedFiles|\[E:|\[W:|\.cc:\d|\.h:\d|Error:|at \w+ \(|wasm:\/\//,
  );
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XentInputError);
  const { message } = error as Error;
  expectOneSentence(message);
  return message;
}

/** `xent` exits 1 with one line on stderr: "xent: " and the sentence. */
function expectFailure(run: { code: number; stdout: string; stderr: string }, code = 1): string {
  expect(run.stdout).toBe('');
  expect(run.code).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^xent: /);
  const sentence = lines[0]!.slice('xent: '.length);
  expectOneSentence(sentence);
  return sentence;
}

/** A stand-in hub serving `files` instead of the fixtures' own, for the length of `run`. */
async function withHub<T>(files: HubOptions['files'], run: (server: Hub) => Promise<T>): Promise<T> {
  const server = await startHub({ files });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

// ---- A graph with an input no causal LM export has, written into the protobuf bytes ----

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A length-delimited protobuf field. */
const lenField = (field: number, body: Uint8Array) =>
  concat([Uint8Array.from([...varintBytes(field * 8 + 2), ...varintBytes(body.byteLength)]), body]);
const intField = (field: number, value: number) =>
  Uint8Array.from([...varintBytes(field * 8), ...varintBytes(value)]);
const strField = (field: number, s: string) => lenField(field, new TextEncoder().encode(s));

/**
 * ValueInfoProto {name = 1, type = 2: TypeProto {tensor_type = 1: {elem_type = 1 (1: float),
 * shape = 2: {dim = 1: {dim_value = 1 | dim_param = 2}}}}}.
 */
function tensorInput(name: string, dims: readonly (number | string)[]): Uint8Array {
  const shape = concat(dims.map((d) => lenField(1, typeof d === 'number' ? intField(1, d) : strField(2, d))));
  const tensorType = concat([intField(1, 1), lenField(2, shape)]);
  return concat([strField(1, name), lenField(2, lenField(1, tensorType))]);
}

/** The model with one more graph input (ModelProto.graph = 7, GraphProto.input = 11). */
function withGraphInput(model: Uint8Array, input: Uint8Array): Uint8Array {
  const read = (at: number): [number, number] => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = model[at++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return [value, at];
      scale *= 128;
    }
  };
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < model.byteLength) {
    const start = at;
    const [key, afterKey] = read(at);
    const wire = key % 8;
    let end: number;
    if (wire === 0) end = read(afterKey)[1];
    else if (wire === 1) end = afterKey + 8;
    else if (wire === 5) end = afterKey + 4;
    else if (wire === 2) {
      const [length, body] = read(afterKey);
      end = body + length;
      if (key === 7 * 8 + 2) {
        parts.push(lenField(7, concat([model.subarray(body, end), lenField(11, input)])));
        at = end;
        continue;
      }
    } else throw new Error(`wire type ${wire} at ${start}`);
    parts.push(model.subarray(start, end));
    at = end;
  }
  return concat(parts);
}

describe('refused with one sentence', () => {
  const consoleSpies: ReturnType<typeof vi.spyOn>[] = [];
  beforeAll(() => {
    consoleSpies.push(vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'));
  });
  afterEach(() => {
    // onnxruntime's WebAssembly writes nothing of its own beside the sentence.
    for (const spy of consoleSpies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockClear();
    }
  });
  afterAll(() => {
    for (const spy of consoleSpies) spy.mockRestore();
  });

  const llama = ['lm', hubId('hub-llama'), '--text', 'every effort moves you', '--backend', 'cpu'];

  it('a Llama upload without onnx/model.onnx_data_1 (config.json declares 2 chunks)', async () => {
    await withHub({ 'hub-llama/onnx/model.onnx_data_1': null }, async (server) => {
      const { value: run, requests } = await requestsDuring(server, () =>
        xent([...llama, '--hub', server.base]),
      );
      expect(expectFailure(run)).toBe(
        "fixtures/hub-llama's config.json says its weights are in 2 data files, but onnx/model.onnx_data_1 is not in its folder; the upload is incomplete.",
      );
      // Refused on the HEAD requests, before any weights are downloaded.
      expect(gets(requests, 'hub-llama')).toEqual([]);
    });
  });

  it('… and when config.json does not declare them, from the file the graph names', async () => {
    const config = JSON.parse(await readFile(join(DIR, 'hub-llama', 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config['transformers.js_config']).toEqual({ use_external_data_format: { 'model.onnx': 2 } });
    delete config['transformers.js_config'];
    const files = {
      'hub-llama/config.json': new TextEncoder().encode(JSON.stringify(config)),
      'hub-llama/onnx/model.onnx_data_1': null,
    };
    await withHub(files, async (server) => {
      const { value: run, requests } = await requestsDuring(server, () =>
        xent([...llama, '--hub', server.base]),
      );
      expect(expectFailure(run)).toBe(
        "fixtures/hub-llama's graph onnx/model.onnx keeps its weights in onnx/model.onnx_data_1, which is not in its folder; upload it beside the graph.",
      );
      expect(gets(requests, 'hub-llama')).not.toContain('onnx/model.onnx_data_1');
    });
  });

  it.each([
    ['onnx/model.onnx_data', 1_000_000],
    ['onnx/model.onnx_data_1', 16_380],
  ])('a Llama upload whose %s is cut to %i bytes (and the server says so)', async (file, keep) => {
    const full = await readFile(join(DIR, 'hub-llama', file));
    expect(full.byteLength).toBeGreaterThan(keep);
    const short = new Uint8Array(full.subarray(0, keep));
    await withHub({ [`hub-llama/${file}`]: short }, async (server) => {
      const { value: run, requests } = await requestsDuring(server, () =>
        xent([...llama, '--hub', server.base]),
      );
      // The download itself is whole (Content-Length is the short size), so it is onnxruntime that
      // finds the tensors running past the file's end; its refusal is said in one sentence.
      expect(gets(requests, 'hub-llama')).toContain(file);
      expect(expectFailure(run)).toBe(
        'The weights of onnx/model.onnx are in a separate data file that onnxruntime could not read; download the model again.',
      );
    });
  });

  it('a graph with an input the lab cannot fill (hub-llama’s graph plus pixel_values)', async () => {
    const graph = new Uint8Array(await readFile(join(DIR, 'hub-llama', 'onnx', 'model.onnx')));
    const edited = withGraphInput(graph, tensorInput('pixel_values', ['batch_size', 3, 224, 224]));
    await withHub({ 'hub-llama/onnx/model.onnx': edited }, async (server) => {
      const lm = await loadModel(hubId('hub-llama'), hubFiles('hub-llama', server), ort);
      try {
        // onnxruntime opened the edited graph, which declares the extra input.
        expect(lm.session.inputNames).toContain('pixel_values');
        expect(lm.session.inputNames).toContain('num_logits_to_keep');
        expect(await refusal(scoreTexts(lm, ['every effort moves you']))).toBe(
          "fixtures/hub-llama needs the input pixel_values, which this lab does not know how to fill; only causal LMs exported the hub's way (Optimum, transformers.js) are supported.",
        );
      } finally {
        await lm.session.release();
      }
      const run = await xent([...llama, '--hub', server.base]);
      expect(expectFailure(run)).toMatch(/^fixtures\/hub-llama needs the input pixel_values, /);
    });
  });

  it('a model over the size limit, refused before its weights are downloaded', async () => {
    const huge = 4 * 2 ** 30;
    const { files, calls } = recorded(hubFiles('hub-llama'), {
      size: (file) => (file === 'onnx/model.onnx_data' ? huge : undefined),
    });
    const message = await refusal(loadModel(hubId('hub-llama'), files, ort));
    const graph = hubGolden.models['hub-llama']!.files['onnx/model.onnx']!.bytes;
    const total = huge + graph + 16_384;
    expect(total).toBeGreaterThan(MAX_MODEL_BYTES);
    expect(message).toBe(
      `fixtures/hub-llama's weights are ${(total / 1e9).toFixed(2)} GB, more than a browser's WebAssembly memory can hold with the computation (1.1 GB at most); choose a smaller model or a quantized precision.`,
    );
    expect(message).toContain('4.30 GB');
    expect(calls).toContain('size onnx/model.onnx_data');
    expect(calls.filter((c) => c.startsWith('bytes '))).toEqual([]);
  });

  it('a precision the folder lacks, with the files tried', async () => {
    const message = await refusal(loadModel(hubId('hub-gpt2'), hubFiles('hub-gpt2'), ort, {}, 'q4'));
    expect(message).toMatch(/^fixtures\/hub-gpt2 has no ONNX file at this precision \(4-bit weights\): /);
    expect(message).toContain(
      'none of onnx/model_q4.onnx, onnx/decoder_model_merged_q4.onnx, onnx/decoder_model_q4.onnx is in its folder',
    );
    expect(message).toMatch(/; choose another precision or model\.$/);
  });

  it('--context longer than the model reads (n_positions 1024)', async () => {
    const run = await xent([
      'lm',
      hubId('hub-gpt2'),
      '--hub',
      hub.base,
      '--file',
      VERDICT,
      '--context',
      '2048',
      '--backend',
      'cpu',
    ]);
    expect(expectFailure(run)).toBe(
      'A context of 2048 tokens is longer than the 1024 positions the model reads; give --context 1024 or less.',
    );
  });

  describe('a text of 256 tokens is too short for a window of 256; 257 is enough', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'xent-lm-hub-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const runFile = async (tokens: number) => {
      // " the" is one GPT-2 token, and each is its own piece for the pre-tokenizer.
      const text = 'the' + ' the'.repeat(tokens - 1);
      expect(r50kEncode(text)).toHaveLength(tokens);
      const path = join(dir, `${tokens}.txt`);
      await writeFile(path, text);
      return xent(['lm', hubId('hub-gpt2'), '--hub', hub.base, '--file', path, '--json', '--backend', 'cpu']);
    };

    it('256 tokens', async () => {
      expect(expectFailure(await runFile(256))).toBe(
        'The text has 256 tokens; a window of 256 needs 257 or more (its inputs and the token after them). Give a longer text or a smaller --context.',
      );
    });

    it('257 tokens: one window', async () => {
      const run = await runFile(257);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as LongTextJson;
      expect(out.perWindow.map((w) => [w.start, w.tokens])).toEqual([[0, 256]]);
      expect(out.tokens).toBe(256);
    });
  });

  it.each([
    [['--split', '1.5'], "--split must be a fraction between 0 and 1 such as 0.9, not '1.5'."],
    [['--context', '0'], "--context must be a whole number of tokens, 1 or more, not '0'."],
  ])('%j is a usage error (exit 2)', async (option, sentence) => {
    const run = await xent(['lm', hubId('hub-gpt2'), '--hub', hub.base, '--file', VERDICT, ...option]);
    expect(expectFailure(run, 2)).toBe(sentence);
  });
});
