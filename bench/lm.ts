/**
 * The LM forward-pass bench page (bench/lm.html): a model's forward pass plus its loss in the
 * browser, on the two paths the page (src/app) runs, for one text of T tokens (batch 1).
 * scripts/bench/run-lm.mjs opens it once per path (a fresh document each, so the two ORT builds
 * and the 0.5 GB of weights are never in one page together) and calls
 * `window.runLmForward(options)`.
 *
 *   webgpu  WebGpuForward.open(weights, 'onnx/model.onnx', engine), then per run
 *           forward.run(spec, inputs, engine) → GpuLogits (ORT's WebGPU EP on the engine's device,
 *           logits left on the GPU, rows adopted GPU → GPU), then engine.scoreUploaded(gpu,
 *           targets, −100). Timed: forward + adopt; loss.
 *   wasm    onnxruntime-web/wasm on one thread with the options of lm-forward.worker.ts, here on
 *           the main thread (no worker, so no postMessage transfer of the (1, T, V) logits), then
 *           engine.upload of the (1, T − 1, V) batch + engine.scoreUploaded. Timed: forward
 *           (feeds → logits in a Float32Array); loss, upload included.
 *
 * Bytes read back: engine.bytesReadBack before and after each step (what the engine maps back to
 * the CPU; what ORT itself reads back inside session.run is not counted there).
 *
 * The ids are fixed pseudo-random tokens in [0, V) after the start id: the forward pass costs the
 * same for any ids, and no tokenizer is needed.
 */
import { WebGpuForward } from '../src/app/compute/lm-webgpu';
import { requestEngineDevice, tuningFor, XentEngine, type GpuLogits } from '../src/engine';
import { parseModelConfig } from '../src/lm/config';
import { checkLogits, feedsFor, padBatch, signatureOf, type OrtModule } from '../src/lm/forward';
import { batchFromLogits, targetsFor } from '../src/lm/score-text';

export interface LmForwardOptions {
  path: 'webgpu' | 'wasm';
  /** The model folder's URL (hub layout: config.json, onnx/model.onnx), ending in '/'. */
  modelBase: string;
  /** Lengths (tokens fed, start token included) and timed runs at each, after one warm-up. */
  lengths: { T: number; runs: number }[];
  /** The first id of every text (GPT-2's <|endoftext|> is 50256). */
  startId: number;
}

export interface LmForwardSample {
  /** Until the forward call returns (WebGPU: ORT's work and the row copies queued). */
  forwardMs: number;
  /**
   * Until the forward pass is done: on WebGPU, then until the device's queue has drained
   * (onSubmittedWorkDone, a wait the page does not make: there the loss's read-back waits for
   * it); on WebAssembly the same as forwardMs.
   */
  forwardDoneMs: number;
  lossMs: number;
  /** engine.bytesReadBack growth during the forward step and the loss step (bytes). */
  forwardBytesReadBack: number;
  lossBytesReadBack: number;
  loss: number;
}

export interface LmForwardReport {
  path: 'webgpu' | 'wasm';
  adapterName: string;
  onnxBytes: number;
  /** fetch of model.onnx (ms) and session creation (ms). */
  fetchMs: number;
  openMs: number;
  vocab: number;
  layers: number;
  /** Per T: every run, warm-up (index 0) first. */
  results: { T: number; samples: LmForwardSample[] }[];
}

declare global {
  interface Window {
    runLmForward: (options: LmForwardOptions) => Promise<LmForwardReport>;
  }
}

const ORT_BASE = new URL('ort/', location.href).href;

function log(line: string): void {
  console.log(`[bench] ${line}`);
  document.getElementById('log')!.textContent += `${line}\n`;
}

/** T ids: the start id, then a fixed linear congruential sequence in [0, V). */
function idsOf(T: number, V: number, startId: number): number[] {
  const ids = [startId];
  let x = 12345;
  while (ids.length < T) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    ids.push(x % V);
  }
  return ids;
}

/** One forward step and one loss step at length T, timed apart. */
type Step = (T: number) => Promise<LmForwardSample>;

async function wasmPath(
  engine: XentEngine,
  weights: Uint8Array,
  spec: ReturnType<typeof parseModelConfig>,
  startId: number,
) {
  const ort = (await import('onnxruntime-web/wasm')) as unknown as OrtModule;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = ORT_BASE;
  const session = await ort.InferenceSession.create(weights, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const step: Step = async (T) => {
    const inputs = padBatch([idsOf(T, spec.vocab, startId)], startId);
    const read0 = engine.bytesReadBack;
    const f0 = performance.now();
    const feeds = feedsFor(ort, signatureOf(session), spec, inputs);
    const outputs = await session.run(feeds, ['logits']);
    const logits = outputs.logits!;
    const data = logits.data as Float32Array;
    const forwardMs = performance.now() - f0;
    const forwardDoneMs = forwardMs;
    checkLogits(logits.dims, 1, T, spec);
    const read1 = engine.bytesReadBack;
    const batch = batchFromLogits(data, spec.vocab, inputs);
    const l0 = performance.now();
    const timed = await timedLoss(engine, engine.upload(batch.logits, batch.shape), batch.targets, l0);
    for (const tensor of Object.values(outputs)) tensor.dispose();
    return { forwardMs, forwardDoneMs, forwardBytesReadBack: read1 - read0, ...timed };
  };
  return { step, release: () => session.release() };
}

/** The loss of logits on the GPU (then freed): ms since `t0` and the bytes read back. */
async function timedLoss(engine: XentEngine, gpu: GpuLogits, targets: Int32Array, t0: number) {
  const read = engine.bytesReadBack;
  try {
    const loss = (await engine.scoreUploaded(gpu, targets, -100)).loss;
    return { loss, lossMs: performance.now() - t0, lossBytesReadBack: engine.bytesReadBack - read };
  } finally {
    gpu.destroy();
  }
}

async function webgpuPath(
  engine: XentEngine,
  weights: Uint8Array,
  spec: ReturnType<typeof parseModelConfig>,
  startId: number,
) {
  // The WebGPU build's runtime (asyncify) from the bench build's ort/ folder (bench/vite.config.ts).
  const ort = await import('onnxruntime-web/webgpu');
  ort.env.wasm.wasmPaths = ORT_BASE;
  const forward = await WebGpuForward.open(
    { file: 'onnx/model.onnx', graph: weights, external: [], bytes: weights.byteLength },
    engine,
  );
  const step: Step = async (T) => {
    const inputs = padBatch([idsOf(T, spec.vocab, startId)], startId);
    const targets = targetsFor(inputs);
    const read0 = engine.bytesReadBack;
    const f0 = performance.now();
    const gpu = await forward.run(spec, inputs, engine);
    const forwardMs = performance.now() - f0;
    await engine.device.queue.onSubmittedWorkDone();
    const forwardDoneMs = performance.now() - f0;
    const read1 = engine.bytesReadBack;
    const timed = await timedLoss(engine, gpu, targets, performance.now());
    return { forwardMs, forwardDoneMs, forwardBytesReadBack: read1 - read0, ...timed };
  };
  return { step, release: () => forward.release() };
}

window.runLmForward = async (options) => {
  const request = await requestEngineDevice(navigator.gpu);
  if (!request.ok) throw new Error(request.reason);
  const engine = XentEngine.create(request.device, tuningFor(request.adapterName));
  const spec = parseModelConfig(await (await fetch(`${options.modelBase}config.json`)).text());
  const t0 = performance.now();
  const response = await fetch(`${options.modelBase}onnx/model.onnx`);
  if (!response.ok) throw new Error(`model.onnx: HTTP ${response.status}`);
  const weights = new Uint8Array(await response.arrayBuffer());
  const fetchMs = performance.now() - t0;
  log(
    `${options.path}: model.onnx ${(weights.byteLength / 1e6).toFixed(0)} MB fetched in ${fetchMs.toFixed(0)} ms`,
  );
  const o0 = performance.now();
  const open = options.path === 'webgpu' ? webgpuPath : wasmPath;
  const { step, release } = await open(engine, weights, spec, options.startId);
  const openMs = performance.now() - o0;
  log(`${options.path}: session opened in ${openMs.toFixed(0)} ms`);
  const results: LmForwardReport['results'] = [];
  try {
    for (const { T, runs } of options.lengths) {
      const samples: LmForwardSample[] = [];
      for (let r = 0; r <= runs; r++) {
        const s = await step(T);
        samples.push(s);
        log(
          `${options.path} T = ${T} ${r === 0 ? 'warm-up' : `run ${r}/${runs}`}: forward ${s.forwardMs.toFixed(0)} ms (done ${s.forwardDoneMs.toFixed(0)} ms), ` +
            `loss ${s.lossMs.toFixed(1)} ms, read back ${s.forwardBytesReadBack} + ${s.lossBytesReadBack} B (loss ${s.loss.toFixed(4)})`,
        );
      }
      results.push({ T, samples });
    }
  } finally {
    await release();
  }
  return {
    path: options.path,
    adapterName: request.adapterName,
    onnxBytes: weights.byteLength,
    fetchMs,
    openMs,
    vocab: spec.vocab,
    layers: spec.layers,
    results,
  };
};
