/**
 * Where the logits come from, honestly labelled: the book's real untrained GPT-2 logits, a seeded
 * random (untrained) model run on the reader's two texts, or a constructed model that gives every
 * right next word probability p. A loaded file joins the list while it is on screen.
 */
import { memo, useId, useMemo } from 'react';
import type { Pretrained } from '../compute/use-pretrained';
import { MAX_TEXT_CHARS } from '../deep-link';
import { PAGE_TEXTS, tokenLimit } from '../../lm/token-limit';
import { P_MAX, P_MIN, type AppAction, type AppState, type SourceKind } from '../state';
import { formatProb } from './format';
import { cutSentence, limitSentence } from './text-limits';
import { lazyPart, LoadBoundary } from './Lazy';
import type { ModelOnChoice } from './ModelPicker';
import './model-picker.css';

/**
 * The pretrained-model panel is shown only once that source is chosen (or linked), so its code
 * (the catalog, the hub form, the cache list) is a chunk of its own, loaded then or when the page
 * is idle (App calls preloadModelPicker).
 */
const modelPicker = lazyPart(() => import('./ModelPicker').then((m) => m.ModelPicker));
export const preloadModelPicker = (): void => modelPicker.preload();

interface SourcePickerProps {
  state: AppState;
  dispatch: (action: AppAction) => void;
  /** The loaded file's name, when one is on screen. */
  fileLabel: string | null;
  /** The live-training panel's model, once sent to the stages: "the model you trained (n steps)". */
  trainedLabel?: string | null;
  /** The pretrained model source's state and actions; without it the option is not offered. */
  pretrained?: Pretrained | null;
  modelOn?: ModelOnChoice;
}

const OPTIONS: SourceOption[] = [
  {
    kind: 'book',
    label: 'Untrained GPT‑2 (chapter 5 of the book)',
    help: 'The logits behind the book’s chapter 5 example: GPT‑2 (124M) with random weights (seed 123). The book prints their loss and perplexity; the logits are recomputed with its code.',
  },
  {
    kind: 'text',
    label: 'Untrained model on your text',
    help: 'A seeded random model with GPT‑2’s vocabulary: one example of an untrained model (another initialisation gives other numbers).',
  },
  {
    kind: 'p-model',
    label: 'A model that gives the right word probability p',
    help: 'Every right next token gets exactly p; the other 50,256 share the rest equally.',
  },
  {
    kind: 'lm',
    label: 'A pretrained model on your text',
    help: 'A real trained model (GPT‑2 and others) run in your browser on the two texts, with its own tokenizer.',
  },
];

/** What the page is doing while the asked-for logits are being built. */
function pendingText(state: AppState): string | null {
  if (state.error || state.source?.kind === state.want) return null;
  if (state.want === 'text')
    return 'Loading GPT‑2’s vocabulary (about 1 MB, once) and tokenizing your texts…';
  if (state.want === 'book') return 'Loading the book’s logits…';
  if (state.want === 'lm') return null;
  return 'Building the logits…';
}

interface SourceOption {
  kind: SourceKind;
  label: string;
  help: string;
}

/**
 * The radios, apart from the slider and the texts, so that a move of p does not render them
 * again: React sets an input's name and type on every render, and the browser restyles each.
 */
const SourceOptions = memo(function SourceOptions({
  id,
  options,
  want,
  dispatch,
}: {
  id: string;
  options: readonly SourceOption[];
  want: SourceKind;
  dispatch: (action: AppAction) => void;
}) {
  return (
    <div className="source-options">
      {options.map((o) => (
        <label key={o.kind} className="source-option">
          <input
            type="radio"
            name={`${id}-source`}
            value={o.kind}
            checked={want === o.kind}
            aria-describedby={`${id}-${o.kind}`}
            onChange={() => dispatch({ type: 'want', kind: o.kind })}
          />
          <span className="source-label">{o.label}</span>
          <span id={`${id}-${o.kind}`} className="visually-hidden">
            {o.help}
          </span>
        </label>
      ))}
    </div>
  );
});

export function SourcePicker({
  state,
  dispatch,
  fileLabel,
  trainedLabel,
  pretrained,
  modelOn,
}: SourcePickerProps) {
  const id = useId();
  const pending = pendingText(state);
  const offersLm = Boolean(pretrained);
  const options = useMemo(
    () => [
      ...OPTIONS.filter((o) => o.kind !== 'lm' || offersLm),
      ...(fileLabel
        ? [{ kind: 'file' as const, label: `Your file: ${fileLabel}`, help: 'Loaded from your computer.' }]
        : []),
      ...(trainedLabel
        ? [
            {
              kind: 'trained' as const,
              label: trainedLabel.charAt(0).toUpperCase() + trainedLabel.slice(1),
              help: 'Trained in the “Train a model yourself” panel of stage 7, on the start of its text.',
            },
          ]
        : []),
    ],
    [offersLm, fileLabel, trainedLabel],
  );
  // A pretrained model's limit on the tokens of each text: the one its source on screen was scored
  // with (on WebGPU it may be lower), until that source is in the WebAssembly one. Then the texts
  // that source cut, only while it scored the texts now in the fields.
  const loaded = state.want === 'lm' ? (pretrained?.loaded ?? null) : null;
  const model = state.source?.kind === 'lm' ? state.source.model : undefined;
  const scored = model && loaded && model.refText === loaded.refText ? model : null;
  const limitText = loaded
    ? limitSentence(
        scored?.limit ?? tokenLimit(loaded.spec, PAGE_TEXTS),
        loaded.name,
        loaded.spec.vocab,
        PAGE_TEXTS,
      )
    : null;
  const cutText =
    scored && scored.texts.every((t, b) => t === state.texts[b])
      ? scored.cuts
          .map((cut, b) => cutSentence(b, cut))
          .filter((s) => s !== null)
          .join(' ')
      : '';
  const setText = (b: 0 | 1, text: string) => {
    const texts: [string, string] = [state.texts[0], state.texts[1]];
    texts[b] = text;
    dispatch({ type: 'texts', texts });
  };
  return (
    <fieldset className="source-picker">
      <legend>Logits from</legend>
      <SourceOptions id={id} options={options} want={state.want} dispatch={dispatch} />
      <p className="source-help" aria-hidden="true">
        {options.find((o) => o.kind === state.want)?.help}
      </p>
      <p className="pending" role="status">
        {pending}
      </p>
      {state.want === 'lm' && pretrained && modelOn && (
        <LoadBoundary
          what="the model picker"
          onRetry={modelPicker.retry}
          render={() => {
            const ModelPicker = modelPicker.view();
            return (
              <ModelPicker
                pretrained={pretrained}
                wanted={state.model}
                wantedDtype={state.dtype}
                modelOn={modelOn}
                units={state.units}
              />
            );
          }}
        />
      )}
      {(state.want === 'text' || state.want === 'lm') && (
        <div className="text-fields">
          {([0, 1] as const).map((b) => (
            <label key={b} className="text-field">
              <span>Text {b + 1}</span>
              <input
                type="text"
                value={state.texts[b]}
                maxLength={MAX_TEXT_CHARS}
                spellCheck={false}
                aria-describedby={limitText ? `${id}-limit` : undefined}
                onChange={(event) => setText(b, event.target.value)}
              />
            </label>
          ))}
        </div>
      )}
      {limitText && (
        <p id={`${id}-limit`} className="text-limit" data-testid="text-limit">
          {limitText}
        </p>
      )}
      {state.want === 'lm' && (
        <p className="text-cut" role="status" data-testid="text-cut">
          {cutText}
        </p>
      )}
      {state.want === 'p-model' && (
        <label className="slider-field">
          <span>
            p, the probability of the right word: <strong>{formatProb(state.p)}</strong>
          </span>
          <input
            type="range"
            min={P_MIN}
            max={P_MAX}
            step={0.001}
            value={state.p}
            aria-valuetext={`p = ${formatProb(state.p)}`}
            onChange={(event) => dispatch({ type: 'p', p: Number(event.target.value) })}
          />
        </label>
      )}
    </fieldset>
  );
}
