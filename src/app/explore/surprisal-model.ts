/**
 * What the "Surprisal over the text" view shows, without React: each text's scored tokens in
 * reading order (the targets y_t of row r = b·T + t, ignored positions left out), each with its
 * surprisal −ln p (nats), its shade, and the bucket of its rank; and, for one position at a time,
 * the model's most likely tokens there.
 *
 * Shades: one per decade of p, as on the stage's log-p chart. Shade k holds
 * 10^−(k+1) < p ≤ 10^−k, i.e. k·ln 10 ≤ −ln p < (k+1)·ln 10 nats (2.303 nats = 3.322 bits per
 * step); the last shade holds everything from p = 10^−(SHADE_COUNT−1) down.
 *
 * Buckets: where the right token stood in the model's ranking (rank = 1 + the number of tokens
 * with a strictly larger logit): top 1, top 10, top 100, or the rest.
 */
import { row as rowOf, type LogitsBatch, type XentResult } from '../../math';
import { topTokens, type TopToken } from '../compute/row-detail';
import { currentIntl } from '../i18n/current';

export type Bucket = 'top1' | 'top10' | 'top100' | 'rest';

export interface BucketInfo {
  id: Bucket;
  /** As the legend and the tokens' names say it: "top 10", in the page's language. */
  readonly label: string;
  /** The ranks it holds, in words. */
  readonly ranks: string;
}

/**
 * The buckets, best first. The words are read when shown (getters), in the page's language at
 * that moment: the language can change while the page runs.
 */
export const BUCKETS: readonly BucketInfo[] = [
  {
    id: 'top1',
    get label() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top1',
        defaultMessage: 'top 1',
        description: 'Bucket of the right token’s rank: the model’s first choice.',
      });
    },
    get ranks() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top1.ranks',
        defaultMessage: 'rank 1, the model’s first choice',
        description: 'The ranks the “top 1” bucket holds.',
      });
    },
  },
  {
    id: 'top10',
    get label() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top10',
        defaultMessage: 'top 10',
        description: 'Bucket of the right token’s rank: among the model’s ten most likely tokens.',
      });
    },
    get ranks() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top10.ranks',
        defaultMessage: 'rank 2 to 10',
        description: 'The ranks the “top 10” bucket holds.',
      });
    },
  },
  {
    id: 'top100',
    get label() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top100',
        defaultMessage: 'top 100',
        description: 'Bucket of the right token’s rank: among the model’s hundred most likely tokens.',
      });
    },
    get ranks() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.top100.ranks',
        defaultMessage: 'rank 11 to 100',
        description: 'The ranks the “top 100” bucket holds.',
      });
    },
  },
  {
    id: 'rest',
    get label() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.rest',
        defaultMessage: 'the rest',
        description: 'Bucket of the right token’s rank: ranked below the top 100.',
      });
    },
    get ranks() {
      return currentIntl().formatMessage({
        id: 'surprisal.bucket.rest.ranks',
        defaultMessage: 'rank above 100',
        description: 'The ranks the “the rest” bucket holds.',
      });
    },
  },
];

/** The bucket of a 1-based rank: 1 → top 1, 2–10 → top 10, 11–100 → top 100, above (or NaN) → the rest. */
export function bucketOf(rank: number): Bucket {
  if (rank <= 1) return 'top1';
  if (rank <= 10) return 'top10';
  if (rank <= 100) return 'top100';
  return 'rest';
}

export function bucketLabel(bucket: Bucket): string {
  return BUCKETS.find((b) => b.id === bucket)?.label ?? bucket;
}

/** Shades 0 … SHADE_COUNT − 1, one per decade of p: p > 0.1, …, p ≤ 10^−5. */
export const SHADE_COUNT = 6;

/**
 * The shade of a surprisal −ln p in nats: floor(−ln p / ln 10), i.e. floor(−log10 p), kept in
 * [0, SHADE_COUNT − 1]. p = 0 (−ln p = ∞) and an undefined −ln p (NaN) take the last shade.
 */
export function shadeOf(lossNats: number): number {
  if (Number.isNaN(lossNats)) return SHADE_COUNT - 1;
  return Math.min(SHADE_COUNT - 1, Math.max(0, Math.floor(lossNats / Math.LN10)));
}

/** The surprisal (nats) where shade k begins: k · ln 10 (p = 10^−k), for k = 1 … SHADE_COUNT − 1. */
export function shadeEdgesNats(): number[] {
  return Array.from({ length: SHADE_COUNT - 1 }, (_, i) => (i + 1) * Math.LN10);
}

/** One scored position as the view shows it. */
export interface SurprisalToken {
  /** r = b·T + t: the row of the logits and the index into result.tokens. */
  row: number;
  b: number;
  t: number;
  /** The token that really came next (y_t). */
  target: number;
  /** −ln p, nats. */
  loss: number;
  prob: number;
  /** 1-based rank of the target among all V logits. */
  rank: number;
  /** log Σ_j exp(x_j) over the row (nats): p_j = exp(x_j − logSumExp) for any j. */
  logSumExp: number;
  bucket: Bucket;
  shade: number;
  /** Ignored positions just before this one, inside the text (not shown, marked as a gap). */
  skippedBefore: number;
}

export interface SurprisalText {
  b: number;
  /**
   * The token read at position 0 (x_0), shown unshaded: nothing came before it, so it was never
   * predicted. Null without inputs, when it is the model's own start token, or when position 0
   * is padding.
   */
  lead: number | null;
  tokens: SurprisalToken[];
  /** Ignored (padding) positions of this text, not shown. */
  ignored: number;
  /** Scored tokens of this text past the view's limit, not shown. */
  cut: number;
}

export interface SurprisalView {
  texts: SurprisalText[];
  /** Texts past the view's limit, not shown. */
  textsCut: number;
  /** Shown tokens per bucket, in the order of BUCKETS. */
  counts: Record<Bucket, number>;
}

/**
 * At most this many texts, and this many tokens over all texts, are drawn (a big file is cut):
 * 8,192 holds both texts of a pretrained model at its longest limit (lm/token-limit.ts: 2 × 1,024
 * for GPT‑2, 2 × 2,730 at most in the catalog); the running text wraps in a scrolling box.
 */
export const MAX_TEXTS = 8;
export const MAX_TOKENS = 8192;

export interface Limits {
  texts: number;
  tokens: number;
}

/**
 * The texts of a result, token by token. `inputs` are the (B, T) input ids when the source has
 * them; `startId` is the token a pretrained model's source puts first (not text, so not shown).
 */
export function surprisalView(
  result: XentResult,
  inputs: Int32Array | null,
  startId: number | null,
  limits: Limits = { texts: MAX_TEXTS, tokens: MAX_TOKENS },
): SurprisalView {
  const [B, T] = result.shape;
  const counts: Record<Bucket, number> = { top1: 0, top10: 0, top100: 0, rest: 0 };
  const texts: SurprisalText[] = [];
  const hasInputs = inputs !== null && inputs.length === B * T;
  let budget = limits.tokens;
  const shownTexts = Math.min(B, limits.texts);
  for (let b = 0; b < shownTexts; b++) {
    const tokens: SurprisalToken[] = [];
    let ignored = 0;
    let cut = 0;
    let skipped = 0;
    for (let t = 0; t < T; t++) {
      const r = b * T + t;
      const token = result.tokens[r];
      if (!token) continue;
      if (token.ignored) {
        ignored++;
        skipped++;
        continue;
      }
      if (budget === 0) {
        cut++;
        continue;
      }
      budget--;
      const bucket = bucketOf(token.rank);
      counts[bucket]++;
      tokens.push({
        row: r,
        b,
        t,
        target: token.target,
        loss: token.loss,
        prob: token.prob,
        rank: token.rank,
        logSumExp: token.logSumExp,
        bucket,
        shade: shadeOf(token.loss),
        // Padding before the first shown token is not a gap inside the text.
        skippedBefore: tokens.length === 0 ? 0 : skipped,
      });
      skipped = 0;
    }
    const first = inputs?.[b * T];
    const leadScored = result.tokens[b * T]?.ignored === false;
    const lead = hasInputs && first !== undefined && leadScored && first !== startId ? first : null;
    texts.push({ b, lead, tokens, ignored, cut });
  }
  return { texts, textsCut: B - shownTexts, counts };
}

/** How many alternatives the detail lists. */
export const ALTERNATIVES = 5;

/**
 * The k most likely tokens of row r (ties to the smaller id, as everywhere on the page), each with
 * p = exp(x − logSumExp). One pass over the row's V logits, O(V·k); no V-long softmax is made.
 * topTokens reads its second argument only at the ids it keeps, so the logits stand in for the
 * probabilities there and each kept logit becomes its p here.
 */
export function topAlternatives(
  batch: LogitsBatch,
  r: number,
  logSumExp: number,
  k: number = ALTERNATIVES,
): TopToken[] {
  const logits = rowOf(batch, r);
  return topTokens(logits, logits, k).map((top) => ({ ...top, prob: Math.exp(top.logit - logSumExp) }));
}
