import { describe, expect, it } from 'vitest';
import { T_MAX, T_MIN } from '../state';
import { formatT, ladderIndex, T_LADDER } from './temperature-scale';

describe('the temperature ladder', () => {
  it('runs from T_MIN to T_MAX, increasing, with 0.5, 1 and 2 on it', () => {
    expect(T_LADDER[0]).toBe(T_MIN);
    expect(T_LADDER[T_LADDER.length - 1]).toBe(T_MAX);
    for (let i = 1; i < T_LADDER.length; i++) expect(T_LADDER[i]!).toBeGreaterThan(T_LADDER[i - 1]!);
    for (const T of [0.5, 1, 2]) expect(T_LADDER).toContain(T);
  });

  it('steps by at most 10 % of T, and every value prints exactly with two decimals', () => {
    for (let i = 1; i < T_LADDER.length; i++) {
      expect(T_LADDER[i]! / T_LADDER[i - 1]!).toBeLessThanOrEqual(1.1 + 1e-12);
      expect(Number(formatT(T_LADDER[i]!))).toBe(T_LADDER[i]);
    }
  });

  it('finds every position again, and the nearest one for other values', () => {
    T_LADDER.forEach((T, i) => expect(ladderIndex(T)).toBe(i));
    expect(T_LADDER[ladderIndex(0.537)]).toBe(0.54);
    expect(ladderIndex(0)).toBe(0);
    expect(formatT(0.537)).toBe('0.537');
    expect(formatT(0.5)).toBe('0.50');
    expect(ladderIndex(99)).toBe(T_LADDER.length - 1);
  });
});
