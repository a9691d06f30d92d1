#!/usr/bin/env node
/**
 * Writes docs/screenshot.png (the README's picture): the built page at 1440×900 in headless
 * Chromium with WebGPU, once the book's numbers and words are on screen.
 *
 *   npm run build && node scripts/screenshot.mjs [--out docs/screenshot.png] [--width 1440] [--height 900] [--full]
 *
 * `--full` captures the whole page instead of the viewport.
 * The browser is XENT_CHROMIUM if set, else /usr/bin/chromium when present, else Playwright's own.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS, executablePath } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const out = resolve(root, option('out', 'docs/screenshot.png'));
const width = Number(option('width', '1440'));
const height = Number(option('height', '900'));
const fullPage = args.includes('--full');

const { server, url } = await startServer({ dir: resolve(root, 'dist'), port: 0 });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  await page.getByTestId('loss').filter({ hasText: /\d/ }).waitFor();
  await page.locator('[data-vocabulary="ready"]').waitFor();
  await page.waitForTimeout(500); // the stage's entrance animation
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage });
  console.log(`${out}: ${width}×${height}, ${(statSync(out).size / 1024).toFixed(0)} KiB`);
} finally {
  await browser.close();
  server.close();
}
