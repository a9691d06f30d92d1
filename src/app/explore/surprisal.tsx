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
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { inUnit, type LogitsBatch } from '../../math';
import type { TopToken } from '../compute/row-detail';
import type { ComputeSession } from '../compute/session';
import { intlNumber } from '../i18n/numbers';
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

/** The reader's unit of information as a word: "bits" or "nats". */
function unitWord(intl: IntlShape, units: Units): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'surprisal.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of information (logarithm base 2), after a number: “3.322 bits”.',
      })
    : intl.formatMessage({
        id: 'surprisal.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of information (natural logarithm), after a number: “10.3796 nats”.',
      });
}

/** A position or count as this view has always written it: without a thousands separator. */
const plain = (n: number) => intlNumber(n, { useGrouping: false });

/** The name a screen reader says for a token; it begins with the text the token shows. */
function tokenName(intl: IntlShape, tok: SurprisalToken, text: string, units: Units, V: number): string {
  return intl.formatMessage(
    {
      id: 'surprisal.token.name',
      defaultMessage:
        '{token}: surprisal {surprisal} {unit}, p {p}, rank {rank} of {vocab}, {bucket}, position {position} of {text}',
      description:
        'What a screen reader says for one token of the running text; it must begin with {token}, the text the token shows. p is the probability; {bucket} is “top 1”, “top 10”, “top 100” or “the rest”; {text} is e.g. “the first text”.',
    },
    {
      token: text.trim(),
      surprisal: formatLoss(inUnit(tok.loss, units)),
      unit: unitWord(intl, units),
      p: formatProb(tok.prob),
      rank: formatCount(tok.rank),
      vocab: formatCount(V),
      bucket: bucketLabel(tok.bucket),
      position: plain(tok.t + 1),
      text: textName(tok.b),
    },
  );
}

export function SurprisalView({ shown, units, decode, session, backend }: SurprisalProps) {
  const id = useId();
  const intl = useIntl();
  const { result, source } = shown;
  const V = result.shape[2];
  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const unitName = unitWord(intl, units);
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
      ? intl.formatMessage(
          {
            id: 'surprisal.shade.below',
            defaultMessage: 'below {edge}',
            description: 'Legend: the lightest shade, a surprisal below this value.',
          },
          { edge: edges[0] },
        )
      : k === SHADE_COUNT - 1
        ? intl.formatMessage(
            {
              id: 'surprisal.shade.above',
              defaultMessage: '{edge} or more',
              description: 'Legend: the darkest shade, a surprisal of this value or more.',
            },
            { edge: edges[k - 1] },
          )
        : `${edges[k - 1]}–${edges[k]}`;
  const perDecade = formatNumber(inUnit(Math.LN10, units));
  const shownCount = flat.length;

  return (
    <section className="sx" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <FormattedMessage id="surprisal.title" defaultMessage="Surprisal over the text" />
      </h3>
      <p className="sx-intro">
        <FormattedMessage
          id="surprisal.intro"
          defaultMessage="{unitLog} is the <strong>surprisal</strong> of a token: how surprised the model was that it came next. Here every token of the texts is shaded by it, the stronger the shade the more surprising, and underlined by how high the model ranked it among all {vocab}: its first choice (top 1), in the top 10, in the top 100, or below."
          description="{unitLog} is a formula, −ln p or −log₂ p; {vocab} the number of tokens in the model’s vocabulary."
          values={{
            unitLog,
            vocab: formatCount(V),
            strong: (chunks) => <strong>{chunks}</strong>,
          }}
        />
      </p>

      <div className="sx-legend">
        <figure className="sx-legend-part">
          <figcaption>
            <FormattedMessage
              id="surprisal.legend.shade"
              defaultMessage="Shade: {unitLog} in {unit}, one step for each 10× smaller p ({perDecade} {unit})"
              description="Legend of the shades. {unitLog} is a formula, −ln p or −log₂ p; {unit} is “nats” or “bits”; p is the probability."
              values={{ unitLog, unit: unitName, perDecade }}
            />
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
          <figcaption>
            <FormattedMessage
              id="surprisal.legend.underline"
              defaultMessage="Underline: the right token’s rank"
              description="Legend of the underlines (one pattern per bucket of rank)."
            />
          </figcaption>
          <ul className="sx-buckets">
            {BUCKETS.map((bucket) => (
              <li key={bucket.id} data-testid="sx-bucket-count" data-bucket={bucket.id}>
                <span className={`sx-sample sx-b-${bucket.id}`} aria-hidden="true">
                  <span className="sx-word">
                    <FormattedMessage
                      id="surprisal.legend.sample"
                      defaultMessage="token"
                      description="A sample word in the legend, drawn with the underline of each bucket of rank."
                    />
                  </span>
                </span>{' '}
                <FormattedMessage
                  id="surprisal.legend.bucket"
                  defaultMessage="<strong>{bucket}</strong> ({ranks}): <total>{n, plural, one {{count} token} other {{count} tokens}}</total>"
                  description="One line of the underline legend: the bucket (“top 10”), the ranks it holds (“rank 2 to 10”) and how many of the tokens shown are in it ({count} is {n} written out)."
                  values={{
                    bucket: bucket.label,
                    ranks: bucket.ranks,
                    n: view.counts[bucket.id],
                    count: formatCount(view.counts[bucket.id]),
                    strong: (chunks) => <strong>{chunks}</strong>,
                    total: (chunks) => <span className="sx-count">{chunks}</span>,
                  }}
                />
              </li>
            ))}
          </ul>
        </figure>
      </div>

      <p id={`${id}-keys`} className="sx-keys">
        <FormattedMessage
          id="surprisal.keys"
          defaultMessage="Point at a token, or Tab to it and move with the arrow keys, to see what the model expected there."
          description="“Tab” is the keyboard key."
        />
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
                <FormattedMessage
                  id="surprisal.text.label"
                  defaultMessage="Text {number}"
                  description="Heading of one of the reader’s texts: Text 1, Text 2, …"
                  values={{ number: formatCount(text.b + 1) }}
                />
                {text.ignored > 0 && (
                  <span className="sx-text-note">
                    {' '}
                    ·{' '}
                    <FormattedMessage
                      id="surprisal.text.padding"
                      defaultMessage="{n, plural, one {{count} padding position} other {{count} padding positions}} left out"
                      description="After a text’s heading: how many padding (ignored) positions of the text are not shown ({count} is {n} written out)."
                      values={{ n: text.ignored, count: formatCount(text.ignored) }}
                    />
                  </span>
                )}
              </p>
              <p className={`sx-run${decode ? '' : ' sx-ids'}`}>
                {text.lead !== null && (
                  <span
                    className="sx-lead"
                    title={intl.formatMessage({
                      id: 'surprisal.lead.title',
                      defaultMessage: 'read first, never predicted: nothing came before it',
                      description: 'Hover text of a text’s first token, which is shown but not scored.',
                    })}
                  >
                    <span className="visually-hidden">
                      {intl.formatMessage({
                        id: 'surprisal.lead.hidden',
                        defaultMessage: 'the first token, not scored:',
                        description:
                          'Said by a screen reader before a text’s first token (shown but not scored); the token follows.',
                      })}{' '}
                    </span>
                    {runningText(text.lead, decode)}
                  </span>
                )}
                {text.tokens.map((tok) => {
                  const shownText = runningText(tok.target, decode);
                  const isChosen = tok === chosenToken;
                  return (
                    <span key={tok.row} className="sx-slot">
                      {tok.skippedBefore > 0 && (
                        <span
                          className="sx-gap"
                          title={intl.formatMessage(
                            {
                              id: 'surprisal.gap.title',
                              defaultMessage: '{count} ignored',
                              description:
                                'Hover text of a gap in the running text: this many positions ignored (padding).',
                            },
                            { count: plain(tok.skippedBefore) },
                          )}
                        >
                          <span aria-hidden="true">…</span>
                          <span className="visually-hidden">
                            {intl.formatMessage(
                              {
                                id: 'surprisal.gap.hidden',
                                defaultMessage: '({count} ignored)',
                                description:
                                  'Said by a screen reader at a gap in the running text: this many positions ignored (padding).',
                              },
                              { count: plain(tok.skippedBefore) },
                            )}{' '}
                          </span>
                        </span>
                      )}
                      <button
                        type="button"
                        className={`sx-tok sx-shade-${tok.shade} sx-b-${tok.bucket}${isChosen ? ' chosen' : ''}`}
                        data-row={tok.row}
                        data-bucket={tok.bucket}
                        data-testid="sx-token"
                        tabIndex={isChosen ? 0 : -1}
                        aria-label={tokenName(intl, tok, shownText, units, V)}
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
                  <span className="sx-text-note">
                    <FormattedMessage
                      id="surprisal.text.all.padding"
                      defaultMessage="every position is padding"
                      description="In place of a text’s tokens when all of its positions are padding (ignored)."
                    />
                  </span>
                )}
                {text.cut > 0 && (
                  <span className="sx-text-note">
                    {' '}
                    …{' '}
                    <FormattedMessage
                      id="surprisal.text.cut"
                      defaultMessage="{n, plural, one {{count} more token} other {{count} more tokens}}"
                      description="At the end of a text cut short: how many more scored tokens are not shown ({count} is {n} written out)."
                      values={{ n: text.cut, count: formatCount(text.cut) }}
                    />
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
          {view.textsCut > 0 ? (
            <FormattedMessage
              id="surprisal.note.cut.texts"
              defaultMessage="The first {shown} of {total} scored tokens are shown, from {texts} of {allTexts} texts."
              description="Under a long result: only part of it is drawn, and only some of its texts."
              values={{
                shown: formatCount(shownCount),
                total: formatCount(result.count),
                texts: plain(view.texts.length),
                allTexts: formatCount(result.shape[0]),
              }}
            />
          ) : (
            <FormattedMessage
              id="surprisal.note.cut"
              defaultMessage="The first {shown} of {total} scored tokens are shown."
              description="Under a long result: only part of it is drawn."
              values={{ shown: formatCount(shownCount), total: formatCount(result.count) }}
            />
          )}
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
  const intl = useIntl();
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
  const top = alternatives?.[0]?.prob ?? 1;
  return (
    <div className="sx-detail" data-testid="sx-detail">
      <p className="sx-detail-head">
        <span className={`sx-detail-token sx-shade-${tok.shade} sx-b-${tok.bucket}`}>
          <Word text={text} />
        </span>{' '}
        <span className="sx-detail-where">
          <FormattedMessage
            id="surprisal.detail.where"
            defaultMessage="position {position} of text {text}"
            description="Where the token shown in detail stands: its position in its text, and which text (1, 2, …)."
            values={{ position: plain(tok.t + 1), text: formatCount(tok.b + 1) }}
          />
        </span>
      </p>
      <dl className="sx-facts">
        <div>
          <dt>
            <FormattedMessage
              id="surprisal.detail.p"
              defaultMessage="p"
              description="Label of the right token’s probability: the symbol p of the formulas (−ln p), usually kept as it is."
            />
          </dt>
          <dd data-testid="sx-p" title={String(tok.prob)}>
            {formatProb(tok.prob)}
          </dd>
        </div>
        <div>
          <dt>
            <bdi>{unitLog}</bdi>
          </dt>
          <dd data-testid="sx-surprisal">
            <FormattedMessage
              id="surprisal.detail.surprisal"
              defaultMessage="{value} {unit}"
              description="The token’s surprisal with its unit: “10.3796 nats” or “14.97 bits”."
              values={{ value: formatLoss(inUnit(tok.loss, units)), unit: unitWord(intl, units) }}
            />
          </dd>
        </div>
        <div className="sx-fact-wide">
          <dt>
            <FormattedMessage
              id="surprisal.detail.rank"
              defaultMessage="rank"
              description="Label: where the right token stands in the model’s ranking of all tokens (1 = most likely)."
            />
          </dt>
          <dd data-testid="sx-rank">
            <FormattedMessage
              id="surprisal.detail.rank.value"
              defaultMessage="{rank} of {vocab} ({bucket})"
              description="The right token’s rank among all tokens of the vocabulary, and its bucket (“top 10”, “the rest”)."
              values={{ rank: formatCount(tok.rank), vocab: formatCount(V), bucket: bucketLabel(tok.bucket) }}
            />
          </dd>
        </div>
      </dl>
      {alternatives ? (
        <>
          <p className="sx-alts-title">
            {alternatives.length === V ? (
              <FormattedMessage
                id="surprisal.alts.all"
                defaultMessage="The model’s {count} tokens here, most likely first:"
                description="Title of the list of every token of a (tiny) vocabulary at this position."
                values={{ count: plain(V) }}
              />
            ) : (
              <FormattedMessage
                id="surprisal.alts.top"
                defaultMessage="The model’s {count} most likely tokens here, most likely first:"
                description="Title of the list of the model’s most likely tokens at this position."
                values={{ count: plain(alternatives.length) }}
              />
            )}
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
                  {right && (
                    <span className="sx-alt-right">
                      {' '}
                      {intl.formatMessage({
                        id: 'surprisal.alts.right',
                        defaultMessage: 'the right token',
                        description: 'Marks the token that really came next in the list of likely tokens.',
                      })}
                    </span>
                  )}
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
          {alternatives === undefined ? (
            <FormattedMessage
              id="surprisal.alts.finding"
              defaultMessage="Finding the model’s most likely tokens here…"
            />
          ) : (
            <FormattedMessage
              id="surprisal.alts.lost"
              defaultMessage="The model’s most likely tokens here need its logits, which are on a GPU that no longer answers."
            />
          )}
        </p>
      )}
    </div>
  );
}
