import { describe, expect, it } from 'vitest';
import { bitsPerByte, inUnit, perplexityIn, toNats } from './units';

describe('units', () => {
  it('converts nats to bits by dividing by ln 2', () => {
    expect(inUnit(Math.LN2, 'bits')).toBe(1);
    expect(inUnit(10.793964408126953, 'bits')).toBeCloseTo(15.57238, 4);
    expect(inUnit(3, 'nats')).toBe(3);
  });
  it('round-trips', () => {
    for (const x of [0, 1e-9, 1, 10.8, 700]) expect(toNats(inUnit(x, 'bits'), 'bits')).toBeCloseTo(x, 12);
  });
  it('gives the same perplexity in either unit', () => {
    const nats = 10.793964408126953;
    expect(perplexityIn(inUnit(nats, 'bits'), 'bits')).toBeCloseTo(perplexityIn(nats, 'nats'), 6);
    expect(perplexityIn(nats, 'nats')).toBeCloseTo(48725.822667721666, 6);
  });
  it('bits per byte is the total information over the bytes', () => {
    // 4 tokens at ln 2 nats each (1 bit each) over 8 bytes: half a bit per byte.
    expect(bitsPerByte(Math.LN2, 4, 8)).toBeCloseTo(0.5, 15);
    // A uniform guess among 256 byte values costs 8 bits per byte, however the bytes are grouped.
    expect(bitsPerByte(Math.log(256), 10, 10)).toBeCloseTo(8, 12);
    expect(bitsPerByte(Math.log(256 ** 2), 5, 10)).toBeCloseTo(8, 12);
    expect(bitsPerByte(1, 1, 0)).toBeNaN();
  });
});
