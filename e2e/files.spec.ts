/**
 * The reader's own logits: every good fixture (test/fixtures/files, written by
 * scripts/fixtures/make_files.py) loaded through "Load logits" and by #data=URL, its loss on the
 * page and its exported JSON checked against PyTorch (test/fixtures/golden/files.json, from
 * scripts/golden/make_file_golden.py): numbers within 1e-5 relative, ranks exactly. The CSV export
 * must say what the JSON says, and what the p(target) stage's table shows. A big file shows its
 * progress; the export help shows the shift.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { scan } from './axe';
import { writeBigLogits } from './big-file';
import { BOOK, expect, gotoStage, test, type GpuSituation } from './fixtures';

const FILES = 'test/fixtures/files/';

interface GoldenToken {
  target: number;
  ignored: boolean;
  logProb: number | null;
  loss: number | null;
  prob: number | null;
  rank: number | null;
}

interface Golden {
  shape: [number, number, number];
  loss: number;
  /** 'inf' where e^loss overflows a double (the float16 files hold 65504). */
  perplexity: number | 'inf';
  tokens: GoldenToken[];
}

const GOLDEN = (
  JSON.parse(readFileSync('test/fixtures/golden/files.json', 'utf8')) as { files: Record<string, Golden> }
).files;

/** results.json: the `xent score --json` object. */
interface Exported {
  loss: number | null;
  perplexity: number | null;
  shape: number[];
  backend: string;
  tokens: (GoldenToken & { batch: number; position: number })[];
}

const BACKEND: Record<GpuSituation, string> = { webgpu: 'webgpu', 'no-adapter': 'cpu', 'no-api': 'cpu' };

/** |a − b| within 1e-5 of |b| (and 1e-12 absolute, for a probability that underflows to 0). */
function expectClose(actual: number | null, want: number | null, what: string): void {
  if (want === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - want), `${what}: ${actual} vs PyTorch ${want}`).toBeLessThanOrEqual(
    Math.max(1e-5 * Math.abs(want), 1e-12),
  );
}

/** The loss on the page (4 decimals) is PyTorch's, rounded, give or take the last digit. */
async function expectShownLoss(page: Page, golden: Golden): Promise<void> {
  const tolerance = 5e-5 + 1e-5 * golden.loss;
  await expect
    .poll(async () => Math.abs(Number(await page.getByTestId('loss').textContent()) - golden.loss), {
      message: `displayed loss near ${golden.loss}`,
    })
    .toBeLessThanOrEqual(tolerance);
  await expect(page.getByTestId('loss')).toHaveText(/^\d+\.\d{4}$/);
  await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return readFileSync((await file.path())!, 'utf8');
}

function expectGolden(json: Exported, golden: Golden, gpu: GpuSituation, name: string): void {
  expect(json.shape, name).toEqual(golden.shape);
  expect(json.backend, name).toBe(BACKEND[gpu]);
  expectClose(json.loss, golden.loss, `${name} loss`);
  if (golden.perplexity === 'inf') expect(json.perplexity, name).toBeNull();
  else expectClose(json.perplexity, golden.perplexity, `${name} perplexity`);
  expect(json.tokens).toHaveLength(golden.tokens.length);
  const [, T] = golden.shape;
  golden.tokens.forEach((want, i) => {
    const got = json.tokens[i]!;
    const at = `${name} token ${i}`;
    expect([got.batch, got.position], at).toEqual([Math.floor(i / T), i % T]);
    expect({ target: got.target, ignored: got.ignored, rank: got.rank }, at).toEqual({
      target: want.target,
      ignored: want.ignored,
      rank: want.rank,
    });
    expectClose(got.logProb, want.logProb, `${at} logProb`);
    expectClose(got.loss, want.loss, `${at} loss`);
    expectClose(got.prob, want.prob, `${at} prob`);
  });
}

/** results.csv as records: a header, then one row per token; an empty cell is null, as in the JSON. */
function parseCsv(text: string): Record<string, string>[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = text.slice(0, -2).split('\r\n');
  const columns = header!.split(',');
  expect(columns).toEqual(['batch', 'position', 'target', 'ignored', 'prob', 'logProb', 'loss', 'rank']);
  return rows.map((row) => {
    const cells = row.split(',');
    expect(cells).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]!]));
  });
}

const cell = (x: number | null) => (x === null ? '' : String(x));

/**
 * The CSV says what the JSON says, number for number (both print the same doubles), and the
 * p(target) table (stage 4) shows the same: p and −log p in full in their titles, the rank in its text.
 */
async function expectCsvAgrees(page: Page, json: Exported, name: string): Promise<void> {
  const rows = parseCsv(await download(page, 'Export results (CSV)'));
  expect(rows, name).toEqual(
    json.tokens.map((t) => ({
      batch: String(t.batch),
      position: String(t.position),
      target: String(t.target),
      ignored: String(t.ignored),
      prob: cell(t.prob),
      logProb: cell(t.logProb),
      loss: cell(t.loss),
      rank: cell(t.rank),
    })),
  );
  const table = page.getByRole('table', { name: /probability the model gave/ });
  const shown = await table.locator('tbody tr:not(.group)').evaluateAll((trs) =>
    trs.map((tr) => {
      const [, , p, negLog, rank] = [...tr.querySelectorAll('td')];
      return { p: p?.getAttribute('title'), loss: negLog?.getAttribute('title'), rank: rank?.textContent };
    }),
  );
  expect(shown, `${name}: the p(target) table`).toEqual(
    rows.map((r) => ({
      p: r.ignored === 'true' ? 'NaN' : r.prob,
      loss: r.ignored === 'true' ? 'NaN' : r.loss,
      rank: r.ignored === 'true' ? '—' : Number(r.rank).toLocaleString('en-US'),
    })),
  );
}

/** Every good fixture but the .npy pair, which is two files (loaded below, together). */
const SINGLE = Object.keys(GOLDEN).filter((name) => !name.endsWith('.npy'));

/**
 * The fixtures by kind, each group one test on one page; neighbours differ in loss where they can.
 * Each file costs two downloads (JSON and CSV), and a group holds at most MAX_GROUP files: Chromium
 * drops an eleventh download that a page starts within a few seconds of ten others (measured: ten
 * blob downloads in 0.8 s, the eleventh never began; with 1.5 s between them, sixty all began).
 */
const GROUPS: Record<string, string[]> = {
  'npz: stored, compressed; float16, float64': ['stored.npz', 'float16.npz', 'compressed.npz', 'float64.npz'],
  'npz: zip64, 2-D; targets int8, uint8': ['zip64.npz', '2d.npz', 'targets-int8.npz', 'targets-uint8.npz'],
  'npz targets int16, int32; safetensors': [
    'targets-int16.npz',
    'plain.safetensors',
    'targets-int32.npz',
    'float16.safetensors',
  ],
  'safetensors: float64, targets i8': ['float64.safetensors', 'targets-i8.safetensors'],
};
const MAX_GROUP = 4;

test('the groups cover every good fixture, each within the downloads a page may start', () => {
  expect(Object.values(GROUPS).flat().sort()).toEqual([...SINGLE].sort());
  for (const names of Object.values(GROUPS)) expect(names.length).toBeLessThanOrEqual(MAX_GROUP);
});

async function expectFile(page: Page, gpu: GpuSituation, name: string, label: string): Promise<void> {
  const golden = GOLDEN[name]!;
  await expect(page.getByRole('radio', { name: `Your file: ${label}` })).toBeChecked();
  await expectShownLoss(page, golden);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const json = JSON.parse(await download(page, 'Export results (JSON)')) as Exported;
  expectGolden(json, golden, gpu, name);
  await expectCsvAgrees(page, json, name);
}

for (const [group, names] of Object.entries(GROUPS)) {
  test(`Load logits: ${group}`, async ({ page, gpu }) => {
    await page.goto('./');
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
    await gotoStage(page, 4);
    for (const name of names) {
      await page.getByLabel('Load logits').setInputFiles(FILES + name);
      await expectFile(page, gpu, name, name);
    }
  });
}

test('Load logits: logits.npy and targets.npy chosen together', async ({ page, gpu }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 4);
  await page.getByLabel('Load logits').setInputFiles([FILES + 'pair/logits.npy', FILES + 'pair/targets.npy']);
  await expectFile(page, gpu, 'pair/logits.npy', 'logits.npy + targets.npy');
  // Another file between, so the next pair is seen to load: the other order, and .npy files of
  // format versions 2.0 and 3.0 holding the same arrays.
  await page.getByLabel('Load logits').setInputFiles(FILES + 'float64.npz');
  await expectShownLoss(page, GOLDEN['float64.npz']!);
  await page.getByLabel('Load logits').setInputFiles([
    {
      name: 'targets.npy',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(FILES + 'v3-targets.npy'),
    },
    {
      name: 'logits.npy',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(FILES + 'v2-logits.npy'),
    },
  ]);
  await expectFile(page, gpu, 'pair/logits.npy', 'logits.npy + targets.npy');
});

test.describe('by URL', () => {
  // Routes do not see a service worker's requests; these tests are about the page's own fetch.
  test.use({ serviceWorkers: 'block' });

  test('#data= opens every good .npz and .safetensors fixture', async ({ page, gpu }) => {
    await page.route('**/course/files/*', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!;
      return route.fulfill({
        status: 200,
        contentType: 'application/octet-stream',
        body: readFileSync(FILES + name),
      });
    });
    for (const name of SINGLE) {
      await page.goto(`./#data=course/files/${name}`);
      await page.reload();
      await expect(page.getByRole('radio', { name: `Your file: ${name}` })).toBeChecked();
      await expectShownLoss(page, GOLDEN[name]!);
      const json = JSON.parse(await download(page, 'Export results (JSON)')) as Exported;
      expectGolden(json, GOLDEN[name]!, gpu, name);
    }
  });

  test('#data= with a bad file says why and shows the book’s example', async ({ page }) => {
    await page.route('**/course/bad.npz', (route) =>
      route.fulfill({ status: 200, body: readFileSync(FILES + 'bad-truncated.npz') }),
    );
    await page.goto('./#data=course/bad.npz');
    await expect(page.getByRole('alert')).toHaveText(
      'The .npz archive is truncated (its end is missing); copy or save the file again.',
    );
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  });
});

test('a big file shows its progress, then its loss', async ({ page }, testInfo) => {
  // (1, 256, 50257) float32 zeros, 51 MB, as logits.npy + targets.npy: every row is uniform, so
  // each token's loss is ln 50257 = 10.8249 and its rank 1.
  const { logits, targets, V } = writeBigLogits((name) => testInfo.outputPath(name));

  // Every state of the progress element, as the page draws it (a load is too quick to poll).
  await page.addInitScript(() => {
    const seen: { phase: string | null; label: string; valuetext: string | null }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const box = document.querySelector('[data-testid="load-progress"]');
      const bar = box?.querySelector('progress');
      if (!box || !bar) return;
      const state = {
        phase: box.getAttribute('data-phase'),
        label: bar.labels[0]?.textContent ?? '',
        valuetext: bar.getAttribute('aria-valuetext'),
      };
      const last = seen[seen.length - 1];
      if (!last || last.phase !== state.phase || last.valuetext !== state.valuetext) seen.push(state);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page.getByLabel('Load logits').setInputFiles([logits, targets]);
  await expect(page.getByRole('radio', { name: 'Your file: logits.npy + targets.npy' })).toBeChecked();
  await expect(page.getByTestId('loss')).toHaveText(Math.log(V).toFixed(4));
  await expect(page.getByTestId('shape')).toHaveText('(1, 256, 50257)');
  await expect(page.getByTestId('load-progress')).toHaveCount(0);

  const seen = await page.evaluate(
    () =>
      (window as unknown as { progressSeen: { phase: string; label: string; valuetext: string }[] })
        .progressSeen,
  );
  expect(seen.length).toBeGreaterThan(0);
  const phases = seen.map((s) => s.phase);
  expect(phases.some((p) => p === 'reading' || p === 'parsing')).toBe(true);
  // Phases only move forward: reading, parsing, computing.
  const order = ['reading', 'parsing', 'computing'];
  const ranks = phases.map((p) => order.indexOf(p));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  for (const s of seen) {
    expect(s.label).toMatch(/^(Reading|Parsing|Computing the loss of) “logits\.npy \+ targets\.npy”…$/);
    expect(s.valuetext).toBeTruthy();
  }
});

test('the export help shows the shift, .float() and the xent command, and copies', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  const code = page.getByTestId('export-code');
  await expect(code).toBeHidden();
  await page.getByText('Export from PyTorch / Hugging Face').click();
  await expect(code).toBeVisible();
  await expect(code).toContainText('model(input_ids).logits');
  await expect(code).toContainText('logits[:, :-1].float()');
  await expect(code).toContainText('targets = input_ids[:, 1:]');
  await expect(code).toContainText('np.savez_compressed(');
  await expect(page.getByTestId('score-command')).toContainText('xent score logits.npz');
  expect(await scan(page, '.controls')).toEqual([]);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy the Python code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.textContent());
});
