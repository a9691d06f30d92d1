// Live training, forward: the bigram model's logits for the rows (distinct input tokens u_r),
//   z[r, j] = b[j] + Σ_k E[u_r, k] · W[k, j]        r < Rp, j < Vp, k < d
// P is the device's parameter array [E (V·d) | W (d, Vp) | b (Vp)] with W's rows padded from V
// to Vp = V rounded up to 4 (zeros), so a row of W, b or z is read and written as Vp/4 vec4s.
// Each thread computes a 16-row × 4-column tile: per k, one vec4 of W and four vec4s of
// Ht (train-gather.wgsl) feed 16 vec4 multiply-adds held in registers. Measured on SwiftShader,
// this register tile is about ten times faster than staging rows in workgroup memory: a CPU
// driver gains nothing from shared memory and pays for every barrier and indexed array.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> Ht: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> Z: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j4 = gid.x;
  if (j4 >= s.V4) {
    return;
  }
  let q0 = gid.y * 4u; // the tile's first row / 4
  let rq = s.Rp / 4u;  // Ht's row stride in vec4s
  let b = P[s.bOff4 + j4];
  var a0 = b; var a1 = b; var a2 = b; var a3 = b;
  var a4 = b; var a5 = b; var a6 = b; var a7 = b;
  var a8 = b; var a9 = b; var a10 = b; var a11 = b;
  var a12 = b; var a13 = b; var a14 = b; var a15 = b;
  for (var k = 0u; k < s.d; k++) {
    let w = P[s.wOff4 + k * s.V4 + j4];
    let h = k * rq + q0;
    let h0 = Ht[h];
    let h1 = Ht[h + 1u];
    let h2 = Ht[h + 2u];
    let h3 = Ht[h + 3u];
    a0 = fma(vec4(h0.x), w, a0); a1 = fma(vec4(h0.y), w, a1);
    a2 = fma(vec4(h0.z), w, a2); a3 = fma(vec4(h0.w), w, a3);
    a4 = fma(vec4(h1.x), w, a4); a5 = fma(vec4(h1.y), w, a5);
    a6 = fma(vec4(h1.z), w, a6); a7 = fma(vec4(h1.w), w, a7);
    a8 = fma(vec4(h2.x), w, a8); a9 = fma(vec4(h2.y), w, a9);
    a10 = fma(vec4(h2.z), w, a10); a11 = fma(vec4(h2.w), w, a11);
    a12 = fma(vec4(h3.x), w, a12); a13 = fma(vec4(h3.y), w, a13);
    a14 = fma(vec4(h3.z), w, a14); a15 = fma(vec4(h3.w), w, a15);
  }
  let z = q0 * 4u * s.V4 + j4; // row q0·4, column block j4
  let n = s.V4;
  Z[z] = a0; Z[z + n] = a1; Z[z + 2u * n] = a2; Z[z + 3u * n] = a3;
  Z[z + 4u * n] = a4; Z[z + 5u * n] = a5; Z[z + 6u * n] = a6; Z[z + 7u * n] = a7;
  Z[z + 8u * n] = a8; Z[z + 9u * n] = a9; Z[z + 10u * n] = a10; Z[z + 11u * n] = a11;
  Z[z + 12u * n] = a12; Z[z + 13u * n] = a13; Z[z + 14u * n] = a14; Z[z + 15u * n] = a15;
}
