// On demand, for one row being drawn: p_i = exp((x_i − m) − log1p(r)) for all V tokens,
// with m and log1p(r) from the loss pass (log-sum-exp = m + log1p(r)). −inf logits give p = 0.

override WG: u32 = 256;

struct Params {
  rowStart: u32,   // element offset of the row in the chunk
  vocab: u32,      // V
  m: f32,          // row max
  logS: f32,       // log1p(r) = log Σ exp(x − m)
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> probs: array<f32>;   // (V)
@group(0) @binding(2) var<uniform> params: Params;

const EXP_MASK: u32 = 0x7f800000u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.vocab) { return; }
  let x = logits[params.rowStart + i];
  let finite = (bitcast<u32>(x) & EXP_MASK) != EXP_MASK;
  probs[i] = select(0.0, exp((x - params.m) - params.logS), finite);
}
