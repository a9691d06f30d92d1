/**
 * The benchmark loop shared by the browser page and the Node runner: for each shape, make one
 * seeded input, compute the float64 CPU reference loss, then time every implementation on it.
 */
import { crossEntropyCpu } from '../../src/math/cross-entropy';
import { formatShape, type Shape3 } from '../../src/math/1-logits';
import { makeInput, type BenchInput } from './data';
import { DEFAULT_SHAPES, logitBytes, repPlan } from './shapes';
import { sample, summarise } from './stats';
import type { BenchRow, ImplName } from './report';

/** One implementation's inputs, resident on its device. */
export interface Loaded {
  /** Computes the mean loss from the resident inputs and reads it back to the CPU (nats). */
  compute(): Promise<number>;
  release(): void | Promise<void>;
}

export interface Impl {
  readonly name: ImplName;
  /** False for read-baseline, whose number is a checksum of the logits, not a loss. */
  readonly computesLoss: boolean;
  /** Puts the inputs on the device; not timed. */
  load(input: BenchInput): Promise<Loaded>;
  /** A Float32Array in, the loss out: upload, compute, read back, free. */
  endToEnd(input: BenchInput): Promise<number>;
}

/** An implementation that could not start (no device, library failed): every row says why. */
export function unavailable(name: ImplName, why: string): Impl {
  const fail = () => Promise.reject(new Error(why));
  return { name, computesLoss: name !== 'read-baseline', load: fail, endToEnd: fail };
}

export interface SuiteOptions {
  /** Default: DEFAULT_SHAPES. */
  shapes?: readonly Shape3[];
  /** Timed repetitions for every shape; default: repPlan's size-dependent count. */
  reps?: number;
  seed?: number;
  log?: (line: string) => void;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

function skipped(shape: Shape3, impl: ImplName, why: string): BenchRow {
  return { shape: [...shape], impl, computeMs: null, e2eMs: null, gbPerS: null, absErr: null, skipped: why };
}

async function timeImpl(impl: Impl, input: BenchInput, reference: number, reps?: number): Promise<BenchRow> {
  const plan = repPlan(input.shape, reps);
  const loaded = await impl.load(input);
  let compute;
  try {
    compute = await sample(() => loaded.compute(), plan.warmup, plan.reps);
  } finally {
    await loaded.release();
  }
  const e2e = await sample(() => impl.endToEnd(input), plan.warmup, plan.reps);
  const computeMs = summarise(compute.samples);
  return {
    shape: [...input.shape],
    impl: impl.name,
    computeMs,
    e2eMs: summarise(e2e.samples),
    // bytes of logits / compute median: GB/s = bytes / (ms · 1e6)
    gbPerS: logitBytes(input.shape) / (computeMs.median * 1e6),
    absErr: impl.computesLoss ? Math.abs(compute.last - reference) : null,
  };
}

export async function runSuite(impls: readonly Impl[], options: SuiteOptions): Promise<BenchRow[]> {
  const log = options.log ?? (() => {});
  const rows: BenchRow[] = [];
  for (const shape of options.shapes ?? DEFAULT_SHAPES) {
    const label = formatShape(shape);
    let input: BenchInput;
    let reference: number;
    try {
      log(`${label}: generating ${(logitBytes(shape) / 1e6).toFixed(1)} MB of logits`);
      input = makeInput(shape, options.seed);
      reference = crossEntropyCpu(input.batch).loss;
    } catch (error) {
      const why = `input could not be prepared (${reason(error)})`;
      log(`${label}: skipped, ${why}`);
      for (const impl of impls) rows.push(skipped(shape, impl.name, why));
      continue;
    }
    for (const impl of impls) {
      log(`${label}: ${impl.name}`);
      try {
        rows.push(await timeImpl(impl, input, reference, options.reps));
      } catch (error) {
        log(`${label}: ${impl.name} skipped: ${reason(error)}`);
        rows.push(skipped(shape, impl.name, reason(error)));
      }
    }
  }
  return rows;
}
