import { describe, expect, test } from 'vitest';
import { decodeFloats, decodeInts, widenFloat16 } from './dtype';
import { refusal } from './test-helpers';

const bits = (...halves: number[]) => widenFloat16(new Uint16Array(halves));

describe('float16 → float32 widening', () => {
  test('known values: ±max, smallest normal, subnormals, zeros, infinities, NaN', () => {
    expect([...bits(0x3c00, 0xc000, 0x7bff, 0xfbff, 0x0400, 0x0001, 0x8001, 0x03ff)]).toEqual([
      1,
      -2,
      65504,
      -65504,
      2 ** -14,
      2 ** -24,
      -(2 ** -24),
      1023 * 2 ** -24,
    ]);
    const [zero, negZero, inf, negInf, nan] = bits(0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00);
    expect(Object.is(zero, 0)).toBe(true);
    expect(Object.is(negZero, -0)).toBe(true);
    expect([inf, negInf]).toEqual([Infinity, -Infinity]);
    expect(nan).toBeNaN();
    expect(bits(0x3555)[0]).toBe(Math.fround(0.333251953125)); // nearest half to 1/3
  });

  test('all 63,488 finite positive and negative halves widen exactly and in order', () => {
    // Positive patterns 0x0000..0x7bff are increasing values; negatives mirror them. Every value
    // must be a float32 (fround is the identity) with at most 11 significant bits.
    const positive = widenFloat16(Uint16Array.from({ length: 0x7c00 }, (_, h) => h));
    const negative = widenFloat16(Uint16Array.from({ length: 0x7c00 }, (_, h) => h | 0x8000));
    for (let h = 1; h < 0x7c00; h++) {
      const x = positive[h]!;
      expect(x > positive[h - 1]!).toBe(true);
      expect(Object.is(negative[h], -x)).toBe(true);
      const exponent = Math.floor(Math.log2(x));
      const ulp = 2 ** Math.max(exponent - 10, -24);
      expect(Number.isInteger(x / ulp)).toBe(true);
    }
  });

  test('decodeFloats copies to aligned storage whatever the source offset', () => {
    const source = new Uint8Array(1 + 8);
    source.set(new Uint8Array(new Float32Array([1.5, -3]).buffer), 1);
    expect([...decodeFloats('float32', source.subarray(1))]).toEqual([1.5, -3]);
    const halves = new Uint8Array([0, 0x00, 0x3c, 0x00, 0xc0]);
    expect([...decodeFloats('float16', halves.subarray(1))]).toEqual([1, -2]);
  });
});

describe('integer decoding', () => {
  test('each integer dtype becomes Int32Array with the same values', () => {
    const from = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    expect([...decodeInts('targets', 'int8', from(new Int8Array([-100, 5, 127])), [3])]).toEqual([
      -100, 5, 127,
    ]);
    expect([...decodeInts('targets', 'uint8', from(new Uint8Array([0, 200, 255])), [3])]).toEqual([
      0, 200, 255,
    ]);
    expect([...decodeInts('targets', 'int16', from(new Int16Array([-100, 30000])), [2])]).toEqual([
      -100, 30000,
    ]);
    expect([...decodeInts('targets', 'int32', from(new Int32Array([-100, 50256])), [2])]).toEqual([
      -100, 50256,
    ]);
    const int64 = from(new BigInt64Array([-100n, 50256n, 2147483647n, -2147483648n]));
    expect([...decodeInts('targets', 'int64', int64, [4])]).toEqual([-100, 50256, 2147483647, -2147483648]);
  });

  test('int64 values outside int32 are refused with their position', () => {
    const from = (values: bigint[]) => new Uint8Array(new BigInt64Array(values).buffer);
    expect(refusal(() => decodeInts('targets', 'int64', from([1n, 2n, 3n, 2n ** 31n]), [2, 2]))).toBe(
      'targets has the value 2147483648 at (batch 1, position 1), outside the int32 range; it must hold token ids (0 ≤ id < vocab) or ignore_index.',
    );
    expect(refusal(() => decodeInts('inputs', 'int64', from([-(2n ** 31n) - 1n]), [1]))).toMatch(
      /^inputs has the value -2147483649 at \(batch 0, position 0\)/,
    );
  });
});
