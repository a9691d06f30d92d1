/**
 * What the reader can change on this first page: which back end computes, and which logits
 * (the book's example or their own file). Native controls, so keyboard and screen readers work
 * as everywhere else.
 */
import { memo, useId, type ChangeEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { resultToCsv, resultToJson, type XentResult } from '../../math';
import type { LoadProgress } from '../compute/sources';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
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

/** A file load's bar label, by phase: "Reading “run.npz”…". */
function phaseText(phase: LoadProgress['phase'], name: string): string {
  const intl = currentIntl();
  switch (phase) {
    case 'reading':
      return intl.formatMessage(
        {
          id: 'controls.load.reading',
          defaultMessage: 'Reading “{file}”…',
          description: 'A file’s progress bar label while its bytes are read; {file} is its name.',
        },
        { file: name },
      );
    case 'parsing':
      return intl.formatMessage(
        {
          id: 'controls.load.parsing',
          defaultMessage: 'Parsing “{file}”…',
          description: 'A file’s progress bar label while its arrays are decoded; {file} is its name.',
        },
        { file: name },
      );
    case 'computing':
      return intl.formatMessage(
        {
          id: 'controls.load.computing',
          defaultMessage: 'Computing the loss of “{file}”…',
          description: 'A file’s progress bar label while its loss is computed; {file} is its name.',
        },
        { file: name },
      );
  }
}

/** What an indeterminate bar says to a screen reader. */
function busyText(phase: 'parsing' | 'computing'): string {
  return phase === 'parsing'
    ? currentIntl().formatMessage({
        id: 'controls.busy.parsing',
        defaultMessage: 'Parsing the file',
        description: 'What a screen reader hears as the progress bar’s value while a file is decoded.',
      })
    : currentIntl().formatMessage({
        id: 'controls.busy.computing',
        defaultMessage: 'Computing the loss',
        description: 'What a screen reader hears as the progress bar’s value while the loss is computed.',
      });
}

/** Bytes in MiB to one decimal: "12.5 MiB". */
const mib = (bytes: number) =>
  currentIntl().formatMessage(
    {
      id: 'controls.mib',
      defaultMessage: '{value} MiB',
      description: 'A size in mebibytes (MiB = 2²⁰ bytes), e.g. 12.5 MiB.',
    },
    {
      value: intlNumber(bytes / 2 ** 20, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        useGrouping: false,
      }),
    },
  );

/** How far a load is, in words: "37.5 of 100.0 MiB read", or the phase alone once read. */
export function progressAmount(progress: LoadProgress): string {
  const { phase, loaded, total } = progress;
  const intl = currentIntl();
  if (phase === 'reading' && total !== null)
    return intl.formatMessage(
      {
        id: 'controls.amount.of',
        defaultMessage: '{loaded} of {total} read',
        description: 'How much of a file is read: e.g. “37.5 MiB of 100.0 MiB read”.',
      },
      { loaded: mib(loaded), total: mib(total) },
    );
  return intl.formatMessage(
    {
      id: 'controls.amount',
      defaultMessage: '{size} read',
      description: 'How much of a file is read: e.g. “37.5 MiB read”.',
    },
    { size: mib(phase === 'reading' ? loaded : (total ?? loaded)) },
  );
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
    valuetext: phase === 'reading' ? amount : busyText(phase),
    amount,
  };
}

/** A <progress> (role progressbar) named by its label, e.g. "Reading “run.npz”". */
function LoadProgressBar({ progress }: { progress: LoadProgress }) {
  return (
    <LoadMeter
      testId="load-progress"
      label={phaseText(progress.phase, progress.name)}
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
      <legend>
        <FormattedMessage
          id="controls.backend.legend"
          defaultMessage="Compute on"
          description="Legend of the choice of where the loss is computed: WebGPU or the CPU."
        />
      </legend>
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
        <span>
          <FormattedMessage
            id="controls.backend.webgpu"
            defaultMessage="WebGPU"
            description="A back end’s name: the browser’s GPU API (a proper name, usually kept)."
          />
        </span>
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
        <span>
          <FormattedMessage
            id="controls.backend.cpu"
            defaultMessage="CPU (Web Worker)"
            description="A back end: the processor, in a background thread of the page (Web Worker is the API’s name)."
          />
        </span>
      </label>
      <p id={gpuHelp} className="help">
        {gpu.kind === 'ready' && (
          <FormattedMessage
            id="controls.gpu.ready"
            defaultMessage="The GPU here: {adapter}."
            description="{adapter} is the graphics card’s name as the browser gives it."
            values={{ adapter: gpu.adapterName }}
          />
        )}
        {gpu.kind === 'asking' && (
          <FormattedMessage id="controls.gpu.asking" defaultMessage="Asking the browser for a GPU…" />
        )}
        {(gpu.kind === 'unavailable' || gpu.kind === 'failed') && (
          <FormattedMessage
            id="controls.gpu.off"
            defaultMessage="WebGPU is off: {reason}"
            description="{reason} is a sentence saying why (it ends with its own full stop)."
            values={{ reason: gpu.reason }}
          />
        )}
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
  // Memoised, and the progress bar's label is a plain string (phaseText): the intl context renders
  // it again in a new language.
  useIntl();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <div className="field">
      <label htmlFor="logits-file">
        <FormattedMessage
          id="controls.file.label"
          defaultMessage="Load logits"
          description="Label of the file chooser for a file of logits (a model’s raw scores)."
        />
      </label>
      <input
        id="logits-file"
        type="file"
        accept=".npz,.safetensors,.npy"
        multiple
        aria-describedby={fileHelp}
        onChange={onChange}
      />
      <p id={fileHelp} className="help">
        <FormattedMessage
          id="controls.file.help"
          defaultMessage="An {npz} or {safetensors} file with {logits} (batch, tokens, vocabulary) and {targets}, or {logitsNpy} with {targetsNpy}. It stays on this computer. You can also drop it onto the page."
          description="Under the file chooser. The arguments are file formats, array names and file names, shown as code; (batch, tokens, vocabulary) is the logits array’s shape."
          values={{
            npz: <code>.npz</code>,
            safetensors: <code>.safetensors</code>,
            logits: <code>logits</code>,
            targets: <code>targets</code>,
            logitsNpy: <code>logits.npy</code>,
            targetsNpy: <code>targets.npy</code>,
          }}
        />
      </p>
      {progress ? <LoadProgressBar progress={progress} /> : null}
    </div>
  );
});

export function Controls(props: ControlsProps) {
  const { gpu, backend, busy, result, showingExample, onBackend, onFiles, progress, onExample } = props;
  return (
    <section className="controls" aria-labelledby="controls-title">
      <h2 id="controls-title">
        <FormattedMessage
          id="controls.title"
          defaultMessage="Try it"
          description="Heading of the controls: where the reader picks the back end and loads their own logits."
        />
      </h2>
      <BackendChoice gpu={gpu} backend={backend} onBackend={onBackend} />
      <FileField onFiles={onFiles} progress={progress} />

      <ExportHelp />

      <div className="actions">
        {!showingExample && (
          <button type="button" onClick={onExample} disabled={busy}>
            <FormattedMessage id="controls.example" defaultMessage="Back to the book’s example" />
          </button>
        )}
        <button type="button" onClick={() => result && exportJson(result)} disabled={!result}>
          <FormattedMessage
            id="controls.export.json"
            defaultMessage="Export results (JSON)"
            description="Button that saves the results as a JSON file (JSON is a file format)."
          />
        </button>
        <button type="button" onClick={() => result && exportCsv(result)} disabled={!result}>
          <FormattedMessage
            id="controls.export.csv"
            defaultMessage="Export results (CSV)"
            description="Button that saves the results as a CSV file (CSV is a file format)."
          />
        </button>
      </div>
    </section>
  );
}
