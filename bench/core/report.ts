/** The benchmark's output: the JSON report and the Markdown table printed from it. */
import type { Timing } from './stats';

export type ImplName =
  | 'xent-webgpu'
  | 'cpu'
  | 'onnxruntime-web'
  | 'onnxruntime-web-safe'
  | 'tfjs'
  | 'read-baseline'
  | 'exp-baseline';

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

const PEERS: readonly ImplName[] = ['onnxruntime-web', 'onnxruntime-web-safe', 'tfjs'];

function ms(x: number | undefined): string {
  if (x === undefined) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function shapeKey(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/**
 * Per shape, the goals' ratios (below 1: the engine is faster): engine compute median ÷ each
 * peer's and ÷ the fastest peer's; engine end-to-end median ÷ the CPU path's; and the engine's
 * GB/s as a fraction of the read kernel's.
 */
export function ratioLines(rows: readonly BenchRow[]): string[] {
  const shapes = [...new Set(rows.map((r) => shapeKey(r.shape)))];
  return shapes.map((key) => {
    const row = (impl: ImplName) => rows.find((r) => shapeKey(r.shape) === key && r.impl === impl);
    const xent = row('xent-webgpu')?.computeMs?.median;
    const peers = PEERS.map((p) => ({ p, t: row(p)?.computeMs?.median })).filter(
      (x): x is { p: ImplName; t: number } => x.t !== undefined,
    );
    const parts: string[] = [];
    if (xent !== undefined && peers.length > 0) {
      const best = [...peers].sort((a, b) => a.t - b.t)[0]!;
      parts.push(`xent/best-peer compute = ${(xent / best.t).toFixed(3)} (best peer: ${best.p})`);
      parts.push(...peers.map(({ p, t }) => `xent/${p} = ${(xent / t).toFixed(3)}`));
    } else parts.push('xent/best-peer compute = n/a (no timed pair)');
    const cpu = row('cpu');
    const xentRow = row('xent-webgpu');
    const ratio = (a: number | undefined, b: number | undefined) =>
      a !== undefined && b !== undefined ? (a / b).toFixed(4) : 'n/a (no timed pair)';
    parts.push(`xent/cpu compute = ${ratio(xent, cpu?.computeMs?.median)}`);
    parts.push(`xent/cpu e2e = ${ratio(xentRow?.e2eMs?.median, cpu?.e2eMs?.median)}`);
    const read = row('read-baseline')?.gbPerS;
    if (xentRow?.gbPerS != null && read != null) {
      parts.push(`xent/read-baseline GB/s = ${(xentRow.gbPerS / read).toFixed(3)}`);
    }
    const exp = row('exp-baseline')?.computeMs?.median;
    const ort = row('onnxruntime-web')?.computeMs?.median;
    if (exp !== undefined) parts.push(`xent/exp-baseline compute = ${ratio(xent, exp)}`);
    if (exp !== undefined && ort !== undefined)
      parts.push(`exp-baseline/onnxruntime-web = ${ratio(exp, ort)}`);
    return `${key}: ${parts.join('; ')}`;
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
