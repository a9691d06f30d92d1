// On demand: a histogram of log p_i over the whole vocabulary of one row, for drawing the
// distribution of 50,257 probabilities without reading them back.
// log p_i = (x_i − m) − log1p(r). Bin b of `bins` covers [lo + b·w, lo + (b+1)·w), w = −lo / bins,
// over [lo, 0]; log p < lo goes to bin 0 (clamped), and −inf logits (p = 0) to the extra
// count at index `bins`.

override WG: u32 = 256;
const MAX_BINS: u32 = 256u;

struct Params {
  rowStart: u32,
  vocab: u32,
  bins: u32,       // ≤ MAX_BINS
  _pad0: u32,
  m: f32,
  logS: f32,
  lo: f32,         // < 0, nats
  _pad1: f32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;   // (bins + 1)
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> hist: array<atomic<u32>, 257>;   // MAX_BINS + 1

const EXP_MASK: u32 = 0x7f800000u;

@compute @workgroup_size(WG)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  for (var b = lid; b <= params.bins; b += WG) { atomicStore(&hist[b], 0u); }
  workgroupBarrier();
  let stride = nwg.x * WG;
  for (var i = gid.x; i < params.vocab; i += stride) {
    let x = logits[params.rowStart + i];
    if ((bitcast<u32>(x) & EXP_MASK) == EXP_MASK) {
      atomicAdd(&hist[params.bins], 1u);
      continue;
    }
    let lp = (x - params.m) - params.logS;
    let f = (lp - params.lo) / -params.lo * f32(params.bins);
    let b = u32(clamp(f, 0.0, f32(params.bins - 1u)));
    atomicAdd(&hist[b], 1u);
  }
  workgroupBarrier();
  for (var b = lid; b <= params.bins; b += WG) {
    let c = atomicLoad(&hist[b]);
    if (c > 0u) { atomicAdd(&counts[b], c); }
  }
}
