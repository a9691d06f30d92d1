/**
 * Seeded initial weights: E ~ N(0, 1) as torch.nn.Embedding, W ~ N(0, σ²) with σ = 0.02 and
 * b = 0. With h = E[x] of norm ≈ √d, each logit is ≈ N(0, σ²·d) (σ·√64 = 0.16 at d = 64), so the
 * untrained model is close to uniform and its loss starts near ln V (≈ 10.83 for V = 50,257:
 * ln V + ½·Var(z) to first order).
 */
import { mulberry32 } from '../math/random';
import { layout, type ModelShape } from './types';

export const OUTPUT_INIT_STD = 0.02;

/** Standard normal numbers from a seeded uniform generator (Box–Muller, both outputs used). */
export function normals(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log never sees 0
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
}

/** The flat parameters [E | W | b] (types.ts) for this seed, as float32. */
export function initialParams(shape: ModelShape, seed: number): Float32Array {
  const at = layout(shape);
  const params = new Float32Array(at.size);
  const gauss = normals(seed);
  for (let i = at.E; i < at.W; i++) params[i] = gauss();
  for (let i = at.W; i < at.b; i++) params[i] = OUTPUT_INIT_STD * gauss();
  return params; // b stays 0
}
