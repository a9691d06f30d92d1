// The numerical-stability lab: one row of V logits, naive and stable, in f32.
//   z_j = s·x_j (j ≠ t),  z_t = s·x_t − Δ        s = scale, Δ = push, t = target
// Naive:  Σ = Σ_j exp(z_j),  p_j = exp(z_j) / Σ,  −log p_t
// Stable: m = max_j z_j,  S = Σ_j exp(z_j − m),  log-sum-exp = m + log S,
//         p_t = exp((z_t − m) − log S),  −log p_t = (m − z_t) + log S
//
// One workgroup of WG invocations does the whole row (dispatch (1, 1)): invocation i visits
// j = i, i + WG, … in turn, then partial results are combined pairwise. src/math/stability.ts
// (the CPU twin) adds in this same order, so both overflow at the same place.
//
// On overflow: exp(z) for z > ln(3.4028235e38) ≈ 88.72 is not representable in f32. WGSL does
// not promise inf there: a runtime overflow gives an "indeterminate value" and implementations
// may assume no inf or NaN occur (so checks like x != x can be compiled away; the counts below
// test the bits instead). SwiftShader returns inf for exp(100), NaN for inf/inf, 0 for exp(−200)
// and for subnormal results, and −88.03 (the log of 2^−127) for log(0) where IEEE gives −inf.
// The page shows whatever the device returned. Every input comes from buffers at run time:
// a constant expression that overflowed would be rejected when the shader is created.

const WG: u32 = 256u;
const EXP_MASK: u32 = 0x7f800000u;
const MANT_MASK: u32 = 0x007fffffu;
const LOWEST: f32 = -0x1.fffffep+127f; // the lowest finite f32: the max's starting value

struct Params {
  vocab: u32,   // V
  targetId: u32, // t in [0, V)
  scale: f32,   // s
  push: f32,    // Δ ≥ 0
}

struct Out {
  zTarget: f32,        // z_t
  naiveSum: f32,       // Σ_j exp(z_j)
  naiveExpTarget: f32, // exp(z_t)
  naiveP: f32,         // exp(z_t) / Σ
  naiveNegLog: f32,    // −log(exp(z_t) / Σ)
  maxZ: f32,           // m
  stableSum: f32,      // S = Σ_j exp(z_j − m)
  logSumExp: f32,      // m + log S
  stableP: f32,        // exp((z_t − m) − log S)
  stableNegLog: f32,   // (m − z_t) + log S
  expInf: u32,         // how many exp(z_j) are inf
  pInf: u32,           // how many naive p_j are ±inf
  pNaN: u32,           // how many naive p_j are NaN
  pZero: u32,          // how many naive p_j are ±0
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;     // (V) the row's x_j
@group(0) @binding(1) var<storage, read_write> probs: array<f32>; // (V) naive p_j
@group(0) @binding(2) var<storage, read_write> out: Out;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> sumA: array<f32, WG>; // naive Σ partials
var<workgroup> sumB: array<f32, WG>; // max partials, then stable Σ partials
var<workgroup> counts: array<atomic<u32>, 4>; // expInf, pInf, pNaN, pZero

fn z(j: u32) -> f32 {
  let v = params.scale * logits[j];
  return select(v, v - params.push, j == params.targetId);
}

fn isInf(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & EXP_MASK) == EXP_MASK && (b & MANT_MASK) == 0u;
}

fn isNaN(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & EXP_MASK) == EXP_MASK && (b & MANT_MASK) != 0u;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32) {
  let V = params.vocab;
  if (li < 4u) { atomicStore(&counts[li], 0u); }

  // Pass 1: naive Σ exp(z_j) and max z_j.
  var naive = 0.0;
  var mx = LOWEST;
  var overflowed = 0u;
  for (var j = li; j < V; j += WG) {
    let zj = z(j);
    let e = exp(zj);
    naive = naive + e;
    mx = max(mx, zj);
    overflowed += select(0u, 1u, isInf(e));
  }
  sumA[li] = naive;
  sumB[li] = mx;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (li < stride) {
      sumA[li] = sumA[li] + sumA[li + stride];
      sumB[li] = max(sumB[li], sumB[li + stride]);
    }
    workgroupBarrier();
  }
  let total = sumA[0];
  let m = sumB[0];
  workgroupBarrier(); // every invocation has read sumB[0] before it is reused

  // Pass 2: naive p_j (written out, and counted by class) and the stable Σ exp(z_j − m).
  var stable = 0.0;
  var pInf = 0u;
  var pNaN = 0u;
  var pZero = 0u;
  for (var j = li; j < V; j += WG) {
    let zj = z(j);
    let p = exp(zj) / total;
    probs[j] = p;
    pInf += select(0u, 1u, isInf(p));
    pNaN += select(0u, 1u, isNaN(p));
    pZero += select(0u, 1u, (bitcast<u32>(p) & 0x7fffffffu) == 0u);
    stable = stable + exp(zj - m);
  }
  atomicAdd(&counts[0], overflowed);
  atomicAdd(&counts[1], pInf);
  atomicAdd(&counts[2], pNaN);
  atomicAdd(&counts[3], pZero);
  sumB[li] = stable;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (li < stride) { sumB[li] = sumB[li] + sumB[li + stride]; }
    workgroupBarrier();
  }

  if (li == 0u) {
    let S = sumB[0];
    let logS = log(S);
    let zt = z(params.targetId);
    let et = exp(zt);
    let pt = et / total;
    out.zTarget = zt;
    out.naiveSum = total;
    out.naiveExpTarget = et;
    out.naiveP = pt;
    out.naiveNegLog = -log(pt);
    out.maxZ = m;
    out.stableSum = S;
    out.logSumExp = m + logS;
    out.stableP = exp((zt - m) - logS);
    out.stableNegLog = (m - zt) + logS;
    out.expInf = atomicLoad(&counts[0]);
    out.pInf = atomicLoad(&counts[1]);
    out.pNaN = atomicLoad(&counts[2]);
    out.pZero = atomicLoad(&counts[3]);
  }
}
