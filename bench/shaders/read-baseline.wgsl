// Read-bandwidth reference: the least work that still reads every logit once.
//
//   sums[outBase + w] = Σ over the vec4s i ≡ w·WG + lane (mod workgroups·WG) of (x + y + z + w)
//
// Grid-stride loop: in each step the WG lanes of a workgroup load WG consecutive vec4s (coalesced),
// then a tree reduction leaves one f32 per workgroup. The sums are written so the loads cannot be
// optimised away; their value is only a checksum.

override WG: u32 = 256;

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

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  var s = vec4<f32>(0.0);
  let stride = groups.x * WG;
  for (var i = wid.x * WG + lane; i < params.vec4Count; i += stride) {
    s += data[i];
  }
  acc[lane] = s.x + s.y + s.z + s.w;
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
