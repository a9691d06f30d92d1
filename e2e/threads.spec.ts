/**
 * Served with the isolation headers (scripts/serve.mjs: COOP same-origin, COEP credentialless),
 * the page is cross-origin isolated and the pretrained model's WebAssembly forward pass runs on
 * several threads (src/app/compute/wasm-threads.ts) — ORT's threads are workers started from the
 * forward worker's own script — and its numbers are still PyTorch's. The stand-in hub on another
 * port is cross-origin: its files come with CORS, which the embedder policy lets through.
 * Without the headers, one thread, as before.
 */
import { startHub, type Hub } from '../scripts/hub-server.mjs';
import { startServer } from '../scripts/serve.mjs';
import type { Page } from '@playwright/test';
import { BOOK, expect, test } from './fixtures';
import {
  choosePretrained,
  expectGolden,
  goldenCase,
  LOAD,
  loadModel,
  runModelOn,
  typeTexts,
  useHub,
} from './pretrained-helpers';

test.use({ serviceWorkers: 'block' });
test.setTimeout(120_000);

let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub();
});
test.afterAll(() => hub.close());

/** The built site from a server of its own, with or without the isolation headers. */
async function served(isolation: boolean, use: (url: string) => Promise<void>) {
  const { server, url } = await startServer({ dir: process.env.XENT_DIST ?? 'dist', port: 0, isolation });
  try {
    await use(url);
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

/** The model on WebAssembly, PyTorch's numbers, and the scripts the page and its workers fetched. */
async function scoreOnWasm(page: Page): Promise<string[]> {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (/\.(m?js|wasm)$/.test(new URL(r.url()).pathname)) scripts.push(r.url());
  });
  await choosePretrained(page);
  await runModelOn(page, 'wasm');
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('model-loaded')).toContainText('tiny-gpt2', LOAD);
  await expectGolden(page, c, 50257);
  return scripts;
}

/** The forward worker's script, then once more for each of ORT's threads beside it. */
const forwardScripts = (scripts: string[]) =>
  scripts.filter((u) => /\/lm-forward\.worker-[\w-]+\.js$/.test(u)).length;

for (const isolation of [true, false]) {
  test(`${isolation ? 'cross-origin isolated: several threads' : 'not isolated: one thread'}, PyTorch's numbers`, async ({
    page,
    gpu,
  }) => {
    // The same page in every browser situation: once is enough.
    test.skip(gpu !== 'no-api', 'runs in the no-api project only');
    await useHub(page, hub.base);
    await served(isolation, async (lab) => {
      await page.goto(lab);
      await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
      const { isolated, cores } = await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        cores: navigator.hardwareConcurrency,
      }));
      expect(isolated).toBe(isolation);
      const scripts = await scoreOnWasm(page);
      const threads = isolation ? Math.min(4, cores) : 1;
      test.info().annotations.push({ type: 'threads', description: `${threads} (${cores} cores)` });
      if (threads > 1) expect(forwardScripts(scripts)).toBeGreaterThanOrEqual(threads);
      else expect(forwardScripts(scripts)).toBe(1);
      // Every script and .wasm is the site's own, never a CDN's.
      expect(scripts.every((u) => u.startsWith(new URL(lab).origin))).toBe(true);
    });
  });
}
