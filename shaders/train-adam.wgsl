// Live training, the optimiser for the embeddings: adamStep (train-common.wgsl, PyTorch's Adam),
// one thread per weight of the input tokens' rows, thread i < nE updating E[rows[i / d], i % d];
// train-adam-dense.wgsl updates W and b. Other E rows have had zero gradient since init, so their
// m and v are 0 and the update would be 0.
// AdamParams comes from train-common.wgsl (put before this source by gpu-trainer.ts), as does
// adamStep.

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
  // One weight: its lane x of the four-wide update (train-common.wgsl).
  let u = adamStep(prm, vec4(P[p]), vec4(G[p]), vec4(M[p]), vec4(S[p]));
  M[p] = u.m.x;
  S[p] = u.v.x;
  P[p] = u.p.x;
}
