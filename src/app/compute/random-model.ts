/**
 * "An untrained model on your text": a seeded random model with GPT-2's output shape.
 *
 * An untrained language model maps its context to a random-looking direction and projects it
 * onto the vocabulary with random weights. This model does exactly that, small:
 *   h_t = normalise(Σ_{s ≤ t} e(x_s))          context: the tokens read so far (d = 32)
 *   logits_t = σ · √d · h_t · W                  W: (d, V) with N(0, 1/d) entries
 * so each logit is ≈ N(0, σ²) and the loss sits near ln V, as for the book's untrained GPT-2.
 * σ = 0.578 is the standard deviation of the book's logits. Embeddings e(x) and W are drawn from
 * a fixed seed, so the same text always gives the same logits.
 */
import { DEFAULT_IGNORE_INDEX, makeBatch, mulberry32, type LogitsBatch } from '../../math';

export const MODEL_WIDTH = 32;
/** Standard deviation of the book's untrained GPT-2 logits (2 × 3 × 50,257 values). */
export const LOGIT_STD = 0.578;
const SEED = 0x5eed;

/** n standard normal draws (Box–Muller) from `seed`. */
function normals(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - next(); // (0, 1]: log(u) is finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

const weights = new Map<number, Float32Array>();

/** W as (d, V) row-major, N(0, 1/d), drawn once per V. */
function outputWeights(V: number): Float32Array {
  let w = weights.get(V);
  if (!w) {
    w = normals(MODEL_WIDTH * V, SEED);
    const scale = 1 / Math.sqrt(MODEL_WIDTH);
    for (let i = 0; i < w.length; i++) w[i]! *= scale;
    weights.set(V, w);
  }
  return w;
}

/** e(x): a token's d-wide embedding, drawn from its id. */
function embedding(id: number): Float32Array {
  return normals(MODEL_WIDTH, SEED ^ Math.imul(id + 1, 0x9e3779b1));
}

/**
 * (B, T, V) logits for B texts of token ids (each at least 2 long). Inputs are ids[:-1] and
 * targets ids[1:]; shorter texts are padded, their targets with ignore_index (left out of the
 * mean, as PyTorch does) and their inputs with `padId`.
 */
export function randomModelBatch(
  texts: readonly (readonly number[])[],
  V: number,
  padId: number,
): { batch: LogitsBatch; inputs: Int32Array } {
  const B = texts.length;
  const T = Math.max(1, ...texts.map((ids) => ids.length - 1));
  const d = MODEL_WIDTH;
  const w = outputWeights(V);
  const logits = new Float32Array(B * T * V);
  const inputs = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(DEFAULT_IGNORE_INDEX);
  const h = new Float64Array(d);
  const scale = LOGIT_STD * Math.sqrt(d);
  for (let b = 0; b < B; b++) {
    const ids = texts[b]!;
    const context = new Float64Array(d);
    for (let t = 0; t < ids.length - 1; t++) {
      const e = embedding(ids[t]!);
      let norm = 0;
      for (let k = 0; k < d; k++) {
        context[k]! += e[k]!;
        norm += context[k]! * context[k]!;
      }
      for (let k = 0; k < d; k++) h[k] = (context[k]! / Math.sqrt(norm)) * scale;
      const out = logits.subarray((b * T + t) * V, (b * T + t + 1) * V);
      for (let k = 0; k < d; k++) {
        const hk = h[k]!;
        const wk = w.subarray(k * V, (k + 1) * V);
        for (let v = 0; v < V; v++) out[v]! += hk * wk[v]!;
      }
      inputs[b * T + t] = ids[t]!;
      targets[b * T + t] = ids[t + 1]!;
    }
  }
  return { batch: makeBatch(logits, [B, T, V], targets), inputs };
}

/**
 * "A model that gives the right word probability p": at every position the target's logit is
 * ln p and each of the other V − 1 logits is ln((1 − p)/(V − 1)), so softmax gives the target
 * exactly p and the loss is −ln p. Same targets (and shape) as `like`.
 */
export function pModelBatch(like: LogitsBatch, p: number): LogitsBatch {
  const [B, T, V] = like.shape;
  const logits = pModelLogitsInto(new Float32Array(B * T * V), like, p);
  return makeBatch(logits, like.shape, like.targets, { ignoreIndex: like.ignoreIndex });
}

/**
 * pModelBatch's logits written into `out` (B·T·V float32, every element overwritten), so a caller
 * that scores many values of p (the CPU worker) can reuse one array.
 */
export function pModelLogitsInto(
  out: Float32Array,
  like: Pick<LogitsBatch, 'shape' | 'targets' | 'ignoreIndex'>,
  p: number,
): Float32Array {
  const [B, T, V] = like.shape;
  if (out.length !== B * T * V) throw new RangeError(`${out.length} logits for shape (${B}, ${T}, ${V}).`);
  out.fill(Math.log((1 - p) / (V - 1)));
  const hit = Math.log(p);
  for (let r = 0; r < B * T; r++) {
    const target = like.targets[r]!;
    if (target !== like.ignoreIndex) out[r * V + target] = hit;
  }
  return out;
}
