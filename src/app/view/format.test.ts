import { describe, expect, it } from 'vitest';
import { formatChoices, formatCount, formatLoss, formatNumber, formatPerplexity, formatProb } from './format';

describe('number formats', () => {
  it('prints the loss with 4 decimals, as the book does', () => {
    expect(formatLoss(10.793964408126953)).toBe('10.7940');
    expect(formatLoss(NaN)).toBe('undefined');
  });
  it('groups the perplexity and keeps one decimal', () => {
    expect(formatPerplexity(48725.822667721666)).toBe('48,725.8');
    expect(formatPerplexity(Infinity)).toBe('∞');
    expect(formatChoices(48725.822667721666)).toBe('48,726');
  });
  it('writes small probabilities in scientific notation with a true minus', () => {
    expect(formatProb(7.454e-5)).toBe('7.454e−5');
    expect(formatProb(0.25)).toBe('0.25');
    expect(formatProb(0)).toBe('0');
  });
  it('groups counts', () => {
    expect(formatCount(50257)).toBe('50,257');
    expect(formatCount(258)).toBe('258');
  });
});

describe('formatNumber', () => {
  it('reads with 4 significant digits and scientific notation below 0.001', () => {
    expect(formatNumber(Math.PI)).toBe('3.142');
    expect(formatNumber(48725.822667721666)).toBe('48,726');
    expect(formatNumber(0.0045403)).toBe('0.00454');
    expect(formatNumber(3.1061e-5)).toBe('3.106e−5');
    expect(formatNumber(-2.5)).toBe('−2.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(NaN)).toBe('undefined');
  });
});
