/**
 * The whole pipeline on the CPU, in float64: logits → softmax normaliser → target → −log →
 * mean → perplexity. This is the specification the WebGPU engine is tested against, and the
 * path used when WebGPU is unavailable.
 */
import { row, type LogitsBatch } from './1-logits';
import { normaliser } from './2-softmax';
import { targetLogit, targetRank } from './3-target';
import { negLogProb } from './4-neg-log';
import { meanLoss } from './5-mean';
import { perplexity } from './6-perplexity';
import { normaliserAndEntropy } from './entropy';
import type { TokenLoss, XentResult } from './result';

/** Everything per token and in total, computed from the rows with float64 accumulation. */
export function crossEntropyCpu(batch: LogitsBatch): XentResult {
  const [B, T] = batch.shape;
  const tokens: TokenLoss[] = new Array<TokenLoss>(B * T);
  for (let r = 0; r < B * T; r++) {
    const x = row(batch, r);
    const target = batch.targets[r]!;
    const ignored = target === batch.ignoreIndex;
    // normaliser(x) and entropy(x, norm), bit for bit, in one pass of exponentials.
    const { norm, entropy: h } = normaliserAndEntropy(x);
    const lse = norm.m === -Infinity ? -Infinity : norm.m + Math.log1p(norm.r);
    tokens[r] = ignored ? ignoredToken(r, T, target, lse, h) : scoredToken(r, T, target, x, norm, lse, h);
  }
  return summarise(batch, 'cpu', tokens);
}

function scoredToken(
  r: number,
  T: number,
  target: number,
  x: Parameters<typeof targetLogit>[0],
  norm: ReturnType<typeof normaliser>,
  lse: number,
  entropy: number,
): TokenLoss {
  const xt = targetLogit(x, target);
  const loss = negLogProb(norm, xt);
  return {
    batch: Math.floor(r / T),
    position: r % T,
    target,
    ignored: false,
    targetLogit: xt,
    logSumExp: lse,
    logProb: -loss,
    loss,
    prob: Math.exp(-loss),
    rank: targetRank(x, target),
    entropy,
  };
}

/** A padding token: its row still has a distribution (lse, entropy) but no target. */
export function ignoredToken(r: number, T: number, target: number, lse: number, entropy: number): TokenLoss {
  return {
    batch: Math.floor(r / T),
    position: r % T,
    target,
    ignored: true,
    targetLogit: NaN,
    logSumExp: lse,
    logProb: NaN,
    loss: NaN,
    prob: NaN,
    rank: NaN,
    entropy,
  };
}

/** Mean over non-ignored tokens and perplexity; shared by both back ends. */
export function summarise(
  batch: Pick<LogitsBatch, 'shape' | 'ignoreIndex'>,
  backend: XentResult['backend'],
  tokens: TokenLoss[],
): XentResult {
  const { loss, count } = meanLoss(
    tokens.map((t) => t.loss),
    tokens.map((t) => t.ignored),
  );
  return {
    shape: batch.shape,
    backend,
    ignoreIndex: batch.ignoreIndex,
    tokens,
    loss,
    perplexity: perplexity(loss),
    count,
  };
}
