/**
 * The WebGPU engine (WGSL through Dawn) against every PyTorch golden case: the same comparison
 * as the CPU math, loss / perplexity / log p within 1e-5 relative and ranks exact.
 *
 * Each case runs four ways: with the adapter's own limits and tuning, with many small splits per
 * row (so the merge of partial (m, r, t, above) states is exercised on every row), with the other
 * pass 1 of xent-rows.wgsl (the workgroup tree where the adapter runs the barrier-free one, and
 * the reverse), and — for the tensor over 128 MiB — with WebGPU's default 128 MiB binding limit,
 * which forces several chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XentEngine } from '../src/engine';
import { expectMatchesGolden, goldenCase, goldenCases } from './golden';
import { nodeEngine } from './node-gpu';

const fast = goldenCases().filter((c) => !c.slow);

describe('engine matches PyTorch', () => {
  let engine: XentEngine;
  let split: XentEngine;
  let other: XentEngine;
  beforeAll(async () => {
    engine = await nodeEngine();
    other = await nodeEngine({}, { flat: !engine.tuning.flat });
    // Slices of 8 vec4 per workgroup (a 50,257-wide row becomes ~1,600 partial states), and only
    // 3 workgroups along the rows, so each takes every third row.
    split = await nodeEngine({}, { targetWorkgroups: 65_535, minVec4PerSplit: 8, maxRowGroups: 3 });
  });
  afterAll(() => {
    engine.destroy();
    split.destroy();
    other.destroy();
  });

  it.each(fast.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await engine.score(c.batch());
    expect(result.backend).toBe('webgpu');
    expectMatchesGolden(result, c);
  });

  it.each(fast.map((c) => [c.name, c] as const))(
    '%s, rows split into many workgroups, three row groups',
    async (_name, c) => {
      expectMatchesGolden(await split.score(c.batch()), c);
    },
  );

  it.each(fast.map((c) => [c.name, c] as const))('%s, the other pass 1', async (_name, c) => {
    expect(other.tuning.flat).toBe(!engine.tuning.flat);
    expectMatchesGolden(await other.score(c.batch()), c);
  });

  it('the book prints loss 10.7940 and perplexity 48725.8', async () => {
    const result = await engine.score(goldenCase('book-ch05').batch());
    expect(result.loss.toFixed(4)).toBe('10.7940');
    expect(result.perplexity.toFixed(1)).toBe('48725.8');
    expect(result.tokens.map((t) => t.rank)).toEqual([258, 7247, 37218, 40358, 877, 49549]);
  });
});

describe('a tensor larger than one 128 MiB binding', () => {
  for (const c of goldenCases().filter((c) => c.slow)) {
    it(`${c.name} is chunked under the default limits and still matches`, async () => {
      const engine = await nodeEngine({ limits: 'default' });
      try {
        expect(engine.maxBindingBytes).toBeLessThanOrEqual(128 * 2 ** 20);
        const batch = c.batch();
        expect(batch.logits.byteLength).toBeGreaterThan(engine.maxBindingBytes);
        const gpu = engine.upload(batch.logits, batch.shape);
        expect(gpu.chunks.length).toBeGreaterThan(1);
        const result = await engine.scoreUploaded(gpu, batch.targets, batch.ignoreIndex);
        gpu.destroy();
        expectMatchesGolden(result, c);
      } finally {
        engine.destroy();
      }
    });
  }
});
