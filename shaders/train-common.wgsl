// Live training: the uniform structs the train-*.wgsl kernels share, and the Adam update. WGSL
// has no includes, so src/train/gpu-trainer.ts puts this file before each kernel's source; the
// host writes the structs field by field in this order (SHAPE_FIELDS, XENT_SHAPE_FIELDS and
// ADAM_FIELDS in src/train/uniforms.ts, checked against these declarations by
// src/engine/shader-layout.test.ts).

// The tiled kernels (gather, forward, dW, dE): the padded sizes of one row plan.
struct Shape {
  V: u32,      // vocabulary
  V4: u32,     // Vp / 4, Vp = V rounded up to 4: the row stride of W, b and the logits, in vec4s
  d: u32,      // embedding width
  Dp: u32,     // d rounded up to 16
  R: u32,      // rows
  Rp: u32,     // R rounded up to 16
  wOff4: u32,  // where W starts in P, in vec4s
  bOff4: u32,  // where b starts in P, in vec4s
  slices: u32, // train-grad-e.wgsl: the V4 columns are cut into this many slices
  slice4: u32, // … of this many vec4 columns each
  _pad0: u32,
  _pad1: u32,
}

// The cross-entropy kernels (train-xent-*.wgsl).
struct XentShape {
  V: u32,      // vocabulary
  V4: u32,     // Vp / 4: the logits' row stride in vec4s (Vp = V rounded up to 4)
  N: u32,      // positions: the loss is a mean over N
  R: u32,      // rows
  chunks: u32, // train-xent-stats.wgsl: each row is cut into this many chunks
  chunk4: u32, // … of this many vec4s
  _pad0: u32,
  _pad1: u32,
}

// The optimiser (train-adam.wgsl, train-adam-dense.wgsl; adamStep below). (1 − β1) and (1 − β2)
// come from the host in float64, rounded once: 1 − f32(0.999) in float32 would be 1.3e-5 off in
// relative terms.
struct AdamParams {
  nE: u32,
  nRest4: u32,     // train-adam-dense.wgsl: vec4s of W and b
  d: u32,
  restStart4: u32, // train-adam-dense.wgsl: where W starts, in vec4s
  stepSize: f32,
  bc2Sqrt: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  _pad0: u32,
}

// PyTorch's Adam (no weight decay, not amsgrad) at step t, for four weights at once:
//   m ← β1·m + (1 − β1)·g      v ← β2·v + (1 − β2)·g²
//   p ← p − stepSize · m / (√v / bc2Sqrt + ε),   stepSize = lr / (1 − β1^t), bc2Sqrt = √(1 − β2^t)
// (the bias corrections are computed in float64 on the host). Both Adam kernels use it.
struct AdamStep {
  p: vec4<f32>,
  m: vec4<f32>,
  v: vec4<f32>,
}

fn adamStep(a: AdamParams, p: vec4<f32>, g: vec4<f32>, m0: vec4<f32>, v0: vec4<f32>) -> AdamStep {
  let m = a.beta1 * m0 + a.oneMinusBeta1 * g;
  let v = a.beta2 * v0 + a.oneMinusBeta2 * g * g;
  return AdamStep(p - a.stepSize * m / (sqrt(v) / a.bc2Sqrt + a.eps), m, v);
}
