/** Seeded inputs that look like an untrained model's output. */
import { makeBatch, type LogitsBatch, type Shape3 } from '../../src/math/1-logits';
import { mulberry32 } from '../../src/math/random';

export interface BenchInput {
  shape: Shape3;
  /** (B, T, V) float32 logits, row-major. */
  logits: Float32Array;
  /** (B·T) target ids in [0, V). */
  targets: Int32Array;
  batch: LogitsBatch;
}

/**
 * Logits ~ N(0, σ²) with σ = 0.58, the spread of the untrained GPT-2 logits of the book's example
 * (public/examples/ch05-untrained-gpt2-logits.npz), so the loss sits near ln V as it does there.
 * Normals come in pairs from the Box–Muller transform; targets are uniform over the vocabulary.
 */
export function makeInput(shape: Shape3, seed = 123): BenchInput {
  const [B, T, V] = shape;
  const random = mulberry32(seed);
  const logits = new Float32Array(B * T * V);
  const sigma = 0.58;
  for (let i = 0; i < logits.length; i += 2) {
    const radius = sigma * Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    logits[i] = radius * Math.cos(angle);
    if (i + 1 < logits.length) logits[i + 1] = radius * Math.sin(angle);
  }
  const targets = new Int32Array(B * T);
  for (let r = 0; r < targets.length; r++) targets[r] = Math.floor(random() * V);
  return { shape, logits, targets, batch: makeBatch(logits, shape, targets) };
}
