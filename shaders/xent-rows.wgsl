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

  var m = 0.0;
  var r = -1.0;
  var t = 0.0;
  var above = 0u;
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);

  for (var v = sliceStart + lid; v < sliceEnd; v += WG) {
    let x = logits[v];
    let idx = vec4<u32>(v * 4u) + lanes;
    let ok = (idx >= vec4<u32>(rowStart)) & (idx < vec4<u32>(rowEnd)) & finite4(x);
    if (!any(ok)) { continue; }
    above += dot(select(vec4<u32>(0u), vec4<u32>(1u), ok & (x > vec4<f32>(xt))), vec4<u32>(1u));

    let xm = select(vec4<f32>(-3.0e38), x, ok);
    let vmax = max(max(xm.x, xm.y), max(xm.z, xm.w));
    var skip = vec4<bool>(false);
    if (r < -0.5 || vmax > m) {
      // New running maximum: rescale what was summed so far to it. Its own exp(0) = 1 is the
      // implicit one, so the first lane holding it is skipped below.
      let empty = r < -0.5;
      let d = select(m - vmax, 0.0, empty);
      let c = select(exp(d), 0.0, empty);
      let s = r + 1.0;
      t = c * (t + d * s);
      r = s * c;
      m = vmax;
      let isMax = ok & (x == vec4<f32>(vmax));
      skip = vec4<bool>(
        isMax.x,
        isMax.y & !isMax.x,
        isMax.z & !isMax.x & !isMax.y,
        isMax.w & !isMax.x & !isMax.y & !isMax.z,
      );
    }
    let keep = ok & !skip;
    let d4 = select(vec4<f32>(0.0), x - vec4<f32>(m), keep);
    let e4 = select(vec4<f32>(0.0), exp(d4), keep);
    r += (e4.x + e4.y) + (e4.z + e4.w);
    t += dot(e4, d4);
  }

  wm[lid] = m;
  wr[lid] = r;
  wt[lid] = t;
  wa[lid] = above;
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
