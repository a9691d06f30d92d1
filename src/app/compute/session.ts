/**
 * The page's two back ends: the WebGPU engine when the browser gives a device, and the CPU path
 * in a Web Worker always. The GPU boundary (requestEngineDevice) is the only code that looks
 * inside `navigator.gpu`; this module just hands it over.
 */
import { engineScorer, type Scorer } from '../../backend';
import {
  EngineError,
  GpuLogits,
  PModelGenerator,
  requestEngineDevice,
  tuningFor,
  XentEngine,
} from '../../engine';
import { argmax, makeBatch, type FloatArray, type LogitsBatch, type XentResult } from '../../math';
import { currentIntl } from '../i18n/current';
import type { Backend, GpuStatus } from '../state';
import { CpuWorkerClient } from './cpu-worker-client';
import { logitsKey, logitsRow, pModelOf } from './p-model-batch';
import { rowDetailCpu, sumFloat64, TOP_K, type RowDetail } from './row-detail';

/**
 * Most changed logits an edited row is made from on the device (editRow, 4 bytes each); a row
 * with more changes (a gradient step changes all V) is uploaded whole, in one write.
 */
const MAX_EDITED_LOGITS = 64;

/** Logits on the GPU and the computations running on them; `made` for a generated p-model tensor. */
interface Upload {
  gpu: GpuLogits;
  running: number;
  made?: Promise<void>;
}

export class ComputeSession {
  private disposed = false;
  /**
   * Logits on the GPU, by their key (logitsKey: the array, or a p-model batch): the newest is
   * kept so the focused row's kernels need no upload; an older one is freed once no computation
   * on it is running (a slider moved quickly uploads new logits while the previous ones are
   * still being read).
   */
  private readonly uploads = new Map<object, Upload>();
  private newest: object | null = null;
  /** Batches whose logits exist only on the GPU (adopted): they cannot be uploaded again. */
  private readonly resident = new WeakSet<object>();
  /** The dragged row's (1, 1, V) tensor on the GPU, made by editRow and kept between moves. */
  private edited: GpuLogits | null = null;
  /** Makes the p model's logits on the GPU from p (engine/p-model.ts), instead of an upload. */
  private pModel: PModelGenerator | null = null;
  /** Rejects with an EngineError once the device is lost; raced against every GPU computation. */
  private readonly gpuLost: Promise<never> | null;

  private constructor(
    private readonly cpu: CpuWorkerClient,
    private readonly engine: Scorer | null,
    /** Called once if the device is lost while the page is open (not when it is disposed). */
    onLost: (reason: string) => void,
  ) {
    const lost = engine?.engine?.lost;
    this.gpuLost = lost
      ? lost.then((reason) => {
          if (!this.disposed) onLost(reason);
          throw new EngineError(reason);
        })
      : null;
    this.gpuLost?.catch(() => undefined);
  }

  /** Asks for a device; the status says which back ends exist and, if no GPU, why. */
  static async open(
    gpu: GPU | undefined,
    onLost: (reason: string) => void,
    /** The CPU back end: the page's early worker (early-cpu.ts), or a new one. */
    cpu: CpuWorkerClient = new CpuWorkerClient(),
    /** A test hook: milliseconds to wait before asking for the GPU (early-cpu.ts, gpuHoldMs). */
    holdMs = 0,
  ): Promise<{ session: ComputeSession; status: GpuStatus }> {
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    const request = await requestEngineDevice(gpu);
    if (!request.ok) {
      return {
        session: new ComputeSession(cpu, null, onLost),
        status: { kind: 'unavailable', reason: request.reason },
      };
    }
    const { device, adapterName } = request;
    let scorer: Scorer;
    try {
      const engine = XentEngine.create(device, tuningFor(adapterName));
      // The loss's pipelines compile while the page still fetches and parses its first logits.
      void engine.prepare();
      scorer = engineScorer(engine, adapterName);
    } catch (error) {
      device.destroy();
      const reason = currentIntl().formatMessage(
        {
          id: 'compute.engine.no-start',
          defaultMessage: 'The engine could not start on {adapter} ({error}).',
          description:
            'Why WebGPU is unavailable: the loss engine failed on this GPU. adapter: the GPU’s name; error: the browser’s message, in English.',
        },
        { adapter: adapterName, error: String(error) },
      );
      return { session: new ComputeSession(cpu, null, onLost), status: { kind: 'unavailable', reason } };
    }
    return { session: new ComputeSession(cpu, scorer, onLost), status: { kind: 'ready', adapterName } };
  }

  /**
   * The WebGPU engine, for views that run their own kernels (the explorations); null without a
   * GPU. Callers race their work against `lost` as score() does.
   */
  get gpu(): XentEngine | null {
    return this.engine?.engine ?? null;
  }

  /** Rejects with an EngineError once the device is lost; null without a GPU. */
  get lost(): Promise<never> | null {
    return this.gpuLost;
  }

  /**
   * Registers logits that are already on the engine's GPU (a pretrained model run there) for the
   * batch, so scoring and the row views use them; `batch.logits` is only their key.
   */
  adopt(batch: LogitsBatch, gpu: GpuLogits): void {
    const key = logitsKey(batch);
    if (this.uploads.get(key)?.gpu === gpu) return;
    this.resident.add(key);
    this.uploads.set(key, { gpu, running: 0 });
  }

  /** The CPU path in the worker: a batch in, its result out (the explorations' CPU twin). */
  scoreOnCpu(batch: LogitsBatch): Promise<XentResult> {
    return this.cpu.score(batch);
  }

  /**
   * The batch at temperature T (the math module's withTemperature), scored in the CPU worker,
   * which keeps the batch between calls: a move of the temperature slider sends T, not the tensor.
   */
  scoreOnCpuAtTemperature(batch: LogitsBatch, T: number): Promise<XentResult> {
    return this.cpu.scoreAtTemperature(batch, T);
  }

  /**
   * The batch at temperature T on the GPU, from the logits already there: the loss kernels read
   * every logit times 1/T (XentEngine.scoreUploaded's scale), so a move of the temperature slider
   * sends one float and reads back 32 bytes per row; nothing is divided on the CPU or uploaded.
   * Agrees with the math module's withTemperature to the f32 tolerance (README, "Precision").
   */
  scoreOnGpuAtTemperature(batch: LogitsBatch, T: number): Promise<XentResult> {
    const engine = this.engine?.engine;
    if (!engine) return Promise.reject(new EngineError('There is no WebGPU engine.'));
    return this.onGpu(engine, batch, (gpu) =>
      engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex, 1 / T),
    );
  }

  /**
   * Row `r` of the batch with its logits `base` edited into `z` (a dragged logit, a gradient
   * step), scored alone on the GPU as a (1, 1, V) batch with target `target`. When few logits
   * changed, the row is made on the device from the batch's logits already there (editRow: a GPU
   * copy, and 4 bytes per changed logit from the CPU); when many did, the row is uploaded. Either
   * way the device holds the float32 values of `z`, so both give the same loss bit for bit.
   */
  scoreEditedRow(
    batch: LogitsBatch,
    r: number,
    base: FloatArray,
    z: FloatArray,
    target: number,
  ): Promise<XentResult> {
    const engine = this.engine?.engine;
    if (!engine) return Promise.reject(new EngineError('There is no WebGPU engine.'));
    const V = z.length;
    const ids: number[] = [];
    for (let i = 0; i < V && ids.length <= MAX_EDITED_LOGITS; i++) {
      if (Math.fround(z[i]!) !== Math.fround(base[i]!)) ids.push(i);
    }
    const one = makeBatch(z, [1, 1, V], [target]);
    if (ids.length > MAX_EDITED_LOGITS) return engine.score(one);
    return this.onGpu(engine, batch, async (gpu) => {
      if (!this.edited || this.edited.isDestroyed || this.edited.shape[2] !== V) {
        this.edited?.destroy();
        this.edited = engine.allocateLogits([1, 1, V]);
      }
      const into = this.edited;
      await engine.editRow(
        gpu,
        r,
        into,
        ids,
        Float32Array.from(ids, (i) => z[i]!),
      );
      return engine.scoreUploaded(into, one.targets, one.ignoreIndex);
    });
  }

  /**
   * Scores on the chosen back end. A GPU failure (validation, out of memory, a lost device)
   * rejects with its sentence; the caller then marks the GPU failed and asks again on the CPU.
   */
  score(batch: LogitsBatch, backend: Backend): Promise<XentResult> {
    const engine = this.engine?.engine;
    if (backend === 'cpu' || !engine) {
      if (this.resident.has(logitsKey(batch))) {
        return Promise.reject(
          new EngineError(
            currentIntl().formatMessage({
              id: 'compute.engine.gpu-only',
              defaultMessage: 'These logits are on the GPU only; run the model on the CPU.',
              description:
                'A pretrained model’s logits were left on the GPU, and the CPU was asked to score them.',
            }),
          ),
        );
      }
      return this.cpu.score(batch);
    }
    return this.onGpu(engine, batch, (gpu) => engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex));
  }

  /**
   * The focused row's detail for the logits and softmax stages: on the GPU from the batch last
   * scored there (probabilities, normaliser and top-k kernels), else by the CPU twin.
   */
  async rowDetail(batch: LogitsBatch, b: number, t: number, backend: Backend): Promise<RowDetail> {
    const engine = this.engine?.engine;
    if (backend === 'cpu' || !engine) return rowDetailCpu(batch, b, t);
    const r = b * batch.shape[1] + t;
    const V = batch.shape[2];
    const key = logitsKey(batch);
    const onGpuOnly = this.resident.has(key);
    const [probs, norm, top, logits] = await this.onGpu(engine, batch, (gpu) =>
      Promise.all([
        engine.rowProbs(gpu, r),
        engine.rowNormaliser(gpu, r),
        engine.topK(gpu, r, Math.min(TOP_K, V)),
        // Logits on the GPU only: this one row comes back, to be drawn.
        onGpuOnly ? engine.readRow(gpu, r) : logitsRow(batch, r),
      ]),
    );
    return {
      source: key,
      row: r,
      b,
      t,
      logits,
      probs,
      max: norm.m,
      sumExp: 1 + norm.r,
      probSum: sumFloat64(probs),
      top: Array.from(top.ids, (id, i) => ({ id, logit: top.logits[i]!, prob: probs[id]! })),
      backend: 'webgpu',
    };
  }

  /**
   * The argmax (the model's own guess) of each listed row: on the CPU from the logits, or, for
   * logits on the GPU only, by the engine's top-1 (4 bytes of id and 4 of logit back per row).
   */
  async argmaxRows(batch: LogitsBatch, rows: readonly number[], backend: Backend): Promise<number[]> {
    const engine = this.engine?.engine;
    if (!this.resident.has(logitsKey(batch)) || backend === 'cpu' || !engine) {
      return rows.map((r) => argmax(logitsRow(batch, r)));
    }
    return this.onGpu(engine, batch, async (gpu) => {
      const ids: number[] = [];
      for (const r of rows) ids.push((await engine.topK(gpu, r, 1)).ids[0]!);
      return ids;
    });
  }

  /**
   * Runs `work` on the batch's logits on the GPU, uploading them if they are not there (a p-model
   * batch's are generated there from p). New logits retire the others; a retired upload is
   * freed when its last computation ends.
   */
  private async onGpu<T>(engine: XentEngine, batch: LogitsBatch, work: (gpu: GpuLogits) => Promise<T>) {
    const key = logitsKey(batch);
    let entry = this.uploads.get(key);
    if (this.resident.has(key) && (!entry || entry.gpu.isDestroyed)) {
      throw new EngineError(
        currentIntl().formatMessage({
          id: 'compute.engine.freed',
          defaultMessage: 'These logits were freed from the GPU; run the model again.',
          description: 'A pretrained model’s logits, kept on the GPU only, are no longer there.',
        }),
      );
    }
    if (!entry || entry.gpu.isDestroyed) {
      const pModel = pModelOf(batch);
      entry = pModel
        ? {
            ...(this.pModel ??= new PModelGenerator(engine)).generate(
              batch.shape,
              batch.targets,
              batch.ignoreIndex,
              pModel.p,
            ),
            running: 0,
          }
        : { gpu: engine.upload(batch.logits, batch.shape), running: 0 };
      this.uploads.set(key, entry);
    }
    if (this.newest !== key) {
      this.newest = key;
      for (const [other, upload] of this.uploads) {
        if (other !== key && upload.running === 0) this.free(other);
      }
    }
    entry.running++;
    try {
      // A generated tensor's work counts only once the GPU has accepted the dispatches that made it.
      const made = entry.made;
      const working = made
        ? Promise.all([work(entry.gpu), made]).then(([result]) => result)
        : work(entry.gpu);
      return await this.raceLoss(working);
    } finally {
      entry.running--;
      if (entry.running === 0 && this.newest !== key) this.free(key);
    }
  }

  /** Frees an upload; a p-model tensor goes back to its generator, to be written again. */
  private free(key: object): void {
    const entry = this.uploads.get(key);
    this.uploads.delete(key);
    if (entry?.made && this.pModel) this.pModel.recycle(entry.gpu);
    else entry?.gpu.destroy();
  }

  private raceLoss<T>(computing: Promise<T>): Promise<T> {
    return this.gpuLost ? Promise.race([computing, this.gpuLost]) : computing;
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.uploads.keys()]) this.free(key);
    this.pModel?.dispose();
    this.edited?.destroy();
    this.engine?.dispose();
    this.cpu.dispose();
  }
}
