#!/usr/bin/env node
/**
 * Writes docs/screenshot.png: the built site (npm run build first) at 1440 × 900 in headless
 * Chromium with WebGPU, served by scripts/serve.mjs on a loopback port.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const port = 4199;
const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--dir', 'dist'], {
  stdio: 'ignore',
});
try {
  await new Promise((r) => setTimeout(r, 500));
  const executablePath =
    process.env.XENT_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-webgpu',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('loss').waitFor();
  await page.getByText('every effort moves').waitFor();
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });
  await browser.close();
  console.log('wrote docs/screenshot.png');
} finally {
  server.kill();
}
