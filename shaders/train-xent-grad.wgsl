// Live training, fused softmax cross-entropy, step 3 of 4: the logits are overwritten by the
// softmax part of the gradient of the mean loss,
//   dz[r, j] = c_r / N · exp(z[r, j] − lse_r)          (0 in the padding V ≤ j < Vp)
// c_r = positions whose input is row r's token. Step 4 (train-xent-onehot.wgsl) subtracts the
// targets. Each row is cut into the same chunks as train-xent-stats.wgsl (chunks × chunk4
// vec4s) and one thread loops over a chunk, loading c_r / N and lse_r once: R · chunks threads
// instead of one per vec4 (R · Vp / 4, some 22,000 workgroups at 114 rows), which on SwiftShader,
// where each workgroup is a call and each storage load a per-lane gather, halves this pass's time.
// XentShape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read_write> z: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> lse: array<f32>;
@group(0) @binding(2) var<storage, read> rowCounts: array<u32>;
@group(0) @binding(3) var<uniform> x: XentShape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= x.R * x.chunks) {
    return;
  }
  let r = i / x.chunks;
  let c = i % x.chunks;
  let j0 = c * x.chunk4;
  let j1 = min(j0 + x.chunk4, x.V4);
  let scale = f32(rowCounts[r]) / f32(x.N);
  let l = vec4<f32>(lse[r]);
  let o = r * x.V4;
  for (var j4 = j0; j4 < j1; j4++) {
    let j = vec4<u32>(j4 * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
    let g = scale * exp(z[o + j4] - l);
    z[o + j4] = select(vec4<f32>(0.0), g, j < vec4<u32>(x.V));
  }
}
