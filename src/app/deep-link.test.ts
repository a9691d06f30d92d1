import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFor, MAX_TEXT_CHARS, parseHash, type LinkState } from './deep-link';

describe('parseHash', () => {
  it('reads every field of a link', () => {
    expect(
      parseHash(
        '#stage=3&source=text&text1=hello%20there&text2=a%20b&b=1&t=2&units=bits&theme=dark&T=0.5&embed=1&hide=picker,controls',
      ),
    ).toEqual({
      stage: 2,
      source: 'text',
      texts: ['hello there', 'a b'],
      focus: { b: 1, t: 2 },
      units: 'bits',
      theme: 'dark',
      temperature: 0.5,
      embed: true,
      hide: ['picker', 'controls'],
    });
    expect(parseHash('source=p-model&p=0.25')).toEqual({ source: 'p-model', p: 0.25 });
  });

  it('drops hostile, absurd, mistyped and overlong values, keeping the rest', () => {
    const link = parseHash(
      '#stage=<script>alert(1)</script>&source=file&b=-1&t=1e9&units=Bits&theme=%3Cimg%20src=x%3E' +
        `&p=1&T=1e308&hide=everything,rail&text1=${'x'.repeat(MAX_TEXT_CHARS + 1)}&text2=%00bad&unknown=1&stage=99`,
    );
    expect(link).toEqual({ hide: ['rail'] });
    expect(parseHash('#stage=7')).toEqual({ stage: 6 });
    expect(parseHash('#stage=8')).toEqual({});
    expect(parseHash('#T=0x10&p=.5&b=1.5')).toEqual({});
    expect(parseHash('%E0%A4%A')).toEqual({}); // a malformed escape
  });

  it('reads a pretrained model only as a hub id, an https folder URL or a same-origin path', () => {
    expect(parseHash('#source=lm&model=openai-community/gpt2&text1=hi%20there')).toEqual({
      source: 'lm',
      model: 'openai-community/gpt2',
      texts: ['hi there', 'I really like chocolate'],
    });
    expect(parseHash(`#source=lm&model=${encodeURIComponent('https://example.org/m/gpt2/')}`).model).toBe(
      'https://example.org/m/gpt2/',
    );
    expect(parseHash('#model=/models/tiny/').model).toBe('/models/tiny/');
    for (const bad of [
      'javascript:alert(1)',
      'http://example.org/m/',
      'data:text/html,<b>x</b>',
      '//evil.example/m/',
      '/models/../secret/',
      'file:///etc/passwd',
      'https://user:pw@example.org/m/',
      'a/b/c',
      'x'.repeat(3000),
    ]) {
      expect(parseHash(`#source=lm&model=${encodeURIComponent(bad)}`), bad).toEqual({ source: 'lm' });
    }
  });

  it('never throws and never returns a value outside the schema', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (hash) => {
        const link = parseHash(hash);
        if (link.stage !== undefined) expect(link.stage >= 0 && link.stage <= 6).toBe(true);
        if (link.p !== undefined) expect(link.p > 0 && link.p < 1).toBe(true);
        if (link.temperature !== undefined)
          expect(link.temperature >= 0.1 && link.temperature <= 5).toBe(true);
        for (const t of link.texts ?? []) expect(t.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hashFor', () => {
  it('round-trips through parseHash', () => {
    const link: LinkState = {
      stage: 4,
      source: 'text',
      texts: ['every effort moves you', 'I & you = “we”?#'],
      focus: { b: 1, t: 0 },
      units: 'bits',
      theme: 'projector',
      temperature: 2.5,
      embed: true,
      hide: ['header'],
    };
    expect(parseHash(hashFor(link))).toEqual(link);
    const lm: LinkState = {
      source: 'lm',
      model: 'https://example.org/course/models/gpt2/',
      texts: ['every effort moves you', 'Ein Café in Köln'],
    };
    expect(parseHash(hashFor(lm))).toEqual(lm);
  });
  it('is empty for the defaults', () => {
    expect(hashFor({ stage: 0, source: 'book', units: 'nats', theme: 'auto', temperature: 1 })).toBe('');
  });
});

describe('the game in a link (game=…&from=…)', () => {
  it('reads the way of playing and the position, and refuses others', () => {
    expect(parseHash('#game=shannon&from=3').game).toEqual({ mode: 'shannon', from: 3 });
    expect(parseHash('#game=votes').game).toEqual({ mode: 'votes', from: 0 });
    expect(parseHash('#game=cheat&from=3').game).toBeUndefined();
    expect(parseHash('#game=points&from=-1').game).toEqual({ mode: 'points', from: 0 });
    expect(parseHash('#game=points&from=1e9').game).toEqual({ mode: 'points', from: 0 });
  });
  it('writes it on the game’s stage only, and round-trips', () => {
    const link = { stage: 4, game: { mode: 'points' as const, from: 4 } };
    expect(hashFor(link)).toBe('#stage=5&game=points&from=4');
    expect(parseHash(hashFor(link))).toMatchObject(link);
    expect(hashFor({ stage: 4, game: { mode: 'votes', from: 0 } })).toBe('#stage=5&game=votes');
    expect(hashFor({ stage: 2, game: { mode: 'points', from: 4 } })).toBe('#stage=3');
  });
});
