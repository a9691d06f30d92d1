/**
 * Where the logits come from, honestly labelled: the book's real untrained GPT-2 logits, a seeded
 * random (untrained) model run on the reader's two texts, or a constructed model that gives every
 * right next word probability p. A loaded file joins the list while it is on screen.
 */
import { memo, useId, useMemo } from 'react';
import {
  defineMessages,
  FormattedMessage,
  useIntl,
  type IntlShape,
  type MessageDescriptor,
} from 'react-intl';
import type { Pretrained } from '../compute/use-pretrained';
import { MAX_TEXT_CHARS } from '../deep-link';
import { PAGE_TEXTS, tokenLimit } from '../../lm/token-limit';
import { P_MAX, P_MIN, type AppAction, type AppState, type SourceKind } from '../state';
import { formatCount, formatProb } from './format';
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

/** The sources always offered: a radio's label and the sentence that describes it. */
const OPTIONS: readonly { kind: SourceKind; label: MessageDescriptor; help: MessageDescriptor }[] = [
  {
    kind: 'book',
    ...defineMessages({
      label: {
        id: 'source.book.label',
        defaultMessage: 'Untrained GPT‑2 (chapter 5 of the book)',
        description: 'A source of logits; the book is the course book the page follows.',
      },
      help: {
        id: 'source.book.help',
        defaultMessage:
          'The logits behind the book’s chapter 5 example: GPT‑2 (124M) with random weights (seed 123). The book prints their loss and perplexity; the logits are recomputed with its code.',
        description: '124M: 124 million parameters; seed 123: the random generator’s seed.',
      },
    }),
  },
  {
    kind: 'text',
    ...defineMessages({
      label: {
        id: 'source.text.label',
        defaultMessage: 'Untrained model on your text',
        description: 'A source of logits: a random model run on the texts the reader types.',
      },
      help: {
        id: 'source.text.help',
        defaultMessage:
          'A seeded random model with GPT‑2’s vocabulary: one example of an untrained model (another initialisation gives other numbers).',
      },
    }),
  },
  {
    kind: 'p-model',
    ...defineMessages({
      label: {
        id: 'source.pmodel.label',
        defaultMessage: 'A model that gives the right word probability p',
        description:
          'A source of logits: a constructed model; p is a probability the reader sets with a slider.',
      },
      help: {
        id: 'source.pmodel.help',
        defaultMessage: 'Every right next token gets exactly p; the other 50,256 share the rest equally.',
        description: 'p is the probability set with the slider; 50,256 is the number of the other tokens.',
      },
    }),
  },
  {
    kind: 'lm',
    ...defineMessages({
      label: {
        id: 'source.lm.label',
        defaultMessage: 'A pretrained model on your text',
        description: 'A source of logits: a real trained language model, run in the browser.',
      },
      help: {
        id: 'source.lm.help',
        defaultMessage:
          'A real trained model (GPT‑2 and others) run in your browser on the two texts, with its own tokenizer.',
      },
    }),
  },
];

/** What the page is doing while the asked-for logits are being built. */
function pendingText(state: AppState, intl: IntlShape): string | null {
  if (state.error || state.source?.kind === state.want) return null;
  if (state.want === 'text')
    return intl.formatMessage({
      id: 'source.pending.text',
      defaultMessage: 'Loading GPT‑2’s vocabulary (about 1 MB, once) and tokenizing your texts…',
    });
  if (state.want === 'book')
    return intl.formatMessage({ id: 'source.pending.book', defaultMessage: 'Loading the book’s logits…' });
  if (state.want === 'lm') return null;
  return intl.formatMessage({ id: 'source.pending.build', defaultMessage: 'Building the logits…' });
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
  const intl = useIntl();
  const pending = pendingText(state, intl);
  const offersLm = Boolean(pretrained);
  // Remade in a new language (intl), so that the memoised radios get the new words.
  const options = useMemo(
    (): SourceOption[] => [
      ...OPTIONS.filter((o) => o.kind !== 'lm' || offersLm).map((o) => ({
        kind: o.kind,
        label: intl.formatMessage(o.label),
        help: intl.formatMessage(o.help),
      })),
      ...(fileLabel
        ? [
            {
              kind: 'file' as const,
              label: intl.formatMessage(
                {
                  id: 'source.file.label',
                  defaultMessage: 'Your file: {file}',
                  description: 'A source of logits: the file the reader loaded; {file} is its name.',
                },
                { file: fileLabel },
              ),
              help: intl.formatMessage({
                id: 'source.file.help',
                defaultMessage: 'Loaded from your computer.',
              }),
            },
          ]
        : []),
      ...(trainedLabel
        ? [
            {
              kind: 'trained' as const,
              label: trainedLabel.charAt(0).toUpperCase() + trainedLabel.slice(1),
              help: intl.formatMessage({
                id: 'source.trained.help',
                defaultMessage:
                  'Trained in the “Train a model yourself” panel of stage 7, on the start of its text.',
                description: '“Train a model yourself” is the name of a panel on stage 7 of the page.',
              }),
            },
          ]
        : []),
    ],
    [offersLm, fileLabel, trainedLabel, intl],
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
      <legend>
        <FormattedMessage
          id="source.legend"
          defaultMessage="Logits from"
          description="Legend of the choice of where the logits (a model’s raw scores) come from."
        />
      </legend>
      <SourceOptions id={id} options={options} want={state.want} dispatch={dispatch} />
      <p className="source-help" aria-hidden="true">
        {options.find((o) => o.kind === state.want)?.help}
      </p>
      <p className="pending" role="status">
        {pending}
      </p>
      {state.want === 'lm' && pretrained && modelOn && (
        <LoadBoundary
          what={intl.formatMessage({
            id: 'source.lazy.what',
            defaultMessage: 'the model picker',
            description:
              'Names the panel of pretrained models in “Loading the model picker…” and in its error.',
          })}
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
              <span>
                <FormattedMessage
                  id="source.text.field"
                  defaultMessage="Text {number}"
                  description="Label of a text field the reader types a text into: “Text 1”, “Text 2”."
                  values={{ number: formatCount(b + 1) }}
                />
              </span>
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
            <FormattedMessage
              id="source.p.label"
              defaultMessage="p, the probability of the right word: <strong>{p}</strong>"
              description="The slider’s label; p is the probability’s symbol."
              values={{ strong: (chunks) => <strong>{chunks}</strong>, p: formatProb(state.p) }}
            />
          </span>
          <input
            type="range"
            min={P_MIN}
            max={P_MAX}
            step={0.001}
            value={state.p}
            aria-valuetext={intl.formatMessage(
              {
                id: 'source.p.valuetext',
                defaultMessage: 'p = {p}',
                description:
                  'What a screen reader hears as the slider’s value; p is the probability’s symbol.',
              },
              { p: formatProb(state.p) },
            )}
            onChange={(event) => dispatch({ type: 'p', p: Number(event.target.value) })}
          />
        </label>
      )}
    </fieldset>
  );
}
