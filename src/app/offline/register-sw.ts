/**
 * Offline once loaded: registers public/sw.js, which caches the built site and the book's
 * example. Only in production builds (the dev server's modules are not the built files) and
 * only where the browser has service workers. The URL and scope are relative, so the site
 * works under any sub-path (e.g. /courses/ml/xent/).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const script = `${import.meta.env.BASE_URL}sw.js`;
  const register = () =>
    navigator.serviceWorker.register(script, { scope: import.meta.env.BASE_URL }).catch((error: unknown) => {
      // Offline use is a bonus: a refused registration (e.g. a sandboxed iframe) leaves the page as is.
      console.warn(`Offline support is off: ${String(error)}`);
    });
  // Once the page has loaded and is idle: installing fetches every built file (a few MB), which
  // would otherwise share the link and the CPU with the page's first download and first numbers.
  const whenIdle = () =>
    'requestIdleCallback' in window
      ? requestIdleCallback(register, { timeout: 3000 })
      : setTimeout(register, 500);
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
