/**
 * Stage 2: the logits tensor (B, T, V). The reader picks a (text, position); that row's V
 * logits are all drawn (x = token id, y = logit) with the target and the highest score marked,
 * and the same row is given as numbers (max, target, mean, min) for reading and screen readers.
 */
import { useMemo, useRef } from 'react';
import { formatShape } from '../../math';
import { formatCount, formatNumber } from '../view/format';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import { LogitsChart, type MarkedToken } from './logits-chart';
import { Guesses } from './logits-guesses';
import { RowPicker } from './logits-picker';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken } from './logits-row';
import { summariseLogits } from './logits-summary';
import type { StageProps } from './stage';
import './logits.css';

export function Stage2Logits({ shown, state, dispatch, decode, row, session, backend }: StageProps) {
  const [B, T, V] = shown.result.shape;
  const detail = rowOfShown(row, shown);
  const chartBox = useRef<HTMLElement>(null);
  const token = detail ? shown.result.tokens[detail.row] : undefined;

  // The row's numbers and marked tokens, once per row (V = 50,257 values to scan).
  const summary = useMemo(() => (detail ? summariseLogits(detail.logits) : null), [detail]);
  const target = useMemo<MarkedToken | null>(
    () =>
      token && !token.ignored
        ? { id: token.target, label: tokenLabel(token.target, decode), logit: token.targetLogit }
        : null,
    [token, decode],
  );
  const top = detail?.top[0];
  const argmax = useMemo<MarkedToken | null>(
    () => (top ? { id: top.id, label: tokenLabel(top.id, decode), logit: top.logit } : null),
    [top, decode],
  );

  const where = detail ? `text ${detail.b + 1}, position ${detail.t + 1}` : '';
  const description =
    detail && summary
      ? `All ${formatCount(V)} logits of ${where}, by token id: from ${formatNumber(summary.min)} to ${formatNumber(
          summary.max,
        )}, mean ${formatNumber(summary.mean)}. ` +
        (argmax ? `Highest: ${tokenSpoken(argmax.id, decode)} (id ${argmax.id}). ` : '') +
        (target
          ? `Target ${tokenSpoken(target.id, decode)} (id ${target.id}) scores ${formatNumber(target.logit)}.`
          : 'This position is padding and has no target.')
      : '';
  const lagging = !detail || detail.b !== state.focus.b || detail.t !== state.focus.t;

  return (
    <div className="logits-stage">
      <p>
        For every position of every text, the model gives each of the {formatCount(V)} tokens of its
        vocabulary a score, a <dfn>logit</dfn>. A logit is an unnormalised score: any real number, negative or
        positive, and the scores need not add up to anything. A higher logit means the model thinks that token
        is more likely to come next.
      </p>
      <p className="logits-shape">
        The logits form a tensor of shape (B, T, V) ={' '}
        <code className="logits-shape-value">{formatShape(shown.result.shape)}</code>: {formatCount(B)}{' '}
        {B === 1 ? 'text' : 'texts'} × {formatCount(T)} {T === 1 ? 'position' : 'positions'} ×{' '}
        {formatCount(V)} scores. That is one row of {formatCount(V)} scores per position, {formatCount(B * T)}{' '}
        rows in all. One forward pass gives all T rows of a text at once: the model reads the true text, and a
        causal mask lets position t see only tokens 1 to t, so row t is its prediction of token t + 1 from the
        true prefix (teacher forcing). That is why the logits have a T axis and the targets are the inputs
        shifted by one.
      </p>

      <RowPicker shown={shown} focus={state.focus} dispatch={dispatch} decode={decode} />

      <figure className="logits-figure" aria-busy={lagging} ref={chartBox}>
        <LogitsChart
          logits={detail?.logits ?? null}
          min={summary?.min ?? 0}
          max={summary?.max ?? 1}
          target={target}
          argmax={argmax}
          description={description}
        />
        <figcaption className="logits-legend">
          <span>Every dot is one token’s score{detail ? ` at ${where}` : ''}.</span>
          <span className="logits-key">
            <span className="logits-key-ring" aria-hidden="true" /> target (the token that really came next)
          </span>
          <span className="logits-key">
            <span className="logits-key-triangle" aria-hidden="true" /> highest score
          </span>
        </figcaption>
      </figure>
      {description && (
        <ChartExport chart={chartBox} name="logits" file="logits-chart" caption={description} />
      )}

      {detail && summary ? (
        <div className="table-wrap logits-numbers-wrap">
          <table className="tokens logits-numbers">
            <caption>The row in numbers ({where})</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Token</th>
                <th scope="col" className="num">
                  Logit
                </th>
              </tr>
            </thead>
            <tbody>
              {argmax && (
                <tr>
                  <th scope="row">Highest score</th>
                  <td>
                    <span className="token">{argmax.label}</span> <span className="id">{argmax.id}</span>
                  </td>
                  <td className="num">
                    <Num value={detail.max} text={formatLogit(detail.max)} testId="logit-max" />
                  </td>
                </tr>
              )}
              <tr>
                <th scope="row">Target</th>
                {target ? (
                  <>
                    <td>
                      <span className="token">{target.label}</span> <span className="id">{target.id}</span>
                    </td>
                    <td className="num">
                      <Num value={target.logit} text={formatLogit(target.logit)} testId="logit-target" />
                    </td>
                  </>
                ) : (
                  <td colSpan={2}>none: this position is padding and is left out of the loss</td>
                )}
              </tr>
              <tr>
                <th scope="row">Mean of all {formatCount(V)}</th>
                <td />
                <td className="num">
                  <Num value={summary.mean} text={formatNumber(summary.mean)} />
                </td>
              </tr>
              <tr>
                <th scope="row">Lowest score</th>
                <td />
                <td className="num">
                  <Num value={summary.min} text={formatLogit(summary.min)} />
                </td>
              </tr>
              {summary.minusInfinity > 0 && (
                <tr>
                  <th scope="row">Masked (−∞)</th>
                  <td colSpan={2}>{formatCount(summary.minusInfinity)} tokens</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="logits-numbers-wait" aria-hidden="true" />
      )}
      <Guesses batch={shown.source.batch} decode={decode} session={session} backend={backend} />
      <p className="logits-next">
        These scores are not probabilities yet: the next stage, softmax, turns each row into probabilities
        that add up to 1.
      </p>
    </div>
  );
}
