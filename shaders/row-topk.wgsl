// On demand: candidates for the k most likely tokens of one row (ordering by logit equals
// ordering by probability). Each invocation scans a strided share of the row and keeps its own
// K largest (logit, id) pairs, ties to the smaller id; the host merges the WG·K candidates.
// Non-finite (−inf) logits are never candidates. Empty slots hold id = −1.

override WG: u32 = 256;
const K: u32 = 32u;   // the largest k one call can ask for; kept in sync with TOPK_MAX by a test

struct Params {
  rowStart: u32,
  vocab: u32,
  _pad0: u32,
  _pad1: u32,
}

struct Candidate {
  logit: f32,
  id: i32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> candidates: array<Candidate>;  // (WG, K)
@group(0) @binding(2) var<uniform> params: Params;

const EXP_MASK: u32 = 0x7f800000u;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var vals: array<f32, K>;
  var ids: array<i32, K>;
  var n = 0u;
  for (var i = lid; i < params.vocab; i += WG) {
    let x = logits[params.rowStart + i];
    if ((bitcast<u32>(x) & EXP_MASK) == EXP_MASK) { continue; }
    if (n == K && x <= vals[K - 1u]) { continue; }
    // Insertion into the descending list; ids rise along the scan, so a tie stays behind.
    var j = min(n, K - 1u);
    while (j > 0u && vals[j - 1u] < x) {
      vals[j] = vals[j - 1u];
      ids[j] = ids[j - 1u];
      j--;
    }
    vals[j] = x;
    ids[j] = i32(i);
    n = min(n + 1u, K);
  }
  for (var j = 0u; j < K; j++) {
    candidates[lid * K + j] = Candidate(select(0.0, vals[j], j < n), select(-1, ids[j], j < n));
  }
}
