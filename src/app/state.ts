/**
 * What the page shows, as a reducer testable without React: where the logits came from, which
 * back end may compute, what was computed last, and the one notice or error to read out.
 */
import type { TextCut, TokenLimit } from '../lm/token-limit';
import type { StartRule } from '../lm/tokenize';
import type { Dtype } from '../lm/variants';
import type { GpuLogits } from '../engine';
import type { InfoUnit, LogitsBatch, XentResult } from '../math';
import { pModelSource } from './compute/p-model-batch';
import type { LinkState } from './deep-link';
import { currentIntl } from './i18n/current';
import { GAME_STAGE, type GameLink } from './explore/game-link';
import type { Locale } from './i18n/locales';
import { BOOK_TEXTS, isDefaultPair } from './i18n/texts';
import { intlNumber } from './i18n/numbers';
import { formatCount } from './view/format';

export type Backend = 'webgpu' | 'cpu';

/** The seven stages, in the order the loss is computed (src/app/stages/1-… to 7-…). */
export const STAGE_COUNT = 7;

/**
 * Where the logits come from; 'lm' is a pretrained model on the reader's texts, 'trained' the
 * model of the live-training panel (stage 7), 'file' the reader's own file.
 */
export type SourceKind = 'book' | 'text' | 'p-model' | 'lm' | 'file' | 'trained';

/** Loss and entropy are shown in nats (ln) or bits (log2); the perplexity does not change. */
export type Units = InfoUnit;

/** The (batch, position) whose row of V logits the logits and softmax stages draw. */
export interface Focus {
  b: number;
  t: number;
}

/** The two texts of the "untrained model on your text" source, as in the book's batch. */
/** The book's two texts, the English default (each language has its own pair: i18n/texts.ts). */
export const DEFAULT_TEXTS: readonly [string, string] = BOOK_TEXTS;

/** What the GPU boundary answered, and whether the device still works. */
export type GpuStatus =
  | { kind: 'asking' }
  | { kind: 'ready'; adapterName: string }
  /** The browser gave no device; `reason` says why (no API, no adapter, refused). */
  | { kind: 'unavailable'; reason: string }
  /** There was a device, but it failed or was lost; the CPU computes from then on. */
  | { kind: 'failed'; reason: string };

/** Logits to score: the book's example or a file the reader opened. */
export interface Source {
  /** "the book's example" or the file's name. */
  label: string;
  isExample: boolean;
  kind: SourceKind;
  batch: LogitsBatch;
  /** (B, T) input token ids, when the file has them. */
  inputs: Int32Array | null;
  /** A pretrained model's own tokenizer and start token, when the logits are its. */
  model?: SourceModel;
  /**
   * Logits that stay on the GPU (a pretrained model run by WebGPU): the engine scores them there,
   * and `batch.logits` is then empty. Only the WebGPU back end can compute from such a source.
   */
  resident?: GpuLogits;
}

/** What the stages need to know of the pretrained model that made a source's logits. */
export interface SourceModel {
  name: string;
  /** The hub id, folder URL or path, as a link carries it. */
  refText: string;
  /** The token put before each text so that its first token is scored, and its text. */
  startId: number;
  startText: string;
  /** Why that token (src/lm/tokenize.ts): the tokenizer adds it, or it separates documents, … */
  startRule: StartRule;
  /** The weights' precision: only float32 gives PyTorch's numbers. */
  dtype: Dtype;
  /** A token id as text, from the model's own tokenizer. */
  decode: (id: number) => string;
  /** A text's ids by the model's own tokenizer, no start token (a word typed mid-text). */
  encode: (text: string) => number[];
  /** The texts as typed. */
  texts: readonly string[];
  /** UTF-8 bytes of the scored text (all of it, or the part within the token limit). */
  bytes: number;
  /** The tokens per text the model scores at most (lm/token-limit.ts), and why that many. */
  limit: TokenLimit;
  /** Per text: its tokens and bytes, and how many of each were scored (less when cut). */
  cuts: readonly TextCut[];
}

export interface Shown {
  result: XentResult;
  source: Source;
}

export interface AppState {
  gpu: GpuStatus;
  /** The reader's choice; WebGPU is used only while the GPU is ready. */
  prefer: Backend;
  source: Source | null;
  /** The last result, kept on screen while a new one is computed or when a file is refused. */
  shown: Shown | null;
  busy: boolean;
  /** Why the CPU took over from a GPU that had been working (role="status"). */
  notice: string | null;
  /** One sentence: what is wrong and how to fix it (role="alert"). */
  error: string | null;
  /** 0-based index of the stage on screen. */
  stage: number;
  /** The source the picker asks for; `source` follows once it is built. */
  want: SourceKind;
  texts: readonly [string, string];
  /** The probability the "p model" gives every right next token, in (0, 1). */
  p: number;
  /** The pretrained model asked for (hub id, folder URL or same-origin path); null until chosen. */
  model: string | null;
  /** The precision asked for with it (a link's dtype=); null: the model's default. */
  dtype: Dtype | null;
  focus: Focus;
  units: Units;
  /** Where the perplexity stage's slider sits, in nats; null until the reader moves it. */
  sliderLoss: number | null;
  /** 'auto' follows the system's light or dark setting. */
  theme: Theme;
  /** The softmax stage's temperature T (logits ÷ T), 1 = the model's own distribution. */
  temperature: number;
  /** Lecture mode: the screen is blanked (B), or the key list is open (?). */
  blank: boolean;
  keysHelp: boolean;
  /** "Predict, then reveal": the loss and the perplexity stay hidden until revealed. */
  predict: boolean;
  /** The language chosen in the picker or by a link; null: the browser's (i18n/locales.ts). */
  lang: Locale | null;
  /** "You are the model" as the link records it: its way of playing and next position; null until played or linked. */
  game: GameLink | null;
  revealed: { loss: boolean; perplexity: boolean };
}

export type AppAction =
  | { type: 'gpu'; status: GpuStatus }
  | { type: 'gpu-failed'; reason: string }
  | { type: 'prefer'; backend: Backend }
  /**
   * New logits on screen. `standIn`: the book shown while the picker waits for a model the reader
   * must first load (a link to a big model), so the picker stays where it is.
   */
  | { type: 'source'; source: Source; standIn?: boolean }
  | { type: 'computing' }
  /**
   * `early`: the CPU's numbers while WebGPU starts (compute/early-cpu.ts): shown at once, the lab
   * still busy until the back end in use has computed them too.
   */
  | { type: 'computed'; shown: Shown; early?: boolean }
  | { type: 'error'; message: string }
  | { type: 'stage'; stage: number }
  | { type: 'want'; kind: SourceKind }
  | { type: 'texts'; texts: readonly [string, string] }
  | { type: 'p'; p: number }
  | { type: 'model'; model: string; dtype: Dtype }
  | { type: 'focus'; focus: Focus }
  | { type: 'units'; units: Units }
  | { type: 'slider-loss'; loss: number }
  | { type: 'theme'; theme: Theme }
  | { type: 'temperature'; temperature: number }
  | { type: 'blank'; blank: boolean }
  | { type: 'keys-help'; open: boolean }
  | { type: 'predict'; on: boolean }
  | { type: 'lang'; lang: Locale }
  | { type: 'game'; game: GameLink }
  /** The page's language changed: texts the reader has not typed become that language's pair. */
  | { type: 'language-texts'; texts: readonly [string, string] }
  | { type: 'reveal'; what: 'loss' | 'perplexity' }
  /** A deep link's state (already validated by deep-link.ts) applied at once. */
  | { type: 'link'; link: LinkState };

export const initialState: AppState = {
  gpu: { kind: 'asking' },
  prefer: 'webgpu',
  source: null,
  shown: null,
  busy: true,
  notice: null,
  error: null,
  stage: 0,
  want: 'book',
  texts: DEFAULT_TEXTS,
  p: 0.5,
  model: null,
  dtype: null,
  focus: { b: 0, t: 0 },
  units: 'nats',
  sliderLoss: null,
  theme: 'auto',
  temperature: 1,
  blank: false,
  keysHelp: false,
  predict: false,
  lang: null,
  game: null,
  revealed: { loss: false, perplexity: false },
};

/** 'auto' follows the system's light or dark setting; 'projector' is large, high-contrast type. */
export type Theme = 'auto' | 'light' | 'dark' | 'projector';

/** The temperature range of the softmax stage's exploration. */
export const T_MIN = 0.1;
export const T_MAX = 5;

/** The p model's slider range: p = 1 exactly would give logits of −∞ for every other token. */
export const P_MIN = 0.001;
export const P_MAX = 0.999;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The focus moved inside (B, T) so it always names a row that exists. */
export function clampFocus(focus: Focus, shape: readonly number[]): Focus {
  const [B = 1, T = 1] = shape;
  return { b: clamp(Math.trunc(focus.b), 0, B - 1), t: clamp(Math.trunc(focus.t), 0, T - 1) };
}

/** The back end the next computation uses; null while the GPU boundary has not answered. */
export function backendFor(state: Pick<AppState, 'gpu' | 'prefer'>): Backend | null {
  if (state.gpu.kind === 'asking') return null;
  return state.prefer === 'webgpu' && state.gpu.kind === 'ready' ? 'webgpu' : 'cpu';
}

/** The tolerance the tests hold the back ends to: 1e-5 of the loss. */
const BACKENDS_AGREE = 1e-5;

/**
 * One sentence when the same logits, scored on the other back end, give a loss more than
 * BACKENDS_AGREE apart (relative); null when they agree or are not the same logits.
 */
export function disagreement(before: Shown | null, now: Shown): string | null {
  if (!before || before.source !== now.source) return null;
  const a = before.result;
  const b = now.result;
  if (a.backend === b.backend || !Number.isFinite(a.loss) || !Number.isFinite(b.loss)) return null;
  if (Math.abs(a.loss - b.loss) <= BACKENDS_AGREE * Math.abs(b.loss)) return null;
  // Eight significant digits, as toPrecision(8) wrote them, in the page's language.
  const digits = (x: number) =>
    intlNumber(x, { minimumSignificantDigits: 8, maximumSignificantDigits: 8, useGrouping: false });
  const values = { now: digits(b.loss), before: digits(a.loss), tolerance: formatCount(1 / BACKENDS_AGREE) };
  return b.backend === 'webgpu'
    ? currentIntl().formatMessage(
        {
          id: 'state.disagree.webgpu',
          defaultMessage:
            'WebGPU gives the loss {now} nats and the CPU gave {before}, more than 1 in {tolerance} apart; the numbers shown are WebGPU’s.',
          description:
            'The two back ends computed different losses from the same logits. now: WebGPU’s loss; before: the CPU’s; tolerance: 100,000.',
        },
        values,
      )
    : currentIntl().formatMessage(
        {
          id: 'state.disagree.cpu',
          defaultMessage:
            'the CPU gives the loss {now} nats and WebGPU gave {before}, more than 1 in {tolerance} apart; the numbers shown are the CPU’s.',
          description:
            'The two back ends computed different losses from the same logits. now: the CPU’s loss; before: WebGPU’s; tolerance: 100,000. (The English starts in lower case.)',
        },
        values,
      );
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'gpu':
      return { ...state, gpu: action.status };
    case 'gpu-failed':
      if (state.gpu.kind !== 'ready') return state;
      return {
        ...state,
        gpu: { kind: 'failed', reason: action.reason },
        notice: currentIntl().formatMessage(
          {
            id: 'state.gpu-failed',
            defaultMessage: 'WebGPU stopped working, so the numbers are now computed on the CPU. {reason}',
            description: 'Announced when the GPU fails; reason: the sentence saying how it failed.',
          },
          { reason: action.reason },
        ),
      };
    case 'prefer':
      return { ...state, prefer: action.backend };
    case 'source':
      // The same logits again (the picker re-selecting what is shown) change nothing, not even
      // the error on screen.
      if (action.source === state.source) return state;
      return {
        ...state,
        source: action.source,
        want: action.standIn ? state.want : action.source.kind,
        focus: clampFocus(state.focus, action.source.batch.shape),
        revealed: { loss: false, perplexity: false },
        error: null,
      };
    case 'computing':
      // Already busy (a p move set it): the same state, so React renders nothing again.
      return state.busy ? state : { ...state, busy: true };
    case 'computed': {
      if (action.early) return { ...state, shown: action.shown, busy: true };
      return {
        ...state,
        shown: action.shown,
        busy: false,
        notice: disagreement(state.shown, action.shown) ?? state.notice,
      };
    }
    case 'error':
      return { ...state, busy: false, error: action.message };
    case 'stage':
      return Number.isInteger(action.stage)
        ? { ...state, stage: clamp(action.stage, 0, STAGE_COUNT - 1) }
        : state;
    // Other logits or texts are another game: the link's game position belongs to the old one.
    case 'want':
      return { ...state, want: action.kind, game: action.kind === state.want ? state.game : null };
    case 'texts':
      return { ...state, texts: action.texts, game: null };
    case 'p': {
      if (!Number.isFinite(action.p)) return state;
      const p = clamp(action.p, P_MIN, P_MAX);
      // The p model on screen follows in this same render: its new source (the same texts, a
      // logits tensor not built until read) is scored at once, so a slider move costs one render
      // before its result, not three (p, then the source, then "computing").
      const source = state.source;
      if (state.want !== 'p-model' || source?.kind !== 'p-model' || p === state.p) return { ...state, p };
      return {
        ...state,
        p,
        source: pModelSource(source, p),
        busy: true,
        revealed: { loss: false, perplexity: false },
        error: null,
      };
    }
    case 'model':
      // The model a link named, now loaded, keeps the link's game; another model starts afresh.
      return {
        ...state,
        model: action.model,
        dtype: action.dtype,
        game: action.model === state.model ? state.game : null,
      };
    case 'focus':
      return {
        ...state,
        focus: state.source ? clampFocus(action.focus, state.source.batch.shape) : state.focus,
      };
    case 'units':
      return { ...state, units: action.units };
    case 'slider-loss':
      return Number.isFinite(action.loss) ? { ...state, sliderLoss: Math.max(0, action.loss) } : state;
    case 'theme':
      return { ...state, theme: action.theme };
    case 'temperature':
      return Number.isFinite(action.temperature)
        ? { ...state, temperature: clamp(action.temperature, T_MIN, T_MAX) }
        : state;
    case 'blank':
      return { ...state, blank: action.blank };
    case 'keys-help':
      return { ...state, keysHelp: action.open };
    case 'predict':
      return { ...state, predict: action.on, revealed: { loss: false, perplexity: false } };
    case 'lang':
      return { ...state, lang: action.lang };
    case 'game':
      return state.game?.mode === action.game.mode && state.game.from === action.game.from
        ? state
        : { ...state, game: action.game };
    case 'language-texts':
      return isDefaultPair(state.texts) && state.texts !== action.texts
        ? { ...state, texts: action.texts }
        : state;
    case 'reveal':
      return { ...state, revealed: { ...state.revealed, [action.what]: true } };
    case 'link': {
      const { link } = action;
      return {
        ...state,
        // A link to the game opens its stage unless it names another.
        stage: link.stage ?? (link.game ? GAME_STAGE : state.stage),
        want: link.source ?? state.want,
        texts: link.texts ?? state.texts,
        focus: link.focus ?? state.focus,
        units: link.units ?? state.units,
        theme: link.theme ?? state.theme,
        p: link.p ?? state.p,
        model: link.model ?? state.model,
        dtype: link.model ? (link.dtype ?? null) : state.dtype,
        temperature: link.temperature ?? state.temperature,
        predict: link.predict ?? state.predict,
        lang: link.lang ?? state.lang,
        game: link.game ?? state.game,
      };
    }
  }
}
