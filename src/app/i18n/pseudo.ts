/**
 * The pseudo-language en-XA, for seeing what a translation does to the layout before one exists:
 * every English message with its letters accented (a → à, e → é, …) and lengthened by 40% with
 * words of tildes, inside ⟦ ⟧ so that a clipped end shows. Arguments, plurals and tags keep their
 * structure (the message is parsed and printed back by formatjs), so it still formats; only its
 * literal text changes. Reached by a link (lang=en-XA).
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import english from './catalogs/en.json';
import type { Messages } from './catalogs';

const ACCENTS: Record<string, string> = {
  a: 'à',
  e: 'é',
  i: 'î',
  o: 'ö',
  u: 'ü',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  y: 'ý',
  z: 'ž',
  A: 'À',
  E: 'É',
  I: 'Î',
  O: 'Ö',
  U: 'Ü',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Y: 'Ý',
  Z: 'Ž',
};

function accent(elements: MessageFormatElement[]): void {
  for (const el of elements) {
    if (el.type === TYPE.literal) el.value = el.value.replace(/[a-zA-Z]/g, (ch) => ACCENTS[ch] ?? ch);
    else if (el.type === TYPE.tag) accent(el.children);
    else if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) accent(option.value);
  }
}

/** The characters of a message's own text (its literals, in every branch): what a reader sees of it. */
function textLength(elements: MessageFormatElement[]): number {
  let n = 0;
  for (const el of elements) {
    if (el.type === TYPE.literal) n += el.value.length;
    else if (el.type === TYPE.tag) n += textLength(el.children);
    else if (el.type === TYPE.plural || el.type === TYPE.select)
      n += Math.max(0, ...Object.values(el.options).map((o) => textLength(o.value)));
  }
  return n;
}

/** One message in en-XA: its AST, accented and padded (from its ICU text, or its AST as the build compiled it). */
export function pseudoMessage(message: string | MessageFormatElement[]): MessageFormatElement[] {
  const ast = typeof message === 'string' ? parse(message) : structuredClone(message);
  accent(ast);
  // The padding is words of five tildes, so a long message still wraps as a real one would.
  const padding = Math.ceil(textLength(ast) * 0.4);
  const pad =
    padding === 0 ? '' : ` ${'~~~~~ '.repeat(Math.floor(padding / 6))}${'~'.repeat(padding % 6)}`.trimEnd();
  return [{ type: TYPE.literal, value: '⟦' }, ...ast, { type: TYPE.literal, value: `${pad}⟧` }];
}

/**
 * The English catalog as imported: compiled to ASTs by the build (vite.config.ts), or as the
 * extractor wrote it ({ defaultMessage, description }) where nothing compiled it (unit tests).
 */
type English = Record<string, MessageFormatElement[] | { defaultMessage: string }>;

export function pseudoCatalog(): Messages {
  const out: Record<string, MessageFormatElement[]> = {};
  for (const [id, entry] of Object.entries(english as unknown as English))
    out[id] = pseudoMessage(Array.isArray(entry) ? entry : entry.defaultMessage);
  return out;
}
