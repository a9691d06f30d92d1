/** The benchmark's output: the JSON report and the Markdown table printed from it. */
import type { Timing } from './stats';

export type ImplName = 'xent-webgpu' | 'cpu' | 'onnxruntime-web' | 'tfjs' | 'read-baseline';

export interface BenchRow {
  /** [B, T, V] */
  shape: number[];
  impl: ImplName;
  /** Inputs already on the device, loss read back to the CPU (ms). */
  computeMs: Timing | null;
  /** A Float32Array in, the loss out (ms). */
  e2eMs: Timing | null;
  /** Bytes of float32 logits / compute median, in 1e9 bytes per second. */
  gbPerS: number | null;
  /** |loss − float64 CPU loss| in nats; null for read-baseline (no loss). */
  absErr: number | null;
  /** Present only when the row could not run: why. */
  skipped?: string;
}

export interface BenchReport {
  environment: Record<string, unknown>;
  rows: BenchRow[];
}

const PEERS: readonly ImplName[] = ['onnxruntime-web', 'tfjs'];

function ms(x: number | undefined): string {
  if (x === undefined) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function shapeKey(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/** Per shape: xent-webgpu compute median / the faster peer's, and / the CPU's (below 1: xent is faster). */
export function ratioLines(rows: readonly BenchRow[]): string[] {
  const shapes = [...new Set(rows.map((r) => shapeKey(r.shape)))];
  return shapes.map((key) => {
    const median = (impl: ImplName) =>
      rows.find((r) => shapeKey(r.shape) === key && r.impl === impl)?.computeMs?.median;
    const xent = median('xent-webgpu');
    const peers = PEERS.map((p) => ({ p, t: median(p) })).filter(
      (x): x is { p: ImplName; t: number } => x.t !== undefined,
    );
    const best = peers.sort((a, b) => a.t - b.t)[0];
    const cpu = median('cpu');
    const vsPeer =
      xent !== undefined && best
        ? `${(xent / best.t).toFixed(3)} (best peer: ${best.p})`
        : 'n/a (no timed pair)';
    const vsCpu = xent !== undefined && cpu !== undefined ? (xent / cpu).toFixed(4) : 'n/a (no timed pair)';
    return `${key}: xent/best-peer compute = ${vsPeer}; xent/cpu compute = ${vsCpu}`;
  });
}

export function toMarkdown(report: BenchReport): string {
  const head = [
    '| shape | impl | compute median ms | compute min ms | e2e median ms | e2e min ms | GB/s | absErr |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  const body = report.rows.map((r) =>
    r.skipped !== undefined
      ? `| ${shapeKey(r.shape)} | ${r.impl} | skipped: ${r.skipped.replace(/\|/g, '/')} | | | | | |`
      : `| ${shapeKey(r.shape)} | ${r.impl} | ${ms(r.computeMs?.median)} | ${ms(r.computeMs?.min)} | ${ms(
          r.e2eMs?.median,
        )} | ${ms(r.e2eMs?.min)} | ${r.gbPerS === null ? '–' : r.gbPerS.toFixed(3)} | ${
          r.absErr === null ? '–' : r.absErr.toExponential(2)
        } |`,
  );
  return [...head, ...body, '', ...ratioLines(report.rows).map((l) => `- ${l}`)].join('\n');
}
