#!/usr/bin/env node
/**
 * Screenshots of every stage of the built page, to look at: 1440×900 and 375×812, light theme.
 *
 *   npm run build && node scripts/stage-shots.mjs [--out shots] [--dark] [--dist dist]
 *
 * Writes OUT/stage-N-WIDTH.png. The browser is found as in scripts/screenshot.mjs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS, executablePath } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(root, outIndex >= 0 ? args[outIndex + 1] : 'shots');
const colorScheme = args.includes('--dark') ? 'dark' : 'light';
const distIndex = args.indexOf('--dist');
const dist = resolve(root, distIndex >= 0 ? args[distIndex + 1] : 'dist');

const { server, url } = await startServer({ dir: dist, port: 0 });
const browser = await chromium.launch({
  executablePath,
  args: CHROMIUM_ARGS,
});
try {
  mkdirSync(out, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [375, 812],
  ]) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(url);
    await page.getByTestId('loss').filter({ hasText: /\d/ }).waitFor();
    await page.waitForTimeout(800);
    for (let stage = 1; stage <= 7; stage++) {
      await page
        .getByRole('navigation', { name: 'Stages' })
        .getByRole('button')
        .nth(stage - 1)
        .click();
      await page.waitForTimeout(900);
      const path = `${out}/stage-${stage}-${width}.png`;
      await page.screenshot({ path, fullPage: true });
      console.log(path);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
