/**
 * Pure helpers for the perplexity stage: the slider's range and keyboard steps (in the reader's
 * units), the order in which the vocabulary's words are shown as k grows, and the layout of
 * one dot per word on a canvas. No DOM, so they are unit-tested.
 */
import { inUnit, mulberry32, uniformLoss, type InfoUnit } from '../../math';

/** Slack past a uniform guess's loss, in nats, so "worse than guessing" is reachable. */
export const PAST_UNIFORM_NATS = 0.5;
/** Up to this many equally likely words are drawn as tiles with their text; more become dots. */
export const TILE_MAX = 48;

export interface SliderRange {
  min: number;
  max: number;
  /** One arrow-key step (Page Up / Page Down change the stage, for a presenter's clicker). */
  step: number;
}

/**
 * 0 to ln V + 0.5 nats in `unit` (further when `modelNats`, this model's loss, is worse than
 * that, so its mark is on the scale), the top rounded up to a whole step.
 */
export function sliderRange(vocab: number, unit: InfoUnit, modelNats = 0): SliderRange {
  const step = 0.1;
  const worst = Number.isFinite(modelNats) ? Math.max(uniformLoss(vocab), modelNats) : uniformLoss(vocab);
  const top = inUnit(worst + PAST_UNIFORM_NATS, unit);
  return { min: 0, max: roundToStep(Math.ceil(top / step - 1e-9) * step, step), step };
}

/** Removes float noise from a multiple of `step` (0.30000000000000004 → 0.3). */
function roundToStep(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(x.toFixed(decimals + 2));
}

/**
 * The value after `steps` keyboard steps (negative: down) from `value`, on the grid of whole
 * steps: from 10.794 one step up is 10.8, not 10.894. Clamped to the range.
 */
export function stepValue(value: number, steps: number, { min, max, step }: SliderRange): number {
  if (steps === 0) return value;
  const k = value / step;
  const onGrid = Math.abs(k - Math.round(k)) < 1e-9;
  const base = onGrid ? Math.round(k) : steps > 0 ? Math.floor(k) : Math.ceil(k);
  const next = roundToStep((base + steps) * step, step);
  return Math.min(max, Math.max(min, next));
}

const orders = new Map<number, Int32Array>();

/**
 * Every id in [0, V) once, shuffled (Fisher–Yates, fixed seed): the first k are the k equally
 * likely words, so words spread over the whole vocabulary and growing k only adds words.
 */
export function wordOrder(vocab: number): Int32Array {
  const cached = orders.get(vocab);
  if (cached) return cached;
  const order = new Int32Array(vocab);
  for (let i = 0; i < vocab; i++) order[i] = i;
  const random = mulberry32(50257);
  for (let i = vocab - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  orders.set(vocab, order);
  return order;
}

/** The number of words drawn for perplexity k: round(k), at least 1 and at most V. */
export function wordCount(k: number, vocab: number): number {
  if (!Number.isFinite(k)) return vocab;
  return Math.min(vocab, Math.max(1, Math.round(k)));
}

export interface DotGrid {
  cols: number;
  rows: number;
  /** Side of one cell in CSS px. */
  cell: number;
}

/** The largest square cells that fit `n` of them in a width × height box, row by row. */
export function dotGrid(n: number, width: number, height: number): DotGrid {
  if (n <= 0 || width <= 0 || height <= 0) return { cols: 0, rows: 0, cell: 0 };
  let cols = Math.max(1, Math.ceil(Math.sqrt((n * width) / height)));
  let cell = Math.min(width / cols, height / Math.ceil(n / cols));
  // One column fewer can give bigger cells when the rows still fit.
  for (let c = cols - 1; c >= 1; c--) {
    const s = Math.min(width / c, height / Math.ceil(n / c));
    if (s <= cell) break;
    cols = c;
    cell = s;
  }
  return { cols, rows: Math.ceil(n / cols), cell };
}
