/**
 * The language picker of the page's settings: each language named in itself (a reader looks for
 * their own), the choice kept in the link (lang=). While a catalog is fetched the picker says so;
 * if it cannot be fetched, one sentence says why and the page stays in its language.
 */
import { useId } from 'react';
import { FormattedMessage } from 'react-intl';
import { ENDONYMS, LANGUAGES, type Locale } from './locales';
import { useLocale } from './LocaleRoot';

export function LanguagePicker({ onChoose }: { onChoose: (locale: Locale) => void }) {
  const { locale, pending, failed, choose } = useLocale();
  const id = useId();
  return (
    <span className="language-choice">
      <label htmlFor={`${id}-lang`}>
        <FormattedMessage id="settings.language" defaultMessage="Language" />
      </label>{' '}
      <select
        id={`${id}-lang`}
        value={pending ?? locale}
        onChange={(e) => {
          const next = e.target.value as Locale;
          // Asked here as well as through the link's state, so a retry after a failure asks again.
          choose(next);
          onChoose(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {ENDONYMS[l]}
          </option>
        ))}
        {/* The pseudo-language is listed only while a link has chosen it. */}
        {locale === 'en-XA' && (
          <option value="en-XA" lang="en">
            {ENDONYMS['en-XA']}
          </option>
        )}
      </select>
      {pending && (
        <span className="language-status" role="status">
          <FormattedMessage id="settings.language.loading" defaultMessage="Loading…" />
        </span>
      )}
      {failed && !pending && (
        <span className="language-status" role="alert">
          <FormattedMessage
            id="settings.language.failed"
            defaultMessage="{language} could not be loaded (are you offline?); the page stays in this language. Try again once you are online."
            values={{ language: <bdi lang={failed}>{ENDONYMS[failed]}</bdi> }}
          />
        </span>
      )}
    </span>
  );
}
