// Live training, backward to the output layer, from dz (R, V) and the rows' embeddings h_r = E[u_r]:
//   dW[k, j] = Σ_r h_r[k] · dz[r, j]        db[j] = Σ_r dz[r, j]
// One thread per column j and block of KB k's (workgroup y); each thread owns its outputs, so
// there are no races. Embeddings are staged in workgroup memory, TR rows at a time.
const WG: u32 = 256u;
const KB: u32 = 16u;
const TR: u32 = 64u;

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

var<workgroup> H: array<f32, 1024>; // TR × KB

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let V = prm.V;
  let d = prm.d;
  let R = prm.R;
  let k0 = wid.y * KB;
  let j = wid.x * WG + lid;
  var acc: array<f32, 16>;
  var accB = 0.0;
  for (var r0 = 0u; r0 < R; r0 += TR) {
    for (var i = lid; i < TR * KB; i += WG) {
      let rr = i / KB;
      let kk = i % KB;
      var h = 0.0;
      if (r0 + rr < R && k0 + kk < d) {
        h = P[rows[r0 + rr] * d + k0 + kk];
      }
      H[i] = h;
    }
    workgroupBarrier();
    if (j < V) {
      let n = min(TR, R - r0);
      for (var rr = 0u; rr < n; rr++) {
        let g = dz[(r0 + rr) * V + j];
        accB += g;
        for (var kk = 0u; kk < KB; kk++) {
          acc[kk] = fma(H[rr * KB + kk], g, acc[kk]);
        }
      }
    }
    workgroupBarrier();
  }
  if (j >= V) {
    return;
  }
  for (var kk = 0u; kk < KB; kk++) {
    if (k0 + kk < d) {
      G[V * d + (k0 + kk) * V + j] = acc[kk];
    }
  }
  if (wid.y == 0u) {
    G[2u * V * d + j] = accB;
  }
}
