/** Statistics shared by the page benchmarks (run-app.mjs, run-lm.mjs). */

/** The q-quantile of sorted values by nearest rank (with 3 or 5 runs, p95 is the slowest). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Median, p95 (nearest rank), min and max of the finite values, rounded to `step` (0.1 ms by
 * default; 0.001 for a layout-shift score).
 */
export function stats(values, step = 0.1) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const k = Math.round(1 / step);
  const r = (x) => (x === null || x === undefined ? null : Math.round(x * k) / k);
  return {
    n: sorted.length,
    median: r(quantile(sorted, 0.5)),
    p95: r(quantile(sorted, 0.95)),
    min: r(sorted[0]),
    max: r(sorted[sorted.length - 1]),
  };
}
