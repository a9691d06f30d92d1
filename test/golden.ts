/**
 * The PyTorch golden cases (test/fixtures/golden/cases.json, written by scripts/golden/make_golden.py)
 * and the one comparison every back end must pass: the CPU math here, the WebGPU engine in its tests.
 *
 * Tolerances: loss, perplexity and every token's logProb, loss, entropy and logSumExp within 1e-5
 * relative of the float64 reference; an absolute 1e-12 only where the reference is exactly 0; ranks,
 * counts, targets and ignored flags exactly; infinities exactly; NaN only where the reference is NaN.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { fileToBatch, parseLogitsFile } from '../src/io';
import { makeBatch, type LogitsBatch, type Shape3, type XentResult } from '../src/math';
import { synthesize, toNumber, type JsonNumber, type SyntheticSpec } from './synthetic';

export const REL_TOL = 1e-5;
/** Agreement demanded where the reference is exactly 0 (e.g. a loss below float64's reach). */
export const ABS_FLOOR = 1e-12;

export type GoldenSource = { kind: 'npz'; path: string } | { kind: 'synthetic'; spec: SyntheticSpec };

/** One token's reference values (nats); logProb, loss and rank are NaN for an ignored token. */
export interface GoldenToken {
  target: number;
  ignored: boolean;
  logProb: number;
  loss: number;
  /** 1 + #{logits strictly above the target's}. */
  rank: number;
  entropy: number;
  logSumExp: number;
}

export interface GoldenExpected {
  /** Mean loss over non-ignored tokens, float64 (NaN when none). */
  loss: number;
  perplexity: number;
  count: number;
  /** `F.cross_entropy` on the float32 logits, for the record. */
  torchFloat32Loss: number;
  tokens: GoldenToken[];
}

export interface GoldenCase {
  name: string;
  description: string;
  shape: Shape3;
  ignoreIndex: number;
  /** The stored dtype; float16 is widened exactly to float32 by the reader. */
  dtype: 'float32' | 'float16';
  /** Logits over 128 MiB as float32 (the default WebGPU binding limit): slow, so callers may skip it. */
  slow: boolean;
  source: GoldenSource;
  expected: GoldenExpected;
  /** argmax token id per row (the book's case only). */
  argmax?: number[];
  /** Synthetic cases: checksum and [element index, float32 bits] samples of the logits Python generated. */
  check?: { checksum: number; samples: [number, number][] };
  /** The logits and targets, rebuilt from the generator or read from the committed file. */
  batch(): LogitsBatch;
}

interface RawCase {
  name: string;
  description: string;
  shape: [number, number, number];
  ignoreIndex: number;
  dtype: 'float32' | 'float16';
  slow: boolean;
  source: GoldenSource;
  argmax?: number[];
  check?: { checksum: number; samples: [number, number][] };
  expected: {
    loss: JsonNumber;
    perplexity: JsonNumber;
    count: number;
    torchFloat32Loss: JsonNumber;
    tokens: {
      target: number[];
      ignored: boolean[];
      logProb: (JsonNumber | null)[];
      loss: (JsonNumber | null)[];
      rank: (number | null)[];
      entropy: JsonNumber[];
      logSumExp: JsonNumber[];
    };
  };
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A committed file, by its path from the repository root. */
export function readRepoFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(REPO_ROOT + path));
}

function optional(x: JsonNumber | null | undefined): number {
  return x === null || x === undefined ? NaN : toNumber(x);
}

function toCase(raw: RawCase): GoldenCase {
  const t = raw.expected.tokens;
  const shape: Shape3 = [raw.shape[0], raw.shape[1], raw.shape[2]];
  const source = raw.source;
  return {
    name: raw.name,
    description: raw.description,
    shape,
    ignoreIndex: raw.ignoreIndex,
    dtype: raw.dtype,
    slow: raw.slow,
    source,
    ...(raw.argmax ? { argmax: raw.argmax } : {}),
    ...(raw.check ? { check: raw.check } : {}),
    expected: {
      loss: toNumber(raw.expected.loss),
      perplexity: toNumber(raw.expected.perplexity),
      count: raw.expected.count,
      torchFloat32Loss: toNumber(raw.expected.torchFloat32Loss),
      tokens: t.target.map((target, i) => ({
        target,
        ignored: t.ignored[i]!,
        logProb: optional(t.logProb[i]),
        loss: optional(t.loss[i]),
        rank: optional(t.rank[i]),
        entropy: optional(t.entropy[i]),
        logSumExp: optional(t.logSumExp[i]),
      })),
    },
    batch(): LogitsBatch {
      if (source.kind === 'npz') {
        return fileToBatch(parseLogitsFile(readRepoFile(source.path), source.path), raw.ignoreIndex);
      }
      const { logits, targets } = synthesize(source.spec, shape, raw.ignoreIndex);
      return makeBatch(logits, shape, targets, { ignoreIndex: raw.ignoreIndex });
    },
  };
}

let cached: GoldenCase[] | undefined;

/** Every golden case, in the order the script wrote them. Filter on `slow` to skip the 141 MB one. */
export function goldenCases(): GoldenCase[] {
  if (!cached) {
    const json = JSON.parse(readFileSync(REPO_ROOT + 'test/fixtures/golden/cases.json', 'utf8')) as {
      cases: RawCase[];
    };
    cached = json.cases.map(toCase);
  }
  return cached;
}

export function goldenCase(name: string): GoldenCase {
  const c = goldenCases().find((g) => g.name === name);
  if (!c) throw new Error(`No golden case named ${name}.`);
  return c;
}

/** Whether `actual` agrees with the float64 reference under the tolerances above. */
export function agrees(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (expected === 0) return Math.abs(actual) <= ABS_FLOOR;
  return Math.abs(actual - expected) <= REL_TOL * Math.abs(expected);
}

/** Asserts a result against a golden case, listing every disagreement (up to 20) when any. */
export function expectMatchesGolden(result: XentResult, c: GoldenCase): void {
  const failures: string[] = [];
  const e = c.expected;
  const near = (what: string, actual: number, expected: number) => {
    if (!agrees(actual, expected)) failures.push(`${what}: got ${actual}, PyTorch ${expected}`);
  };
  const same = (what: string, actual: unknown, expected: unknown) => {
    if (!Object.is(actual, expected))
      failures.push(`${what}: got ${String(actual)}, PyTorch ${String(expected)}`);
  };
  same('shape', result.shape.join(','), c.shape.join(','));
  same('count', result.count, e.count);
  near('loss', result.loss, e.loss);
  near('perplexity', result.perplexity, e.perplexity);
  same('tokens', result.tokens.length, e.tokens.length);
  e.tokens.forEach((want, i) => {
    const got = result.tokens[i];
    if (!got) return;
    const at = `token ${i}`;
    same(`${at} target`, got.target, want.target);
    same(`${at} ignored`, got.ignored, want.ignored);
    near(`${at} entropy`, got.entropy, want.entropy);
    near(`${at} logSumExp`, got.logSumExp, want.logSumExp);
    if (want.ignored) {
      // The result type's contract: an ignored token has no loss (NaN), not PyTorch's 0.
      near(`${at} loss (ignored)`, got.loss, NaN);
      near(`${at} logProb (ignored)`, got.logProb, NaN);
      return;
    }
    near(`${at} logProb`, got.logProb, want.logProb);
    near(`${at} loss`, got.loss, want.loss);
    same(`${at} rank`, got.rank, want.rank);
  });
  const shown = failures.slice(0, 20);
  if (failures.length > shown.length) shown.push(`… and ${failures.length - shown.length} more`);
  expect(failures.length, `${c.name} disagrees with PyTorch:\n${shown.join('\n')}`).toBe(0);
}
