// Live training, the optimiser: PyTorch's Adam (no weight decay) at step t, one thread per parameter:
//   m ← β1·m + (1 − β1)·g      v ← β2·v + (1 − β2)·g²
//   p ← p − stepSize · m / (√v / bc2Sqrt + ε),   stepSize = lr / (1 − β1^t), bc2Sqrt = √(1 − β2^t)
// (the bias corrections are computed in float64 on the host). This kernel updates the embeddings
// of the input tokens, thread i < nE updating E[rows[i / d], i % d]; train-adam-dense.wgsl updates
// W and b. Other E rows have had zero gradient since init, so their m and v are 0 and the update
// would be 0.
// AdamParams comes from train-common.wgsl (put before this source by gpu-trainer.ts).

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> M: array<f32>;
@group(0) @binding(3) var<storage, read_write> S: array<f32>;
@group(0) @binding(4) var<storage, read> rows: array<u32>;
@group(0) @binding(5) var<uniform> prm: AdamParams;

@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= prm.nE) {
    return;
  }
  let p = rows[i / prm.d] * prm.d + i % prm.d;
  let g = G[p];
  let m = prm.beta1 * M[p] + prm.oneMinusBeta1 * g;
  let v = prm.beta2 * S[p] + prm.oneMinusBeta2 * g * g;
  M[p] = m;
  S[p] = v;
  P[p] = P[p] - prm.stepSize * m / (sqrt(v) / prm.bc2Sqrt + prm.eps);
}
