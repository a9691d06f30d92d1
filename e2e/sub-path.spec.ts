/**
 * The same dist/ served only under /courses/ml/xent/ (a second server, where / is a 404): every
 * URL the page uses is relative, so it loads, computes and registers its service worker there.
 */
import { expect, expectBookNumbers, test } from './fixtures';

test('works when served under /courses/ml/xent/', async ({ page, subPathURL }) => {
  const root = await page.request.get(new URL('/', subPathURL).href);
  expect(root.status(), 'the sub-path server must not serve the site at /').toBe(404);

  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(subPathURL);
  await expectBookNumbers(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(subPathURL);
  expect(failed).toEqual([]);
});
