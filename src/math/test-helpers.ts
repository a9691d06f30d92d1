/**
 * Shared by the math's property tests: small random batches (fast-check arbitraries) and the
 * message of the XentInputError a call must throw.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { XentInputError } from '../errors';
import { makeBatch, type LogitsBatch } from './1-logits';

/** Few, small runs: each property is cheap, the suite stays fast. */
export const RUNS = { numRuns: 60 } as const;

/**
 * Logits on a grid of 1/256 in [−40, 40]: exact in float32, and adding an integer shift up to
 * ±1000 stays exact, so shifted rows differ by exactly the shift.
 */
export const gridLogit = fc.integer({ min: -40 * 256, max: 40 * 256 }).map((k) => k / 256);

/** Logits from a handful of values: ties everywhere. */
export const coarseLogit = fc.integer({ min: -3, max: 3 });

export interface BatchOptions {
  maxB?: number;
  maxT?: number;
  maxV?: number;
  logit?: fc.Arbitrary<number>;
}

/** A valid (B, T, V) float32 batch with targets in [0, V) and the default ignore_index. */
export function batchArb({ maxB = 2, maxT = 3, maxV = 40, logit = gridLogit }: BatchOptions = {}) {
  return fc
    .record({
      B: fc.integer({ min: 1, max: maxB }),
      T: fc.integer({ min: 1, max: maxT }),
      V: fc.integer({ min: 2, max: maxV }),
    })
    .chain(({ B, T, V }) =>
      fc
        .record({
          logits: fc.array(logit, { minLength: B * T * V, maxLength: B * T * V }),
          targets: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: B * T, maxLength: B * T }),
        })
        .map(({ logits, targets }) => makeBatch(Float32Array.from(logits), [B, T, V], targets)),
    );
}

/** The same batch with other targets (ignore_index where `ignore` says so). */
export function withTargets(batch: LogitsBatch, targets: ArrayLike<number>, ignoreIndex = batch.ignoreIndex) {
  return makeBatch(batch.logits, batch.shape, targets, { ignoreIndex });
}

/** |a − b| ≤ rel · |b|, with equality required for non-finite b. */
export function expectClose(a: number, b: number, rel = 1e-12): void {
  if (!Number.isFinite(b)) {
    expect(a).toBe(b);
    return;
  }
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
}

export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XentInputError);
    return (error as Error).message;
  }
  throw new Error('expected an XentInputError, but the call succeeded');
}
