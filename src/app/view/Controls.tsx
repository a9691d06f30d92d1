/**
 * What the reader can change on this first page: which back end computes, and which logits
 * (the book's example or their own file). Native controls, so keyboard and screen readers work
 * as everywhere else.
 */
import { memo, useId, type ChangeEvent } from 'react';
import { resultToCsv, resultToJson, type XentResult } from '../../math';
import type { LoadProgress } from '../compute/sources';
import type { Backend, GpuStatus } from '../state';
import { ExportHelp } from './ExportHelp';
import './files.css';
import { LoadMeter } from './LoadMeter';
import { saveBlob } from './save-file';

interface ControlsProps {
  gpu: GpuStatus;
  backend: Backend | null;
  busy: boolean;
  result: XentResult | null;
  showingExample: boolean;
  onBackend: (backend: Backend) => void;
  onFiles: (files: File[]) => void;
  /** A big file being read, parsed or scored; null otherwise. */
  progress?: LoadProgress | null;
  onExample: () => void;
}

const PHASE_TEXT = {
  reading: 'Reading',
  parsing: 'Parsing',
  computing: 'Computing the loss of',
} as const;

/** What an indeterminate bar says to a screen reader. */
const BUSY_TEXT = { parsing: 'Parsing the file', computing: 'Computing the loss' } as const;

/** Bytes in MiB to one decimal: "12.5 MiB". */
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** How far a load is, in words: "37.5 of 100.0 MiB read", or the phase alone once read. */
export function progressAmount(progress: LoadProgress): string {
  const { phase, loaded, total } = progress;
  if (phase !== 'reading') return `${mib(total ?? loaded)} read`;
  return total === null ? `${mib(loaded)} read` : `${mib(loaded)} of ${mib(total)} read`;
}

/**
 * A file load's bar, as LoadMeter draws it: determinate while the bytes are counted,
 * indeterminate while the worker parses and the back end computes. The first screen's wait line
 * draws the same bar.
 */
export function fileMeter(progress: LoadProgress) {
  const { phase, loaded, total } = progress;
  const determinate = phase === 'reading' && total !== null && total > 0;
  const amount = progressAmount(progress);
  return {
    phase,
    loaded,
    total: determinate ? total : null,
    valuetext: phase === 'reading' ? amount : BUSY_TEXT[phase],
    amount,
  };
}

/** A <progress> (role progressbar) named by its label, e.g. "Reading “run.npz”". */
function LoadProgressBar({ progress }: { progress: LoadProgress }) {
  return (
    <LoadMeter
      testId="load-progress"
      label={`${PHASE_TEXT[progress.phase]} “${progress.name}”…`}
      {...fileMeter(progress)}
    />
  );
}

/** Saves text as a file. */
const save = (text: string, type: string, name: string) => saveBlob(new Blob([text], { type }), name);

/** results.json: the same object as `xent score --json`. */
const exportJson = (result: XentResult) =>
  save(JSON.stringify(resultToJson(result), null, 2) + '\n', 'application/json', 'results.json');

/** results.csv: one row per token. */
const exportCsv = (result: XentResult) => save(resultToCsv(result), 'text/csv', 'results.csv');

/**
 * The back-end radios, apart from what changes with every result (the export buttons), so a new
 * result does not render them again: React sets an input's name and type on every render.
 */
const BackendChoice = memo(function BackendChoice({
  gpu,
  backend,
  onBackend,
}: Pick<ControlsProps, 'gpu' | 'backend' | 'onBackend'>) {
  const gpuHelp = useId();
  const gpuReady = gpu.kind === 'ready';
  return (
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
  );
});

/** The file chooser and a big file's progress; apart for the same reason as BackendChoice. */
const FileField = memo(function FileField({
  onFiles,
  progress,
}: Pick<ControlsProps, 'onFiles' | 'progress'>) {
  const fileHelp = useId();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
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
      {progress ? <LoadProgressBar progress={progress} /> : null}
    </div>
  );
});

export function Controls(props: ControlsProps) {
  const { gpu, backend, busy, result, showingExample, onBackend, onFiles, progress, onExample } = props;
  return (
    <section className="controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Try it</h2>
      <BackendChoice gpu={gpu} backend={backend} onBackend={onBackend} />
      <FileField onFiles={onFiles} progress={progress} />

      <ExportHelp />

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
