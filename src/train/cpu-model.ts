/**
 * The CPU twin of the training kernels (shaders/train-*.wgsl): the same forward, fused softmax
 * cross-entropy, backward and Adam, on the row plan of plan.ts. Parameters and buffers may be
 * float32 (as on the GPU) or float64 (the reference); every sum is accumulated in float64.
 * Shapes: R rows (distinct input tokens), V vocabulary, d embedding width; layouts in types.ts.
 */
import type { RowPlan } from './plan';
import { layout, type AdamSettings, type ModelShape } from './types';

export type Floats = Float32Array | Float64Array;

/** train-forward.wgsl: logits[r, j] = Σ_k E[u_r, k] · W[k, j] + b[j], (R, V) row-major. */
export function forwardRows(params: Floats, shape: ModelShape, rowTokens: ArrayLike<number>, logits: Floats) {
  const { vocab: V, dim: d } = shape;
  const at = layout(shape);
  const acc = new Float64Array(V);
  for (let r = 0; r < rowTokens.length; r++) {
    const e = rowTokens[r]! * d;
    for (let j = 0; j < V; j++) acc[j] = params[at.b + j]!;
    for (let k = 0; k < d; k++) {
      const h = params[e + k]!;
      const w = at.W + k * V;
      for (let j = 0; j < V; j++) acc[j] = acc[j]! + h * params[w + j]!;
    }
    logits.set(acc, r * V);
  }
}

/**
 * train-xent-*.wgsl: per row r, lse_r = m + log Σ_j exp(z_j − m) with m = max_j z_j; each pair's
 * loss lse_r − z_r[y_p]; then (when `grad`) the logits are overwritten in place by
 * dz_r[j] = (c_r · exp(z_j − lse_r) − Σ_{p in r, y_p = j} n_p) / N. Returns the mean loss
 * (1/N) Σ_p n_p · loss_p in float64, and the per-pair losses.
 */
export function xentRows(logits: Floats, plan: RowPlan, V: number, grad: boolean) {
  const R = plan.rowTokens.length;
  const pairLoss = new Float64Array(plan.pairTargets.length);
  let total = 0;
  for (let r = 0; r < R; r++) {
    const o = r * V;
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[o + j]!);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(logits[o + j]! - m);
    const lse = m + Math.log(s);
    for (let p = plan.pairStart[r]!; p < plan.pairStart[r + 1]!; p++) {
      pairLoss[p] = lse - logits[o + plan.pairTargets[p]!]!;
      total += plan.pairCounts[p]! * pairLoss[p]!;
    }
    if (!grad) continue;
    const scale = plan.rowCounts[r]! / plan.positions;
    for (let j = 0; j < V; j++) logits[o + j] = scale * Math.exp(logits[o + j]! - lse);
    for (let p = plan.pairStart[r]!; p < plan.pairStart[r + 1]!; p++) {
      const j = o + plan.pairTargets[p]!;
      logits[j] = logits[j]! - plan.pairCounts[p]! / plan.positions;
    }
  }
  return { loss: total / plan.positions, pairLoss };
}

/**
 * train-grad-w.wgsl and train-grad-e.wgsl: from dz (R, V),
 *   dW[k, j] = Σ_r E[u_r, k] · dz[r, j],   db[j] = Σ_r dz[r, j],
 *   dE[u_r, k] = Σ_j dz[r, j] · W[k, j]    (rows of tokens not in the plan are left untouched).
 */
export function backward(params: Floats, shape: ModelShape, plan: RowPlan, dz: Floats, grads: Floats) {
  const { vocab: V, dim: d } = shape;
  const at = layout(shape);
  const R = plan.rowTokens.length;
  const acc = new Float64Array(V);
  for (let k = 0; k < d; k++) {
    acc.fill(0);
    for (let r = 0; r < R; r++) {
      const h = params[plan.rowTokens[r]! * d + k]!;
      const o = r * V;
      for (let j = 0; j < V; j++) acc[j] = acc[j]! + h * dz[o + j]!;
    }
    grads.set(acc, at.W + k * V);
  }
  acc.fill(0);
  for (let r = 0; r < R; r++) for (let j = 0; j < V; j++) acc[j] = acc[j]! + dz[r * V + j]!;
  grads.set(acc, at.b);
  for (let r = 0; r < R; r++) {
    const o = r * V;
    const e = plan.rowTokens[r]! * d;
    for (let k = 0; k < d; k++) {
      const w = at.W + k * V;
      let s = 0;
      for (let j = 0; j < V; j++) s += dz[o + j]! * params[w + j]!;
      grads[e + k] = s;
    }
  }
}

/**
 * train-adam.wgsl, PyTorch's Adam (no weight decay, not amsgrad) at step t (1-based):
 *   m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;
 *   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 * Applied to W, b and the E rows of `rowTokens`. Every other E row has had gradient 0 since the
 * last init, so its m and v are 0 and PyTorch's dense update would leave it unchanged too.
 */
export function adamStep(
  params: Floats,
  grads: Floats,
  m: Floats,
  v: Floats,
  shape: ModelShape,
  rowTokens: ArrayLike<number>,
  adam: AdamSettings,
  t: number,
) {
  const { stepSize, bc2Sqrt } = adamFactors(adam, t);
  const { beta1: b1, beta2: b2, eps } = adam;
  const update = (i: number) => {
    const g = grads[i]!;
    const mi = b1 * m[i]! + (1 - b1) * g;
    const vi = b2 * v[i]! + (1 - b2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + eps);
  };
  const d = shape.dim;
  for (let r = 0; r < rowTokens.length; r++) {
    for (let k = 0; k < d; k++) update(rowTokens[r]! * d + k);
  }
  const at = layout(shape);
  for (let i = at.W; i < at.size; i++) update(i);
}

/** Adam's bias corrections at step t, in float64 (the GPU receives them as uniforms). */
export function adamFactors(adam: AdamSettings, t: number) {
  return {
    stepSize: adam.lr / (1 - adam.beta1 ** t),
    bc2Sqrt: Math.sqrt(1 - adam.beta2 ** t),
  };
}

/**
 * The loss straight from its definition, one position at a time in float64: the reference the
 * row plan, the gradients (finite differences) and the kernels are checked against.
 */
export function lossPerPosition(
  params: Floats,
  shape: ModelShape,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): number {
  const { vocab: V, dim: d } = shape;
  const at = layout(shape);
  const z = new Float64Array(V);
  let total = 0;
  for (let t = 0; t < inputs.length; t++) {
    const e = inputs[t]! * d;
    for (let j = 0; j < V; j++) {
      let s = params[at.b + j]!;
      for (let k = 0; k < d; k++) s += params[e + k]! * params[at.W + k * V + j]!;
      z[j] = s;
    }
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, z[j]!);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(z[j]! - m);
    total += m + Math.log(s) - z[targets[t]!]!;
  }
  return total / inputs.length;
}
