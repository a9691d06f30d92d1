/**
 * Stage 2: the logits tensor (B, T, V). The reader picks a (text, position); that row's V
 * logits are all drawn (x = token id, y = logit) with the target and the highest score marked,
 * and the same row is given as numbers (max, target, mean, min) for reading and screen readers.
 */
import { useMemo, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatShape } from '../../math';
import { formatCount, formatNumber } from '../view/format';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import { LogitsChart, type MarkedToken } from './logits-chart';
import { Guesses } from './logits-guesses';
import { RowPicker } from './logits-picker';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken, whereText } from './logits-row';
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

  const intl = useIntl();
  const where = detail ? whereText(detail.b, detail.t) : '';
  // The chart's text alternative and its exports' caption: up to three sentences.
  const description =
    detail && summary
      ? [
          intl.formatMessage(
            {
              id: 'stage2.chart.description',
              defaultMessage: 'All {count} logits of {where}, by token id: from {min} to {max}, mean {mean}.',
              description:
                'Text alternative of the logits chart (also the caption of its exported image). {where} is e.g. “text 1, position 3”.',
            },
            {
              count: formatCount(V),
              where,
              min: formatNumber(summary.min),
              max: formatNumber(summary.max),
              mean: formatNumber(summary.mean),
            },
          ),
          argmax
            ? intl.formatMessage(
                {
                  id: 'stage2.chart.description.highest',
                  defaultMessage: 'Highest: {token} (id {id}).',
                  description:
                    'Text alternative of the logits chart: the highest-scoring token and its id number in the vocabulary.',
                },
                { token: tokenSpoken(argmax.id, decode), id: String(argmax.id) },
              )
            : null,
          target
            ? intl.formatMessage(
                {
                  id: 'stage2.chart.description.target',
                  defaultMessage: 'Target {token} (id {id}) scores {logit}.',
                  description:
                    'Text alternative of the logits chart: the target token (what really came next), its id number and its logit.',
                },
                {
                  token: tokenSpoken(target.id, decode),
                  id: String(target.id),
                  logit: formatNumber(target.logit),
                },
              )
            : intl.formatMessage({
                id: 'stage2.chart.description.padding',
                defaultMessage: 'This position is padding and has no target.',
              }),
        ]
          .filter((sentence) => sentence !== null)
          .join(' ')
      : '';
  const lagging = !detail || detail.b !== state.focus.b || detail.t !== state.focus.t;

  return (
    <div className="logits-stage">
      <p>
        <FormattedMessage
          id="stage2.intro"
          defaultMessage="For every position of every text, the model gives each of the {vocabulary} tokens of its vocabulary a score, a <dfn>logit</dfn>. A logit is an unnormalised score: any real number, negative or positive, and the scores need not add up to anything. A higher logit means the model thinks that token is more likely to come next."
          values={{ vocabulary: formatCount(V), dfn: (chunks) => <dfn>{chunks}</dfn> }}
        />
      </p>
      <p className="logits-shape">
        <FormattedMessage
          id="stage2.shape"
          defaultMessage="The logits form a tensor of shape (B, T, V) = {shape}: {texts, plural, one {{textsText} text} other {{textsText} texts}} × {positions, plural, one {{positionsText} position} other {{positionsText} positions}} × {vocabulary} scores. That is one row of {vocabulary} scores per position, {rows} rows in all. One forward pass gives all T rows of a text at once: the model reads the true text, and a causal mask lets position t see only tokens 1 to t, so row t is its prediction of token t + 1 from the true prefix (teacher forcing). That is why the logits have a T axis and the targets are the inputs shifted by one."
          description="B, T and V are the tensor’s dimensions (texts, positions, vocabulary) and t a position: math variables, kept as they are. {shape} is the shape in numbers, e.g. (2, 3, 50257)."
          values={{
            shape: <code className="logits-shape-value">{formatShape(shown.result.shape)}</code>,
            texts: B,
            textsText: formatCount(B),
            positions: T,
            positionsText: formatCount(T),
            vocabulary: formatCount(V),
            rows: formatCount(B * T),
          }}
        />
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
          <span>
            {detail ? (
              <FormattedMessage
                id="stage2.legend.dots.where"
                defaultMessage="Every dot is one token’s score at {where}."
                description="Legend of the logits chart; {where} is e.g. “text 1, position 3”."
                values={{ where }}
              />
            ) : (
              <FormattedMessage id="stage2.legend.dots" defaultMessage="Every dot is one token’s score." />
            )}
          </span>
          <span className="logits-key">
            <span className="logits-key-ring" aria-hidden="true" />{' '}
            <FormattedMessage
              id="stage2.legend.target"
              defaultMessage="target (the token that really came next)"
              description="Legend of the logits chart: what the ring marks."
            />
          </span>
          <span className="logits-key">
            <span className="logits-key-triangle" aria-hidden="true" />{' '}
            <FormattedMessage
              id="stage2.legend.highest"
              defaultMessage="highest score"
              description="Legend of the logits chart: what the triangle marks (the token with the highest logit)."
            />
          </span>
        </figcaption>
      </figure>
      {description && (
        <ChartExport chart={chartBox} name="logits" file="logits-chart" caption={description} />
      )}

      {detail && summary ? (
        <div className="table-wrap logits-numbers-wrap">
          <table className="tokens logits-numbers">
            <caption>
              <FormattedMessage
                id="stage2.table.caption"
                defaultMessage="The row in numbers ({where})"
                description="Caption of the table of one row’s logits; {where} is e.g. “text 1, position 3”."
                values={{ where }}
              />
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage
                    id="stage2.table.col.what"
                    defaultMessage="What"
                    description="Column header: which value of the row (highest score, target, mean, …)."
                  />
                </th>
                <th scope="col">
                  <FormattedMessage
                    id="stage2.table.col.token"
                    defaultMessage="Token"
                    description="Column header: the token’s text and id."
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="stage2.table.col.logit"
                    defaultMessage="Logit"
                    description="Column header: the token’s logit (raw score)."
                  />
                </th>
              </tr>
            </thead>
            <tbody>
              {argmax && (
                <tr>
                  <th scope="row">
                    <FormattedMessage
                      id="stage2.table.highest"
                      defaultMessage="Highest score"
                      description="Row header: the token with the highest logit."
                    />
                  </th>
                  <td>
                    <span className="token">{argmax.label}</span> <span className="id">{argmax.id}</span>
                  </td>
                  <td className="num">
                    <Num value={detail.max} text={formatLogit(detail.max)} testId="logit-max" />
                  </td>
                </tr>
              )}
              <tr>
                <th scope="row">
                  <FormattedMessage
                    id="stage2.table.target"
                    defaultMessage="Target"
                    description="Row header: the target token, the one that really came next."
                  />
                </th>
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
                  <td colSpan={2}>
                    <FormattedMessage
                      id="stage2.table.target.none"
                      defaultMessage="none: this position is padding and is left out of the loss"
                    />
                  </td>
                )}
              </tr>
              <tr>
                <th scope="row">
                  <FormattedMessage
                    id="stage2.table.mean"
                    defaultMessage="Mean of all {vocabulary}"
                    description="Row header: the mean of all the row’s logits; {vocabulary} is how many (the vocabulary size)."
                    values={{ vocabulary: formatCount(V) }}
                  />
                </th>
                <td />
                <td className="num">
                  <Num value={summary.mean} text={formatNumber(summary.mean)} />
                </td>
              </tr>
              <tr>
                <th scope="row">
                  <FormattedMessage
                    id="stage2.table.lowest"
                    defaultMessage="Lowest score"
                    description="Row header: the lowest finite logit of the row."
                  />
                </th>
                <td />
                <td className="num">
                  <Num value={summary.min} text={formatLogit(summary.min)} />
                </td>
              </tr>
              {summary.minusInfinity > 0 && (
                <tr>
                  <th scope="row">
                    <FormattedMessage
                      id="stage2.table.masked"
                      defaultMessage="Masked (−∞)"
                      description="Row header: tokens whose logit is minus infinity (masked out)."
                    />
                  </th>
                  <td colSpan={2}>
                    <FormattedMessage
                      id="stage2.table.masked.count"
                      defaultMessage="{count} tokens"
                      description="How many tokens are masked (logit −∞)."
                      values={{ count: formatCount(summary.minusInfinity) }}
                    />
                  </td>
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
        <FormattedMessage
          id="stage2.next"
          defaultMessage="These scores are not probabilities yet: the next stage, softmax, turns each row into probabilities that add up to 1."
        />
      </p>
    </div>
  );
}
