// Pass 2 of the loss: one invocation per row merges the row's `partsPerRow` partial states
// (m, r, t, above) from pass 1 — same merge rule as there — and reads the target logit x_t.
//
// Output per row, for the host to finish in float64:
//   log-sum-exp = m + log1p(r)
//   −log p_t    = (m − x_t) + log1p(r)
//   H           = log1p(r) − t / (1 + r)
//   rank        = above + 1
// flags bit 0: x_t is not finite (−inf), so −log p_t = +inf; bit 1: the row has no finite logit.

override WG: u32 = 64;

struct Params {
  vocab: u32,
  rows: u32,
  splits: u32,
  vec4PerSplit: u32,
  rowBase: u32,
  partsPerRow: u32,
  scale: f32,          // x_t is read as x_t · scale, as pass 1 reads every logit
  _pad2: u32,
}

struct Partial {
  m: f32,
  r: f32,
  t: f32,
  above: u32,
}

struct RowOut {
  m: f32,
  r: f32,
  t: f32,
  above: u32,
  xt: f32,
  flags: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;           // the chunk, (rows·V)
@group(0) @binding(1) var<storage, read> targets: array<i32>;          // (all rows)
@group(0) @binding(2) var<storage, read> partials: array<Partial>;     // (rows, splits)
@group(0) @binding(3) var<storage, read_write> out: array<RowOut>;     // (all rows)
@group(0) @binding(4) var<uniform> params: Params;

const EXP_MASK: u32 = 0x7f800000u;

fn merge(a: Partial, b: Partial) -> Partial {
  if (b.r < -0.5) { return Partial(a.m, a.r, a.t, a.above + b.above); }
  if (a.r < -0.5) { return Partial(b.m, b.r, b.t, a.above + b.above); }
  var hi = a;
  var lo = b;
  if (b.m > a.m) { hi = b; lo = a; }
  let d = lo.m - hi.m;
  let c = exp(d);
  let sLo = lo.r + 1.0;
  return Partial(hi.m, hi.r + sLo * c, hi.t + c * (lo.t + d * sLo), a.above + b.above);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= params.rows) { return; }
  var p = partials[row * params.partsPerRow];
  for (var s = 1u; s < params.partsPerRow; s++) {
    p = merge(p, partials[row * params.partsPerRow + s]);
  }
  let xt = logits[row * params.vocab + u32(targets[params.rowBase + row])] * params.scale;
  var flags = 0u;
  if ((bitcast<u32>(xt) & EXP_MASK) == EXP_MASK) { flags |= 1u; }
  if (p.r < -0.5) { flags |= 2u; }
  out[params.rowBase + row] = RowOut(p.m, p.r, p.t, p.above, select(xt, 0.0, (flags & 1u) != 0u), flags, 0u, 0u);
}
