// The p model's logits, generated on the GPU from two numbers instead of uploaded (src/engine/p-model.ts).
//
// "A model that gives the right word probability p": in row r (of V logits) the target's logit is
// hit = ln p and every other one rest = ln((1 − p)/(V − 1)), so softmax gives the target exactly p.
// The host computes hit and rest in float64 and rounds them to float32, exactly as the CPU twin
// (pModelBatch in src/app/compute/random-model.ts) stores them; these kernels only place them, so
// the tensor is bit-for-bit the CPU's.
//
// Two entry points, run one after the other in one compute pass over one chunk of `rows` whole
// rows (row-major, the buffer rounded up to 16 bytes):
//   fill: every logit = rest, as vec4 stores (no division, no compare: SwiftShader pays for both
//         per lane); the tail past rows·V is written 0, as an upload leaves it.
//   hits: one invocation per row writes hit at the row's target column, cols[firstRow + r]
//         (−1 for a padding row: ignore_index, no hit).
// The same binding 0 is read as vec4 by `fill` and as f32 by `hits`; each entry point uses one.
// The grid is 2-D when a dispatch needs more than 65,535 workgroups along x.

struct Params {
  firstRow: u32,
  rows: u32,
  vocab: u32,
  _pad0: u32,
  hit: f32,
  rest: f32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<storage, read_write> logits4: array<vec4<f32>>;
@group(0) @binding(0) var<storage, read_write> logits1: array<f32>;
@group(0) @binding(1) var<storage, read> cols: array<i32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 64;

fn flat(wg: vec3<u32>, lane: u32, groups: vec3<u32>) -> u32 {
  return (wg.y * groups.x + wg.x) * WG + lane;
}

@compute @workgroup_size(WG)
fn fill(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let q = flat(wg, lane, groups);
  if (q >= arrayLength(&logits4)) {
    return;
  }
  let n = params.rows * params.vocab;
  let e = q * 4u;
  let rest = params.rest;
  if (e + 4u <= n) {
    logits4[q] = vec4<f32>(rest);
  } else {
    // The last vec4 of the chunk: rest up to element n, then 0.
    logits4[q] = select(vec4<f32>(0.0), vec4<f32>(rest), vec4<u32>(e, e + 1u, e + 2u, e + 3u) < vec4<u32>(n));
  }
}

@compute @workgroup_size(WG)
fn hits(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let r = flat(wg, lane, groups);
  if (r >= params.rows) {
    return;
  }
  let col = cols[params.firstRow + r];
  if (col >= 0) {
    logits1[r * params.vocab + u32(col)] = params.hit;
  }
}
