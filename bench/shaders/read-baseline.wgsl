// Read-bandwidth reference: the least work that still reads every logit once.
//
//   sums[outBase + w] = Σ over the vec4s i ≡ w·WG + lane (mod workgroups·WG) of (x + y + z + w)
//
// Grid-stride loop: in each step the WG lanes of a workgroup load WG consecutive vec4s (coalesced),
// then a tree reduction leaves one f32 per workgroup. The sums are written so the loads cannot be
// optimised away; their value is only a checksum. `main_flat` (for CPU drivers, where a barrier
// costs a coroutine switch per 4 lanes) has no barrier: each invocation writes its own sum, slot
// (outBase + w)·WG + lane.
//
// With EXP = true it sums exp(x) instead (exp-baseline): one read and one exp per logit, the least
// work of any loss that exponentiates each logit once (onnxruntime-web's ReduceLogSumExp does
// exactly this, without the max); on a device where exp is the cost, this bounds the loss kernels.

override WG: u32 = 256;
override EXP: bool = false;

struct Params {
  vec4Count: u32,   // vec4s in this chunk (its floats zero-padded to a multiple of 4)
  outBase: u32,     // this chunk's first slot in `sums`
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> acc: array<f32, WG>;

fn laneSum(group: u32, groups: u32, lane: u32) -> f32 {
  var s = vec4<f32>(0.0);
  let stride = groups * WG;
  for (var i = group * WG + lane; i < params.vec4Count; i += stride) {
    if (EXP) {
      s += exp(data[i]);
    } else {
      s += data[i];
    }
  }
  return s.x + s.y + s.z + s.w;
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  acc[lane] = laneSum(wid.x, groups.x, lane);
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k >>= 1u) {
    if (lane < k) {
      acc[lane] += acc[lane + k];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    sums[params.outBase + wid.x] = acc[0];
  }
}

@compute @workgroup_size(WG)
fn main_flat(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  sums[(params.outBase + wid.x) * WG + lane] = laneSum(wid.x, groups.x, lane);
}
