/**
 * Training speed of the live-training panel (stage 7) in headless Chromium with WebGPU
 * (SwiftShader where there is no GPU):
 *
 *   node scripts/bench/run-train.mjs [--dist DIR] [--steps N] [--dim D] [--tokens T] [--json PATH]
 *
 * Serves the BUILT site (dist/ by default) with scripts/serve.mjs, opens stage 7, puts the first
 * T (default 256) GPT-2 tokens of the panel's default text in its text box (decoded from the
 * tokens, so the page tokenizes them back to the same T), picks d (default 64), takes one step
 * (pipelines compiled, buffers made) and then trains N (default 20) steps with Train. Steps per
 * second = N / (wall time from pressing Train to the page showing step 1 + N): a step is the
 * forward, the fused softmax cross-entropy, the backward and Adam on the GPU, the per-position
 * losses read back, plus the validation loss (15% held out) and the page's repaint.
 *
 * Also reported: the validation loss after the first step, at its lowest (from the loss chart's
 * description) and at the end, which shows over-fitting once there are enough steps; and a
 * ceiling: the page's WebGPU device runs fma-peak.wgsl (multiply-adds with no memory traffic),
 * and ceiling steps/s = that rate / the multiply-adds a step needs, 3·R·d·V for training plus
 * R_val·d·V for the validation pass (R = distinct input tokens). No implementation of this exact
 * full-batch step can beat it on that device. Writes bench-results/train.json. Not a test:
 * nothing is asserted.
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
  const o = { dist: 'dist', steps: 20, dim: 64, tokens: 256, json: 'bench-results/train.json' };
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

/** Distinct input tokens of the training and held-out positions, split as src/train/plan.ts does. */
function distinctInputs(tokenIds, valFraction) {
  const n = tokenIds.length - 1;
  const nVal = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(valFraction * n)));
  const cut = n - nVal;
  return {
    train: new Set(tokenIds.slice(0, cut)).size,
    val: new Set(tokenIds.slice(cut, n)).size,
  };
}

/** Multiply-adds per second of fma-peak.wgsl on the page's WebGPU device (best of 3 runs). */
async function fmaPeak(page) {
  const code = readFileSync(resolve(root, 'scripts/bench/fma-peak.wgsl'), 'utf8');
  return page.evaluate(async (code) => {
    const adapter = await navigator.gpu.requestAdapter();
    const device = await adapter.requestDevice();
    const groups = 256;
    const threads = 64 * groups;
    const out = device.createBuffer({ size: threads * 16, usage: GPUBufferUsage.STORAGE });
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: out } }],
    });
    let best = Infinity;
    for (let run = 0; run < 4; run++) {
      const t0 = performance.now();
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groups);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      // The first run compiles the pipeline: not counted.
      if (run > 0) best = Math.min(best, performance.now() - t0);
    }
    device.destroy();
    return (threads * 2000 * 64) / (best / 1000);
  }, code);
}

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
  const valAfterFirst = Number(await page.getByTestId('val-loss').textContent());
  const t1 = Date.now();
  await panel.getByRole('button', { name: 'Train' }).click();
  await step.filter({ hasText: new RegExp(`^${1 + options.steps}$`) }).waitFor({ timeout: 1_800_000 });
  const elapsed = Date.now() - t1;
  await panel.getByRole('button', { name: 'Pause' }).click();
  const pageRate = await page.getByTestId('steps-per-second').textContent();
  const loss = await page.getByTestId('train-loss').textContent();
  const valEnd = Number(await page.getByTestId('val-loss').textContent());
  const chart = (await panel.locator('.training-chart svg title').textContent()) ?? '';
  const lowest = chart.match(/lowest ([\d.]+) at step (\d+)/);
  const peak = await fmaPeak(page);
  const rows = distinctInputs(ids, 0.15);
  const V = 50257;
  const fmaPerStep = (3 * rows.train + rows.val) * options.dim * V;
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
    valLossAfterStep1: valAfterFirst,
    valLossLowest: lowest ? Number(lowest[1]) : null,
    valLossLowestStep: lowest ? Number(lowest[2]) : null,
    valLossAfter: valEnd,
    multiplyAddsPerStep: fmaPerStep,
    achievedMultiplyAddsPerSecond: (fmaPerStep * options.steps * 1000) / elapsed,
    peakMultiplyAddsPerSecond: peak,
    ceilingStepsPerSecond: peak / fmaPerStep,
  };
  mkdirSync(dirname(resolve(root, options.json)), { recursive: true });
  writeFileSync(resolve(root, options.json), JSON.stringify(report, null, 2) + '\n');
  console.table({
    'steps/s (page)': report.stepsPerSecond.toFixed(2),
    'ms per step': report.msPerStep.toFixed(0),
    'first step (ms)': firstStepMs,
    'multiply-adds per step (G)': (fmaPerStep / 1e9).toFixed(2),
    'achieved G multiply-adds/s': (report.achievedMultiplyAddsPerSecond / 1e9).toFixed(2),
    'peak G multiply-adds/s (fma-peak.wgsl)': (peak / 1e9).toFixed(2),
    'ceiling steps/s': report.ceilingStepsPerSecond.toFixed(2),
    'validation loss: step 1 → lowest (step) → end': `${valAfterFirst} → ${report.valLossLowest} (${report.valLossLowestStep}) → ${valEnd}`,
  });
  console.log(`wrote ${options.json}`);
} finally {
  await browser.close();
  server.close();
}
