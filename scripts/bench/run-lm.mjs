#!/usr/bin/env node
/**
 * `npm run bench:lm [-- flags]`: the pretrained-model source's speed, in Node and in the page.
 * Prints Markdown tables and writes JSON (default bench-results/lm.json).
 *
 * 1. Node (scripts/bench/lm-node.ts, bundled here by Vite into dist-bench/lm-node): a random model
 *    with GPT-2 small's exact shapes (12 layers, 12 heads, d = 768, V = 50,257, 1,024 positions;
 *    124.4 M parameters, 0.5 GB of float32), made locally by scripts/bench/make_gpt2_shaped.py into
 *    .cache/bench-models/gpt2-shaped (not committed; made here on first run when missing). One
 *    text of T tokens, batch 1, for each T of --tokens (default 32 and 256): the forward pass on
 *    onnxruntime-web's WebAssembly back end with one thread (as `xent lm` runs it), then the loss
 *    of its logits on the engine (WebGPU through Dawn) and on the float64 CPU twin, each timed
 *    apart. One warm-up run per T, then --runs timed runs (default 5 at T = 32, 3 at T = 256):
 *    median and p95 (nearest rank: with 3 or 5 runs, the slowest). Also the bytes of logits the
 *    forward pass produces, (1, T, V) float32 = T × V × 4.
 *    Then the same forward passes on --threads ORT threads (worker threads; default min(4, cores)),
 *    the loss on the CPU twin only, in a second process (each thread count runs in a process of
 *    its own: ORT's first session fixes the count): ms per token and the speed-up. Per process,
 *    its peak resident memory while loading and overall against model.onnx's bytes, and the time
 *    to the Verdict's two losses (the book's Exercise 5.5, public/examples/the-verdict.txt in
 *    windows of 256 tokens split at 0.9, the loss on the CPU twin; --no-verdict skips it).
 *
 * 2. Browser: the built site (--dist, default dist; build it first, e.g.
 *    `npx vite build --outDir dist-bench/site`) served by scripts/serve.mjs, and a stand-in hub on
 *    loopback serving test/fixtures/lm at {base}/fixtures/{model}/resolve/main/{file} (the logic
 *    of scripts/hub-server.mjs, files sent at once). Headless Chromium (scripts/chromium.mjs: the flags
 *    of playwright.config.ts, WebGPU on), the hub base set in localStorage ('xent-hub-base') as a
 *    reader would. Per run (--browser-runs, default 3), in a new browser context (empty HTTP
 *    cache, Cache API and service workers):
 *      cold   the page opened, the book's loss on screen, the service worker installed; the source
 *             "A pretrained model on your text" chosen, the texts of golden.json's
 *             batch-right-padded case typed, fixtures/tiny-gpt2 typed in the model box; then the
 *             click on "Load model" → the frame that shows the model's loss: performance.now() in
 *             a capturing click listener, then a MutationObserver that sees [data-testid=shape]
 *             read the model's (2, T − 1, 50257) and [data-testid=loss] a new number, then
 *             requestAnimationFrame → MessageChannel (the first task after that frame's paint).
 *             Included: the model files from the hub (4.6 MB), ORT's .wasm (14 MB) from the site
 *             and its compilation in the forward worker, the session, the forward pass, the loss
 *             on WebGPU and the repaint.
 *      warm   the same page opened again in the same context (a new document, no hash), the same
 *             steps: the model files now come from the Cache API (xent-models-v1) and the .wasm
 *             from the service worker's cache.
 *    Reported: median, p95, min and max of each, the page's loss against PyTorch's (golden.json),
 *    and what the page says about where the model came from. Also, after the click: when the last
 *    model file from the hub arrived (Resource Timing on the main thread), and when the response of
 *    ORT's .wasm, fetched by the forward worker, was done (Playwright's request events, wall
 *    clock; ORT compiles it while streaming, so this is close to the end of its compilation).
 *
 * 3. Browser forward (bench/lm.html + bench/lm.ts, built with bench/vite.config.ts into
 *    dist-bench/lm-web; served with the Node model folder at /model/ by a loopback server here):
 *    the GPT-2-shaped model's forward pass plus its loss in headless Chromium, one text of T
 *    tokens (batch 1) for each T of --tokens, on the page's two paths, each in a fresh page:
 *      webgpu  WebGpuForward (src/app/compute/lm-webgpu.ts) on the engine's GPUDevice, logits
 *              kept on the GPU and adopted GPU → GPU, then engine.scoreUploaded.
 *      wasm    onnxruntime-web/wasm, one thread, as lm-forward.worker.ts but on the page's main
 *              thread, then engine.upload + engine.scoreUploaded.
 *    One warm-up run per T, then --forward-runs timed runs (default 3 at T = 32, 2 at T = 256):
 *    median and p95 of forward ms and loss ms, and the bytes the engine read back per text.
 *
 * Flags:
 *   --only node|browser|browser-forward   one part only (browser = parts 2 and 3)
 *   --model DIR            the Node model folder (default .cache/bench-models/gpt2-shaped)
 *   --tokens T[,T...]      sequence lengths, start token included (default 32,256)
 *   --runs N[,N...]        timed runs per length after the warm-up: one for all, or one per T (default 5,3)
 *   --dist DIR             the built site (default dist)
 *   --browser-runs N       cold + warm pairs (default 3)
 *   --threads N            ORT threads of the Node part's threaded run; 1: none (default min(4, cores))
 *   --no-verdict           skip the Verdict's two losses in the Node part
 *   --json PATH            the JSON (default bench-results/lm.json)
 *
 * These are this machine's numbers; nothing is asserted about them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, executablePath } from '../chromium.mjs';
import { stats } from './stats.mjs';
import { FIXTURE_DIR, startHub } from '../hub-server.mjs';
import { startServer, TYPES } from '../serve.mjs';
import { emit } from './cli.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_JSON = 'bench-results/lm.json';
const DEFAULT_MODEL = '.cache/bench-models/gpt2-shaped';
const MAKE_SCRIPT = 'scripts/bench/make_gpt2_shaped.py';
const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const BROWSER_MODEL = 'fixtures/tiny-gpt2';
const GOLDEN_CASE = 'batch-right-padded';
const BOOK_LOSS = '10.7940';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** How long one load may take before the run is given up (ms). */
const LOAD_TIMEOUT_MS = 180_000;
const VERDICT_FILE = 'public/examples/the-verdict.txt';
/** ORT's threads in the threaded Node run: as the page's cap (src/app/compute/wasm-threads.ts). */
const MAX_THREADS = 4;
const PYTHON = process.env.PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const USAGE = `usage: node scripts/bench/run-lm.mjs [flags]
  --only node|browser|browser-forward   one part only (browser = the load and the forward parts)
  --forward-paths P[,P]  browser forward paths, webgpu and/or wasm (default webgpu,wasm)
  --forward-runs N[,N...] browser forward timed runs per length after one warm-up (default 3,2)
  --model DIR            the Node model folder (default ${DEFAULT_MODEL}, made by ${MAKE_SCRIPT})
  --tokens T[,T...]      sequence lengths, start token included (default 32,256)
  --runs N[,N...]        timed runs per length after one warm-up (default 5,3)
  --dist DIR             the built site (default dist)
  --browser-runs N       cold + warm load pairs in the browser (default 3)
  --threads N            ORT threads of the Node part's threaded run; 1: none (default min(4, cores))
  --no-verdict           skip the Verdict's two losses in the Node part
  --json PATH            where to write the JSON (default ${DEFAULT_JSON})`;

function fail(message, usage = true) {
  console.error(`bench:lm: ${message}${usage ? `\n${USAGE}` : ''}`);
  process.exit(2);
}

const log = (line) => console.error(`[bench:lm] ${line}`);

/** A path as the messages show it: relative to the repository when inside it. */
function shown(path) {
  const r = relative(root, path);
  return r.startsWith('..') ? path : r || '.';
}

function parseArgs(argv) {
  const options = {
    only: null,
    model: DEFAULT_MODEL,
    tokens: [32, 256],
    runs: [5, 3],
    dist: 'dist',
    browserRuns: 3,
    forwardPaths: ['webgpu', 'wasm'],
    forwardRuns: [3, 2],
    threads: Math.min(MAX_THREADS, availableParallelism()),
    verdict: true,
    json: DEFAULT_JSON,
  };
  const ints = (flag, text, least) =>
    text.split(',').map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < least) fail(`${flag} takes integers ≥ ${least}, got "${text}".`);
      return n;
    });
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--only') {
      options.only = value();
      if (!['node', 'browser', 'browser-forward'].includes(options.only))
        fail(`--only takes node, browser or browser-forward.`);
    } else if (flag === '--model') options.model = value();
    else if (flag === '--tokens') options.tokens = ints(flag, value(), 2);
    else if (flag === '--runs') options.runs = ints(flag, value(), 1);
    else if (flag === '--dist') options.dist = value();
    else if (flag === '--forward-runs') options.forwardRuns = ints(flag, value(), 1);
    else if (flag === '--forward-paths') {
      options.forwardPaths = value().split(',');
      if (options.forwardPaths.some((p) => p !== 'webgpu' && p !== 'wasm'))
        fail('--forward-paths takes webgpu and/or wasm.');
    } else if (flag === '--browser-runs') options.browserRuns = ints(flag, value(), 1)[0];
    else if (flag === '--json') options.json = value();
    else if (flag === '--threads') options.threads = ints(flag, value(), 1)[0];
    else if (flag === '--no-verdict') options.verdict = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown flag ${flag}.`);
  }
  // One run count for every length, or one per length; more lengths than counts reuse the last.
  const runs = options.tokens.map((_, i) => options.runs[Math.min(i, options.runs.length - 1)]);
  if (options.runs.length > 1 && options.runs.length !== options.tokens.length) {
    fail(`--runs gives ${options.runs.length} counts for ${options.tokens.length} lengths.`);
  }
  options.lengths = options.tokens.map((T, i) => ({ T, runs: runs[i] }));
  const forwardRuns = options.tokens.map(
    (_, i) => options.forwardRuns[Math.min(i, options.forwardRuns.length - 1)],
  );
  options.forwardLengths = options.tokens.map((T, i) => ({ T, runs: forwardRuns[i] }));
  return options;
}

// ---------------------------------------------------------------------------------------------
// The machine and the command

function gitDescribe() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The command as typed: `npm run bench:lm -- …` when npm started this script. */
function commandLine(argv) {
  const args = argv.map((a) => (/^[\w./:=,@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  if (process.env.npm_lifecycle_event === 'bench:lm') return `npm run bench:lm${args ? ` -- ${args}` : ''}`;
  return `node ${relative(root, fileURLToPath(import.meta.url))}${args ? ` ${args}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// 1. Node

/** The GPT-2-shaped model's folder, made by the Python script when it is missing. */
function ensureModel(dir) {
  const missing = MODEL_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length === 0) return false;
  const make = `${PYTHON} ${MAKE_SCRIPT} --out ${shown(dir)}`;
  log(
    `the GPT-2-shaped model is not in ${shown(dir)} (missing ${missing.join(', ')}); ` +
      `making it now with \`${make}\` (0.5 GB, about a minute).`,
  );
  // Its output goes to stderr, so stdout keeps only the tables.
  const run = spawnSync(PYTHON, [join(root, MAKE_SCRIPT), '--out', dir], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (run.status !== 0 || MODEL_FILES.some((f) => !existsSync(join(dir, f)))) {
    fail(
      `the model could not be made (${run.error?.message ?? `exit status ${run.status}`}); make it with \`${make}\` (needs Python 3 with torch) and run the benchmark again.`,
      false,
    );
  }
  return true;
}

async function nodeBench(options) {
  const modelDir = resolve(options.model);
  const made = ensureModel(modelDir);
  // Machines without a GPU use Chromium's SwiftShader Vulkan driver; Dawn reads this when it loads.
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // Bundled as vite.cli.config.ts bundles `xent`: WGSL inlined, webgpu and onnxruntime-web loaded
  // from node_modules at run time.
  const outDir = join(root, 'dist-bench', 'lm-node');
  const external = [
    'webgpu',
    'onnxruntime-web',
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
  ];
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, external: ['webgpu', 'onnxruntime-web'] },
    build: {
      ssr: join(root, 'scripts', 'bench', 'lm-node.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { external, output: { entryFileNames: 'lm-node.mjs', format: 'es' } },
    },
  });
  // Each thread count in a process of its own: ORT's first session fixes the count, and each
  // process's peak memory is then that run's alone.
  const verdictText = options.verdict ? readFileSync(join(root, VERDICT_FILE), 'utf8') : null;
  const report = runNodeChild(outDir, { modelDir, lengths: options.lengths, threads: 1, verdictText });
  if (options.threads > 1) {
    report.threaded = runNodeChild(outDir, {
      modelDir,
      lengths: options.lengths,
      threads: options.threads,
      webgpu: false,
      verdictText,
    });
  }
  report.model.dir = shown(modelDir);
  report.model.onnxBytes = statSync(join(modelDir, 'onnx', 'model.onnx')).size;
  report.model.madeThisRun = made;
  report.model.maker = MAKE_SCRIPT;
  return report;
}

/** Runs lm-node.mjs's runLmNodeBench in a new Node process; its report. */
function runNodeChild(outDir, benchOptions) {
  const script = `
    import { writeFileSync } from 'node:fs';
    const [bundle, optionsJson, out] = process.argv.slice(2);
    const { runLmNodeBench } = await import(bundle);
    const log = (line) => console.error('[bench:lm] ' + line);
    const report = await runLmNodeBench({ ...JSON.parse(optionsJson), log });
    writeFileSync(out, JSON.stringify(report));
    // Dawn and ORT's worker threads keep handles open.
    process.exit(0);`;
  const runner = join(outDir, 'lm-node-child.mjs');
  writeFileSync(runner, script);
  const out = join(outDir, `report-${benchOptions.threads}.json`);
  log(`Node, ${benchOptions.threads} thread${benchOptions.threads === 1 ? '' : 's'} (a process of its own)`);
  const run = spawnSync(
    process.execPath,
    [runner, pathToFileURL(join(outDir, 'lm-node.mjs')).href, JSON.stringify(benchOptions), out],
    { cwd: root, stdio: ['ignore', process.stderr, process.stderr] },
  );
  if (run.status !== 0)
    fail(`the Node part stopped (${run.error?.message ?? `exit status ${run.status}`}).`, false);
  return JSON.parse(readFileSync(out, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// 2. Browser: the stand-in hub (scripts/hub-server.mjs, without the slow chunks)

/** Runs in the page before the click: when the model's loss is on screen after it. */
function installLoadProbe({ shape, before }) {
  const marks = { clickMs: null, inDomMs: null, paintedMs: null, loss: null, shape: null };
  window.__lmLoad = marks;
  const text = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (marks.clickMs === null && button?.textContent?.trim() === 'Load model')
        marks.clickMs = performance.now();
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    if (marks.clickMs === null || marks.inDomMs !== null) return;
    const loss = text('loss');
    if (text('shape').replace(/\s+/g, ' ') !== shape || loss === '' || loss === before) return;
    marks.inDomMs = performance.now();
    marks.loss = loss;
    marks.shape = text('shape');
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (marks.paintedMs = performance.now());
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/** One load of the model in `page` (already at the site): click → the model's loss on screen. */
async function loadOnce(page, url, golden, hub, kind) {
  const requestsBefore = hub.requests.length;
  await page.goto(url);
  await page.getByTestId('loss').filter({ hasText: BOOK_LOSS }).waitFor({ timeout: 60_000 });
  // The offline worker's install (it precaches the site) finishes before the click, so it does not
  // compete with the load being timed.
  const serviceWorker = await page.evaluate(() =>
    'serviceWorker' in navigator
      ? Promise.race([
          navigator.serviceWorker.ready.then(() => 'ready'),
          new Promise((done) => setTimeout(() => done('not ready after 20 s'), 20_000)),
        ])
      : 'none',
  );
  const toggle = page.getByRole('button', { name: 'Source and settings' });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
  await page.getByRole('radio', { name: /^A pretrained model on your text/ }).check();
  await page.getByRole('textbox', { name: 'Text 1' }).fill(golden.texts[0]);
  await page.getByRole('textbox', { name: 'Text 2' }).fill(golden.texts[1] ?? golden.texts[0]);
  await page.getByRole('textbox', { name: /^Or any causal language model/ }).fill(BROWSER_MODEL);
  const idle = () => document.querySelector('.lab')?.getAttribute('aria-busy') === 'false';
  await page.waitForFunction(idle, undefined, { timeout: 60_000 });
  await page.evaluate(installLoadProbe, { shape: golden.shape, before: BOOK_LOSS });
  const hubBeforeClick = hub.requests.length;
  // ORT's .wasm is fetched by the forward worker: its request is seen here, with the wall clock
  // (Date.now(), ms since the epoch) of its start and end, set against the click's below.
  const wasm = [];
  const onRequest = (request) => {
    if (request.url().endsWith('.wasm')) wasm.push({ request, startEpoch: Date.now(), endEpoch: null });
  };
  const onFinished = (request) => {
    const entry = wasm.find((w) => w.request === request);
    if (entry) entry.endEpoch = Date.now();
  };
  const context = page.context();
  context.on('request', onRequest);
  context.on('requestfinished', onFinished);
  await page.getByRole('button', { name: 'Load model' }).click();
  await page.waitForFunction(() => window.__lmLoad?.paintedMs != null, undefined, {
    timeout: LOAD_TIMEOUT_MS,
  });
  context.off('request', onRequest);
  context.off('requestfinished', onFinished);
  const clickEpoch = await page.evaluate(() => performance.timeOrigin + window.__lmLoad.clickMs);
  const wasmRequests = await Promise.all(
    wasm.map(async (w) => ({
      file: new URL(w.request.url()).pathname.split('/').pop(),
      startMs: w.startEpoch - clickEpoch,
      endMs: w.endEpoch === null ? null : w.endEpoch - clickEpoch,
      fromServiceWorker: (await w.request.response())?.fromServiceWorker() ?? null,
    })),
  );
  const marks = await page.evaluate((hubBase) => {
    const m = window.__lmLoad;
    // The model files the page fetched from the hub after the click (Resource Timing, main thread;
    // the worker's .wasm fetch is on the worker's own timeline).
    const files = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.startsWith(hubBase) && r.startTime >= m.clickMs)
      .map((r) => ({
        file: r.name.slice(hubBase.length),
        startMs: r.startTime - m.clickMs,
        endMs: r.responseEnd - m.clickMs,
      }));
    return { ...m, files };
  }, hub.base);
  const loaded =
    (await page
      .getByTestId('model-loaded')
      .textContent({ timeout: 10_000 })
      .catch(() => null)) ?? '';
  const loss = Number(marks.loss);
  const result = {
    kind,
    clickToLossOnScreenMs: marks.paintedMs - marks.clickMs,
    clickToLossInDomMs: marks.inDomMs - marks.clickMs,
    modelFilesDoneMs: marks.files.length > 0 ? Math.max(...marks.files.map((f) => f.endMs)) : null,
    wasmDoneMs: wasmRequests.some((w) => w.endMs !== null)
      ? Math.max(...wasmRequests.filter((w) => w.endMs !== null).map((w) => w.endMs))
      : null,
    loss: marks.loss,
    shape: marks.shape,
    lossAbsDiffFromPyTorch: Number.isFinite(loss) ? Math.abs(loss - golden.loss) : null,
    modelLoaded: loaded.replace(/\s+/g, ' ').trim(),
    hubRequestsAfterClick: hub.requests.slice(hubBeforeClick),
    hubRequestsBeforeClick: hubBeforeClick - requestsBefore,
    serviceWorker,
    files: marks.files,
    wasmRequests,
  };
  log(
    `${kind}: click → loss on screen ${result.clickToLossOnScreenMs.toFixed(0)} ms ` +
      `(loss ${marks.loss}, ${result.hubRequestsAfterClick.length} hub requests; "${result.modelLoaded}")`,
  );
  return result;
}

async function browserEnvironment(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const gpu = await page.evaluate(async () => {
      if (!navigator.gpu) return { available: false };
      const a = await navigator.gpu.requestAdapter();
      if (!a) return { available: true, adapter: null };
      const { vendor, architecture, device, description } = a.info ?? {};
      return { available: true, adapter: { vendor, architecture, device, description } };
    });
    return {
      browser: `Chromium ${browser.version()}`,
      executablePath: executablePath ?? "Playwright's default",
      args: CHROMIUM_ARGS,
      userAgent: await page.evaluate(() => navigator.userAgent),
      gpu,
    };
  } finally {
    await context.close();
  }
}

async function browserBench(options) {
  const dist = resolve(options.dist);
  if (!existsSync(join(dist, 'index.html'))) {
    fail(
      `${shown(dist)}/index.html is missing; build the site first (\`npx vite build --outDir dist-bench/site\`, then --dist dist-bench/site).`,
      false,
    );
  }
  const goldenJson = JSON.parse(readFileSync(join(FIXTURE_DIR, 'golden.json'), 'utf8'));
  const c = goldenJson.models['tiny-gpt2'].cases.find((x) => x.name === GOLDEN_CASE);
  const V = goldenJson.models['tiny-gpt2'].vocab;
  const golden = {
    case: GOLDEN_CASE,
    texts: c.texts,
    loss: c.loss,
    // The batch the page scores: (B, longest text's ids − 1, V).
    shape: `(${c.inputIds.length}, ${Math.max(...c.inputIds.map((ids) => ids.length)) - 1}, ${V})`,
  };
  const modelBytes = MODEL_FILES.reduce((s, f) => s + statSync(join(FIXTURE_DIR, 'tiny-gpt2', f)).size, 0);
  const hub = await startHub();
  const { server, url } = await startServer({ dir: dist, port: 0 });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const environment = await browserEnvironment(browser, url);
    environment.dist = shown(dist);
    const runs = [];
    for (let i = 0; i < options.browserRuns; i++) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        colorScheme: 'light',
      });
      const errors = [];
      try {
        // Set on the site's pages only (about:blank has no localStorage).
        await context.addInitScript((b) => {
          if (location.protocol.startsWith('http')) localStorage.setItem('xent-hub-base', b);
        }, hub.base);
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (msg) => {
          if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`);
        });
        log(`browser run ${i + 1}/${options.browserRuns}`);
        const cold = await loadOnce(page, url, golden, hub, 'cold');
        // A new document without the hash the page wrote (a hash naming the model would load it
        // by itself from the cache, without the click).
        await page.goto('about:blank');
        const warm = await loadOnce(page, url, golden, hub, 'warm');
        runs.push({ run: i + 1, cold, warm, console: errors });
      } finally {
        await context.close();
      }
    }
    const pick = (kind, key) => stats(runs.map((r) => r[kind][key]));
    return {
      environment,
      model: { ref: BROWSER_MODEL, dir: 'test/fixtures/lm/tiny-gpt2', bytes: modelBytes },
      golden,
      runs: options.browserRuns,
      cold: {
        clickToLossOnScreenMs: pick('cold', 'clickToLossOnScreenMs'),
        modelFilesDoneMs: pick('cold', 'modelFilesDoneMs'),
        wasmDoneMs: pick('cold', 'wasmDoneMs'),
      },
      warm: {
        clickToLossOnScreenMs: pick('warm', 'clickToLossOnScreenMs'),
        modelFilesDoneMs: pick('warm', 'modelFilesDoneMs'),
        wasmDoneMs: pick('warm', 'wasmDoneMs'),
      },
      samples: runs,
    };
  } finally {
    await browser.close();
    server.close();
    await hub.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Browser forward: bench/lm.html on the GPT-2-shaped model

/** How long one path (fetch, session, every run) may take before it is given up (ms). */
const FORWARD_TIMEOUT_MS = 600_000;

/** Loopback server: the built page at /, the model folder at /model/ (files streamed). */
function startForwardServer(webDir, modelDir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const [dir, rel] = path.startsWith('/model/')
      ? [modelDir, path.slice('/model/'.length)]
      : [webDir, path === '/' ? 'lm.html' : path.slice(1)];
    const file = resolve(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, {
      'Content-Length': statSync(file).size,
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

async function browserForwardBench(options) {
  const modelDir = resolve(options.model);
  ensureModel(modelDir);
  const webDir = join(root, 'dist-bench', 'lm-web');
  await build({
    configFile: join(root, 'bench', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: webDir, emptyOutDir: true, rollupOptions: { input: join(root, 'bench', 'lm.html') } },
  });
  // The start id of the model's texts (GPT-2: <|endoftext|>).
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
  const startId = config.bos_token_id ?? 0;
  const server = await startForwardServer(webDir, modelDir);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const paths = [];
  try {
    for (const path of options.forwardPaths) {
      const context = await browser.newContext();
      const errors = [];
      try {
        const page = await context.newPage();
        page.on('console', (msg) => {
          if (msg.text().startsWith('[bench]')) log(msg.text().slice('[bench] '.length));
          else if (msg.type() === 'error' || msg.type() === 'warning')
            errors.push(`${msg.type()}: ${msg.text()}`);
        });
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(server.url);
        await page.waitForFunction(() => typeof window.runLmForward === 'function');
        const run = page.evaluate((o) => window.runLmForward(o), {
          path,
          modelBase: `${server.url}model/`,
          lengths: options.forwardLengths,
          startId,
        });
        const timeout = new Promise((_, reject) =>
          setTimeout(
            () => reject(new Error(`${path} took over ${FORWARD_TIMEOUT_MS / 1000} s`)),
            FORWARD_TIMEOUT_MS,
          ).unref(),
        );
        const r = await Promise.race([run, timeout]);
        const pick = (samples, key) => stats(samples.slice(1).map((s) => s[key]));
        paths.push({
          path,
          adapterName: r.adapterName,
          fetchMs: r.fetchMs,
          openMs: r.openMs,
          results: r.results.map(({ T, samples }) => ({
            T,
            runs: samples.length - 1,
            forwardMs: pick(samples, 'forwardMs'),
            lossMs: pick(samples, 'lossMs'),
            // On WebGPU, run() returns once the work is queued; forwardDoneMs waits for the queue.
            forwardDoneMs: pick(samples, 'forwardDoneMs'),
            totalMs: stats(samples.slice(1).map((s) => s.forwardDoneMs + s.lossMs)),
            warmup: samples[0],
            // The same every run (the engine reads back a fixed 32 B per row); the last run's.
            forwardBytesReadBack: samples[samples.length - 1].forwardBytesReadBack,
            lossBytesReadBack: samples[samples.length - 1].lossBytesReadBack,
            loss: samples[samples.length - 1].loss,
            samples,
          })),
          console: errors,
        });
      } catch (error) {
        log(`browser forward ${path} failed: ${error.message}`);
        paths.push({ path, error: error.message, console: errors });
      } finally {
        await context.close();
      }
    }
    return {
      environment: {
        browser: `Chromium ${browser.version()}`,
        executablePath: executablePath ?? "Playwright's default",
      },
      model: {
        dir: shown(modelDir),
        onnxBytes: statSync(join(modelDir, 'onnx', 'model.onnx')).size,
        vocab: config.vocab_size,
        layers: config.n_layer ?? config.num_hidden_layers,
        startId,
      },
      ids: 'the start id, then fixed pseudo-random ids in [0, V) (bench/lm.ts idsOf)',
      paths,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

/** ms with 3 significant figures (at least whole ms). */
const ms = (x) =>
  x === null || x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const medP95 = (s) => (s ? `${ms(s.median)} / ${ms(s.p95)}` : 'unavailable');

/** The Node part's added tables: forward per token by threads, memory, the Verdict. */
function nodeThreadsMarkdown(node) {
  const runs = [node, node.threaded].filter(Boolean);
  const label = (r) => `${r.threads} thread${r.threads === 1 ? '' : 's'}`;
  const lines = [
    '',
    `Forward pass per token (ORT wasm; the median forward over T; each thread count in a process of its own${
      node.threaded ? '' : ', no threaded run (--threads 1 or 1 core)'
    }):`,
    '',
    '|   T | threads | forward median / p95 (ms) | ms per token | speed-up over 1 thread |',
    '| --: | ------: | ------------------------: | -----------: | ---------------------: |',
  ];
  for (const [i, one] of node.results.entries()) {
    for (const r of runs) {
      const x = r.results[i];
      if (!x) continue;
      const speedUp =
        r === node || !one.forwardMs.median || !x.forwardMs.median
          ? '–'
          : `${(one.forwardMs.median / x.forwardMs.median).toFixed(2)}×`;
      lines.push(
        `| ${x.T} | ${r.threads} | ${medP95(x.forwardMs)} | ${x.forwardMsPerToken === null ? '–' : x.forwardMsPerToken.toFixed(2)} | ${speedUp} |`,
      );
    }
  }
  lines.push(
    '',
    "Memory of the Node process (RSS: Node, ORT's WebAssembly memory, the JS copy of model.onnx while it is read; " +
      "peak = getrusage's maxRSS) against the weights (model.onnx):",
    '',
    '| run | weights | RSS before load | peak while loading | peak overall | peak / weights | (peak − before) / weights |',
    '| --- | ------: | --------------: | -----------------: | -----------: | -------------: | ------------------------: |',
  );
  for (const r of runs) {
    const m = r.memory;
    lines.push(
      `| ${label(r)}${r.environment.webgpu?.available ? ', Dawn loaded' : ''} | ${mb(m.weightsBytes)} | ${mb(m.rssBeforeLoadBytes)} | ` +
        `${mb(m.peakRssLoadBytes)} | ${mb(m.peakRssBytes)} | ${m.peakOverWeights.toFixed(2)}× | ${m.addedOverWeights.toFixed(2)}× |`,
    );
  }
  const verdicts = runs.filter((r) => r.verdict);
  if (verdicts.length > 0) {
    const v0 = verdicts[0].verdict;
    lines.push(
      '',
      `The Verdict's two losses (Exercise 5.5: ${VERDICT_FILE}, windows of ${v0.context} tokens, stride ${v0.stride}, ` +
        'split at 0.9; each window forward on ORT wasm, loss on the CPU twin):',
      '',
      '| run | windows | total (s) | per window median / p95 (ms) | of which loss (ms, median) | training loss | validation loss |',
      '| --- | ------: | --------: | ---------------------------: | -------------------------: | ------------: | --------------: |',
    );
    for (const r of verdicts) {
      const v = r.verdict;
      lines.push(
        `| ${label(r)} | ${v.windows} | ${(v.totalMs / 1000).toFixed(1)} | ${medP95(v.windowMs)} | ${ms(v.lossMs.median)} | ` +
          `${v.trainLoss?.toFixed(4) ?? '–'} | ${v.validationLoss?.toFixed(4) ?? '–'} |`,
      );
    }
  }
  return lines;
}

function markdown(report) {
  const { machine, node, browser } = report;
  const lines = [
    `Machine: ${machine.cpuModel}, ${machine.cpus} cores (${machine.availableParallelism} available), ` +
      `${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB; GPU adapter: Dawn ${machine.dawnAdapter ?? '–'}, ` +
      `${machine.browser ?? 'Chromium'} ${machine.chromiumAdapter ?? '–'}; Node ${machine.node}; ${machine.repo ?? ''}`,
    `Date: ${report.date} (${report.wallSeconds} s; load average at start / end ` +
      `${machine.loadAverage.start.map((x) => x.toFixed(1)).join(' ')} / ${machine.loadAverage.end.map((x) => x.toFixed(1)).join(' ')})`,
    `Command: ${report.command}`,
  ];
  if (node) {
    const m = node.model;
    lines.push(
      '',
      `Node: ${node.environment.runtime}; model ${m.dir} (GPT-2 small's shapes, random weights: ` +
        `${m.layers} layers, V = ${m.vocab.toLocaleString('en-US')}, model.onnx ${mb(m.onnxBytes)}), loaded in ` +
        `${(m.loadMs / 1000).toFixed(1)} s; batch 1. Milliseconds, median / p95 over the timed runs, after one ` +
        'warm-up run (shown apart).',
      '',
      '|   T | logits (T × V × 4) | runs | forward (ORT wasm, 1 thread) | loss on WebGPU (Dawn) | loss on CPU (float64) | warm-up: forward / WebGPU / CPU |',
      '| --: | -----------------: | ---: | ---------------------------: | --------------------: | --------------------: | ------------------------------: |',
    );
    for (const r of node.results) {
      lines.push(
        `| ${r.T} | ${r.logitsBytes.toLocaleString('en-US')} B (${mb(r.logitsBytes)}) | ${r.runs} | ${medP95(r.forwardMs)} | ` +
          `${medP95(r.lossMs.webgpu)} | ${medP95(r.lossMs.cpu)} | ${ms(r.warmup.forwardMs)} / ${ms(r.warmup.webgpuMs)} / ${ms(r.warmup.cpuMs)} |`,
      );
    }
    const diffs = node.results.map(
      (r) =>
        `T = ${r.T}: loss ${r.loss.cpu.toFixed(4)} nats on (1, ${r.T - 1}, ${r.lossShape[2]}), |WebGPU − CPU| ${r.lossAbsDiff === null ? '–' : r.lossAbsDiff.toExponential(1)}, RSS ${mb(r.rssBytes)}`,
    );
    lines.push('', `${diffs.join('; ')}; peak RSS ${mb(node.environment.peakRssBytes)}.`);
    lines.push(...nodeThreadsMarkdown(node));
  }
  if (browser) {
    const b = browser;
    lines.push(
      '',
      `Browser: ${b.environment.browser} headless, ${b.model.ref} (${mb(b.model.bytes)}) from a stand-in hub on loopback, ` +
        `texts of golden.json's ${b.golden.case} case, shape ${b.golden.shape}. Click on "Load model" → the frame ` +
        `that shows the model's loss, ms, over ${b.runs} runs (each a new browser context):`,
      '',
      '| load | runs | median | p95 | min | max | model files from the hub done (median) | ORT .wasm response done (median) |',
      '| ---- | ---: | -----: | --: | --: | --: | -------------------------------------: | -------------------------------: |',
    );
    const row = (name, s) =>
      lines.push(
        `| ${name} | ${s.clickToLossOnScreenMs.n} | ${ms(s.clickToLossOnScreenMs.median)} | ${ms(s.clickToLossOnScreenMs.p95)} | ` +
          `${ms(s.clickToLossOnScreenMs.min)} | ${ms(s.clickToLossOnScreenMs.max)} | ${s.modelFilesDoneMs.n > 0 ? ms(s.modelFilesDoneMs.median) : 'no request'} | ${s.wasmDoneMs.n > 0 ? ms(s.wasmDoneMs.median) : '–'} |`,
      );
    row('cold (empty caches)', b.cold);
    row('warm (Cache API, service worker)', b.warm);
    const diffs = b.samples.flatMap((s) => [s.cold.lossAbsDiffFromPyTorch, s.warm.lossAbsDiffFromPyTorch]);
    lines.push(
      '',
      `Loss on screen ${b.samples[0]?.cold.loss ?? '–'} (PyTorch ${b.golden.loss.toFixed(6)}; largest |difference| ` +
        `${Math.max(...diffs).toExponential(1)}). Hub requests after the click: cold ${b.samples.map((s) => s.cold.hubRequestsAfterClick.length).join(', ')}; ` +
        `warm ${b.samples.map((s) => s.warm.hubRequestsAfterClick.length).join(', ')}.`,
    );
  }
  if (report.browserForward) {
    const f = report.browserForward;
    lines.push(
      '',
      `Browser forward: ${f.environment.browser} headless, ${f.model.dir} (model.onnx ${mb(f.model.onnxBytes)}, ` +
        `V = ${f.model.vocab.toLocaleString('en-US')}), one text of T tokens, batch 1, each path in a fresh page. ` +
        'Milliseconds, median / p95 over the timed runs after one warm-up; bytes the engine read back per text. ' +
        '"Forward returned": until WebGpuForward.run returns (on WebGPU its work and the row copies are then ' +
        'queued, not done; the page goes on to the loss, whose read-back waits for them). "Forward done": on ' +
        'WebGPU also until the queue drains (onSubmittedWorkDone, a wait added here only to split the time); ' +
        '"forward + loss" = forward done + loss.',
      '',
      '| path | T | runs | forward returned | forward done | loss | forward + loss | read back (forward + loss) | warm-up: forward done / loss | loss (nats) |',
      '| ---- | --: | ---: | ---------------: | -----------: | ---: | -------------: | -------------------------: | ----------------------: | ----------: |',
    );
    const names = {
      webgpu: 'WebGPU: WebGpuForward.run (forward + adopt) → scoreUploaded',
      wasm: 'WASM (1 thread, main thread) → upload + scoreUploaded',
    };
    for (const p of f.paths) {
      if (p.error) {
        lines.push(
          `| ${names[p.path]} | – | – | failed: ${p.error.replace(/\|/g, '/').slice(0, 200)} | | | | | | |`,
        );
        continue;
      }
      for (const r of p.results) {
        lines.push(
          `| ${names[p.path]} | ${r.T} | ${r.runs} | ${medP95(r.forwardMs)} | ${medP95(r.forwardDoneMs)} | ${medP95(r.lossMs)} | ${medP95(r.totalMs)} | ` +
            `${r.forwardBytesReadBack} + ${r.lossBytesReadBack} B | ${ms(r.warmup.forwardDoneMs)} / ${ms(r.warmup.lossMs)} | ${r.loss.toFixed(4)} |`,
        );
      }
    }
    lines.push(
      '',
      f.paths
        .filter((p) => !p.error)
        .map(
          (p) =>
            `${p.path}: model.onnx fetched in ${(p.fetchMs / 1000).toFixed(1)} s, session opened in ${(p.openMs / 1000).toFixed(1)} s (adapter ${p.adapterName})`,
        )
        .join('; ') + '.',
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const options = parseArgs(argv);
const started = new Date();
const report = {
  command: commandLine(argv),
  date: started.toISOString(),
  machine: {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    availableParallelism: availableParallelism(),
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    repo: gitDescribe(),
    dawnAdapter: null,
    browser: null,
    chromiumAdapter: null,
    /** 1, 5 and 15 min load averages when the benchmark started and ended (other work shows here). */
    loadAverage: { start: loadavg(), end: null },
  },
  node: null,
  browser: null,
  browserForward: null,
};
if (options.only === null || options.only === 'node') {
  report.node = await nodeBench(options);
  const a = report.node.environment.webgpu;
  report.machine.dawnAdapter = a.available ? a.name : `none (${a.reason})`;
}
if (options.only === null || options.only === 'browser' || options.only === 'browser-forward') {
  report.browserForward = await browserForwardBench(options);
  report.machine.browser ??= report.browserForward.environment.browser;
  report.machine.chromiumAdapter ??=
    report.browserForward.paths.find((p) => p.adapterName)?.adapterName ?? null;
}
if (options.only === null || options.only === 'browser') {
  report.browser = await browserBench(options);
  const g = report.browser.environment.gpu;
  report.machine.browser = report.browser.environment.browser;
  report.machine.chromiumAdapter = g.adapter
    ? [g.adapter.vendor, g.adapter.architecture, g.adapter.description].filter(Boolean).join(' / ')
    : 'none';
}
report.machine.loadAverage.end = loadavg();
report.wallSeconds = Math.round((Date.now() - started.getTime()) / 100) / 10;
emit(report, markdown(report), options.json);
// Dawn keeps handles open after the device is destroyed.
process.exit(0);
