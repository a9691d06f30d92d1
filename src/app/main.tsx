/** Entry point: mounts the page and, in production builds, the offline cache. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseHash } from './deep-link';
import { registerServiceWorker } from './offline/register-sw';
import { applyTheme } from './theme';
import './styles.css';

const link = parseHash(window.location.hash);
// The palette before the first paint: the link's theme, else the system's.
applyTheme(link.theme ?? 'auto');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Offline use is for the standalone site; an embedded page lives in its host's page.
if (!link.embed) registerServiceWorker();
