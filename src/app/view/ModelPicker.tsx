/**
 * The pretrained-model source's panel: the curated models, each with its size, precision and
 * vocabulary before anything is fetched; any other causal LM by hub id or folder URL; the hub
 * base setting; the download's progress with Cancel; and the models kept in this browser.
 *
 * Nothing is downloaded without a click here: a link that names a model over 50 MB only fills in
 * the "Load" button below (App.tsx decides what a link may load by itself).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { messageOf } from '../../errors';
import { CATALOG, formatBytes, type CatalogModel } from '../../lm/catalog';
import { listVariants } from '../../lm/fetch-files';
import { isHubId, parseModelRef } from '../../lm/model-ref';
import {
  DTYPE_LABEL,
  DTYPES,
  FIXTURE_LOGP_ERROR,
  isExact,
  type Dtype,
  type Variant,
} from '../../lm/variants';
import type { ModelOn, Pretrained } from '../compute/use-pretrained';
import type { Units } from '../state';
import { formatCount } from './format';
import { LoadMeter, modelAmount } from './LoadMeter';
import { VerdictPanel } from './VerdictPanel';

/** Where the model's forward pass runs, and whether WebGPU is possible here. */
export interface ModelOnChoice {
  on: ModelOn;
  /** The loss is computed on WebGPU, so the model may run there too. */
  gpu: boolean;
  /** The GPU is emulated on the CPU (SwiftShader): WebAssembly is much faster there. */
  software: boolean;
  choose(on: ModelOn): void;
}

interface ModelPickerProps {
  pretrained: Pretrained;
  /** The model the page asks for (a link's model=, or the last one chosen). */
  wanted: string | null;
  /** The precision the link asks for with it. */
  wantedDtype: Dtype | null;
  modelOn: ModelOnChoice;
  /** The page's units, for the Exercise 5.5 panel's losses. */
  units: Units;
}

/**
 * `misfit`: the loaded model's name and why it runs on WebAssembly although WebGPU is chosen
 * (compute/gpu-fit.ts), so the choice shown is never what did not happen.
 */
function ModelOnPicker({ modelOn, misfit }: { modelOn: ModelOnChoice; misfit: string | null }) {
  const id = useId();
  return (
    <fieldset className="model-on">
      <legend>Run the model on</legend>
      <label>
        <input
          type="radio"
          name={`${id}-on`}
          checked={modelOn.on === 'webgpu'}
          disabled={!modelOn.gpu}
          onChange={() => modelOn.choose('webgpu')}
        />{' '}
        WebGPU, the logits kept on the GPU
      </label>
      <label>
        <input
          type="radio"
          name={`${id}-on`}
          checked={modelOn.on === 'wasm'}
          onChange={() => modelOn.choose('wasm')}
        />{' '}
        WebAssembly, in a worker on the CPU
      </label>
      <p className="model-hint">
        {!modelOn.gpu
          ? 'The loss is computed on the CPU here, so the model runs on WebAssembly.'
          : modelOn.software
            ? 'This GPU is emulated on the CPU, where a GPT‑2-sized model runs about 40 times faster on WebAssembly; the loss is still computed on WebGPU.'
            : 'On WebGPU the model’s logits never leave the GPU: the loss reads back 32 bytes a position.'}
      </p>
      {modelOn.on === 'webgpu' && misfit ? (
        <p className="model-hint" data-testid="model-misfit">
          {misfit}
        </p>
      ) : null}
    </fieldset>
  );
}

function DownloadProgress({ pretrained }: { pretrained: Pretrained }) {
  const loading = pretrained.loading;
  if (!loading) return null;
  const p = loading.progress;
  const amount = modelAmount(p);
  return (
    <LoadMeter
      className="model-progress"
      testId="model-progress"
      label={`Loading ${loading.refText}${p ? `: ${p.file}` : ''}…`}
      loaded={p?.loaded ?? 0}
      total={p?.total ?? null}
      valuetext={amount}
      amount={amount}
      cancel={{ text: 'Cancel the download', onClick: pretrained.cancel }}
    />
  );
}

/**
 * The precisions a typed hub id's repository holds, with their sizes, from the hub's folder
 * listing (asked once typing pauses); null for a folder URL or when the listing is unavailable, and
 * the picker then offers every precision.
 */
function useListedVariants(text: string, hubBase: string): Variant[] | null {
  const [listed, setListed] = useState<{ text: string; variants: Variant[] | null } | null>(null);
  useEffect(() => {
    if (!isHubId(text)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      listVariants(parseModelRef(text), hubBase, { signal: controller.signal }).then(
        (variants) => !controller.signal.aborted && setListed({ text, variants }),
        () => undefined,
      );
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, hubBase]);
  return listed?.text === text ? listed.variants : null;
}

/** What a precision other than float32 does to the numbers, in one sentence. */
export function precisionNote(dtype: Dtype): string {
  if (isExact(dtype)) return 'float32 weights: the numbers PyTorch gives.';
  const error = FIXTURE_LOGP_ERROR[dtype];
  return `${DTYPE_LABEL[dtype]} weights: a smaller download, but the logits move away from the float32 model’s, so every number here is approximate${error === undefined ? '' : ` (on the lab’s test model, log p moved by up to ${error} nats)`}.`;
}

/** One catalog model: its facts, its precisions (when it has several) and its Load button. */
function CatalogEntry({
  m,
  busy,
  cached,
  load,
}: {
  m: CatalogModel;
  busy: boolean;
  cached: ReadonlySet<string>;
  load: (id: string, dtype: Dtype) => void;
}) {
  const id = useId();
  const [dtype, setDtype] = useState<Dtype>(m.variants[0]!.dtype);
  const variant = m.variants.find((v) => v.dtype === dtype) ?? m.variants[0]!;
  return (
    <li className="model-entry">
      <button type="button" disabled={busy} onClick={() => load(m.id, variant.dtype)}>
        Load {m.title}
      </button>
      {m.variants.length > 1 && (
        <span className="model-dtype">
          <label htmlFor={id}>precision</label>{' '}
          <select
            id={id}
            aria-label={`${m.title}’s precision`}
            value={dtype}
            onChange={(e) => setDtype(e.target.value as Dtype)}
          >
            {m.variants.map((v) => (
              <option key={v.dtype} value={v.dtype}>
                {DTYPE_LABEL[v.dtype]}, {formatBytes(v.bytes)}
              </option>
            ))}
          </select>
        </span>
      )}
      <span className="model-facts">
        {m.millions}M parameters · V = {formatCount(m.vocab)} · {DTYPE_LABEL[variant.dtype]} ·{' '}
        {cached.has(m.id) ? 'in this browser’s cache' : `about ${formatBytes(variant.bytes)} to download`}
      </span>
      <span className="model-why">{m.why}</span>
      {!isExact(variant.dtype) && <span className="model-why">{precisionNote(variant.dtype)}</span>}
    </li>
  );
}

export function ModelPicker({ pretrained, wanted, wantedDtype, modelOn, units }: ModelPickerProps) {
  const id = useId();
  const [custom, setCustom] = useState(() => (wanted && !CATALOG.some((m) => m.id === wanted) ? wanted : ''));
  const [customDtype, setCustomDtype] = useState<Dtype>(wantedDtype ?? 'fp32');
  const listed = useListedVariants(custom.trim(), pretrained.hubBase);
  // A precision the repository does not hold gives way to the first one it does.
  const dtype = listed && !listed.some((v) => v.dtype === customDtype) ? listed[0]!.dtype : customDtype;
  const [base, setBase] = useState(pretrained.hubBase);
  const [baseError, setBaseError] = useState<string | null>(null);
  const busy = pretrained.loading !== null;
  const loaded = pretrained.loaded;
  const cachedIds = new Set(pretrained.cached.map((c) => c.model));
  const waiting = wanted && loaded?.refText !== wanted && !busy ? wanted : null;

  const onCustom = (event: FormEvent) => {
    event.preventDefault();
    pretrained.load(custom.trim(), dtype);
  };
  const onBase = (event: FormEvent) => {
    event.preventDefault();
    try {
      pretrained.setHubBase(base);
      setBaseError(null);
    } catch (error) {
      setBaseError(messageOf(error));
    }
  };

  return (
    <div className="model-picker" data-testid="model-picker">
      {loaded && (
        <p className="model-loaded" data-testid="model-loaded">
          Scoring with <strong>{loaded.name}</strong>: {formatCount(loaded.spec.vocab)} tokens in its
          vocabulary, {formatBytes(loaded.bytes)} of {DTYPE_LABEL[loaded.dtype]} weights ({loaded.onnxFile}){' '}
          {loaded.fromCache ? 'read from this browser’s cache' : 'downloaded'}.
          {!isExact(loaded.dtype) && ` ${precisionNote(loaded.dtype)}`}
          {loaded.sessions.wasm &&
            (loaded.threads > 1
              ? ` On WebAssembly it runs on ${loaded.threads} threads: this page is cross-origin isolated.`
              : ' On WebAssembly it runs on one thread (several need a cross-origin isolated page).')}
        </p>
      )}
      {waiting && (
        <p className="model-waiting">
          The link asks for <code>{waiting}</code>. A model is downloaded only when you ask:{' '}
          <button type="button" onClick={() => pretrained.load(waiting, wantedDtype)}>
            Load {waiting}
          </button>
        </p>
      )}
      <ul className="model-list" aria-label="Pretrained models">
        {CATALOG.map((m) => (
          <CatalogEntry key={m.id} m={m} busy={busy} cached={cachedIds} load={pretrained.load} />
        ))}
      </ul>
      <form className="model-custom" onSubmit={onCustom}>
        <label htmlFor={`${id}-ref`}>
          Or any causal language model with ONNX weights: its hub id or folder URL
        </label>
        <div className="model-custom-row">
          <input
            id={`${id}-ref`}
            type="text"
            value={custom}
            placeholder="openai-community/gpt2 or https://example.org/models/gpt2/"
            spellCheck={false}
            autoComplete="off"
            maxLength={2048}
            onChange={(e) => setCustom(e.target.value)}
          />
          <label htmlFor={`${id}-dtype`} className="visually-hidden">
            Precision
          </label>
          <select id={`${id}-dtype`} value={dtype} onChange={(e) => setCustomDtype(e.target.value as Dtype)}>
            {listed
              ? listed.map((v) => (
                  <option key={v.dtype} value={v.dtype}>
                    {DTYPE_LABEL[v.dtype]}, {formatBytes(v.bytes)}
                  </option>
                ))
              : DTYPES.map((d) => (
                  <option key={d} value={d}>
                    {DTYPE_LABEL[d]}
                  </option>
                ))}
          </select>
          <button type="submit" disabled={busy || custom.trim() === ''}>
            Load model
          </button>
        </div>
        <p className="model-hint">
          A folder holds config.json, tokenizer.json, tokenizer_config.json and, under onnx/, the weights as
          the hub names them: model.onnx (or decoder_model_merged.onnx, or decoder_model.onnx), with a suffix
          for other precisions (model_fp16.onnx, model_quantized.onnx, …) and any .onnx_data files beside it.
        </p>
      </form>
      <ModelOnPicker
        modelOn={modelOn}
        misfit={
          pretrained.loaded?.gpuMisfit
            ? `${pretrained.loaded.name} runs on WebAssembly here: ${pretrained.loaded.gpuMisfit}.`
            : null
        }
      />
      <DownloadProgress pretrained={pretrained} />
      <p className="pending" role="status">
        {pretrained.status}
      </p>
      <VerdictPanel model={loaded} units={units} />
      <details className="model-settings">
        <summary>Hub address and cached models</summary>
        <form className="model-custom" onSubmit={onBase}>
          <label htmlFor={`${id}-base`}>Hub base URL (files at base/model/resolve/main/file)</label>
          <div className="model-custom-row">
            <input
              id={`${id}-base`}
              type="url"
              value={base}
              spellCheck={false}
              onChange={(e) => setBase(e.target.value)}
              aria-describedby={baseError ? `${id}-base-error` : undefined}
            />
            <button type="submit">Save the hub address</button>
          </div>
          {baseError && (
            <p id={`${id}-base-error`} className="field-error" role="alert">
              {baseError}
            </p>
          )}
        </form>
        {pretrained.cached.length === 0 ? (
          <p className="model-hint">No model is kept in this browser yet.</p>
        ) : (
          <ul className="model-cached" aria-label="Models kept in this browser">
            {pretrained.cached.map((c) => (
              <li key={c.model}>
                <span>
                  {c.model}: {formatBytes(c.bytes)}
                </span>
                <button type="button" onClick={() => pretrained.remove(c.model)}>
                  Remove {c.model}
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}
