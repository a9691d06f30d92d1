import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch, row, withTemperature } from '../../math';
import { lazyPModelBatch, logitsKey, logitsRow, pModelOf, pModelSource } from './p-model-batch';
import { pModelBatch } from './random-model';

const book = makeBatch(new Float32Array(2 * 3 * 11), [2, 3, 11], [1, 4, 10, 0, -100, 7]);

describe('the lazy p-model batch', () => {
  it('holds exactly pModelBatch’s logits, built when first read', () => {
    const lazy = lazyPModelBatch(book, 0.37);
    expect(pModelOf(lazy)).toEqual({ p: 0.37 });
    expect(Array.from(lazy.logits)).toEqual(Array.from(pModelBatch(book, 0.37).logits));
    expect(lazy.logits).toBe(lazy.logits); // built once
    expect(crossEntropyCpu(lazy)).toEqual(crossEntropyCpu(pModelBatch(book, 0.37)));
  });

  it('gives each row alone, as the whole tensor holds it, without building the tensor', () => {
    const lazy = lazyPModelBatch(book, 0.8);
    const whole = pModelBatch(book, 0.8);
    for (let r = 0; r < 6; r++) expect(Array.from(logitsRow(lazy, r))).toEqual(Array.from(row(whole, r)));
    // An ordinary batch: a view into its logits.
    expect(logitsRow(whole, 2)).toEqual(row(whole, 2));
  });

  it('is keyed by itself; other batches by their logits; a copy is not a p-model batch', () => {
    const lazy = lazyPModelBatch(book, 0.5);
    expect(logitsKey(lazy)).toBe(lazy);
    expect(logitsKey(book)).toBe(book.logits);
    const scaled = withTemperature(lazy, 2);
    expect(pModelOf(scaled)).toBeUndefined();
    expect(logitsKey(scaled)).toBe(scaled.logits);
  });

  it('as a source keeps the texts and inputs of the one it is made from', () => {
    const inputs = new Int32Array(6);
    const first = pModelSource({ batch: book, inputs }, 0.2);
    const moved = pModelSource(first, 0.6);
    expect(moved.kind).toBe('p-model');
    expect(moved.inputs).toBe(inputs);
    expect(moved.batch.targets).toBe(book.targets);
    expect(pModelOf(moved.batch)).toEqual({ p: 0.6 });
    expect(moved.label).toBe('a model that gives the right word p = 0.6');
  });
});
