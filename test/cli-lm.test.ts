/**
 * `xent lm MODEL --text …`: a pretrained model from a folder on disk, or by hub id from a server
 * that lays files out as the hub does (`{base}/{id}/resolve/main/{file}`, here on loopback with
 * the tiny fixtures), scored to PyTorch's numbers; bad models exit 1 with one line on stderr.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xent } from './cli-run';
import { startHub, type Hub } from '../scripts/hub-server.mjs';

const DIR = join(import.meta.dirname, 'fixtures', 'lm');
const golden = JSON.parse(await readFile(join(DIR, 'golden.json'), 'utf8')) as {
  models: Record<string, { cases: { name: string; texts: string[]; inputIds: number[][]; loss: number }[] }>;
};
const bookCase = (model: string, name: string) => golden.models[model]!.cases.find((c) => c.name === name)!;

/** The hub's URL layout over the fixtures (scripts/hub-server.mjs). */
let server: Hub;
let hub: string;
let requests: string[] = [];
beforeAll(async () => {
  server = await startHub();
  hub = server.base;
  requests = server.requests;
});
afterAll(() => server.close());

describe('xent lm', () => {
  it('scores a text from a model folder as PyTorch does, with the ids it scored (--json)', async () => {
    const c = bookCase('tiny-gpt2', 'book-1');
    const run = await xent([
      'lm',
      join(DIR, 'tiny-gpt2'),
      '--text',
      c.texts[0]!,
      '--json',
      '--backend',
      'cpu',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      loss: number;
      model: string;
      inputs: number[][];
      shape: number[];
      backend: string;
    };
    expect(out.inputs).toEqual(c.inputIds);
    expect(out.inputs[0]![0]).toBe(50256); // <|endoftext|> first, so the first typed token is scored
    expect(out.shape).toEqual([1, 4, 50257]);
    expect(out.model).toBe(join(DIR, 'tiny-gpt2'));
    expect(out.backend).toBe('cpu');
    expect(Math.abs(out.loss - c.loss) / c.loss).toBeLessThan(1e-5);
  });

  it('by hub id from the hub base gives the same numbers, on WebGPU too', async () => {
    const c = bookCase('tiny-qwen', 'batch-right-padded');
    const args = ['--text', c.texts[0]!, '--text', c.texts[1]!, '--json'];
    const local = await xent(['lm', join(DIR, 'tiny-qwen'), ...args, '--backend', 'cpu']);
    const before = requests.length;
    const remote = await xent(['lm', 'fixtures/tiny-qwen', '--hub', hub, ...args, '--backend', 'webgpu']);
    expect(remote.stderr).toBe('');
    // The graph's size is asked once (HEAD) before its download, and whether a data file lies
    // beside it (a 404 here); nothing is fetched twice.
    expect(requests.slice(before).sort()).toEqual([
      ...['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'].map(
        (f) => `GET /fixtures/tiny-qwen/resolve/main/${f}`,
      ),
      'HEAD /fixtures/tiny-qwen/resolve/main/onnx/model.onnx',
      'HEAD /fixtures/tiny-qwen/resolve/main/onnx/model.onnx_data',
    ]);
    const a = JSON.parse(local.stdout) as { loss: number; inputs: number[][]; model: string };
    const b = JSON.parse(remote.stdout) as {
      loss: number;
      inputs: number[][];
      model: string;
      backend: string;
    };
    expect(b.backend).toBe('webgpu');
    expect(b.model).toBe('fixtures/tiny-qwen');
    expect(b.inputs).toEqual(a.inputs);
    expect(Math.abs(b.loss - c.loss) / c.loss).toBeLessThan(1e-5);
    expect(Math.abs(a.loss - c.loss) / c.loss).toBeLessThan(1e-5);
  });

  it('prints the model, the texts with their start token, and each target’s text', async () => {
    const run = await xent([
      'lm',
      join(DIR, 'tiny-gpt2'),
      '--text',
      'every effort moves you',
      '--backend',
      'cpu',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^model {7}.*tiny-gpt2 \(gpt2, vocab 50257, onnxruntime-web\)$/m);
    expect(run.stdout).toContain(
      'text 1      "every effort moves you": 4 tokens after the start token "<|endoftext|>" (50256)',
    );
    expect(run.stdout).toMatch(/^\s+0\s+0\s+16833\s.*\s"every"$/m);
    expect(run.stdout).toMatch(/^\s+0\s+3\s+345\s.*\s" you"$/m);
  });

  it.each([
    [
      ['lm', 'fixtures/missing-model', '--text', 'a'],
      /^xent: config\.json was not found at http:\/\/127\.0\.0\.1:\d+\/fixtures\/missing-model\/resolve\/main\/config\.json \(HTTP 404\); check the model id or the folder URL/,
    ],
    [
      ['lm', 'http://example.org/models/gpt2/', '--text', 'a'],
      /^xent: Only https: model URLs are accepted, not http:; serve the model over https\.$/,
    ],
    [
      ['lm', '/no/such/folder', '--text', 'a'],
      /^xent: \/no\/such\/folder is not a folder on this machine; give a model folder, its https URL or a hub id\.$/,
    ],
    [
      ['lm', 'not a model', '--text', 'a'],
      /^xent: 'not a model' is neither a hub id \(owner\/name\) nor a URL;/,
    ],
  ])('a bad model exits 1 with one line: %j', async (argv, message) => {
    const run = await xent([...argv, '--hub', hub]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it.each([
    [['lm', join(DIR, 'tiny-gpt2')], /^xent: Give a text to score with --text "…"/],
    [['lm', '--text', 'a'], /^xent: Give a MODEL, e\.g\./],
    [
      ['lm', 'a/b', '--text', '1', '--text', '2', '--text', '3'],
      /^xent: Give at most 2 texts \(--text twice\), not 3\.$/,
    ],
  ])('a usage error exits 2: %j', async (argv, message) => {
    const run = await xent(argv);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd()).toMatch(message);
  });
});
