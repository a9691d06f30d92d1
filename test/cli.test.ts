/**
 * The `xent` command, through `main(argv, io)`: what it prints, and its exit status. The
 * WebGPU runs use Dawn (the `webgpu` package) on whatever Vulkan driver the machine has.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { GpuLoad } from '../src/cli/main';
import { targetsPathFor } from '../src/cli/read-input';
import { xent, type Run } from './cli-run';
import { FILES_DIR } from './fixtures/logits-files';

const BOOK = fileURLToPath(new URL('../public/examples/ch05-untrained-gpt2-logits.npz', import.meta.url));

/** What PyTorch computes from the book's logits (scripts/fixtures/make_files.py). */
const golden = JSON.parse(readFileSync(FILES_DIR + 'book.json', 'utf8')) as {
  loss: number;
  perplexity: number;
  targets: number[];
  tokenLoss: number[];
  rank: number[];
};

/** A WebGPU entry point with no adapter, as on a blocklisted GPU. */
const noAdapter = async (): Promise<GpuLoad> => ({
  gpu: { requestAdapter: async () => null } as unknown as GPU,
});

function expectOneErrorLine(run: Run, code: number, message: string | RegExp) {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(run.stderr).toBe(`xent: ${message}\n`);
  else expect(run.stderr).toMatch(message);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('xent score on the CPU', () => {
  test('the book example prints loss 10.7940 and perplexity, shape and back end', async () => {
    const run = await xent(['score', BOOK, '--backend', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('loss        10.7940 nats  (mean of -log p(target) over 6 of 6 tokens)');
    expect(lines).toContain(`perplexity  ${golden.perplexity.toFixed(4)}  (e^loss)`);
    expect(lines).toContain('shape       (2, 3, 50257)  batch 2 × tokens 3 × vocab 50257');
    expect(lines).toContain('backend     CPU');
    // One table line per token: batch, position, target, …, rank.
    const rows = lines.filter((l) => /^\s+\d+\s+\d+\s+\d+\s/.test(l)).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => Number(r[2]))).toEqual(golden.targets);
    expect(rows.map((r) => Number(r[6]))).toEqual(golden.rank);
  });

  test('--json prints exactly one JSON object of the documented shape, matching PyTorch', async () => {
    const run = await xent(['score', BOOK, '--json', '--backend=cpu']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['loss', 'perplexity', 'shape', 'backend', 'tokens']);
    expect(out.shape).toEqual([2, 3, 50257]);
    expect(out.backend).toBe('cpu');
    expect(relative(out.loss, golden.loss)).toBeLessThan(1e-12);
    expect(relative(out.perplexity, golden.perplexity)).toBeLessThan(1e-12);
    expect(out.tokens).toHaveLength(6);
    out.tokens.forEach((t: Record<string, unknown>, r: number) => {
      expect(Object.keys(t)).toEqual([
        'batch',
        'position',
        'target',
        'ignored',
        'prob',
        'logProb',
        'loss',
        'rank',
      ]);
      expect(t).toMatchObject({
        batch: Math.floor(r / 3),
        position: r % 3,
        target: golden.targets[r],
        ignored: false,
      });
      expect(relative(t.loss as number, golden.tokenLoss[r]!)).toBeLessThan(1e-12);
      expect(t.logProb).toBe(-(t.loss as number));
      expect(relative(t.prob as number, Math.exp(-golden.tokenLoss[r]!))).toBeLessThan(1e-12);
      expect(t.rank).toBe(golden.rank[r]);
    });
  });

  test('logits.npy is read with targets.npy beside it; safetensors too', async () => {
    const pair = await xent(['score', FILES_DIR + 'pair/logits.npy', '--backend', 'cpu', '--json']);
    const npz = await xent(['score', FILES_DIR + 'stored.npz', '--backend', 'cpu', '--json']);
    const st = await xent(['score', FILES_DIR + 'plain.safetensors', '--backend', 'cpu', '--json']);
    expect([pair.code, npz.code, st.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(pair.stdout)).toEqual(JSON.parse(npz.stdout));
    expect(JSON.parse(st.stdout)).toEqual(JSON.parse(npz.stdout));
  });

  test('--ignore-index leaves those targets out of the mean', async () => {
    const run = await xent(['score', FILES_DIR + '2d.npz', '--backend', 'cpu', '--json']);
    const out = JSON.parse(run.stdout);
    expect(out.tokens.map((t: { ignored: boolean }) => t.ignored)).toEqual([false, true, false, false]);
    expect(out.tokens[1]).toMatchObject({ target: -100, prob: null, loss: null, rank: null });
    const kept = out.tokens
      .filter((t: { ignored: boolean }) => !t.ignored)
      .map((t: { loss: number }) => t.loss);
    expect(out.loss).toBeCloseTo(kept.reduce((a: number, b: number) => a + b, 0) / 3, 12);
    expectOneErrorLine(
      await xent(['score', FILES_DIR + '2d.npz', '--backend', 'cpu', '--ignore-index', '0']),
      1,
      'target -100 at (batch 0, position 1) is outside the vocabulary [0, 5) and is not ignore_index 0; save token ids below 5 from the tokenizer of the model that made the logits, and mark padding with 0.',
    );
  });
});

describe('xent failures: one line on stderr, non-zero exit', () => {
  test('bad files', async () => {
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'bad-nan.npz']),
      1,
      'logits has NaN at (batch 1, position 2, token 5); logits must be finite numbers or -inf (for masked tokens).',
    );
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'bad-shape-mismatch.npz', '--backend', 'cpu']),
      1,
      'targets has shape (1, 3) but logits has (1, 4, 100): they must agree on (batch, tokens).',
    );
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'bad-truncated.npz']),
      1,
      /^xent: The \.npz archive is truncated/,
    );
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'bad-unknown.bin']),
      1,
      /is not a format this tool reads; give \.npz/,
    );
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'nope.npz']),
      1,
      `${FILES_DIR}nope.npz does not exist.`,
    );
    expectOneErrorLine(await xent(['score', FILES_DIR]), 1, /is a directory; give an \.npz/);
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'v3-targets.npy']),
      1,
      /is a single \.npy array; name it logits\.npy/,
    );
    expectOneErrorLine(
      await xent(['score', FILES_DIR + 'v2-logits.npy']),
      1,
      `${FILES_DIR}v2-logits.npy needs its targets beside it, but ${FILES_DIR}v2-targets.npy does not exist; save them there with np.save.`,
    );
  });

  test('usage errors exit with 2; --help exits with 0', async () => {
    expectOneErrorLine(await xent([]), 2, /^xent: Give a command/);
    expectOneErrorLine(await xent(['frob']), 2, "Unknown command 'frob'; run `xent --help` for usage.");
    expectOneErrorLine(await xent(['score']), 2, /^xent: Give a FILE to score/);
    expectOneErrorLine(await xent(['score', 'a.npz', 'b.npz']), 2, /^xent: Give one FILE to score/);
    expectOneErrorLine(
      await xent(['score', 'a.npz', '--backend', 'tpu']),
      2,
      "--backend must be webgpu or cpu, not 'tpu'.",
    );
    expectOneErrorLine(await xent(['score', 'a.npz', '--backend']), 2, /^xent: --backend needs a value/);
    expectOneErrorLine(
      await xent(['score', 'a.npz', '--ignore-index', '1.5']),
      2,
      /must be an integer, not '1\.5'/,
    );
    expectOneErrorLine(await xent(['score', 'a.npz', '--fast']), 2, /^xent: Unknown option '--fast'/);
    const help = await xent(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(
      /^Usage:\n {2}xent score FILE \[--backend webgpu\|cpu\] \[--json\] \[--ignore-index N\]$/m,
    );
    expect((await xent(['score', '-h'])).stdout).toBe(help.stdout);
  });

  test('--backend webgpu without an adapter says so and fails; without --backend the CPU is used', async () => {
    expectOneErrorLine(
      await xent(['score', BOOK, '--backend', 'webgpu'], noAdapter),
      1,
      /^xent: WebGPU was requested but is unavailable: WebGPU is present but offers no adapter/,
    );
    expectOneErrorLine(
      await xent(['score', BOOK, '--backend', 'webgpu'], async () => ({
        gpu: null,
        reason: 'no webgpu package',
      })),
      1,
      'WebGPU was requested but is unavailable: no webgpu package.',
    );
    // Where the machine lacks the Vulkan loader, the line names the package and its install.
    const missing =
      'the Vulkan loader libvulkan.so.1 is not installed; install it with `apt-get install -y libvulkan1`';
    const noLoader = async (): Promise<GpuLoad> => ({
      gpu: { requestAdapter: async () => null } as unknown as GPU,
      setupProblem: missing,
    });
    expectOneErrorLine(
      await xent(['score', BOOK, '--backend', 'webgpu'], noLoader),
      1,
      `WebGPU was requested but is unavailable: WebGPU is present but offers no adapter (the GPU may be blocklisted or disabled): ${missing}.`,
    );
    expect((await xent(['score', BOOK], noLoader)).stdout).toContain(
      `(WebGPU unavailable: WebGPU is present but offers no adapter (the GPU may be blocklisted or disabled): ${missing})`,
    );
    const auto = await xent(['score', BOOK], noAdapter);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toMatch(
      /^backend {5}CPU \(WebGPU unavailable: WebGPU is present but offers no adapter/m,
    );
    expect(auto.stdout).toContain('loss        10.7940 nats');
  });

  test('targets.npy is found beside logits.npy by name', () => {
    expect(targetsPathFor('/data/logits.npy')).toBe('/data/targets.npy');
    expect(targetsPathFor('run1.logits.npy')).toBe('run1.targets.npy');
    expect(targetsPathFor('/logits/scores.npy')).toBeNull();
  });
});

describe('xent score on WebGPU (Dawn)', () => {
  test('--backend webgpu agrees with PyTorch within 1e-5 relative', async () => {
    const run = await xent(['score', BOOK, '--backend', 'webgpu', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.backend).toBe('webgpu');
    expect(out.shape).toEqual([2, 3, 50257]);
    expect(relative(out.loss, golden.loss)).toBeLessThan(1e-5);
    expect(relative(out.perplexity, golden.perplexity)).toBeLessThan(1e-4);
    expect(out.tokens.map((t: { rank: number }) => t.rank)).toEqual(golden.rank);
    out.tokens.forEach((t: { loss: number }, r: number) => {
      expect(relative(t.loss, golden.tokenLoss[r]!)).toBeLessThan(1e-5);
    });
  });

  test('without --backend, the text names the WebGPU adapter and prints loss 10.7940', async () => {
    const run = await xent(['score', BOOK]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^backend {5}WebGPU · /m);
    expect(run.stdout).toContain('loss        10.7940 nats');
  });
});

describe('bin/xent.mjs', () => {
  test('without a build, it says to build first and exits with 1', async () => {
    const { mkdtempSync, mkdirSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const root = mkdtempSync(tmpdir() + '/xent-bin-');
    mkdirSync(root + '/bin');
    copyFileSync(fileURLToPath(new URL('../bin/xent.mjs', import.meta.url)), root + '/bin/xent.mjs');
    const run = spawnSync(process.execPath, [root + '/bin/xent.mjs', 'score', BOOK], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Run `npm run build` first.\n');
  });
});
