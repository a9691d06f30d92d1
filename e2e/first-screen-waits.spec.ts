/**
 * Every wait is seen where the student looks (#22): on a 375 × 812 phone, a link to a model shows
 * in the first viewport, under the loss bar, that the numbers are still the book's while the
 * model downloads, with its percent and Cancel; a link to a model over 50 MB says its size with a
 * button that downloads it; a big file's progress shows there too. The picker behind "Source and
 * settings" keeps its own bar (pretrained.spec.ts).
 */
import { scan } from './axe';
import { writeBigLogits } from './big-file';
import { startHub, type Hub } from '../scripts/hub-server.mjs';
import { catalogEntry, catalogVariant, formatBytes } from '../src/lm/catalog';
import { BOOK, expect, test } from './fixtures';
import { useHub } from './pretrained-helpers';
import type { Locator, Page } from '@playwright/test';

test.use({ serviceWorkers: 'block', viewport: { width: 375, height: 812 } });
test.setTimeout(90_000);

/** Slow enough (200 chunks, 100 ms apart: 20 s) that the download is still running when checked. */
let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub({ chunks: 200, chunkDelayMs: 100 });
});
test.afterAll(() => hub.close());

/** The element is on the first screen: its whole box within the viewport, without scrolling. */
async function expectInFirstScreen(page: Page, element: Locator) {
  const box = await element.boundingBox();
  expect(box, 'drawn').not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}

const waitLine = (page: Page) => page.getByTestId('source-wait');

for (const { name, hash } of [
  { name: 'light', hash: 'theme=light' },
  { name: 'projector', hash: 'theme=projector' },
  { name: 'embedded', hash: 'embed=1' },
]) {
  test(`a model link says, in the first screen, whose numbers are shown while it downloads (${name})`, async ({
    page,
  }) => {
    await useHub(page, hub.base);
    await page.goto(`./#${hash}&source=lm&model=fixtures/tiny-gpt2`);
    const line = waitLine(page);
    const status = line.getByRole('status');
    await expect(status).toHaveText(
      'These numbers are still from the book’s example: fixtures/tiny-gpt2 is downloading.',
      { timeout: 20_000 },
    );
    await expect(page.getByTestId('bar-loss')).toHaveText(BOOK.loss);
    const bar = line.getByRole('progressbar', { name: /fixtures\/tiny-gpt2 is downloading/ });
    await expect(bar).toHaveAttribute('aria-valuetext', /of 3\.3 MB \(\d+%\)/);
    await expect(line.getByText(/of 3\.3 MB \(\d+%\)/)).toBeVisible();
    await expectInFirstScreen(page, line);
    // The picker is folded away on the phone: this is the only bar the reader sees.
    await expect(page.getByTestId('model-progress')).toBeHidden();
    expect(await scan(page, '[data-testid="source-wait"]'), 'axe on the wait line').toEqual([]);

    // Cancel, from the keyboard, right there: the book's numbers stay, the line says the download
    // stopped, and the focus stays on the line (the button is gone), not at the top of the page.
    const cancel = line.getByRole('button', { name: 'Cancel the download' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    await expect(status).toHaveText('The download was cancelled; the numbers on screen stay.');
    await expect(line).toBeFocused();
    await expect(line.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByTestId('bar-loss')).toHaveText(BOOK.loss);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('embedded with the rail and the summary hidden, the wait line still shows while a model downloads', async ({
  page,
}) => {
  await useHub(page, hub.base);
  await page.goto('./#embed=1&hide=rail,summary&source=lm&model=fixtures/tiny-gpt2');
  const line = waitLine(page);
  // Whose numbers are shown is the other tests' point; here, that the line is seen at all.
  await expect(line.getByRole('status')).toContainText('fixtures/tiny-gpt2 is downloading.', {
    timeout: 20_000,
  });
  await expectInFirstScreen(page, line);
  await line.getByRole('button', { name: 'Cancel the download' }).click();
  await expect(line.getByRole('status')).toHaveText(
    'The download was cancelled; the numbers on screen stay.',
  );
  await expect(line).toBeVisible();
});

test('the wait line announces the phase, not each percent', async ({ page }) => {
  await useHub(page, hub.base);
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="source-wait"] [role="status"]')?.textContent ?? '';
      if (said[said.length - 1] !== text) said.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto('./#source=lm&model=fixtures/tiny-gpt2');
  const bar = waitLine(page).getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuetext', /\((?:[1-9]\d?)%\)/, { timeout: 20_000 });
  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
  // The percent moved, but the status line only changed with the phase (and once the book is in).
  for (const text of said)
    expect(text).toMatch(
      /^((These numbers are still from the book’s example|Nothing is shown yet): fixtures\/tiny-gpt2 is (starting to download|downloading)\.)?$/,
    );
  await waitLine(page).getByRole('button', { name: 'Cancel the download' }).click();
});

test('a link to a model over 50 MB says its size, with a button that downloads it', async ({ page }) => {
  const title = catalogEntry('Xenova/gpt2')!.title;
  const size = formatBytes(catalogVariant('Xenova/gpt2', null)!.bytes);
  // The real hub is out of reach here: its requests are held, so the download stays "starting".
  await page.route('https://huggingface.co/**', () => undefined);
  await page.goto('./#source=lm&model=Xenova/gpt2');
  const line = waitLine(page);
  await expect(page.getByTestId('bar-loss')).toHaveText(BOOK.loss);
  await expect(line.getByRole('status')).toHaveText(
    `These numbers are still from the book’s example: the link asks for ${title}, a ${size} download, which starts only when you ask.`,
  );
  const load = line.getByRole('button', { name: `Download ${title} (${size})` });
  await expect(load).toBeVisible();
  await expectInFirstScreen(page, line);
  expect(await scan(page, '[data-testid="source-wait"]'), 'axe on the wait line').toEqual([]);

  // The button starts the picker's own download: its Cancel is there too.
  await load.click();
  await expect(line.getByRole('status')).toHaveText(
    `These numbers are still from the book’s example: ${title} is starting to download.`,
  );
  await line.getByRole('button', { name: 'Cancel the download' }).click();
  // The link still asks for the model: the line offers it again, and the book's numbers stay.
  await expect(load).toBeVisible();
  await expect(line.getByRole('status')).toContainText('which starts only when you ask');
  await expect(page.getByTestId('bar-loss')).toHaveText(BOOK.loss);
});

test('a big file’s progress shows in the first screen', async ({ page }, testInfo) => {
  const { logits, targets, V } = writeBigLogits((name) => testInfo.outputPath(name));

  // Every state of the wait line while the file loads (too quick to poll): its words, and whether
  // its bar was inside the first screen.
  await page.addInitScript(() => {
    const seen: { text: string; inView: boolean }[] = [];
    (window as unknown as { waitSeen: typeof seen }).waitSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="wait-progress"]');
      if (!bar) return;
      const text = document.querySelector('[data-testid="source-wait"] [role="status"]')?.textContent ?? '';
      const box = bar.getBoundingClientRect();
      const inView = box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
      const last = seen[seen.length - 1];
      if (!last || last.text !== text || last.inView !== inView) seen.push({ text, inView });
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto('./');
  await expect(page.getByTestId('bar-loss')).toHaveText(BOOK.loss);
  await page.getByLabel('Load logits').setInputFiles([logits, targets]);
  await expect(page.getByTestId('bar-loss')).toHaveText(Math.log(V).toFixed(4));
  await expect(page.getByTestId('wait-progress')).toHaveCount(0);
  await expect(waitLine(page).getByRole('status')).toHaveText('');

  const seen = await page.evaluate(
    () => (window as unknown as { waitSeen: { text: string; inView: boolean }[] }).waitSeen,
  );
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    expect(s.text).toMatch(
      /^These numbers are still from the book’s example: “logits\.npy \+ targets\.npy” is being (read|parsed|scored)\.$/,
    );
    expect(s.inView, s.text).toBe(true);
  }
});
