// Live training, gather: the embeddings of the R rows (distinct input tokens u_r), twice, for the
// tiled kernels that read them four at a time:
//   H[r, k]  = E[u_r, k]    (Rp, Dp) row-major   (train-grad-w.wgsl reads 4 k's of a row)
//   Ht[k, r] = E[u_r, k]    (Dp, Rp) row-major   (train-forward.wgsl reads 4 rows of a k)
// Rp = R rounded up to 16 and Dp = d rounded up to 16; the padding is written as 0, so padded
// rows and widths add nothing. One thread per (r, k). E starts at P[0] with row stride d.
// Shape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read> P: array<f32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read_write> H: array<f32>;
@group(0) @binding(3) var<storage, read_write> Ht: array<f32>;
@group(0) @binding(4) var<uniform> s: Shape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= s.Rp * s.Dp) {
    return;
  }
  let r = i / s.Dp;
  let k = i % s.Dp;
  var h = 0.0;
  if (r < s.R && k < s.d) {
    h = P[rows[r] * s.d + k];
  }
  H[i] = h;
  Ht[k * s.Rp + r] = h;
}
