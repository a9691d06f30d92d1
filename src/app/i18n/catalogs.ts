/**
 * Loading a language's messages. Each catalog is its own lazily loaded chunk (one small request
 * when a reader picks or links the language), so English's first view carries none of them.
 * A catalog is the flat JSON formatjs writes (`{ "id": "ICU message" }`); English needs none:
 * its messages are the defaultMessages in the code.
 */
import type { Locale } from './locales';

/** Message id → ICU MessageFormat string. */
export type Messages = Record<string, string>;

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  'zh-Hans': () => import('./catalogs/zh-Hans.json').then((m) => m.default as Messages),
  es: () => import('./catalogs/es.json').then((m) => m.default as Messages),
  ar: () => import('./catalogs/ar.json').then((m) => m.default as Messages),
  'en-XA': () => import('./pseudo').then((m) => m.pseudoCatalog()),
};

/** The messages for a language; rejects if its chunk cannot be fetched (offline, a stale build). */
export function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'en' ? Promise.resolve({}) : LOADERS[locale]();
}
