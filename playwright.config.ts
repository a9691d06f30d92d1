import { execFileSync } from 'node:child_process';
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
 * Two static servers serve dist/: at / and, only under the sub-path, at /courses/ml/xent/. They
 * listen on free loopback ports chosen when the run starts, so a run never meets `scripts/start.sh`
 * (4173), a benchmark or another run; XENT_E2E_PORT=N pins them to N and N + 1.
 */
const executablePath =
  process.env.XENT_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const SUB_PATH = '/courses/ml/xent/';

/**
 * Listens on each port on 127.0.0.1 at once (0: any free one), then lets them go; answers the
 * port each got, or the error code that stopped it. A child process, so the config stays synchronous.
 */
const PROBE = `
const net = require('node:net');
const wanted = JSON.parse(process.argv[1]);
Promise.all(
  wanted.map(
    (port) =>
      new Promise((done) => {
        const server = net.createServer();
        server.once('error', (error) => done({ port, error: error.code }));
        server.listen(port, '127.0.0.1', () => done({ port: server.address().port, server }));
      }),
  ),
).then((results) => {
  process.stdout.write(JSON.stringify(results.map(({ port, error }) => ({ port, error }))));
  for (const { server } of results) server?.close();
});`;

function probe(ports: number[]): { port: number; error?: string }[] {
  return JSON.parse(
    execFileSync(process.execPath, ['-e', PROBE, JSON.stringify(ports)], { encoding: 'utf8' }),
  );
}

/** Ends the run with one sentence (a thrown error would add Playwright's stack trace). */
function stop(sentence: string): never {
  console.error(sentence);
  process.exit(1);
}

/**
 * The two servers' ports, chosen once in the main process and handed to the worker processes (which
 * load this file again) through XENT_E2E_CHOSEN_PORTS, which they inherit.
 */
function e2ePorts(): [number, number] {
  const chosen = process.env.XENT_E2E_CHOSEN_PORTS;
  if (chosen) {
    const [port = 0, subPort = 0] = chosen.split(',').map(Number);
    return [port, subPort];
  }
  const pinned = process.env.XENT_E2E_PORT;
  let ports: [number, number];
  if (pinned) {
    const port = Number(pinned);
    if (!Number.isInteger(port) || port < 1 || port > 65534) {
      stop(`XENT_E2E_PORT=${pinned} is not a port number from 1 to 65534.`);
    }
    const taken = probe([port, port + 1]).find((result) => result.error);
    if (taken) {
      const which = taken.port === port ? 'XENT_E2E_PORT' : 'XENT_E2E_PORT + 1, the sub-path server';
      const why =
        taken.error === 'EADDRINUSE'
          ? 'is in use; stop what holds it or'
          : `cannot be opened (${taken.error});`;
      stop(
        `Port ${taken.port} (${which}) ${why} choose another port with XENT_E2E_PORT=N (or unset it for free ports).`,
      );
    }
    ports = [port, port + 1];
  } else {
    const [site, subPath] = probe([0, 0]);
    if (!site || !subPath || site.error || subPath.error) {
      stop(`No free loopback port for the end-to-end servers (${site?.error ?? subPath?.error}).`);
    }
    ports = [site.port, subPath.port];
  }
  process.env.XENT_E2E_CHOSEN_PORTS = ports.join(',');
  return ports;
}

const [PORT, SUB_PORT] = e2ePorts();
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
  // Served as most course hosts serve a static site, without the cross-origin isolation headers;
  // e2e/threads.spec.ts starts isolated servers of its own.
  command: `node scripts/serve.mjs --dir ${DIST} --port ${port} --base ${base} --no-isolation`,
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
