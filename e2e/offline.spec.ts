/**
 * Offline once loaded: the service worker caches the site, and a reload with the network cut
 * still computes the book's numbers. Run in the WebGPU project only (see playwright.config.ts):
 * the service worker is the same whatever computes.
 */
import { expect, test } from '@playwright/test';

test('keeps working offline once loaded', async ({ page, context }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  await expect(page.getByTestId('perplexity')).toHaveText('48,725.8');
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // Wait until the worker has cached what the page loaded before it took control.
    for (let i = 0; i < 50; i++) {
      const cache = await caches.open('xent-lab-v1');
      const keys = await cache.keys();
      if (keys.some((k) => k.url.includes('/assets/index-')) && registration.active) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service worker did not cache the page');
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  await expect(page.getByTestId('perplexity')).toHaveText('48,725.8');
  await page.screenshot({ path: test.info().outputPath('offline-1440.png'), fullPage: true });
});
