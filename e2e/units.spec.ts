/**
 * The nats/bits switch reaches every loss: in bits, no stage and no exploration open beside it
 * shows one of the book's losses in nats (the loss, a token's −ln p, ln V) without the word
 * "nats" beside it, and the same token's −log p reads the same on the p(target) and −log p stages.
 */
import type { Page } from '@playwright/test';
import { BOOK, expect, gotoStage, openSettings, test } from './fixtures';

/** The book's losses in nats as the page prints them (4 decimals): the loss, each −ln p, ln V. */
const NATS = [BOOK.loss, ...BOOK.negLogP, Math.log(50257).toFixed(4)];

/** Each place in `text` where a nats value stands with no "nats" within 24 characters after it. */
function unlabelled(text: string): string[] {
  const found: string[] = [];
  for (const value of NATS) {
    let at = text.indexOf(value);
    while (at >= 0) {
      // A longer number that merely contains the value (11.36775…) is not it.
      const before = text[at - 1] ?? ' ';
      const after = text[at + value.length] ?? ' ';
      const whole = !/[\d.]/.test(before) && !/\d/.test(after);
      if (whole && !text.slice(at, at + value.length + 24).includes('nats')) {
        found.push(text.slice(Math.max(0, at - 40), at + value.length + 24).replace(/\s+/g, ' '));
      }
      at = text.indexOf(value, at + 1);
    }
  }
  return found;
}

async function switchToBits(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByRole('radio', { name: /bits/ }).check();
  await expect(page.getByTestId('loss')).toHaveText(/^15\.57\d+$/);
}

test('in bits, no loss on any stage is a number in nats without its unit', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await switchToBits(page);
  for (let n = 1; n <= 7; n++) {
    await gotoStage(page, n);
    await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
    const text = await page.locator('main').innerText();
    expect(unlabelled(text), `stage ${n}`).toEqual([]);
  }
});

test('a token’s −log p in bits is the same on the p(target) and −log p stages', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await switchToBits(page);
  await gotoStage(page, 4);
  const table = page.getByRole('table', { name: /probability the model gave/ });
  await expect(table.getByRole('columnheader', { name: '−log₂ p (bits)' })).toBeVisible();
  // 9.5042 nats is 13.7116… bits.
  const cell = table.locator('tbody tr:not(.group)').first().locator('td').nth(3);
  await expect(cell).toHaveText(/^13\.71\d\d$/);
  const bits = (await cell.textContent())!;
  await gotoStage(page, 5);
  await expect(page.getByTestId('neglog-point').first()).toContainText(bits);
});

test('the training panel’s losses follow the switch', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 7);
  const panel = page.locator('section.training');
  const lnV = Math.log(50257);
  await expect(panel).toContainText(`ln V = ${lnV.toFixed(4)} nats`);
  await switchToBits(page);
  await expect(panel).toContainText(`log₂ V = ${(lnV / Math.LN2).toFixed(4)} bits`);
  await expect(panel.getByRole('img', { name: /uniform guess log₂ V = 15\.617/ })).toBeAttached();
});
