/**
 * The page's languages: which there are, which one a reader gets, and how each writes.
 *
 * English is the source language: its sentences are the defaultMessage of every message in the
 * code (extracted into catalogs/en.json by `npm run i18n:extract`), so it needs no catalog of its
 * own. Each other language is one lazily loaded catalog (catalogs/<tag>.json) of ICU messages.
 * `en-XA` is a pseudo-language for checking layouts (accented, 40% longer); it is reached only by
 * a link (`lang=en-XA`), never offered in the picker or chosen from the browser.
 */

/** BCP 47 tags of the languages a reader can pick, in the picker's order. */
export const LANGUAGES = ['en', 'zh-Hans', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Every language a link may name: the picker's and the pseudo-language. */
export const LINK_LANGUAGES = [...LANGUAGES, 'en-XA'] as const;
export type Locale = (typeof LINK_LANGUAGES)[number];

/** Each language's name in itself, as the picker lists it (never translated: a reader looks for their own). */
export const ENDONYMS: Record<Locale, string> = {
  en: 'English',
  'zh-Hans': '简体中文',
  es: 'Español',
  ar: 'العربية',
  'en-XA': 'Ëñğļîšĥ (pseudo)',
};

/** Right-to-left languages; every other is left to right. */
export const dirOf = (locale: Locale): 'rtl' | 'ltr' => (locale === 'ar' ? 'rtl' : 'ltr');

/**
 * The tag given to Intl (numbers, plurals) and react-intl. Arabic is written with Western
 * digits (`-u-nu-latn`): the formulas are typeset with 0–9, so a sentence in Arabic-Indic digits
 * (٤٨٧٢٥٫٨) beside its formula (48725.8) would make one number look like two. Plural rules are
 * still Arabic's six forms; only the digits change.
 */
export function intlTag(locale: Locale): string {
  if (locale === 'ar') return 'ar-u-nu-latn';
  if (locale === 'en-XA') return 'en';
  return locale;
}

/**
 * The language for a reader: the first of their browser's languages (navigator.languages, most
 * preferred first) that the page speaks, matched by script or region as a person would expect
 * (zh-CN, zh-SG and zh-Hans-* read Simplified Chinese; es-419 and es-MX Spanish; ar-EG Arabic),
 * else English. Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not Simplified: it falls through.
 */
export function negotiate(preferred: readonly string[]): Language {
  for (const raw of preferred) {
    const tag = raw.toLowerCase();
    const [lang] = tag.split('-');
    if (lang === 'zh') {
      if (/-hant\b|-(tw|hk|mo)\b/.test(tag)) continue;
      return 'zh-Hans';
    }
    if (lang === 'es') return 'es';
    if (lang === 'ar') return 'ar';
    if (lang === 'en') return 'en';
  }
  return 'en';
}

/** A link's `lang=` value, if it names a language the page speaks (case as in LINK_LANGUAGES). */
export function linkLocale(value: string | null): Locale | undefined {
  if (value === null) return undefined;
  return LINK_LANGUAGES.find((l) => l.toLowerCase() === value.toLowerCase());
}
