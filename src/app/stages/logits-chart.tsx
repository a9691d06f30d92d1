/**
 * One row of logits, all V of them, on a canvas: x = token id (0 … V − 1), y = logit (any real
 * number, so the zero line is drawn). The target is a ring on a dashed stem, the highest score
 * (argmax) a triangle; both are labelled on the chart and named in the text alternative.
 * A new row moves in from the old one (d3-timer), unless the reader asked for less motion.
 */
import { scaleLinear } from 'd3-scale';
import { useMemo, useRef } from 'react';
import { FormattedMessage } from 'react-intl';
import type { FloatArray } from '../../math';
import { currentIntl } from '../i18n/current';
import { formatCount, formatNumber } from '../view/format';
import { fitTextX, prepareCanvas, type Palette } from './logits-canvas';
import { useTweenedCanvas, type PaintRow } from './use-tweened-canvas';
import { useElementWidth } from '../view/hooks';

/** A marked token: its id, its text for the chart label and its logit. */
export interface MarkedToken {
  id: number;
  label: string;
  logit: number;
}

interface LogitsChartProps {
  /** The row's V logits; null while the row is being computed (a placeholder of the same size). */
  logits: FloatArray | null;
  /** Smallest finite and largest logit of the row: the y domain. */
  min: number;
  max: number;
  target: MarkedToken | null;
  argmax: MarkedToken | null;
  /** The chart's text alternative (role="img"). */
  description: string;
}

const MARGIN = { top: 34, right: 14, bottom: 40, left: 48 };
const chartHeight = (width: number) => (width < 480 ? 240 : 300);
/** Token ids on the x axis with thousands separators, in the page's language: 50,000. */
const idTick = formatCount;
const DOT = 1.25;

export function LogitsChart({ logits, min, max, target, argmax, description }: LogitsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(box);
  const height = chartHeight(width);

  // y of every token as float32, −∞ (a masked token) drawn on the floor: V × 4 bytes per row.
  const plot = useMemo(() => {
    if (!logits) return null;
    const floor = Number.isFinite(min) ? min : 0;
    const values = new Float32Array(logits.length);
    for (let i = 0; i < logits.length; i++) values[i] = Math.max(logits[i]!, floor);
    const top = Number.isFinite(max) ? max : floor + 1;
    return { values, domain: [floor, top > floor ? top : floor + 1] as [number, number], target, argmax };
  }, [logits, min, max, target, argmax]);

  useTweenedCanvas(canvas, plot, paintLogits, { width, height });

  return (
    <div ref={box} className="logits-plot" style={{ height }}>
      {plot ? (
        <canvas ref={canvas} role="img" aria-label={description} style={{ width, height }} />
      ) : (
        <p className="logits-plot-wait">
          <FormattedMessage
            id="stage2.chart.wait"
            defaultMessage="Computing this row’s scores…"
            description="Shown in place of the logits chart while the row is computed."
          />
        </p>
      )}
    </div>
  );
}

type LogitsPlot = {
  values: Float32Array;
  domain: [number, number];
  target: MarkedToken | null;
  argmax: MarkedToken | null;
};

const paintLogits: PaintRow<LogitsPlot> = (el, { width, height }, plot, values, domain, final, palette) =>
  drawLogits(el, width, height, values, domain, final ? plot : null, palette);

/** Draws axes, all V points, then (when `marks`) the target and argmax with labels. */
function drawLogits(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  values: Float32Array,
  domain: [number, number],
  marks: { target: MarkedToken | null; argmax: MarkedToken | null } | null,
  c: Palette,
) {
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  const V = values.length;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const x = scaleLinear()
    .domain([0, V - 1])
    .range([left, right]);
  const y = scaleLinear()
    .domain(domain)
    .range([height - MARGIN.bottom, MARGIN.top])
    .nice(5);
  const small = width < 480;
  ctx.font = `${small ? 11 : 12}px ${c.sans}`;
  ctx.lineWidth = 1;

  // Grid lines and tick labels; the zero line darker: logits are any real number.
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const tick of y.ticks(small ? 4 : 6)) {
    const py = Math.round(y(tick)) + 0.5;
    ctx.strokeStyle = tick === 0 ? c.muted : c.line;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillStyle = c.muted;
    ctx.fillText(formatNumber(tick), left - 6, py);
  }
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  const base = height - MARGIN.bottom;
  for (const tick of x.ticks(small ? 3 : 5)) {
    const px = Math.round(x(tick)) + 0.5;
    ctx.strokeStyle = c.line;
    ctx.beginPath();
    ctx.moveTo(px, base);
    ctx.lineTo(px, base + 4);
    ctx.stroke();
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'left';
    ctx.fillText(idTick(tick), fitTextX(ctx, idTick(tick), px, 0, width - 2), base + 6);
  }
  const intl = currentIntl();
  ctx.textAlign = 'right';
  ctx.fillText(
    intl.formatMessage({
      id: 'stage2.chart.axis.x',
      defaultMessage: 'token id →',
      description:
        'Title of the logits chart’s x axis: the token’s id number in the vocabulary; the arrow points right.',
    }),
    right,
    base + 22,
  );
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(
    intl.formatMessage({
      id: 'stage2.chart.axis.y',
      defaultMessage: 'logit',
      description: 'Title of the logits chart’s y axis: the logit (the model’s raw score) of each token.',
    }),
    4,
    MARGIN.top - 20,
  );

  // Every token, one small square each, in one path (one fill for all V).
  ctx.fillStyle = c.accent;
  ctx.globalAlpha = 0.45;
  ctx.beginPath();
  const x0 = x(0);
  const dx = V > 1 ? (right - left) / (V - 1) : 0;
  for (let i = 0; i < V; i++) ctx.rect(x0 + i * dx - DOT / 2, y(values[i]!) - DOT / 2, DOT, DOT);
  ctx.fill();
  ctx.globalAlpha = 1;

  if (!marks) return;
  const { target, argmax } = marks;
  ctx.font = `600 ${small ? 12 : 13}px ${c.sans}`;
  ctx.textBaseline = 'alphabetic';

  // Highest score: a triangle pointing down at it, labelled above.
  let argmaxY = -Infinity;
  if (argmax) {
    const px = x(argmax.id);
    const py = y(argmax.logit);
    argmaxY = py;
    ctx.fillStyle = c.ink;
    ctx.beginPath();
    // Above the point, clear of the target's ring when they are the same token.
    const lift = target && target.id === argmax.id ? 7 : 0;
    ctx.moveTo(px, py - 2 - lift);
    ctx.lineTo(px - 6, py - 12 - lift);
    ctx.lineTo(px + 6, py - 12 - lift);
    ctx.closePath();
    ctx.fill();
    const values = { token: argmax.label, logit: formatNumber(argmax.logit) };
    const text =
      target && target.id === argmax.id
        ? intl.formatMessage(
            {
              id: 'stage2.chart.highest.target',
              defaultMessage: 'highest = target: {token} {logit}',
              description:
                'Label on the logits chart: the highest-scoring token is also the target; then its token text and logit.',
            },
            values,
          )
        : intl.formatMessage(
            {
              id: 'stage2.chart.highest',
              defaultMessage: 'highest: {token} {logit}',
              description: 'Label on the logits chart: the highest-scoring token, its text and its logit.',
            },
            values,
          );
    ctx.fillText(text, fitTextX(ctx, text, px, left, right), py - 16 - lift);
  }

  // The target: a dashed stem from the axis and a ring, labelled beside it (once, above, when
  // it is also the highest score).
  if (target) {
    const px = x(target.id);
    const py = y(target.logit);
    ctx.strokeStyle = c.focus;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, base);
    ctx.lineTo(px, py + 7);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineWidth = 2.5;
    ctx.fillStyle = c.surface;
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.lineWidth = 1;
    if (argmax && target.id === argmax.id) return;
    const text = intl.formatMessage(
      {
        id: 'stage2.chart.target',
        defaultMessage: 'target: {token} {logit}',
        description:
          'Label on the logits chart: the target token (the one that really came next), its text and logit.',
      },
      { token: target.label, logit: formatNumber(target.logit) },
    );
    const w = ctx.measureText(text).width;
    // Beside the ring on the side with room; below it when the argmax label is close above.
    const tx = px + 12 + w <= right ? px + 12 : Math.max(left, px - 12 - w);
    const ty = Math.abs(py - argmaxY) < 34 ? py + 22 : py + 4;
    ctx.fillStyle = c.surface;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(tx - 3, ty - 14, w + 6, 19);
    ctx.globalAlpha = 1;
    ctx.fillStyle = c.ink;
    ctx.fillText(text, tx, ty);
  }
}
