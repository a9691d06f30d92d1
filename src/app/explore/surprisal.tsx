/**
 * Surprisal over the text, under the −log p chart: every scored token of each text (the targets
 * y_t, read in order) as running text, shaded by its surprisal −log p in the reader's units and
 * underlined by the bucket of its rank (top 1, top 10, top 100, the rest: a pattern each, named
 * in the legend and in each token's name, so colour is never the only cue).
 *
 * Each token is a button in one roving tab stop: Tab enters at the chosen token, ← → move to the
 * previous or next token, ↑ ↓ to the previous or next text, Home and End to the ends of a text.
 * Focus or the pointer shows a detail: p, −log p, the rank of V and the model's five most likely
 * tokens there, p_j = exp(x_j − log Σ exp x) from the row's V logits, computed for that one
 * position only (V can be 262,144). A source whose logits stay on the GPU (batch.logits empty)
 * asks the compute session for that row's top tokens instead.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { inUnit, type LogitsBatch } from '../../math';
import type { TopToken } from '../compute/row-detail';
import type { ComputeSession } from '../compute/session';
import type { Backend, Shown, Units } from '../state';
import { formatCount, formatLoss, formatNumber, formatProb } from '../view/format';
import { textName } from '../view/Texts';
import type { Decode } from '../view/tokens';
import {
  ALTERNATIVES,
  BUCKETS,
  bucketLabel,
  shadeEdgesNats,
  SHADE_COUNT,
  surprisalView,
  topAlternatives,
  type SurprisalToken,
} from './surprisal-model';
import './surprisal.css';

interface SurprisalProps {
  shown: Shown;
  units: Units;
  /** Token strings; null shows ids ("#3626"). */
  decode: Decode | null;
  /** For logits that are not on the CPU (kept on the GPU): the engine gives the row's top tokens. */
  session: ComputeSession | null;
  backend: Backend | null;
}

/**
 * A token as it reads in running text: its own spaces kept (so " effort" follows "every" with a
 * space), a line break as ⏎ and a tab as ⇥; a token of spaces only shows them as ␣, an empty one
 * (or one without a vocabulary) its id.
 */
export function runningText(id: number, decode: Decode | null): string {
  if (!decode) return `#${id}`;
  const text = decode(id);
  if (text === '') return `#${id}`;
  const shown = text.replace(/\r?\n/g, '⏎').replace(/\t/g, '⇥');
  return shown.trim() === '' ? shown.replace(/ /g, '␣') : shown;
}

/**
 * A token's text with its leading spaces apart, so the underline (the rank's bucket) marks the word
 * and not the space before it.
 */
function Word({ text }: { text: string }) {
  const space = /^\s*/.exec(text)?.[0] ?? '';
  return (
    <>
      {space}
      <span className="sx-word">{text.slice(space.length)}</span>
    </>
  );
}

/** The name a screen reader says for a token; it begins with the text the token shows. */
function tokenName(tok: SurprisalToken, text: string, units: Units, V: number): string {
  const unitName = units === 'bits' ? 'bits' : 'nats';
  return (
    `${text.trim()}: surprisal ${formatLoss(inUnit(tok.loss, units))} ${unitName}, p ${formatProb(tok.prob)}, ` +
    `rank ${formatCount(tok.rank)} of ${formatCount(V)}, ${bucketLabel(tok.bucket)}, ` +
    `position ${tok.t + 1} of ${textName(tok.b)}`
  );
}

export function SurprisalView({ shown, units, decode, session, backend }: SurprisalProps) {
  const id = useId();
  const { result, source } = shown;
  const V = result.shape[2];
  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const unitName = units === 'bits' ? 'bits' : 'nats';
  const view = useMemo(
    () => surprisalView(result, source.inputs, source.model?.startId ?? null),
    [result, source.inputs, source.model],
  );
  const flat = view.texts.flatMap((text) => text.tokens);

  // The chosen token (by focus or click) holds the tab stop; the pointer shows another for a while.
  // Both are rows r = b·T + t; a row the new result does not show falls back to the first token.
  const [chosen, setChosen] = useState<number | null>(null);
  const [pointed, setPointed] = useState<number | null>(null);
  const chosenToken = flat.find((tok) => tok.row === chosen) ?? flat[0] ?? null;
  const detail = flat.find((tok) => tok.row === pointed) ?? chosenToken;
  const listRef = useRef<HTMLDivElement>(null);

  if (view.texts.length === 0) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Alt+← and the like belong to the browser.
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const at = flat.findIndex((tok) => String(tok.row) === target.dataset.row);
    const here = flat[at];
    if (!here) return;
    const text = view.texts.findIndex((x) => x.b === here.b);
    const inText = view.texts[text]?.tokens ?? [];
    const index = inText.indexOf(here);
    const otherText = (step: number) => {
      for (let i = text + step; i >= 0 && i < view.texts.length; i += step) {
        const tokens = view.texts[i]!.tokens;
        if (tokens.length > 0) return tokens[Math.min(index, tokens.length - 1)];
      }
      return here;
    };
    const next: Record<string, SurprisalToken | undefined> = {
      ArrowRight: flat[at + 1] ?? here,
      ArrowLeft: flat[at - 1] ?? here,
      ArrowDown: otherText(1),
      ArrowUp: otherText(-1),
      Home: inText[0],
      End: inText[inText.length - 1],
    };
    if (!Object.hasOwn(next, event.key)) return;
    // Kept here: elsewhere on the page ← and → step between stages.
    event.preventDefault();
    event.stopPropagation();
    const to = next[event.key];
    if (to) listRef.current?.querySelector<HTMLElement>(`[data-row="${to.row}"]`)?.focus();
  };

  const edges = shadeEdgesNats().map((nats) => formatNumber(inUnit(nats, units)));
  const shadeRange = (k: number) =>
    k === 0
      ? `below ${edges[0]}`
      : k === SHADE_COUNT - 1
        ? `${edges[k - 1]} or more`
        : `${edges[k - 1]}–${edges[k]}`;
  const perDecade = formatNumber(inUnit(Math.LN10, units));
  const shownCount = flat.length;

  return (
    <section className="sx" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Surprisal over the text</h3>
      <p className="sx-intro">
        {unitLog} is the <strong>surprisal</strong> of a token: how surprised the model was that it came next.
        Here every token of the texts is shaded by it, the stronger the shade the more surprising, and
        underlined by how high the model ranked it among all {formatCount(V)}: its first choice (top 1), in
        the top 10, in the top 100, or below.
      </p>

      <div className="sx-legend">
        <figure className="sx-legend-part">
          <figcaption>
            Shade: {unitLog} in {unitName}, one step for each 10× smaller p ({perDecade} {unitName})
          </figcaption>
          <ol className="sx-scale">
            {Array.from({ length: SHADE_COUNT }, (_, k) => (
              <li key={k} className={`sx-swatch sx-shade-${k}`}>
                {shadeRange(k)}
              </li>
            ))}
          </ol>
        </figure>
        <figure className="sx-legend-part">
          <figcaption>Underline: the right token’s rank</figcaption>
          <ul className="sx-buckets">
            {BUCKETS.map((bucket) => (
              <li key={bucket.id} data-testid="sx-bucket-count" data-bucket={bucket.id}>
                <span className={`sx-sample sx-b-${bucket.id}`} aria-hidden="true">
                  <span className="sx-word">token</span>
                </span>{' '}
                <strong>{bucket.label}</strong> ({bucket.ranks}):{' '}
                <span className="sx-count">
                  {formatCount(view.counts[bucket.id])} {view.counts[bucket.id] === 1 ? 'token' : 'tokens'}
                </span>
              </li>
            ))}
          </ul>
        </figure>
      </div>

      <p id={`${id}-keys`} className="sx-keys">
        Point at a token, or Tab to it and move with the arrow keys, to see what the model expected there.
      </p>
      <div className="sx-body">
        <div
          className="sx-texts"
          role="group"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-keys`}
          ref={listRef}
          onKeyDown={onKeyDown}
        >
          {view.texts.map((text) => (
            <div key={text.b} className="sx-text">
              <p className="sx-text-label">
                Text {text.b + 1}
                {text.ignored > 0 && (
                  <span className="sx-text-note">
                    {' '}
                    · {formatCount(text.ignored)} padding {text.ignored === 1 ? 'position' : 'positions'} left
                    out
                  </span>
                )}
              </p>
              <p className={`sx-run${decode ? '' : ' sx-ids'}`}>
                {text.lead !== null && (
                  <span className="sx-lead" title="read first, never predicted: nothing came before it">
                    <span className="visually-hidden">the first token, not scored: </span>
                    {runningText(text.lead, decode)}
                  </span>
                )}
                {text.tokens.map((tok) => {
                  const shownText = runningText(tok.target, decode);
                  const isChosen = tok === chosenToken;
                  return (
                    <span key={tok.row} className="sx-slot">
                      {tok.skippedBefore > 0 && (
                        <span className="sx-gap" title={`${tok.skippedBefore} ignored`}>
                          <span aria-hidden="true">…</span>
                          <span className="visually-hidden">({tok.skippedBefore} ignored) </span>
                        </span>
                      )}
                      <button
                        type="button"
                        className={`sx-tok sx-shade-${tok.shade} sx-b-${tok.bucket}${isChosen ? ' chosen' : ''}`}
                        data-row={tok.row}
                        data-bucket={tok.bucket}
                        data-testid="sx-token"
                        tabIndex={isChosen ? 0 : -1}
                        aria-label={tokenName(tok, shownText, units, V)}
                        onFocus={() => setChosen(tok.row)}
                        onClick={() => setChosen(tok.row)}
                        onMouseEnter={() => setPointed(tok.row)}
                        onMouseLeave={() => setPointed(null)}
                      >
                        <Word text={shownText} />
                      </button>
                      {/* A token that ends a line (shown ⏎) ends the line of running text too. */}
                      {decode && decode(tok.target).endsWith('\n') && <br />}
                    </span>
                  );
                })}
                {text.tokens.length === 0 && text.cut === 0 && (
                  <span className="sx-text-note">every position is padding</span>
                )}
                {text.cut > 0 && (
                  <span className="sx-text-note">
                    {' '}
                    … {formatCount(text.cut)} more {text.cut === 1 ? 'token' : 'tokens'}
                  </span>
                )}
              </p>
            </div>
          ))}
        </div>

        {detail && (
          <Detail
            tok={detail}
            text={runningText(detail.target, decode)}
            batch={source.batch}
            session={session}
            backend={backend}
            decode={decode}
            units={units}
            V={V}
          />
        )}
      </div>
      {(view.textsCut > 0 || flat.length < result.count) && (
        <p className="sx-note">
          The first {formatCount(shownCount)} of {formatCount(result.count)} scored tokens are shown
          {view.textsCut > 0 ? `, from ${view.texts.length} of ${formatCount(result.shape[0])} texts` : ''}.
        </p>
      )}
    </section>
  );
}

interface DetailProps {
  tok: SurprisalToken;
  text: string;
  /** The logits the result came from: the alternatives are read from row tok.row. */
  batch: LogitsBatch;
  session: ComputeSession | null;
  backend: Backend | null;
  decode: Decode | null;
  units: Units;
  V: number;
}

/** The alternatives the engine gave for one row of logits kept on the GPU, or why it could not. */
interface Asked {
  batch: LogitsBatch;
  row: number;
  top: TopToken[] | null;
}

function Detail({ tok, text, batch, session, backend, decode, units, V }: DetailProps) {
  const [B, T] = batch.shape;
  // The logits are on the CPU unless a source keeps them on the GPU (then batch.logits is empty).
  const onCpu = batch.logits.length === B * T * V;
  // One pass over the shown position's V logits, again only when another position is shown.
  const cpuAlternatives = useMemo(
    () => (onCpu ? topAlternatives(batch, tok.row, tok.logSumExp) : null),
    [onCpu, batch, tok.row, tok.logSumExp],
  );
  // Logits on the GPU: the engine's top-k of this one row (the logits and softmax stages' call).
  const [asked, setAsked] = useState<Asked | null>(null);
  const { b, t, row } = tok;
  useEffect(() => {
    if (onCpu || !session || !backend) return;
    let live = true;
    session.rowDetail(batch, b, t, backend).then(
      (detail) =>
        // No top tokens: the CPU answered for logits it does not have.
        live &&
        setAsked({ batch, row, top: detail.top.length > 0 ? detail.top.slice(0, ALTERNATIVES) : null }),
      () => live && setAsked({ batch, row, top: null }),
    );
    return () => {
      live = false;
    };
  }, [onCpu, session, backend, batch, b, t, row]);
  const gpuAlternatives = asked && asked.batch === batch && asked.row === row ? asked.top : undefined;
  // undefined: still computing; null: the engine could not give them.
  const alternatives = onCpu ? cpuAlternatives : gpuAlternatives;

  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const unitName = units === 'bits' ? 'bits' : 'nats';
  const top = alternatives?.[0]?.prob ?? 1;
  return (
    <div className="sx-detail" data-testid="sx-detail">
      <p className="sx-detail-head">
        <span className={`sx-detail-token sx-shade-${tok.shade} sx-b-${tok.bucket}`}>
          <Word text={text} />
        </span>{' '}
        <span className="sx-detail-where">
          position {tok.t + 1} of text {tok.b + 1}
        </span>
      </p>
      <dl className="sx-facts">
        <div>
          <dt>p</dt>
          <dd data-testid="sx-p" title={String(tok.prob)}>
            {formatProb(tok.prob)}
          </dd>
        </div>
        <div>
          <dt>{unitLog}</dt>
          <dd data-testid="sx-surprisal">
            {formatLoss(inUnit(tok.loss, units))} {unitName}
          </dd>
        </div>
        <div className="sx-fact-wide">
          <dt>rank</dt>
          <dd data-testid="sx-rank">
            {formatCount(tok.rank)} of {formatCount(V)} ({bucketLabel(tok.bucket)})
          </dd>
        </div>
      </dl>
      {alternatives ? (
        <>
          <p className="sx-alts-title">
            The model’s{' '}
            {alternatives.length === V ? `${V} tokens` : `${alternatives.length} most likely tokens`} here,
            most likely first:
          </p>
          <ol className="sx-alts" data-testid="sx-alternatives">
            {alternatives.map((alt) => {
              const right = alt.id === tok.target;
              return (
                <li key={alt.id} className={right ? 'sx-alt right' : 'sx-alt'} data-testid="sx-alt">
                  <span className="sx-alt-token" data-testid="sx-alt-token">
                    {runningText(alt.id, decode)}
                  </span>{' '}
                  <span className="sx-alt-p" data-testid="sx-alt-p" title={String(alt.prob)}>
                    {formatProb(alt.prob)}
                  </span>
                  {right && <span className="sx-alt-right"> the right token</span>}
                  <span className="sx-alt-bar" aria-hidden="true">
                    <span style={{ width: `${(100 * alt.prob) / top}%` }} />
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      ) : (
        <p className="sx-alts-title">
          {alternatives === undefined
            ? 'Finding the model’s most likely tokens here…'
            : 'The model’s most likely tokens here need its logits, which are on a GPU that no longer answers.'}
        </p>
      )}
    </div>
  );
}
