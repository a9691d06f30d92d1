/**
 * The Node half of `npm run bench:lm`: a pretrained model's forward pass (onnxruntime-web's
 * WebAssembly back end, one thread, configured by src/cli/node-io.ts exactly as `xent lm` runs it),
 * then the loss of its logits on the engine (WebGPU through Dawn, the `webgpu` package) and on the
 * float64 CPU twin (src/math). Bundled by scripts/bench/run-lm.mjs into dist-bench/lm-node, which
 * sets VK_ICD_FILENAMES before this module loads Dawn.
 *
 * One text of T tokens (the start token, then T − 1 tokens of a fixed English paragraph), batch 1:
 *
 *   forward   feeds built (input_ids, attention_mask, position_ids as int64 (1, T), 12 empty
 *             key/value pairs (1, 12, 0, 64)) → session.run(feeds, ['logits']) → the (1, T, V)
 *             float32 logits in a Float32Array (getData): T × V × 4 bytes.
 *   loss      the (1, T − 1, V) batch of those logits (src/lm/score-text.ts: the last position
 *             predicts nothing) → the loss read back as a number: on WebGPU the engine's whole
 *             score() (upload of (T − 1) × V × 4 bytes, the reduction, the read-back), on the CPU
 *             crossEntropyCpu (float64, every logit read once for the max and once for Σ exp).
 *
 * Run r = 0 of every T is a warm-up (ORT's first allocation of activations at that length, the
 * engine's pipelines compiled), reported apart; the statistics are over runs 1…N.
 *
 * `threads`: ORT's WebAssembly threads (worker threads in Node; the first session of a process
 * fixes the count, so run-lm.mjs runs each count in a process of its own). `webgpu: false` leaves
 * Dawn unloaded (the loss on the CPU twin only), so the process's memory is ORT's and Node's.
 *
 * Memory: the process's resident set before the model is read, and its peak (getrusage's maxRSS,
 * the kernel's high-water mark, so no moment between samples is missed) after the session is
 * open and at the end, against the weights' bytes (model.onnx).
 *
 * `verdictText`: the book's Exercise 5.5, the training and validation losses of The Verdict
 * (scoreLongText with the book's loaders: 256-token windows, stride 256, split at 0.9), each
 * window's forward pass here and its loss on the CPU twin; total and per-window times.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { engineScorer, type Scorer } from '../../src/backend';
import { cpuScorer } from '../../src/backend';
import { loadDawn, loadNodeModel } from '../../src/cli/node-io';
import { requestEngineDevice, tuningFor, XentEngine } from '../../src/engine';
import { checkLogits, feedsFor, padBatch, signatureOf } from '../../src/lm/forward';
import { scoreLongText } from '../../src/lm/score-long-text';
import { batchFromLogits } from '../../src/lm/score-text';
import { crossEntropyCpu } from '../../src/math';

export interface LmNodeOptions {
  /** The model folder (hub layout). */
  modelDir: string;
  /** Sequence lengths T (tokens fed, start token included) and timed runs at each. */
  lengths: { T: number; runs: number }[];
  log: (line: string) => void;
  /** ORT's WebAssembly threads (default 1). */
  threads?: number;
  /** Whether to load Dawn and time the loss on WebGPU too (default true). */
  webgpu?: boolean;
  /** The Verdict's text, to time the book's two losses; null or absent: not timed. */
  verdictText?: string | null;
}

export interface MemoryReport {
  /** model.onnx's bytes (the graph with its weights inside). */
  weightsBytes: number;
  /** process.memoryUsage().rss before the model is read. */
  rssBeforeLoadBytes: number;
  /** Peak RSS (getrusage maxRSS) once the session is open: the load's peak. */
  peakRssLoadBytes: number;
  /** Peak RSS at the end of the run: loading and every forward pass (and the Verdict). */
  peakRssBytes: number;
  /** process.memoryUsage().rss at the end. */
  rssEndBytes: number;
  /** peakRssBytes / weightsBytes. */
  peakOverWeights: number;
  /** (peakRssBytes − rssBeforeLoadBytes) / weightsBytes: what loading and running added. */
  addedOverWeights: number;
}

export interface VerdictReport {
  context: number;
  stride: number;
  windows: number;
  /** Every window's forward pass and loss, tokenizing and the plan included, ms. */
  totalMs: number;
  /** Per window: forward + loss, and the loss alone (CPU twin), ms. */
  windowMs: Stats;
  lossMs: Stats;
  trainLoss: number | null;
  validationLoss: number | null;
  trainTokens: number | null;
  validationTokens: number | null;
}

export interface Stats {
  n: number;
  median: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export interface LengthResult {
  T: number;
  /** The (1, T, V) logits ORT returns: T × V × 4 bytes. */
  logitsBytes: number;
  /** The batch the loss is computed on. */
  lossShape: [number, number, number];
  runs: number;
  forwardMs: Stats;
  lossMs: { webgpu: Stats | null; cpu: Stats };
  warmup: { forwardMs: number; webgpuMs: number | null; cpuMs: number };
  /** Every run, warm-up (r = 0) included, ms. */
  samples: { forwardMs: number; webgpuMs: number | null; cpuMs: number }[];
  loss: { webgpu: number | null; cpu: number };
  /** |WebGPU − CPU| of the last run's loss (nats). */
  lossAbsDiff: number | null;
  /** Resident set size after this length's last run (process.memoryUsage().rss), bytes. */
  rssBytes: number;
  /** The forward pass's median over T, ms per token fed. */
  forwardMsPerToken: number | null;
}

export interface LmNodeReport {
  environment: Record<string, unknown>;
  model: Record<string, unknown>;
  results: LengthResult[];
  threads: number;
  memory: MemoryReport;
  verdict: VerdictReport | null;
}

/** A fixed text, repeated until it is long enough: real GPT-2 tokens, about 1.3 per word. */
const PARAGRAPH =
  'A language model reads a text one token at a time and, at every position, gives a score to each ' +
  'word of its vocabulary for what comes next. The softmax turns those scores into probabilities; ' +
  'the cross-entropy loss is the mean, over the positions, of minus the natural logarithm of the ' +
  'probability the model gave to the word that really came next. A model that has learned nothing ' +
  'spreads its probability evenly and pays the logarithm of the vocabulary size, about 10.8 nats for ' +
  'GPT-2; training lowers the loss by putting more of the probability on the right words. ';

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Median (nearest rank, the lower middle for an even count), p95 (nearest rank), min, max; ms. */
export function stats(values: readonly number[]): Stats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
  };
}

/** The engine on Dawn, as `xent lm --backend webgpu` creates it; null with the reason if none. */
async function webgpuScorer(): Promise<{ scorer: Scorer | null; adapter: Record<string, unknown> }> {
  const load = await loadDawn();
  if (!load.gpu) return { scorer: null, adapter: { available: false, reason: load.reason } };
  const request = await requestEngineDevice(load.gpu);
  if (!request.ok) {
    return { scorer: null, adapter: { available: false, reason: request.reason, setup: load.setupProblem } };
  }
  const info = (request.device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return {
    scorer: engineScorer(
      XentEngine.create(request.device, tuningFor(request.adapterName)),
      request.adapterName,
    ),
    adapter: {
      available: true,
      name: request.adapterName,
      vendor: info?.vendor ?? null,
      architecture: info?.architecture ?? null,
      description: info?.description ?? null,
      maxBufferSize: request.device.limits.maxBufferSize,
      maxStorageBufferBindingSize: request.device.limits.maxStorageBufferBindingSize,
    },
  };
}

export async function runLmNodeBench(options: LmNodeOptions): Promise<LmNodeReport> {
  const { log } = options;
  const threads = options.threads ?? 1;
  const gpu =
    options.webgpu === false
      ? { scorer: null, adapter: { available: false, reason: 'not loaded in this run' } }
      : await webgpuScorer();
  log(gpu.scorer ? `WebGPU: ${gpu.scorer.label}` : `WebGPU unavailable: ${String(gpu.adapter.reason)}`);

  // Reading model.onnx and creating the session (ORT compiles its .wasm on the first session).
  const peakRss = () => process.resourceUsage().maxRSS * 1024;
  const rssBeforeLoadBytes = process.memoryUsage().rss;
  const t0 = performance.now();
  const model = await loadNodeModel(options.modelDir, null, threads);
  const loadMs = performance.now() - t0;
  const peakRssLoadBytes = peakRss();
  const { spec, tokenizer, session, ort } = model;
  const V = spec.vocab;
  log(
    `model loaded in ${(loadMs / 1000).toFixed(1)} s on ${ort.env.wasm.numThreads} thread(s): ` +
      `${spec.layers} layers, V = ${V}`,
  );

  const longest = Math.max(...options.lengths.map((l) => l.T));
  let text = PARAGRAPH;
  while (tokenizer.encode(text).length < longest) text += PARAGRAPH;
  const allIds = tokenizer.encode(text); // start token first

  const results: LengthResult[] = [];
  let verdict: VerdictReport | null = null;
  try {
    for (const { T, runs } of options.lengths) {
      const inputs = padBatch([allIds.slice(0, T)], tokenizer.startId);
      const samples: LengthResult['samples'] = [];
      let lastLoss: LengthResult['loss'] = { webgpu: null, cpu: NaN };
      for (let r = 0; r <= runs; r++) {
        // Forward: feeds → logits in JS memory.
        const f0 = performance.now();
        const feeds = feedsFor(ort, signatureOf(session), spec, inputs);
        const outputs = await session.run(feeds, ['logits']);
        const logits = outputs.logits!;
        const data = (await logits.getData()) as Float32Array;
        const forwardMs = performance.now() - f0;
        checkLogits(logits.dims, 1, T, spec);
        const batch = batchFromLogits(data, V, inputs);

        let webgpuMs: number | null = null;
        let webgpuLoss: number | null = null;
        if (gpu.scorer) {
          const g0 = performance.now();
          webgpuLoss = (await gpu.scorer.score(batch)).loss;
          webgpuMs = performance.now() - g0;
        }
        const c0 = performance.now();
        const cpuLoss = crossEntropyCpu(batch).loss;
        const cpuMs = performance.now() - c0;

        for (const tensor of Object.values(outputs)) tensor.dispose();
        samples.push({ forwardMs, webgpuMs, cpuMs });
        lastLoss = { webgpu: webgpuLoss, cpu: cpuLoss };
        log(
          `T = ${T} ${r === 0 ? 'warm-up' : `run ${r}/${runs}`}: forward ${forwardMs.toFixed(0)} ms, ` +
            `loss ${webgpuMs === null ? '' : `WebGPU ${webgpuMs.toFixed(1)} ms, `}CPU ${cpuMs.toFixed(1)} ms ` +
            `(loss ${cpuLoss.toFixed(4)} nats)`,
        );
      }
      const timed = samples.slice(1);
      results.push({
        T,
        logitsBytes: T * V * 4,
        lossShape: [1, T - 1, V],
        runs,
        forwardMs: stats(timed.map((s) => s.forwardMs)),
        lossMs: {
          webgpu: gpu.scorer ? stats(timed.map((s) => s.webgpuMs!)) : null,
          cpu: stats(timed.map((s) => s.cpuMs)),
        },
        warmup: samples[0]!,
        samples,
        loss: lastLoss,
        lossAbsDiff: lastLoss.webgpu === null ? null : Math.abs(lastLoss.webgpu - lastLoss.cpu),
        rssBytes: process.memoryUsage().rss,
        forwardMsPerToken: (() => {
          const median = stats(timed.map((s) => s.forwardMs)).median;
          return median === null ? null : median / T;
        })(),
      });
    }
    if (options.verdictText) verdict = await timeVerdict(model, options.verdictText, log);
  } finally {
    await session.release();
    gpu.scorer?.dispose();
  }

  const weightsBytes = statSync(join(options.modelDir, model.onnxFile)).size;
  const peakRssBytes = peakRss();
  const memory: MemoryReport = {
    weightsBytes,
    rssBeforeLoadBytes,
    peakRssLoadBytes,
    peakRssBytes,
    rssEndBytes: process.memoryUsage().rss,
    peakOverWeights: peakRssBytes / weightsBytes,
    addedOverWeights: (peakRssBytes - rssBeforeLoadBytes) / weightsBytes,
  };
  const threadsUsed = ort.env.wasm.numThreads ?? threads;
  return {
    threads: threadsUsed,
    memory,
    verdict,
    environment: {
      runtime: `node ${process.version}, onnxruntime-web ${ort.env.versions.web ?? '?'} (wasm, ${threadsUsed} thread${threadsUsed === 1 ? '' : 's'})`,
      webgpu: gpu.adapter,
      vkIcdFilenames: process.env.VK_ICD_FILENAMES ?? null,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: os.cpus().length,
      availableParallelism: os.availableParallelism(),
      memoryBytes: os.totalmem(),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    },
    model: {
      dir: options.modelDir,
      name: model.name,
      layers: spec.layers,
      vocab: V,
      kvHeads: spec.kvHeads,
      headDim: spec.headDim,
      loadMs,
      startId: tokenizer.startId,
    },
    results,
  };
}

/** The Verdict's two losses as `xent lm --file --split 0.9` computes them, the loss on the CPU twin. */
async function timeVerdict(
  model: Awaited<ReturnType<typeof loadNodeModel>>,
  text: string,
  log: (line: string) => void,
): Promise<VerdictReport> {
  const cpu = cpuScorer();
  const windowMs: number[] = [];
  const lossMs: number[] = [];
  let last = performance.now();
  const t0 = last;
  const score = await scoreLongText(model, text, {
    context: null,
    stride: null,
    split: 0.9,
    score: async (batch) => {
      const l0 = performance.now();
      const result = await cpu.score(batch);
      lossMs.push(performance.now() - l0);
      return result;
    },
    onWindow: (done, total) => {
      const now = performance.now();
      windowMs.push(now - last);
      last = now;
      if (done === total || done % 5 === 0) log(`Verdict: window ${done}/${total}`);
    },
  });
  const totalMs = performance.now() - t0;
  const part = (name: string) => score.parts.find((p) => p.name === name)?.loss ?? null;
  const train = part('train');
  const validation = part('validation');
  log(
    `Verdict: ${windowMs.length} windows in ${(totalMs / 1000).toFixed(1)} s; training loss ` +
      `${train?.loss.toFixed(4) ?? '–'}, validation loss ${validation?.loss.toFixed(4) ?? '–'}`,
  );
  return {
    context: score.context,
    stride: score.stride,
    windows: windowMs.length,
    totalMs,
    windowMs: stats(windowMs),
    lossMs: stats(lossMs),
    trainLoss: train?.loss ?? null,
    validationLoss: validation?.loss ?? null,
    trainTokens: train?.tokens ?? null,
    validationTokens: validation?.tokens ?? null,
  };
}
