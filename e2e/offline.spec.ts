/**
 * Offline once loaded: after one visit the service worker has cached the built files and the
 * example, so a reload with the network cut still computes the book's numbers (and still shows
 * the words, whose vocabulary is a separate chunk). KaTeX's fonts are precached as woff2 only.
 * Checked at / and under the sub-path.
 */
import type { Page } from '@playwright/test';
import { expect, expectBookNumbers, test } from './fixtures';

/** Resolves once a service worker controls the page (it claims the page when it activates). */
async function waitForControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

for (const where of ['root', 'sub-path'] as const) {
  test(`reloads offline with the numbers (${where})`, async ({ page, context, baseURL, subPathURL }) => {
    const url = where === 'root' ? baseURL! : subPathURL;
    await page.goto(url);
    await expectBookNumbers(page);
    await waitForControl(page);
    // Every KaTeX font face is precached as woff2, the format its CSS lists first, and the woff
    // and ttf fallbacks are not (every browser with a service worker reads woff2).
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return {
        faces: [...document.fonts].filter((f) => f.family.includes('KaTeX')).length,
        woff2: urls.filter((u) => /KaTeX.*\.woff2$/.test(u)).length,
        fallbacks: urls.filter((u) => /\.(woff|ttf)$/.test(u)).length,
      };
    });
    expect(cached.faces).toBeGreaterThan(0);
    expect(cached.woff2).toBe(cached.faces);
    expect(cached.fallbacks).toBe(0);

    await context.setOffline(true);
    // The network really is cut for the page and its service worker: an uncached URL fails.
    // (Polled: the browser applies the offline state to the service worker a moment later.)
    await expect
      .poll(() =>
        page.evaluate(() =>
          fetch(`./not-cached-${Date.now()}.txt`).then(
            (r) => `HTTP ${r.status}`,
            () => 'failed',
          ),
        ),
      )
      .toBe('failed');

    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expectBookNumbers(page);
    await expect(page.getByRole('rowheader', { name: 'Text 1 reads “every effort moves”' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await context.setOffline(false);
  });
}
