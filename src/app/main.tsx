import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline once loaded: a cache-first service worker for the built site (not in dev, and only
// where the page has an origin that may register one — not in a sandboxed iframe).
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register('./sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
      registration.active?.postMessage({ type: 'cache', urls });
    })
    .catch(() => undefined);
}
