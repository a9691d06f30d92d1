import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { GpuOptions } from './e2e/fixtures';

/**
 * End-to-end tests of the built site (dist/, from `npm run build`) in headless Chromium, in three
 * browsers' situations: WebGPU on (SwiftShader here), WebGPU present without an adapter (a
 * blocklisted GPU), and no WebGPU API at all (an old browser).
 *
 * The browser is XENT_CHROMIUM if set, else Debian's /usr/bin/chromium if present, else
 * Playwright's own (`npx playwright install chromium` where downloads work).
 * Two static servers serve dist/: at / and, only under the sub-path, at /courses/ml/xent/.
 */
const executablePath =
  process.env.XENT_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const PORT = Number(process.env.XENT_E2E_PORT ?? 4173);
const SUB_PORT = PORT + 1;
const SUB_PATH = '/courses/ml/xent/';
/** The built site to test; another folder (vite build --outDir) lets two builds be tested side by side. */
const DIST = process.env.XENT_DIST ?? 'dist';

const headless = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const server = (port: number, base: string) => ({
  command: `node scripts/serve.mjs --dir ${DIST} --port ${port} --base ${base}`,
  url: `http://127.0.0.1:${port}${base}`,
  reuseExistingServer: false,
  timeout: 30_000,
});

export default defineConfig<GpuOptions>({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  webServer: [server(PORT, '/'), server(SUB_PORT, SUB_PATH)],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    subPathURL: `http://127.0.0.1:${SUB_PORT}${SUB_PATH}`,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    trace: 'off',
  },
  projects: [
    {
      name: 'webgpu',
      use: {
        gpu: 'webgpu',
        launchOptions: { executablePath, args: [...headless, '--enable-unsafe-webgpu'] },
      },
    },
    {
      // navigator.gpu exists but requestAdapter() answers null, as for a blocklisted GPU.
      name: 'no-adapter',
      testIgnore: /webgpu-only/,
      use: { gpu: 'no-adapter', launchOptions: { executablePath, args: [...headless, '--disable-webgpu'] } },
    },
    {
      // An old browser: an init script (e2e/fixtures.ts) removes navigator.gpu before the page runs.
      name: 'no-api',
      testIgnore: /webgpu-only/,
      use: { gpu: 'no-api', launchOptions: { executablePath, args: headless } },
    },
  ],
});
