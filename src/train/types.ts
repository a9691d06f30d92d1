/**
 * The live-training model and the interface both trainers (WebGPU and CPU) share.
 *
 * The model is a bigram language model over GPT-2's vocabulary (V = 50,257):
 *   h_t = E[x_t]                    (d,)    token embedding, E is (V, d)
 *   z_t = h_t · W + b               (V,)    output layer, W is (d, V), b is (V,)
 *   loss = (1/N) Σ_t −log softmax(z_t)[y_t]   y_t = x_{t+1}, the next token
 * Parameters live in one flat array P = [E | W | b] of 2·V·d + V numbers:
 *   E[u, k] = P[u·d + k],  W[k, j] = P[V·d + k·V + j],  b[j] = P[2·V·d + j].
 */

/** The model's shape: vocabulary V and embedding width d. */
export interface ModelShape {
  vocab: number;
  dim: number;
}

/** Adam's settings (PyTorch's defaults but the learning rate; no weight decay). */
export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_ADAM: AdamSettings = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Where each part of the flat parameter array starts, and its length. */
export function layout({ vocab: V, dim: d }: ModelShape) {
  return { E: 0, W: V * d, b: 2 * V * d, size: 2 * V * d + V };
}

export interface StepResult {
  /** Mean cross-entropy over the training positions before this step's update, in nats. */
  trainLoss: number;
  /** Adam steps taken so far (1 after the first). */
  step: number;
}

export interface EvalResult {
  /** Mean cross-entropy over the validation positions, in nats; NaN when there are none. */
  valLoss: number;
}

/**
 * A trainer on one text. Both back ends implement it: GpuTrainer (WGSL kernels) and CpuTrainer
 * (the TypeScript twin). Calls are serialised by the caller (one at a time).
 */
export interface Trainer {
  readonly backend: 'webgpu' | 'cpu';
  readonly shape: ModelShape;
  /** Fresh weights from `seed` (see init.ts) and a fresh optimiser; step count 0. */
  init(seed: number): Promise<void>;
  /** One full-batch Adam step on the training positions. */
  step(): Promise<StepResult>;
  /** The loss on the validation positions with the current weights (no update). */
  evaluate(): Promise<EvalResult>;
  /** The current model's logits for these input ids: (ids.length, V) row-major, float32. */
  logitsFor(ids: readonly number[]): Promise<Float32Array>;
  /** Changes the learning rate from the next step on (Adam's moments are kept). */
  setLearningRate(lr: number): void;
  dispose(): void;
}
