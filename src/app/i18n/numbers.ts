/**
 * The locale numbers are written in: set by the LocaleRoot before the page renders in a language
 * (locales.ts' intlTag: 'es' writes 10,7940 and 48.725,8; Arabic keeps Western digits), read by
 * view/format.ts. Module state rather than a React context because numbers are formatted in
 * plain functions far from any component (chart labels, table rows, exports' captions); a change
 * of language renders the whole page again, so every number is written anew.
 */
let tag = 'en';
const cache = new Map<string, Intl.NumberFormat>();

export function setNumberLocale(intlTag: string): void {
  if (intlTag === tag) return;
  tag = intlTag;
  cache.clear();
}

export const numberLocale = (): string => tag;

/**
 * `x` written by Intl.NumberFormat in the page's locale, with a true minus sign (U+2212) as the
 * page has always printed (Intl writes a hyphen, in Arabic after a left-to-right mark, kept).
 */
export function intlNumber(x: number, options: Intl.NumberFormatOptions): string {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, options);
    cache.set(key, f);
  }
  return f.format(x).replace(/-/g, '−');
}
