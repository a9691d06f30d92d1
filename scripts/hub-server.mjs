/**
 * A stand-in for the Hugging Face hub on loopback, for the Node and browser tests and for
 * `npm run bench:lm`: the tiny fixture models of test/fixtures/lm at the hub's URL layout,
 *
 *   {base}/fixtures/{model}/resolve/main/{file}
 *
 * with Content-Length, HEAD, and CORS (the page is on another port, so another origin). The ONNX
 * weights can be sent slowly, in chunks, so a test can see a download's progress bar.
 *
 *   const hub = await startHub({ chunks: 20, chunkDelayMs: 60 });  // hub.base, hub.requests, hub.close()
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'lm');

/** What a URL serves: `{ path }` (a fixture file), `{ path, bytes }` (a replacement) or null (404). */
function fileFor(url, replaced) {
  const m = /^\/fixtures\/([\w.-]+)\/resolve\/main\/([\w./-]+)$/.exec(url.split('?')[0] ?? '');
  if (!m || m[2].includes('..')) return null;
  const path = join(FIXTURE_DIR, m[1], m[2]);
  const key = `${m[1]}/${m[2]}`;
  if (Object.hasOwn(replaced, key)) {
    const bytes = replaced[key];
    return bytes === null
      ? null
      : { path, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  return existsSync(path) && statSync(path).isFile() ? { path } : null;
}

/**
 * The hub's folder listing, `{base}/api/models/fixtures/{model}/tree/main/onnx`: a JSON array of
 * `{ type, oid, size, path, lfs: { oid, size, pointerSize } }` as the hub answers it (a file in
 * Git LFS: `size` is its pointer's, `lfs.size` the file's), or null when there is no such folder.
 */
function listingFor(url) {
  const m = /^\/api\/models\/fixtures\/([\w.-]+)\/tree\/main\/onnx$/.exec(url.split('?')[0] ?? '');
  const dir = m ? join(FIXTURE_DIR, m[1], 'onnx') : null;
  if (!dir || !existsSync(dir)) return null;
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const size = statSync(join(dir, name)).size;
      return {
        type: 'file',
        oid: '0',
        size: 134,
        path: `onnx/${name}`,
        lfs: { oid: '0', size, pointerSize: 134 },
      };
    });
}

/**
 * Options: `chunks` (send onnx/ files in this many pieces) and `chunkDelayMs` between them;
 * `files`: "{model}/{file}" → the bytes to serve there instead, or null to answer 404.
 */
export async function startHub(options = {}) {
  const replaced = options.files ?? {};
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url ?? ''}`);
    // One connection per request: the server runs in the test's own process, where a forward pass
    // can hold the event loop past the keep-alive timeout, and a client reusing the socket the
    // server then closed would see ECONNRESET ("fetch failed") on its next request.
    res.setHeader('Connection', 'close');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD' }).end();
      return;
    }
    const listing = listingFor(req.url ?? '');
    if (listing) {
      const body = JSON.stringify(listing);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const found = fileFor(req.url ?? '', replaced);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Entry not found');
      return;
    }
    const { path } = found;
    const size = found.bytes ? found.bytes.byteLength : statSync(path).size;
    res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const chunks = options.chunks ?? 0;
    if (chunks > 1 && path.includes('/onnx/')) {
      const bytes = found.bytes ?? readFileSync(path);
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
    if (found.bytes) res.end(found.bytes);
    else createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
