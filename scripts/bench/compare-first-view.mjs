/**
 * `node scripts/bench/compare-first-view.mjs DIR_A DIR_B [...] [--loads N] [--width W]
 * [--service-workers] [--json PATH]`: the first view of two or more built sites, loads
 * interleaved (A, B, A, B, …) so that the machine's drift falls on all of them alike.
 *
 * Each load is a fresh browser context (no HTTP cache); service workers are blocked unless
 * --service-workers is given (then the offline cache registers and installs as for a first-time
 * visitor). Per load, in the page's clock (ms since navigation start): the first contentful paint,
 * and when a MutationObserver installed before any page script first sees the loss read "10.7940".
 * Prints a table of medians and p95s and writes JSON (default bench-results/first-view-compare.json).
 *
 * Build the sites to compare first, e.g. `git worktree add /tmp/old REV && (cd /tmp/old &&
 * npm ci && npx vite build --outDir /tmp/dist-old)` beside `npm run build` here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, executablePath } from '../chromium.mjs';
import { startServer } from '../serve.mjs';
import { stats } from './stats.mjs';

const BOOK_LOSS = '10.7940';

function parseArgs(argv) {
  const options = {
    dirs: [],
    loads: 10,
    width: 1440,
    serviceWorkers: false,
    json: 'bench-results/first-view-compare.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--loads') options.loads = Number(argv[++i]);
    else if (arg === '--width') options.width = Number(argv[++i]);
    else if (arg === '--service-workers') options.serviceWorkers = true;
    else if (arg === '--json') options.json = argv[++i];
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}.`);
    else options.dirs.push(arg);
  }
  if (options.dirs.length < 2) throw new Error('Give two or more built sites (dist folders) to compare.');
  if (!(Number.isInteger(options.loads) && options.loads > 0))
    throw new Error('--loads takes a whole number above 0.');
  if (!(Number.isInteger(options.width) && options.width >= 320))
    throw new Error('--width takes a width in px, 320 or more.');
  return options;
}

async function load(browser, url, options) {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.width < 600 ? 812 : 900 },
    serviceWorkers: options.serviceWorkers ? 'allow' : 'block',
  });
  try {
    const page = await context.newPage();
    await page.addInitScript((loss) => {
      new MutationObserver(() => {
        if (
          window.__lossAt === undefined &&
          document.querySelector('[data-testid="loss"]')?.textContent === loss
        )
          window.__lossAt = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, BOOK_LOSS);
    await page.goto(url);
    await page.waitForFunction(() => window.__lossAt !== undefined, undefined, { timeout: 30_000 });
    return await page.evaluate(() => ({
      lossMs: window.__lossAt,
      fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
  } finally {
    await context.close();
  }
}

const options = parseArgs(process.argv.slice(2));
const servers = await Promise.all(options.dirs.map((dir) => startServer({ dir, port: 0 })));
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const loads = options.dirs.map(() => []);
try {
  for (let i = 0; i < options.loads; i++) {
    for (let d = 0; d < options.dirs.length; d++) loads[d].push(await load(browser, servers[d].url, options));
    console.error(`[compare-first-view] round ${i + 1}/${options.loads}`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.server.close();
}

const sites = options.dirs.map((dir, d) => ({
  dir,
  firstContentfulPaintMs: stats(loads[d].map((l) => l.fcpMs)),
  lossOnScreenMs: stats(loads[d].map((l) => l.lossMs)),
  lossAfterPaintMs: stats(loads[d].map((l) => (l.fcpMs === null ? NaN : l.lossMs - l.fcpMs))),
  loads: loads[d],
}));
console.log(
  `First view, ${options.loads} interleaved loads each at ${options.width} px, service workers ${options.serviceWorkers ? 'on' : 'blocked'} (ms, median / p95):\n`,
);
console.log('| site | first contentful paint | loss 10.7940 in the DOM | loss − first paint |');
console.log('| ---- | ---------------------: | ----------------------: | -----------------: |');
const cell = (s) => `${s.median} / ${s.p95}`;
for (const s of sites)
  console.log(
    `| ${s.dir} | ${cell(s.firstContentfulPaintMs)} | ${cell(s.lossOnScreenMs)} | ${cell(s.lossAfterPaintMs)} |`,
  );
mkdirSync(dirname(options.json), { recursive: true });
writeFileSync(
  options.json,
  JSON.stringify({ options, date: new Date().toISOString(), sites }, null, 2) + '\n',
);
console.log(`\nJSON: ${options.json}`);
