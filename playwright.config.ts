import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests of the built site (dist/) in headless Chromium. The browser is
 * XENT_CHROMIUM if set, else Debian's /usr/bin/chromium if present, else Playwright's own.
 */
const executablePath =
  process.env.XENT_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const PORT = Number(process.env.XENT_E2E_PORT ?? 4173);
const baseArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT} --dir dist`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'webgpu',
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      // navigator.gpu exists but requestAdapter() gives null, as on a blocklisted GPU.
      name: 'no-adapter',
      testIgnore: /offline/,
      use: { launchOptions: { executablePath, args: [...baseArgs, '--disable-webgpu'] } },
    },
    {
      // An old browser: no navigator.gpu at all (removed by an init script in the tests).
      name: 'no-api',
      testIgnore: /offline/,
      use: { launchOptions: { executablePath, args: baseArgs } },
    },
  ],
});
