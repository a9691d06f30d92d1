/**
 * The page's language: react-intl's provider around the whole page, the chosen language's
 * messages (loaded lazily, catalogs.ts), the numbers' locale (numbers.ts), and <html lang dir>.
 *
 * The page asks for a language through `useLocale().choose(...)` (the picker, a link's lang=);
 * until its catalog has arrived the page stays in the language it is in, and if the catalog
 * cannot be fetched (offline before it was ever used) it stays there and says so in one sentence.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createIntl, RawIntlProvider } from 'react-intl';
import { loadMessages, type Messages } from './catalogs';
import { intlCache, setCurrentIntl } from './current';
import { dirOf, intlTag, type Locale } from './locales';
import { setNumberLocale } from './numbers';

export interface LocaleControl {
  /** The language the page is in now. */
  locale: Locale;
  /** Ask for a language; resolves once the page is in it (or stays, with `failed` set). */
  choose: (locale: Locale) => void;
  /** A language being fetched, or null. */
  pending: Locale | null;
  /** The language whose catalog could not be fetched last time, or null. */
  failed: Locale | null;
}

const LocaleContext = createContext<LocaleControl | null>(null);

export function useLocale(): LocaleControl {
  const control = useContext(LocaleContext);
  if (!control) throw new Error('useLocale() is used outside the LocaleRoot.');
  return control;
}

/** <html lang dir>: set before the first paint by main.tsx and on every change. */
export function applyDocumentLocale(locale: Locale): void {
  const root = document.documentElement;
  root.lang = locale === 'en-XA' ? 'en-XA' : locale;
  root.dir = dirOf(locale);
}

/** An intl object for a language: the page's numbers and plain-function messages follow it. */
function intlFor(locale: Locale, messages: Messages) {
  const tag = intlTag(locale);
  setNumberLocale(tag);
  const intl = createIntl(
    {
      locale: tag,
      defaultLocale: 'en',
      messages,
      // A message missing from a catalog falls back to its English; the catalogs' unit test is
      // what keeps that from happening, so the console stays quiet here.
      onError: () => {},
    },
    intlCache,
  );
  setCurrentIntl(intl);
  return intl;
}

export function LocaleRoot({
  initial,
  messages,
  children,
}: {
  initial: Locale;
  /** The initial language's messages, loaded before the first render (none for English). */
  messages: Messages;
  children: ReactNode;
}) {
  const [current, setCurrent] = useState(() => ({ locale: initial, intl: intlFor(initial, messages) }));
  const [pending, setPending] = useState<Locale | null>(null);
  const [failed, setFailed] = useState<Locale | null>(null);
  // The latest request wins: a slow catalog that arrives after another choice is dropped.
  const latest = useRef<Locale>(initial);

  const choose = useCallback((locale: Locale) => {
    latest.current = locale;
    setPending(locale);
    loadMessages(locale).then(
      (loaded) => {
        if (latest.current !== locale) return;
        setCurrent((was) => (was.locale === locale ? was : { locale, intl: intlFor(locale, loaded) }));
        setPending(null);
        setFailed(null);
      },
      () => {
        if (latest.current !== locale) return;
        setPending(null);
        setFailed(locale);
      },
    );
  }, []);

  const { locale, intl } = current;
  useEffect(() => {
    applyDocumentLocale(locale);
    document.title = intl.formatMessage({ id: 'page.title', defaultMessage: 'Cross-Entropy Lab' });
  }, [locale, intl]);

  const control = useMemo(() => ({ locale, choose, pending, failed }), [locale, choose, pending, failed]);
  return (
    <LocaleContext.Provider value={control}>
      <RawIntlProvider value={intl}>{children}</RawIntlProvider>
    </LocaleContext.Provider>
  );
}
