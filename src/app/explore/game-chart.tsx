/**
 * The bet game's positions as a chart and a table: the student's −log q and the model's −log p at
 * each position played, in the reader's units. Two series told apart by shape and line (you:
 * filled circles on a solid line; the model: open squares on a dashed line), not by colour alone.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useId, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { betProb, inUnit } from '../../math';
import { tokenLabel } from '../stages/logits-row';
import { ChartExport } from '../view/ChartExport';
import { formatCount, formatLoss, formatNumber, formatProb } from '../view/format';
import { useElementWidth } from '../view/hooks';
import { modelAt, type BetRound } from './game-model';
import { plainInt, unitWords, type GameEnv } from './game-parts';

/** Positions named in the chart's title and caption at most (the table has them all). */
const NAMED = 12;

interface Row {
  round: BetRound;
  label: string;
  q: number;
  /** −log q and −log p in the reader's units. */
  you: number;
  model: number;
  p: number;
  rank: number;
}

/** Each round with both sides' numbers: the student's from studentLosses (scoreGame), the model's from the result. */
export function gameRows(env: GameEnv, rounds: readonly BetRound[], studentLosses: Float64Array): Row[] {
  return rounds.map((round, i) => {
    const model = modelAt(env.shown.result, round.position);
    return {
      round,
      label: tokenLabel(round.position.target, env.decode),
      q: betProb(round.bet, round.position.target),
      you: inUnit(studentLosses[i]!, env.units),
      model: inUnit(model.loss, env.units),
      p: model.prob,
      rank: model.rank,
    };
  });
}

const m0 = { top: 58, right: 16, bottom: 40, left: 48 };

export function GameChart({ env, rows }: { env: GameEnv; rows: Row[] }) {
  const id = useId();
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const W = useElementWidth(ref, 640);
  const { log, name } = unitWords(env.units);
  // The legend's two items side by side, or stacked where the chart is narrow (a phone).
  const stacked = W < 400;
  const legend2 = stacked ? { x: m0.left, y: 32 } : { x: m0.left + 136, y: 12 };
  const H = stacked ? 290 : 270;
  const m = { ...m0, top: stacked ? 78 : 58 };
  const n = rows.length;
  const x = scaleLinear()
    .domain([0.5, n + 0.5])
    .range([m.left, W - m.right]);
  const top = Math.max(1, ...rows.flatMap((r) => [r.you, r.model].filter(Number.isFinite)));
  const y = scaleLinear()
    .domain([0, top])
    .range([H - m.bottom, m.top])
    .nice();
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((W - m.left - m.right) / 36))));
  const xTicks = rows.map((_, i) => i + 1).filter((k) => (k - 1) % every === 0);
  const path = (pick: (r: Row) => number) =>
    line<Row>()
      .defined((r) => Number.isFinite(pick(r)))
      .x((_, i) => x(i + 1))
      .y((r) => y(pick(r)))(rows) ?? '';
  const named = rows
    .slice(0, NAMED)
    .map((r, i) =>
      intl.formatMessage(
        {
          id: 'game.chart.caption.position',
          defaultMessage: '{index} {token}: you {you}, model {model}',
          description:
            'One position in the chart’s caption: its number, the true token’s text, the student’s and the model’s loss.',
        },
        { index: plainInt(i + 1), token: r.label, you: formatLoss(r.you), model: formatLoss(r.model) },
      ),
    )
    .join('; ');
  const caption = intl.formatMessage(
    {
      id: 'game.chart.caption',
      defaultMessage:
        '{log} q (you) and {log} p (the model) in {unit} at the {count, plural, one {{countText} position} other {{countText} positions}} played: {positions}.',
      description:
        'The chart’s caption (its accessible name, and the text under an exported picture); {positions} lists the positions, separated by “; ”.',
    },
    {
      log,
      unit: name,
      count: n,
      countText: formatCount(n),
      positions: named + (n > NAMED ? '; …' : ''),
    },
  );

  return (
    <figure className="yam-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{caption}</title>
        <g className="yam-axis" aria-hidden="true">
          {y.ticks(5).map((v) => (
            <g key={v}>
              <line className="yam-grid" x1={m.left} x2={W - m.right} y1={y(v)} y2={y(v)} />
              <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} />
          {xTicks.map((k) => (
            <text key={k} x={x(k)} y={H - m.bottom + 16} textAnchor="middle">
              {plainInt(k)}
            </text>
          ))}
          <text x={(m.left + W - m.right) / 2} y={H - 4} textAnchor="middle">
            <FormattedMessage
              id="game.chart.axis.x"
              defaultMessage="position in the game"
              description="The chart’s horizontal axis: the positions played, 1, 2, 3…"
            />
          </text>
          <text x={m.left - 6} y={m.top - 16} className="yam-axis-title">
            {log} ({name})
          </text>
        </g>
        <g className="yam-legend" aria-hidden="true">
          <circle className="yam-dot-you" cx={m.left + 6} cy={12} r={5} />
          <text x={m.left + 16} y={12} dy="0.32em">
            <FormattedMessage
              id="game.chart.legend.you"
              defaultMessage="you: {log} q"
              description="Chart legend: the student’s loss at each position ({log} is −ln or −log₂)."
              values={{ log }}
            />
          </text>
          <rect className="yam-dot-model" x={legend2.x + 1} y={legend2.y - 5} width={10} height={10} />
          <text x={legend2.x + 16} y={legend2.y} dy="0.32em">
            <FormattedMessage
              id="game.chart.legend.model"
              defaultMessage="the model: {log} p"
              description="Chart legend: the model’s loss at each position ({log} is −ln or −log₂)."
              values={{ log }}
            />
          </text>
        </g>
        <g aria-hidden="true">
          <path className="yam-line-model" d={path((r) => r.model)} />
          <path className="yam-line-you" d={path((r) => r.you)} />
          {rows.map((r, i) => (
            <g key={i}>
              {Number.isFinite(r.model) && (
                <rect className="yam-dot-model" x={x(i + 1) - 5} y={y(r.model) - 5} width={10} height={10} />
              )}
              {Number.isFinite(r.you) && <circle className="yam-dot-you" cx={x(i + 1)} cy={y(r.you)} r={5} />}
            </g>
          ))}
        </g>
      </svg>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'game.chart.name',
          defaultMessage: 'you are the model',
          description: 'The chart’s name in its export buttons: “Export the you are the model chart as PNG”.',
        })}
        file="you-are-the-model-chart"
        caption={caption}
      />
    </figure>
  );
}

/** The chart's numbers, one row per position played. */
export function GameTable({ env, rows }: { env: GameEnv; rows: Row[] }) {
  const intl = useIntl();
  const { log, name } = unitWords(env.units);
  const title = intl.formatMessage({
    id: 'game.table.title',
    defaultMessage: 'The game as numbers',
    description: 'A disclosure that opens a table of the game’s numbers, one row per position.',
  });
  return (
    <details className="yam-numbers">
      <summary>{title}</summary>
      <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
        <table className="tokens" data-testid="yam-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">
                <FormattedMessage
                  id="game.table.where"
                  defaultMessage="Text, position"
                  description="Column header: the text’s number and the position in it, e.g. “1, 3”."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="game.table.truth"
                  defaultMessage="True token"
                  description="Column header: the token that really came next."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="game.table.q"
                  defaultMessage="your q"
                  description="Column header: the probability q the student’s bet gave the true token."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="game.table.you-loss"
                  defaultMessage="{log} q ({unit})"
                  description="Column header: the student’s loss, {log} is −ln or −log₂, {unit} nats or bits."
                  values={{ log, unit: name }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="game.table.p"
                  defaultMessage="model’s p"
                  description="Column header: the probability p the model gave the true token."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="game.table.model-loss"
                  defaultMessage="{log} p ({unit})"
                  description="Column header: the model’s loss, {log} is −ln or −log₂, {unit} nats or bits."
                  values={{ log, unit: name }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="game.table.rank"
                  defaultMessage="rank of {vocab}"
                  description="Column header: the true token’s rank under the model, among the {vocab} tokens of the vocabulary."
                  values={{ vocab: formatCount(env.V) }}
                />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{plainInt(i + 1)}</td>
                <td>
                  {plainInt(r.round.position.b + 1)}, {plainInt(r.round.position.t + 1)}
                </td>
                <td>
                  <span className="token">{r.label}</span>
                </td>
                <td className="num">{formatProb(r.q)}</td>
                <td className="num">{formatLoss(r.you)}</td>
                <td className="num">{formatProb(r.p)}</td>
                <td className="num">{formatLoss(r.model)}</td>
                <td className="num">{formatCount(r.rank)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
