/**
 * The (text, position) whose row of V logits the logits and softmax stages draw. Few rows: a
 * grid of radio buttons, one per position, each labelled with the token read → the token that
 * should come next; arrow keys move within it (as in any radio group) and Tab leaves it. Many
 * rows (a long file): two selects. Either dispatches {type: 'focus'}; the reducer clamps.
 *
 * Its words come from currentIntl() rather than useIntl(): the picker renders again with its
 * stage whenever the language changes, and it also renders outside any IntlProvider (its unit
 * test), in English.
 */
import { useEffect, useId, useRef, type Dispatch, type KeyboardEvent } from 'react';
import { currentIntl } from '../i18n/current';
import type { AppAction, Focus, Shown } from '../state';
import type { Decode } from '../view/tokens';
import { tokenLabel, tokenSpoken } from './logits-row';
import './logits.css';

/** Up to this many rows (B·T) the picker is a grid of buttons; beyond, two selects. */
const GRID_MAX = 48;

interface PickerProps {
  shown: Shown;
  focus: Focus;
  dispatch: Dispatch<AppAction>;
  decode: Decode | null;
}

/** What position (b, t) reads and should predict, for labels: ids → token text. */
function positionWords(shown: Shown, b: number, t: number, decode: Decode | null) {
  const { inputs, batch } = shown.source;
  const T = batch.shape[1];
  const r = b * T + t;
  const input = inputs && inputs.length === batch.targets.length ? inputs[r]! : null;
  const target = batch.targets[r]!;
  const ignored = target === batch.ignoreIndex;
  const intl = currentIntl();
  const spokenInput = input === null ? null : tokenSpoken(input, decode);
  const spokenTarget = tokenSpoken(target, decode);
  return {
    shortInput: input === null ? null : tokenLabel(input, decode),
    shortTarget: ignored
      ? intl.formatMessage({
          id: 'stages.picker.ignored',
          defaultMessage: 'ignored',
          description:
            'Shown in place of the target token on a position button when the position is padding (ignored by the loss).',
        })
      : tokenLabel(target, decode),
    spoken:
      spokenInput === null
        ? ignored
          ? intl.formatMessage({
              id: 'stages.picker.spoken.ignored',
              defaultMessage: 'ignored (padding)',
              description: 'Screen-reader text of a position that is padding: the loss ignores it.',
            })
          : intl.formatMessage(
              {
                id: 'stages.picker.spoken.predict',
                defaultMessage: 'should predict {target}',
                description: 'Screen-reader text of a position: the token the model should predict there.',
              },
              { target: spokenTarget },
            )
        : ignored
          ? intl.formatMessage(
              {
                id: 'stages.picker.spoken.reads.ignored',
                defaultMessage: 'reads {input}, ignored (padding)',
                description:
                  'Screen-reader text of a position: the token the model reads there; the position is padding, ignored by the loss.',
              },
              { input: spokenInput },
            )
          : intl.formatMessage(
              {
                id: 'stages.picker.spoken.reads.predict',
                defaultMessage: 'reads {input}, should predict {target}',
                description:
                  'Screen-reader text of a position: the token the model reads there and the token it should predict.',
              },
              { input: spokenInput, target: spokenTarget },
            ),
  };
}

/**
 * What a grid button shows, which its name begins with (WCAG 2.5.3, Label in Name): "1 every →
 * effort", then the spoken words ("text 1, position 1: reads “every”, should predict “ effort”").
 */
function shownText(t: number, words: ReturnType<typeof positionWords>): string {
  const input = words.shortInput === null ? '' : `${words.shortInput} → `;
  return `${t + 1} ${input}${words.shortTarget}`;
}

/** The picker's heading, over the grid or the selects. */
const pickLabel = () =>
  currentIntl().formatMessage({
    id: 'stages.picker.label',
    defaultMessage: 'Pick a position to look at its row of scores:',
  });

export function RowPicker({ shown, focus, dispatch, decode }: PickerProps) {
  const [B, T] = shown.result.shape;
  return B * T <= GRID_MAX ? (
    <PickerGrid shown={shown} focus={focus} dispatch={dispatch} decode={decode} />
  ) : (
    <PickerSelects shown={shown} focus={focus} dispatch={dispatch} decode={decode} />
  );
}

function PickerGrid({ shown, focus, dispatch, decode }: PickerProps) {
  const [B, T] = shown.result.shape;
  const group = useRef<HTMLDivElement>(null);
  const labelId = useId();

  // Arrow keys move the selection; keep the keyboard focus on the selected button.
  useEffect(() => {
    const el = group.current;
    if (!el || !el.contains(document.activeElement)) return;
    el.querySelector<HTMLElement>(`[data-b="${focus.b}"][data-t="${focus.t}"]`)?.focus();
  }, [focus.b, focus.t]);

  const onKey = (event: KeyboardEvent) => {
    const moves: Record<string, Focus> = {
      ArrowRight: { b: focus.b, t: focus.t + 1 },
      ArrowLeft: { b: focus.b, t: focus.t - 1 },
      ArrowDown: { b: focus.b + 1, t: focus.t },
      ArrowUp: { b: focus.b - 1, t: focus.t },
      Home: { b: focus.b, t: 0 },
      End: { b: focus.b, t: T - 1 },
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    dispatch({ type: 'focus', focus: next });
  };

  const intl = currentIntl();
  return (
    <div className="logits-picker">
      <p id={labelId} className="logits-picker-label">
        {pickLabel()}
      </p>
      <div
        role="radiogroup"
        aria-labelledby={labelId}
        ref={group}
        onKeyDown={onKey}
        className="logits-pick-texts"
      >
        {Array.from({ length: B }, (_, b) => (
          <div key={b} className="logits-pick-text">
            <span className="logits-pick-name" aria-hidden="true">
              {intl.formatMessage(
                {
                  id: 'stages.picker.text',
                  defaultMessage: 'Text {number}',
                  description: 'Names one text of the batch in the position picker: Text 1, Text 2, …',
                },
                { number: String(b + 1) },
              )}
            </span>
            <div className="logits-pick-row">
              {Array.from({ length: T }, (_, t) => {
                const words = positionWords(shown, b, t, decode);
                const checked = focus.b === b && focus.t === t;
                return (
                  <button
                    key={t}
                    type="button"
                    role="radio"
                    aria-checked={checked}
                    tabIndex={checked ? 0 : -1}
                    data-b={b}
                    data-t={t}
                    className="logits-pick"
                    aria-label={intl.formatMessage(
                      {
                        id: 'stages.picker.button',
                        defaultMessage: '{shown}, text {text}, position {position}: {spoken}',
                        description:
                          'Accessible name of a position button. {shown} is what the button shows (position number, token read → token to predict) and must stay first; {spoken} says it in words.',
                      },
                      {
                        shown: shownText(t, words),
                        text: String(b + 1),
                        position: String(t + 1),
                        spoken: words.spoken,
                      },
                    )}
                    onClick={() => dispatch({ type: 'focus', focus: { b, t } })}
                  >
                    {/* The spaces keep the shown text "1 every → effort" for checkers that join
                        the text nodes; the flex layout does not draw them. */}
                    <span className="logits-pick-pos">{t + 1}</span>{' '}
                    <span className="logits-pick-words">
                      {words.shortInput !== null && (
                        <>
                          <span className="logits-pick-token">{words.shortInput}</span>{' '}
                          <span className="logits-pick-arrow">→</span>{' '}
                        </>
                      )}
                      <span className="logits-pick-token logits-pick-target">{words.shortTarget}</span>
                    </span>
                  </button>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function PickerSelects({ shown, focus, dispatch, decode }: PickerProps) {
  const [B, T] = shown.result.shape;
  const id = useId();
  const intl = currentIntl();
  return (
    <div className="logits-picker logits-picker-selects">
      <p className="logits-picker-label">{pickLabel()}</p>
      <label htmlFor={`${id}-b`}>
        {intl.formatMessage({
          id: 'stages.picker.select.text',
          defaultMessage: 'Text',
          description: 'Label of the select that chooses which text of the batch (1, 2, …) to look at.',
        })}
      </label>
      <select
        id={`${id}-b`}
        value={focus.b}
        onChange={(e) => dispatch({ type: 'focus', focus: { b: Number(e.target.value), t: focus.t } })}
      >
        {Array.from({ length: B }, (_, b) => (
          <option key={b} value={b}>
            {b + 1}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-t`}>
        {intl.formatMessage({
          id: 'stages.picker.select.position',
          defaultMessage: 'Position',
          description: 'Label of the select that chooses which position (token) of the text to look at.',
        })}
      </label>
      <select
        id={`${id}-t`}
        value={focus.t}
        onChange={(e) => dispatch({ type: 'focus', focus: { b: focus.b, t: Number(e.target.value) } })}
      >
        {Array.from({ length: T }, (_, t) => {
          const words = positionWords(shown, focus.b, t, decode);
          return (
            <option key={t} value={t}>
              {t + 1}: {words.shortInput !== null ? `${words.shortInput} → ` : ''}
              {words.shortTarget}
            </option>
          );
        })}
      </select>
    </div>
  );
}
