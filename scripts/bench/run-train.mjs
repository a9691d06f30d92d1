/**
 * Training speed of the live-training panel (stage 7) in headless Chromium with WebGPU
 * (SwiftShader where there is no GPU):
 *
 *   node scripts/bench/run-train.mjs [--dist DIR] [--steps N] [--dim D] [--tokens T] [--json PATH]
 *
 * Serves the BUILT site (dist/ by default) with scripts/serve.mjs, opens stage 7, puts the first
 * T (default 256) GPT-2 tokens of the panel's default text in its text box (decoded from the
 * tokens, so the page tokenizes them back to the same T), picks d (default 64), takes one step
 * (pipelines compiled, buffers made) and then trains N (default 5) steps with Train. Steps per
 * second = N / (wall time from pressing Train to the page showing step 1 + N): a step is the
 * forward, the fused softmax cross-entropy, the backward and Adam on the GPU, the per-position
 * losses read back, plus the validation loss (15% held out) and the page's repaint. Writes
 * bench-results/train.json. Not a test: nothing is asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { decode, encode } from 'gpt-tokenizer/encoding/gpt2';
import { startServer } from '../serve.mjs';
import { CHROMIUM_ARGS, executablePath } from '../chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE =
  'usage: node scripts/bench/run-train.mjs [--dist DIR] [--steps N] [--dim 8|16|32|64] [--tokens T] [--json PATH]';

function parseArgs(argv) {
  const o = { dist: 'dist', steps: 5, dim: 64, tokens: 256, json: 'bench-results/train.json' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const v = inline ?? argv[++i];
    if (flag === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    if (v === undefined) throw new Error(`${flag} needs a value.\n${USAGE}`);
    if (flag === '--dist' || flag === '--json') o[flag.slice(2)] = v;
    else if (['--steps', '--dim', '--tokens'].includes(flag)) o[flag.slice(2)] = Number(v);
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return o;
}

/** The default text from its module (a template literal), without importing TypeScript. */
function defaultText() {
  const source = readFileSync(resolve(root, 'src/train/default-text.ts'), 'utf8');
  return source.match(/DEFAULT_TEXT = `([\s\S]*?)`;/)[1];
}

const options = parseArgs(process.argv.slice(2));
const ids = encode(defaultText()).slice(0, options.tokens);
const text = decode(ids);
if (encode(text).length !== ids.length)
  throw new Error('the decoded text does not tokenize back to the same length');

const { server, url } = await startServer({ dir: resolve(root, options.dist), port: 0 });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.getByTestId('loss').waitFor();
  await page
    .getByRole('navigation', { name: 'Stages' })
    .getByRole('button', { name: /stage 7 of 7/ })
    .click();
  const panel = page.getByRole('region', { name: 'Train a model yourself' });
  await panel.getByLabel('Text to learn from').fill(text);
  await panel.getByLabel('Embedding width d').selectOption(String(options.dim));
  const adapter = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a
      ? [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' · ')
      : 'none';
  });
  const step = page.getByTestId('train-step');
  const t0 = Date.now();
  await panel.getByRole('button', { name: 'Step', exact: true }).click();
  await step.filter({ hasText: /^1$/ }).waitFor({ timeout: 600_000 });
  const firstStepMs = Date.now() - t0;
  const info = await panel.locator('.training-info').first().textContent();
  const t1 = Date.now();
  await panel.getByRole('button', { name: 'Train' }).click();
  await step.filter({ hasText: new RegExp(`^${1 + options.steps}$`) }).waitFor({ timeout: 1_800_000 });
  const elapsed = Date.now() - t1;
  await panel.getByRole('button', { name: 'Pause' }).click();
  const pageRate = await page.getByTestId('steps-per-second').textContent();
  const loss = await page.getByTestId('train-loss').textContent();
  const report = {
    date: new Date().toISOString(),
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    browser: browser.version(),
    adapter,
    dim: options.dim,
    tokens: ids.length,
    setup: info,
    firstStepMs,
    steps: options.steps,
    stepsPerSecond: (1000 * options.steps) / elapsed,
    msPerStep: elapsed / options.steps,
    pageStepsPerSecond: Number(pageRate),
    trainLossAfter: Number(loss),
  };
  mkdirSync(dirname(resolve(root, options.json)), { recursive: true });
  writeFileSync(resolve(root, options.json), JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  server.close();
}
