/**
 * Keyboard use: Tab visits every control in reading order, each with a visible focus ring, and
 * the controls work from the keyboard (arrow keys in the back-end choice, Enter on a button).
 */
import { readFileSync } from 'node:fs';
import { BOOK, expect, expectBookNumbers, test } from './fixtures';

test('Tab reaches every control, each with a visible focus ring', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await expect(page.getByRole('rowheader', { name: /Text 1 reads/ })).toBeVisible();
  // Start the Tab walk from the top of the page, not from the stage button just clicked.
  await page.getByRole('heading', { level: 1 }).click();

  // The tab stops a reader expects: every enabled, rendered control, and one per radio group.
  const stops = await page.evaluate(() => {
    const all = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, [tabindex]',
    );
    const wanted = [...all].filter((el) => {
      if (el.matches(':disabled') || el.tabIndex < 0 || el.getClientRects().length === 0) return false;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        const group = document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${el.name}"]`);
        const checked = [...group].find((r) => r.checked && !r.disabled);
        return checked ? el === checked : el === [...group].find((r) => !r.disabled);
      }
      return true;
    });
    wanted.forEach((el, i) => el.setAttribute('data-stop', String(i)));
    return wanted.map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName);
  });
  expect(stops.length).toBeGreaterThanOrEqual(4); // the table, the back-end choice, the file input, download

  const visited: number[] = [];
  for (let i = 0; i < stops.length; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const style = el ? getComputedStyle(el) : null;
      return {
        stop: el?.getAttribute('data-stop') ?? null,
        focusVisible: el?.matches(':focus-visible') ?? false,
        outline: style ? `${style.outlineStyle} ${parseFloat(style.outlineWidth)}` : 'none 0',
      };
    });
    expect(focus.stop, `Tab #${i + 1} should land on a control`).not.toBeNull();
    expect(focus.focusVisible).toBe(true);
    const [style, width] = focus.outline.split(' ');
    expect(style).not.toBe('none');
    expect(Number(width)).toBeGreaterThanOrEqual(2);
    visited.push(Number(focus.stop));
  }
  expect(visited).toEqual(stops.map((_, i) => i));
});

test('the back-end choice and the download work from the keyboard', async ({ page, gpu }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  if (gpu === 'webgpu') {
    await page.getByRole('radio', { name: 'WebGPU' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'CPU (Web Worker)' })).toBeChecked();
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
    await expectBookNumbers(page);
  }
  await page.getByRole('button', { name: 'Export results (JSON)' }).focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const json = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    loss: number;
    perplexity: number;
    shape: number[];
    tokens: { rank: number }[];
  };
  expect(json.loss.toFixed(4)).toBe(BOOK.loss);
  expect(json.shape).toEqual([2, 3, 50257]);
  expect(json.tokens.map((t) => t.rank.toLocaleString('en-US'))).toEqual(BOOK.ranks);
});
