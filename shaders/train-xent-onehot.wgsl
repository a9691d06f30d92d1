// Live training, fused softmax cross-entropy, step 4 of 4: for each distinct (row, target) pair p,
//   dz[r_p, y_p] −= n_p / N
// n_p = positions with this input and target. Pairs are distinct, so no two threads touch the
// same entry: no atomics.
// XentShape comes from train-common.wgsl (put before this source by gpu-trainer.ts).

@group(0) @binding(0) var<storage, read_write> z: array<f32>;
@group(0) @binding(1) var<storage, read> pairRows: array<u32>;
@group(0) @binding(2) var<storage, read> pairTargets: array<u32>;
@group(0) @binding(3) var<storage, read> pairCounts: array<u32>;
@group(0) @binding(4) var<uniform> x: XentShape;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= arrayLength(&pairRows)) {
    return;
  }
  let j = pairRows[p] * x.V4 * 4u + pairTargets[p];
  z[j] -= f32(pairCounts[p]) / f32(x.N);
}
