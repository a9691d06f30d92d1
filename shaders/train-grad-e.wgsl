// Live training, backward to the embeddings, first half: for each row r (distinct input u_r),
//   dE[u_r, k] = Σ_j dz[r, j] · W[k, j]
// is a reduction over all Vp columns, so the columns are cut into `slices` slices and each
// thread sums one slice for an 8-row × 8-k tile, writing
//   part[s, r, k] = Σ_{j in slice s} dz[r, j] · W[k, j]       (slices, Rp, Dp), rows r < R only
// train-grad-e-sum.wgsl adds the slices. Per vec4 of columns: eight vec4s of dz and eight of W
// feed 64 vec4 multiply-adds held in registers (a<row><k>), summed across their lanes at the
// end. Both operands change with j, so every multiply-add's inputs are storage loads (per-lane
// gathers on SwiftShader, each costing several multiply-adds): an r × k tile does r·k
// multiply-adds per r + k loads. Measured on SwiftShader, 8 × 8 (64 per 16) takes 0.63 of the
// time of 4 × 4 (16 per 8) over the padded rows. Row tiles stop at R rounded up to 8 (rows past R
// read row R − 1 and are not written) instead of Rp, R rounded up to 16.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dz: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> part: array<f32>;
@group(0) @binding(3) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let kTiles = s.Dp / 8u;
  let tile = gid.x;
  if (tile >= ((s.R + 7u) / 8u) * kTiles) {
    return;
  }
  let r0 = (tile / kTiles) * 8u;
  let k0 = (tile % kTiles) * 8u;
  let slice = gid.y;
  let jStart = slice * s.slice4;
  let jEnd = min(jStart + s.slice4, s.V4);
  // Widths past d read W's last row and rows past R read dz's row R − 1 (both in bounds); their
  // sums are never used.
  let lastK = s.d - 1u;
  let lastR = s.R - 1u;
  let w0 = s.wOff4 + min(k0 + 0u, lastK) * s.V4;
  let w1 = s.wOff4 + min(k0 + 1u, lastK) * s.V4;
  let w2 = s.wOff4 + min(k0 + 2u, lastK) * s.V4;
  let w3 = s.wOff4 + min(k0 + 3u, lastK) * s.V4;
  let w4 = s.wOff4 + min(k0 + 4u, lastK) * s.V4;
  let w5 = s.wOff4 + min(k0 + 5u, lastK) * s.V4;
  let w6 = s.wOff4 + min(k0 + 6u, lastK) * s.V4;
  let w7 = s.wOff4 + min(k0 + 7u, lastK) * s.V4;
  let z0 = min(r0 + 0u, lastR) * s.V4;
  let z1 = min(r0 + 1u, lastR) * s.V4;
  let z2 = min(r0 + 2u, lastR) * s.V4;
  let z3 = min(r0 + 3u, lastR) * s.V4;
  let z4 = min(r0 + 4u, lastR) * s.V4;
  let z5 = min(r0 + 5u, lastR) * s.V4;
  let z6 = min(r0 + 6u, lastR) * s.V4;
  let z7 = min(r0 + 7u, lastR) * s.V4;
  var a00 = vec4<f32>(); var a01 = vec4<f32>(); var a02 = vec4<f32>(); var a03 = vec4<f32>();
  var a04 = vec4<f32>(); var a05 = vec4<f32>(); var a06 = vec4<f32>(); var a07 = vec4<f32>();
  var a10 = vec4<f32>(); var a11 = vec4<f32>(); var a12 = vec4<f32>(); var a13 = vec4<f32>();
  var a14 = vec4<f32>(); var a15 = vec4<f32>(); var a16 = vec4<f32>(); var a17 = vec4<f32>();
  var a20 = vec4<f32>(); var a21 = vec4<f32>(); var a22 = vec4<f32>(); var a23 = vec4<f32>();
  var a24 = vec4<f32>(); var a25 = vec4<f32>(); var a26 = vec4<f32>(); var a27 = vec4<f32>();
  var a30 = vec4<f32>(); var a31 = vec4<f32>(); var a32 = vec4<f32>(); var a33 = vec4<f32>();
  var a34 = vec4<f32>(); var a35 = vec4<f32>(); var a36 = vec4<f32>(); var a37 = vec4<f32>();
  var a40 = vec4<f32>(); var a41 = vec4<f32>(); var a42 = vec4<f32>(); var a43 = vec4<f32>();
  var a44 = vec4<f32>(); var a45 = vec4<f32>(); var a46 = vec4<f32>(); var a47 = vec4<f32>();
  var a50 = vec4<f32>(); var a51 = vec4<f32>(); var a52 = vec4<f32>(); var a53 = vec4<f32>();
  var a54 = vec4<f32>(); var a55 = vec4<f32>(); var a56 = vec4<f32>(); var a57 = vec4<f32>();
  var a60 = vec4<f32>(); var a61 = vec4<f32>(); var a62 = vec4<f32>(); var a63 = vec4<f32>();
  var a64 = vec4<f32>(); var a65 = vec4<f32>(); var a66 = vec4<f32>(); var a67 = vec4<f32>();
  var a70 = vec4<f32>(); var a71 = vec4<f32>(); var a72 = vec4<f32>(); var a73 = vec4<f32>();
  var a74 = vec4<f32>(); var a75 = vec4<f32>(); var a76 = vec4<f32>(); var a77 = vec4<f32>();
  for (var j = jStart; j < jEnd; j++) {
    let g0 = dz[z0 + j];
    let g1 = dz[z1 + j];
    let g2 = dz[z2 + j];
    let g3 = dz[z3 + j];
    let g4 = dz[z4 + j];
    let g5 = dz[z5 + j];
    let g6 = dz[z6 + j];
    let g7 = dz[z7 + j];
    let x0 = P[w0 + j];
    let x1 = P[w1 + j];
    let x2 = P[w2 + j];
    let x3 = P[w3 + j];
    let x4 = P[w4 + j];
    let x5 = P[w5 + j];
    let x6 = P[w6 + j];
    let x7 = P[w7 + j];
    a00 = fma(g0, x0, a00); a01 = fma(g0, x1, a01); a02 = fma(g0, x2, a02); a03 = fma(g0, x3, a03);
    a04 = fma(g0, x4, a04); a05 = fma(g0, x5, a05); a06 = fma(g0, x6, a06); a07 = fma(g0, x7, a07);
    a10 = fma(g1, x0, a10); a11 = fma(g1, x1, a11); a12 = fma(g1, x2, a12); a13 = fma(g1, x3, a13);
    a14 = fma(g1, x4, a14); a15 = fma(g1, x5, a15); a16 = fma(g1, x6, a16); a17 = fma(g1, x7, a17);
    a20 = fma(g2, x0, a20); a21 = fma(g2, x1, a21); a22 = fma(g2, x2, a22); a23 = fma(g2, x3, a23);
    a24 = fma(g2, x4, a24); a25 = fma(g2, x5, a25); a26 = fma(g2, x6, a26); a27 = fma(g2, x7, a27);
    a30 = fma(g3, x0, a30); a31 = fma(g3, x1, a31); a32 = fma(g3, x2, a32); a33 = fma(g3, x3, a33);
    a34 = fma(g3, x4, a34); a35 = fma(g3, x5, a35); a36 = fma(g3, x6, a36); a37 = fma(g3, x7, a37);
    a40 = fma(g4, x0, a40); a41 = fma(g4, x1, a41); a42 = fma(g4, x2, a42); a43 = fma(g4, x3, a43);
    a44 = fma(g4, x4, a44); a45 = fma(g4, x5, a45); a46 = fma(g4, x6, a46); a47 = fma(g4, x7, a47);
    a50 = fma(g5, x0, a50); a51 = fma(g5, x1, a51); a52 = fma(g5, x2, a52); a53 = fma(g5, x3, a53);
    a54 = fma(g5, x4, a54); a55 = fma(g5, x5, a55); a56 = fma(g5, x6, a56); a57 = fma(g5, x7, a57);
    a60 = fma(g6, x0, a60); a61 = fma(g6, x1, a61); a62 = fma(g6, x2, a62); a63 = fma(g6, x3, a63);
    a64 = fma(g6, x4, a64); a65 = fma(g6, x5, a65); a66 = fma(g6, x6, a66); a67 = fma(g6, x7, a67);
    a70 = fma(g7, x0, a70); a71 = fma(g7, x1, a71); a72 = fma(g7, x2, a72); a73 = fma(g7, x3, a73);
    a74 = fma(g7, x4, a74); a75 = fma(g7, x5, a75); a76 = fma(g7, x6, a76); a77 = fma(g7, x7, a77);
  }
  let one = vec4<f32>(1.0);
  let D = s.Dp;
  let o = (slice * s.Rp + r0) * D + k0;
  let o0 = o;
  part[o0] = dot(a00, one); part[o0 + 1u] = dot(a01, one); part[o0 + 2u] = dot(a02, one); part[o0 + 3u] = dot(a03, one);
  part[o0 + 4u] = dot(a04, one); part[o0 + 5u] = dot(a05, one); part[o0 + 6u] = dot(a06, one); part[o0 + 7u] = dot(a07, one);
  if (r0 + 1u < s.R) {
    let o1 = o + D;
    part[o1] = dot(a10, one); part[o1 + 1u] = dot(a11, one); part[o1 + 2u] = dot(a12, one); part[o1 + 3u] = dot(a13, one);
    part[o1 + 4u] = dot(a14, one); part[o1 + 5u] = dot(a15, one); part[o1 + 6u] = dot(a16, one); part[o1 + 7u] = dot(a17, one);
  }
  if (r0 + 2u < s.R) {
    let o2 = o + 2u * D;
    part[o2] = dot(a20, one); part[o2 + 1u] = dot(a21, one); part[o2 + 2u] = dot(a22, one); part[o2 + 3u] = dot(a23, one);
    part[o2 + 4u] = dot(a24, one); part[o2 + 5u] = dot(a25, one); part[o2 + 6u] = dot(a26, one); part[o2 + 7u] = dot(a27, one);
  }
  if (r0 + 3u < s.R) {
    let o3 = o + 3u * D;
    part[o3] = dot(a30, one); part[o3 + 1u] = dot(a31, one); part[o3 + 2u] = dot(a32, one); part[o3 + 3u] = dot(a33, one);
    part[o3 + 4u] = dot(a34, one); part[o3 + 5u] = dot(a35, one); part[o3 + 6u] = dot(a36, one); part[o3 + 7u] = dot(a37, one);
  }
  if (r0 + 4u < s.R) {
    let o4 = o + 4u * D;
    part[o4] = dot(a40, one); part[o4 + 1u] = dot(a41, one); part[o4 + 2u] = dot(a42, one); part[o4 + 3u] = dot(a43, one);
    part[o4 + 4u] = dot(a44, one); part[o4 + 5u] = dot(a45, one); part[o4 + 6u] = dot(a46, one); part[o4 + 7u] = dot(a47, one);
  }
  if (r0 + 5u < s.R) {
    let o5 = o + 5u * D;
    part[o5] = dot(a50, one); part[o5 + 1u] = dot(a51, one); part[o5 + 2u] = dot(a52, one); part[o5 + 3u] = dot(a53, one);
    part[o5 + 4u] = dot(a54, one); part[o5 + 5u] = dot(a55, one); part[o5 + 6u] = dot(a56, one); part[o5 + 7u] = dot(a57, one);
  }
  if (r0 + 6u < s.R) {
    let o6 = o + 6u * D;
    part[o6] = dot(a60, one); part[o6 + 1u] = dot(a61, one); part[o6 + 2u] = dot(a62, one); part[o6 + 3u] = dot(a63, one);
    part[o6 + 4u] = dot(a64, one); part[o6 + 5u] = dot(a65, one); part[o6 + 6u] = dot(a66, one); part[o6 + 7u] = dot(a67, one);
  }
  if (r0 + 7u < s.R) {
    let o7 = o + 7u * D;
    part[o7] = dot(a70, one); part[o7 + 1u] = dot(a71, one); part[o7 + 2u] = dot(a72, one); part[o7 + 3u] = dot(a73, one);
    part[o7 + 4u] = dot(a74, one); part[o7 + 5u] = dot(a75, one); part[o7 + 6u] = dot(a76, one); part[o7 + 7u] = dot(a77, one);
  }
}
