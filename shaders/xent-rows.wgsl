// Pass 1 of the loss: one workgroup per (split s, row r) of a chunk of rows.
//
// Each row r holds V logits x_0..x_{V-1}. A split covers a contiguous slice of the row and, in a
// single read of each logit, computes its part of
//   m     = max_i x_i                              (online, Milakov & Gimelshein 2018)
//   r     = Σ_i exp(x_i − m) − 1                   (one maximal element's exp(0) = 1 left out, so
//                                                   that a dominant row keeps r ≪ 1 exactly)
//   t     = Σ_i exp(x_i − m) · (x_i − m)           (entropy: H = log1p(r) − t / (1 + r))
//   above = #{ i : x_i > x_target }                (rank = 1 + above, ties as in PyTorch)
// The host then has log-sum-exp = m + log1p(r) and the loss (m − x_t) + log1p(r), never −log(p).
//
// Rows start at r·V, which is not a multiple of 4 when V is odd (50257), so the slice is read as
// vec4 and lanes outside [r·V, (r+1)·V) are masked. Non-finite lanes (−inf logits) are masked by
// their bit pattern, not by comparing with inf: WGSL allows fast-math, so no inf/NaN reaches math.
// An empty state is encoded as r = −1 (Σ exp = 0); merges test it with `select`, never with inf.

override WG: u32 = 256;

struct Params {
  vocab: u32,          // V
  rows: u32,           // rows in this chunk
  splits: u32,         // workgroups per row (dispatch x)
  vec4PerSplit: u32,   // vec4 loads per split
  rowBase: u32,        // index of the chunk's first row in `targets`
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

struct Partial {
  m: f32,
  r: f32,
  t: f32,
  above: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<vec4<f32>>;   // the chunk: (rows·V) floats, zero-padded to 16 B
@group(0) @binding(1) var<storage, read> targets: array<i32>;        // (all rows) target ids, already in [0, V)
@group(0) @binding(2) var<storage, read_write> partials: array<Partial>; // (rows, splits)
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> wm: array<f32, WG>;
var<workgroup> wr: array<f32, WG>;
var<workgroup> wt: array<f32, WG>;
var<workgroup> wa: array<u32, WG>;

const EXP_MASK: u32 = 0x7f800000u;

fn finite4(x: vec4<f32>) -> vec4<bool> {
  return (bitcast<vec4<u32>>(x) & vec4<u32>(EXP_MASK)) != vec4<u32>(EXP_MASK);
}

fn finite1(x: f32) -> bool {
  return (bitcast<u32>(x) & EXP_MASK) != EXP_MASK;
}

// Merge two partial states (m, r, t, above) of disjoint slices. r = −1 marks an empty slice.
fn merge(a: Partial, b: Partial) -> Partial {
  if (b.r < -0.5) { return Partial(a.m, a.r, a.t, a.above + b.above); }
  if (a.r < -0.5) { return Partial(b.m, b.r, b.t, a.above + b.above); }
  var hi = a;
  var lo = b;
  if (b.m > a.m) { hi = b; lo = a; }
  let d = lo.m - hi.m;            // ≤ 0
  let c = exp(d);
  let sLo = lo.r + 1.0;           // Σ exp(x − lo.m) of the lower slice, max element included
  return Partial(
    hi.m,
    hi.r + sLo * c,
    hi.t + c * (lo.t + d * sLo),
    a.above + b.above,
  );
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let split = wid.x;
  let row = wid.y;
  if (row >= params.rows) { return; }

  let V = params.vocab;
  let rowStart = row * V;
  let rowEnd = rowStart + V;
  let firstVec = rowStart / 4u;
  let endVec = (rowEnd + 3u) / 4u;
  let sliceStart = firstVec + split * params.vec4PerSplit;
  let sliceEnd = min(sliceStart + params.vec4PerSplit, endVec);

  // The target's logit, for the rank. A −inf target ranks below every finite logit.
  let ti = rowStart + u32(targets[params.rowBase + row]);
  let xtRaw = logits[ti / 4u][ti % 4u];
  let xt = select(-3.0e38, xtRaw, finite1(xtRaw));

  // Four lanes, each its own online state (m, r, t), branch-free (a divergent branch costs
  // both sides on SIMD hardware and on CPU drivers), one exp per logit. With d = x − m:
  //   d ≤ 0: r += e^d,           t += e^d · d
  //   d > 0: r  = (r + 1)·e^−d,  t  = e^−d · (t − d·(r + 1)),  m = x
  // (a new maximum is the lane's implicit 1), so both cases need only e = exp(−|d|). The
  // argument is clamped at −88 so no lane relies on exp underflowing to 0 (e^−88 ≈ 6e−39 is far
  // below the float32 resolution of a sum ≥ 1). An empty lane starts at m = −3e38, r = −1:
  // its first logit gives r = (−1 + 1)·e = 0.
  var m4 = vec4<f32>(-3.0e38);
  var r4 = vec4<f32>(-1.0);
  var t4 = vec4<f32>(0.0);
  var above = vec4<u32>(0u);
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let xt4 = vec4<f32>(xt);

  for (var v = sliceStart + lid; v < sliceEnd; v += WG) {
    let x = logits[v];
    let idx = vec4<u32>(v * 4u) + lanes;
    let ok = (idx >= vec4<u32>(rowStart)) & (idx < vec4<u32>(rowEnd)) & finite4(x);
    above += select(vec4<u32>(0u), vec4<u32>(1u), ok & (x > xt4));
    let d = select(vec4<f32>(0.0), x - m4, ok);
    let e = exp(max(-abs(d), vec4<f32>(-88.0)));
    let up = d > vec4<f32>(0.0);
    let s = r4 + 1.0;
    r4 = select(r4, select(r4 + e, s * e, up), ok);
    t4 = select(t4, select(t4 + e * d, e * (t4 - d * s), up), ok);
    m4 = select(m4, max(m4, x), ok);
  }

  // Fold the four lanes into one state with the same merge as the workgroup reduction.
  var p = merge(Partial(m4.x, r4.x, t4.x, above.x), Partial(m4.y, r4.y, t4.y, above.y));
  p = merge(p, Partial(m4.z, r4.z, t4.z, above.z));
  p = merge(p, Partial(m4.w, r4.w, t4.w, above.w));
  let m = p.m;
  let r = p.r;
  let t = p.t;
  let aboveAll = p.above;

  wm[lid] = m;
  wr[lid] = r;
  wt[lid] = t;
  wa[lid] = aboveAll;
  workgroupBarrier();

  // Tree reduction over the workgroup (WG is a power of two, set by the host).
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let p = merge(
        Partial(wm[lid], wr[lid], wt[lid], wa[lid]),
        Partial(wm[lid + stride], wr[lid + stride], wt[lid + stride], wa[lid + stride]),
      );
      wm[lid] = p.m;
      wr[lid] = p.r;
      wt[lid] = p.t;
      wa[lid] = p.above;
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    partials[row * params.splits + split] = Partial(wm[0], wr[0], wt[0], wa[0]);
  }
}
