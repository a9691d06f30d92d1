/**
 * The page's two back ends: the WebGPU engine when the browser gives a device, and the CPU path
 * in a Web Worker always. The GPU boundary (requestEngineDevice) is the only code that looks
 * inside `navigator.gpu`; this module just hands it over.
 */
import { engineScorer, type Scorer } from '../../backend';
import { EngineError, requestEngineDevice, tuningFor, XentEngine } from '../../engine';
import type { LogitsBatch, XentResult } from '../../math';
import type { Backend, GpuStatus } from '../state';
import { CpuWorkerClient } from './cpu-worker-client';

export class ComputeSession {
  private disposed = false;
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
  ): Promise<{ session: ComputeSession; status: GpuStatus }> {
    const cpu = new CpuWorkerClient();
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
      scorer = engineScorer(XentEngine.create(device, tuningFor(adapterName)), adapterName);
    } catch (error) {
      device.destroy();
      const reason = `The engine could not start on ${adapterName} (${String(error)}).`;
      return { session: new ComputeSession(cpu, null, onLost), status: { kind: 'unavailable', reason } };
    }
    return { session: new ComputeSession(cpu, scorer, onLost), status: { kind: 'ready', adapterName } };
  }

  /**
   * Scores on the chosen back end. A GPU failure (validation, out of memory, a lost device)
   * rejects with its sentence; the caller then marks the GPU failed and asks again on the CPU.
   */
  score(batch: LogitsBatch, backend: Backend): Promise<XentResult> {
    if (backend === 'cpu' || !this.engine) return this.cpu.score(batch);
    const computed = this.engine.score(batch);
    return this.gpuLost ? Promise.race([computed, this.gpuLost]) : computed;
  }

  dispose(): void {
    this.disposed = true;
    this.engine?.dispose();
    this.cpu.dispose();
  }
}
