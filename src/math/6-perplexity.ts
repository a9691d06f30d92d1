/**
 * Stage 6: perplexity = e^loss (loss in nats), the geometric mean of 1 / p_t.
 * A perplexity of k reads "as uncertain as choosing uniformly among k words": a uniform guess
 * over V tokens has loss ln V and perplexity exactly V.
 */
export function perplexity(lossNats: number): number {
  return Math.exp(lossNats);
}

/** The loss of a uniform guess over V tokens, ln V nats. */
export function uniformLoss(vocab: number): number {
  return Math.log(vocab);
}
