/**
 * `npm run bench [-- --shapes ... --reps N --json PATH]`: builds the bench page (bench/), serves it
 * locally, opens it in headless Chromium with WebGPU and times every implementation in one page.
 * XENT_CHROMIUM picks the browser; else /usr/bin/chromium when present; else Playwright's own.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { emit, parseFlags } from './cli.mjs';
import { CHROMIUM_ARGS, executablePath } from '../chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const configFile = join(root, 'bench', 'vite.config.ts');
const options = parseFlags(process.argv.slice(2));

await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  if (!url) throw new Error('the preview server reported no URL.');
  const page = await browser.newPage();
  page.on('console', (msg) => {
    const kind = msg.type();
    if (msg.text().startsWith('[bench]')) console.error(msg.text());
    else if (kind === 'error' || kind === 'warning') console.error(`page ${kind}: ${msg.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) console.error(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  const { shapes, reps, seed, impls } = options;
  const { report, markdown } = await page.evaluate((o) => window.runBench(o), { shapes, reps, seed, impls });
  report.environment = {
    browser: `Chromium ${browser.version()}`,
    executablePath: executablePath ?? "Playwright's default",
    ...report.environment,
  };
  emit(report, markdown, options.json);
} finally {
  await browser.close();
  await new Promise((done) => server.httpServer.close(done));
}
