/**
 * Stage 5: why the loss is −log p. The curve −log p over p in (0, 1], with each counted token's
 * (p, −log p) on it, in the reader's units (nats: −ln p; bits: −log₂ p).
 *
 * The main chart's p axis is logarithmic (10^−6 … 1, lower when a token needs it): the tokens'
 * p are around 10^−5, which a linear axis squeezes into its first pixel. On a log axis every
 * factor of 10 is the same width, −log p is a straight line (it costs ln 10 nats per decade),
 * and the points spread out. A small linear-axis inset keeps the familiar curved shape, to show
 * both views are the same function.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useId, useRef } from 'react';
import { inUnit, toNats, uniformLoss, type TokenLoss } from '../../math';
import { StabilityLab } from '../explore/stability-lab';
import { SurprisalView } from '../explore/surprisal';
import { YouAreTheModel } from '../explore/you-are-the-model';
import { formatCount, formatLoss, formatNumber, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { Pager, usePaging } from '../view/Pager';
import { ChartExport } from '../view/ChartExport';
import { showToken, type Decode } from '../view/tokens';
import { decadeLabel, decadeTicks, dodge, log10ProbOf, lowestDecade } from './neglog-chart';
import { useElementWidth } from '../view/hooks';
import type { StageProps } from './stage';
import './neglog.css';

/** More points than this are drawn without labels (a file of many tokens). */
const MAX_LABELS = 12;

interface Point {
  token: TokenLoss;
  /** The target as the reader reads it: "␣effort", or "id 3626" without a vocabulary. */
  label: string;
  /** log10 p, from the loss (finite even where p underflows). */
  log10p: number;
  /** −log p in the reader's units. */
  y: number;
}

function tokenLabel(t: TokenLoss, decode: Decode | null): string {
  return decode ? showToken(decode(t.target)) : `id ${t.target}`;
}

function ScreenTable({ points, unitLog }: { points: Point[]; unitLog: string }) {
  // A long text's points, a page at a time (view/Pager.tsx).
  const paging = usePaging(points.length);
  return (
    <details className="neglog-numbers">
      <summary>The points as numbers</summary>
      {/* Focusable, so that a keyboard can scroll it where it is wider than the screen. */}
      <div className="table-wrap" role="region" aria-label="The points as numbers" tabIndex={0}>
        <table className="tokens">
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col">Target</th>
              <th scope="col" className="num">
                p
              </th>
              <th scope="col" className="num">
                {unitLog}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.slice(paging.start, paging.end).map((pt) => (
              <tr key={`${pt.token.batch}-${pt.token.position}`}>
                <td>
                  {pt.token.batch + 1}, position {pt.token.position + 1}
                </td>
                <td>
                  <span className="token">{pt.label}</span>
                </td>
                <td className="num">{formatProb(pt.token.prob)}</td>
                <td className="num">{formatLoss(pt.y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} what="the points as numbers" />
    </details>
  );
}

export function Stage5NegLog({ shown, state, decode, dispatch, row, session, backend }: StageProps) {
  const { result } = shown;
  const units = state.units;
  const V = result.shape[2];
  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const unitName = units === 'bits' ? 'bits' : 'nats';
  const id = useId();

  const counted = result.tokens.filter((t) => !t.ignored);
  const points: Point[] = counted
    .filter((t) => Number.isFinite(t.loss))
    .map((t) => ({
      token: t,
      label: tokenLabel(t, decode),
      log10p: log10ProbOf(t.loss),
      y: inUnit(t.loss, units),
    }));
  const infinite = counted.length - points.length;
  const ignored = result.tokens.length - counted.length;

  const mainRef = useRef<HTMLDivElement>(null);
  const insetRef = useRef<HTMLDivElement>(null);
  const W = useElementWidth(mainRef, 640);
  const insetW = useElementWidth(insetRef, 280);

  // Main chart: x = log10 p (linear in the exponent, so a log p axis), y = −log p in units.
  const lo = lowestDecade(points.map((p) => p.log10p));
  const yTop = inUnit(-lo * Math.LN10, units);
  const H = Math.round(Math.min(360, Math.max(280, W * 0.45)));
  const m = { top: 30, right: 14, bottom: 46, left: 46 };
  const x = scaleLinear()
    .domain([lo, 0])
    .range([m.left, W - m.right]);
  const y = scaleLinear()
    .domain([0, yTop])
    .range([H - m.bottom, m.top])
    .nice();
  const xTicks = decadeTicks(lo, Math.max(3, Math.floor((W - m.left - m.right) / 56)));
  const yTicks = y.ticks(5);
  const curve = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))([
    [lo, yTop],
    [0, 0],
  ]);
  const uniformY = inUnit(uniformLoss(V), units);
  const perDecade = inUnit(Math.LN10, units);

  // Labels in a column right of the rightmost point, moved apart vertically, with leader lines.
  const labelled = points.length <= MAX_LABELS;
  // The uniform guess's line is labelled in the same column (last), so no label overlaps it.
  const labelYs = labelled
    ? dodge([...points.map((p) => y(p.y)), y(uniformY)], 17, m.top, H - m.bottom - 4)
    : [];
  const uniformLabelY = labelYs[points.length];
  // The column stands right of the points, where the falling line has dropped 12 px below the
  // lowest label: there −log p = y.invert(lowest + 12), so log10 p = −(that in nats) / ln 10.
  const lowestLabel = Math.max(m.top, ...labelYs);
  const clearOfLine = x(-toNats(y.invert(lowestLabel + 12), units) / Math.LN10);
  const rightmost = Math.max(m.left, ...points.map((p) => x(p.log10p)));
  const columnX = Math.min(W - m.right - 150, Math.max(rightmost + 30, clearOfLine + 8));

  // Inset: the same curve on a linear p axis, sampled densely where it is steep (small p).
  const insetH = 170;
  const im = { top: 14, right: 10, bottom: 34, left: 40 };
  const ix = scaleLinear()
    .domain([0, 1])
    .range([im.left, insetW - im.right]);
  const iy = scaleLinear()
    .domain(y.domain())
    .range([insetH - im.bottom, im.top]);
  const samples: [number, number][] = [];
  for (let i = 0; i <= 120; i++) {
    const p = 10 ** (lo + (-lo * i) / 120);
    samples.push([p, inUnit(-Math.log(p), units)]);
  }
  const insetCurve = line<[number, number]>()
    .x((d) => ix(d[0]))
    .y((d) => iy(d[1]))(samples);

  // Tokens whose p is within 0.01 of 0: on the linear inset they sit on the p = 0 edge.
  const squeezed = points.filter((p) => p.token.prob < 0.01).length;
  const squeezedText =
    squeezed === points.length
      ? `all ${formatCount(points.length)} tokens have p below 0.01 and are squeezed against p = 0`
      : `${formatCount(squeezed)} of ${formatCount(points.length)} tokens have p below 0.01 and are squeezed against p = 0`;
  const best = points.reduce<Point | null>((a, b) => (a && a.y <= b.y ? a : b), null);
  const worst = points.reduce<Point | null>((a, b) => (a && a.y >= b.y ? a : b), null);
  const describe = points
    .slice(0, MAX_LABELS)
    .map((p) => `${p.label}: p ${formatProb(p.token.prob)}, ${formatLoss(p.y)} ${unitName}`)
    .join('; ');

  return (
    <div className="neglog">
      <p>
        Why {unitLog}, and not 1 − p, which is also large for a small p and 0 for a sure, right guess? The
        probability of the whole text is the product of its tokens’ p: P(text) = p<sub>1</sub> · p<sub>2</sub>{' '}
        ⋯ p<sub>N</sub>. Its log is a sum, so the mean loss is −(1/N) · {units === 'bits' ? 'log₂' : 'ln'}{' '}
        P(text): the smaller the loss, the likelier the text, and minimising it is{' '}
        <strong>maximum likelihood</strong>. It is also the only score that looks at the right token’s p alone
        and pays a model best, on average, for giving its honest probabilities. So the loss is{' '}
        <strong>{unitLog}</strong>: never negative, 0 for a certain right guess, and growing without limit as
        p gets close to 0. (Perplexity, at the last stage, is P(text)
        <sup>−1/N</sup>.)
      </p>

      <div className="neglog-charts">
        <figure className="neglog-main" ref={mainRef}>
          <svg width={W} height={H} role="img" aria-labelledby={`${id}-main`} className="neglog-svg">
            <title id={`${id}-main`}>
              {`The curve ${unitLog} against p on a log scale, a straight line from ${formatNumber(yTop)} ${unitName} at p = ${decadeLabel(lo)} down to 0 at p = 1, with ${points.length} tokens on it. ${describe}`}
            </title>
            <g className="neglog-grid" aria-hidden="true">
              {yTicks.map((v) => (
                <line key={v} x1={m.left} x2={W - m.right} y1={y(v)} y2={y(v)} />
              ))}
            </g>
            <g className="neglog-axis" aria-hidden="true">
              <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} />
              {xTicks.map((e) => (
                <g key={e} transform={`translate(${x(e)},${H - m.bottom})`}>
                  <line y2={5} />
                  <text y={18} textAnchor="middle">
                    {decadeLabel(e)}
                  </text>
                </g>
              ))}
              <text
                x={(m.left + W - m.right) / 2}
                y={H - 6}
                textAnchor="middle"
                className="neglog-axis-title"
              >
                p (log scale: each step is 10× less likely)
              </text>
              {yTicks.map((v) => (
                <text key={v} x={m.left - 8} y={y(v)} dy="0.32em" textAnchor="end">
                  {formatNumber(v)}
                </text>
              ))}
              <text x={m.left - 8} y={14} className="neglog-axis-title">
                {unitLog} ({unitName})
              </text>
            </g>
            <g aria-hidden="true">
              <line
                className="neglog-uniform"
                x1={m.left}
                x2={labelled ? columnX - 6 : W - m.right}
                y1={y(uniformY)}
                y2={y(uniformY)}
              />
              <path className="neglog-curve" d={curve ?? ''} />
            </g>
            {uniformLabelY !== undefined && (
              <text className="neglog-note" x={columnX} y={uniformLabelY} dy="0.32em" aria-hidden="true">
                uniform guess {formatLoss(uniformY)}
              </text>
            )}
            <g aria-hidden="true">
              {points.map((p, i) => {
                const px = x(p.log10p);
                const py = y(p.y);
                const ly = labelYs[i];
                return (
                  <g key={`${p.token.batch}-${p.token.position}`} data-testid="neglog-point" data-loss={p.y}>
                    {labelled && ly !== undefined && (
                      <>
                        <line className="neglog-leader" x1={px} y1={py} x2={columnX - 4} y2={ly} />
                        <text className="neglog-label" x={columnX} y={ly} dy="0.32em">
                          {p.label}
                          <tspan className="neglog-label-num"> {formatLoss(p.y)}</tspan>
                        </text>
                      </>
                    )}
                    <circle className="neglog-point" cx={px} cy={py} r={labelled ? 5.5 : 3.5} />
                  </g>
                );
              })}
            </g>
          </svg>
          <ChartExport
            chart={mainRef}
            name="−log p"
            file="neg-log-chart"
            caption={`${unitLog} (${unitName}) of ${points.length} tokens, uniform guess ${formatLoss(uniformY)}: ${describe}.`}
          />
        </figure>

        <figure className="neglog-inset">
          <div ref={insetRef}>
            <svg width={insetW} height={insetH} role="img" aria-labelledby={`${id}-inset`}>
              <title id={`${id}-inset`}>
                {`The same curve on a linear p axis from 0 to 1: it shoots up near p = 0; ${squeezedText}.`}
              </title>
              <g className="neglog-axis" aria-hidden="true">
                <line x1={im.left} x2={insetW - im.right} y1={insetH - im.bottom} y2={insetH - im.bottom} />
                {[0, 0.5, 1].map((p) => (
                  <text key={p} x={ix(p)} y={insetH - im.bottom + 16} textAnchor="middle">
                    {p}
                  </text>
                ))}
                <text x={(im.left + insetW - im.right) / 2} y={insetH - 2} textAnchor="middle">
                  p (linear)
                </text>
                {iy.ticks(3).map((v) => (
                  <text key={v} x={im.left - 6} y={iy(v)} dy="0.32em" textAnchor="end">
                    {formatNumber(v)}
                  </text>
                ))}
              </g>
              <path className="neglog-curve" d={insetCurve ?? ''} aria-hidden="true" />
              <g aria-hidden="true">
                {points.map((p) => (
                  <circle
                    key={`${p.token.batch}-${p.token.position}`}
                    className="neglog-point"
                    cx={ix(p.token.prob)}
                    cy={iy(p.y)}
                    r={3.5}
                  />
                ))}
              </g>
            </svg>
            <ChartExport
              chart={insetRef}
              name="linear-axis −log p"
              file="neg-log-linear"
              caption={`${unitLog} (${unitName}) on a linear p axis from 0 to 1 (${squeezedText}): ${describe}.`}
            />
          </div>
          <figcaption>The same curve on a linear p axis: {squeezedText}.</figcaption>
        </figure>
      </div>

      <p>
        On the log axis each step left is 10 times less likely and costs the same{' '}
        <Num value={perDecade} text={formatLoss(perDecade)} /> {unitName} more, which is why the curve is a
        straight line.
        {best && worst && best !== worst && (
          <>
            {' '}
            Here the best-predicted right token, <span className="token">{best.label}</span> with p ={' '}
            {formatProb(best.token.prob)}, costs <Num value={best.y} text={formatLoss(best.y)} /> {unitName};
            the worst-predicted, <span className="token">{worst.label}</span> with p ={' '}
            {formatProb(worst.token.prob)}, costs <Num value={worst.y} text={formatLoss(worst.y)} />{' '}
            {unitName}. A model guessing uniformly would pay{' '}
            <Num value={uniformY} text={formatLoss(uniformY)} /> for every token.
          </>
        )}
      </p>
      {(ignored > 0 || infinite > 0) && (
        <p className="neglog-left-out">
          {ignored > 0 &&
            `${formatCount(ignored)} ignored ${ignored === 1 ? 'token is' : 'tokens are'} left out. `}
          {infinite > 0 &&
            `${formatCount(infinite)} ${infinite === 1 ? 'token has' : 'tokens have'} p = 0 exactly (a logit of −∞), so ${unitLog} = ∞ and ${infinite === 1 ? 'it is' : 'they are'} off the chart.`}
        </p>
      )}
      <ScreenTable points={points} unitLog={`${unitLog} (${unitName})`} />
      <SurprisalView {...{ shown, units, decode, session, backend }} />
      <YouAreTheModel {...{ shown, state, dispatch, decode, row, session, backend }} />
      <StabilityLab {...{ shown, state, dispatch, decode, row, session, backend }} />
    </div>
  );
}
