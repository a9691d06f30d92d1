/** Entry point: mounts the page and, in production builds, the offline cache. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { openSessionEarly } from './compute/session';
import { linksFile, loadBook } from './compute/sources';
import { parseHash } from './deep-link';
import { registerServiceWorker } from './offline/register-sw';
import { applyTheme } from './theme';
import './styles.css';

const link = parseHash(window.location.hash);
// The palette before the first paint: the link's theme, else the system's.
applyTheme(link.theme ?? 'auto');

// The first numbers wait on the back ends (with WebGPU: the adapter, the device and the loss's
// pipelines) and, unless the link names other logits, on the book's 1.2 MB example. Both begin
// here, while React draws the first screen, not in its effects after that. The App takes them
// over; a failure is reported there.
openSessionEarly(navigator.gpu);
if (
  !linksFile(window.location) &&
  (link.source === undefined || link.source === 'book' || link.source === 'p-model')
) {
  loadBook().catch(() => undefined);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Offline use is for the standalone site; an embedded page lives in its host's page.
if (!link.embed) registerServiceWorker();
