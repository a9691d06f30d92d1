/** Shared by the live-training specs: open the panel at d = 8, press its buttons, read numbers. */
import type { Page } from '@playwright/test';
import { BOOK, expect, gotoStage } from './fixtures';

export async function openPanel(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 7);
  const panel = page.getByRole('region', { name: 'Train a model yourself' });
  await expect(panel).toBeVisible();
  await panel.getByLabel('Embedding width d').selectOption('8');
  return panel;
}

/** Presses a button from the keyboard: focus, then Enter. */
export async function press(page: Page, name: string | RegExp) {
  const button = page.getByRole('region', { name: 'Train a model yourself' }).getByRole('button', { name });
  await button.focus();
  await page.keyboard.press('Enter');
}

export const num = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());
