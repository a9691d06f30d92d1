/**
 * The first screen, before any scrolling: on a 375 px phone, in a 360 px embedded frame and in
 * the projector theme at 1280 × 720 it shows the stage rail, the current stage's kicker, heading
 * and the start of its text, and the loss with its perplexity. The loss stays in view while the
 * stage scrolls, and the one button that folds the source picker and the page's settings opens
 * from the keyboard. The loss bar shows the summary's numbers, in its units, and keeps back what
 * "Predict, then reveal" keeps back.
 */
import type { Locator, Page } from '@playwright/test';
import { BOOK, expect, test } from './fixtures';

const SCREENS = [
  { name: 'a 375 px phone', width: 375, height: 812, hash: '' },
  { name: 'a 360 px embedded frame', width: 360, height: 640, hash: '#embed=1' },
  { name: 'the projector theme at 1280 × 720', width: 1280, height: 720, hash: '#theme=projector' },
];

/**
 * The loss and the perplexity the reader sees: the slim bar's where it shows, else the summary's.
 * Either way the numbers must be the book's.
 */
const shown = (page: Page, what: 'loss' | 'perplexity') =>
  page.locator(`[data-testid="bar-${what}"], [data-testid="${what}"]`).filter({ visible: true }).first();

/** The element's box lies inside the window, and nothing (a sticky bar) covers its middle. */
async function expectInView(page: Page, target: Locator, what: string): Promise<void> {
  const height = page.viewportSize()!.height;
  const box = await target.boundingBox();
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(box!.y, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what} ends inside the window`).toBeLessThanOrEqual(height);
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect(onTop, `${what} is not covered`).toBe(true);
}

for (const screen of SCREENS) {
  test.describe(`on ${screen.name}`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.goto(`./${screen.hash}`);
      await expect(shown(page, 'loss')).toHaveText(BOOK.loss);
      await expect(shown(page, 'perplexity')).toHaveText(BOOK.perplexity);
      await page.waitForTimeout(300); // the stage's entrance animation
    });

    test('the first screen shows the rail, the stage and the loss; the loss stays while the stage scrolls', async ({
      page,
    }) => {
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await expectInView(page, page.getByRole('navigation', { name: 'Stages' }), 'the stage rail');
      await expectInView(page, page.locator('.stage-kicker'), 'the stage kicker');
      const heading = page.locator('#stage-title');
      await expect(heading).toHaveText('Text becomes tokens, and each token’s target is the next one');
      await expectInView(page, heading, 'the stage heading');
      // The start of the stage's text: its first lines, under the heading.
      const text = await page.locator('#stage-title + *').boundingBox();
      expect(text!.y + 48, 'two lines of the stage’s text').toBeLessThanOrEqual(screen.height);
      await expectInView(page, shown(page, 'loss'), 'the loss');
      await expectInView(page, shown(page, 'perplexity'), 'the perplexity');

      // Halfway down the stage, its heading is gone and the loss is still in view.
      await page.evaluate(() => {
        const stage = document.querySelector('.stage')!.getBoundingClientRect();
        window.scrollTo({ top: window.scrollY + stage.top + stage.height / 2, behavior: 'instant' });
      });
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(screen.height / 2);
      const gone = await heading.boundingBox();
      expect(gone!.y + gone!.height, 'the heading has scrolled away').toBeLessThan(0);
      await expectInView(page, shown(page, 'loss'), 'the loss, scrolled');
      await expectInView(page, shown(page, 'perplexity'), 'the perplexity, scrolled');
      await expect(shown(page, 'loss')).toHaveText(BOOK.loss);
    });

    test('"Source and settings" opens from the keyboard and holds the picker and the theme', async ({
      page,
    }) => {
      const toggle = page.getByRole('button', { name: 'Source and settings' });
      const picker = page.getByRole('group', { name: 'Logits from' });
      const theme = page.getByRole('combobox', { name: 'Theme' });
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(picker).toBeHidden();
      await expect(theme).toBeHidden();

      // It is the first stop of the Tab order, and Enter opens it.
      await page.keyboard.press('Tab');
      await expect(toggle).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(picker).toBeVisible();
      await expect(theme).toBeVisible();
      await expect(page.getByRole('checkbox', { name: 'Predict, then reveal' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Share / Embed' })).toBeVisible();

      // The next Tab stops are the folded controls, in order: the chosen source, then the theme.
      await page.keyboard.press('Tab');
      await expect(picker.getByRole('radio', { name: /Untrained GPT‑2/ })).toBeFocused();
      for (let i = 0; i < 3 && !(await theme.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('Tab');
      await expect(theme).toBeFocused();
      await theme.selectOption('dark');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

      if (screen.width > 640) {
        // Out of the projector theme, a wide header unfolds: the button goes, the focus stays.
        await expect(toggle).toHaveCount(0);
        await expect(theme).toBeFocused();
        await expect(picker).toBeVisible();
      } else {
        // Space on the button folds it again.
        await toggle.focus();
        await page.keyboard.press('Space');
        await expect(toggle).toHaveAttribute('aria-expanded', 'false');
        await expect(theme).toBeHidden();
      }
    });
  });
}

test('the loss bar reads the summary’s result in its units and waits for the reveal', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./#predict=1&stage=6');
  const bar = page.getByRole('region', { name: 'Loss and perplexity' });
  await expect(bar).toBeVisible();
  await expect(page.getByText('What single number will the loss be?')).toBeVisible();
  await expect(bar).toContainText('hidden until revealed');
  await expect(bar.getByTestId('bar-loss')).toHaveCount(0);
  await expect(bar.getByTestId('bar-perplexity')).toHaveCount(0);
  // One live region says the result; the bar is not another.
  await expect(bar.locator('[aria-live], [role="status"], [role="alert"]')).toHaveCount(0);
  expect(await bar.getAttribute('aria-live')).toBeNull();

  await page.getByRole('button', { name: 'Reveal the loss' }).click();
  await expect(bar.getByTestId('bar-loss')).toHaveText(BOOK.loss);
  await expect(bar).toContainText('nats');
  await expect(bar.getByTestId('bar-perplexity')).toHaveCount(0);

  // In bits the bar follows the summary's number.
  await page.getByRole('radio', { name: /bits/ }).check();
  await expect(page.getByTestId('loss')).not.toHaveText(BOOK.loss);
  const summary = await page.getByTestId('loss').textContent();
  await expect(bar.getByTestId('bar-loss')).toHaveText(summary!);
  await expect(bar).toContainText('bits');

  await page.keyboard.press('7');
  await page.getByRole('button', { name: 'Reveal the perplexity' }).click();
  await expect(bar.getByTestId('bar-perplexity')).toHaveText(BOOK.perplexity);
  await expect(page.getByTestId('perplexity')).toHaveText(BOOK.perplexity);
});

test('at 1280 px in the light theme the header is not folded and the summary stays beside the stage', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.getByRole('button', { name: 'Source and settings' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Logits from' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Loss and perplexity' })).toBeHidden();
  const stage = (await page.locator('.stage').boundingBox())!;
  const summary = (await page.getByRole('complementary', { name: 'Result' }).boundingBox())!;
  expect(summary.x).toBeGreaterThan(stage.x + stage.width);
});

test('narrowing the window while a setting has the focus keeps it unfolded until the focus leaves', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await theme.focus();
  await page.setViewportSize({ width: 375, height: 812 });
  const toggle = page.getByRole('button', { name: 'Source and settings' });
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(theme).toBeVisible();
  await expect(theme).toBeFocused();
  // The focus leaves the panel for the stage rail: the panel folds.
  await page.getByRole('navigation', { name: 'Stages' }).getByRole('button').first().focus();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(theme).toBeHidden();
});
