/**
 * Canvas plumbing the logits and softmax stages share: a canvas sized for the device pixel
 * ratio, the theme's colours read from the CSS variables (so dark mode works), and a tween
 * between two arrays of V values. The width and media hooks are in view/hooks.ts.
 */
import { easeCubicInOut } from 'd3-ease';
import { timer, type Timer } from 'd3-timer';

/** The page's palette (styles.css) as canvas colours. */
export interface Palette {
  ink: string;
  muted: string;
  line: string;
  accent: string;
  accentSoft: string;
  focus: string;
  surface: string;
  mono: string;
  sans: string;
}

export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1c1b19'),
    muted: v('--muted', '#55534d'),
    line: v('--line', '#dcd8cd'),
    accent: v('--accent', '#2c4a96'),
    accentSoft: v('--accent-soft', '#e7ecf8'),
    focus: v('--focus', '#c2410c'),
    surface: v('--surface', '#ffffff'),
    mono: v('--mono', 'monospace'),
    sans: v('--sans', 'sans-serif'),
  };
}

/**
 * Sizes the canvas to width × height CSS px at the device pixel ratio, but at least 2× (so a PNG
 * export, at 2× the CSS size for slides, carries real pixels rather than a 1× bitmap scaled up)
 * and at most 3×, and returns its context scaled so drawing is in CSS px; null where the browser
 * gives no 2D context.
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = Math.max(2, Math.min(3, window.devicePixelRatio || 1));
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** How long the curve takes to move to a new row, in ms. */
export const TWEEN_MS = 450;

/**
 * Moves `from` to `to` (same length) over TWEEN_MS with an ease, calling `frame(values, k)`
 * with the in-between values and the eased progress k ∈ [0, 1]; the last call has k = 1 and
 * `to` itself. Returns the timer so an effect can stop it.
 */
export function tween(
  from: Float32Array,
  to: Float32Array,
  frame: (values: Float32Array, k: number) => void,
): Timer {
  const scratch = new Float32Array(to.length);
  const t = timer((elapsed) => {
    const k = easeCubicInOut(Math.min(1, elapsed / TWEEN_MS));
    if (k >= 1) {
      t.stop();
      frame(to, 1);
      return;
    }
    for (let i = 0; i < to.length; i++) scratch[i] = from[i]! + (to[i]! - from[i]!) * k;
    frame(scratch, k);
  });
  return t;
}

/** Text drawn inside [left, right]: its x moved in so it never runs off the plot. */
export function fitTextX(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  left: number,
  right: number,
) {
  const w = ctx.measureText(text).width;
  return Math.max(left, Math.min(right - w, x - w / 2));
}
