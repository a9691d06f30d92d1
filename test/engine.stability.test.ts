/**
 * The stability lab's kernel (shaders/stability-lab.wgsl) on Dawn against its float32 CPU twin
 * (src/math/stability.ts), on the book's rows and on small rows: finite values within float32
 * tolerance, inf and NaN where the twin has them.
 *
 * Where the twin and a GPU may legitimately differ, the test says so rather than hiding it:
 * - a GPU may flush subnormal results (|x| < 2^−126) to 0, so a twin value that small may be 0;
 * - WGSL leaves log outside (0, ∞) undefined: where the naive p is 0 the twin's −log p is inf and
 *   where it is NaN the twin's is NaN, while a GPU may return anything (SwiftShader: log(0) =
 *   −88.03, the log of 2^−127, and log(NaN) = 89.13), so the naive −log p of a zero or NaN p is
 *   logged, not compared. The page shows what the device returned.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  stabilityOnGpu,
  STABILITY_OUT_FIELDS,
  STABILITY_PARAMS_FIELDS,
  STABILITY_WG,
} from '../src/engine/stability';
import type { XentEngine } from '../src/engine';
import { row } from '../src/math';
import { stabilityCpu, type StabilityInput, type StabilityValues } from '../src/math/stability';
import { goldenCase } from './golden';
import { nodeEngine } from './node-gpu';

const F32_MIN_NORMAL = 2 ** -126;
/** Relative agreement of finite f32 values: sums of 50,257 terms and a few-ulp exp and log. */
const REL = 2e-5;

const FLOAT_FIELDS = [
  'zTarget',
  'naiveSum',
  'naiveExpTarget',
  'naiveP',
  'naiveNegLog',
  'max',
  'stableSum',
  'logSumExp',
  'stableP',
  'stableNegLog',
] as const;

function expectClose(name: string, gpu: number, cpu: number): void {
  const where = `${name}: GPU ${gpu}, twin ${cpu}`;
  if (Number.isNaN(cpu)) return expect(gpu, where).toBeNaN();
  if (!Number.isFinite(cpu)) return expect(gpu, where).toBe(cpu);
  if (Math.abs(cpu) < F32_MIN_NORMAL) return expect(Math.abs(gpu), where).toBeLessThan(F32_MIN_NORMAL);
  expect(Number.isFinite(gpu), where).toBe(true);
  // Absolute floor for values near 0 that are differences of larger ones (e.g. −log p ≈ 0).
  expect(Math.abs(gpu - cpu), where).toBeLessThanOrEqual(REL * Math.abs(cpu) + 1e-6);
}

/** The GPU's values against the twin's; naive −log p of a zero or NaN p is the device's own. */
function expectAgrees(gpu: StabilityValues, cpu: StabilityValues): void {
  for (const name of FLOAT_FIELDS) {
    // log of 0, NaN, or of a subnormal p the GPU may have flushed to 0.
    if (name === 'naiveNegLog' && !(Math.abs(cpu.naiveP) >= F32_MIN_NORMAL)) continue;
    expectClose(name, gpu[name], cpu[name]);
  }
  expect(gpu.expInf).toBe(cpu.expInf);
  expect(gpu.pInf).toBe(cpu.pInf);
  expect(gpu.pNaN).toBe(cpu.pNaN);
  // Subnormal naive p_j may be flushed to 0 on a GPU: at least the twin's zeros.
  expect(gpu.pZero).toBeGreaterThanOrEqual(cpu.pZero);
}

/** A value as the lab prints it, for the test's log (JSON would write inf and NaN as null). */
const show = (v: StabilityValues) =>
  Object.entries(v)
    .map(([k, x]) => `${k} ${String(x)}`)
    .join(', ');

describe('stability lab kernel', () => {
  let engine: XentEngine;
  const book = goldenCase('book-ch05');
  const batch = book.batch();

  beforeAll(async () => {
    engine = await nodeEngine();
  });
  afterAll(() => engine.destroy());

  const run = (input: StabilityInput) => stabilityOnGpu(engine.device, input);

  it('the host and the WGSL agree on struct layout and workgroup size', () => {
    const src = readFileSync(new URL('../shaders/stability-lab.wgsl', import.meta.url), 'utf8');
    const fields = (name: string) =>
      /struct\s+(\w+)\s*\{([^}]*)\}/g
        .exec(src.slice(src.indexOf(`struct ${name}`)))![2]!
        .split('\n')
        .map((l) => l.replace(/\/\/.*$/, '').trim())
        .filter(Boolean)
        .map((l) => l.split(':')[0]!.trim());
    expect(fields('Params')).toEqual([...STABILITY_PARAMS_FIELDS]);
    expect(fields('Out')).toEqual([...STABILITY_OUT_FIELDS]);
    expect(src).toMatch(new RegExp(`const WG: u32 = ${STABILITY_WG}u;`));
    expect(src.startsWith('//')).toBe(true);
  });

  it('book row 1 at scale 1: all finite, naive ≈ stable, and as the twin', async () => {
    const input = { logits: row(batch, 0), scale: 1, target: batch.targets[0]!, push: 0 };
    const gpu = await stabilityOnGpu(engine.device, input, { probs: true });
    const cpu = stabilityCpu(input);
    expectAgrees(gpu, cpu);
    for (const name of FLOAT_FIELDS) expect(Number.isFinite(gpu[name]), name).toBe(true);
    expect(Math.abs(gpu.naiveNegLog - gpu.stableNegLog)).toBeLessThan(1e-4);
    expect(Math.abs(gpu.stableNegLog - book.expected.tokens[0]!.loss)).toBeLessThan(1e-4);
    // The naive p_j sum to 1 and match exp(z_j) / Σ.
    let sum = 0;
    for (const p of gpu.probs!) sum += p;
    expect(Math.abs(sum - 1)).toBeLessThan(1e-4);
  });

  it('every book row, across the overflow: scales 10 to 150 and pushes, as the twin', async () => {
    for (let r = 0; r < 6; r++) {
      for (const scale of [10, 30, 40, 60, 100, 150]) {
        for (const push of [0, 40]) {
          const input = { logits: row(batch, r), scale, target: batch.targets[r]!, push };
          expectAgrees(await run(input), stabilityCpu(input));
        }
      }
    }
  });

  it('at scale 100 the naive path is inf / NaN and the stable one finite', async () => {
    const input = { logits: row(batch, 0), scale: 100, target: batch.targets[0]!, push: 0 };
    const gpu = await run(input);
    console.info(`book row 1, s = 100, GPU: ${show(gpu)}`);
    expect(gpu.naiveSum).toBe(Infinity);
    expect(gpu.expInf).toBeGreaterThan(0);
    expect(gpu.pNaN).toBe(gpu.expInf);
    for (const x of [gpu.max, gpu.stableSum, gpu.logSumExp, gpu.stableNegLog]) {
      expect(Number.isFinite(x)).toBe(true);
    }
  });

  it('pushing the target down: p underflows to 0, the stable −log p stays finite', async () => {
    // Δ = 150 puts z_t − log-sum-exp ≈ −160, beyond even subnormals (−104).
    const input = { logits: row(batch, 1), scale: 1, target: batch.targets[1]!, push: 150 };
    const gpu = await run(input);
    const cpu = stabilityCpu(input);
    console.info(
      `book row 2, Δ = 150: GPU naive p ${gpu.naiveP}, −log p ${gpu.naiveNegLog}; twin ${cpu.naiveNegLog}`,
    );
    expectAgrees(gpu, cpu);
    expect(gpu.naiveP).toBe(0);
    expect(Number.isFinite(gpu.stableNegLog)).toBe(true);
    expect(Math.abs(gpu.stableNegLog - (book.expected.tokens[1]!.loss + 150))).toBeLessThan(1e-3);
  });

  it('small rows: a partial workgroup, the target overflowing, exact small sums', async () => {
    const cases: StabilityInput[] = [
      { logits: Float32Array.from([1, 2, 3, -1]), scale: 1, target: 1, push: 0 },
      { logits: Float32Array.from([1, 0.5, -1]), scale: 100, target: 1, push: 0 },
      { logits: Float32Array.from([1, 0]), scale: 100, target: 0, push: 0 },
      {
        logits: Float64Array.from({ length: 1000 }, (_, j) => Math.sin(j) * 3),
        scale: 29.5,
        target: 7,
        push: 20,
      },
    ];
    for (const input of cases) expectAgrees(await run(input), stabilityCpu(input));
  });

  it('bad input is refused before any GPU work', async () => {
    await expect(run({ logits: Float32Array.from([1]), scale: 1, target: 3, push: 0 })).rejects.toThrow(
      /target must be/,
    );
  });
});
