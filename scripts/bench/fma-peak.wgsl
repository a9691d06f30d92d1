// The ceiling for the training benchmark: multiply-adds with no memory traffic at all. Each thread
// runs 16 independent vec4 fma chains (64 multiply-adds per iteration, enough to fill a CPU's
// SIMD pipelines or a GPU's ALUs) for ITER iterations and writes one sum so nothing is optimised
// away. Multiply-adds per second = threads · ITER · 64 / time. No real kernel beats it.
const ITER: u32 = 2000u;

@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = f32(gid.x) * 1e-9;
  var a0 = vec4<f32>(x); var a1 = a0 + 0.01; var a2 = a0 + 0.02; var a3 = a0 + 0.03;
  var a4 = a0 + 0.04; var a5 = a0 + 0.05; var a6 = a0 + 0.06; var a7 = a0 + 0.07;
  var a8 = a0 + 0.08; var a9 = a0 + 0.09; var a10 = a0 + 0.1; var a11 = a0 + 0.11;
  var a12 = a0 + 0.12; var a13 = a0 + 0.13; var a14 = a0 + 0.14; var a15 = a0 + 0.15;
  let m = vec4<f32>(0.999);
  let c = vec4<f32>(0.001);
  for (var i = 0u; i < ITER; i++) {
    a0 = fma(a0, m, c); a1 = fma(a1, m, c); a2 = fma(a2, m, c); a3 = fma(a3, m, c);
    a4 = fma(a4, m, c); a5 = fma(a5, m, c); a6 = fma(a6, m, c); a7 = fma(a7, m, c);
    a8 = fma(a8, m, c); a9 = fma(a9, m, c); a10 = fma(a10, m, c); a11 = fma(a11, m, c);
    a12 = fma(a12, m, c); a13 = fma(a13, m, c); a14 = fma(a14, m, c); a15 = fma(a15, m, c);
  }
  out[gid.x] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
}
