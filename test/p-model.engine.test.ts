/**
 * The p model's logits made on the GPU (src/engine/p-model.ts) are the CPU construction's
 * (pModelBatch, the reference) bit for bit: every row read back equals the CPU row, and the
 * loss scored from them is the loss the engine gives for the uploaded CPU tensor. Run through
 * Dawn on whatever Vulkan driver the machine has (test/node-gpu.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pModelBatch } from '../src/app/compute/random-model';
import { PModelGenerator, type XentEngine } from '../src/engine';
import { crossEntropyCpu, DEFAULT_IGNORE_INDEX, makeBatch, row, type LogitsBatch } from '../src/math';
import { nodeEngine } from './node-gpu';

/** Targets shaped like a batch, with `padding` rows marked ignore_index at the end. */
function like(B: number, T: number, V: number, padding = 0): LogitsBatch {
  const targets = Array.from({ length: B * T }, (_, r) =>
    r >= B * T - padding ? DEFAULT_IGNORE_INDEX : (r * 7919 + 13) % V,
  );
  return makeBatch(new Float32Array(B * T * V), [B, T, V], targets);
}

async function expectSameRows(engine: XentEngine, gen: PModelGenerator, book: LogitsBatch, p: number) {
  const cpu = pModelBatch(book, p);
  const { gpu, made } = gen.generate(book.shape, book.targets, book.ignoreIndex, p);
  try {
    await made;
    const rows = book.shape[0] * book.shape[1];
    for (let r = 0; r < rows; r++) {
      const back = await engine.readRow(gpu, r);
      expect(Array.from(back)).toEqual(Array.from(row(cpu, r)));
    }
    const fromGenerated = await engine.scoreUploaded(gpu, book.targets, book.ignoreIndex);
    const fromUpload = await engine.score(cpu);
    expect(fromGenerated.loss).toBe(fromUpload.loss);
    expect(fromGenerated.tokens).toEqual(fromUpload.tokens);
    // And the math module agrees, as for any tensor: −ln p at every scored row.
    const reference = crossEntropyCpu(cpu);
    expect(Math.abs(fromGenerated.loss - reference.loss)).toBeLessThan(
      1e-5 * Math.abs(reference.loss) + 1e-6,
    );
    fromGenerated.tokens.forEach((t, i) => expect(t.rank).toBe(reference.tokens[i]!.rank));
  } finally {
    gen.recycle(gpu);
  }
}

describe('p-model logits on the GPU = the CPU construction', () => {
  let engine: XentEngine;
  let gen: PModelGenerator;
  beforeAll(async () => {
    engine = await nodeEngine();
    gen = new PModelGenerator(engine);
  });
  afterAll(() => engine.destroy());

  it.each([0.001, 0.05, 0.5, 0.731, 0.999])('the book’s shape (2, 3, 50257) at p = %f', async (p) => {
    await expectSameRows(engine, gen, like(2, 3, 50_257), p);
  });

  it('padding rows (ignore_index) get no hit', async () => {
    await expectSameRows(engine, gen, like(2, 3, 50_257, 2), 0.3);
  });

  it.each([
    [1, 5, 7],
    [3, 2, 2],
    [1, 1, 3],
  ])('small shapes (%i, %i, %i), V not a multiple of 4', async (B, T, V) => {
    await expectSameRows(engine, gen, like(B, T, V, B * T > 1 ? 1 : 0), 0.42);
  });

  it('a recycled tensor is written again in place, with no stale row normaliser', async () => {
    const book = like(2, 3, 50_257);
    const first = gen.generate(book.shape, book.targets, book.ignoreIndex, 0.9);
    await first.made;
    const atFirst = await engine.rowNormaliser(first.gpu, 0);
    gen.recycle(first.gpu);
    const second = gen.generate(book.shape, book.targets, book.ignoreIndex, 0.1);
    expect(second.gpu).toBe(first.gpu);
    await second.made;
    const cpu = pModelBatch(book, 0.1);
    const reference = crossEntropyCpu(cpu);
    const norm = await engine.rowNormaliser(second.gpu, 0);
    expect(norm.m).not.toBe(atFirst.m);
    expect(norm.m).toBe(Math.max(...row(cpu, 0)));
    const scored = await engine.scoreUploaded(second.gpu, book.targets, book.ignoreIndex);
    expect(scored.tokens).toEqual((await engine.score(cpu)).tokens);
    expect(Math.abs(scored.loss - reference.loss)).toBeLessThan(1e-5 * reference.loss);
    gen.recycle(second.gpu);
  });

  it('refuses p outside (0, 1)', () => {
    const book = like(1, 2, 10);
    expect(() => gen.generate(book.shape, book.targets, book.ignoreIndex, 1)).toThrow(/p must be in/);
    expect(() => gen.generate(book.shape, book.targets, book.ignoreIndex, 0)).toThrow(/p must be in/);
  });
});

describe('p-model logits across chunks', () => {
  it('rows on both sides of a chunk boundary (default 128 MiB bindings)', async () => {
    const engine = await nodeEngine({ limits: 'default' });
    try {
      const gen = new PModelGenerator(engine);
      const book = like(1, 700, 50_257, 3); // 141 MB of logits: two chunks
      const p = 0.2;
      const { gpu, made } = gen.generate(book.shape, book.targets, book.ignoreIndex, p);
      try {
        await made;
        expect(gpu.chunks.length).toBeGreaterThan(1);
        const cpu = pModelBatch(book, p);
        const boundary = gpu.chunks[1]!.firstRow;
        for (const r of [0, boundary - 1, boundary, boundary + 1, 699]) {
          expect(Array.from(await engine.readRow(gpu, r))).toEqual(Array.from(row(cpu, r)));
        }
        const fromGenerated = await engine.scoreUploaded(gpu, book.targets, book.ignoreIndex);
        expect(fromGenerated.tokens).toEqual((await engine.score(cpu)).tokens);
      } finally {
        gpu.destroy();
      }
    } finally {
      engine.destroy();
    }
  });
});
