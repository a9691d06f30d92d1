/**
 * axe (WCAG 2.0/2.1/2.2 A and AA rules, Label in Name included: e2e/axe.ts) finds nothing on any
 * of the seven stages, in the light, dark and projector themes, at 1280 px and 375 px, and with an
 * alert on screen; and every button, link and summary has a name that begins with the text it shows.
 */
import type { Page } from '@playwright/test';
import { namesNotBeginningWithText, scan as violations } from './axe';
import { expect, expectBookNumbers, gotoStage, test } from './fixtures';

// Seven stages, each settled and scanned: more than the default minute on a 2-core machine.
test.describe.configure({ timeout: 180_000 });

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
] as const;

/** The finished page: numbers, words and the table all rendered. */
async function loaded(page: Page): Promise<void> {
  await expectBookNumbers(page);
  await expect(page.getByRole('rowheader', { name: /Text 1 reads/ })).toBeVisible();
}

/** axe on each stage in turn; the failures name their stage. */
async function everyStage(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (let n = 1; n <= 7; n++) {
    await gotoStage(page, n);
    await page.waitForTimeout(400); // the stage's entrance animation
    found.push(...(await violations(page)).map((v) => `stage ${n}: ${v}`));
    found.push(...(await namesNotBeginningWithText(page)).map((v) => `stage ${n}: ${v}`));
  }
  return found;
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px wide`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize(size);
    });

    test('no violations in the light theme', async ({ page }) => {
      await page.goto('./');
      await loaded(page);
      expect(await everyStage(page)).toEqual([]);
    });

    test('no violations in the dark theme', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto('./');
      await loaded(page);
      expect(await everyStage(page)).toEqual([]);
    });

    test('no violations in the projector theme', async ({ page }) => {
      await page.goto('./#theme=projector');
      await loaded(page);
      expect(await everyStage(page)).toEqual([]);
    });
  });
}

test('no violations with an alert on screen', async ({ page }) => {
  await page.goto('./');
  await loaded(page);
  await page.getByLabel('Load logits').setInputFiles({
    name: 'empty.npz',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(0),
  });
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
