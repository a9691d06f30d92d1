/**
 * The seven stages: every one is reached with the keyboard alone (← → anywhere, Tab + Enter on
 * the rail, the Previous/Next buttons), none scrolls the page sideways at 1440 or 375 px, and a
 * screenshot of each goes into the test report (playwright-report/) for a person to look at.
 */
import { BOOK, expect, STAGE_NAMES, test } from './fixtures';

const kicker = (n: number) => `Stage ${n} of 7 · ${STAGE_NAMES[n - 1]}`;

test('every stage is reached with the arrow keys, the rail and the Next/Previous buttons', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  const current = page.locator('.stage-kicker');
  await expect(current).toHaveText(kicker(1));
  const rail = page.getByRole('navigation', { name: 'Stages' });

  // → from the page body walks forward to the last stage and stops there; ← walks back.
  await page.locator('body').focus();
  for (let n = 2; n <= 7; n++) {
    await page.keyboard.press('ArrowRight');
    await expect(current).toHaveText(kicker(n));
    await expect(rail.getByRole('button', { name: new RegExp(`stage ${n} of 7`) })).toHaveAttribute(
      'aria-current',
      'step',
    );
  }
  await page.keyboard.press('ArrowRight');
  await expect(current).toHaveText(kicker(7));
  for (let n = 6; n >= 1; n--) {
    await page.keyboard.press('ArrowLeft');
    await expect(current).toHaveText(kicker(n));
  }

  // Tab into the rail and press Enter on a stage.
  await rail.getByRole('button', { name: /stage 5 of 7/ }).focus();
  await page.keyboard.press('Enter');
  await expect(current).toHaveText(kicker(5));

  // The Next button keeps focus as the stage changes, so Enter can be pressed again and again.
  await page.getByRole('button', { name: /^Next/ }).focus();
  await page.keyboard.press('Enter');
  await expect(current).toHaveText(kicker(6));
  await page.keyboard.press('Enter');
  await expect(current).toHaveText(kicker(7));
  await expect(page.getByRole('button', { name: /^Next/ })).toBeDisabled();
  await page.getByRole('button', { name: /^Previous/ }).focus();
  await page.keyboard.press('Enter');
  await expect(current).toHaveText(kicker(6));
  await expect(page.getByRole('button', { name: /^Previous/ })).toBeFocused();
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 375, height: 812 },
]) {
  test(`every stage fits ${size.width} px and is kept as a screenshot`, async ({ page }, info) => {
    await page.setViewportSize(size);
    await page.goto('./');
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
    for (let n = 1; n <= 7; n++) {
      if (n > 1) await page.getByRole('button', { name: /^Next/ }).click();
      await expect(page.locator('.stage-kicker')).toHaveText(kicker(n));
      await expect(page.locator('.stage')).not.toHaveAttribute('aria-busy', 'true');
      // Let the stage's entrance and its charts settle before measuring and shooting.
      await page.waitForTimeout(700);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `stage ${n} scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(0);
      await info.attach(`stage ${n} · ${STAGE_NAMES[n - 1]} · ${size.width} px`, {
        body: await page.screenshot({ fullPage: true }),
        contentType: 'image/png',
      });
    }
  });
}

test('text enlarged to 200% still fits every stage at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
  for (let n = 1; n <= 7; n++) {
    await page.keyboard.press(String(n));
    await expect(page.locator('.stage-kicker')).toHaveText(kicker(n));
    await page.waitForTimeout(500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `stage ${n} scrolls sideways with 200% text`).toBeLessThanOrEqual(0);
  }
});

test('the projector theme, kept as screenshots', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./#theme=projector');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
  for (const n of [1, 3, 6, 7]) {
    await page.keyboard.press(String(n));
    await expect(page.locator('.stage-kicker')).toHaveText(kicker(n));
    await page.waitForTimeout(700);
    await info.attach(`projector · stage ${n} · 1280 px`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  }
});
