/** Entry point: mounts the page in the reader's language and, in production builds, the offline cache. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseHash } from './deep-link';
import { loadMessages, type Messages } from './i18n/catalogs';
import { applyDocumentLocale, LocaleRoot } from './i18n/LocaleRoot';
import { negotiate, type Locale } from './i18n/locales';
import { registerServiceWorker } from './offline/register-sw';
import { applyTheme } from './theme';
import './styles.css';

const link = parseHash(window.location.hash);
// The palette before the first paint: the link's theme, else the system's.
applyTheme(link.theme ?? 'auto');
// The language: the link's, else the first of the browser's that the page speaks, else English.
const locale: Locale = link.lang ?? negotiate(navigator.languages ?? [navigator.language]);
applyDocumentLocale(locale);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
const mount = (initial: Locale, messages: Messages) =>
  createRoot(root).render(
    <StrictMode>
      <LocaleRoot initial={initial} messages={messages}>
        <App />
      </LocaleRoot>
    </StrictMode>,
  );
// English renders at once (its messages are in the code); another language waits for its one
// small catalog, and if that cannot be fetched the page opens in English rather than not at all.
if (locale === 'en') mount('en', {});
else
  loadMessages(locale).then(
    (messages) => mount(locale, messages),
    () => {
      applyDocumentLocale('en');
      mount('en', {});
    },
  );
// Offline use is for the standalone site; an embedded page lives in its host's page.
if (!link.embed) registerServiceWorker();
