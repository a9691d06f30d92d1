// Cross-Entropy Lab offline cache: after the first visit, the page, its scripts, styles, the
// tokenizer chunk and the book's example load from this cache (cache-first for same-origin GET),
// so the site works with the network cut. Paths are relative to this file, so the site works
// under any sub-path. A new build gets a new cache because the asset names carry hashes.
const CACHE = 'xent-lab-v1';
const CORE = ['./', './index.html', './examples/ch05-untrained-gpt2-logits.npz'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(CORE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// The page sends what it loaded before this worker took control (its hashed scripts and styles).
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache' ? event.data.urls : null;
  if (!Array.isArray(urls)) return;
  const same = urls.filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(same))
      .catch(() => undefined),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      try {
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      } catch (error) {
        // Offline and not cached: a navigation still gets the cached page.
        if (request.mode === 'navigate') {
          const page = await cache.match('./index.html');
          if (page) return page;
        }
        throw error;
      }
    }),
  );
});
