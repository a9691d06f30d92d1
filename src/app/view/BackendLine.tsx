/** Which back end computed the numbers on screen, and why the CPU did when it did. */
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { XentResult } from '../../math';
import type { GpuStatus } from '../state';

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** The CPU's line: one whole sentence per reason it computed. */
function CpuLine({ gpu }: { gpu: GpuStatus }) {
  switch (gpu.kind) {
    case 'unavailable':
      return (
        <FormattedMessage
          id="backend.cpu.unavailable"
          defaultMessage="Computed on the <strong>CPU</strong> in a Web Worker, because WebGPU is unavailable here: {reason}"
          description="Which back end computed the numbers; reason: the browser's or the engine's sentence saying why there is no GPU."
          values={{ strong, reason: gpu.reason }}
        />
      );
    case 'failed':
      return (
        <FormattedMessage
          id="backend.cpu.failed"
          defaultMessage="Computed on the <strong>CPU</strong> in a Web Worker, because WebGPU stopped working: {reason}"
          description="Which back end computed the numbers; reason: the sentence saying how the GPU failed."
          values={{ strong, reason: gpu.reason }}
        />
      );
    case 'asking':
      return (
        <FormattedMessage
          id="backend.cpu.asking"
          defaultMessage="Computed on the <strong>CPU</strong> while WebGPU starts…"
          description="Which back end computed the numbers, while the page still waits for the GPU."
          values={{ strong }}
        />
      );
    default:
      return (
        <FormattedMessage
          id="backend.cpu.chosen"
          defaultMessage="Computed on the <strong>CPU</strong> in a Web Worker, as chosen below."
          description="Which back end computed the numbers: the reader chose the CPU in the controls below."
          values={{ strong }}
        />
      );
  }
}

export function BackendLine({ result, gpu }: { result: XentResult; gpu: GpuStatus }) {
  const intl = useIntl();
  return (
    <p className="backend" data-testid="backend" data-backend={result.backend}>
      <span className="backend-kind" aria-hidden="true">
        {result.backend === 'webgpu'
          ? intl.formatMessage({
              id: 'backend.badge.gpu',
              defaultMessage: 'GPU',
              description: 'Short badge before the back-end line: the graphics processor computed.',
            })
          : intl.formatMessage({
              id: 'backend.badge.cpu',
              defaultMessage: 'CPU',
              description: 'Short badge before the back-end line: the processor (not the GPU) computed.',
            })}
      </span>
      <span>
        {result.backend !== 'webgpu' ? (
          <CpuLine gpu={gpu} />
        ) : gpu.kind === 'ready' ? (
          <FormattedMessage
            id="backend.webgpu.adapter"
            defaultMessage="Computed on <strong>WebGPU</strong> · {adapter}"
            description="Which back end computed the numbers; adapter: the GPU's name as the browser gives it."
            values={{ strong, adapter: gpu.adapterName }}
          />
        ) : (
          <FormattedMessage
            id="backend.webgpu"
            defaultMessage="Computed on <strong>WebGPU</strong>"
            description="Which back end computed the numbers."
            values={{ strong }}
          />
        )}
      </span>
    </p>
  );
}
