/**
 * The drag chart: one column per handle token (the top-k, then the target). Above, each token's
 * logit z_j on a linear axis (logit units), a thin mark at the model's value and a handle at the
 * current one that the pointer drags up or down. Below, the gradient ∂ℓ/∂z_j = p_j − [j = y] as
 * a bar from 0 on a fixed axis [−1, 1], so the bars compare across edits. The target's handle is
 * a square and its column is labelled "y": shape and text, not colour, mark it.
 *
 * Pointer only: the keyboard moves the same values with the table's sliders, and the chart's
 * text alternative (its aria-label) reads every value.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { useRef, useState, type PointerEvent } from 'react';
import { useIntl } from 'react-intl';
import { useElementWidth } from '../view/hooks';
import { formatNumber } from '../view/format';
import { ChartExport } from '../view/ChartExport';

export interface DragItem {
  id: number;
  /** The model's logit. */
  base: number;
  /** The logit now (edited or stepped). */
  value: number;
  /** Where the handle may go: dragRange(). */
  min: number;
  max: number;
  /** p_j − [j = y], or NaN while not yet computed. */
  grad: number;
  isTarget: boolean;
  /** Under the column: the rank among the top-k, or "y". */
  label: string;
}

interface DragChartProps {
  items: DragItem[];
  onChange: (id: number, value: number) => void;
  description: string;
}

export function DragChart({ items, onChange, description }: DragChartProps) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const W = useElementWidth(ref, 640);
  const [dragging, setDragging] = useState<number | null>(null);
  const H1 = 190;
  const H2 = 90;
  const gap = 26;
  const m = { top: 14, right: 10, bottom: 22, left: 44 };
  const H = m.top + H1 + gap + H2 + m.bottom;

  // The logit axis spans the handles' reach, so a handle never leaves it while dragged.
  const lo = Math.min(...items.map((d) => d.min));
  const hi = Math.max(...items.map((d) => d.max));
  const y = scaleLinear()
    .domain([lo, hi])
    .range([m.top + H1, m.top]);
  const g0 = m.top + H1 + gap;
  const yg = scaleLinear()
    .domain([-1, 1])
    .range([g0 + H2, g0]);
  const x = scaleBand<number>()
    .domain(items.map((d) => d.id))
    .range([m.left, W - m.right])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const bw = x.bandwidth();
  const r = Math.max(6, Math.min(10, bw * 0.35));

  const valueAt = (event: PointerEvent<SVGElement>, item: DragItem) => {
    const svg = event.currentTarget.ownerSVGElement ?? (event.currentTarget as SVGSVGElement);
    const top = svg.getBoundingClientRect().top;
    const v = y.invert(event.clientY - top);
    return Math.min(item.max, Math.max(item.min, Math.round(v * 20) / 20));
  };

  return (
    <div className="xs-drag-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-label={description}>
        <g className="xs-axis" aria-hidden="true">
          {y.ticks(5).map((v) => (
            <g key={v}>
              <line className="xs-grid" x1={m.left} x2={W - m.right} y1={y(v)} y2={y(v)} />
              <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          <text x={m.left - 6} y={m.top - 4} textAnchor="end" className="xs-axis-title">
            {intl.formatMessage({
              id: 'drag.chart.axis.logit',
              defaultMessage: 'z',
              description: 'Title of the chart’s upper axis: the symbol of a logit. Usually kept as it is.',
            })}
          </text>
          {[-1, 0, 1].map((v) => (
            <g key={v}>
              <line
                className={v === 0 ? 'xs-zero' : 'xs-grid'}
                x1={m.left}
                x2={W - m.right}
                y1={yg(v)}
                y2={yg(v)}
              />
              <text x={m.left - 6} y={yg(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          <text x={m.left - 6} y={g0 - 8} textAnchor="end" className="xs-axis-title">
            {intl.formatMessage({
              id: 'drag.chart.axis.gradient',
              defaultMessage: '∂ℓ/∂z',
              description:
                'Title of the chart’s lower axis: the gradient of the loss ℓ with respect to a logit z. Usually kept as it is.',
            })}
          </text>
        </g>
        {items.map((d) => {
          const cx = (x(d.id) ?? 0) + bw / 2;
          const grad = Number.isFinite(d.grad) ? d.grad : 0;
          return (
            <g key={d.id} className={d.isTarget ? 'xs-col xs-col-target' : 'xs-col'}>
              <line className="xs-base" x1={cx - bw / 2} x2={cx + bw / 2} y1={y(d.base)} y2={y(d.base)} />
              <line className="xs-stem" x1={cx} x2={cx} y1={y(d.base)} y2={y(d.value)} />
              <rect
                className="xs-grad"
                x={cx - bw / 2}
                width={bw}
                y={Math.min(yg(grad), yg(0))}
                height={Math.max(1, Math.abs(yg(grad) - yg(0)))}
              />
              <text className="xs-col-label" x={cx} y={H - 6} textAnchor="middle">
                {d.label}
              </text>
              <g
                className={dragging === d.id ? 'xs-handle xs-handle-active' : 'xs-handle'}
                data-testid={d.isTarget ? 'drag-handle-target' : `drag-handle-${d.id}`}
                onPointerDown={(event) => {
                  event.preventDefault();
                  event.currentTarget.setPointerCapture(event.pointerId);
                  setDragging(d.id);
                }}
                onPointerMove={(event) => {
                  if (dragging !== d.id) return;
                  onChange(d.id, valueAt(event, d));
                }}
                onPointerUp={(event) => {
                  event.currentTarget.releasePointerCapture(event.pointerId);
                  setDragging(null);
                }}
                onPointerCancel={() => setDragging(null)}
              >
                {/* A wider invisible target, so a finger can catch the handle. */}
                <circle className="xs-hit" cx={cx} cy={y(d.value)} r={Math.max(16, r + 8)} />
                {d.isTarget ? (
                  <rect x={cx - r} y={y(d.value) - r} width={2 * r} height={2 * r} />
                ) : (
                  <circle cx={cx} cy={y(d.value)} r={r} />
                )}
              </g>
            </g>
          );
        })}
      </svg>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'drag.chart.name',
          defaultMessage: 'drag-a-logit',
          description:
            'The chart’s name in its export buttons: “Export the drag-a-logit chart as PNG”. The panel is called “Drag a logit”.',
        })}
        file="drag-logit-chart"
        caption={description}
      />
    </div>
  );
}
