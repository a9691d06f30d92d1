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
import { useId, useRef, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { inUnit, toNats, uniformLoss, type TokenLoss } from '../../math';
import { StabilityLab } from '../explore/stability-lab';
import { SurprisalView } from '../explore/surprisal';
import { YouAreTheModel } from '../explore/you-are-the-model';
import { intlNumber } from '../i18n/numbers';
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

/** A text's or a position's number, or a count the page has always written without grouping. */
const plainInt = (n: number) => intlNumber(n, { useGrouping: false });

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
const sup = (chunks: ReactNode[]) => <sup>{chunks}</sup>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

interface Point {
  token: TokenLoss;
  /** The target as the reader reads it: "␣effort", or "id 3626" without a vocabulary. */
  label: string;
  /** log10 p, from the loss (finite even where p underflows). */
  log10p: number;
  /** −log p in the reader's units. */
  y: number;
}

function tokenLabel(t: TokenLoss, decode: Decode | null, intl: IntlShape): string {
  if (decode) return showToken(decode(t.target));
  return intl.formatMessage(
    {
      id: 'stage5.token.id',
      defaultMessage: 'id {id}',
      description:
        'A token shown by its number in the vocabulary (its id) when the words’ text is not known, e.g. “id 3626”.',
    },
    { id: String(t.target) },
  );
}

function ScreenTable({ points, unitLog }: { points: Point[]; unitLog: string }) {
  const intl = useIntl();
  // A long text's points, a page at a time (view/Pager.tsx).
  const paging = usePaging(points.length);
  const title = intl.formatMessage({
    id: 'stage5.table.title',
    defaultMessage: 'The points as numbers',
    description: 'Stage 5 (−log p): the folded table under the chart, one row per token on the curve.',
  });
  return (
    <details className="neglog-numbers">
      <summary>{title}</summary>
      {/* Focusable, so that a keyboard can scroll it where it is wider than the screen. */}
      <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
        <table className="tokens">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="stage5.table.text"
                  defaultMessage="Text"
                  description="Column header: which text (1 or 2) and which position in it the token is at."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="stage5.table.target"
                  defaultMessage="Target"
                  description="Column header: the right next token at that position."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="stage5.table.p"
                  defaultMessage="p"
                  description="Column header: the symbol of the probability the model gave the target. Usually kept as p."
                />
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
                  <FormattedMessage
                    id="stage5.table.where"
                    defaultMessage="{text}, position {position}"
                    description="Table cell: the text's number (1 or 2), then the token's position in that text."
                    values={{ text: plainInt(pt.token.batch + 1), position: plainInt(pt.token.position + 1) }}
                  />
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
      <Pager
        paging={paging}
        what={intl.formatMessage({
          id: 'stage5.table.pager',
          defaultMessage: 'the points as numbers',
          description: 'Completes the pager’s label “Pages of …” under the table of the points.',
        })}
      />
    </details>
  );
}

export function Stage5NegLog({ shown, state, decode, dispatch, row, session, backend }: StageProps) {
  const { result } = shown;
  const intl = useIntl();
  const units = state.units;
  const V = result.shape[2];
  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const unitName =
    units === 'bits'
      ? intl.formatMessage({
          id: 'stage5.unit.bits',
          defaultMessage: 'bits',
          description: 'Unit of information (log base 2), after a number: “13.7116 bits”.',
        })
      : intl.formatMessage({
          id: 'stage5.unit.nats',
          defaultMessage: 'nats',
          description: 'Unit of information (natural log), after a number: “9.5042 nats”.',
        });
  /** "−ln p (nats)": the loss's axis title and table column. */
  const unitHeading = intl.formatMessage(
    {
      id: 'stage5.unit.heading',
      defaultMessage: '{unitLog} ({unit})',
      description: 'Axis title and column header: the formula −ln p (or −log₂ p), then its unit in brackets.',
    },
    { unitLog, unit: unitName },
  );
  const id = useId();

  const counted = result.tokens.filter((t) => !t.ignored);
  const points: Point[] = counted
    .filter((t) => Number.isFinite(t.loss))
    .map((t) => ({
      token: t,
      label: tokenLabel(t, decode, intl),
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
  // A clause, put in three sentences below (the inset's title, caption and export).
  const squeezedText =
    squeezed === points.length
      ? intl.formatMessage(
          {
            id: 'stage5.inset.squeezed.all',
            defaultMessage:
              '{count, plural, other {all {countText} tokens have p below 0.01 and are squeezed against p = 0}}',
            description:
              'A clause (no capital, no full stop), put after a colon in sentences about the linear-axis chart: every token’s probability p is under 0.01, so its point sits on the p = 0 edge.',
          },
          { count: points.length, countText: formatCount(points.length) },
        )
      : intl.formatMessage(
          {
            id: 'stage5.inset.squeezed.some',
            defaultMessage:
              '{count, plural, other {{countText} of {totalText} tokens have p below 0.01 and are squeezed against p = 0}}',
            description:
              'A clause (no capital, no full stop), put after a colon in sentences about the linear-axis chart: how many tokens have a probability p under 0.01, so their points sit on the p = 0 edge.',
          },
          { count: squeezed, countText: formatCount(squeezed), totalText: formatCount(points.length) },
        );
  const best = points.reduce<Point | null>((a, b) => (a && a.y <= b.y ? a : b), null);
  const worst = points.reduce<Point | null>((a, b) => (a && a.y >= b.y ? a : b), null);
  const describe = points
    .slice(0, MAX_LABELS)
    .map((p) =>
      intl.formatMessage(
        {
          id: 'stage5.chart.point',
          defaultMessage: '{token}: p {p}, {loss} {unit}',
          description:
            'One point of the chart in its description: the token, its probability p and its loss −log p with the unit. The points are listed with “; ” between them.',
        },
        { token: p.label, p: formatProb(p.token.prob), loss: formatLoss(p.y), unit: unitName },
      ),
    )
    .join('; ');

  return (
    <div className="neglog">
      <p>
        <FormattedMessage
          id="stage5.why"
          defaultMessage="Why {unitLog}, and not 1 − p, which is also large for a small p and 0 for a sure, right guess? The probability of the whole text is the product of its tokens’ p: P(text) = p<sub>1</sub> · p<sub>2</sub> ⋯ p<sub>N</sub>. Its log is a sum, so the mean loss is −(1/N) · {log} P(text): the smaller the loss, the likelier the text, and minimising it is <strong>maximum likelihood</strong>. It is also the only score that looks at the right token’s p alone and pays a model best, on average, for giving its honest probabilities. So the loss is <strong>{unitLog}</strong>: never negative, 0 for a certain right guess, and growing without limit as p gets close to 0. (Perplexity, at the last stage, is P(text)<sup>−1/N</sup>.)"
          description="Stage 5’s introduction. {unitLog} is −ln p or −log₂ p, {log} is ln or log₂. P(text) is the probability of the whole text; p with a subscript is one token’s probability."
          values={{ unitLog, log: units === 'bits' ? 'log₂' : 'ln', sub, sup, strong }}
        />
      </p>

      <div className="neglog-charts">
        <figure className="neglog-main" ref={mainRef}>
          <svg width={W} height={H} role="img" aria-labelledby={`${id}-main`} className="neglog-svg">
            <title id={`${id}-main`}>
              {intl.formatMessage(
                {
                  id: 'stage5.chart.title',
                  defaultMessage:
                    'The curve {unitLog} against p on a log scale, a straight line from {top} {unit} at p = {lowest} down to 0 at p = 1, with {count, plural, other {{countText} tokens}} on it. {points}',
                  description:
                    'The −log p chart’s accessible description. {lowest} is the smallest p on the axis, e.g. 10⁻⁶; {points} lists the tokens’ points.',
                },
                {
                  unitLog,
                  top: formatNumber(yTop),
                  unit: unitName,
                  lowest: decadeLabel(lo),
                  count: points.length,
                  countText: plainInt(points.length),
                  points: describe,
                },
              )}
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
                <FormattedMessage
                  id="stage5.axis.log"
                  defaultMessage="p (log scale: each step is 10× less likely)"
                  description="Title of the chart’s horizontal axis: the probability p on a logarithmic scale."
                />
              </text>
              {yTicks.map((v) => (
                <text key={v} x={m.left - 8} y={y(v)} dy="0.32em" textAnchor="end">
                  {formatNumber(v)}
                </text>
              ))}
              <text x={m.left - 8} y={14} className="neglog-axis-title">
                {unitHeading}
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
                <FormattedMessage
                  id="stage5.chart.uniform"
                  defaultMessage="uniform guess {loss}"
                  description="Label of a line on the chart: the loss of a model that gives every word the same probability."
                  values={{ loss: formatLoss(uniformY) }}
                />
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
            caption={intl.formatMessage(
              {
                id: 'stage5.chart.caption',
                defaultMessage:
                  '{unitLog} ({unit}) of {count, plural, other {{countText} tokens}}, uniform guess {uniform}: {points}.',
                description:
                  'Caption under the exported −log p chart (SVG or PNG). {points} lists the tokens’ points.',
              },
              {
                unitLog,
                unit: unitName,
                count: points.length,
                countText: plainInt(points.length),
                uniform: formatLoss(uniformY),
                points: describe,
              },
            )}
          />
        </figure>

        <figure className="neglog-inset">
          <div ref={insetRef}>
            <svg width={insetW} height={insetH} role="img" aria-labelledby={`${id}-inset`}>
              <title id={`${id}-inset`}>
                {intl.formatMessage(
                  {
                    id: 'stage5.inset.title',
                    defaultMessage:
                      'The same curve on a linear p axis from 0 to 1: it shoots up near p = 0; {squeezed}.',
                    description:
                      'The small linear-axis chart’s accessible description; {squeezed} says how many tokens sit on the p = 0 edge.',
                  },
                  { squeezed: squeezedText },
                )}
              </title>
              <g className="neglog-axis" aria-hidden="true">
                <line x1={im.left} x2={insetW - im.right} y1={insetH - im.bottom} y2={insetH - im.bottom} />
                {[0, 0.5, 1].map((p) => (
                  <text key={p} x={ix(p)} y={insetH - im.bottom + 16} textAnchor="middle">
                    {intlNumber(p, { maximumFractionDigits: 1 })}
                  </text>
                ))}
                <text x={(im.left + insetW - im.right) / 2} y={insetH - 2} textAnchor="middle">
                  <FormattedMessage
                    id="stage5.inset.axis"
                    defaultMessage="p (linear)"
                    description="Title of the small chart’s horizontal axis: the probability p on an ordinary (not logarithmic) scale."
                  />
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
              name={intl.formatMessage({
                id: 'stage5.inset.export',
                defaultMessage: 'linear-axis −log p',
                description:
                  'The small chart’s name in its export buttons: “Export chart as PNG (the linear-axis −log p chart)”.',
              })}
              file="neg-log-linear"
              caption={intl.formatMessage(
                {
                  id: 'stage5.inset.caption',
                  defaultMessage: '{unitLog} ({unit}) on a linear p axis from 0 to 1 ({squeezed}): {points}.',
                  description:
                    'Caption under the exported linear-axis chart (SVG or PNG). {squeezed} says how many tokens sit on the p = 0 edge; {points} lists the tokens’ points.',
                },
                { unitLog, unit: unitName, squeezed: squeezedText, points: describe },
              )}
            />
          </div>
          <figcaption>
            <FormattedMessage
              id="stage5.inset.figcaption"
              defaultMessage="The same curve on a linear p axis: {squeezed}."
              description="Caption under the small linear-axis chart; {squeezed} says how many tokens sit on the p = 0 edge."
              values={{ squeezed: squeezedText }}
            />
          </figcaption>
        </figure>
      </div>

      <p>
        <FormattedMessage
          id="stage5.decade"
          defaultMessage="On the log axis each step left is 10 times less likely and costs the same {loss} {unit} more, which is why the curve is a straight line."
          description="{loss} is ln 10 (or log₂ 10) in the unit {unit}: the cost of one factor of 10 in p."
          values={{ loss: <Num value={perDecade} text={formatLoss(perDecade)} />, unit: unitName }}
        />
        {best && worst && best !== worst && (
          <>
            {' '}
            <FormattedMessage
              id="stage5.best.worst"
              defaultMessage="Here the best-predicted right token, {best} with p = {bestP}, costs {bestLoss} {unit}; the worst-predicted, {worst} with p = {worstP}, costs {worstLoss} {unit}. A model guessing uniformly would pay {uniform} for every token."
              description="{best} and {worst} are tokens (shown as written in the text), {bestP} and {worstP} their probabilities, {bestLoss}, {worstLoss} and {uniform} losses in the unit {unit}."
              values={{
                best: <span className="token">{best.label}</span>,
                bestP: formatProb(best.token.prob),
                bestLoss: <Num value={best.y} text={formatLoss(best.y)} />,
                worst: <span className="token">{worst.label}</span>,
                worstP: formatProb(worst.token.prob),
                worstLoss: <Num value={worst.y} text={formatLoss(worst.y)} />,
                uniform: <Num value={uniformY} text={formatLoss(uniformY)} />,
                unit: unitName,
              }}
            />
          </>
        )}
      </p>
      {(ignored > 0 || infinite > 0) && (
        <p className="neglog-left-out">
          {ignored > 0 && (
            <>
              <FormattedMessage
                id="stage5.left.out.ignored"
                defaultMessage="{count, plural, one {{countText} ignored token is left out.} other {{countText} ignored tokens are left out.}}"
                description="Tokens whose target is the ignore index (padding) are not on the chart."
                values={{ count: ignored, countText: formatCount(ignored) }}
              />{' '}
            </>
          )}
          {infinite > 0 && (
            <FormattedMessage
              id="stage5.left.out.infinite"
              defaultMessage="{count, plural, one {{countText} token has p = 0 exactly (a logit of −∞), so {unitLog} = ∞ and it is off the chart.} other {{countText} tokens have p = 0 exactly (a logit of −∞), so {unitLog} = ∞ and they are off the chart.}}"
              description="Tokens whose probability is exactly 0 have an infinite loss and cannot be drawn. {unitLog} is −ln p or −log₂ p."
              values={{ count: infinite, countText: formatCount(infinite), unitLog }}
            />
          )}
        </p>
      )}
      <ScreenTable points={points} unitLog={unitHeading} />
      <SurprisalView {...{ shown, units, decode, session, backend }} />
      <YouAreTheModel {...{ shown, state, dispatch, decode, row, session, backend }} />
      <StabilityLab {...{ shown, state, dispatch, decode, row, session, backend }} />
    </div>
  );
}
