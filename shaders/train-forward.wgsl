// Live training, forward: the bigram model's logits for the rows (distinct input tokens u_r),
//   z[r, j] = b[j] + Σ_k E[u_r, k] · W[k, j]        r < Rp, j < Vp, k < d
// P is the device's parameter array [E (V·d) | W (d, Vp) | b (Vp)] with W's rows padded from V
// to Vp = V rounded up to 4 (zeros), so a row of W, b or z is read and written as Vp/4 vec4s.
// Each thread computes a 16-row × 8-column tile, two neighbouring column blocks j4 = 2·gid.x and
// 2·gid.x + 1 (vec4s): per k, two vec4s of W and four vec4s of Ht (train-gather.wgsl, the same
// for every thread of a workgroup) feed 32 vec4 multiply-adds held in registers (a*, c*).
// Measured on SwiftShader: this register tile is about ten times faster than staging rows in
// workgroup memory (a CPU driver gains nothing from shared memory and pays for every barrier and
// indexed array), and the second column block is ~20% faster than one, because every storage
// load is a per-lane gather that costs several multiply-adds and the four Ht loads now serve 32
// multiply-adds instead of 16. Wider tiles (64 accumulators) measured slower again.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> Ht: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> Z: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let ja = gid.x * 2u;
  if (ja >= s.V4) {
    return;
  }
  let hasB = ja + 1u < s.V4;
  let jb = select(ja, ja + 1u, hasB); // without a second block, recompute the first: same values
  let q0 = gid.y * 4u; // the tile's first row / 4
  let rq = s.Rp / 4u;  // Ht's row stride in vec4s
  let bA = P[s.bOff4 + ja];
  let bB = P[s.bOff4 + jb];
  var a0 = bA; var a1 = bA; var a2 = bA; var a3 = bA;
  var a4 = bA; var a5 = bA; var a6 = bA; var a7 = bA;
  var a8 = bA; var a9 = bA; var a10 = bA; var a11 = bA;
  var a12 = bA; var a13 = bA; var a14 = bA; var a15 = bA;
  var c0 = bB; var c1 = bB; var c2 = bB; var c3 = bB;
  var c4 = bB; var c5 = bB; var c6 = bB; var c7 = bB;
  var c8 = bB; var c9 = bB; var c10 = bB; var c11 = bB;
  var c12 = bB; var c13 = bB; var c14 = bB; var c15 = bB;
  for (var k = 0u; k < s.d; k++) {
    let wk = s.wOff4 + k * s.V4;
    let w = P[wk + ja];
    let v = P[wk + jb];
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
    c0 = fma(vec4(h0.x), v, c0); c1 = fma(vec4(h0.y), v, c1);
    c2 = fma(vec4(h0.z), v, c2); c3 = fma(vec4(h0.w), v, c3);
    c4 = fma(vec4(h1.x), v, c4); c5 = fma(vec4(h1.y), v, c5);
    c6 = fma(vec4(h1.z), v, c6); c7 = fma(vec4(h1.w), v, c7);
    c8 = fma(vec4(h2.x), v, c8); c9 = fma(vec4(h2.y), v, c9);
    c10 = fma(vec4(h2.z), v, c10); c11 = fma(vec4(h2.w), v, c11);
    c12 = fma(vec4(h3.x), v, c12); c13 = fma(vec4(h3.y), v, c13);
    c14 = fma(vec4(h3.z), v, c14); c15 = fma(vec4(h3.w), v, c15);
  }
  let n = s.V4;
  let z = q0 * 4u * n + ja; // row q0·4, column block ja
  Z[z] = a0; Z[z + n] = a1; Z[z + 2u * n] = a2; Z[z + 3u * n] = a3;
  Z[z + 4u * n] = a4; Z[z + 5u * n] = a5; Z[z + 6u * n] = a6; Z[z + 7u * n] = a7;
  Z[z + 8u * n] = a8; Z[z + 9u * n] = a9; Z[z + 10u * n] = a10; Z[z + 11u * n] = a11;
  Z[z + 12u * n] = a12; Z[z + 13u * n] = a13; Z[z + 14u * n] = a14; Z[z + 15u * n] = a15;
  if (hasB) {
    let y = z + 1u;
    Z[y] = c0; Z[y + n] = c1; Z[y + 2u * n] = c2; Z[y + 3u * n] = c3;
    Z[y + 4u * n] = c4; Z[y + 5u * n] = c5; Z[y + 6u * n] = c6; Z[y + 7u * n] = c7;
    Z[y + 8u * n] = c8; Z[y + 9u * n] = c9; Z[y + 10u * n] = c10; Z[y + 11u * n] = c11;
    Z[y + 12u * n] = c12; Z[y + 13u * n] = c13; Z[y + 14u * n] = c14; Z[y + 15u * n] = c15;
  }
}
