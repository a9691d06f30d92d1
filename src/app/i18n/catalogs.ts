/**
 * Loading a language's messages. Each catalog is its own lazily loaded chunk (one small request
 * when a reader picks or links the language), so English's first view carries none of them.
 * A catalog is the flat JSON formatjs writes (`{ "id": "ICU message" }`); English needs none:
 * its messages are the defaultMessages in the code.
 */
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Locale } from './locales';

/**
 * Message id → its ICU MessageFormat: a string in the catalog files, parsed already (an AST) in the
 * built page (vite.config.ts compiles every catalog, so the page carries no parser).
 */
export type Messages = Record<string, string> | Record<string, MessageFormatElement[]>;

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  'zh-Hans': () => import('./catalogs/zh-Hans.json').then((m) => m.default as unknown as Messages),
  es: () => import('./catalogs/es.json').then((m) => m.default as unknown as Messages),
  ar: () => import('./catalogs/ar.json').then((m) => m.default as unknown as Messages),
  'en-XA': () => import('./pseudo').then((m) => m.pseudoCatalog()),
};

/** The messages for a language; rejects if its chunk cannot be fetched (offline, a stale build). */
export function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'en' ? Promise.resolve({}) : LOADERS[locale]();
}
