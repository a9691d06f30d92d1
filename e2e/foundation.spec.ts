/**
 * The first page, as a user sees it: the book's example computed in the browser, on WebGPU
 * (SwiftShader here) and on the CPU path when WebGPU is unavailable.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

test.beforeEach(async ({ page }, info) => {
  if (info.project.name === 'no-api') {
    await page.addInitScript(() => {
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
  }
});

async function expectBookNumbers(page: Page) {
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  await expect(page.getByTestId('perplexity')).toHaveText('48,725.8');
  await expect(page.getByTestId('rank')).toHaveText(['258', '7,247', '37,218', '40,358', '877', '49,549']);
}

test('shows the book’s loss and perplexity, and which back end computed them', async ({ page }, info) => {
  await page.goto('./');
  await expectBookNumbers(page);
  const backend = page.getByTestId('backend');
  if (info.project.name === 'webgpu') {
    await expect(backend).toHaveAttribute('data-backend', 'webgpu');
    await expect(backend).toContainText('Computed on the GPU');
  } else {
    await expect(backend).toHaveAttribute('data-backend', 'cpu');
    await expect(backend).toContainText(
      info.project.name === 'no-api' ? 'navigator.gpu is missing' : 'offers no adapter',
    );
  }
  await expect(page.getByText('as uncertain as choosing uniformly among 48,726 words')).toBeVisible();
  await expect(page.getByText('“every effort moves” → “ effort moves you”')).toBeVisible();
});

test('works under a sub-path', async ({ page }) => {
  await page.goto('/courses/ml/xent/');
  await expectBookNumbers(page);
});

test('has no WCAG 2.2 AA violations found by axe', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the keyboard reaches the token table with a visible focus ring', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('role', 'region');
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});

test('reads at 375 px wide without horizontal page scroll', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./');
  await expectBookNumbers(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath('narrow-375.png'), fullPage: true });
});
