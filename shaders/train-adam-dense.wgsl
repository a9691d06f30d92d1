// Live training, the optimiser for W and b: adamStep (train-common.wgsl, PyTorch's Adam), four weights
// per thread, over W and b with their padding (whose gradient is always 0).
// AdamParams comes from train-common.wgsl (put before this source by gpu-trainer.ts), as does
// adamStep.

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
  let u = adamStep(prm, P[p], G[p], M[p], S[p]);
  M[p] = u.m;
  S[p] = u.v;
  P[p] = u.p;
}
