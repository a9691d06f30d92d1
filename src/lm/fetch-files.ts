/**
 * A model folder over HTTP(S): the hub's `{base}/{id}/resolve/main/{file}` or a folder URL. Each
 * failure becomes one sentence that says what happened and what to do (404, a refused or
 * unreachable server, which in a browser is also how a CORS refusal looks, a stopped download).
 */
import { XentInputError } from '../errors';
import type { ModelFiles } from './load';
import { DEFAULT_HUB_BASE, fileUrl, type ModelRef } from './model-ref';
import { parseListing, variantsFromListing, type Variant } from './variants';

export interface FetchOptions {
  hubBase?: string;
  /** Resolves a same-origin path (the page's location). */
  origin?: string;
  signal?: AbortSignal;
  /** Bytes received so far and the total, when the server sends Content-Length. */
  onProgress?: (file: string, loaded: number, total: number | null) => void;
  fetch?: typeof fetch;
}

/** Why a response is refused, as one sentence. */
export function httpRefusal(file: string, url: string, status: number): string {
  if (status === 404) {
    return `${file} was not found at ${url} (HTTP 404); check the model id or the folder URL, and that the folder holds ${file}.`;
  }
  if (status === 401 || status === 403) {
    return `${url} refused access (HTTP ${status}); the model may be gated or private: host its files yourself and give that folder's URL.`;
  }
  return `${url} answered HTTP ${status} for ${file}; try again later, or host the files yourself.`;
}

/** A response's Content-Length, or 0 when the server does not say (the size is then unknown). */
function sizeOf(response: Response): number {
  const header = response.headers.get('content-length');
  return header !== null && /^\d+$/.test(header) ? Number(header) : 0;
}

export function fetchFiles(ref: ModelRef, options: FetchOptions = {}): ModelFiles {
  const hubBase = options.hubBase ?? DEFAULT_HUB_BASE;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const get = async (file: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Response> => {
    const url = fileUrl(ref, file, hubBase, options.origin);
    let response: Response;
    try {
      response = await doFetch(url, { method, signal: options.signal, credentials: 'omit' });
    } catch (error) {
      if (options.signal?.aborted)
        throw new XentInputError('The download was cancelled; the previous logits are kept.');
      const host = (() => {
        try {
          return new URL(url).host;
        } catch {
          return url;
        }
      })();
      throw new XentInputError(
        `${host} could not be reached for ${file} (${(error as Error).message || 'network error'}); check the connection, or, for another site, that it allows cross-origin requests (CORS).`,
      );
    }
    if (response.status === 404 && method === 'HEAD') return response;
    if (!response.ok) throw new XentInputError(httpRefusal(file, url, response.status));
    return response;
  };
  return {
    size: async (file) => {
      const response = await get(file, 'HEAD');
      return response.status === 404 ? null : sizeOf(response);
    },
    text: async (file) => (await get(file)).text(),
    bytes: async (file) => {
      const response = await get(file);
      const header = response.headers.get('content-length');
      const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
      if (!response.body) return new Uint8Array(await response.arrayBuffer());
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded += value.byteLength;
          options.onProgress?.(file, loaded, total);
        }
      } catch (error) {
        if (options.signal?.aborted)
          throw new XentInputError('The download was cancelled; the previous logits are kept.');
        throw new XentInputError(
          `The download of ${file} stopped after ${loaded} bytes (${(error as Error).message}); try again.`,
        );
      }
      if (total !== null && loaded !== total) {
        throw new XentInputError(
          `The download of ${file} stopped at ${loaded} of ${total} bytes; try again.`,
        );
      }
      const out = new Uint8Array(loaded);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.byteLength;
      }
      return out;
    },
  };
}

/**
 * The variants a hub repository offers, from the hub's folder listing
 * (`{hub}/api/models/{id}/tree/main/onnx`): each precision's graph and data files with their real
 * sizes. Null where there is no listing (a folder URL, a mirror without the API, no network): the
 * caller then offers every precision without sizes and resolves the file when it loads.
 */
export async function listVariants(
  ref: ModelRef,
  hubBase = DEFAULT_HUB_BASE,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<Variant[] | null> {
  if (ref.kind !== 'hub') return null;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  try {
    const response = await doFetch(`${hubBase}/api/models/${ref.id}/tree/main/onnx`, {
      signal: options.signal,
      credentials: 'omit',
    });
    if (!response.ok) return null;
    const variants = variantsFromListing(parseListing(await response.text()));
    return variants.length > 0 ? variants : null;
  } catch {
    return null;
  }
}
