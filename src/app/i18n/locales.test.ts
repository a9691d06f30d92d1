import { IntlMessageFormat } from 'intl-messageformat';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatChoices,
  formatCount,
  formatLoss,
  formatNumber,
  formatPerplexity,
  formatProb,
} from '../view/format';
import { dirOf, intlTag, linkLocale, negotiate } from './locales';
import { setNumberLocale } from './numbers';
import { pseudoMessage } from './pseudo';

describe('choosing the language', () => {
  it('takes the first of the browser’s languages the page speaks, else English', () => {
    expect(negotiate(['es-MX', 'en'])).toBe('es');
    expect(negotiate(['es-419'])).toBe('es');
    expect(negotiate(['zh-CN'])).toBe('zh-Hans');
    expect(negotiate(['zh-Hans-SG'])).toBe('zh-Hans');
    expect(negotiate(['ar-EG', 'fr'])).toBe('ar');
    expect(negotiate(['fr-FR', 'de', 'ar'])).toBe('ar');
    expect(negotiate(['fr-FR', 'de'])).toBe('en');
    expect(negotiate([])).toBe('en');
  });
  it('does not give Traditional Chinese readers Simplified Chinese', () => {
    expect(negotiate(['zh-TW', 'en'])).toBe('en');
    expect(negotiate(['zh-Hant-HK', 'es'])).toBe('es');
  });
  it('reads a link’s lang= case-insensitively and refuses others', () => {
    expect(linkLocale('zh-hans')).toBe('zh-Hans');
    expect(linkLocale('AR')).toBe('ar');
    expect(linkLocale('en-XA')).toBe('en-XA');
    expect(linkLocale('fr')).toBeUndefined();
    expect(linkLocale('<script>')).toBeUndefined();
    expect(linkLocale(null)).toBeUndefined();
  });
  it('writes Arabic right to left, with Western digits', () => {
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('zh-Hans')).toBe('ltr');
    expect(intlTag('ar')).toBe('ar-u-nu-latn');
  });
});

describe('numbers in each language (Intl.NumberFormat)', () => {
  afterEach(() => setNumberLocale('en'));
  const book = { loss: 10.793964408126953, ppl: 48725.822667721666 };

  it('English', () => {
    setNumberLocale('en');
    expect([formatLoss(book.loss), formatPerplexity(book.ppl), formatChoices(book.ppl)]).toEqual([
      '10.7940',
      '48,725.8',
      '48,726',
    ]);
  });
  it('Spanish: decimal comma, point for thousands (and none in four digits)', () => {
    setNumberLocale('es');
    expect([
      formatLoss(book.loss),
      formatPerplexity(book.ppl),
      formatCount(50257),
      formatCount(4096),
    ]).toEqual(['10,7940', '48.725,8', '50.257', '4096']);
    expect(formatProb(7.454e-5)).toBe('7,454e−5');
    expect(formatNumber(-2.5)).toBe('−2,5');
  });
  it('Simplified Chinese', () => {
    setNumberLocale('zh-Hans');
    expect([formatLoss(book.loss), formatPerplexity(book.ppl)]).toEqual(['10.7940', '48,725.8']);
  });
  it('Arabic: Western digits, as the formulas write them', () => {
    setNumberLocale(intlTag('ar'));
    expect(formatLoss(book.loss)).toBe('10.7940');
    expect(formatPerplexity(book.ppl)).toBe('48,725.8');
    expect(formatPerplexity(book.ppl)).not.toMatch(/[٠-٩]/);
    expect(formatNumber(-2.5)).toMatch(/^\u200e?−2\.5$/);
  });
});

describe('plurals (ICU)', () => {
  const tokens = '{n, plural, zero {z} one {o} two {t} few {f} many {m} other {x}}';
  const form = (locale: string, n: number) => new IntlMessageFormat(tokens, locale).format({ n });
  it('Arabic has six forms', () => {
    const forms = [0, 1, 2, 3, 11, 100].map((n) => form(intlTag('ar'), n));
    expect(forms).toEqual(['z', 'o', 't', 'f', 'm', 'x']);
  });
  it('Spanish two (and “many” for a million), Chinese one', () => {
    expect([1, 2, 5].map((n) => form('es', n))).toEqual(['o', 'x', 'x']);
    expect([0, 1, 2, 100].map((n) => form('zh-Hans', n))).toEqual(['x', 'x', 'x', 'x']);
  });
  it('writes # in the language’s digits and separators', () => {
    const msg = '{n, plural, one {# token} other {# tokens}}';
    expect(new IntlMessageFormat(msg, 'es').format({ n: 50257 })).toBe('50.257 tokens');
    expect(new IntlMessageFormat(msg, intlTag('ar')).format({ n: 50257 })).toBe('50,257 tokens');
  });
});

describe('the pseudo-language en-XA', () => {
  it('accents the words, lengthens the message by 40%, and keeps arguments and tags', () => {
    const en = 'Loss {loss} of <b>{n, plural, one {# token} other {# tokens}}</b>';
    const values = { loss: '10.7940', n: 2, b: (c: unknown[]) => `[${c.join('')}]` };
    const out = new IntlMessageFormat(pseudoMessage(en), 'en').format(values) as string;
    const text = 'The loss is the mean of −log p of the tokens that came next.';
    const shown = new IntlMessageFormat(pseudoMessage(text), 'en').format() as string;
    expect(shown.length).toBeGreaterThanOrEqual(text.length * 1.4);
    expect(out).toContain('10.7940');
    expect(out).toContain('[2 tökéñš]');
    expect(out).toMatch(/^⟦Löšš/);
  });
});
