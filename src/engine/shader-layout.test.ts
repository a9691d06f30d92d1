/**
 * One source of truth for what TypeScript and WGSL share: the host writes structs by field
 * order, so the WGSL struct declarations are reflected here and compared with plan.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_MAX_BINS, PARTIAL_FIELDS, ROW_OUT_FIELDS, TOPK_MAX, XENT_PARAMS_FIELDS } from './plan';

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
    expect(fields.every((f) => f.type === 'u32')).toBe(true);
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
