/**
 * Chart exports on the book's example: the softmax chart (a canvas) and the −log p chart (an
 * SVG) each download a standalone SVG that parses and carries the caption, and a PNG at 2× the
 * chart's CSS width with the caption drawn below. The caption must say what the chart shows:
 * the softmax chart's text alternative (rank and p of the target) and the six −log p values.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { BOOK, expect, gotoStage, test } from './fixtures';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function downloadOf(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** The caption's lines joined back into one sentence, XML entities undone. */
function captionOf(svg: string): string {
  const group = /<g class="chart-caption"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) =>
      m[1]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join(' ');
}

async function parsesInPage(page: Page, svg: string): Promise<boolean> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return !doc.querySelector('parsererror') && doc.documentElement.nodeName === 'svg';
  }, svg);
}

function pngWidth(bytes: Buffer): number {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  return bytes.readUInt32BE(16);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

test('the softmax chart exports as SVG and PNG with its numbers as the caption', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 3);
  const stage = page.locator('section.stage');
  const chart = stage.locator('canvas[role="img"]').first();
  // GPT-2's vocabulary loads after the numbers; until then the label names the target by its
  // id. Wait for the decoded token, so the label read here is the one the export will use.
  await expect(chart).toHaveAttribute('aria-label', /The target “[^”]+” is at rank [\d,]+ with p = /);
  const shown = squash((await chart.getAttribute('aria-label')) ?? '');
  const rank = /rank ([\d,]+) with/.exec(shown)?.[1];
  expect(BOOK.ranks).toContain(rank);
  await expect(stage.getByTestId('softmax-target-rank')).toContainText(`rank ${rank} of 50,257`);

  const svgFile = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as SVG (the softmax chart)' }),
  );
  expect(svgFile.name).toBe('softmax-chart.svg');
  const svg = svgFile.bytes.toString('utf8');
  expect(await parsesInPage(page, svg)).toBe(true);
  expect(svg).toMatch(/<image href="data:image\/png;base64,[A-Za-z0-9+/=]{100,}"/);
  expect(squash(captionOf(svg))).toBe(shown);
  expect(captionOf(svg)).toContain(`rank ${rank}`);

  const cssWidth = await chart.evaluate((el) => el.getBoundingClientRect().width);
  const pngFile = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as PNG (the softmax chart)' }),
  );
  expect(pngFile.name).toBe('softmax-chart.png');
  expect(pngWidth(pngFile.bytes)).toBeGreaterThanOrEqual(Math.floor(2 * cssWidth));
  // The canvas itself holds 2× pixels on this 1× screen, so the PNG is not a 1× bitmap scaled up.
  expect(await page.evaluate(() => window.devicePixelRatio)).toBe(1);
  expect(await chart.evaluate((el) => (el as HTMLCanvasElement).width)).toBe(Math.round(2 * cssWidth));
});

test('the −log p chart exports as SVG and PNG with the six values in the caption', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 5);
  const stage = page.locator('section.stage');
  const chart = stage.locator('.neglog-main svg[role="img"]');
  await expect(stage.getByTestId('neglog-point')).toHaveCount(6);

  const svgFile = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as SVG (the −log p chart)' }),
  );
  expect(svgFile.name).toBe('neg-log-chart.svg');
  const svg = svgFile.bytes.toString('utf8');
  expect(await parsesInPage(page, svg)).toBe(true);
  const caption = captionOf(svg);
  expect(caption).toContain('6 tokens');
  for (const value of BOOK.negLogP) expect(caption).toContain(value);
  // The points' labels are in the file too, with their colours inlined (no CSS variables left).
  for (const value of BOOK.negLogP) expect(svg).toContain(value);
  expect(svg).not.toContain('var(--');
  expect(svg).toMatch(/<path[^>]*style="[^"]*stroke:\s*rgb\(/);
  // The caption agrees with the chart's own text alternative, value by value.
  const title = (await chart.locator('title').textContent()) ?? '';
  for (const value of BOOK.negLogP) expect(title).toContain(value);

  const cssWidth = await chart.evaluate((el) => el.getBoundingClientRect().width);
  const pngFile = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as PNG (the −log p chart)' }),
  );
  expect(pngFile.name).toBe('neg-log-chart.png');
  expect(pngWidth(pngFile.bytes)).toBeGreaterThanOrEqual(Math.floor(2 * cssWidth));
});

test('exports work under a strict Content Security Policy', async ({ page, baseURL }) => {
  // The classroom's strict policy (e2e/classroom.spec.ts): no eval, no inline script, images from
  // the page's origin, data: and blob: only.
  const policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.route(baseURL ?? '/', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 5);
  const stage = page.locator('section.stage');
  const png = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as PNG (the −log p chart)' }),
  );
  expect(pngWidth(png.bytes)).toBeGreaterThan(0);
  await gotoStage(page, 3);
  const canvasPng = await downloadOf(
    page,
    stage.getByRole('button', { name: 'Export chart as PNG (the softmax chart)' }),
  );
  expect(pngWidth(canvasPng.bytes)).toBeGreaterThan(0);
  expect(violations).toEqual([]);
  // The policy was in force: an inline script is refused.
  const refused = await page.evaluate(
    () =>
      new Promise<boolean>((done) => {
        document.addEventListener('securitypolicyviolation', () => done(true), { once: true });
        const script = document.createElement('script');
        script.textContent = 'void 0';
        document.body.append(script);
        setTimeout(() => done(false), 2000);
      }),
  );
  expect(refused).toBe(true);
});

test('the temperature bars (an HTML table) export as an SVG picture and a PNG', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 3);
  const panel = page.getByTestId('temp-panel');
  const slider = panel.getByTestId('temp-slider');
  await slider.fill('40');
  await expect(slider).toHaveAttribute('aria-valuetext', 'T = 0.50');
  const table = panel.locator('table.xs-temp-bars');
  await expect(table).toHaveAttribute('aria-busy', 'false');
  const rows = await table.locator('tbody tr').count();
  // The numbers the table shows, token by token: p at T = 1 and at T = 0.50.
  const shown = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('.xs-bar-text')].map((s) => s.textContent)),
    );

  const svgFile = await downloadOf(
    page,
    panel.getByRole('button', { name: 'Export chart as SVG (the temperature bars chart)' }),
  );
  expect(svgFile.name).toBe('temperature-bars.svg');
  const svg = svgFile.bytes.toString('utf8');
  expect(await parsesInPage(page, svg)).toBe(true);
  // Two bars per token plus the legend's two swatches (and the background).
  expect(svg.match(/<rect/g)?.length).toBe(2 * rows + 3);
  expect(svg).not.toContain('var(--');
  const caption = squash(captionOf(svg));
  expect(caption).toMatch(/^Probability at T = 1 and at T = 0\.50 of the top 10 tokens/);
  for (const [p1, pT] of shown) expect(caption).toContain(`${p1} → ${pT}`);
  // The picture is gone from the page once exported.
  await expect(panel.locator('svg[aria-hidden="true"]')).toHaveCount(0);

  const pngFile = await downloadOf(
    page,
    panel.getByRole('button', { name: 'Export chart as PNG (the temperature bars chart)' }),
  );
  expect(pngFile.name).toBe('temperature-bars.png');
  expect(pngWidth(pngFile.bytes)).toBe(2 * 600);
});
