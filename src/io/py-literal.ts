/**
 * A strict reader for the Python literal in a .npy header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 50257), }`.
 *
 * Only literals numpy writes are understood: dicts, tuples, lists, strings, integers, True,
 * False and None. Nesting is capped so a hostile header cannot exhaust the stack.
 */
export type PyValue =
  string | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

const MAX_DEPTH = 16;

/** Thrown inside this module only; the .npy reader turns it into one sentence for the user. */
export class PyLiteralError extends Error {}

export function parsePyLiteral(text: string): PyValue {
  let i = 0;

  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new PyLiteralError(`${what} at character ${i}`);
  };
  const expect = (ch: string) => {
    skipSpace();
    if (text[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };

  /** Items up to `close`, separated by commas, with an optional trailing comma. */
  const items = <T>(close: string, item: () => T): T[] => {
    const out: T[] = [];
    skipSpace();
    while (text[i] !== close) {
      out.push(item());
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
      } else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
    i++;
    return out;
  };

  const string = (): string => {
    skipSpace();
    const quote = text[i];
    if (quote !== "'" && quote !== '"') return fail('expected a string');
    const end = text.indexOf(quote, i + 1);
    if (end < 0) fail('unterminated string');
    const s = text.slice(i + 1, end);
    if (s.includes('\\')) fail('escapes are not supported in strings');
    i = end + 1;
    return s;
  };

  const value = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const map = new Map<string, PyValue>();
      for (const [k, v] of items('}', () => {
        const k = string();
        expect(':');
        return [k, value(depth + 1)] as const;
      })) {
        if (map.has(k)) fail(`duplicate key '${k}'`);
        map.set(k, v);
      }
      return map;
    }
    if (ch === '(') {
      i++;
      return { tuple: items(')', () => value(depth + 1)) };
    }
    if (ch === '[') {
      i++;
      return items(']', () => value(depth + 1));
    }
    if (ch === "'" || ch === '"') return string();
    const word = /^(-?\d+L?|True|False|None)/.exec(text.slice(i, i + 32));
    if (!word) return fail('unexpected text');
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    const n = Number(word[0].replace('L', ''));
    if (!Number.isSafeInteger(n)) fail('integer too large');
    return n;
  };

  const result = value(0);
  skipSpace();
  if (i !== text.length) fail('unexpected text after the literal');
  return result;
}
