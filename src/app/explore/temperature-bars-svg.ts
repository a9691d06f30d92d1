/**
 * The temperature panel's bars (an HTML table on the page) as an SVG picture for the chart
 * exports: per token, an outlined bar for p at T = 1 and a filled one for p at T, on one scale
 * (the largest p of either is the full width), with the values written after the bars. Colours
 * are CSS variables, resolved by ChartExport where the picture is attached.
 */
import { currentIntl } from '../i18n/current';
import { formatProb } from '../view/format';

export interface BarRow {
  /** The token as shown (␣ for a leading space). */
  label: string;
  p1: number;
  pT: number;
  target: boolean;
}

const NS = 'http://www.w3.org/2000/svg';
const ROW = 30;
const TOP = 30;
const LABEL_W = 170;
const VALUE_W = 96;

function el(name: string, attrs: Record<string, string | number>, style = ''): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (style) e.setAttribute('style', style);
  return e;
}

function text(x: number, y: number, content: string, style: string): SVGElement {
  const t = el('text', { x, y }, style);
  t.textContent = content;
  return t;
}

export function temperatureBarsSvg(rows: BarRow[], T: string, width = 600): SVGSVGElement {
  const height = TOP + rows.length * ROW + 8;
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' }) as SVGSVGElement;
  const ink = 'fill: var(--ink); font: 13px var(--sans)';
  const full = width - LABEL_W - VALUE_W;
  const pMax = Math.max(1e-300, ...rows.flatMap((r) => [r.p1, r.pT]));
  const intl = currentIntl();
  // Legend.
  svg.append(
    el(
      'rect',
      { x: LABEL_W, y: 8, width: 14, height: 9 },
      'fill: none; stroke: var(--muted); stroke-width: 1.5',
    ),
    text(
      LABEL_W + 20,
      17,
      intl.formatMessage({
        id: 'temperature.svg.legend.one',
        defaultMessage: 'T = 1',
        description:
          'Legend of the exported bar chart: the outlined bars are the probabilities at temperature 1.',
      }),
      ink,
    ),
    el('rect', { x: LABEL_W + 80, y: 8, width: 14, height: 9 }, 'fill: var(--accent)'),
    text(
      LABEL_W + 100,
      17,
      intl.formatMessage(
        {
          id: 'temperature.svg.legend.t',
          defaultMessage: 'T = {T}',
          description:
            'Legend of the exported bar chart: the filled bars are the probabilities at temperature T.',
        },
        { T },
      ),
      ink,
    ),
  );
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    svg.append(
      text(
        8,
        y + 15,
        r.target
          ? intl.formatMessage(
              {
                id: 'temperature.svg.target',
                defaultMessage: '{token}  (target)',
                description: 'In the exported bar chart: the target token’s label, marked as the target.',
              },
              { token: r.label },
            )
          : r.label,
        `${ink}; font-weight: ${r.target ? 700 : 400}`,
      ),
      el(
        'rect',
        { x: LABEL_W, y: y + 2, width: Math.max(1, (full * r.p1) / pMax), height: 9 },
        'fill: none; stroke: var(--muted); stroke-width: 1.5',
      ),
      el(
        'rect',
        { x: LABEL_W, y: y + 14, width: Math.max(1, (full * r.pT) / pMax), height: 9 },
        'fill: var(--accent)',
      ),
      text(width - VALUE_W + 6, y + 10, formatProb(r.p1), 'fill: var(--muted); font: 11px var(--sans)'),
      text(width - VALUE_W + 6, y + 23, formatProb(r.pT), 'fill: var(--ink); font: 11px var(--sans)'),
    );
  });
  return svg;
}
