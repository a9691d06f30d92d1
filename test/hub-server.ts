/**
 * A stand-in for the Hugging Face hub on loopback, for the Node and the browser tests: the tiny
 * fixture models of test/fixtures/lm at the hub's URL layout,
 *
 *   {base}/fixtures/{model}/resolve/main/{file}
 *
 * with Content-Length, HEAD, and CORS (the page is on another port, so another origin). The ONNX
 * weights can be sent slowly, in chunks, so a test can see a download's progress bar.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const FIXTURE_DIR = join(import.meta.dirname, 'fixtures', 'lm');

export interface HubOptions {
  /** Sends onnx/ files in this many chunks, `chunkDelayMs` apart (0: at once). */
  chunks?: number;
  chunkDelayMs?: number;
}

export interface Hub {
  /** The hub base URL, e.g. http://127.0.0.1:40123 */
  base: string;
  /** Every request's method and path, in order. */
  requests: string[];
  close(): Promise<void>;
}

function fileFor(url: string): string | null {
  const m = /^\/fixtures\/([\w.-]+)\/resolve\/main\/([\w./-]+)$/.exec(url.split('?')[0] ?? '');
  if (!m || m[2]!.includes('..')) return null;
  const path = join(FIXTURE_DIR, m[1]!, m[2]!);
  return existsSync(path) && statSync(path).isFile() ? path : null;
}

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url ?? ''}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD' }).end();
      return;
    }
    const path = fileFor(req.url ?? '');
    if (!path) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Entry not found');
      return;
    }
    const size = statSync(path).size;
    res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const chunks = options.chunks ?? 0;
    if (chunks > 1 && path.includes('/onnx/')) {
      const bytes = readFileSync(path);
      const step = Math.ceil(bytes.length / chunks);
      let at = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(bytes.subarray(at, at + step));
        at += step;
        if (at >= bytes.length) res.end();
        else setTimeout(next, options.chunkDelayMs ?? 50);
      };
      next();
      return;
    }
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
