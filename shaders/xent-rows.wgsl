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
// The empty state's running max, and what masked lanes read as (lower, so never a maximum).
const EMPTY: f32 = -3.0e38;
const MASKED: f32 = -3.3e38;

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
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let split = wid.x;
  // Rows are dealt out grid-stride: a CPU driver pays per workgroup, so the host may launch
  // fewer row groups than rows; a GPU gets one workgroup per row.
  for (var row = wid.y; row < params.rows; row += nwg.y) {
    xentRow(split, row, lid);
    // wm/wr/wt/wa are reused by the next row.
    workgroupBarrier();
  }
}

fn xentRow(split: u32, row: u32, lid: u32) {

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

  // Four lanes (one per vec4 component), each with its own online state:
  //   m = running max,  n = #{x = m},  q = Σ_{x<m} e^(x−m),  t = Σ e^(x−m)(x−m).
  // At the end r = q + (n − 1): the maximal element's exact 1 never enters a float sum, so a
  // dominant row keeps r ≪ 1 to full precision. Logits are taken four vec4 at a time: the max
  // is raised once per block (one rescale exp per lane), then each logit costs one exp:
  //   d = x − m ≤ 0:  n += [d = 0],  q += [d < 0]·e^d,  t += e^d·d.
  // Arguments of exp are clamped at −88 so nothing relies on exp underflowing to 0 (e^−88 ≈
  // 6e−39 is far below float32 resolution of a sum ≥ 1). Masked lanes (other rows, −inf) read
  // as MASKED, below the empty state's m = EMPTY, so they never count as a maximum.
  var m4 = vec4<f32>(EMPTY);
  var n4 = vec4<f32>(0.0);
  var q4 = vec4<f32>(0.0);
  var t4 = vec4<f32>(0.0);
  var above = vec4<u32>(0u);
  let xt4 = vec4<f32>(xt);
  let lanes = vec4<u32>(0u, 1u, 2u, 3u);
  let floor4 = vec4<f32>(-88.0);
  let zero4 = vec4<f32>(0.0);
  let one4 = vec4<f32>(1.0);
  let masked4 = vec4<f32>(MASKED);

  // The row's first and last vec4 may hold other rows' logits; one invocation takes them, masked.
  let lastVec = endVec - 1u;
  if (lid == 0u) {
    for (var k = 0u; k < 2u; k++) {
      let v = select(firstVec, lastVec, k == 1u);
      if (v < sliceStart || v >= sliceEnd || (k == 1u && lastVec == firstVec)) { continue; }
      let idx = vec4<u32>(v * 4u) + lanes;
      let raw = logits[v];
      let x = select(masked4, raw, (idx >= vec4<u32>(rowStart)) & (idx < vec4<u32>(rowEnd)) & finite4(raw));
      let mNew = max(m4, x);
      let up = mNew > m4;
      let dm = max(m4 - mNew, floor4);
      let c = exp(dm);
      let s = q4 + n4;
      q4 = select(q4, s * c, up);
      t4 = select(t4, c * (t4 + dm * s), up);
      n4 = select(n4, zero4, up);
      m4 = mNew;
      above += select(vec4<u32>(0u), vec4<u32>(1u), x > xt4);
      let d = max(x - m4, floor4);
      let e = exp(d);
      let eq = d == zero4;
      n4 += select(zero4, one4, eq);
      q4 += select(e, zero4, eq);
      t4 += e * d;
    }
  }

  // The body: whole vec4 inside the row, consecutive invocations on consecutive vec4, four
  // vec4 per invocation per iteration (past the end they read as masked).
  let bodyStart = max(sliceStart, firstVec + 1u);
  let bodyEnd = min(sliceEnd, lastVec);
  for (var v = bodyStart + lid; v < bodyEnd; v += 4u * WG) {
    let ra = logits[v];
    let rb = logits[min(v + WG, bodyEnd - 1u)];
    let rc = logits[min(v + 2u * WG, bodyEnd - 1u)];
    let rd = logits[min(v + 3u * WG, bodyEnd - 1u)];
    let xa = select(masked4, ra, finite4(ra));
    let xb = select(masked4, rb, finite4(rb) & vec4<bool>(v + WG < bodyEnd));
    let xc = select(masked4, rc, finite4(rc) & vec4<bool>(v + 2u * WG < bodyEnd));
    let xd = select(masked4, rd, finite4(rd) & vec4<bool>(v + 3u * WG < bodyEnd));

    let mNew = max(m4, max(max(xa, xb), max(xc, xd)));
    let up = mNew > m4;
    let dm = max(m4 - mNew, floor4);
    let c = exp(dm);
    let s = q4 + n4;
    q4 = select(q4, s * c, up);
    t4 = select(t4, c * (t4 + dm * s), up);
    n4 = select(n4, zero4, up);
    m4 = mNew;

    above += select(vec4<u32>(0u), vec4<u32>(1u), xa > xt4) + select(vec4<u32>(0u), vec4<u32>(1u), xb > xt4)
      + select(vec4<u32>(0u), vec4<u32>(1u), xc > xt4) + select(vec4<u32>(0u), vec4<u32>(1u), xd > xt4);
    let da = max(xa - m4, floor4);
    let db = max(xb - m4, floor4);
    let dc = max(xc - m4, floor4);
    let dd = max(xd - m4, floor4);
    let ea = exp(da);
    let eb = exp(db);
    let ec = exp(dc);
    let ed = exp(dd);
    n4 += (select(zero4, one4, da == zero4) + select(zero4, one4, db == zero4))
      + (select(zero4, one4, dc == zero4) + select(zero4, one4, dd == zero4));
    q4 += (select(ea, zero4, da == zero4) + select(eb, zero4, db == zero4))
      + (select(ec, zero4, dc == zero4) + select(ed, zero4, dd == zero4));
    t4 += (ea * da + eb * db) + (ec * dc + ed * dd);
  }

  // r = q + (n − 1); a lane that saw no logit (n = 0) is empty (r = −1). Fold the four lanes
  // with the same merge as the workgroup reduction.
  let r4 = select(q4 + (n4 - one4), vec4<f32>(-1.0), n4 == zero4);
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
