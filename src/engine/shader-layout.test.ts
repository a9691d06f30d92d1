/**
 * One source of truth for what TypeScript and WGSL share: the host writes structs by field
 * order, so the WGSL struct declarations are reflected here and compared with plan.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ADAM_FIELDS, packStruct, SHAPE_FIELDS, XENT_SHAPE_FIELDS } from '../train/uniforms';
import {
  HISTOGRAM_MAX_BINS,
  PARTIAL_FIELDS,
  ROW_OUT_FIELDS,
  TOPK_MAX,
  XENT_PARAMS_F32,
  XENT_PARAMS_FIELDS,
} from './plan';

const shader = (name: string) => readFileSync(new URL(`../../shaders/${name}`, import.meta.url), 'utf8');

/** Field names and types of `struct Name { ... }` in WGSL source. */
function structFields(source: string, name: string): { field: string; type: string }[] {
  const body = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(source)?.[1];
  if (body === undefined) throw new Error(`struct ${name} not found`);
  return body
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\w+)\s*:\s*(\w+)\s*,?$/.exec(line);
      if (!m) throw new Error(`cannot read struct field "${line}"`);
      return { field: m[1]!, type: m[2]! };
    });
}

describe('WGSL structs match the host', () => {
  it.each(['xent-rows.wgsl', 'xent-merge.wgsl'])('Params in %s', (file) => {
    const fields = structFields(shader(file), 'Params');
    expect(fields.map((f) => f.field)).toEqual([...XENT_PARAMS_FIELDS]);
    expect(fields.map((f) => f.type)).toEqual(
      XENT_PARAMS_FIELDS.map((f) => (XENT_PARAMS_F32.includes(f) ? 'f32' : 'u32')),
    );
  });

  it.each(['xent-rows.wgsl', 'xent-merge.wgsl'])('Partial in %s', (file) => {
    expect(structFields(shader(file), 'Partial').map((f) => f.field)).toEqual([...PARTIAL_FIELDS]);
  });

  it('RowOut in xent-merge.wgsl', () => {
    const fields = structFields(shader('xent-merge.wgsl'), 'RowOut');
    expect(fields.map((f) => f.field)).toEqual([...ROW_OUT_FIELDS]);
    // 4-byte scalars only, so the host can read the array as Float32Array / Uint32Array.
    expect(fields.every((f) => f.type === 'f32' || f.type === 'u32')).toBe(true);
  });

  it('top-k and histogram capacities', () => {
    expect(shader('row-topk.wgsl')).toMatch(new RegExp(`const K: u32 = ${TOPK_MAX}u;`));
    expect(shader('logprob-histogram.wgsl')).toMatch(
      new RegExp(`const MAX_BINS: u32 = ${HISTOGRAM_MAX_BINS}u;`),
    );
    expect(shader('logprob-histogram.wgsl')).toMatch(
      new RegExp(`array<atomic<u32>, ${HISTOGRAM_MAX_BINS + 1}>`),
    );
  });

  it('every kernel opens with the formula it computes', () => {
    for (const f of ['xent-rows', 'xent-merge', 'row-probs', 'row-topk', 'logprob-histogram']) {
      expect(shader(`${f}.wgsl`).startsWith('//')).toBe(true);
    }
  });
});

describe('the training kernels’ shared structs (train-common.wgsl) match src/train/uniforms.ts', () => {
  it.each([
    ['Shape', SHAPE_FIELDS],
    ['XentShape', XENT_SHAPE_FIELDS],
    ['AdamParams', ADAM_FIELDS],
  ] as const)('%s', (name, fields) => {
    const declared = structFields(shader('train-common.wgsl'), name);
    expect(declared.map((f) => [f.field, f.type])).toEqual(fields.map(([n, t]) => [n, t]));
    // A uniform struct's size is a multiple of 16 bytes.
    expect((fields.length * 4) % 16).toBe(0);
  });

  it('packs u32 and f32 fields in order, padding with 0', () => {
    const bytes = packStruct(XENT_SHAPE_FIELDS, { V: 7, V4: 2, N: 3, R: 1, chunks: 16, chunk4: 1 });
    expect([...new Uint32Array(bytes)]).toEqual([7, 2, 3, 1, 16, 1, 0, 0]);
    const adam = packStruct(ADAM_FIELDS, {
      nE: 1,
      nRest4: 2,
      d: 3,
      restStart4: 4,
      stepSize: 0.5,
      bc2Sqrt: 0.25,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      oneMinusBeta1: 0.1,
      oneMinusBeta2: 0.001,
    });
    expect([...new Uint32Array(adam, 0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...new Float32Array(adam, 16, 7)]).toEqual(
      [0.5, 0.25, 0.9, 0.999, 1e-8, 0.1, 0.001].map(Math.fround),
    );
  });

  it('no kernel declares them again; each says where they come from', () => {
    const kernels = readdirSync(new URL('../../shaders/', import.meta.url)).filter(
      (f) => f.startsWith('train-') && f !== 'train-common.wgsl',
    );
    expect(kernels.length).toBeGreaterThan(5);
    for (const f of kernels) {
      const source = shader(f);
      expect(source, f).not.toMatch(/struct (Shape|XentShape|AdamParams)\b/);
      expect(source.startsWith('//'), f).toBe(true);
      expect(source, f).toMatch(/comes from train-common\.wgsl/);
    }
  });
});
