// Live training, fused softmax cross-entropy, step 3 of 4: the logits are overwritten by the
// softmax part of the gradient of the mean loss,
//   dz[r, j] = c_r / N · exp(z[r, j] − lse_r)          (0 in the padding V ≤ j < Vp)
// c_r = positions whose input is row r's token. Step 4 (train-xent-onehot.wgsl) subtracts the
// targets. One thread per vec4 of a row.
// XentShape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read_write> z: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> lse: array<f32>;
@group(0) @binding(2) var<storage, read> rowCounts: array<u32>;
@group(0) @binding(3) var<uniform> x: XentShape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.y * groups.x * 64u + gid.x;
  if (i >= x.R * x.V4) {
    return;
  }
  let r = i / x.V4;
  let j = vec4<u32>((i % x.V4) * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
  let scale = f32(rowCounts[r]) / f32(x.N);
  let g = scale * exp(z[i] - vec4<f32>(lse[r]));
  z[i] = select(vec4<f32>(0.0), g, j < vec4<u32>(x.V));
}
