// Live training, fused softmax cross-entropy with its gradient, one workgroup per row r:
//   m = max_j z_j,  lse = m + log Σ_j exp(z_j − m)                (max subtracted: no overflow)
//   loss_p = lse − z[y_p]          for each distinct (row, target) pair p of the row
//   dz_j = (c_r · exp(z_j − lse) − Σ_{p: y_p = j} n_p) / N        (written over z, when grad = 1)
// c_r = positions whose input is row r's token, n_p = positions with pair p, N = all positions;
// dz is the gradient of the mean loss over N positions (src/train/plan.ts). Only the per-pair
// losses are read back to the host.
const WG: u32 = 256u;

struct Params {
  V: u32,
  N: u32,
  grad: u32,
  _pad: u32,
}

@group(0) @binding(0) var<storage, read_write> z: array<f32>;
@group(0) @binding(1) var<storage, read> rowCounts: array<u32>;
@group(0) @binding(2) var<storage, read> pairStart: array<u32>;
@group(0) @binding(3) var<storage, read> pairTargets: array<u32>;
@group(0) @binding(4) var<storage, read> pairCounts: array<u32>;
@group(0) @binding(5) var<storage, read_write> pairLoss: array<f32>;
@group(0) @binding(6) var<uniform> prm: Params;

var<workgroup> red: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let V = prm.V;
  let r = wid.x;
  let o = r * V;

  var m = -0x1.fffffep+127f; // the lowest finite f32
  for (var j = lid; j < V; j += WG) {
    m = max(m, z[o + j]);
  }
  red[lid] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      red[lid] = max(red[lid], red[lid + s]);
    }
    workgroupBarrier();
  }
  m = red[0];
  workgroupBarrier();

  var sum = 0.0;
  for (var j = lid; j < V; j += WG) {
    sum += exp(z[o + j] - m);
  }
  red[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      red[lid] += red[lid + s];
    }
    workgroupBarrier();
  }
  let lse = m + log(red[0]);

  let p0 = pairStart[r];
  let p1 = pairStart[r + 1u];
  for (var p = p0 + lid; p < p1; p += WG) {
    pairLoss[p] = lse - z[o + pairTargets[p]];
  }
  if (prm.grad == 0u) {
    return;
  }
  // Every read of z above is done before any thread overwrites it with dz.
  storageBarrier();

  let invN = 1.0 / f32(prm.N);
  let scale = f32(rowCounts[r]) * invN;
  for (var j = lid; j < V; j += WG) {
    z[o + j] = scale * exp(z[o + j] - lse);
  }
  storageBarrier();
  // Pairs of a row have distinct targets, so no two threads touch the same j.
  for (var p = p0 + lid; p < p1; p += WG) {
    let j = pairTargets[p];
    z[o + j] = z[o + j] - f32(pairCounts[p]) * invN;
  }
}
