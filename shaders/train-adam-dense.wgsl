// Live training, the optimiser for W and b: PyTorch's Adam (no weight decay) at step t:
//   m ← β1·m + (1 − β1)·g      v ← β2·v + (1 − β2)·g²
// (1 − β1) and (1 − β2) come from the host in float64, rounded once: 1 − f32(0.999) in float32
// would be 1.3e-5 off in relative terms.
//   p ← p − stepSize · m / (√v / bc2Sqrt + ε),   stepSize = lr / (1 − β1^t), bc2Sqrt = √(1 − β2^t)
// (the bias corrections are computed in float64 on the host). This kernel updates W and b (with
// their padding, whose gradient is always 0), four weights per thread; train-adam.wgsl updates
// the embeddings of the input tokens.
const WG: u32 = 256u;

struct Params {
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

@group(0) @binding(0) var<storage, read_write> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> G: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> M: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> S: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> prm: Params;

@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= prm.nRest4) {
    return;
  }
  let p = prm.restStart4 + i;
  let g = G[p];
  let m = prm.beta1 * M[p] + prm.oneMinusBeta1 * g;
  let v = prm.beta2 * S[p] + prm.oneMinusBeta2 * g * g;
  M[p] = m;
  S[p] = v;
  P[p] = P[p] - prm.stepSize * m / (sqrt(v) / prm.bc2Sqrt + prm.eps);
}
