/*
 * Cross-Entropy Lab's offline cache (a hand-written service worker).
 *
 * Install: caches the page and every file the build lists in sw-assets.json (the hashed scripts
 * and styles, the CPU worker, the tokenizer chunk, the book's example), so the site works with
 * the network cut after one visit.
 * Fetch (same-origin GET inside this worker's scope only):
 *   - built assets and the example: cache first (their names carry content hashes, or they never
 *     change), else the network, whose answer is cached;
 *   - the page itself: the network first, so a new deployment is seen, else the cached page.
 * Every URL is resolved against the registration scope, so the site works under any sub-path.
 */
const CACHE = 'xent-lab-v1';
const scope = new URL(self.registration.scope);
const PAGE = new URL('./', scope).href;

function inScope(url) {
  return url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
}

async function precache() {
  const response = await fetch(new URL('sw-assets.json', scope), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`sw-assets.json: HTTP ${response.status}`);
  const { files } = await response.json();
  const cache = await caches.open(CACHE);
  await cache.addAll([PAGE, ...files.map((file) => new URL(file, scope).href)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  const old = caches
    .keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))));
  event.waitUntil(old.then(() => self.clients.claim()));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The page at the scope's root, or its index.html: both are the one page of this site. */
function isPage(url) {
  return url.href === PAGE || url.pathname === `${scope.pathname}index.html`;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  try {
    const response = await fetch(request);
    if (response.ok && isPage(url)) await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(isPage(url) ? PAGE : request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !inScope(new URL(request.url))) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});
