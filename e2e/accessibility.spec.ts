/**
 * axe (WCAG 2.0/2.1/2.2 A and AA rules, Label in Name included: e2e/axe.ts) finds nothing on any
 * of the seven stages in the light theme at 1280 px and 375 px, with WebGPU, without an adapter
 * and without the API, nor with an alert on screen; and every button, link and summary has a name
 * that begins with the text it shows. The dark and projector themes are scanned the same way in
 * accessibility-themes.webgpu-only.spec.ts (the page's markup does not depend on the GPU, so one
 * GPU situation covers them).
 */
import { A11Y_SIZES, everyStage, loaded, scan } from './axe';
import { expect, test } from './fixtures';

// Seven stages, each settled and scanned: more than the default minute on a 2-core machine.
test.describe.configure({ timeout: 180_000 });

for (const size of A11Y_SIZES) {
  test(`no violations in the light theme at ${size.width} px wide`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('./');
    await loaded(page);
    expect(await everyStage(page)).toEqual([]);
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
  expect(await scan(page)).toEqual([]);
});
