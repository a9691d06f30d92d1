/**
 * One canvas chart of a whole row (V points) that glides to each new row: the logits chart of
 * stage 2 and the sorted-softmax chart of stage 3. The first paint, a resize, a theme change,
 * reduced motion or a row of another length paint at once; otherwise the points and the y
 * domain move from the previous row's over TWEEN_MS, and the marks (labels of the target and
 * others) appear on the last frame only (final = true). A change of language paints at once too:
 * the charts' words and numbers are written in the page's language (i18n/current.ts, numbers.ts).
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { useReducedMotion, useTheme } from '../view/hooks';
import { readPalette, tween, type Palette } from './logits-canvas';

export interface RowPlot {
  /** (V,) the y of every point, in the chart's y units. */
  values: Float32Array;
  /** [lo, hi] of the y axis. */
  domain: [number, number];
}

/** Paints one frame: `values` and `domain` are in between rows while the chart moves. */
export type PaintRow<P extends RowPlot> = (
  canvas: HTMLCanvasElement,
  size: { width: number; height: number },
  plot: P,
  values: Float32Array,
  domain: [number, number],
  final: boolean,
  palette: Palette,
) => void;

export function useTweenedCanvas<P extends RowPlot>(
  canvas: RefObject<HTMLCanvasElement | null>,
  plot: P | null,
  paint: PaintRow<P>,
  { width, height, logDomain = false }: { width: number; height: number; logDomain?: boolean },
) {
  const reduce = useReducedMotion();
  const theme = useTheme();
  // A new intl object is a new language: the same plot is painted again, with its new words.
  const intl = useIntl();
  const drawn = useRef<{ plot: P; values: Float32Array; domain: [number, number] } | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !plot) return;
    const palette = readPalette(el);
    const size = { width, height };
    const prev = drawn.current;
    if (!prev || prev.plot === plot || reduce || prev.values.length !== plot.values.length) {
      paint(el, size, plot, plot.values, plot.domain, true, palette);
      drawn.current = { plot, values: plot.values, domain: plot.domain };
      return;
    }
    // A log axis moves in log space, so it glides with the curve.
    const into = logDomain ? Math.log10 : (v: number) => v;
    const back = logDomain ? (v: number) => 10 ** v : (v: number) => v;
    const [a0, a1] = prev.domain.map(into) as [number, number];
    const [b0, b1] = plot.domain.map(into) as [number, number];
    const t = tween(prev.values, plot.values, (values, k) => {
      const domain: [number, number] = [back(a0 + (b0 - a0) * k), back(a1 + (b1 - a1) * k)];
      paint(el, size, plot, values, domain, k >= 1, palette);
      drawn.current = { plot, values, domain };
    });
    return () => t.stop();
    // theme: the palette is read from CSS, so a theme change repaints; intl: so does a language.
  }, [canvas, plot, paint, width, height, logDomain, reduce, theme, intl]);
}
