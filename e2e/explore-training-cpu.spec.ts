/**
 * Live training on the CPU twin, in every browser situation: one step at d = 8 from the keyboard,
 * the loss near ln V, and the note that the CPU is slow. The WebGPU trainer is tested in
 * explore-training.webgpu-only.spec.ts.
 */
import { expect, gotoStage, test, BOOK } from './fixtures';
import type { Page } from '@playwright/test';

async function openPanel(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 7);
  const panel = page.getByRole('region', { name: 'Train a model yourself' });
  await expect(panel).toBeVisible();
  await panel.getByLabel('Embedding width d').selectOption('8');
  return panel;
}

/** Presses a button from the keyboard: focus, then Enter. */
async function press(page: Page, name: string | RegExp) {
  const button = page.getByRole('region', { name: 'Train a model yourself' }).getByRole('button', { name });
  await button.focus();
  await page.keyboard.press('Enter');
}

const num = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());

test('on the CPU back end the twin trains, and says it is slow', async ({ page }) => {
  test.setTimeout(240_000);
  const panel = await openPanel(page);
  // Every browser situation can train on the CPU: chosen here, the only choice without WebGPU.
  await page.getByRole('radio', { name: 'CPU (Web Worker)' }).check();
  await expect(panel.getByRole('note')).toContainText('CPU trains');
  await press(page, 'Step');
  await expect(page.getByTestId('train-step')).toHaveText('1', { timeout: 180_000 });
  expect(Math.abs((await num(page, 'train-loss')) - Math.log(50257))).toBeLessThan(0.2);
});
