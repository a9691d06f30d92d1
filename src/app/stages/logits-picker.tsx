/**
 * The (text, position) whose row of V logits the logits and softmax stages draw. Few rows: a
 * grid of radio buttons, one per position, each labelled with the token read → the token that
 * should come next; arrow keys move within it (as in any radio group) and Tab leaves it. Many
 * rows (a long file): two selects. Either dispatches {type: 'focus'}; the reducer clamps.
 */
import { useEffect, useId, useRef, type Dispatch, type KeyboardEvent } from 'react';
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
  return {
    shortInput: input === null ? null : tokenLabel(input, decode),
    shortTarget: ignored ? 'ignored' : tokenLabel(target, decode),
    spoken:
      (input === null ? '' : `reads ${tokenSpoken(input, decode)}, `) +
      (ignored ? 'ignored (padding)' : `should predict ${tokenSpoken(target, decode)}`),
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

  return (
    <div className="logits-picker">
      <p id={labelId} className="logits-picker-label">
        Pick a position to look at its row of scores:
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
              Text {b + 1}
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
                    aria-label={`${shownText(t, words)}, text ${b + 1}, position ${t + 1}: ${words.spoken}`}
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
  return (
    <div className="logits-picker logits-picker-selects">
      <p className="logits-picker-label">Pick a position to look at its row of scores:</p>
      <label htmlFor={`${id}-b`}>Text</label>
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
      <label htmlFor={`${id}-t`}>Position</label>
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
