/**
 * Stage 7: perplexity = e^loss (loss in nats), the geometric mean of 1 / p_y over the N scored
 * tokens, = P(text)^(−1/N). A perplexity of k reads "as well as a uniform guess among k words that
 * always include the right one" (surprise at the true tokens, not the model's own uncertainty
 * e^H): a uniform guess over V tokens has loss ln V and perplexity exactly V.
 */
export function perplexity(lossNats: number): number {
  return Math.exp(lossNats);
}

/** The loss of a uniform guess over V tokens, ln V nats. */
export function uniformLoss(vocab: number): number {
  return Math.log(vocab);
}
