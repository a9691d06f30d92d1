/**
 * The result both back ends return: the CPU path (src/math) and the WebGPU engine (src/engine).
 */
import type { Shape3 } from './1-logits';

export type Backend = 'cpu' | 'webgpu';

/** Everything the loss needs about one (batch, position). Units are nats. */
export interface TokenLoss {
  batch: number;
  position: number;
  /** Target id, or ignore_index. */
  target: number;
  /** True when target === ignore_index; such tokens are left out of the mean. */
  ignored: boolean;
  /** x_t; NaN when ignored. */
  targetLogit: number;
  /** log Σ_j exp(x_j) over the whole vocabulary. */
  logSumExp: number;
  /** log p_t = x_t − logSumExp (≤ 0); NaN when ignored. */
  logProb: number;
  /** −log p_t (≥ 0); NaN when ignored. */
  loss: number;
  /** p_t = exp(logProb); may underflow to 0. NaN when ignored. */
  prob: number;
  /** 1 + number of tokens with a strictly larger logit; NaN when ignored. */
  rank: number;
  /** H = −Σ p log p of the predicted distribution. */
  entropy: number;
}

export interface XentResult {
  shape: Shape3;
  backend: Backend;
  ignoreIndex: number;
  /** (B·T) tokens in row-major order. */
  tokens: TokenLoss[];
  /** Mean −log p_t over non-ignored tokens (nats); NaN when every token is ignored. */
  loss: number;
  /** e^loss; Infinity when it overflows a double. */
  perplexity: number;
  /** Number of non-ignored tokens in the mean. */
  count: number;
}

/** A number for JSON: non-finite values (NaN, ±Infinity) become null. */
function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The `xent score --json` object, also what the app exports. */
export function resultToJson(result: XentResult) {
  return {
    loss: jsonNumber(result.loss),
    perplexity: jsonNumber(result.perplexity),
    shape: [...result.shape],
    backend: result.backend,
    tokens: result.tokens.map((t) => ({
      batch: t.batch,
      position: t.position,
      target: t.target,
      ignored: t.ignored,
      prob: jsonNumber(t.prob),
      logProb: jsonNumber(t.logProb),
      loss: jsonNumber(t.loss),
      rank: jsonNumber(t.rank),
    })),
  };
}

/** The columns of the CSV export: one row per (batch, position), as in the JSON's `tokens`. */
export const CSV_COLUMNS = [
  'batch',
  'position',
  'target',
  'ignored',
  'prob',
  'logProb',
  'loss',
  'rank',
] as const;

/**
 * The result as CSV (RFC 4180, "\r\n" line ends): a header, then one row per token. Numbers are
 * written in full (shortest round-trip); non-finite values are empty cells, as null in the JSON.
 */
export function resultToCsv(result: XentResult): string {
  const cell = (x: number | boolean) =>
    typeof x === 'boolean' ? String(x) : Number.isFinite(x) ? String(x) : '';
  const rows = result.tokens.map((t) => CSV_COLUMNS.map((c) => cell(t[c])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
