/**
 * The state that matters, in the URL hash, so a copied link reopens the same view:
 *   #stage=3&source=text&text1=…&text2=…&b=0&t=1&units=bits&theme=dark&p=0.3&T=0.5
 *   #source=lm&model=openai-community/gpt2&text1=…&text2=…   (a pretrained model on the texts;
 *   model is a hub id, an https folder URL or a same-origin path, checked by lm/model-ref.ts;
 *   &dtype=fp16 asks for a precision, by transformers.js's names: lm/variants.ts)
 * `lang=zh-Hans|es|ar|en` (the page's language; absent: the browser's), `game=points|votes|shannon`
 * with `from=N` ("You are the model" at its N-th position, 0-based), `predict=1` (pauses to predict the loss and the perplexity before they are shown), plus the
 * embedding options: `embed` (compact, no site chrome) and `hide=picker,controls,…`.
 * `data=URL` (a logits file) is read by sources.ts.
 *
 * Every value is checked against this schema; what does not fit (unknown keys, wrong types,
 * absurd numbers, very long text) is dropped, never shown as HTML, and the page keeps working.
 * URLSearchParams is used only to split the hash; the values are ours to validate.
 */
import { parseModelRef } from '../lm/model-ref';
import { GAME_MODES, GAME_STAGE, type GameLink } from './explore/game-link';
import { linkLocale, type Locale } from './i18n/locales';
import { DTYPES, type Dtype } from '../lm/variants';
import {
  DEFAULT_TEXTS,
  P_MAX,
  P_MIN,
  STAGE_COUNT,
  T_MAX,
  T_MIN,
  type SourceKind,
  type Theme,
  type Units,
} from './state';

/** Parts an embedding page may hide. */
export const HIDEABLE = ['header', 'picker', 'rail', 'summary', 'controls', 'footer'] as const;
export type Hideable = (typeof HIDEABLE)[number];

/**
 * Longest typed text (characters) a text field takes and a link may carry. A pretrained model
 * scores up to a few thousand tokens of a text (lm/token-limit.ts: 1,024 for GPT‑2, at most 2,730
 * for the catalog's models), and English runs about 4 characters a token, so 20,000 characters
 * (about 7 per token of the largest of those limits) leave room to paste a text well past any of
 * them: it is then cut, and the page says so. Two texts this long make a link of about 40–60 kB
 * of plain text (percent-encoding triples each non-ASCII byte), which browsers open from the hash.
 */
export const MAX_TEXT_CHARS = 20_000;
/** Positions and texts beyond this are not real indices of any file the page reads. */
const MAX_INDEX = 1_000_000;

export interface LinkState {
  stage?: number;
  /** Files come by data=; a trained model lives only in the page that trained it. */
  source?: Exclude<SourceKind, 'file' | 'trained'>;
  texts?: readonly [string, string];
  focus?: { b: number; t: number };
  units?: Units;
  theme?: Theme;
  p?: number;
  /** The pretrained model of `source=lm`, as typed: a hub id, an https URL or a path. */
  model?: string;
  /** Its precision (transformers.js's dtype names: fp32, fp16, q8, q4, …); absent: the default. */
  dtype?: Dtype;
  temperature?: number;
  embed?: boolean;
  hide?: readonly Hideable[];
  /** "Predict, then reveal" pauses before the loss and the perplexity. */
  predict?: boolean;
  /** The page's language (i18n/locales.ts); absent: the reader's browser's. */
  lang?: Locale;
  /** "You are the model": `game=points|votes|shannon&from=N` (N: the next position, 0-based). */
  game?: GameLink;
}

const SOURCES = ['book', 'text', 'p-model', 'lm'] as const;
const THEMES: readonly Theme[] = ['auto', 'light', 'dark', 'projector'];
export { T_MAX, T_MIN, type Theme };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** A decimal number written plainly (no hex, no exponent games), inside [lo, hi]. */
function number(value: string | null, lo: number, hi: number): number | undefined {
  if (value === null || !/^-?\d{1,7}(\.\d{1,12})?$/.test(value)) return undefined;
  const x = Number(value);
  return x >= lo && x <= hi ? x : undefined;
}

function integer(value: string | null, lo: number, hi: number): number | undefined {
  if (value === null || !/^\d{1,7}$/.test(value)) return undefined;
  const x = Number(value);
  return x >= lo && x <= hi ? x : undefined;
}

/** Printable text of a sensible length; control characters are refused. */
function text(value: string | null): string | undefined {
  if (value === null || value.length > MAX_TEXT_CHARS) return undefined;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value) ? undefined : value;
}

/** A model reference a link may carry: only a hub id, an https URL or a same-origin path. */
function modelRef(value: string | null): string | undefined {
  if (value === null) return undefined;
  try {
    parseModelRef(value);
    return value.trim();
  } catch {
    return undefined;
  }
}

/** Reads the hash (with or without its '#'); never throws. */
export function parseHash(hash: string): LinkState {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return {};
  }
  const link: LinkState = {};
  const stage = integer(params.get('stage'), 1, STAGE_COUNT);
  if (stage !== undefined) link.stage = stage - 1;
  const source = oneOf(params.get('source'), SOURCES);
  if (source) link.source = source;
  const model = modelRef(params.get('model'));
  if (model !== undefined) link.model = model;
  const dtype = oneOf(params.get('dtype'), DTYPES);
  if (model !== undefined && dtype) link.dtype = dtype;
  const text1 = text(params.get('text1'));
  const text2 = text(params.get('text2'));
  if (text1 !== undefined || text2 !== undefined) {
    link.texts = [text1 ?? DEFAULT_TEXTS[0], text2 ?? DEFAULT_TEXTS[1]];
  }
  const b = integer(params.get('b'), 0, MAX_INDEX);
  const t = integer(params.get('t'), 0, MAX_INDEX);
  if (b !== undefined || t !== undefined) link.focus = { b: b ?? 0, t: t ?? 0 };
  const units = oneOf(params.get('units'), ['nats', 'bits'] as const);
  if (units) link.units = units;
  const theme = oneOf(params.get('theme'), THEMES);
  if (theme) link.theme = theme;
  const p = number(params.get('p'), P_MIN, P_MAX);
  if (p !== undefined) link.p = p;
  const temperature = number(params.get('T'), T_MIN, T_MAX);
  if (temperature !== undefined) link.temperature = temperature;
  if (params.has('embed') && ['', '1', 'true'].includes(params.get('embed') ?? '')) link.embed = true;
  const game = oneOf(params.get('game'), GAME_MODES);
  if (game) link.game = { mode: game, from: integer(params.get('from'), 0, MAX_INDEX) ?? 0 };
  const lang = linkLocale(params.get('lang'));
  if (lang) link.lang = lang;
  if (params.has('predict') && ['', '1', 'true'].includes(params.get('predict') ?? '')) link.predict = true;
  const hide = (params.get('hide') ?? '')
    .split(',')
    .map((h) => oneOf(h.trim(), HIDEABLE))
    .filter((h): h is Hideable => h !== undefined);
  if (hide.length > 0) link.hide = [...new Set(hide)];
  return link;
}

/** The hash for a state: only what differs from the defaults, in a stable order. */
export function hashFor(link: LinkState): string {
  const params = new URLSearchParams();
  if (link.stage !== undefined && link.stage > 0) params.set('stage', String(link.stage + 1));
  if (link.source && link.source !== 'book') params.set('source', link.source);
  if (link.source === 'lm' && link.model) params.set('model', link.model);
  if (link.source === 'lm' && link.model && link.dtype) params.set('dtype', link.dtype);
  if ((link.source === 'text' || link.source === 'lm') && link.texts) {
    params.set('text1', link.texts[0]);
    params.set('text2', link.texts[1]);
  }
  if (link.focus && (link.focus.b > 0 || link.focus.t > 0)) {
    params.set('b', String(link.focus.b));
    params.set('t', String(link.focus.t));
  }
  if (link.units === 'bits') params.set('units', 'bits');
  if (link.theme && link.theme !== 'auto') params.set('theme', link.theme);
  if (link.source === 'p-model' && link.p !== undefined) params.set('p', String(link.p));
  if (link.temperature !== undefined && link.temperature !== 1) params.set('T', String(link.temperature));
  // The game is recorded while its stage is on screen (elsewhere a link need not carry it).
  if (link.game && (link.stage ?? 0) === GAME_STAGE) {
    params.set('game', link.game.mode);
    if (link.game.from > 0) params.set('from', String(link.game.from));
  }
  if (link.lang) params.set('lang', link.lang);
  if (link.predict) params.set('predict', '1');
  if (link.embed) params.set('embed', '1');
  if (link.hide && link.hide.length > 0) params.set('hide', link.hide.join(','));
  const query = params.toString();
  return query ? `#${query}` : '';
}
