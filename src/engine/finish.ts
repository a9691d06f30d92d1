/**
 * The host's last step, in float64, from what the GPU produced per row (RowOut in
 * shaders/xent-merge.wgsl): m (row max), r = Σ exp(x − m) − 1, t = Σ exp(x − m)(x − m),
 * above = #{x > x_t}, x_t. Same formulas as the CPU path (src/math), so both give one result type.
 */
import type { LogitsBatch } from '../math/1-logits';
import { ignoredToken, summarise } from '../math/cross-entropy';
import { entropyFromSums } from '../math/entropy';
import type { TokenLoss, XentResult } from '../math/result';
import { ROW_OUT_FIELDS } from './plan';

const STRIDE = ROW_OUT_FIELDS.length;
const FLAG_TARGET_NOT_FINITE = 1;
const FLAG_ROW_EMPTY = 2;

/** Per-row (m, r) for the on-demand kernels: log-sum-exp = m + log1p(r). */
export interface RowNormalisers {
  m: Float32Array;
  r: Float32Array;
}

export function readNormalisers(out: ArrayBuffer, rows: number): RowNormalisers {
  const f = new Float32Array(out);
  const m = new Float32Array(rows);
  const r = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    m[i] = f[i * STRIDE]!;
    r[i] = f[i * STRIDE + 1]!;
  }
  return { m, r };
}

export function finishRows(
  out: ArrayBuffer,
  batch: Pick<LogitsBatch, 'shape' | 'targets' | 'ignoreIndex'>,
): XentResult {
  const [B, T] = batch.shape;
  const f = new Float32Array(out);
  const u = new Uint32Array(out);
  const tokens: TokenLoss[] = new Array<TokenLoss>(B * T);
  for (let row = 0; row < B * T; row++) {
    const o = row * STRIDE;
    const m = f[o]!;
    const r = f[o + 1]!;
    const t = f[o + 2]!;
    const above = u[o + 3]!;
    const xt = f[o + 4]!;
    const flags = u[o + 5]!;
    const empty = (flags & FLAG_ROW_EMPTY) !== 0;
    const logS = Math.log1p(r);
    const lse = empty ? -Infinity : m + logS;
    const entropy = empty ? NaN : entropyFromSums(r, t);
    const target = batch.targets[row]!;
    if (target === batch.ignoreIndex) {
      tokens[row] = ignoredToken(row, T, target, lse, entropy);
      continue;
    }
    const targetInf = (flags & FLAG_TARGET_NOT_FINITE) !== 0;
    // −log p_t = (m − x_t) + log1p(r): the difference of two logits plus a well-conditioned log.
    const loss = empty ? NaN : targetInf ? Infinity : m - xt + logS;
    tokens[row] = {
      batch: Math.floor(row / T),
      position: row % T,
      target,
      ignored: false,
      targetLogit: targetInf ? -Infinity : xt,
      logSumExp: lse,
      logProb: -loss,
      loss,
      prob: Math.exp(-loss),
      rank: above + 1,
      entropy,
    };
  }
  return summarise(batch, 'webgpu', tokens);
}
