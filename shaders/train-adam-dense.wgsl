// Live training, the optimiser for W and b: the same Adam update as train-adam.wgsl, four weights
// per thread, over W and b with their padding (whose gradient is always 0).
// AdamParams comes from train-common.wgsl (put before this source by gpu-trainer.ts).

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> G: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> M: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> S: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> prm: AdamParams;

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
