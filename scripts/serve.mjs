#!/usr/bin/env node
/**
 * A small static server for the built site (dist/): at / and, to prove the build works under a
 * sub-path, at /courses/ml/xent/. Loopback only. Usage: node scripts/serve.mjs [--port 4173] [--dir dist]
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(option('port', '4173'));
const root = resolve(option('dir', 'dist'));
const SUBPATH = '/courses/ml/xent/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.npz': 'application/octet-stream',
  '.npy': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
};

const server = createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === SUBPATH.slice(0, -1)) {
      res.writeHead(301, { location: SUBPATH }).end();
      return;
    }
    if (path.startsWith(SUBPATH)) path = `/${path.slice(SUBPATH.length)}`;
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end('Forbidden');
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
    });
    res.end(await readFile(file));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Cross-Entropy Lab: http://127.0.0.1:${port}/ (also under http://127.0.0.1:${port}${SUBPATH})`);
});
