/**
 * A pretrained model's files kept in the browser's Cache API, so a second visit, or a lecture
 * without network, loads at once. Each stored response carries the model it belongs to
 * (X-Xent-Model) and its size, so the page can list the cached models and remove one.
 *
 * Files are stored only after they arrived whole and passed the size check of fetch-files.ts: a
 * broken-off download is never kept. Where the Cache API is missing (an insecure origin) or full,
 * the model still loads; only keeping it fails, and the page says so.
 */
import type { ModelFiles } from '../../lm/load';
import { currentIntl } from '../i18n/current';

export const MODEL_CACHE = 'xent-models-v1';
const MODEL_HEADER = 'x-xent-model';

export interface CachedModel {
  /** The model as the page names it: a hub id, a folder URL or a same-origin path. */
  model: string;
  /** Bytes kept for it, over all its files. */
  bytes: number;
  files: number;
}

export interface CacheOutcome {
  /** Files that came from the cache, not the network. */
  hits: string[];
  /** Why a file could not be kept (e.g. the quota), once; null when all were kept. */
  notKept: string | null;
}

function cacheStorage(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

async function openCache(): Promise<Cache | null> {
  try {
    return (await cacheStorage()?.open(MODEL_CACHE)) ?? null;
  } catch {
    return null;
  }
}

function keepError(error: unknown): string {
  return error instanceof DOMException && error.name === 'QuotaExceededError'
    ? currentIntl().formatMessage({
        id: 'compute.cache.full',
        defaultMessage:
          'The browser’s storage for this site is full, so the model was not kept for offline use; remove a cached model and load it again.',
      })
    : currentIntl().formatMessage({
        id: 'compute.cache.refused',
        defaultMessage:
          'The browser would not keep the model’s files for offline use (private browsing may forbid it); it works until the page is closed.',
      });
}

/**
 * `inner`'s files, read from the cache when there, else fetched and then kept. `urlOf` gives
 * each file's URL, the cache key. `onHit` reports a file's size when it comes from the cache.
 */
export function cachedFiles(
  model: string,
  urlOf: (file: string) => string,
  inner: ModelFiles,
  outcome: CacheOutcome,
  onHit?: (file: string, bytes: number) => void,
): ModelFiles {
  const cache = openCache();
  const keep = async (file: string, body: Uint8Array | string) => {
    const store = await cache;
    if (!store) return;
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    try {
      await store.put(
        urlOf(file),
        new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { 'content-length': String(bytes.byteLength), [MODEL_HEADER]: encodeURIComponent(model) },
        }),
      );
    } catch (error) {
      outcome.notKept ??= keepError(error);
    }
  };
  const hit = async (file: string): Promise<Response | null> => {
    const store = await cache;
    const found = (await store?.match(urlOf(file)).catch(() => undefined)) ?? null;
    if (found) outcome.hits.push(file);
    return found;
  };
  return {
    async text(file) {
      const found = await hit(file);
      if (found) return found.text();
      const text = await inner.text(file);
      await keep(file, text);
      return text;
    },
    async bytes(file) {
      const found = await hit(file);
      if (found) {
        const bytes = new Uint8Array(await found.arrayBuffer());
        onHit?.(file, bytes.byteLength);
        return bytes;
      }
      const bytes = await inner.bytes(file);
      await keep(file, bytes);
      return bytes;
    },
    async size(file) {
      const store = await cache;
      const found = (await store?.match(urlOf(file)).catch(() => undefined)) ?? null;
      if (found)
        return Number(found.headers.get('content-length') ?? NaN) || (await found.arrayBuffer()).byteLength;
      return inner.size(file);
    },
  };
}

/** The cached models, largest first. */
export async function listCachedModels(): Promise<CachedModel[]> {
  const cache = await openCache();
  if (!cache) return [];
  const models = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const name = response?.headers.get(MODEL_HEADER);
    if (!response || !name) continue;
    const model = decodeURIComponent(name);
    const bytes = Number(response.headers.get('content-length') ?? 0) || 0;
    const entry = models.get(model) ?? { model, bytes: 0, files: 0 };
    entry.bytes += bytes;
    entry.files += 1;
    models.set(model, entry);
  }
  return [...models.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Removes every file of one model from the cache. */
export async function removeCachedModel(model: string): Promise<void> {
  const cache = await openCache();
  if (!cache) return;
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response?.headers.get(MODEL_HEADER) === encodeURIComponent(model)) await cache.delete(request);
  }
}

/** Whether the model's weights are in the cache (then a link may load it without a click). */
export async function isCached(url: string): Promise<boolean> {
  const cache = await openCache();
  return !!(await cache?.match(url).catch(() => undefined));
}
