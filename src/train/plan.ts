/**
 * A set of (input, target) positions regrouped for a bigram model. The logits at a position
 * depend only on its input token, so positions sharing an input share one row of V logits:
 *   rows   — the distinct input tokens u_r, r = 0 … R−1 (R ≤ N), in order of first appearance;
 *   pairs  — the distinct (row, target) pairs, sorted by row, with their count n_p;
 *   count  — c_r = Σ_{p in row r} n_p, the positions whose input is u_r.
 * With N positions the mean loss is (1/N) Σ_p n_p (lse_r − z_r[y_p]) and the gradient of the
 * loss with respect to row r's logits is dz_r = (c_r · softmax(z_r) − Σ_{p in r} n_p · onehot(y_p)) / N,
 * exactly what per-position rows would sum to. Because rows are distinct tokens, adding dz_r's
 * back-propagated dh_r into E[u_r] never collides (no atomics, no scatter races).
 */

export interface RowPlan {
  /** N, the number of positions. */
  positions: number;
  /** (R,) the distinct input token ids. */
  rowTokens: Uint32Array;
  /** (R,) c_r, positions per row. */
  rowCounts: Uint32Array;
  /** (R + 1,) pairs of row r are pairStart[r] … pairStart[r+1] − 1. */
  pairStart: Uint32Array;
  /** (P,) target id of each pair. */
  pairTargets: Uint32Array;
  /** (P,) n_p, positions with this (input, target). */
  pairCounts: Uint32Array;
  /** (P,) the row of each pair. */
  pairRows: Uint32Array;
}

/** Groups positions t (input inputs[t], target targets[t]) by input token, then by target. */
export function planRows(inputs: ArrayLike<number>, targets: ArrayLike<number>, vocab: number): RowPlan {
  if (inputs.length !== targets.length) {
    throw new RangeError(`${inputs.length} inputs but ${targets.length} targets.`);
  }
  const rowOf = new Map<number, number>();
  const perRow: Map<number, number>[] = [];
  for (let t = 0; t < inputs.length; t++) {
    const x = inputs[t]!;
    const y = targets[t]!;
    for (const id of [x, y]) {
      if (!Number.isInteger(id) || id < 0 || id >= vocab) {
        throw new RangeError(`token id ${id} is outside the vocabulary [0, ${vocab}).`);
      }
    }
    let r = rowOf.get(x);
    if (r === undefined) {
      r = perRow.length;
      rowOf.set(x, r);
      perRow.push(new Map());
    }
    const targetsOfRow = perRow[r]!;
    targetsOfRow.set(y, (targetsOfRow.get(y) ?? 0) + 1);
  }
  const R = perRow.length;
  const P = perRow.reduce((s, m) => s + m.size, 0);
  const plan: RowPlan = {
    positions: inputs.length,
    rowTokens: Uint32Array.from(rowOf.keys()),
    rowCounts: new Uint32Array(R),
    pairStart: new Uint32Array(R + 1),
    pairTargets: new Uint32Array(P),
    pairCounts: new Uint32Array(P),
    pairRows: new Uint32Array(P),
  };
  let p = 0;
  perRow.forEach((targetsOfRow, r) => {
    plan.pairStart[r] = p;
    const sorted = [...targetsOfRow.entries()].sort((a, b) => a[0] - b[0]);
    for (const [y, n] of sorted) {
      plan.pairTargets[p] = y;
      plan.pairCounts[p] = n;
      plan.pairRows[p] = r;
      plan.rowCounts[r] = plan.rowCounts[r]! + n;
      p++;
    }
  });
  plan.pairStart[R] = p;
  return plan;
}

/** The positions of a token sequence: input ids[t], target ids[t+1], t = 0 … n−2. */
export function positionsOf(ids: readonly number[]): { inputs: number[]; targets: number[] } {
  return { inputs: ids.slice(0, -1), targets: ids.slice(1) };
}

/**
 * Splits a sequence's positions: the last ⌈frac · (n−1)⌉ positions (at least one when there are
 * two or more) validate, the rest train. Validation positions are never trained on.
 */
export function splitPositions(ids: readonly number[], valFraction: number) {
  const { inputs, targets } = positionsOf(ids);
  const n = inputs.length;
  const frac = Math.min(0.9, Math.max(0, valFraction));
  const nVal = n < 2 || frac === 0 ? 0 : Math.min(n - 1, Math.max(1, Math.round(frac * n)));
  const cut = n - nVal;
  return {
    train: { inputs: inputs.slice(0, cut), targets: targets.slice(0, cut) },
    val: { inputs: inputs.slice(cut), targets: targets.slice(cut) },
  };
}
