import { describe, expect, it } from 'vitest';
import { bitsPerByte, inUnit, perplexityIn } from './units';

describe('units', () => {
  it('bits are nats over ln 2, and the perplexity does not change', () => {
    expect(inUnit(Math.LN2, 'bits')).toBeCloseTo(1, 15);
    expect(perplexityIn(inUnit(2.5, 'bits'), 'bits')).toBeCloseTo(Math.exp(2.5), 12);
  });

  it('bits per byte is the total information over the bytes', () => {
    // 4 tokens at ln 2 nats each (1 bit each) over 8 bytes: half a bit per byte.
    expect(bitsPerByte(Math.LN2, 4, 8)).toBeCloseTo(0.5, 15);
    // A uniform guess among 256 byte values costs 8 bits per byte, whatever the tokens.
    expect(bitsPerByte(Math.log(256), 10, 10)).toBeCloseTo(8, 12);
    expect(bitsPerByte(Math.log(256 ** 2), 5, 10)).toBeCloseTo(8, 12);
    expect(bitsPerByte(1, 1, 0)).toBeNaN();
  });
});
