/**
 * Units of information: the loss is computed in nats (natural log). In bits it is the same
 * quantity divided by ln 2; the perplexity is unchanged, since e^(L nats) = 2^(L / ln 2 bits).
 */
export type InfoUnit = 'nats' | 'bits';

/** A loss, log-probability or entropy given in nats, expressed in `unit`. */
export function inUnit(nats: number, unit: InfoUnit): number {
  return unit === 'bits' ? nats / Math.LN2 : nats;
}

/** The inverse of inUnit: a value in `unit` back to nats. */
export function toNats(value: number, unit: InfoUnit): number {
  return unit === 'bits' ? value * Math.LN2 : value;
}

/** The perplexity from a loss in `unit`: e^nats = 2^bits. */
export function perplexityIn(loss: number, unit: InfoUnit): number {
  return unit === 'bits' ? 2 ** loss : Math.exp(loss);
}

/**
 * Bits per byte: a text's total information under the model, Σ −log₂ p over its N scored tokens,
 * divided by the text's UTF-8 bytes. `loss` is the mean in nats, so the total is loss · N / ln 2.
 * Unlike the perplexity, which is per token and so depends on how the tokenizer cuts the text,
 * this is per byte of the same text: models with different tokenizers compare on it.
 */
export function bitsPerByte(loss: number, count: number, bytes: number): number {
  return bytes > 0 ? (loss * count) / Math.LN2 / bytes : NaN;
}
