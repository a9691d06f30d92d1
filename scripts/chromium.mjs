/**
 * How the project's scripts launch Chromium: XENT_CHROMIUM if set, else Debian's
 * /usr/bin/chromium when present, else Playwright's own browser; headless, with WebGPU on
 * (SwiftShader where there is no GPU) and nothing that reaches the network by itself.
 * playwright.config.ts lists the same flags for the tests.
 */
import { existsSync } from 'node:fs';

export const executablePath =
  process.env.XENT_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
