/**
 * Layout at a laptop's 1440×900 and a phone's 375 px: nothing scrolls sideways, the token table
 * fits without its own scrollbar, and the big figures are big. Full-page screenshots go to
 * test-results/ for a person to look at.
 */
import { expect, expectBookNumbers, test } from './fixtures';

const SIZES = [
  { name: '1440', width: 1440, height: 900 },
  { name: '375', width: 375, height: 812 },
];

for (const size of SIZES) {
  test(`reads at ${size.width} px wide`, async ({ page }, info) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('./');
    await expectBookNumbers(page);
    await expect(page.getByRole('rowheader', { name: /Text 1 reads/ })).toBeVisible();

    const layout = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap')!;
      const loss = document.querySelector('[data-testid="loss"]')!;
      return {
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        tableOverflow: wrap.scrollWidth - wrap.clientWidth,
        lossPx: parseFloat(getComputedStyle(loss).fontSize),
        bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
      };
    });
    expect(layout.pageOverflow).toBeLessThanOrEqual(0);
    expect(layout.tableOverflow).toBeLessThanOrEqual(0);
    expect(layout.bodyPx).toBeGreaterThanOrEqual(16);
    expect(layout.lossPx).toBeGreaterThanOrEqual(2.5 * layout.bodyPx);

    await page.screenshot({
      path: `test-results/screenshots/${info.project.name}-${size.name}.png`,
      fullPage: true,
    });
  });
}
