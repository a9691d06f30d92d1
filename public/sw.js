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
 *
 * Cross-origin isolation for hosts that cannot set headers: every response this worker serves
 * that carries no Cross-Origin-Embedder-Policy of its own gets COOP same-origin, COEP
 * credentialless and CORP cross-origin (those of scripts/serve.mjs), so from the second visit on
 * the page is cross-origin isolated and the pretrained model runs on several WebAssembly threads
 * (src/app/compute/wasm-threads.ts). A host that sends a COEP header, any value, keeps its own
 * headers. Every file it serves gets them, not only the page: a dedicated worker of an isolated
 * page must itself be served with a compatible COEP.
 */
const CACHE = 'xent-lab-v1';
const scope = new URL(self.registration.scope);
const PAGE = new URL('./', scope).href;

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'credentialless',
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * The response with the isolation headers, unless the host chose a COEP; a cross-origin, opaque or
 * redirected response is passed on as it came.
 */
function isolated(response) {
  if (response.type !== 'basic' || response.redirected || response.status === 0) return response;
  if (response.headers.has('cross-origin-embedder-policy')) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

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
  event.respondWith(
    (request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request)).then(isolated),
  );
});
