/**
 * Classroom use: deep links that reopen the same view, hostile hash values that change nothing,
 * the lecture keys (a clicker's Page Up/Down included), and the page embedded in a plain iframe,
 * a sandboxed iframe (opaque origin: no storage, no workers by URL), a host page and the page
 * itself under a strict Content-Security-Policy, and a reveal.js-like deck that gets the arrow
 * keys back after the last stage.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { BOOK, expect, test } from './fixtures';

const kicker = (page: Page) => page.locator('.stage-kicker');

test('a copied link reopens the same view', async ({ page, context }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  await page.getByRole('textbox', { name: 'Text 1' }).fill('the cat sat on the mat');
  await expect(page.getByTestId('shape')).toHaveText('(2, 5, 50257)');
  await page.getByRole('radio', { name: /bits/ }).check();
  await expect(page.getByTestId('loss')).not.toHaveText(BOOK.loss);
  const loss = await page.getByTestId('loss').textContent();
  await page.getByLabel('Theme').selectOption('dark');
  await page
    .getByRole('navigation', { name: 'Stages' })
    .getByRole('button', { name: /stage 3 of 7/ })
    .click();
  await expect(page).toHaveURL(/stage=3/);
  const url = page.url();
  expect(url).toContain('source=text');
  expect(url).toContain('units=bits');
  expect(url).toContain('theme=dark');

  const again = await context.newPage();
  await again.goto(url);
  await expect(kicker(again)).toContainText('Stage 3 of 7');
  await expect(again.getByRole('radio', { name: 'Untrained model on your text' })).toBeChecked();
  await expect(again.getByRole('textbox', { name: 'Text 1' })).toHaveValue('the cat sat on the mat');
  await expect(again.getByRole('radio', { name: /bits/ })).toBeChecked();
  await expect(again.getByTestId('loss')).toHaveText(loss!);
  await expect(again.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('hostile or absurd hash values are ignored and never run', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { pwned: number }).pwned = 0;
  });
  const evil = encodeURIComponent('<img src=x onerror="window.pwned=1">');
  await page.goto(
    `./#stage=%3Cscript%3Ewindow.pwned%3D2%3C%2Fscript%3E&theme=${evil}&source=javascript:alert(1)` +
      `&p=1e999&T=NaN&b=-5&t=99999999999&hide=${evil}&units=%00&text1=${'x'.repeat(5000)}`,
  );
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(kicker(page)).toContainText('Stage 1 of 7');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);

  // A text that looks like HTML is a text: it is tokenized and shown as characters.
  await page.goto(`./#source=text&text1=${evil}&text2=two%20words`);
  await expect(page.getByRole('textbox', { name: 'Text 1' })).toHaveValue(
    '<img src=x onerror="window.pwned=1">',
  );
  await expect(page.getByTestId('shape')).not.toHaveText(BOOK.shape);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
});

test('lecture keys: Page Down/Up, Space, digits, B, F and ?', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { fullscreenCalls: number };
    w.fullscreenCalls = 0;
    Element.prototype.requestFullscreen = function () {
      w.fullscreenCalls++;
      return Promise.resolve();
    };
  });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page.locator('h1').click();
  await page.keyboard.press('PageDown');
  await expect(kicker(page)).toContainText('Stage 2 of 7');
  await page.keyboard.press('Space');
  await expect(kicker(page)).toContainText('Stage 3 of 7');
  await page.keyboard.press('PageUp');
  await expect(kicker(page)).toContainText('Stage 2 of 7');
  await page.keyboard.press('6');
  await expect(kicker(page)).toContainText('Stage 6 of 7');

  // A clicker still works with a slider focused.
  await page.keyboard.press('7');
  await page.getByRole('slider').first().focus();
  await page.keyboard.press('PageUp');
  await expect(kicker(page)).toContainText('Stage 6 of 7');

  await page.locator('h1').click();
  await page.keyboard.press('b');
  await expect(page.locator('.blank-screen')).toBeVisible();
  await page.keyboard.press('x');
  await expect(page.locator('.blank-screen')).toHaveCount(0);
  await expect(kicker(page)).toContainText('Stage 6 of 7');

  await page.keyboard.press('f');
  expect(await page.evaluate(() => (window as unknown as { fullscreenCalls: number }).fullscreenCalls)).toBe(
    1,
  );

  await page.keyboard.press('?');
  const keys = page.getByRole('dialog', { name: 'Keys for teaching' });
  await expect(keys).toBeVisible();
  await expect(keys).toContainText('Page Down');
  await page.keyboard.press('Escape');
  await expect(keys).toBeHidden();
});

/** The lab's own address (the test server's, from the config's baseURL) and the strict policy that frames it. */
let LAB = '';
let STRICT = '';
const HOST_SCRIPT = readFileSync('public/embed-host.js', 'utf8');
const DECK =
  'window.moves = []; window.Reveal = { next() { moves.push("next"); }, prev() { moves.push("prev"); } };';

/**
 * A course site on another origin (its own loopback server, so Chromium lets it frame the lab):
 * GET /page?frame=<iframe attributes>&csp=1 is a page with the lab in an iframe, reveal.js-like
 * deck script and the lab's embed-host.js, optionally under the strict policy.
 */
let course: Server;
let COURSE = '';
test.beforeAll(async () => {
  LAB = new URL('/', test.info().project.use.baseURL).href;
  STRICT = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src ${LAB}`;
  course = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/embed-host.js' || url.pathname === '/deck.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(url.pathname === '/deck.js' ? DECK : HOST_SCRIPT);
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (url.searchParams.get('csp')) headers['content-security-policy'] = STRICT;
    res.writeHead(200, headers);
    res.end(
      `<!doctype html><html lang="en"><head><title>Week 5</title><script src="/deck.js"></script></head>` +
        `<body><h1>Week 5</h1><iframe id="lab" title="Cross-Entropy Lab" style="width:100%;border:0" ${
          url.searchParams.get('frame') ?? ''
        }></iframe><script src="/embed-host.js"></script></body></html>`,
    );
  });
  await new Promise<void>((done) => course.listen(0, '127.0.0.1', done));
  COURSE = `http://127.0.0.1:${(course.address() as AddressInfo).port}/`;
});
test.afterAll(() => new Promise<void>((done) => course.close(() => done())));

async function host(page: Page, frame: string, csp = false) {
  await page.goto(`${COURSE}page?${new URLSearchParams({ frame, ...(csp ? { csp: '1' } : {}) })}`);
}

test('embedded in a plain iframe: compact, and the frame takes the page’s height', async ({ page }) => {
  await host(page, `src="${LAB}#embed=1"`);
  const frame = page.frameLocator('#lab');
  await expect(frame.getByTestId('loss')).toHaveText(BOOK.loss);
  // The title is not drawn in the frame, but stays the page's heading for screen readers.
  const title = frame.getByRole('heading', { level: 1 });
  await expect(title).toHaveText('How a language model’s loss is computed');
  expect((await title.boundingBox())?.height).toBeLessThanOrEqual(1);
  await expect
    .poll(() => page.locator('#lab').evaluate((f) => f.getBoundingClientRect().height))
    .toBeGreaterThan(600);
});

test('embedded, the frame keeps its size while the first logits load', async ({ page }) => {
  // The book's logits are held back, so the page stays in its loading state.
  let release = () => {};
  const held = new Promise<void>((done) => (release = done));
  await page.route('**/examples/*.npz', async (route) => {
    await held;
    await route.continue();
  });
  await host(page, `src="${LAB}#embed=1"`);
  const frame = page.frameLocator('#lab');
  await expect(frame.getByText('Loading the book’s example and computing its loss…')).toBeVisible();
  const height = () => page.locator('#lab').evaluate((f) => f.getBoundingClientRect().height);
  // The host sizes the frame to the page; a page whose height followed the frame's would make
  // them grow each other for as long as the load lasts: watch it for two seconds.
  const heights = [await height()];
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(500);
    heights.push(await height());
  }
  expect(Math.max(...heights) - heights[0]!).toBeLessThan(100);
  release();
  await expect(frame.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('embedded in a sandboxed iframe (allow-scripts only): still computes', async ({ page }) => {
  await host(page, `sandbox="allow-scripts" src="${LAB}#embed=1&hide=picker"`);
  const frame = page.frameLocator('#lab');
  await expect(frame.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(frame.getByTestId('perplexity')).toHaveText(BOOK.perplexity);
  await expect(frame.getByRole('group', { name: 'Logits from' })).toBeHidden();
  expect(await page.locator('#lab').evaluate((f: HTMLIFrameElement) => f.contentWindow !== null)).toBe(true);
  await expect
    .poll(() => page.locator('#lab').evaluate((f) => f.getBoundingClientRect().height))
    .toBeGreaterThan(400);
});

test('under a strict Content-Security-Policy, on the host page and on the lab’s own page', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  // The lab's own page, served with the policy.
  await page.route(`${LAB}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': STRICT.replace(/; frame-src.*/, '') },
    });
  });
  await host(page, `src="${LAB}#embed=1"`, true);
  await expect(page.frameLocator('#lab').getByTestId('loss')).toHaveText(BOOK.loss);
  await expect
    .poll(() => page.locator('#lab').evaluate((f) => f.getBoundingClientRect().height))
    .toBeGreaterThan(600);
  expect(violations).toEqual([]);
});

test('in every language: in a sandboxed frame on a page under a strict policy, and under the policy itself', async ({
  page,
  gpu,
}) => {
  test.skip(gpu !== 'no-api', 'the catalogs are the same on every back end');
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const LANGS = [
    ['zh-Hans', 'ltr', '10.7940'],
    ['es', 'ltr', '10,7940'],
    ['ar', 'rtl', '10.7940'],
  ] as const;
  const expectLanguage = async (lang: string, dir: string, loss: string) => {
    const frame = page.frameLocator('#lab');
    await expect(frame.getByTestId('loss')).toHaveText(loss);
    await expect(frame.locator('html')).toHaveAttribute('lang', lang);
    await expect(frame.locator('html')).toHaveAttribute('dir', dir);
  };
  // Sandboxed (allow-scripts only: an opaque origin), the catalog is one more cross-origin module.
  for (const [lang, dir, loss] of LANGS) {
    await host(page, `sandbox="allow-scripts" src="${LAB}#embed=1&lang=${lang}"`, true);
    await expectLanguage(lang, dir, loss);
  }
  // The lab's own page served with the policy: the catalogs are files, never eval'd.
  await page.route(`${LAB}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': STRICT.replace(/; frame-src.*/, '') },
    });
  });
  for (const [lang, dir, loss] of LANGS) {
    await host(page, `src="${LAB}#embed=1&lang=${lang}"`, true);
    await expectLanguage(lang, dir, loss);
  }
  expect(violations).toEqual([]);
});

test('inside a reveal.js-like deck, stepping past the last stage hands the keys back', async ({ page }) => {
  await host(page, `src="${LAB}#embed=1&stage=7"`);
  const frame = page.frameLocator('#lab');
  await expect(frame.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(frame.locator('.stage-kicker')).toContainText('Stage 7 of 7');
  await frame.locator('.stage-kicker').click();
  await page.keyboard.press('ArrowRight');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { moves: string[] }).moves))
    .toEqual(['next']);
  await frame.locator('.stage-kicker').click();
  await page.keyboard.press('PageUp');
  await expect(frame.locator('.stage-kicker')).toContainText('Stage 6 of 7');
});

test('predict, then reveal: the loss and the perplexity wait for the class', async ({ page }) => {
  await page.goto('./#predict=1');
  await expect(page.getByRole('checkbox', { name: 'Predict, then reveal' })).toBeChecked();
  await expect(page.getByText('The loss is hidden until revealed')).toBeAttached();
  await expect(page.getByTestId('loss')).toHaveCount(0);
  await expect(page.getByTestId('perplexity')).toHaveCount(0);
  await page.keyboard.press('6');
  await expect(page.getByText('What single number will the loss be?')).toBeVisible();
  await page.getByRole('button', { name: 'Reveal the loss' }).click();
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.getByTestId('mean-fused')).toBeVisible();
  await expect(page.getByTestId('perplexity')).toHaveCount(0);
  await page.keyboard.press('7');
  await expect(page.getByText(`The loss is ${BOOK.loss} nats.`)).toBeVisible();
  await page.getByRole('button', { name: 'Reveal the perplexity' }).click();
  await expect(page.getByTestId('perplexity')).toHaveText(BOOK.perplexity);
  await expect(page.getByTestId('slider-k')).toHaveText('48,726');
});
