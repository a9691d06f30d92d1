// Live training, backward to the embeddings, first half: for each row r (distinct input u_r),
//   dE[u_r, k] = Σ_j dz[r, j] · W[k, j]
// is a reduction over all Vp columns, so the columns are cut into `slices` slices and each
// thread sums one slice for a 4-row × 4-k tile, writing
//   part[s, r, k] = Σ_{j in slice s} dz[r, j] · W[k, j]       (slices, Rp, Dp)
// train-grad-e-sum.wgsl adds the slices. Per vec4 of columns: four vec4s of dz and four of W feed
// 16 vec4 multiply-adds held in registers, summed across their lanes at the end.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> P: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dz: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> part: array<f32>;
@group(0) @binding(3) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let kTiles = s.Dp / 4u;
  let tile = gid.x;
  if (tile >= (s.Rp / 4u) * kTiles) {
    return;
  }
  let r0 = (tile / kTiles) * 4u;
  let k0 = (tile % kTiles) * 4u;
  let slice = gid.y;
  let jStart = slice * s.slice4;
  let jEnd = min(jStart + s.slice4, s.V4);
  // Widths past d read W's last row (in bounds); their sums are never used.
  let last = s.d - 1u;
  let w0 = s.wOff4 + min(k0, last) * s.V4;
  let w1 = s.wOff4 + min(k0 + 1u, last) * s.V4;
  let w2 = s.wOff4 + min(k0 + 2u, last) * s.V4;
  let w3 = s.wOff4 + min(k0 + 3u, last) * s.V4;
  let z0 = r0 * s.V4;
  let n = s.V4;
  var a00 = vec4<f32>(); var a01 = vec4<f32>(); var a02 = vec4<f32>(); var a03 = vec4<f32>();
  var a10 = vec4<f32>(); var a11 = vec4<f32>(); var a12 = vec4<f32>(); var a13 = vec4<f32>();
  var a20 = vec4<f32>(); var a21 = vec4<f32>(); var a22 = vec4<f32>(); var a23 = vec4<f32>();
  var a30 = vec4<f32>(); var a31 = vec4<f32>(); var a32 = vec4<f32>(); var a33 = vec4<f32>();
  for (var j = jStart; j < jEnd; j++) {
    let g0 = dz[z0 + j];
    let g1 = dz[z0 + n + j];
    let g2 = dz[z0 + 2u * n + j];
    let g3 = dz[z0 + 3u * n + j];
    let x0 = P[w0 + j];
    let x1 = P[w1 + j];
    let x2 = P[w2 + j];
    let x3 = P[w3 + j];
    a00 = fma(g0, x0, a00); a01 = fma(g0, x1, a01); a02 = fma(g0, x2, a02); a03 = fma(g0, x3, a03);
    a10 = fma(g1, x0, a10); a11 = fma(g1, x1, a11); a12 = fma(g1, x2, a12); a13 = fma(g1, x3, a13);
    a20 = fma(g2, x0, a20); a21 = fma(g2, x1, a21); a22 = fma(g2, x2, a22); a23 = fma(g2, x3, a23);
    a30 = fma(g3, x0, a30); a31 = fma(g3, x1, a31); a32 = fma(g3, x2, a32); a33 = fma(g3, x3, a33);
  }
  let one = vec4<f32>(1.0);
  let o = (slice * s.Rp + r0) * s.Dp + k0;
  let D = s.Dp;
  part[o] = dot(a00, one); part[o + 1u] = dot(a01, one);
  part[o + 2u] = dot(a02, one); part[o + 3u] = dot(a03, one);
  part[o + D] = dot(a10, one); part[o + D + 1u] = dot(a11, one);
  part[o + D + 2u] = dot(a12, one); part[o + D + 3u] = dot(a13, one);
  part[o + 2u * D] = dot(a20, one); part[o + 2u * D + 1u] = dot(a21, one);
  part[o + 2u * D + 2u] = dot(a22, one); part[o + 2u * D + 3u] = dot(a23, one);
  part[o + 3u * D] = dot(a30, one); part[o + 3u * D + 1u] = dot(a31, one);
  part[o + 3u * D + 2u] = dot(a32, one); part[o + 3u * D + 3u] = dot(a33, one);
}
