/**
 * The pretrained-model source's panel: the curated models, each with its size, precision and
 * vocabulary before anything is fetched; any other causal LM by hub id or folder URL; the hub
 * base setting; the download's progress with Cancel; and the models kept in this browser.
 *
 * Nothing is downloaded without a click here: a link that names a model over 50 MB only fills in
 * the "Load" button below (App.tsx decides what a link may load by itself).
 */
import { useLocale } from '../i18n/LocaleRoot';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { messageOf } from '../../errors';
import { CATALOG, formatBytes, type CatalogModel } from '../../lm/catalog';
import { listVariants } from '../../lm/fetch-files';
import { isHubId, parseModelRef } from '../../lm/model-ref';
import { DTYPES, FIXTURE_LOGP_ERROR, isExact, type Dtype, type Variant } from '../../lm/variants';
import { currentIntl } from '../i18n/current';
import type { ModelOn, Pretrained } from '../compute/use-pretrained';
import type { Units } from '../state';
import { formatCount, formatNumber } from './format';
import { LoadMeter, modelAmount } from './LoadMeter';
import { dtypeLabel, modelWhy } from './model-why';
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
      <legend>
        <FormattedMessage id="model.on.legend" defaultMessage="Run the model on" />
      </legend>
      <label>
        <input
          type="radio"
          name={`${id}-on`}
          checked={modelOn.on === 'webgpu'}
          disabled={!modelOn.gpu}
          onChange={() => modelOn.choose('webgpu')}
        />{' '}
        <FormattedMessage id="model.on.webgpu" defaultMessage="WebGPU, the logits kept on the GPU" />
      </label>
      <label>
        <input
          type="radio"
          name={`${id}-on`}
          checked={modelOn.on === 'wasm'}
          onChange={() => modelOn.choose('wasm')}
        />{' '}
        <FormattedMessage id="model.on.wasm" defaultMessage="WebAssembly, in a worker on the CPU" />
      </label>
      <p className="model-hint">
        {!modelOn.gpu ? (
          <FormattedMessage
            id="model.on.hint.cpu"
            defaultMessage="The loss is computed on the CPU here, so the model runs on WebAssembly."
          />
        ) : modelOn.software ? (
          <FormattedMessage
            id="model.on.hint.software"
            defaultMessage="This GPU is emulated on the CPU, where a GPT‑2-sized model runs about 40 times faster on WebAssembly; the loss is still computed on WebGPU."
          />
        ) : (
          <FormattedMessage
            id="model.on.hint.gpu"
            defaultMessage="On WebGPU the model’s logits never leave the GPU: the loss reads back 32 bytes a position."
          />
        )}
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
  const intl = useIntl();
  const loading = pretrained.loading;
  if (!loading) return null;
  const p = loading.progress;
  const amount = modelAmount(p);
  return (
    <LoadMeter
      className="model-progress"
      testId="model-progress"
      label={
        p
          ? intl.formatMessage(
              {
                id: 'model.download.label.file',
                defaultMessage: 'Loading {model}: {file}…',
                description: 'The download bar’s label: the model’s hub id, then the file being fetched.',
              },
              { model: loading.refText, file: p.file },
            )
          : intl.formatMessage(
              {
                id: 'model.download.label',
                defaultMessage: 'Loading {model}…',
                description: 'The download bar’s label before the first file starts: the model’s hub id.',
              },
              { model: loading.refText },
            )
      }
      loaded={p?.loaded ?? 0}
      total={p?.total ?? null}
      valuetext={amount}
      amount={amount}
      cancel={{
        text: intl.formatMessage({
          id: 'model.download.cancel',
          defaultMessage: 'Cancel the download',
          description: 'Button that stops a model’s download.',
        }),
        onClick: pretrained.cancel,
      }}
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
  const intl = currentIntl();
  if (isExact(dtype))
    return intl.formatMessage({
      id: 'model.precision.exact',
      defaultMessage: 'float32 weights: the numbers PyTorch gives.',
      description: 'float32 is a data type’s name; PyTorch is a library’s name.',
    });
  const error = FIXTURE_LOGP_ERROR[dtype];
  return error === undefined
    ? intl.formatMessage(
        {
          id: 'model.precision.approximate',
          defaultMessage:
            '{dtype} weights: a smaller download, but the logits move away from the float32 model’s, so every number here is approximate.',
          description: '{dtype}: a precision’s label, such as “float16” or “4-bit weights”.',
        },
        { dtype: dtypeLabel(dtype) },
      )
    : intl.formatMessage(
        {
          id: 'model.precision.approximate.measured',
          defaultMessage:
            '{dtype} weights: a smaller download, but the logits move away from the float32 model’s, so every number here is approximate (on the lab’s test model, log p moved by up to {error} nats).',
          description:
            '{dtype}: a precision’s label, such as “float16”; log p is a formula; nats is the unit of the loss.',
        },
        { dtype: dtypeLabel(dtype), error: formatNumber(error) },
      );
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
  const intl = useIntl();
  const [dtype, setDtype] = useState<Dtype>(m.variants[0]!.dtype);
  const variant = m.variants.find((v) => v.dtype === dtype) ?? m.variants[0]!;
  return (
    <li className="model-entry">
      <button type="button" disabled={busy} onClick={() => load(m.id, variant.dtype)}>
        <FormattedMessage
          id="model.entry.load"
          defaultMessage="Load {model}"
          description="Button that downloads a model; {model} is its name, such as GPT‑2 small."
          values={{ model: m.title }}
        />
      </button>
      {m.variants.length > 1 && (
        <span className="model-dtype">
          <label htmlFor={id}>
            <FormattedMessage
              id="model.entry.precision"
              defaultMessage="precision"
              description="Label of a menu of a model’s precisions (float32, float16, 8-bit…)."
            />
          </label>{' '}
          <select
            id={id}
            aria-label={intl.formatMessage(
              {
                id: 'model.entry.precision.label',
                defaultMessage: '{model}’s precision',
                description: 'The precision menu’s name for screen readers; {model} is a model’s name.',
              },
              { model: m.title },
            )}
            value={dtype}
            onChange={(e) => setDtype(e.target.value as Dtype)}
          >
            {m.variants.map((v) => (
              <option key={v.dtype} value={v.dtype}>
                {dtypeLabel(v.dtype)}, {formatBytes(v.bytes)}
              </option>
            ))}
          </select>
        </span>
      )}
      <span className="model-facts">
        {cached.has(m.id) ? (
          <FormattedMessage
            id="model.entry.facts.cached"
            defaultMessage="{millions}M parameters · V = {vocab} · {dtype} · in this browser’s cache"
            description="A model’s facts: M = millions of parameters; V = the vocabulary’s size; {dtype} = its precision."
            values={{
              millions: formatCount(m.millions),
              vocab: formatCount(m.vocab),
              dtype: dtypeLabel(variant.dtype),
            }}
          />
        ) : (
          <FormattedMessage
            id="model.entry.facts.download"
            defaultMessage="{millions}M parameters · V = {vocab} · {dtype} · about {size} to download"
            description="A model’s facts: M = millions of parameters; V = the vocabulary’s size; {dtype} = its precision; {size} = e.g. 501 MB."
            values={{
              millions: formatCount(m.millions),
              vocab: formatCount(m.vocab),
              dtype: dtypeLabel(variant.dtype),
              size: formatBytes(variant.bytes),
            }}
          />
        )}
      </span>
      <span className="model-why">{modelWhy(m)}</span>
      {!isExact(variant.dtype) && <span className="model-why">{precisionNote(variant.dtype)}</span>}
    </li>
  );
}

export function ModelPicker({ pretrained, wanted, wantedDtype, modelOn, units }: ModelPickerProps) {
  const id = useId();
  const intl = useIntl();
  const { locale } = useLocale();
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
          {loaded.fromCache ? (
            <FormattedMessage
              id="model.loaded.cache"
              defaultMessage="Scoring with <strong>{model}</strong>: {vocab} tokens in its vocabulary, {size} of {dtype} weights ({file}) read from this browser’s cache."
              description="{model}: the model’s name; {size}: e.g. 501 MB; {dtype}: its precision, e.g. float32; {file}: the ONNX file’s name."
              values={{
                strong: (chunks) => <strong>{chunks}</strong>,
                model: loaded.name,
                vocab: formatCount(loaded.spec.vocab),
                size: formatBytes(loaded.bytes),
                dtype: dtypeLabel(loaded.dtype),
                file: loaded.onnxFile,
              }}
            />
          ) : (
            <FormattedMessage
              id="model.loaded.downloaded"
              defaultMessage="Scoring with <strong>{model}</strong>: {vocab} tokens in its vocabulary, {size} of {dtype} weights ({file}) downloaded."
              description="{model}: the model’s name; {size}: e.g. 501 MB; {dtype}: its precision, e.g. float32; {file}: the ONNX file’s name."
              values={{
                strong: (chunks) => <strong>{chunks}</strong>,
                model: loaded.name,
                vocab: formatCount(loaded.spec.vocab),
                size: formatBytes(loaded.bytes),
                dtype: dtypeLabel(loaded.dtype),
                file: loaded.onnxFile,
              }}
            />
          )}
          {!isExact(loaded.dtype) && ` ${precisionNote(loaded.dtype)}`}
          {loaded.sessions.wasm && (
            <>
              {' '}
              {loaded.threads > 1 ? (
                <FormattedMessage
                  id="model.loaded.threads"
                  defaultMessage="{count, plural, other {On WebAssembly it runs on {threads} threads: this page is cross-origin isolated.}}"
                  description="Said when the model runs on several threads (never one): {threads} is their number."
                  values={{ count: loaded.threads, threads: formatCount(loaded.threads) }}
                />
              ) : (
                <FormattedMessage
                  id="model.loaded.thread"
                  defaultMessage="On WebAssembly it runs on one thread (several need a cross-origin isolated page)."
                />
              )}
            </>
          )}
        </p>
      )}
      {waiting && (
        <p className="model-waiting">
          <FormattedMessage
            id="model.waiting"
            defaultMessage="The link asks for <code>{model}</code>. A model is downloaded only when you ask: <button>Load {model}</button>"
            description="{model}: the hub id a link names; <button> is the button that downloads it."
            values={{
              model: waiting,
              code: (chunks) => <code>{chunks}</code>,
              button: (chunks) => (
                <button type="button" onClick={() => pretrained.load(waiting, wantedDtype)}>
                  {chunks}
                </button>
              ),
            }}
          />
        </p>
      )}
      {locale !== 'en' && locale !== 'en-XA' && (
        <p className="model-language-note" data-testid="model-language-note">
          <FormattedMessage
            id="model.language.note"
            defaultMessage="For a text in {lang, select, zh {Chinese} es {Spanish} ar {Arabic} other {another language}}, choose <b>Qwen2.5 0.5B</b>: GPT‑2 and SmolLM2 were trained mostly on English, so they cut such a text into many more tokens and predict it worse, while Qwen2.5 was trained on many languages. Compare them in bits per byte, which does not depend on the tokenizer."
            description="Shown above the list of pretrained models when the page is not in English. lang: the page's language (zh, es, ar)."
            values={{ lang: locale.split('-')[0], b: (chunks) => <b>{chunks}</b> }}
          />
        </p>
      )}
      <ul
        className="model-list"
        aria-label={intl.formatMessage({ id: 'model.list.label', defaultMessage: 'Pretrained models' })}
      >
        {CATALOG.map((m) => (
          <CatalogEntry key={m.id} m={m} busy={busy} cached={cachedIds} load={pretrained.load} />
        ))}
      </ul>
      <form className="model-custom" onSubmit={onCustom}>
        <label htmlFor={`${id}-ref`}>
          <FormattedMessage
            id="model.custom.label"
            defaultMessage="Or any causal language model with ONNX weights: its hub id or folder URL"
            description="Label of a field for a Hugging Face hub id (owner/name) or the URL of a folder of model files."
          />
        </label>
        <div className="model-custom-row">
          <input
            id={`${id}-ref`}
            type="text"
            value={custom}
            placeholder={intl.formatMessage(
              {
                id: 'model.custom.placeholder',
                defaultMessage: '{hubId} or {url}',
                description: 'Example input in the model field: a hub id or a folder’s URL.',
              },
              { hubId: 'openai-community/gpt2', url: 'https://example.org/models/gpt2/' },
            )}
            spellCheck={false}
            autoComplete="off"
            maxLength={2048}
            onChange={(e) => setCustom(e.target.value)}
          />
          <label htmlFor={`${id}-dtype`} className="visually-hidden">
            <FormattedMessage
              id="model.custom.precision"
              defaultMessage="Precision"
              description="Label (for screen readers) of the menu of precisions: float32, float16, 8-bit…"
            />
          </label>
          <select id={`${id}-dtype`} value={dtype} onChange={(e) => setCustomDtype(e.target.value as Dtype)}>
            {listed
              ? listed.map((v) => (
                  <option key={v.dtype} value={v.dtype}>
                    {dtypeLabel(v.dtype)}, {formatBytes(v.bytes)}
                  </option>
                ))
              : DTYPES.map((d) => (
                  <option key={d} value={d}>
                    {dtypeLabel(d)}
                  </option>
                ))}
          </select>
          <button type="submit" disabled={busy || custom.trim() === ''}>
            <FormattedMessage
              id="model.custom.load"
              defaultMessage="Load model"
              description="Button that downloads the model named in the field."
            />
          </button>
        </div>
        <p className="model-hint">
          <FormattedMessage
            id="model.custom.hint"
            defaultMessage="A folder holds {config}, {tokenizer}, {tokenizerConfig} and, under {onnxDir}, the weights as the hub names them: {model} (or {merged}, or {decoder}), with a suffix for other precisions ({fp16}, {quantized}, …) and any {onnxData} files beside it."
            description="The arguments are file and folder names, shown as they are."
            values={{
              config: 'config.json',
              tokenizer: 'tokenizer.json',
              tokenizerConfig: 'tokenizer_config.json',
              onnxDir: 'onnx/',
              model: 'model.onnx',
              merged: 'decoder_model_merged.onnx',
              decoder: 'decoder_model.onnx',
              fp16: 'model_fp16.onnx',
              quantized: 'model_quantized.onnx',
              onnxData: '.onnx_data',
            }}
          />
        </p>
      </form>
      <ModelOnPicker
        modelOn={modelOn}
        misfit={
          pretrained.loaded?.gpuMisfit
            ? intl.formatMessage(
                {
                  id: 'model.misfit',
                  defaultMessage: '{model} runs on WebAssembly here: {reason}.',
                  description: '{model}: the model’s name; {reason}: why it does not fit the GPU.',
                },
                { model: pretrained.loaded.name, reason: pretrained.loaded.gpuMisfit },
              )
            : null
        }
      />
      <DownloadProgress pretrained={pretrained} />
      <p className="pending" role="status">
        {pretrained.status}
      </p>
      <VerdictPanel model={loaded} units={units} />
      <details className="model-settings">
        <summary>
          <FormattedMessage id="model.settings.summary" defaultMessage="Hub address and cached models" />
        </summary>
        <form className="model-custom" onSubmit={onBase}>
          <label htmlFor={`${id}-base`}>
            <FormattedMessage
              id="model.settings.base"
              defaultMessage="Hub base URL (files at {pattern})"
              description="Label of the field for the model hub’s address; {pattern} is a URL pattern, shown as it is."
              values={{ pattern: 'base/model/resolve/main/file' }}
            />
          </label>
          <div className="model-custom-row">
            <input
              id={`${id}-base`}
              type="url"
              value={base}
              spellCheck={false}
              onChange={(e) => setBase(e.target.value)}
              aria-describedby={baseError ? `${id}-base-error` : undefined}
            />
            <button type="submit">
              <FormattedMessage id="model.settings.save" defaultMessage="Save the hub address" />
            </button>
          </div>
          {baseError && (
            <p id={`${id}-base-error`} className="field-error" role="alert">
              {baseError}
            </p>
          )}
        </form>
        {pretrained.cached.length === 0 ? (
          <p className="model-hint">
            <FormattedMessage id="model.cached.none" defaultMessage="No model is kept in this browser yet." />
          </p>
        ) : (
          <ul
            className="model-cached"
            aria-label={intl.formatMessage({
              id: 'model.cached.label',
              defaultMessage: 'Models kept in this browser',
            })}
          >
            {pretrained.cached.map((c) => (
              <li key={c.model}>
                <span>
                  {c.model}: {formatBytes(c.bytes)}
                </span>
                <button type="button" onClick={() => pretrained.remove(c.model)}>
                  <FormattedMessage
                    id="model.cached.remove"
                    defaultMessage="Remove {model}"
                    description="Button that deletes a model’s files from the browser’s cache; {model} is its hub id."
                    values={{ model: c.model }}
                  />
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}
