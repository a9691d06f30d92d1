import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch } from '../../math';
import { rowDetailCpu } from '../compute/row-detail';
import type { Shown } from '../state';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken } from './logits-row';

describe('formatLogit', () => {
  it('writes 3 decimals with a true minus, other magnitudes as formatNumber', () => {
    expect(formatLogit(2.2)).toBe('2.200');
    expect(formatLogit(-2.2113)).toBe('−2.211');
    expect(formatLogit(0)).toBe('0.000');
    expect(formatLogit(-0.0004)).toBe('−4.000e−4');
    expect(formatLogit(123456)).toBe('123,456');
    expect(formatLogit(-Infinity)).toBe('−∞');
  });
});

describe('tokenLabel and tokenSpoken', () => {
  const decode = (id: number) => (id === 339 ? ' he' : '?');
  it('show the leading space, or the id without a vocabulary', () => {
    expect(tokenLabel(339, decode)).toBe('␣he');
    expect(tokenLabel(339, null)).toBe('#339');
    expect(tokenSpoken(339, decode)).toBe('“ he”');
    expect(tokenSpoken(339, null)).toBe('token 339');
  });
});

describe('rowOfShown', () => {
  const shownOf = (logits: Float32Array): Shown => {
    const batch = makeBatch(logits, [1, 2, 3], [0, 1]);
    return {
      result: crossEntropyCpu(batch),
      source: { label: 'test', isExample: false, kind: 'file', batch, inputs: null },
    };
  };
  it('keeps a row of the logits on screen and drops one of other logits', () => {
    const shown = shownOf(Float32Array.of(1, 2, 3, 4, 5, 6));
    const row = rowDetailCpu(shown.source.batch, 0, 1);
    expect(rowOfShown(row, shown)).toBe(row);
    expect(rowOfShown(null, shown)).toBeNull();
    const other = shownOf(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(rowOfShown(row, other)).toBeNull();
  });
});
