/**
 * The catalogs: English (catalogs/en.json) is what the code says, and every other language gives
 * every English message, no more, with the same arguments and tags, in a form that formats.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import english from './catalogs/en.json';
import arabic from './catalogs/ar.json';
import spanish from './catalogs/es.json';
import chinese from './catalogs/zh-Hans.json';
import { intlTag, type Locale } from './locales';

const source: Record<string, { defaultMessage: string }> = english;
const LANGUAGES: [Locale, Record<string, string>][] = [
  ['zh-Hans', chinese],
  ['es', spanish],
  ['ar', arabic],
];

/** The arguments (with their kind) and the tags of a message, sorted: its shape, which a translation keeps. */
function shape(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument) into.add(`{${el.value}}`);
    else if (el.type === TYPE.number) into.add(`{${el.value}, number}`);
    else if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      shape(el.children, into);
    } else if (el.type === TYPE.plural || el.type === TYPE.select) {
      into.add(`{${el.value}, ${el.type === TYPE.plural ? 'plural' : 'select'}}`);
      for (const option of Object.values(el.options)) shape(option.value, into);
    }
  }
  return into;
}

/** Values that format any message of this shape: text for arguments, functions for tags. */
function valuesFor(elements: MessageFormatElement[], into: Record<string, unknown> = {}) {
  for (const el of elements) {
    if (el.type === TYPE.argument) into[el.value] ??= 'x';
    else if (el.type === TYPE.number || el.type === TYPE.plural) into[el.value] = 3;
    else if (el.type === TYPE.select) into[el.value] = Object.keys(el.options)[0];
    else if (el.type === TYPE.tag) {
      into[el.value] = (chunks: unknown[]) => chunks.join('');
      valuesFor(el.children, into);
    }
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) valuesFor(option.value, into);
  }
  return into;
}

const plurals = (elements: MessageFormatElement[]): { options: string[] }[] =>
  elements.flatMap((el) => {
    if (el.type === TYPE.plural)
      return [
        { options: Object.keys(el.options) },
        ...Object.values(el.options).flatMap((o) => plurals(o.value)),
      ];
    if (el.type === TYPE.select) return Object.values(el.options).flatMap((o) => plurals(o.value));
    if (el.type === TYPE.tag) return plurals(el.children);
    return [];
  });

describe('the English catalog', () => {
  it('is what the code says (npm run i18n:extract writes it)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xent-i18n-')), 'en.json');
    execFileSync(
      'node_modules/.bin/formatjs',
      ['extract', 'src/app/**/*.{ts,tsx}', '--ignore', 'src/**/*.test.*', '--out-file', out],
      { stdio: 'pipe' },
    );
    const extracted = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { defaultMessage: string }>;
    expect(Object.keys(source).sort()).toEqual(Object.keys(extracted).sort());
    for (const [id, { defaultMessage }] of Object.entries(extracted))
      expect(source[id]?.defaultMessage, id).toBe(defaultMessage);
  });

  it('has several hundred messages, each of which parses', () => {
    expect(Object.keys(source).length).toBeGreaterThan(300);
    for (const [id, { defaultMessage }] of Object.entries(source))
      expect(() => parse(defaultMessage), id).not.toThrow();
  });
});

describe.each(LANGUAGES)('the %s catalog', (locale, messages) => {
  it('gives every English message and no other', () => {
    const missing = Object.keys(source).filter((id) => !(id in messages));
    const extra = Object.keys(messages).filter((id) => !(id in source));
    expect(missing, 'missing ids').toEqual([]);
    expect(extra, 'ids English does not have').toEqual([]);
  });

  it('keeps each message’s arguments and tags, and every message formats', () => {
    for (const [id, message] of Object.entries(messages)) {
      const english = source[id];
      if (!english) continue;
      const ast = parse(message);
      const want = [...shape(parse(english.defaultMessage))].sort();
      expect([...shape(ast)].sort(), `${id}: ${message}`).toEqual(want);
      const formatted = new IntlMessageFormat(ast, intlTag(locale)).format(
        valuesFor(parse(english.defaultMessage)),
      );
      expect(formatted, id).toBeTruthy();
    }
  });

  it('gives each plural the forms its language has', () => {
    const needed = new Intl.PluralRules(intlTag(locale)).resolvedOptions().pluralCategories;
    for (const [id, message] of Object.entries(messages))
      for (const plural of plurals(parse(message))) {
        expect(plural.options, id).toContain('other');
        for (const category of needed)
          expect(plural.options, `${id} lacks “${category}”`).toContain(category);
      }
  });

  it('is not English left untranslated', () => {
    // Messages with at least four English words that read the same in the catalog.
    // Tags, arguments and the names of functions in formulas (exp, log, sum) are not words.
    const NOT_WORDS = new Set(['exp', 'log', 'sum', 'lse', 'softmax', 'argmax', 'inf', 'nan']);
    const words = (message: string) =>
      (message.replace(/<\/?\w+>|\{[^{}]*\}/g, ' ').match(/\b[a-z]{3,}\b/gi) ?? []).filter(
        (w) => !NOT_WORDS.has(w.toLowerCase()),
      );
    const same = Object.entries(messages).filter(([id, message]) => {
      const en = source[id]?.defaultMessage ?? '';
      return message === en && words(en).length >= 4;
    });
    expect(same.map(([id]) => id)).toEqual([]);
  });
});

describe('the Arabic catalog’s formulas', () => {
  it('isolates each formula inside a right-to-left sentence (U+2066 … U+2069), so −log p reads left to right', () => {
    // A leading minus or a closing parenthesis beside Arabic text would otherwise take the
    // sentence's direction: "−log p" would show as "log p−".
    const formula = /(?:[−-]\s?)?(?:\{log\}|\{unitLog\}|(?<![A-Za-z_{])(?:log₂|ln|log)(?![A-Za-z_‑-]))/g;
    const bare: string[] = [];
    for (const [id, message] of Object.entries(arabic as Record<string, string>)) {
      for (const match of message.matchAll(formula)) {
        const before = message.slice(0, match.index);
        const open = before.lastIndexOf('\u2066') > before.lastIndexOf('\u2069');
        if (!open) bare.push(`${id}: ${match[0]}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
