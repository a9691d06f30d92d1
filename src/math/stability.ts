/**
 * The numerical-stability lab's float32 arithmetic, on the CPU: the twin of
 * shaders/stability-lab.wgsl. Every operation the kernel does in f32 is done here in float64 and
 * rounded to float32 with Math.fround, in the kernel's order, so overflow to inf, inf/inf = NaN
 * and underflow to 0 happen here where they happen on a GPU.
 *
 * One row of V logits x_j, a logit scale s and a push Δ of the target t give the scaled logits
 *   z_j = s·x_j  (j ≠ t),   z_t = s·x_t − Δ.
 * Naive (what the formula says, read literally):
 *   Σ = Σ_j exp(z_j),   p_j = exp(z_j) / Σ,   −log p_t.
 * exp(z) overflows float32 above ln(3.4028235e38) ≈ 88.72: a term becomes inf, so Σ = inf and
 * p_j = inf/inf = NaN for that term and finite/inf = 0 for the others; and p_t underflows to 0
 * once z_t − log-sum-exp < ln(2^−150) ≈ −104 (half the smallest subnormal), so −log p_t = −log 0 = inf.
 * Stable (the max subtracted, the loss from logits):
 *   m = max_j z_j,   S = Σ_j exp(z_j − m) ∈ [1, V],   log-sum-exp = m + log S,
 *   p_t = exp((z_t − m) − log S),   −log p_t = log-sum-exp − z_t = (m − z_t) + log S.
 *
 * Differences from a GPU, which the page shows as they are: WGSL's exp and log are accurate to a
 * few ulp, not correctly rounded; a GPU may flush subnormals (|x| < 2^−126) to 0; and WGSL leaves
 * log(0) undefined (SwiftShader returns −88.03 there, the log of 2^−127, where IEEE gives −inf).
 */
import type { FloatArray } from './1-logits';

const f = Math.fround;

/** Invocations in the kernel's one workgroup; the twin sums in the same order (see naiveSum). */
export const STABILITY_WG = 256;

/** The largest finite float32, (2 − 2^−23)·2^127 ≈ 3.4028235e38. */
export const F32_MAX = 3.4028234663852886e38;

/** exp(z) is inf in float32 above this: ln(F32_MAX) ≈ 88.7228. */
export const F32_EXP_OVERFLOW = Math.log(F32_MAX);

/** exp(z) rounds to 0 in float32 below this: ln(2^−149 / 2) ≈ −103.97 (−87.34 if subnormals flush). */
export const F32_EXP_UNDERFLOW = Math.log(2 ** -150);

/** One computation of the lab: a row, a scale and how far the target is pushed down. */
export interface StabilityInput {
  /** The row's V logits x_j (float64 input is narrowed to float32, as on upload). */
  logits: FloatArray;
  /** Logit scale s > 0 (narrowed to float32). */
  scale: number;
  /** Target id t in [0, V). */
  target: number;
  /** Δ ≥ 0 subtracted from the target's scaled logit (narrowed to float32). */
  push: number;
}

/** The float32 values the kernel writes (f32 numbers as doubles; counts as integers). */
export interface StabilityValues {
  /** z_t = s·x_t − Δ */
  zTarget: number;
  /** Naive Σ_j exp(z_j): inf once a term overflows. */
  naiveSum: number;
  /** Naive exp(z_t), the target's numerator. */
  naiveExpTarget: number;
  /** Naive p_t = exp(z_t) / Σ. */
  naiveP: number;
  /** Naive −log(p_t), the log of the naive p. */
  naiveNegLog: number;
  /** m = max_j z_j */
  max: number;
  /** S = Σ_j exp(z_j − m), in [1, V]. */
  stableSum: number;
  /** log-sum-exp = m + log S */
  logSumExp: number;
  /** p_t = exp((z_t − m) − log S) */
  stableP: number;
  /** −log p_t = (m − z_t) + log S = log-sum-exp − z_t */
  stableNegLog: number;
  /** How many exp(z_j) are inf. */
  expInf: number;
  /** How many naive p_j are ±inf, NaN, and exactly 0. */
  pInf: number;
  pNaN: number;
  pZero: number;
}

/** Checks the input as the host does before a dispatch; throws RangeError with one sentence. */
export function checkStabilityInput({ logits, scale, target, push }: StabilityInput): void {
  if (logits.length === 0) throw new RangeError('The row has no logits.');
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`The scale must be > 0, got ${scale}.`);
  if (!(push >= 0) || !Number.isFinite(push)) throw new RangeError(`The push must be ≥ 0, got ${push}.`);
  if (!Number.isInteger(target) || target < 0 || target >= logits.length) {
    throw new RangeError(`The target must be a token id in [0, ${logits.length}), got ${target}.`);
  }
}

/** z_j in float32: f32(s)·f32(x_j), then − f32(Δ) for the target. */
function scaled(x: number, s: number, j: number, target: number, push: number): number {
  const z = f(s * f(x));
  return j === target ? f(z - push) : z;
}

/**
 * Σ_j term(j) in float32 in the kernel's order: invocation i adds j = i, i + WG, i + 2·WG, … in
 * turn, then the WG partial sums are added pairwise (stride WG/2, WG/4, …, 1). Matching the order
 * makes the twin overflow exactly where the kernel does (up to exp's last-ulp rounding).
 */
function sumInKernelOrder(V: number, term: (j: number) => number): number {
  const partial = new Float64Array(STABILITY_WG);
  for (let i = 0; i < STABILITY_WG; i++) {
    let acc = 0;
    for (let j = i; j < V; j += STABILITY_WG) acc = f(acc + term(j));
    partial[i] = acc;
  }
  for (let stride = STABILITY_WG / 2; stride > 0; stride >>= 1) {
    for (let i = 0; i < stride; i++) partial[i] = f(partial[i]! + partial[i + stride]!);
  }
  return partial[0]!;
}

/** The naive Σ_j exp(z_j) alone, as the kernel sums it. */
export function naiveSum(logits: FloatArray, scale: number, target: number, push = 0): number {
  const s = f(scale);
  const d = f(push);
  return sumInKernelOrder(logits.length, (j) => f(Math.exp(scaled(logits[j]!, s, j, target, d))));
}

/** Every value of the lab for one row, in float32, as the kernel computes them. */
export function stabilityCpu(input: StabilityInput): StabilityValues {
  checkStabilityInput(input);
  const { logits, target } = input;
  const V = logits.length;
  const s = f(input.scale);
  const d = f(input.push);
  const z = new Float64Array(V);
  let max = -F32_MAX;
  let expInf = 0;
  for (let j = 0; j < V; j++) {
    const zj = scaled(logits[j]!, s, j, target, d);
    z[j] = zj;
    if (zj > max) max = zj;
    if (f(Math.exp(zj)) === Infinity) expInf++;
  }
  const sum = sumInKernelOrder(V, (j) => f(Math.exp(z[j]!)));
  let pInf = 0;
  let pNaN = 0;
  let pZero = 0;
  for (let j = 0; j < V; j++) {
    const p = f(f(Math.exp(z[j]!)) / sum);
    if (Number.isNaN(p)) pNaN++;
    else if (!Number.isFinite(p)) pInf++;
    else if (p === 0) pZero++;
  }
  const stableSum = sumInKernelOrder(V, (j) => f(Math.exp(f(z[j]! - max))));
  const logS = f(Math.log(stableSum));
  const zt = z[target]!;
  const expT = f(Math.exp(zt));
  const naiveP = f(expT / sum);
  return {
    zTarget: zt,
    naiveSum: sum,
    naiveExpTarget: expT,
    naiveP,
    naiveNegLog: f(-f(Math.log(naiveP))),
    max,
    stableSum,
    logSumExp: f(max + logS),
    stableP: f(Math.exp(f(f(zt - max) - logS))),
    stableNegLog: f(f(max - zt) + logS),
    expInf,
    pInf,
    pNaN,
    pZero,
  };
}

/**
 * Where the naive sum first overflows on this row: the smallest scale s in [lo, hi] (to a
 * relative 1e−4) with naive Σ = inf, found by bisection on the float32 twin; null if it never
 * does in that range (e.g. every logit ≤ 0, so every term is ≤ 1). Also the scale at which the
 * largest term alone overflows, s = ln(F32_MAX) / max_j x_j (the sum of many terms gets there
 * a little earlier).
 */
export function naiveOverflowScale(
  logits: FloatArray,
  target: number,
  lo: number,
  hi: number,
): { sum: number | null; largest: number | null } {
  let xMax = -Infinity;
  for (let j = 0; j < logits.length; j++) xMax = Math.max(xMax, f(logits[j]!));
  const largest = xMax > 0 ? F32_EXP_OVERFLOW / xMax : null;
  const overflows = (s: number) => naiveSum(logits, s, target) === Infinity;
  if (overflows(lo)) return { sum: lo, largest };
  if (!overflows(hi)) return { sum: null, largest };
  let a = lo;
  let b = hi;
  while (b / a > 1 + 1e-4) {
    const mid = Math.sqrt(a * b);
    if (overflows(mid)) b = mid;
    else a = mid;
  }
  return { sum: b, largest };
}

/** A float32 value as the lab prints it: "inf", "−inf", "NaN" or 7 significant digits. */
export function formatF32(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '−inf';
  if (x === 0) return Object.is(x, -0) ? '−0' : '0';
  const a = Math.abs(x);
  const text =
    a >= 1e6 || a < 1e-3
      ? x
          .toExponential(6)
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e')
          .replace('e-', 'e−')
      : x.toPrecision(7);
  return text.replace(/^-/, '−');
}
