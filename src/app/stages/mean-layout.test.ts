import { describe, expect, it } from 'vitest';
import { nestedList, shownTerms, torchScalar, torchSnippet } from './mean-layout';

describe('the PyTorch snippet', () => {
  it('prints a scalar as PyTorch does', () => {
    expect(torchScalar(10.793964408126953)).toBe('tensor(10.7940)');
    expect(torchScalar(0)).toBe('tensor(0.0000)');
    expect(torchScalar(123456789)).toBe('tensor(1.2346e+08)');
    expect(torchScalar(0.00001234)).toBe('tensor(1.2340e-05)');
    expect(torchScalar(NaN)).toBe('tensor(nan)');
    expect(torchScalar(Infinity)).toBe('tensor(inf)');
  });

  it('writes (B, T) ids as a nested list', () => {
    expect(nestedList(Int32Array.from([3626, 6100, 345, 1107, 588, 11311]), 2, 3)).toBe(
      '[[3626, 6100, 345], [1107, 588, 11311]]',
    );
    expect(nestedList([7], 1, 1)).toBe('[[7]]');
  });

  it('has the targets, the call and the printed loss', () => {
    const code = torchSnippet({
      targets: [3626, 6100, 345, 1107, 588, 11311],
      shape: [2, 3, 50257],
      ignoreIndex: -100,
      lossNats: 10.793964408126953,
      bits: false,
    });
    expect(code).toContain('torch.tensor([[3626, 6100, 345], [1107, 588, 11311]])');
    expect(code).toContain('F.cross_entropy(logits.flatten(0, 1), targets.flatten())');
    expect(code).toContain('# tensor(10.7940)');
    expect(code).not.toContain('math.log');
  });

  it('passes a non-default ignore_index and prints bits when asked', () => {
    const code = torchSnippet({
      targets: [1, 2],
      shape: [1, 2, 5],
      ignoreIndex: 0,
      lossNats: Math.LN2,
      bits: true,
    });
    expect(code).toContain('ignore_index=0)');
    expect(code).toContain('print(loss / math.log(2))  # in bits: tensor(1.0000)');
  });

  it('loads many targets from a file instead of listing them', () => {
    const code = torchSnippet({
      targets: new Int32Array(8 * 1024),
      shape: [8, 1024, 50257],
      ignoreIndex: -100,
      lossNats: 3,
      bits: false,
    });
    expect(code).toContain('torch.load');
    expect(code.length).toBeLessThan(1000);
  });
});

describe('shownTerms', () => {
  it('keeps few terms and elides the middle of many', () => {
    expect(shownTerms([1, 2, 3])).toEqual([1, 2, 3]);
    expect(shownTerms([1, 2, 3, 4, 5, 6, 7, 8], 4)).toEqual([1, 2, 3, null, 8]);
  });
});
