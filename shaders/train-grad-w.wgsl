// Live training, backward to the output layer, from dz (Rp, Vp) and H (train-gather.wgsl):
//   dW[k, j] = Σ_{r<R} H[r, k] · dz[r, j]        db[j] = Σ_{r<R} dz[r, j]
// dz is 0 in the padded columns V ≤ j < Vp (train-xent-grad.wgsl), so their gradient is 0 too.
// Each thread owns two 16-k × 4-column tiles of dW, at column blocks j4 and j4 + half (half =
// ⌈V4 / 2⌉, so neighbouring threads read neighbouring memory), and for the first k block their
// entries of db. Per row, two vec4s of dz and four vec4s of H feed 32 vec4 multiply-adds held in
// registers: on SwiftShader 30% faster than one tile per thread, and 32 accumulators (128
// floats) still fit a GPU thread's registers. Every output has one writer: no races, no atomics.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> H: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dz: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> G: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> s: Shape;

// Writes one 16-k × 4-column tile of dW (rows k < d only).
fn store(j4: u32, k0: u32, t: array<vec4<f32>, 16>) {
  let kEnd = min(16u, s.d - min(k0, s.d));
  for (var kk = 0u; kk < kEnd; kk++) {
    G[s.wOff4 + (k0 + kk) * s.V4 + j4] = t[kk];
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let half = (s.V4 + 1u) / 2u;
  if (gid.x >= half) {
    return;
  }
  let ja = gid.x;
  let hasB = ja + half < s.V4;
  let jb = select(ja, ja + half, hasB); // without a second block, recompute the first: same values
  let k0 = gid.y * 16u;
  let kq = s.Dp / 4u; // H's row stride in vec4s
  var a0 = vec4<f32>(); var a1 = vec4<f32>(); var a2 = vec4<f32>(); var a3 = vec4<f32>();
  var a4 = vec4<f32>(); var a5 = vec4<f32>(); var a6 = vec4<f32>(); var a7 = vec4<f32>();
  var a8 = vec4<f32>(); var a9 = vec4<f32>(); var a10 = vec4<f32>(); var a11 = vec4<f32>();
  var a12 = vec4<f32>(); var a13 = vec4<f32>(); var a14 = vec4<f32>(); var a15 = vec4<f32>();
  var c0 = vec4<f32>(); var c1 = vec4<f32>(); var c2 = vec4<f32>(); var c3 = vec4<f32>();
  var c4 = vec4<f32>(); var c5 = vec4<f32>(); var c6 = vec4<f32>(); var c7 = vec4<f32>();
  var c8 = vec4<f32>(); var c9 = vec4<f32>(); var c10 = vec4<f32>(); var c11 = vec4<f32>();
  var c12 = vec4<f32>(); var c13 = vec4<f32>(); var c14 = vec4<f32>(); var c15 = vec4<f32>();
  var dbA = vec4<f32>();
  var dbB = vec4<f32>();
  for (var r = 0u; r < s.R; r++) {
    let g = dz[r * s.V4 + ja];
    let e = dz[r * s.V4 + jb];
    dbA += g;
    dbB += e;
    let h = r * kq + k0 / 4u;
    let h0 = H[h];
    let h1 = H[h + 1u];
    let h2 = H[h + 2u];
    let h3 = H[h + 3u];
    a0 = fma(vec4(h0.x), g, a0); a1 = fma(vec4(h0.y), g, a1);
    a2 = fma(vec4(h0.z), g, a2); a3 = fma(vec4(h0.w), g, a3);
    a4 = fma(vec4(h1.x), g, a4); a5 = fma(vec4(h1.y), g, a5);
    a6 = fma(vec4(h1.z), g, a6); a7 = fma(vec4(h1.w), g, a7);
    a8 = fma(vec4(h2.x), g, a8); a9 = fma(vec4(h2.y), g, a9);
    a10 = fma(vec4(h2.z), g, a10); a11 = fma(vec4(h2.w), g, a11);
    a12 = fma(vec4(h3.x), g, a12); a13 = fma(vec4(h3.y), g, a13);
    a14 = fma(vec4(h3.z), g, a14); a15 = fma(vec4(h3.w), g, a15);
    c0 = fma(vec4(h0.x), e, c0); c1 = fma(vec4(h0.y), e, c1);
    c2 = fma(vec4(h0.z), e, c2); c3 = fma(vec4(h0.w), e, c3);
    c4 = fma(vec4(h1.x), e, c4); c5 = fma(vec4(h1.y), e, c5);
    c6 = fma(vec4(h1.z), e, c6); c7 = fma(vec4(h1.w), e, c7);
    c8 = fma(vec4(h2.x), e, c8); c9 = fma(vec4(h2.y), e, c9);
    c10 = fma(vec4(h2.z), e, c10); c11 = fma(vec4(h2.w), e, c11);
    c12 = fma(vec4(h3.x), e, c12); c13 = fma(vec4(h3.y), e, c13);
    c14 = fma(vec4(h3.z), e, c14); c15 = fma(vec4(h3.w), e, c15);
  }
  if (gid.y == 0u) {
    G[s.bOff4 + ja] = dbA;
    G[s.bOff4 + jb] = dbB;
  }
  store(ja, k0, array<vec4<f32>, 16>(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15));
  store(jb, k0, array<vec4<f32>, 16>(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15));
}
