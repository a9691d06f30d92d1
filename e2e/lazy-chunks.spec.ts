/**
 * What the first screen does not show is not in the first download: stages 2–7 (KaTeX, the
 * charts, the explorations, the training panel), the share dialog and the model picker are chunks
 * of their own, fetched after the book's numbers are on screen. A stage whose chunk cannot be
 * fetched says so in an alert with "Try again", which fetches it again; while it loads, a status
 * line says so.
 */
import { readdirSync } from 'node:fs';
import { BOOK, expect, gotoStage, test } from './fixtures';

/**
 * The later stages' chunks and KaTeX's (Formula-*.js), by file name. The stages' names are read from
 * src/app/stages (2-logits … 7-perplexity): the math modules have numbered names too (3-target,
 * 5-mean, 6-perplexity), and those are part of the first view.
 */
const STAGES = readdirSync('src/app/stages')
  .filter((f) => /^[2-7]-[a-z-]+\.tsx$/.test(f))
  .map((f) => f.replace(/\.tsx$/, ''));
const LATER = new RegExp(
  `/assets/(${[...STAGES, 'Formula', 'ShareDialog', 'ModelPicker'].join('|')})-[\\w-]+\\.js$`,
);

// Routes do not see a service worker's requests; these tests are about the page's own fetches.
test.use({ serviceWorkers: 'block' });

test('the book’s numbers are on screen before any later stage’s code is fetched', async ({ page }) => {
  // When the loss first reads the book's value, by the page's own clock (an observer installed
  // before any page script), so the order is the page's, not when this test's polling saw it.
  await page.addInitScript((loss) => {
    const w = window as { __lossAt?: number };
    new MutationObserver(() => {
      if (w.__lossAt === undefined && document.querySelector('[data-testid="loss"]')?.textContent === loss)
        w.__lossAt = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, BOOK.loss);
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (LATER.test(request.url())) fetched.push(request.url());
  });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  // Then, once the page is idle, every stage is fetched ahead, so stepping needs no wait.
  await expect.poll(() => fetched.filter((url) => /\/7-perplexity-/.test(url)).length).toBe(1);
  // A resource timing entry is written when its response has ended, which can be after the
  // request event above: wait for the last stage's entry before reading them.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          performance.getEntriesByType('resource').filter((r) => /\/7-perplexity-[\w-]+\.js$/.test(r.name))
            .length,
      ),
    )
    .toBe(1);
  const { lossAt, later } = await page.evaluate((pattern) => {
    const re = new RegExp(pattern);
    return {
      lossAt: (window as { __lossAt?: number }).__lossAt ?? null,
      later: performance
        .getEntriesByType('resource')
        .filter((r) => re.test(r.name))
        .map((r) => ({ name: r.name, startTime: r.startTime })),
    };
  }, LATER.source);
  expect(lossAt).not.toBeNull();
  expect(later.length).toBeGreaterThan(0);
  for (const chunk of later) expect(chunk.startTime, chunk.name).toBeGreaterThan(lossAt!);
  await gotoStage(page, 7);
  await expect(page.getByRole('status').filter({ hasText: 'Loading this stage' })).toHaveCount(0);
});

test('a stage whose code cannot be fetched says so, and Try again fetches it', async ({ page }) => {
  let reachable = false;
  // Requests for the chunk refused so far: the view's, and the idle preload's when it has begun.
  let refused = 0;
  await page.route(/\/assets\/7-perplexity-[\w-]+\.js$/, async (route) => {
    if (!reachable) {
      refused++;
      return route.abort();
    }
    // Slow enough for the placeholder to be seen.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return route.continue();
  });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 7);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This stage could not be loaded');
  await expect(alert).toContainText('Check the connection, then try again.');

  expect(refused).toBeGreaterThan(0);
  reachable = true;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading this stage…' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /equally likely/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading this stage' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.stage-kicker')).toContainText('Stage 7 of 7');
});

test('the share dialog, fetched on first use, takes the focus and gives it back', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  const share = page.getByRole('button', { name: 'Share / Embed' });
  await share.click();
  const dialog = page.getByRole('dialog', { name: 'Share or embed this view' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: /Start at/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(share).toBeFocused();
});
