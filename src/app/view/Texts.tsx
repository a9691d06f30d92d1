/**
 * The texts behind the logits, token by token, as two aligned rows per text: what the model read
 * at position t (input x_t) and what it should have predicted there (target y_t = x_{t+1}).
 *
 * Each position is a column: x_t on top, an arrow down to y_t. A dashed diagonal joins y_t to
 * x_{t+1} in the next column, the same token: the target row is the input row moved one place
 * left. Targets equal to ignore_index are padding, shown as "ignored", not as a token.
 *
 * The chips are aria-hidden; each text has a sentence for screen readers ("reads: …", "should
 * predict: …"), and each target is a button (with its own label) that focuses its position.
 */
import { memo, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { currentIntl } from '../i18n/current';
import type { Focus, Source } from '../state';
import { formatCount, formatNumber } from './format';
import { showToken, type Decode } from './tokens';

/**
 * At most this many texts are drawn, and each text's first MAX_POSITIONS positions until the reader
 * asks for all of them (a button under the text): a pretrained model's text of 1,024 tokens is
 * 1,024 columns, which would bury the point of the stage under pages of chips.
 */
export const MAX_TEXTS = 4;
export const MAX_POSITIONS = 32;

interface TextsProps {
  source: Source;
  /** Token strings; null shows ids only (loading, or a vocabulary that is not GPT-2's). */
  decode: Decode | null;
  focus?: Focus;
  /** Called when a target is chosen: that (b, t) becomes the focused position. */
  onFocus?: (focus: Focus) => void;
}

/**
 * "the second text" for b = 1: in screen-reader labels, so a label never contains "Text 2", the
 * name of the text field the reader types into.
 */
export function textName(b: number): string {
  return currentIntl().formatMessage(
    {
      id: 'texts.name',
      defaultMessage:
        '{index, select, 0 {the first text} 1 {the second text} 2 {the third text} 3 {the fourth text} 4 {the fifth text} 5 {the sixth text} 6 {the seventh text} 7 {the eighth text} 8 {the ninth text} 9 {the tenth text} other {the number {number} text}}',
      description:
        'A text of the batch named for screen readers, inside other labels (“the target at position 3 of the second text”); {index} counts from 0, {number} from 1.',
    },
    { index: String(b), number: String(b + 1) },
  );
}

const BYTES_LABEL = /^⟨([0-9a-f]{2}(?: [0-9a-f]{2})*)⟩$/;

/**
 * Tokens joined into text. A token that is part of a UTF-8 character decodes to its bytes'
 * label (⟨f0 9f⟩); the bytes of neighbouring tokens are put back together here, so "🤗" reads as
 * 🤗. A character cut at either end of the run is left out rather than shown as "�".
 */
export function joinTokens(ids: readonly number[], decode: Decode): string {
  const encoder = new TextEncoder();
  const parts = ids.map((id) => {
    const text = decode(id);
    const bytes = BYTES_LABEL.exec(text)?.[1];
    return bytes ? Uint8Array.from(bytes.split(' '), (h) => parseInt(h, 16)) : encoder.encode(text);
  });
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  return new TextDecoder().decode(all).replace(/^\uFFFD+|\uFFFD+$/g, '');
}

/** One token as the chip shows it: the text with ␣ for a leading space, or the bare id. */
function chipText(id: number, decode: Decode | null): string {
  return decode ? showToken(decode(id)) : String(id);
}

/** A token's text in quotes, as a screen reader should hear it (the ␣ of the chip is a space). */
function quoted(id: number, decode: Decode): string {
  return `“${decode(id)}”`;
}

interface RowProps {
  b: number;
  /** (T) input ids of text b, or null when the file has none. */
  inputs: Int32Array | null;
  /** (T) target ids of text b. */
  targets: Int32Array;
  ignoreIndex: number;
  decode: Decode | null;
  focus: Focus | undefined;
  onFocus: ((focus: Focus) => void) | undefined;
}

function TextRows({ b, inputs, targets, ignoreIndex, decode, focus, onFocus }: RowProps) {
  // The rows are memoised (SameTextRows): the intl context renders them again in a new language.
  const intl = useIntl();
  // The target under the pointer or keyboard focus: its twin, the next input, is outlined.
  const [linked, setLinked] = useState<number | null>(null);
  // Whether every position is shown, not only the first MAX_POSITIONS.
  const [unfolded, setUnfolded] = useState(false);
  const gridId = useId();
  const T = targets.length;
  const isPad = (t: number) => targets[t] === ignoreIndex;
  // Folded only when scored tokens lie past the fold; a short text padded to a long one's length
  // shows all its tokens and one column for its padding, however long.
  let lastScored = -1;
  for (let t = T - 1; t >= 0 && lastScored < 0; t--) if (!isPad(t)) lastScored = t;
  const foldable = lastScored >= MAX_POSITIONS;
  const n = foldable && !unfolded ? MAX_POSITIONS : T;
  const positions = Array.from({ length: n }, (_, t) => t);
  const scored = positions.filter((t) => !isPad(t));
  let scoredInText = 0;
  for (let t = 0; t < T; t++) if (!isPad(t)) scoredInText++;
  const said = (ids: number[]) => (decode ? `“${joinTokens(ids, decode)}”` : ids.join(', '));
  const cut = T > n ? '…' : '';
  const readIds = inputs ? scored.map((t) => inputs[t]!) : [];
  const targetIds = scored.map((t) => targets[t]!);
  // The text itself: the first input, then each target in turn (x_0, y_0 = x_1, …).
  const whole = inputs && n > 0 ? [inputs[0]!, ...targetIds] : targetIds;
  let pads = 0;
  for (const y of targets) if (y === ignoreIndex) pads++;
  // Padding after the last scored position is drawn as one column, "positions 4–17".
  const last = scored.length > 0 ? scored[scored.length - 1]! : -1;
  const tail = n - 1 - last;
  const drawn = tail >= 2 ? positions.slice(0, last + 1) : positions;
  const padIds = inputs ? new Set(Array.from(inputs.subarray(last + 1, n))) : new Set<number>();
  const padId = padIds.size === 1 ? [...padIds][0]! : null;

  return (
    <li className="tok-card">
      <p className="tok-text-head">
        <span className="text-label">
          <FormattedMessage
            id="texts.label"
            defaultMessage="Text {number}"
            description="The heading of one text of the batch: “Text 1”, “Text 2”."
            values={{ number: formatCount(b + 1) }}
          />
        </span>
        {decode ? (
          <span className="tok-text-whole">
            “{joinTokens(whole, decode)}
            {cut}”
          </span>
        ) : null}
        <span className="tok-text-count">
          <FormattedMessage
            id="texts.count"
            defaultMessage="{count, plural, one {{countText} position} other {{countText} positions}}{padded, select, yes {, {padsText} padding} other {}}{cut, select, yes {; the first {shown} shown} other {}}"
            description="Beside a text: how many positions it has, how many of them are padding (when some are), and how many are drawn (when not all)."
            values={{
              count: T,
              countText: formatCount(T),
              padded: pads > 0 ? 'yes' : 'no',
              padsText: formatCount(pads),
              cut: cut ? 'yes' : 'no',
              shown: formatCount(n),
            }}
          />
        </span>
      </p>
      <p className="visually-hidden">
        {inputs ? (
          <>
            <FormattedMessage
              id="texts.reads"
              defaultMessage="reads: {tokens}."
              description="For screen readers: what the model read in a text; {tokens} is that text in quotes."
              values={{ tokens: said(readIds) + cut }}
            />{' '}
          </>
        ) : null}
        <FormattedMessage
          id="texts.predict"
          defaultMessage="should predict: {tokens}."
          description="For screen readers: the tokens the model should have predicted; {tokens} is that text in quotes."
          values={{ tokens: said(targetIds) + cut }}
        />
        {pads > 0 ? (
          <>
            {' '}
            <FormattedMessage
              id="texts.padding.ignored"
              defaultMessage="{count, plural, one {{countText} padding position is ignored.} other {{countText} padding positions are ignored.}}"
              values={{ count: pads, countText: formatCount(pads) }}
            />
          </>
        ) : null}
      </p>
      <div className="tok-grid" id={gridId}>
        <div className="tok-col tok-legend" aria-hidden="true">
          <span className="tok-pos">
            <FormattedMessage
              id="texts.legend.position"
              defaultMessage="pos."
              description="Abbreviation of “position”: the legend of the row of position numbers."
            />
          </span>
          {inputs ? (
            <span className="tok-row-label">
              <FormattedMessage
                id="texts.legend.input"
                defaultMessage="input"
                description="The legend of the row of tokens the model read."
              />
            </span>
          ) : null}
          {inputs ? (
            <span className="tok-down">
              <FormattedMessage
                id="texts.legend.predicts"
                defaultMessage="predicts"
                description="The legend of the arrows from each token read to the token it should predict."
              />
            </span>
          ) : null}
          <span className="tok-row-label">
            <FormattedMessage
              id="texts.legend.target"
              defaultMessage="target"
              description="The legend of the row of target tokens (the tokens that really came next)."
            />
          </span>
        </div>
        {drawn.map((t) => {
          const pad = isPad(t);
          const x = inputs ? inputs[t]! : null;
          const y = targets[t]!;
          const focused = focus?.b === b && focus.t === t;
          // The dashed diagonal: y_t is x_{t+1}, drawn when both are real tokens.
          const joins = inputs !== null && t + 1 < n && !pad && !isPad(t + 1) && inputs[t + 1] === y;
          // Named by what it shows, then where (WCAG 2.5.3, Label in Name): "␣effort 3626, the
          // target at position 1 of the first text, “ effort”" (the ␣ of the chip is read as a space
          // in the quoted text).
          const name = decode
            ? intl.formatMessage(
                {
                  id: 'texts.target.name',
                  defaultMessage: '{chip} {id}, the target at position {position} of {text}, {quoted}',
                  description:
                    'A target token’s button, for screen readers: {chip} the token as shown, {id} its number, {text} e.g. “the second text”, {quoted} the token in quotes.',
                },
                {
                  chip: chipText(y, decode),
                  id: String(y),
                  position: String(t + 1),
                  text: textName(b),
                  quoted: quoted(y, decode),
                },
              )
            : intl.formatMessage(
                {
                  id: 'texts.target.name.id',
                  defaultMessage: '{chip}, the target at position {position} of {text}',
                  description:
                    'A target token’s button, for screen readers: {chip} the token’s number, {text} e.g. “the second text”.',
                },
                { chip: chipText(y, decode), position: String(t + 1), text: textName(b) },
              );
          return (
            <div key={t} className={`tok-col${focused ? ' focused' : ''}${pad ? ' pad' : ''}`}>
              <span className="tok-pos" aria-hidden="true">
                {t + 1}
              </span>
              {x !== null ? (
                <span
                  className={`tok-chip tok-in${linked !== null && linked + 1 === t ? ' twin' : ''}`}
                  aria-hidden="true"
                  onMouseEnter={() => t > 0 && setLinked(t - 1)}
                  onMouseLeave={() => setLinked(null)}
                >
                  <span className="tok-text">{chipText(x, decode)}</span>
                  {decode ? <span className="tok-id">{x}</span> : null}
                </span>
              ) : null}
              {x !== null ? (
                <span className="tok-down" aria-hidden="true">
                  ↓
                </span>
              ) : null}
              {pad ? (
                <span className="tok-chip tok-out tok-ignored" aria-hidden="true">
                  <span className="tok-text">
                    <FormattedMessage
                      id="texts.ignored"
                      defaultMessage="ignored"
                      description="Shown instead of a target token that is padding (ignore_index): the loss leaves it out."
                    />
                  </span>
                  <span className="tok-id">
                    <FormattedMessage
                      id="texts.padding.id"
                      defaultMessage="padding {id}"
                      description="Under “ignored”: the target’s value, the ignore_index (e.g. −100)."
                      values={{ id: formatNumber(y) }}
                    />
                  </span>
                </span>
              ) : (
                <button
                  type="button"
                  className="tok-chip tok-out"
                  aria-pressed={focused}
                  aria-label={name}
                  onClick={() => onFocus?.({ b, t })}
                  onMouseEnter={() => setLinked(t)}
                  onMouseLeave={() => setLinked(null)}
                  onFocus={() => setLinked(t)}
                  onBlur={() => setLinked(null)}
                >
                  {/* The space (not drawn between flex items) keeps the shown text "␣effort 3626",
                      as the name begins, for checkers that join the text nodes. */}
                  <span className="tok-text">{chipText(y, decode)}</span>{' '}
                  {decode ? <span className="tok-id">{y}</span> : null}
                </button>
              )}
              {joins ? (
                <svg className="tok-join" viewBox="0 0 10 10" preserveAspectRatio="none" aria-hidden="true">
                  <line x1="0" y1="10" x2="10" y2="0" vectorEffect="non-scaling-stroke" />
                </svg>
              ) : null}
            </div>
          );
        })}
        {tail >= 2 ? (
          <div className="tok-col pad tok-pad-run" aria-hidden="true">
            <span className="tok-pos">
              {formatCount(last + 2)}–{formatCount(n)}
            </span>
            {inputs ? (
              <span className="tok-chip tok-in">
                <span className="tok-text">
                  {padId !== null ? (
                    `${chipText(padId, decode)} ×${formatCount(tail)}`
                  ) : (
                    <FormattedMessage
                      id="texts.padding.run"
                      defaultMessage="padding"
                      description="A run of padding tokens in the input row (tokens of several kinds)."
                    />
                  )}
                </span>
                {decode && padId !== null ? <span className="tok-id">{padId}</span> : null}
              </span>
            ) : null}
            {inputs ? <span className="tok-down">↓</span> : null}
            <span className="tok-chip tok-out tok-ignored">
              <span className="tok-text">
                <FormattedMessage
                  id="texts.ignored.run"
                  defaultMessage="ignored ×{count}"
                  description="A run of padding targets, ignored by the loss; {count} is how many (× means times)."
                  values={{ count: formatCount(tail) }}
                />
              </span>
              <span className="tok-id">
                <FormattedMessage
                  id="texts.padding.id"
                  defaultMessage="padding {id}"
                  description="Under “ignored”: the target’s value, the ignore_index (e.g. −100)."
                  values={{ id: formatNumber(ignoreIndex) }}
                />
              </span>
            </span>
          </div>
        ) : null}
        {cut ? (
          <div className="tok-col tok-more" aria-hidden="true">
            <span className="tok-pos">…</span>
            <span className="tok-more-note">
              <FormattedMessage
                id="texts.more"
                defaultMessage="{count} more"
                description="After the last drawn position: how many positions are not drawn."
                values={{ count: formatCount(T - n) }}
              />
            </span>
          </div>
        ) : null}
      </div>
      {foldable ? (
        <button
          type="button"
          className="tok-fold"
          aria-expanded={unfolded}
          aria-controls={gridId}
          onClick={() => setUnfolded(!unfolded)}
        >
          {unfolded ? (
            <FormattedMessage
              id="texts.fold"
              defaultMessage="Show the first {count} tokens only"
              values={{ count: formatCount(MAX_POSITIONS) }}
            />
          ) : (
            <FormattedMessage
              id="texts.unfold"
              defaultMessage="Show all {count} tokens"
              values={{ count: formatCount(scoredInText) }}
            />
          )}
        </button>
      ) : null}
    </li>
  );
}

/** The same ids: the same array, or views of the same bytes (ids are never written). */
const sameIds = (a: Int32Array | null, b: Int32Array | null) =>
  a === b || (!!a && !!b && a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length);

/**
 * A text's rows again only when what they draw changed: a new source with the same texts (the p
 * model's slider makes one per move) leaves them as they are.
 */
const SameTextRows = memo(
  TextRows,
  (a, b) =>
    a.b === b.b &&
    sameIds(a.inputs, b.inputs) &&
    sameIds(a.targets, b.targets) &&
    a.ignoreIndex === b.ignoreIndex &&
    a.decode === b.decode &&
    a.focus?.b === b.focus?.b &&
    a.focus?.t === b.focus?.t &&
    a.onFocus === b.onFocus,
);

export function Texts({ source, decode, focus, onFocus }: TextsProps) {
  const { inputs, batch } = source;
  const [B, T] = batch.shape;
  const rowsOf = inputs && inputs.length === B * T ? inputs : null;
  const shownTexts = Math.min(B, MAX_TEXTS);
  const row = (ids: Int32Array, b: number) => ids.subarray(b * T, (b + 1) * T);
  return (
    <>
      <ol className="tok-texts">
        {Array.from({ length: shownTexts }, (_, b) => (
          <SameTextRows
            key={b}
            b={b}
            inputs={rowsOf ? row(rowsOf, b) : null}
            targets={row(batch.targets, b)}
            ignoreIndex={batch.ignoreIndex}
            decode={decode}
            focus={focus}
            onFocus={onFocus}
          />
        ))}
      </ol>
      {B > shownTexts ? (
        <p className="tok-note">
          <FormattedMessage
            id="texts.more.texts"
            defaultMessage="The first {shown} of {count} texts are shown; the loss uses all of them."
            values={{ shown: formatCount(shownTexts), count: formatCount(B) }}
          />
        </p>
      ) : null}
    </>
  );
}
