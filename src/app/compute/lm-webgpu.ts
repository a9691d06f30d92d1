/**
 * A pretrained model's forward pass on the GPU: onnxruntime-web's WebGPU execution provider on
 * the loss engine's own GPUDevice, with the `logits` output kept as a GPU buffer
 * (preferredOutputLocation). The engine adopts its rows by GPU-to-GPU copies (adoptRows), so the
 * B × T × V logits never come back to the CPU: the loss reads back 32 bytes a row.
 *
 * ORT's WebGPU build (and its .wasm) load with the first model run this way, from the built site.
 */
import type * as Ort from 'onnxruntime-web';
import { XentInputError } from '../../errors';
import type { GpuLogits, XentEngine } from '../../engine';
import type { ModelSpec } from '../../lm/config';
import {
  checkLogits,
  feedsFor,
  padBatch,
  type ForwardInputs,
  type OrtModule,
  signatureOf,
  logitsAsFloat32,
} from '../../lm/forward';
import { openSession, runRefusal, type ModelWeights } from '../../lm/load';
import { LOGITS_BUDGET_BYTES, readsEveryId } from '../../lm/token-limit';
import { onnxNodes } from '../../lm/onnx-nodes';
import { currentIntl } from '../i18n/current';

let ortWebGpu: Promise<OrtModule> | null = null;

/**
 * One onnxruntime call at a time, over every session: this build's WebAssembly (asyncify) is not
 * reentrant, and two overlapping calls (a model opened while another runs, two passes while the
 * reader types) end in "memory access out of bounds".
 */
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Nodes run on the CPU (WebAssembly) instead: Sin and Cos, which in rotary position embeddings
 * turn positions into angles. WGSL's sin and cos need only be accurate to 2^-11 absolute, which on
 * SwiftShader moved the Qwen fixture's log p by 1.6e-4 from PyTorch; on the CPU they are exact to
 * float32, and they are a few (T × head_dim / 2) values, so nothing is lost in speed.
 */
function cpuNodes(weights: Uint8Array): { forceCpuNodeNames?: string[] } {
  const names = onnxNodes(weights)
    .filter((n) => n.opType === 'Sin' || n.opType === 'Cos')
    .map((n) => n.name);
  // An empty list is not "none" to onnxruntime: the option is left out then.
  return names.length > 0 ? { forceCpuNodeNames: names } : {};
}

/** ORT's WebGPU build, on one thread (several would need cross-origin isolation). */
async function loadOrt(): Promise<OrtModule> {
  ortWebGpu ??= import('onnxruntime-web/webgpu').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort as unknown as OrtModule;
  });
  return ortWebGpu;
}

export class WebGpuForward {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    readonly device: GPUDevice,
    /**
     * float16 logits (fp16 exports) cannot be bound by the engine's float32 kernels: they are read
     * back (getData() of the GPU buffer), widened exactly and uploaded. float32 logits stay on the GPU.
     */
    private readonly halfLogits: boolean,
  ) {}

  /** Opens the session on the engine's device; a refused model file is one sentence. */
  static async open(weights: ModelWeights, engine: XentEngine): Promise<WebGpuForward> {
    const ort = await loadOrt();
    const provider = { name: 'webgpu', device: engine.device, ...cpuNodes(weights.graph) };
    // The engine's device, given in the provider's options: the output buffer is then one the
    // engine's kernels may bind.
    const session = await exclusive(() =>
      openSession(ort, weights, {
        executionProviders: [provider],
        preferredOutputLocation: { logits: 'gpu-buffer' },
      }),
    );
    const logitsMeta = session.outputMetadata.find((m) => m.name === 'logits');
    const half = !!logitsMeta && logitsMeta.isTensor && logitsMeta.type === 'float16';
    return new WebGpuForward(ort, session, engine.device, half);
  }

  /**
   * The texts' forward passes; their logits stay on the GPU and the engine keeps rows t < n_b − 1
   * of each text b of n_b ids, padded to a (B, T − 1, V) GpuLogits. The model reads all n_b ids
   * where they fit (lm/token-limit.ts, readsEveryId), else the first n_b − 1: the last id is only
   * a target, so 1 + n ids fit a context of n. Each text runs alone (batch 1, no padding): the
   * WebGPU provider fails on a padded attention mask in this onnxruntime-web (a WebAssembly "memory
   * access out of bounds"), and a text alone is what the model computes for it anyway.
   */
  run(spec: ModelSpec, inputs: ForwardInputs, engine: XentEngine): Promise<GpuLogits> {
    return exclusive(() => this.runNow(spec, inputs, engine));
  }

  private async runNow(spec: ModelSpec, inputs: ForwardInputs, engine: XentEngine): Promise<GpuLogits> {
    if (engine.device !== this.device) {
      throw new XentInputError(
        currentIntl().formatMessage({
          id: 'compute.webgpu.device-changed',
          defaultMessage: 'The GPU changed since the model was opened; load the model again.',
        }),
      );
    }
    if (this.halfLogits) return this.runThroughCpu(spec, inputs, engine);
    const outputs: Ort.Tensor[] = [];
    try {
      for (let b = 0; b < inputs.ids.length; b++) {
        const n = inputs.lengths[b]!;
        const read = readsEveryId(spec, 1, n, Math.min(LOGITS_BUDGET_BYTES, engine.maxBindingBytes))
          ? n
          : n - 1;
        const one = padBatch([inputs.ids[b]!.slice(0, read)], 0);
        const feeds = feedsFor(this.ort, signatureOf(this.session), spec, one);
        let logits: Ort.Tensor | undefined;
        try {
          logits = (await this.session.run(feeds, ['logits'])).logits;
        } catch (error) {
          throw new XentInputError(runRefusal(error, 'The model'));
        }
        if (!logits || logits.type !== 'float32' || logits.location !== 'gpu-buffer') {
          logits?.dispose();
          throw new XentInputError(
            currentIntl().formatMessage(
              {
                id: 'compute.webgpu.no-float32-logits',
                defaultMessage:
                  'The model has no float32 logits output on the GPU; export it with a float32 {output} output.',
                description:
                  'output: the ONNX output’s name in backticks, `logits`, unchanged in every language.',
              },
              { output: '`logits`' },
            ),
          );
        }
        outputs.push(logits);
        checkLogits(logits.dims, 1, read, spec);
      }
      const parts = outputs.map((logits, b) => ({
        buffer: logits.gpuBuffer as GPUBuffer,
        from: 0,
        rows: inputs.lengths[b]! - 1,
      }));
      const gpu = engine.adoptRows(parts, inputs.T - 1, spec.vocab);
      await gpu.ready;
      return gpu;
    } finally {
      // The copies are queued before ORT can reuse the buffers, so they may go back to its pool.
      for (const logits of outputs) logits.dispose();
    }
  }

  /** float16 logits: each text's rows widened on the CPU into one (B, T − 1, V) upload. */
  private async runThroughCpu(
    spec: ModelSpec,
    inputs: ForwardInputs,
    engine: XentEngine,
  ): Promise<GpuLogits> {
    const B = inputs.ids.length;
    const T = inputs.T - 1;
    const V = spec.vocab;
    const all = new Float32Array(B * T * V);
    for (let b = 0; b < B; b++) {
      const n = inputs.lengths[b]!;
      const read = readsEveryId(spec, 1, n, Math.min(LOGITS_BUDGET_BYTES, engine.maxBindingBytes))
        ? n
        : n - 1;
      const one = padBatch([inputs.ids[b]!.slice(0, read)], 0);
      const feeds = feedsFor(this.ort, signatureOf(this.session), spec, one);
      let outputs: Ort.InferenceSession.OnnxValueMapType;
      try {
        outputs = await this.session.run(feeds, ['logits']);
      } catch (error) {
        throw new XentInputError(runRefusal(error, 'The model'));
      }
      const logits = outputs.logits;
      if (!logits)
        throw new XentInputError(
          currentIntl().formatMessage(
            {
              id: 'compute.webgpu.no-logits',
              defaultMessage: 'The model has no logits output; export it with a {output} output.',
              description:
                'output: the ONNX output’s name in backticks, `logits`, unchanged in every language.',
            },
            { output: '`logits`' },
          ),
        );
      checkLogits(logits.dims, 1, read, spec);
      const rows = logitsAsFloat32(logits.type, await logits.getData());
      all.set(rows.subarray(0, (n - 1) * V), b * T * V);
      for (const t of Object.values(outputs)) t.dispose();
    }
    const gpu = engine.upload(all, [B, T, V]);
    await gpu.ready;
    return gpu;
  }

  release(): void {
    void exclusive(() => this.session.release()).catch(() => undefined);
  }
}
