/**
 * A seeded generator for the project's made-up data (the untrained model on typed text, the
 * perplexity stage's word order, the benchmark's logits): the same seed gives the same numbers
 * on every machine, which Math.random cannot.
 */

/** mulberry32: a small, fast 32-bit generator; each call returns a uniform number in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
