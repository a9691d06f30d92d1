/**
 * What the reader can change on this first page: which back end computes, and which logits
 * (the book's example or their own file). Native controls, so keyboard and screen readers work
 * as everywhere else.
 */
import { useId, type ChangeEvent } from 'react';
import { resultToCsv, resultToJson, type XentResult } from '../../math';
import type { Backend, GpuStatus } from '../state';

interface ControlsProps {
  gpu: GpuStatus;
  backend: Backend | null;
  busy: boolean;
  result: XentResult | null;
  showingExample: boolean;
  onBackend: (backend: Backend) => void;
  onFiles: (files: File[]) => void;
  onExample: () => void;
}

/** Saves text as a file through a temporary object URL. */
function save(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** results.json: the same object as `xent score --json`. */
const exportJson = (result: XentResult) =>
  save(JSON.stringify(resultToJson(result), null, 2) + '\n', 'application/json', 'results.json');

/** results.csv: one row per token. */
const exportCsv = (result: XentResult) => save(resultToCsv(result), 'text/csv', 'results.csv');

export function Controls(props: ControlsProps) {
  const { gpu, backend, busy, result, showingExample, onBackend, onFiles, onExample } = props;
  const fileHelp = useId();
  const gpuHelp = useId();
  const gpuReady = gpu.kind === 'ready';
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <section className="controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Try it</h2>
      <fieldset className="choice">
        <legend>Compute on</legend>
        <label className="option">
          <input
            type="radio"
            name="backend"
            value="webgpu"
            checked={backend === 'webgpu'}
            disabled={!gpuReady}
            aria-describedby={gpuHelp}
            onChange={() => onBackend('webgpu')}
          />
          <span>WebGPU</span>
        </label>
        <label className="option">
          <input
            type="radio"
            name="backend"
            value="cpu"
            checked={backend === 'cpu'}
            disabled={backend === null}
            onChange={() => onBackend('cpu')}
          />
          <span>CPU (Web Worker)</span>
        </label>
        <p id={gpuHelp} className="help">
          {gpu.kind === 'ready' && `The GPU here: ${gpu.adapterName}.`}
          {gpu.kind === 'asking' && 'Asking the browser for a GPU…'}
          {(gpu.kind === 'unavailable' || gpu.kind === 'failed') && `WebGPU is off: ${gpu.reason}`}
        </p>
      </fieldset>

      <div className="field">
        <label htmlFor="logits-file">Load logits</label>
        <input
          id="logits-file"
          type="file"
          accept=".npz,.safetensors,.npy"
          multiple
          aria-describedby={fileHelp}
          onChange={onChange}
        />
        <p id={fileHelp} className="help">
          An <code>.npz</code> or <code>.safetensors</code> file with <code>logits</code> (batch, tokens,
          vocabulary) and <code>targets</code>, or <code>logits.npy</code> with <code>targets.npy</code>. It
          stays on this computer. You can also drop it onto the page.
        </p>
      </div>

      <div className="actions">
        {!showingExample && (
          <button type="button" onClick={onExample} disabled={busy}>
            Back to the book’s example
          </button>
        )}
        <button type="button" onClick={() => result && exportJson(result)} disabled={!result}>
          Export results (JSON)
        </button>
        <button type="button" onClick={() => result && exportCsv(result)} disabled={!result}>
          Export results (CSV)
        </button>
      </div>
    </section>
  );
}
