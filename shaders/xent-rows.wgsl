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
// Every logit is read as x · scale (params.scale, 1 for the loss itself): the temperature panel
// scores z / T on the logits already here with scale = 1/T (rounded to f32), and no tensor is
// made or uploaded. x · 1 = x exactly, so scale 1 changes no bit of the loss. m is the max of the
// scaled logits (rounding is monotone, so max(x) · s = max(x · s)), and the rank compares the
// unscaled logits: a positive scale keeps their order, and two logits a rounding apart stay apart.
//
// Two entry points share the scan (`scan`), chosen per adapter by the host (plan.ts):
//   main       reduces the workgroup's invocations in workgroup memory (a tree with barriers)
//              and writes one Partial per (row, split): for GPUs, where barriers are cheap.
//   main_flat  has no barrier: every invocation writes its own Partial, (row, split, lane), and
//              pass 2 merges WG times more of them. CPU drivers (SwiftShader) run a workgroup
//              with a barrier as one coroutine per 4-lane slice, switched at every barrier; a
//              barrier-free workgroup runs as one plain call.
//
// Rows start at r·V, which is not a multiple of 4 when V is odd (50257), so the slice is read as
// vec4 and the row's first and last vec4 are masked by index. Logits are finite or −inf (the
// parsers refuse NaN and +inf, src/io/logits-file.ts): −inf needs no mask, as every exponent is
// clamped at −126 before exp2 (2^−126 ≈ 1.2e−38 adds nothing to a sum ≥ 1), so −inf gives
// exp2(−126) and a finite t, and never counts as a maximum or as above the target.
// An empty state is encoded as r = −1 (Σ exp = 0); merges test it with `select`, never with inf.

override WG: u32 = 256;

struct Params {
  vocab: u32,          // V
  rows: u32,           // rows in this chunk
  splits: u32,         // workgroups per row (dispatch x)
  vec4PerSplit: u32,   // vec4 loads per split
  rowBase: u32,        // index of the chunk's first row in `targets`
  partsPerRow: u32,    // Partials per row: splits (main) or splits · WG (main_flat)
  scale: f32,          // every logit is read as x · scale (> 0); 1 for the loss, 1/T for z / T
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
@group(0) @binding(2) var<storage, read_write> partials: array<Partial>; // (rows, partsPerRow)
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> wm: array<f32, WG>;
var<workgroup> wr: array<f32, WG>;
var<workgroup> wt: array<f32, WG>;
var<workgroup> wa: array<u32, WG>;

// The empty state's running max, and what masked lanes read as (lower, so never a maximum).
const EMPTY: f32 = -3.0e38;
const MASKED: f32 = -3.3e38;
// Exponents are in powers of two: e^d = 2^(d·log2 e). exp2 skips the multiply inside exp, and
// a clamp at −126 keeps every term a normal float.
const LOG2E: f32 = 1.4426950408889634;
const LN2: f32 = 0.6931471805599453;
const FLOOR2: f32 = -126.0;

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

// One invocation's online state, exponents in powers of two (y = (x − m)·log2 e, e = 2^y):
//   m = running max,  n = #{e = 1},  q = Σ_{e<1} e,  t = Σ e · y,  above = #{x > x_target}.
// The maximal element's exact 1 never enters a float sum (r = q + n − 1 at the end), so a
// dominant row keeps r ≪ 1 to full precision. e = 1 exactly for x = m (and for x within 2^−25
// of m, whose e rounds to 1 anyway).
//
// The state is five scalars, not one per vec4 component: a CPU driver keeps an invocation's
// vec4 in four SIMD registers (one per component, four invocations across each), so four-lane
// state and eight loaded vec4s need ~50 registers where x86 has 16, and every op then goes
// through memory. Scalar state measured 2× faster on SwiftShader; a GPU does not mind either.
struct State {
  m: f32,
  n: f32,
  q: f32,
  t: f32,
  above: u32,
}

// Raises the max to include `blockMax`: one rescale exp2 per block of logits.
fn raise(s: State, blockMax: f32) -> State {
  let mNew = max(s.m, blockMax);
  let up = mNew > s.m;
  let dm = max((s.m - mNew) * LOG2E, FLOOR2);   // ≤ 0
  let c = exp2(dm);
  let sum = s.q + s.n;
  return State(mNew, select(s.n, 0.0, up), select(s.q, sum * c, up), select(s.t, c * (s.t + dm * sum), up), s.above);
}

// Four logits into a state whose max already covers them: one exp2 per logit; e ∈ (0, 1], so
// floor(e) is 1 for a maximal logit and 0 otherwise, which splits e between n and q without a
// compare; the rank is one compare and select-add against x_target. `xs` is x · scale, what the
// sums see; the rank compares the unscaled x with the unscaled x_target.
fn absorb(s: State, x: vec4<f32>, xs: vec4<f32>, xt: f32) -> State {
  let y = max((xs - s.m) * LOG2E, vec4<f32>(FLOOR2));
  let e = exp2(y);
  let top = floor(e);
  let a = select(vec4<u32>(0u), vec4<u32>(1u), x > vec4<f32>(xt));
  return State(
    s.m,
    s.n + ((top.x + top.y) + (top.z + top.w)),
    s.q + (((e.x - top.x) + (e.y - top.y)) + ((e.z - top.z) + (e.w - top.w))),
    s.t + ((e.x * y.x + e.y * y.y) + (e.z * y.z + e.w * y.w)),
    s.above + ((a.x + a.y) + (a.z + a.w)),
  );
}

fn hmax(x: vec4<f32>) -> f32 {
  return max(max(x.x, x.y), max(x.z, x.w));
}

// This invocation's Partial of (split, row): the vec4s lid, lid + WG, lid + 2·WG, … of the slice.
fn scan(split: u32, row: u32, lid: u32) -> Partial {
  let V = params.vocab;
  let sc = params.scale;
  let rowStart = row * V;
  let rowEnd = rowStart + V;
  let firstVec = rowStart / 4u;
  let endVec = (rowEnd + 3u) / 4u;
  let lastVec = endVec - 1u;
  let sliceStart = firstVec + split * params.vec4PerSplit;
  let sliceEnd = min(sliceStart + params.vec4PerSplit, endVec);

  // The target's logit, for the rank. A −inf target ranks below every finite logit.
  let ti = rowStart + u32(targets[params.rowBase + row]);
  let xt = max(logits[ti / 4u][ti % 4u], EMPTY);   // unscaled: only the rank reads it

  var s = State(EMPTY, 0.0, 0.0, 0.0, 0u);

  // The row's first and last vec4 may hold other rows' logits; one invocation takes them, masked.
  if (lid == 0u) {
    let lanes = vec4<u32>(0u, 1u, 2u, 3u);
    for (var k = 0u; k < 2u; k++) {
      let v = select(firstVec, lastVec, k == 1u);
      if (v < sliceStart || v >= sliceEnd || (k == 1u && lastVec == firstVec)) { continue; }
      let idx = vec4<u32>(v * 4u) + lanes;
      let inRow = (idx >= vec4<u32>(rowStart)) & (idx < vec4<u32>(rowEnd));
      // Masked after scaling, so a masked lane stays below EMPTY at any scale.
      let x = select(vec4<f32>(MASKED), logits[v], inRow);
      let xs = select(vec4<f32>(MASKED), logits[v] * sc, inRow);
      s = absorb(raise(s, hmax(xs)), x, xs, xt);
    }
  }

  // The body: whole vec4s inside the row, consecutive invocations on consecutive vec4s. Two
  // vec4s per invocation per step, so the max is raised (one rescale exp2) once per 8 logits
  // (four measured slower on SwiftShader: more registers); then the tail, one vec4 at a time, so
  // no load needs a mask.
  let bodyStart = max(sliceStart, firstVec + 1u);
  let bodyEnd = min(sliceEnd, lastVec);
  var v = bodyStart + lid;
  for (; v + WG < bodyEnd; v += 2u * WG) {
    let xa = logits[v];
    let xb = logits[v + WG];
    let xsa = xa * sc;
    let xsb = xb * sc;
    s = raise(s, max(hmax(xsa), hmax(xsb)));
    s = absorb(absorb(s, xa, xsa, xt), xb, xsb, xt);
  }
  for (; v < bodyEnd; v += WG) {
    let x = logits[v];
    let xs = x * sc;
    s = absorb(raise(s, hmax(xs)), x, xs, xt);
  }

  // r = q + (n − 1), t back to natural units; a state that saw no logit (n = 0) is empty (r = −1).
  let r = select(s.q + (s.n - 1.0), -1.0, s.n == 0.0);
  return Partial(s.m, r, s.t * LN2, s.above);
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let split = wid.x;
  // Rows are dealt out grid-stride: the host may launch fewer row groups than rows.
  for (var row = wid.y; row < params.rows; row += nwg.y) {
    let p = scan(split, row, lid);
    wm[lid] = p.m;
    wr[lid] = p.r;
    wt[lid] = p.t;
    wa[lid] = p.above;
    workgroupBarrier();
    // Tree reduction over the workgroup (WG is a power of two, set by the host).
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
      if (lid < stride) {
        let q = merge(
          Partial(wm[lid], wr[lid], wt[lid], wa[lid]),
          Partial(wm[lid + stride], wr[lid + stride], wt[lid + stride], wa[lid + stride]),
        );
        wm[lid] = q.m;
        wr[lid] = q.r;
        wt[lid] = q.t;
        wa[lid] = q.above;
      }
      workgroupBarrier();
    }
    if (lid == 0u) {
      partials[row * params.partsPerRow + split] = Partial(wm[0], wr[0], wt[0], wa[0]);
    }
    // wm/wr/wt/wa are reused by the next row.
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn main_flat(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let split = wid.x;
  for (var row = wid.y; row < params.rows; row += nwg.y) {
    partials[row * params.partsPerRow + split * WG + lid] = scan(split, row, lid);
  }
}
