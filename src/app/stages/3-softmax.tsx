/**
 * Stage 3: softmax turns the focused row's V logits into probabilities: subtract the max m,
 * exponentiate, divide by S = Σ_j exp(z_j − m). Shown with the target's own numbers (KaTeX), the
 * whole distribution sorted on log axes with the target's rank, the top-k tokens, and the sum of
 * all V probabilities (1) split into the top-k's share and the rest's.
 */
import { format } from 'd3-format';
import { useMemo, useRef } from 'react';
import { TOP_K } from '../compute/row-detail';
import { formatCount, formatNumber, formatProb } from '../view/format';
import { Formula, texNumber } from '../view/Formula';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import { DragLogit } from '../explore/drag-logit';
import { Temperature } from '../explore/temperature';
import { RowPicker } from './logits-picker';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken } from './logits-row';
import { SoftmaxChart } from './softmax-chart';
import { sortedDescending, sortedPosition, topShare } from './softmax-sorted';
import type { StageProps } from './stage';
import './logits.css';
import './softmax.css';

/** Sums of probabilities to 4 decimals: 1.0000, 0.0011. */
const fixed4 = format('.4f');

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

  const where = detail ? `text ${detail.b + 1}, position ${detail.t + 1}` : '';
  const lagging = !detail || detail.b !== state.focus.b || detail.t !== state.focus.t;

  // Where the target's p sits in the sorted list: must agree with the loss's rank (ties share).
  const position = sorted && detail && target ? sortedPosition(sorted, detail.probs[target.target]!) : null;
  const rankAgrees = !position || !target || (position.first <= target.rank && target.rank <= position.last);
  const share = detail ? topShare(detail.top, detail.probSum) : null;
  const k = detail?.top.length ?? TOP_K;

  const targetName = target ? tokenSpoken(target.target, decode) : '';
  const description =
    sorted && detail
      ? `All ${formatCount(V)} probabilities of ${where}, sorted from most to least likely, on logarithmic axes: ` +
        `from ${formatProb(sorted[0]!)} at rank 1 down to ${formatProb(sorted[V - 1]!)} at rank ${formatCount(V)}.` +
        (target
          ? ` The target ${targetName} is at rank ${formatCount(target.rank)} with p = ${formatProb(target.prob)}.`
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
        Logits can be any real numbers. <dfn>Softmax</dfn> turns a row of them into probabilities: numbers
        between 0 and 1 that add up to 1, one for each of the {formatCount(V)} tokens. It keeps the order: the
        higher a token’s score, the higher its probability.
      </p>

      <RowPicker shown={shown} focus={state.focus} dispatch={dispatch} decode={decode} />

      <ol className="softmax-steps" aria-busy={lagging}>
        <li>
          <strong>Subtract the largest score</strong>{' '}
          {detail ? (
            <>
              m = <Num value={detail.max} text={formatNumber(detail.max)} testId="softmax-max" />
              {detail.top[0] ? (
                <>
                  {' '}
                  (the token <span className="token">{tokenLabel(detail.top[0].id, decode)}</span>)
                </>
              ) : null}
            </>
          ) : (
            'm'
          )}{' '}
          from every score. The largest becomes 0 and the rest negative, so the next step never overflows; the
          result does not change, because softmax only sees differences between logits: ln p<sub>j</sub> = z
          <sub>j</sub> − ln Σ<sub>k</sub> e
          <sup>
            z<sub>k</sub>
          </sup>
          , so logits are log-probabilities up to one constant per row (the log-sum-exp). That is also why
          stage 6’s fused cross-entropy never forms p at all: −ln p<sub>y</sub> = log-sum-exp − z<sub>y</sub>.
        </li>
        <li>
          <strong>Exponentiate</strong> each: e<sup>z − m</sup> is always positive, at most e<sup>0</sup> = 1.
        </li>
        <li>
          <strong>Divide by their sum</strong>{' '}
          {detail ? (
            <>
              S = Σ<sub>j</sub> e
              <sup>
                z<sub>j</sub> − m
              </sup>{' '}
              = <Num value={detail.sumExp} text={formatNumber(detail.sumExp)} testId="softmax-sum-exp" />
            </>
          ) : (
            'S'
          )}
          , so that all {formatCount(V)} add up to 1.
        </li>
      </ol>

      {detail && target ? (
        <div className="softmax-formula">
          <p className="softmax-formula-lead">
            For the target y = <span className="token">{tokenLabel(target.target, decode)}</span>{' '}
            <span className="id">{target.target}</span> at {where}, with its logit z<sub>y</sub> ={' '}
            <Num value={target.targetLogit} text={formatNumber(target.targetLogit)} />:
          </p>
          <Formula tex={tex} display />
          <p className="softmax-formula-result">
            p = <Num value={target.prob} text={formatProb(target.prob)} testId="softmax-target-p" />
          </p>
        </div>
      ) : (
        <div className="softmax-formula softmax-formula-wait">
          <p>
            {detail
              ? 'This position is padding: it has no target and is left out of the loss.'
              : 'Computing this row’s probabilities…'}
          </p>
        </div>
      )}

      <h3 className="softmax-heading">All {formatCount(V)} probabilities, most likely first</h3>
      <p className="softmax-note">
        Both axes are logarithmic, so the few likely tokens on the left and the long tail of unlikely ones
        both fit. The shaded band holds the top {k}.
      </p>
      <figure className="logits-figure" aria-busy={lagging} ref={chartBox}>
        <SoftmaxChart sorted={sorted} target={chartTarget} topK={k} description={description} />
        <figcaption className="logits-legend">
          {target ? (
            <span className="logits-key softmax-target-line" data-testid="softmax-target-rank">
              <span className="logits-key-ring" aria-hidden="true" />
              <span>
                target {tokenSpoken(target.target, decode)}: rank {formatCount(target.rank)} of{' '}
                {formatCount(V)}, p = {formatProb(target.prob)}
              </span>
            </span>
          ) : (
            <span>{detail ? 'No target at this position (padding).' : ''}</span>
          )}
        </figcaption>
        {!rankAgrees && position && target && (
          <p className="softmax-rank-note" role="note">
            The sorted list puts the target’s probability at position {formatCount(position.first)}
            {position.last > position.first ? `–${formatCount(position.last)}` : ''}, while the loss counted
            rank {formatCount(target.rank)}: rounded probabilities that tie can swap places.
          </p>
        )}
      </figure>
      {description && (
        <ChartExport chart={chartBox} name="softmax" file="softmax-chart" caption={description} />
      )}

      {sorted && (
        <details className="softmax-curve-numbers">
          <summary>The sorted probabilities in numbers</summary>
          <div className="table-wrap">
            <table className="tokens">
              <caption className="visually-hidden">Probability at some ranks, {where}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Rank
                  </th>
                  <th scope="col" className="num">
                    Probability
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
            <caption>The {k} most likely next tokens</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Token</th>
                <th scope="col" className="num">
                  Logit
                </th>
                <th scope="col" className="num">
                  Probability
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
                        {target && t.id === target.target ? <strong> target</strong> : null}
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
            They add up to 1
          </h3>
          {detail && share ? (
            <>
              <p>
                The sum of all {formatCount(V)} probabilities:{' '}
                <strong>
                  <Num value={detail.probSum} text={fixed4(detail.probSum)} testId="prob-sum" />
                </strong>
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
                    top {k}
                  </dt>
                  <dd>
                    <Num value={share.top} text={fixed4(share.top)} testId="prob-top" />
                  </dd>
                </div>
                <div>
                  <dt>
                    <span className="softmax-swatch softmax-swatch-rest" aria-hidden="true" />
                    other {formatCount(V - k)}
                  </dt>
                  <dd>
                    <Num value={share.rest} text={fixed4(share.rest)} testId="prob-rest" />
                  </dd>
                </div>
                <div>
                  <dt>total</dt>
                  <dd>
                    <Num value={detail.probSum} text={fixed4(detail.probSum)} />
                  </dd>
                </div>
              </dl>
              <p className="softmax-note">
                {share.top < 0.5
                  ? `This row spreads its probability thinly: the ${k} most likely tokens hold only ${fixed4(
                      share.top,
                    )} of it.`
                  : `The ${k} most likely tokens hold ${fixed4(share.top)} of the probability.`}{' '}
                Computed on {detail.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}.
              </p>
            </>
          ) : (
            <p className="softmax-note">Computing…</p>
          )}
        </section>
      </div>
      <DragLogit {...{ shown, state, dispatch, decode, row, session, backend }} />
      <Temperature {...{ shown, state, dispatch, decode, row, session, backend }} />
    </div>
  );
}
