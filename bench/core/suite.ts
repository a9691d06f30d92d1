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
  /** False for read-baseline and exp-baseline, whose numbers are checksums, not losses. */
  readonly computesLoss: boolean;
  /** Puts the inputs on the device; not timed. */
  load(input: BenchInput): Promise<Loaded>;
  /** A Float32Array in, the loss out: upload, compute, read back, free. */
  endToEnd(input: BenchInput): Promise<number>;
  /** Frees what a library caches between calls, after each shape, so it does not starve the next one. */
  trim?(): Promise<void>;
  /** The library's version, for the report's environment. */
  readonly version?: string;
}

/** An implementation that could not start (no device, library failed): every row says why. */
export function unavailable(name: ImplName, why: string): Impl {
  const fail = () => Promise.reject(new Error(why));
  return {
    name,
    computesLoss: name !== 'read-baseline' && name !== 'exp-baseline',
    load: fail,
    endToEnd: fail,
  };
}

export type Factory = readonly [ImplName, () => Impl | Promise<Impl>];

/**
 * Starts the implementations named in `only` (default: all), in the factories' order. One that
 * fails to start stays in the list as `unavailable`, so its rows say why.
 */
export async function startImpls(factories: readonly Factory[], only?: readonly string[]): Promise<Impl[]> {
  const known: readonly string[] = factories.map(([name]) => name);
  const unknown = (only ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown impl ${unknown.join(', ')}: choose from ${known.join(', ')}.`);
  const impls: Impl[] = [];
  for (const [name, create] of factories) {
    if (only && !only.includes(name)) continue;
    try {
      impls.push(await create());
    } catch (error) {
      impls.push(unavailable(name, reason(error)));
    }
  }
  return impls;
}

export function versions(impls: readonly Impl[]): Record<string, string> {
  return Object.fromEntries(impls.flatMap((i) => (i.version ? [[i.name, i.version]] : [])));
}

export interface SuiteOptions {
  /** Default: DEFAULT_SHAPES. */
  shapes?: readonly Shape3[];
  /** Timed repetitions for every shape; default: repPlan's size-dependent count. */
  reps?: number;
  seed?: number;
  log?: (line: string) => void;
}

/**
 * A loss further than this from the float64 reference (nats) is a failure, not an inaccuracy:
 * float32 paths agree to ~1e-6, so this only catches GPU errors that a library did not raise.
 */
const WRONG_LOSS = 1e-3;

function reason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

function skipped(shape: Shape3, impl: ImplName, why: string): BenchRow {
  return { shape: [...shape], impl, computeMs: null, e2eMs: null, gbPerS: null, absErr: null, skipped: why };
}

function checkLoss(impl: Impl, what: string, loss: number, reference: number): void {
  if (impl.computesLoss && !(Math.abs(loss - reference) <= WRONG_LOSS)) {
    throw new Error(`${what} returned loss ${loss}, but the float64 reference is ${reference}`);
  }
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
  checkLoss(impl, 'compute', compute.last, reference);
  const e2e = await sample(() => impl.endToEnd(input), plan.warmup, plan.reps);
  checkLoss(impl, 'end to end', e2e.last, reference);
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
      await impl.trim?.();
    }
  }
  return rows;
}
