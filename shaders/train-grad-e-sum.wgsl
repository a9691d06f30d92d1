// Live training, backward to the embeddings, second half: adds train-grad-e.wgsl's slices,
//   dE[u_r, k] = Σ_s part[s, r, k]        r < R, k < d
// Rows are distinct tokens, so each E row is written by one thread per k: no scatter races. Rows of
// tokens that are not inputs keep gradient 0 and are not touched (train-adam.wgsl skips them too).
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> rows: array<u32>;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> G: array<f32>;
@group(0) @binding(3) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= s.R * s.d) {
    return;
  }
  let r = i / s.d;
  let k = i % s.d;
  var sum = 0.0;
  for (var slice = 0u; slice < s.slices; slice++) {
    sum += part[(slice * s.Rp + r) * s.Dp + k];
  }
  G[rows[r] * s.d + k] = sum;
}
