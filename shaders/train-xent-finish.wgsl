// Live training, fused softmax cross-entropy, step 2 of 4: one thread per row r combines the
// chunks of train-xent-stats.wgsl,
//   M = max_c m_c,   lse_r = M + log Σ_c s_c · exp(m_c − M)
// and writes each of the row's (input, target) pairs' loss, lse_r − z[r, y_p] (src/train/plan.ts).
// Only the per-pair losses are read back to the host.
// XentShape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> stats: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> pairStart: array<u32>;
@group(0) @binding(3) var<storage, read> pairTargets: array<u32>;
@group(0) @binding(4) var<storage, read_write> lse: array<f32>;
@group(0) @binding(5) var<storage, read_write> pairLoss: array<f32>;
@group(0) @binding(6) var<uniform> x: XentShape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= x.R) {
    return;
  }
  let o = r * x.chunks;
  var m = stats[o].x;
  for (var c = 1u; c < x.chunks; c++) {
    m = max(m, stats[o + c].x);
  }
  var s = 0.0;
  for (var c = 0u; c < x.chunks; c++) {
    let st = stats[o + c];
    s += st.y * exp(st.x - m);
  }
  let l = m + log(s);
  lse[r] = l;
  for (var p = pairStart[r]; p < pairStart[r + 1u]; p++) {
    pairLoss[p] = l - z[r * x.V4 * 4u + pairTargets[p]];
  }
}
