/**
 * The golden comparison itself: it must reject results that are off, or every back end's golden
 * test would pass vacuously.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, type TokenLoss, type XentResult } from '../src/math';
import { ABS_FLOOR, REL_TOL, agrees, expectMatchesGolden, goldenCase } from './golden';

function tampered(name: string, change: (r: XentResult) => void): () => void {
  const c = goldenCase(name);
  const result = crossEntropyCpu(c.batch());
  change(result);
  return () => expectMatchesGolden(result, c);
}

function token(r: XentResult, i: number): TokenLoss {
  const t = r.tokens[i];
  if (!t) throw new Error(`no token ${i}`);
  return t;
}

describe('agrees', () => {
  it('allows 1e-5 relative, and only a tiny absolute slack around an exact 0', () => {
    expect(agrees(10 * (1 + 0.9 * REL_TOL), 10)).toBe(true);
    expect(agrees(10 * (1 + 2 * REL_TOL), 10)).toBe(false);
    expect(agrees(ABS_FLOOR / 2, 0)).toBe(true);
    expect(agrees(1e-9, 0)).toBe(false);
    expect(agrees(1e-20, 1e-15)).toBe(false);
  });

  it('matches infinities and NaN exactly', () => {
    expect(agrees(Infinity, Infinity)).toBe(true);
    expect(agrees(1e308, Infinity)).toBe(false);
    expect(agrees(Infinity, 1e308)).toBe(false);
    expect(agrees(NaN, NaN)).toBe(true);
    expect(agrees(0, NaN)).toBe(false);
    expect(agrees(NaN, 1)).toBe(false);
  });
});

describe('expectMatchesGolden rejects', () => {
  it('a mean loss off by 2e-5 relative', () => {
    expect(tampered('vocab-1000', (r) => (r.loss *= 1 + 2e-5))).toThrow(/loss/);
  });

  it("a token's loss, logProb, entropy or log-sum-exp off by 2e-5 relative", () => {
    expect(tampered('vocab-1000', (r) => (token(r, 7).loss *= 1 + 2e-5))).toThrow(/token 7 loss/);
    expect(tampered('vocab-1000', (r) => (token(r, 7).logProb *= 1 + 2e-5))).toThrow(/token 7 logProb/);
    expect(tampered('vocab-1000', (r) => (token(r, 7).entropy *= 1 + 2e-5))).toThrow(/token 7 entropy/);
    expect(tampered('vocab-1000', (r) => (token(r, 7).logSumExp *= 1 + 2e-5))).toThrow(/token 7 logSumExp/);
  });

  it('a rank off by one, a wrong count or a lost ignored flag', () => {
    expect(tampered('book-ch05', (r) => (token(r, 2).rank += 1))).toThrow(/token 2 rank/);
    expect(tampered('ignore-default', (r) => (r.count += 1))).toThrow(/count/);
    expect(tampered('ignore-default', (r) => (token(r, 1).ignored = false))).toThrow(/token 1 ignored/);
  });

  it('a finite loss where PyTorch has +inf, and a number where it has NaN', () => {
    expect(tampered('neg-inf-target', (r) => (token(r, 2).loss = 1e30))).toThrow(/token 2 loss/);
    expect(tampered('all-ignored', (r) => (r.loss = 0))).toThrow(/loss/);
  });

  it('a missing token', () => {
    expect(tampered('vocab-7', (r) => r.tokens.pop())).toThrow(/tokens/);
  });
});
