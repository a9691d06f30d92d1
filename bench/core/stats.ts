/** Wall-clock sampling and the two statistics the benchmark reports. */

export interface Timing {
  /** Milliseconds. */
  median: number;
  min: number;
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0]! };
}

/**
 * Runs `fn` `warmup` times untimed, then `reps` times timed one after another (each awaited, so a
 * GPU run includes its readback). Returns the samples in ms and the value of the last run; reps ≥ 1.
 */
export async function sample<T>(
  fn: () => Promise<T>,
  warmup: number,
  reps: number,
): Promise<{ samples: number[]; last: T }> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    last = await fn();
    samples.push(performance.now() - start);
  }
  return { samples, last: last as T };
}
