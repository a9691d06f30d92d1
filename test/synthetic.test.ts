/**
 * The TypeScript generator rebuilds, bit for bit, the float32 logits and the targets that
 * make_golden.py generated and scored with PyTorch.
 */
import { describe, expect, it } from 'vitest';
import { goldenCases } from './golden';
import { checksum, synthesize } from './synthetic';

const synthetic = goldenCases().filter((c) => c.source.kind === 'synthetic');

describe('synthetic logits match the Python generator', () => {
  it('covers every case but the book and the float16 file', () => {
    expect(synthetic.length).toBe(goldenCases().length - 2);
  });

  it.each(synthetic.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.source.kind !== 'synthetic' || !c.check) throw new Error(`${c.name} has no generator check`);
    const { logits, targets } = synthesize(c.source.spec, c.shape, c.ignoreIndex);
    const bits = new Uint32Array(logits.buffer);
    const sampled = c.check.samples.map(([i]) => [i, bits[i]]);
    expect(sampled).toEqual(c.check.samples);
    expect(checksum(logits)).toBe(c.check.checksum);
    expect(Array.from(targets)).toEqual(c.expected.tokens.map((t) => t.target));
  });

  it('the checksum sees a one-bit change and a swap of two elements', () => {
    const c = synthetic.find((g) => g.name === 'vocab-1000')!;
    if (c.source.kind !== 'synthetic') throw new Error('vocab-1000 is synthetic');
    const { logits } = synthesize(c.source.spec, c.shape, c.ignoreIndex);
    const base = checksum(logits);
    const bits = new Uint32Array(logits.buffer);
    bits[123] = bits[123]! ^ 1;
    expect(checksum(logits)).not.toBe(base);
    bits[123] = bits[123]! ^ 1;
    expect(checksum(logits)).toBe(base);
    [bits[5], bits[6]] = [bits[6]!, bits[5]!];
    expect(checksum(logits)).not.toBe(base);
  });
});
