/**
 * Two small buttons under a chart: "Export the <name> chart as SVG" and "… as PNG". Both files
 * carry the caption (the chart's numbers as a sentence, built by the chart's owner from what
 * the chart shows) below the chart. SVG charts export as a standalone SVG with their computed
 * styles inlined (CSS variables resolved to colours); canvas charts as an SVG embedding the
 * canvas's pixels. PNGs are 2× the chart's CSS size, for slides. Only blob: and data: URLs are
 * used, so this works under a strict CSP (img-src 'self' data: blob:, no eval, no inline script).
 */
import type { RefObject } from 'react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { currentIntl } from '../i18n/current';
import {
  CAPTION,
  INLINE_PROPS,
  canvasSvg,
  captionHeight,
  captionSvg,
  exportFileName,
  wrapCaption,
  type CaptionStyle,
} from './chart-export';
import './chart-export.css';
import { saveBlob } from './save-file';

interface ChartExportProps {
  /** The chart's <svg> or <canvas>, or an element holding it (its first svg/canvas with role="img"). */
  chart: RefObject<Element | null>;
  /**
   * The chart's name in the buttons' accessible names, in the page's language: "softmax" →
   * "Export chart as PNG (the softmax chart)".
   */
  name: string;
  /** The downloaded files' base name: "softmax-chart" → softmax-chart.svg / .png. */
  file: string;
  /** The chart's numbers as a sentence, written below the chart in both files. */
  caption: string;
  /**
   * For a chart drawn in HTML (bars in a table): builds an SVG picture of it for the files. It is
   * attached inside `chart` off screen while exporting, so the page's CSS variables resolve.
   */
  build?: () => SVGSVGElement;
}

/** PNG pixels per CSS px. */
const SCALE = 2;
const SVG_NS = 'http://www.w3.org/2000/svg';

type Chart = { kind: 'svg'; el: SVGSVGElement } | { kind: 'canvas'; el: HTMLCanvasElement };

function findChart(root: Element | null): Chart | null {
  if (!root) return null;
  const el =
    root instanceof SVGSVGElement || root instanceof HTMLCanvasElement
      ? root
      : root.querySelector('canvas[role="img"], svg[role="img"]');
  if (el instanceof SVGSVGElement) return { kind: 'svg', el };
  if (el instanceof HTMLCanvasElement) return { kind: 'canvas', el };
  return null;
}

/** The page's colours and font for the caption and background, read where the chart is. */
function styleOf(el: Element): CaptionStyle & { background: string } {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const font = v('--sans', 'sans-serif');
  // Caption lines are broken where they really reach the width, in the font they are drawn in.
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) ctx.font = `${CAPTION.fontSize}px ${font}`;
  return {
    ink: v('--ink', '#1c1b19'),
    font,
    background: v('--surface', '#ffffff'),
    ...(ctx ? { measure: (line: string) => ctx.measureText(line).width } : {}),
  };
}

function cssSize(el: Element): { width: number; height: number } {
  const r = el.getBoundingClientRect();
  return { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) };
}

/** A standalone SVG of an <svg> chart: computed styles inlined, background, caption below. */
function svgChartText(svg: SVGSVGElement, caption: string): { text: string; width: number; height: number } {
  const { width, height } = cssSize(svg);
  const style = styleOf(svg);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const to = [clone, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((src, i) => {
    const dst = to[i];
    if (!dst || !(src instanceof SVGElement)) return;
    const css = getComputedStyle(src);
    const inline = INLINE_PROPS.map((p) => `${p}:${css.getPropertyValue(p)}`).join(';');
    dst.setAttribute('style', inline);
    dst.removeAttribute('class');
  });
  const lines = wrapCaption(caption, width, style.measure);
  const total = height + captionHeight(lines.length);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(total));
  clone.setAttribute('viewBox', `0 0 ${width} ${total}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', style.background);
  clone.insertBefore(bg, clone.firstChild);
  const text = new XMLSerializer()
    .serializeToString(clone)
    .replace(/<\/svg>\s*$/, `${captionSvg(lines, height, style)}</svg>`);
  return { text, width, height: total };
}

const download = saveBlob;

function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) =>
        b
          ? resolve(b)
          : reject(
              new Error(
                currentIntl().formatMessage({
                  id: 'chart.export.error.png',
                  defaultMessage: 'The browser made no PNG.',
                  description: 'Shown under a chart when its PNG export failed (PNG: an image format).',
                }),
              ),
            ),
      'image/png',
    ),
  );
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () =>
      reject(
        new Error(
          currentIntl().formatMessage({
            id: 'chart.export.error.image',
            defaultMessage: 'The chart could not be drawn as an image.',
            description: 'Shown under a chart when its export failed.',
          }),
        ),
      );
    img.src = url;
  });
}

/** The PNG of a canvas chart: its pixels at 2× the CSS size and the caption drawn below. */
async function canvasPng(canvas: HTMLCanvasElement, caption: string): Promise<Blob> {
  const { width, height } = cssSize(canvas);
  const style = styleOf(canvas);
  const lines = wrapCaption(caption, width, style.measure);
  const out = document.createElement('canvas');
  out.width = width * SCALE;
  out.height = (height + captionHeight(lines.length)) * SCALE;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error(noCanvas());
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, width, height + captionHeight(lines.length));
  ctx.drawImage(canvas, 0, 0, width, height);
  drawCaption(ctx, lines, height, style);
  return toBlob(out);
}

/** The error when the browser has no 2D canvas to draw the PNG on. */
const noCanvas = () =>
  currentIntl().formatMessage({
    id: 'chart.export.error.canvas',
    defaultMessage: 'The browser gives no 2D canvas.',
    description: 'Shown under a chart when its PNG export failed (a canvas: the browser’s drawing surface).',
  });

function drawCaption(ctx: CanvasRenderingContext2D, lines: string[], top: number, style: CaptionStyle) {
  ctx.fillStyle = style.ink;
  ctx.font = `${CAPTION.fontSize}px ${style.font}`;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  lines.forEach((l, i) =>
    ctx.fillText(l, 8, top + CAPTION.padTop + CAPTION.fontSize + i * CAPTION.lineHeight),
  );
}

/** The PNG of an SVG chart: the standalone SVG (caption included) drawn at 2× through a blob: URL. */
async function svgPng(svg: SVGSVGElement, caption: string): Promise<Blob> {
  const { text, width, height } = svgChartText(svg, caption);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = await loadImage(url);
    const out = document.createElement('canvas');
    out.width = width * SCALE;
    out.height = height * SCALE;
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error(noCanvas());
    ctx.drawImage(img, 0, 0, out.width, out.height);
    return await toBlob(out);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function ChartExport({ chart, name, file, caption, build }: ChartExportProps) {
  const [error, setError] = useState('');
  const intl = useIntl();

  const run = (ext: 'svg' | 'png') => {
    setError('');
    let built: SVGSVGElement | null = null;
    if (build && chart.current) {
      built = build();
      built.setAttribute('aria-hidden', 'true');
      built.style.position = 'absolute';
      built.style.left = '-100000px';
      built.style.top = '0';
      chart.current.append(built);
    }
    const found = built ? ({ kind: 'svg', el: built } as const) : findChart(chart.current);
    if (!found) {
      setError(
        intl.formatMessage({
          id: 'chart.export.error.undrawn',
          defaultMessage: 'The chart is not drawn yet.',
          description: 'Shown under a chart when an export button is pressed before the chart is drawn.',
        }),
      );
      return;
    }
    const make = async (): Promise<Blob> => {
      if (ext === 'svg') {
        const text =
          found.kind === 'svg'
            ? svgChartText(found.el, caption).text
            : canvasSvg(
                found.el.toDataURL('image/png'),
                cssSize(found.el).width,
                cssSize(found.el).height,
                caption,
                styleOf(found.el),
              );
        return new Blob([text], { type: 'image/svg+xml' });
      }
      return found.kind === 'svg' ? svgPng(found.el, caption) : canvasPng(found.el, caption);
    };
    make()
      .then((blob) => download(blob, exportFileName(file, ext)))
      .catch((e: unknown) =>
        setError(
          e instanceof Error
            ? e.message
            : intl.formatMessage({
                id: 'chart.export.error',
                defaultMessage: 'The export failed.',
                description: 'Shown under a chart when its export failed for an unknown reason.',
              }),
        ),
      )
      .finally(() => built?.remove());
  };

  // Named by what they show, then which chart (WCAG 2.5.3): "Export chart as SVG (the softmax chart)".
  return (
    <div className="chart-export">
      <button type="button" onClick={() => run('svg')}>
        <FormattedMessage
          id="chart.export.svg"
          defaultMessage="Export chart as SVG<hidden> (the {name} chart)</hidden>"
          description="Button under a chart; SVG is an image format. The part in <hidden> is read only by screen readers and keeps its leading space; {name} is the chart’s name, e.g. “softmax”."
          values={{
            name: <bdi>{name}</bdi>,
            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          }}
        />
      </button>
      <button type="button" onClick={() => run('png')}>
        <FormattedMessage
          id="chart.export.png"
          defaultMessage="Export chart as PNG<hidden> (the {name} chart)</hidden>"
          description="Button under a chart; PNG is an image format. The part in <hidden> is read only by screen readers and keeps its leading space; {name} is the chart’s name, e.g. “softmax”."
          values={{
            name: <bdi>{name}</bdi>,
            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          }}
        />
      </button>
      {error && (
        <span className="chart-export-error" role="status">
          {error}
        </span>
      )}
    </div>
  );
}
