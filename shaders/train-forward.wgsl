// Live training, forward: the bigram model's logits for R rows (distinct input tokens u_r).
//   logits[r, j] = b[j] + Σ_k E[u_r, k] · W[k, j]        r < R, j < V, k < d
// P is the flat parameter array [E (V·d) | W (d·V) | b (V)] (src/train/types.ts).
// A workgroup computes a tile of WG columns × RB rows: the RB embeddings sit in workgroup memory
// and each W[k, j] read from memory serves RB rows.
const WG: u32 = 256u;
const RB: u32 = 16u;
const DMAX: u32 = 128u;

struct Params {
  V: u32,
  d: u32,
  R: u32,
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> P: array<f32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read_write> logits: array<f32>;
@group(0) @binding(3) var<uniform> prm: Params;

var<workgroup> H: array<f32, 2048>; // RB × DMAX

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let V = prm.V;
  let d = prm.d;
  let r0 = wid.y * RB;
  for (var i = lid; i < RB * d; i += WG) {
    let rr = i / d;
    let k = i % d;
    var h = 0.0;
    if (r0 + rr < prm.R) {
      h = P[rows[r0 + rr] * d + k];
    }
    H[rr * DMAX + k] = h;
  }
  workgroupBarrier();

  let j = wid.x * WG + lid;
  if (j >= V) {
    return;
  }
  let bias = P[2u * V * d + j];
  var acc: array<f32, 16>;
  for (var rr = 0u; rr < RB; rr++) {
    acc[rr] = bias;
  }
  let w0 = V * d + j;
  for (var k = 0u; k < d; k++) {
    let w = P[w0 + k * V];
    for (var rr = 0u; rr < RB; rr++) {
      acc[rr] = fma(H[rr * DMAX + k], w, acc[rr]);
    }
  }
  for (var rr = 0u; rr < RB; rr++) {
    if (r0 + rr < prm.R) {
      logits[(r0 + rr) * V + j] = acc[rr];
    }
  }
}
