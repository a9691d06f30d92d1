import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, MAX_WORKGROUPS_PER_DIM, planChunks, planSplits, vec4PerRow } from './plan';

const MiB = 2 ** 20;

describe('planChunks', () => {
  it('keeps a small tensor in one chunk, padded to 16 bytes', () => {
    const [c, ...rest] = planChunks([2, 3, 50257], 128 * MiB);
    expect(rest).toHaveLength(0);
    expect(c).toEqual({ firstRow: 0, rows: 6, elements: 6 * 50257, bufferBytes: 1206176 });
    expect(c!.bufferBytes % 16).toBe(0);
    expect(c!.bufferBytes).toBeGreaterThanOrEqual(6 * 50257 * 4);
  });

  it('splits 1024 × 50257 floats (206 MB) into whole-row chunks under a 128 MiB binding', () => {
    const chunks = planChunks([1, 1024, 50257], 128 * MiB);
    expect(chunks.length).toBe(2);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(1024);
    for (const c of chunks) expect(c.bufferBytes).toBeLessThanOrEqual(128 * MiB);
    expect(chunks[1]!.firstRow).toBe(chunks[0]!.rows);
  });

  it('never puts more than 65,535 rows in one dispatch', () => {
    const chunks = planChunks([1, 200_000, 2], 1024 * MiB);
    expect(chunks.every((c) => c.rows <= MAX_WORKGROUPS_PER_DIM)).toBe(true);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(200_000);
  });

  it('refuses a row larger than a binding, in words', () => {
    expect(() => planChunks([1, 1, 40_000_000], 128 * MiB)).toThrow(
      /exceeds this GPU's largest buffer binding/,
    );
  });
});

describe('planSplits', () => {
  it('cuts the rows of a small batch into several workgroups', () => {
    const s = planSplits(6, 50257);
    expect(s.splits).toBeGreaterThan(1);
    expect(s.splits * s.vec4PerSplit).toBeGreaterThanOrEqual(vec4PerRow(50257));
    expect(s.vec4PerSplit).toBeGreaterThanOrEqual(DEFAULT_TUNING.minVec4PerSplit);
  });

  it('keeps one workgroup per row when rows already fill the GPU', () => {
    expect(planSplits(4096, 50257).splits).toBe(1);
  });

  it('covers every vec4 of a row for any vocabulary', () => {
    for (const V of [2, 3, 7, 1000, 50257, 262144]) {
      const s = planSplits(1, V, { ...DEFAULT_TUNING, minVec4PerSplit: 1 });
      expect(s.splits * s.vec4PerSplit).toBeGreaterThanOrEqual(vec4PerRow(V));
      expect((s.splits - 1) * s.vec4PerSplit).toBeLessThan(vec4PerRow(V));
    }
  });
});
