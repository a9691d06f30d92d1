// Live training, fused softmax cross-entropy, step 1 of 4: each row r of the logits (Rp, Vp) is
// cut into chunks and one thread keeps a running max m and Σ exp(z − m) over its chunk:
//   m ← max(m, z_j),   s ← s · exp(m_old − m) + exp(z_j − m)          (online softmax)
// so no exp ever sees a positive argument and nothing overflows. Columns V ≤ j < Vp (padding)
// are masked out. No workgroup memory and no barriers: on a CPU driver (SwiftShader) barriers
// cost more than the arithmetic, and on a GPU R × chunks threads are plenty.
// XentShape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

const LOWEST: f32 = -0x1.fffffep+127f; // the lowest finite f32

@group(0) @binding(0) var<storage, read> z: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> stats: array<vec2<f32>>; // (R, chunks): (m, s)
@group(0) @binding(2) var<uniform> x: XentShape;

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
  var m = LOWEST;
  var s = 0.0;
  for (var j4 = j0; j4 < j1; j4++) {
    var v = z[r * x.V4 + j4];
    let j = vec4<u32>(j4 * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
    v = select(vec4<f32>(LOWEST), v, j < vec4<u32>(x.V));
    let top = max(max(v.x, v.y), max(v.z, v.w));
    if (top > m) {
      s *= exp(m - top);
      m = top;
    }
    s += dot(exp(v - vec4<f32>(m)), vec4<f32>(1.0));
  }
  stats[i] = vec2<f32>(m, s);
}
