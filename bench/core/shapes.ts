/** Which (B, T, V) shapes the benchmark runs, and how many timed repetitions each gets. */
import type { Shape3 } from '../../src/math/1-logits';

/**
 * The book's example, a GPT-2 context, a small batch of contexts, a Gemma-sized vocabulary with few
 * rows (where splitting rows across workgroups matters), and a training-sized batch (1.6 GB of float32).
 */
export const DEFAULT_SHAPES: readonly Shape3[] = [
  [2, 3, 50257],
  [1, 256, 50257],
  [4, 256, 50257],
  [1, 16, 262144],
  [8, 1024, 50257],
];

export function logitBytes(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2] * 4;
}

export interface RepPlan {
  /** Untimed runs before timing (compile pipelines, upload, page in). */
  warmup: number;
  /** Timed runs; median and minimum are taken over these. */
  reps: number;
}

/**
 * Fewer repetitions for bigger tensors, so a full run stays within minutes on a CPU (SwiftShader)
 * adapter: ≤ 4 MB → 15, ≤ 64 MB → 7, ≤ 256 MB → 4, beyond → 2. `reps` overrides the count.
 */
export function repPlan(shape: Shape3, reps?: number): RepPlan {
  const mb = logitBytes(shape) / 2 ** 20;
  const auto = mb <= 4 ? 15 : mb <= 64 ? 7 : mb <= 256 ? 4 : 2;
  return { warmup: mb <= 256 ? 2 : 1, reps: reps ?? auto };
}
