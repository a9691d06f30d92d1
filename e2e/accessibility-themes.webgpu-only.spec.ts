/**
 * The dark and projector themes pass the same checks as the light one (accessibility.spec.ts) on
 * every stage at 1280 px and 375 px: axe with Label in Name, and every control's name beginning
 * with its text.
 */
import { A11Y_SIZES, everyStage, loaded } from './axe';
import { expect, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

for (const size of A11Y_SIZES) {
  test.describe(`at ${size.width} px wide`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize(size);
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
