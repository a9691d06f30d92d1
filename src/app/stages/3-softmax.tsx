/**
 * Stage 3: softmax turns the focused row's V logits into probabilities: subtract the max m,
 * exponentiate, divide by S = Σ_j exp(z_j − m). Shown with the target's own numbers (KaTeX), the
 * whole distribution sorted on log axes with the target's rank, the top-k tokens, and the sum of
 * all V probabilities (1) split into the top-k's share and the rest's.
 */
import { useMemo, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { TOP_K } from '../compute/row-detail';
import { intlNumber } from '../i18n/numbers';
import { formatCount, formatNumber, formatProb } from '../view/format';
import { Formula, texNumber } from '../view/Formula';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import { DragLogit } from '../explore/drag-logit';
import { Temperature } from '../explore/temperature';
import { RowPicker } from './logits-picker';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken, whereText } from './logits-row';
import { SoftmaxChart } from './softmax-chart';
import { sortedDescending, sortedPosition, topShare } from './softmax-sorted';
import type { StageProps } from './stage';
import './logits.css';
import './softmax.css';

/**
 * Sums of probabilities to 4 decimals, in the page's language: 1.0000, 0.0011. A sum that rounds
 * to zero reads 0.0000, never −0.0000 (the rest of a row whose top-k hold it all can be −1e−9).
 */
const fixed4 = (x: number) => {
  const rounded = Math.round(x * 1e4) / 1e4;
  return intlNumber(rounded === 0 ? 0 : x, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
};

/** A signed number for TeX, in parentheses when negative: (−1.23). */
const texSigned = (x: number) => (x < 0 ? `(${texNumber(formatNumber(x))})` : texNumber(formatNumber(x)));

/** Ranks at which the text alternative reads the sorted curve: 1, 10, 100, … up to V. */
function sampleRanks(V: number): number[] {
  const ranks: number[] = [];
  for (let r = 1; r < V; r *= 10) ranks.push(r);
  ranks.push(V);
  return ranks;
}

export function Stage3Softmax({ shown, state, dispatch, decode, row, session, backend }: StageProps) {
  const V = shown.result.shape[2];
  const chartBox = useRef<HTMLElement>(null);
  const detail = rowOfShown(row, shown);
  const token = detail ? shown.result.tokens[detail.row] : undefined;
  const target = token && !token.ignored ? token : null;

  // The distribution sorted largest first: one Float32/64 sort of V values per row.
  const sorted = useMemo(() => (detail ? sortedDescending(detail.probs) : null), [detail]);
  const chartTarget = useMemo(() => (target ? { rank: target.rank, prob: target.prob } : null), [target]);

  const intl = useIntl();
  const where = detail ? whereText(detail.b, detail.t) : '';
  const lagging = !detail || detail.b !== state.focus.b || detail.t !== state.focus.t;

  // Where the target's p sits in the sorted list: must agree with the loss's rank (ties share).
  const position = sorted && detail && target ? sortedPosition(sorted, detail.probs[target.target]!) : null;
  const rankAgrees = !position || !target || (position.first <= target.rank && target.rank <= position.last);
  const share = detail ? topShare(detail.top, detail.probSum) : null;
  const k = detail?.top.length ?? TOP_K;

  const targetName = target ? tokenSpoken(target.target, decode) : '';
  // The chart's text alternative and its exports' caption.
  const description =
    sorted && detail
      ? intl.formatMessage(
          {
            id: 'stage3.chart.description',
            defaultMessage:
              'All {count} probabilities of {where}, sorted from most to least likely, on logarithmic axes: from {first} at rank 1 down to {last} at rank {count}.',
            description:
              'Text alternative of the sorted-probabilities chart (also the caption of its exported image). {where} is e.g. “text 1, position 3”; {first} and {last} are probabilities.',
          },
          { count: formatCount(V), where, first: formatProb(sorted[0]!), last: formatProb(sorted[V - 1]!) },
        ) +
        (target
          ? ' ' +
            intl.formatMessage(
              {
                id: 'stage3.chart.description.target',
                defaultMessage: 'The target {token} is at rank {rank} with p = {p}.',
                description:
                  'Text alternative of the sorted-probabilities chart: where the target token (what really came next) is, and its probability p.',
              },
              { token: targetName, rank: formatCount(target.rank), p: formatProb(target.prob) },
            )
          : '')
      : '';

  const numerator = detail && target ? Math.exp(target.targetLogit - detail.max) : NaN;
  // On three lines (aligned), so it fits a 375 px phone without scrolling.
  const tex =
    detail && target
      ? String.raw`\begin{aligned} p_{y} &= \frac{e^{\,z_y - m}}{\sum_j e^{\,z_j - m}} \\ &= \frac{e^{\,${texSigned(
          target.targetLogit,
        )} - ${texSigned(detail.max)}}}{${texNumber(formatNumber(detail.sumExp))}} \\ &= \frac{${texNumber(
          formatNumber(numerator),
        )}}{${texNumber(formatNumber(detail.sumExp))}} = ${texNumber(formatProb(target.prob))} \end{aligned}`
      : '';

  return (
    <div className="softmax-stage">
      <p>
        <FormattedMessage
          id="stage3.intro"
          defaultMessage="Logits can be any real numbers. <dfn>Softmax</dfn> turns a row of them into probabilities: numbers between 0 and 1 that add up to 1, one for each of the {vocabulary} tokens. It keeps the order: the higher a token’s score, the higher its probability."
          values={{ vocabulary: formatCount(V), dfn: (chunks) => <dfn>{chunks}</dfn> }}
        />
      </p>

      <RowPicker shown={shown} focus={state.focus} dispatch={dispatch} decode={decode} />

      <ol className="softmax-steps" aria-busy={lagging}>
        <li>
          <FormattedMessage
            id="stage3.step.subtract"
            defaultMessage="<strong>Subtract the largest score</strong> {m} from every score. The largest becomes 0 and the rest negative, so the next step never overflows; the result does not change, because softmax only sees differences between logits: ln p<sub>j</sub> = z<sub>j</sub> − ln Σ<sub>k</sub> e<sup>z<sub>k</sub></sup>, so logits are log-probabilities up to one constant per row (the log-sum-exp). That is also why stage 6’s fused cross-entropy never forms p at all: −ln p<sub>y</sub> = log-sum-exp − z<sub>y</sub>."
            description="Step 1 of softmax. {m} is the largest logit: the letter m, or “m = 12.34 (the token …)”. The formulas (ln, Σ, e, p, z with subscripts) are math notation, kept as they are; “log-sum-exp” is the name of a function."
            values={{
              strong: (chunks) => <strong>{chunks}</strong>,
              sub: (chunks) => <sub>{chunks}</sub>,
              sup: (chunks) => <sup>{chunks}</sup>,
              m: detail ? (
                detail.top[0] ? (
                  <FormattedMessage
                    id="stage3.step.subtract.max.token"
                    defaultMessage="m = {max} (the token {token})"
                    description="The largest logit m of the row and the token that has it."
                    values={{
                      max: <Num value={detail.max} text={formatNumber(detail.max)} testId="softmax-max" />,
                      token: <span className="token">{tokenLabel(detail.top[0].id, decode)}</span>,
                    }}
                  />
                ) : (
                  <FormattedMessage
                    id="stage3.step.subtract.max"
                    defaultMessage="m = {max}"
                    description="The largest logit m of the row (math notation)."
                    values={{
                      max: <Num value={detail.max} text={formatNumber(detail.max)} testId="softmax-max" />,
                    }}
                  />
                )
              ) : (
                'm'
              ),
            }}
          />
        </li>
        <li>
          <FormattedMessage
            id="stage3.step.exponentiate"
            defaultMessage="<strong>Exponentiate</strong> each: e<sup>z − m</sup> is always positive, at most e<sup>0</sup> = 1."
            description="Step 2 of softmax; e, z and m are math notation."
            values={{ strong: (chunks) => <strong>{chunks}</strong>, sup: (chunks) => <sup>{chunks}</sup> }}
          />
        </li>
        <li>
          <FormattedMessage
            id="stage3.step.divide"
            defaultMessage="<strong>Divide by their sum</strong> {sum}, so that all {vocabulary} add up to 1."
            description="Step 3 of softmax. {sum} is the letter S, or the formula of the sum S with its value."
            values={{
              strong: (chunks) => <strong>{chunks}</strong>,
              vocabulary: formatCount(V),
              sum: detail ? (
                <FormattedMessage
                  id="stage3.step.divide.sum"
                  defaultMessage="S = Σ<sub>j</sub> e<sup>z<sub>j</sub> − m</sup> = {value}"
                  description="The sum S of the exponentials (math notation, kept as it is) and its value."
                  values={{
                    sub: (chunks) => <sub>{chunks}</sub>,
                    sup: (chunks) => <sup>{chunks}</sup>,
                    value: (
                      <Num
                        value={detail.sumExp}
                        text={formatNumber(detail.sumExp)}
                        testId="softmax-sum-exp"
                      />
                    ),
                  }}
                />
              ) : (
                'S'
              ),
            }}
          />
        </li>
      </ol>

      {detail && target ? (
        <div className="softmax-formula">
          <p className="softmax-formula-lead">
            <FormattedMessage
              id="stage3.formula.lead"
              defaultMessage="For the target y = {token} {id} at {where}, with its logit z<sub>y</sub> = {logit}:"
              description="Leads into the softmax formula filled with the target’s numbers. y and z are math notation; {token} is the target token’s text, {id} its id; {where} is e.g. “text 1, position 3”."
              values={{
                token: <span className="token">{tokenLabel(target.target, decode)}</span>,
                id: <span className="id">{target.target}</span>,
                where,
                sub: (chunks) => <sub>{chunks}</sub>,
                logit: <Num value={target.targetLogit} text={formatNumber(target.targetLogit)} />,
              }}
            />
          </p>
          <Formula tex={tex} display />
          <p className="softmax-formula-result">
            <FormattedMessage
              id="stage3.formula.result"
              defaultMessage="p = {p}"
              description="The target’s probability p, the formula’s result (math notation)."
              values={{
                p: <Num value={target.prob} text={formatProb(target.prob)} testId="softmax-target-p" />,
              }}
            />
          </p>
        </div>
      ) : (
        <div className="softmax-formula softmax-formula-wait">
          <p>
            {detail
              ? intl.formatMessage({
                  id: 'stage3.formula.padding',
                  defaultMessage: 'This position is padding: it has no target and is left out of the loss.',
                })
              : intl.formatMessage({
                  id: 'stage3.formula.wait',
                  defaultMessage: 'Computing this row’s probabilities…',
                })}
          </p>
        </div>
      )}

      <h3 className="softmax-heading">
        <FormattedMessage
          id="stage3.sorted.title"
          defaultMessage="All {vocabulary} probabilities, most likely first"
          values={{ vocabulary: formatCount(V) }}
        />
      </h3>
      <p className="softmax-note">
        <FormattedMessage
          id="stage3.sorted.note"
          defaultMessage="Both axes are logarithmic, so the few likely tokens on the left and the long tail of unlikely ones both fit. The shaded band holds the top {k}."
          description="{k} is how many most likely tokens the page lists (e.g. 10)."
          values={{ k: formatCount(k) }}
        />
      </p>
      <figure className="logits-figure" aria-busy={lagging} ref={chartBox}>
        <SoftmaxChart sorted={sorted} target={chartTarget} topK={k} description={description} />
        <figcaption className="logits-legend">
          {target ? (
            <span className="logits-key softmax-target-line" data-testid="softmax-target-rank">
              <span className="logits-key-ring" aria-hidden="true" />
              <span>
                <FormattedMessage
                  id="stage3.legend.target"
                  defaultMessage="target {token}: rank {rank} of {vocabulary}, p = {p}"
                  description="Legend of the sorted-probabilities chart: the target token (what really came next), its rank among all tokens and its probability p."
                  values={{
                    token: tokenSpoken(target.target, decode),
                    rank: formatCount(target.rank),
                    vocabulary: formatCount(V),
                    p: formatProb(target.prob),
                  }}
                />
              </span>
            </span>
          ) : (
            <span>
              {detail
                ? intl.formatMessage({
                    id: 'stage3.legend.padding',
                    defaultMessage: 'No target at this position (padding).',
                  })
                : ''}
            </span>
          )}
        </figcaption>
        {!rankAgrees && position && target && (
          <p className="softmax-rank-note" role="note">
            <FormattedMessage
              id="stage3.rank.note"
              defaultMessage="The sorted list puts the target’s probability at position {position}, while the loss counted rank {rank}: rounded probabilities that tie can swap places."
              description="{position} is a position in the sorted list, or a range of positions such as 12–14."
              values={{
                position:
                  formatCount(position.first) +
                  (position.last > position.first ? `–${formatCount(position.last)}` : ''),
                rank: formatCount(target.rank),
              }}
            />
          </p>
        )}
      </figure>
      {description && (
        <ChartExport chart={chartBox} name="softmax" file="softmax-chart" caption={description} />
      )}

      {sorted && (
        <details className="softmax-curve-numbers">
          <summary>
            <FormattedMessage
              id="stage3.sorted.numbers"
              defaultMessage="The sorted probabilities in numbers"
            />
          </summary>
          <div className="table-wrap">
            <table className="tokens">
              <caption className="visually-hidden">
                <FormattedMessage
                  id="stage3.sorted.numbers.caption"
                  defaultMessage="Probability at some ranks, {where}"
                  description="{where} is e.g. “text 1, position 3”."
                  values={{ where }}
                />
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="stage3.col.rank"
                      defaultMessage="Rank"
                      description="Column header: a token’s rank, 1 for the most likely."
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="stage3.col.probability"
                      defaultMessage="Probability"
                      description="Column header: a token’s probability."
                    />
                  </th>
                </tr>
              </thead>
              <tbody>
                {sampleRanks(V).map((r) => (
                  <tr key={r}>
                    <td className="num">{formatCount(r)}</td>
                    <td className="num">
                      <Num value={sorted[r - 1]!} text={formatProb(sorted[r - 1]!)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}

      <div className="softmax-bottom">
        <div className="table-wrap softmax-top">
          <table className="tokens" data-testid="top-tokens">
            <caption>
              <FormattedMessage
                id="stage3.top.caption"
                defaultMessage="The {k} most likely next tokens"
                values={{ k: formatCount(k) }}
              />
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="stage3.col.rank"
                    defaultMessage="Rank"
                    description="Column header: a token’s rank, 1 for the most likely."
                  />
                </th>
                <th scope="col">
                  <FormattedMessage
                    id="stage3.col.token"
                    defaultMessage="Token"
                    description="Column header: the token’s text and id."
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="stage3.col.logit"
                    defaultMessage="Logit"
                    description="Column header: the token’s logit (raw score)."
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="stage3.col.probability"
                    defaultMessage="Probability"
                    description="Column header: a token’s probability."
                  />
                </th>
              </tr>
            </thead>
            <tbody>
              {detail
                ? detail.top.map((t, i) => (
                    <tr
                      key={t.id}
                      className={target && t.id === target.target ? 'softmax-is-target' : undefined}
                    >
                      <td className="num">{i + 1}</td>
                      <td>
                        <span className="token">{tokenLabel(t.id, decode)}</span>{' '}
                        <span className="id" data-testid="top-id">
                          {t.id}
                        </span>
                        {target && t.id === target.target ? (
                          <strong>
                            {' '}
                            <FormattedMessage
                              id="stage3.top.target"
                              defaultMessage="target"
                              description="Marks the target token (the one that really came next) in the table of the most likely tokens."
                            />
                          </strong>
                        ) : null}
                      </td>
                      <td className="num">
                        <Num value={t.logit} text={formatLogit(t.logit)} />
                      </td>
                      <td className="num">
                        <Num value={t.prob} text={formatProb(t.prob)} />
                      </td>
                    </tr>
                  ))
                : Array.from({ length: TOP_K }, (_, i) => (
                    <tr key={i} aria-hidden="true">
                      <td colSpan={4}>&nbsp;</td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>

        <section className="softmax-sum" aria-labelledby="softmax-sum-title">
          <h3 id="softmax-sum-title" className="softmax-heading">
            <FormattedMessage
              id="stage3.sum.title"
              defaultMessage="They add up to 1"
              description="Heading: the probabilities of a row add up to 1."
            />
          </h3>
          {detail && share ? (
            <>
              <p>
                <FormattedMessage
                  id="stage3.sum.total"
                  defaultMessage="The sum of all {vocabulary} probabilities: <strong>{sum}</strong>"
                  values={{
                    vocabulary: formatCount(V),
                    strong: (chunks) => <strong>{chunks}</strong>,
                    sum: <Num value={detail.probSum} text={fixed4(detail.probSum)} testId="prob-sum" />,
                  }}
                />
              </p>
              <div className="softmax-bar" aria-hidden="true">
                <span
                  className="softmax-bar-top"
                  style={{ width: `max(3px, ${Math.max(0, (100 * share.top) / detail.probSum)}%)` }}
                />
                <span className="softmax-bar-rest" />
              </div>
              <dl className="softmax-shares">
                <div>
                  <dt>
                    <span className="softmax-swatch softmax-swatch-top" aria-hidden="true" />
                    <FormattedMessage
                      id="stage3.sum.top"
                      defaultMessage="top {k}"
                      description="The share of the probability held by the k most likely tokens: “top 10”."
                      values={{ k: formatCount(k) }}
                    />
                  </dt>
                  <dd>
                    <Num value={share.top} text={fixed4(share.top)} testId="prob-top" />
                  </dd>
                </div>
                <div>
                  <dt>
                    <span className="softmax-swatch softmax-swatch-rest" aria-hidden="true" />
                    <FormattedMessage
                      id="stage3.sum.rest"
                      defaultMessage="other {count}"
                      description="The share of the probability held by all the other tokens (not in the top k): “other 50,247”."
                      values={{ count: formatCount(V - k) }}
                    />
                  </dt>
                  <dd>
                    <Num value={share.rest} text={fixed4(share.rest)} testId="prob-rest" />
                  </dd>
                </div>
                <div>
                  <dt>
                    <FormattedMessage
                      id="stage3.sum.all"
                      defaultMessage="total"
                      description="The sum of all the probabilities (top k and the others)."
                    />
                  </dt>
                  <dd>
                    <Num value={detail.probSum} text={fixed4(detail.probSum)} />
                  </dd>
                </div>
              </dl>
              <p className="softmax-note">
                {share.top < 0.5 ? (
                  <FormattedMessage
                    id="stage3.sum.thin"
                    defaultMessage="This row spreads its probability thinly: the {k} most likely tokens hold only {share} of it."
                    values={{ k: formatCount(k), share: fixed4(share.top) }}
                  />
                ) : (
                  <FormattedMessage
                    id="stage3.sum.share"
                    defaultMessage="The {k} most likely tokens hold {share} of the probability."
                    values={{ k: formatCount(k), share: fixed4(share.top) }}
                  />
                )}{' '}
                <FormattedMessage
                  id="stage3.sum.backend"
                  defaultMessage="Computed on {backend, select, webgpu {WebGPU} other {the CPU}}."
                  description="Where the row was computed: on the GPU through WebGPU (a name, kept), or on the CPU."
                  values={{ backend: detail.backend === 'webgpu' ? 'webgpu' : 'cpu' }}
                />
              </p>
            </>
          ) : (
            <p className="softmax-note">
              <FormattedMessage id="stage3.sum.wait" defaultMessage="Computing…" />
            </p>
          )}
        </section>
      </div>
      <DragLogit {...{ shown, state, dispatch, decode, row, session, backend }} />
      <Temperature {...{ shown, state, dispatch, decode, row, session, backend }} />
    </div>
  );
}
