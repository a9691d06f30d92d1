#!/usr/bin/env node
/**
 * A small static server for the built site (dist/), loopback only. `--base /courses/ml/xent/`
 * serves it under that sub-path only (everything else is 404), the way a course site would host
 * it; the default base is /.
 *
 *   node scripts/serve.mjs [--dir dist] [--port 4173] [--base /] [--no-isolation]
 *
 * Every file is sent with the headers that make the page cross-origin isolated, so its pretrained
 * model runs on several WebAssembly threads (src/app/compute/wasm-threads.ts):
 *
 *   Cross-Origin-Opener-Policy: same-origin      the page gets its own browsing context group
 *   Cross-Origin-Embedder-Policy: credentialless  cross-origin requests without CORS go without
 *                                                 cookies instead of needing the other site's
 *                                                 Cross-Origin-Resource-Policy (the hub's files
 *                                                 are fetched with CORS and are not affected)
 *   Cross-Origin-Resource-Policy: cross-origin    the files may still be loaded by other sites'
 *                                                 pages, isolated ones included
 *
 * A course page that frames the lab without being isolated itself still shows it (the frame is
 * then not isolated: one thread). `--no-isolation` (or `isolation: false`) leaves the three out.
 *
 * Also imported by scripts/screenshot.mjs and the e2e tests:
 * `startServer({ dir, port, base, headers, isolation })`, where `headers` are sent with every file
 * (e.g. a Content-Security-Policy to test under) after, and over, the isolation headers.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types by extension (also used by the benchmarks' own small servers). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make the served page cross-origin isolated (see above). */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'credentialless',
  'cross-origin-resource-policy': 'cross-origin',
};

/** '/courses/ml/xent' or 'courses/ml/xent/' → '/courses/ml/xent/'. */
function normaliseBase(base) {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Resolves with the listening server and its URL. */
export function startServer({ dir = 'dist', port = 4173, base = '/', headers = {}, isolation = true } = {}) {
  const root = resolve(dir);
  const prefix = normaliseBase(base);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: run \`npm run build\` first.`);
  }
  const server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (`${pathname}/` === prefix) {
        res.writeHead(301, { location: prefix }).end();
        return;
      }
      if (!pathname.startsWith(prefix)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      let path = pathname.slice(prefix.length);
      if (path === '' || path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        // A page in an iframe with sandbox="allow-scripts" has an opaque origin, so its module
        // scripts and its fetch of the example are cross-origin requests: allow them.
        'access-control-allow-origin': '*',
        ...(isolation ? ISOLATION_HEADERS : {}),
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : await readFile(file));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      done({ server, url: `http://127.0.0.1:${actual}${prefix}` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  try {
    const { url } = await startServer({
      dir: option('dir', 'dist'),
      port: Number(option('port', '4173')),
      base: option('base', '/'),
      isolation: !args.includes('--no-isolation'),
    });
    console.log(`Cross-Entropy Lab: ${url}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
