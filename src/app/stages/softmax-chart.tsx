/**
 * A row's softmax over the whole vocabulary, sorted largest first: x = rank (1 … V, log scale),
 * y = p (log scale, d3 scaleLog), all V points joined in one line with the area under it
 * filled. The top-k ranks are shaded, the target is a ring on a dashed stem with its rank and p.
 * A new row moves in from the old one (in log p), unless the reader asked for less motion.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { useMemo, useRef } from 'react';
import { FormattedMessage } from 'react-intl';
import { currentIntl } from '../i18n/current';
import { formatCount, formatProb } from '../view/format';
import { fitTextX, prepareCanvas, type Palette } from './logits-canvas';
import { useTweenedCanvas, type PaintRow } from './use-tweened-canvas';
import { useElementWidth } from '../view/hooks';
import { smallestPositive } from './softmax-sorted';

interface SoftmaxChartProps {
  /** The row's V probabilities sorted largest first; null while the row is computed. */
  sorted: Float32Array | Float64Array | null;
  /** The target's rank (1-based, from the loss computation) and p; null when it is ignored. */
  target: { rank: number; prob: number } | null;
  /** How many top tokens the page lists (shaded ranks 1 … k). */
  topK: number;
  description: string;
}

const MARGIN = { top: 30, right: 16, bottom: 42, left: 58 };
const chartHeight = (width: number) => (width < 480 ? 250 : 310);
/** Ranks on the x axis with thousands separators, in the page's language: 10,000. */
const rankTick = formatCount;

export function SoftmaxChart({ sorted, target, topK, description }: SoftmaxChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(box);
  const height = chartHeight(width);

  // log10 p of every rank as float32; p = 0 (underflow) drawn on the floor. Once per row.
  const plot = useMemo(() => {
    if (!sorted) return null;
    const floor = smallestPositive(sorted);
    const logs = new Float32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) logs[i] = Math.log10(Math.max(sorted[i]!, floor));
    const top = Math.max(sorted[0] ?? 1, floor * 10);
    return { values: logs, domain: [floor, top] as [number, number], target, topK };
  }, [sorted, target, topK]);

  useTweenedCanvas(canvas, plot, paintSorted, { width, height, logDomain: true });

  return (
    <div ref={box} className="logits-plot" style={{ height }}>
      {plot ? (
        <canvas ref={canvas} role="img" aria-label={description} style={{ width, height }} />
      ) : (
        <p className="logits-plot-wait">
          <FormattedMessage
            id="stage3.chart.wait"
            defaultMessage="Computing this row’s probabilities…"
            description="Shown in place of the sorted-probabilities chart while the row is computed."
          />
        </p>
      )}
    </div>
  );
}

/** A power of ten for an axis: 10⁻⁵. */
function powerLabel(p: number): string {
  const e = Math.round(Math.log10(p));
  if (e === 0) return '1';
  const sup = String(e).replace(/[-0-9]/g, (d) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(d)]!);
  return `10${sup}`;
}

type SortedPlot = {
  values: Float32Array;
  domain: [number, number];
  target: { rank: number; prob: number } | null;
  topK: number;
};

/** values are log10 p by rank. */
const paintSorted: PaintRow<SortedPlot> = (el, { width, height }, plot, logs, domain, final, palette) =>
  drawSorted(el, width, height, logs, domain, plot.topK, final ? plot.target : null, palette);

function drawSorted(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  logs: Float32Array,
  domain: [number, number],
  topK: number,
  target: { rank: number; prob: number } | null,
  c: Palette,
) {
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  const V = logs.length;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const base = height - MARGIN.bottom;
  const x = scaleLog()
    .domain([1, Math.max(2, V)])
    .range([left, right]);
  const y = scaleLog().domain(domain).range([base, MARGIN.top]).nice();
  // The same y for log10 p, without a pow per point: y(10^v) is linear in v.
  const [d0, d1] = y.domain() as [number, number];
  const yLog = scaleLinear()
    .domain([Math.log10(d0), Math.log10(d1)])
    .range([base, MARGIN.top]);
  const small = width < 480;
  ctx.font = `${small ? 11 : 12}px ${c.sans}`;
  ctx.lineWidth = 1;

  // The top-k ranks, shaded and named.
  const kx = x(topK + 0.5);
  ctx.fillStyle = c.accentSoft;
  ctx.fillRect(left, MARGIN.top, kx - left, base - MARGIN.top);
  ctx.fillStyle = c.muted;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const intl = currentIntl();
  ctx.fillText(
    intl.formatMessage(
      {
        id: 'stage3.chart.topk',
        defaultMessage: 'top {k}',
        description: 'Label of the shaded band of the chart that holds the k most likely tokens: “top 10”.',
      },
      { k: formatCount(topK) },
    ),
    left + 4,
    base - 6,
  );

  // Grid: powers of ten on y (every second one when crowded), ranks 1, 10, 100, … on x.
  const decades = y.ticks().filter((p) => Math.abs(Math.log10(p) - Math.round(Math.log10(p))) < 1e-9);
  const every = Math.ceil(decades.length / (small ? 5 : 7));
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  decades.forEach((p, i) => {
    if (i % every !== 0) return;
    const py = Math.round(y(p)) + 0.5;
    ctx.strokeStyle = c.line;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillStyle = c.muted;
    ctx.fillText(powerLabel(p), left - 6, py);
  });
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (let r = 1; r <= V; r *= 10) {
    const px = Math.round(x(r)) + 0.5;
    ctx.strokeStyle = c.line;
    ctx.beginPath();
    ctx.moveTo(px, MARGIN.top);
    ctx.lineTo(px, base + 4);
    ctx.stroke();
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'left';
    ctx.fillText(rankTick(r), fitTextX(ctx, rankTick(r), px, 0, width - 2), base + 6);
  }
  ctx.textAlign = 'right';
  ctx.fillText(
    intl.formatMessage({
      id: 'stage3.chart.axis.x',
      defaultMessage: 'rank, most likely first →',
      description:
        'Title of the x axis of the sorted-probabilities chart: each token’s rank, rank 1 the most likely; the arrow points right.',
    }),
    right,
    base + 22,
  );
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(
    intl.formatMessage({
      id: 'stage3.chart.axis.y',
      defaultMessage: 'probability',
      description: 'Title of the y axis of the sorted-probabilities chart.',
    }),
    4,
    MARGIN.top - 16,
  );

  // All V points joined: the area under the line, then the line.
  ctx.beginPath();
  ctx.moveTo(x(1), base);
  for (let i = 0; i < V; i++) ctx.lineTo(x(i + 1), yLog(logs[i]!));
  ctx.lineTo(x(V), base);
  ctx.closePath();
  ctx.globalAlpha = 0.18;
  ctx.fillStyle = c.accent;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  for (let i = 0; i < V; i++) {
    const px = x(i + 1);
    const py = yLog(logs[i]!);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.strokeStyle = c.accent;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.lineWidth = 1;

  if (!target || !(target.prob > 0)) return;
  // The target: a dashed stem from the axis and a ring at (rank, p), labelled beside it.
  const px = x(target.rank);
  const py = y(Math.max(target.prob, d0));
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
  ctx.font = `600 ${small ? 12 : 13}px ${c.sans}`;
  const lines = [
    intl.formatMessage(
      {
        id: 'stage3.chart.target.rank',
        defaultMessage: 'target: rank {rank}',
        description: 'Label on the chart beside the target token (the one that really came next): its rank.',
      },
      { rank: formatCount(target.rank) },
    ),
    intl.formatMessage(
      {
        id: 'stage3.chart.target.p',
        defaultMessage: 'p = {p}',
        description:
          'Second line of the target’s label on the chart: its probability p. Math notation, usually kept.',
      },
      { p: formatProb(target.prob) },
    ),
  ];
  // To the right of the ring and above it, where the falling curve leaves room; to the left
  // near the last ranks; below the ring when it is near the top of the plot.
  const widest = Math.max(...lines.map((text) => ctx.measureText(text).width));
  const tx = px + 10 + widest <= right ? px + 10 : Math.max(left, px - 10 - widest);
  const firstY = py - 36 < MARGIN.top - 12 ? py + 22 : py - 22;
  lines.forEach((text, i) => {
    const ty = firstY + i * 16;
    ctx.fillStyle = c.surface;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(tx - 3, ty - 13, ctx.measureText(text).width + 6, 17);
    ctx.globalAlpha = 1;
    ctx.fillStyle = c.ink;
    ctx.fillText(text, tx, ty);
  });
}
