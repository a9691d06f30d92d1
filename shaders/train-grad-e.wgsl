// Live training, backward to the embeddings: for each row r (a distinct input token u_r),
//   dE[u_r, k] = Σ_j dz[r, j] · W[k, j]
// One workgroup per (row, block of KB k's) reduces over the V columns. Rows are distinct tokens,
// so each E row is written by exactly one workgroup: no scatter races, no atomics. Rows of tokens
// that are not inputs keep gradient 0 and are not touched (the Adam kernel skips them too).
const WG: u32 = 128u;
const KB: u32 = 16u;

struct Params {
  V: u32,
  d: u32,
  R: u32,
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> P: array<f32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read> dz: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;
@group(0) @binding(4) var<uniform> prm: Params;

var<workgroup> red: array<f32, 2048>; // WG × KB

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let V = prm.V;
  let d = prm.d;
  let r = wid.x;
  let k0 = wid.y * KB;
  let nk = min(KB, d - k0);
  var acc: array<f32, 16>;
  for (var j = lid; j < V; j += WG) {
    let g = dz[r * V + j];
    for (var kk = 0u; kk < nk; kk++) {
      acc[kk] = fma(g, P[V * d + (k0 + kk) * V + j], acc[kk]);
    }
  }
  for (var kk = 0u; kk < KB; kk++) {
    red[lid * KB + kk] = acc[kk];
  }
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      for (var kk = 0u; kk < KB; kk++) {
        red[lid * KB + kk] += red[(lid + s) * KB + kk];
      }
    }
    workgroupBarrier();
  }
  if (lid < nk) {
    G[rows[r] * d + k0 + lid] = red[lid];
  }
}
