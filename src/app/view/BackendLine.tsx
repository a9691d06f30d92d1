/** Which back end computed the numbers on screen, and why the CPU did when it did. */
import type { XentResult } from '../../math';
import type { GpuStatus } from '../state';

function cpuBecause(gpu: GpuStatus): string {
  switch (gpu.kind) {
    case 'unavailable':
      return `, because WebGPU is unavailable here: ${gpu.reason}`;
    case 'failed':
      return `, because WebGPU stopped working: ${gpu.reason}`;
    case 'asking':
      return ', while WebGPU starts…';
    default:
      return ', as chosen below.';
  }
}

export function BackendLine({ result, gpu }: { result: XentResult; gpu: GpuStatus }) {
  return (
    <p className="backend" data-testid="backend" data-backend={result.backend}>
      <span className="backend-kind" aria-hidden="true">
        {result.backend === 'webgpu' ? 'GPU' : 'CPU'}
      </span>
      {result.backend === 'webgpu' ? (
        <span>
          Computed on <strong>WebGPU</strong>
          {gpu.kind === 'ready' ? ` · ${gpu.adapterName}` : ''}
        </span>
      ) : (
        <span>
          Computed on the <strong>CPU</strong> in a Web Worker{cpuBecause(gpu)}
        </span>
      )}
    </p>
  );
}
