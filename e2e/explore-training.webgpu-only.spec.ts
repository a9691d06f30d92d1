/**
 * Live training (stage 7): steps on the default text lower the validation loss; Train/Pause, Step
 * and Reset work from the keyboard; "what the model predicts now" sends the trained model's logits
 * through the stages, on WebGPU (this file runs in the webgpu project only; the CPU twin is
 * covered in explore-training-cpu.spec.ts). On SwiftShader a step at d = 64 takes seconds, so the
 * tests train at d = 8.
 */
import { BOOK, expect, test } from './fixtures';
import { num, openPanel, press } from './training-helpers';

test('steps on the default text lower the validation loss; pause, step and reset from the keyboard', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const panel = await openPanel(page);
  await expect(panel.getByLabel('Text to learn from')).toHaveValue(/A language model reads text/);
  await press(page, 'Step');
  await expect(page.getByTestId('train-step')).toHaveText('1', { timeout: 120_000 });
  const first = await num(page, 'train-loss');
  expect(Math.abs(first - Math.log(50257))).toBeLessThan(0.2);
  // The validation loss of the untrained model (step 0, the table's first row).
  const val0 = Number(
    await panel.locator('.training-numbers tbody tr').first().locator('td').nth(2).textContent(),
  );
  expect(Math.abs(val0 - Math.log(50257))).toBeLessThan(0.2);
  for (const n of ['2', '3', '4']) {
    await press(page, 'Step');
    await expect(page.getByTestId('train-step')).toHaveText(n, { timeout: 120_000 });
  }
  const val4 = await num(page, 'val-loss');
  expect(val4).toBeLessThan(first);
  expect(val4).toBeLessThan(val0);
  expect(await num(page, 'train-loss')).toBeLessThan(first);

  // Train, then Pause (the same button), from the keyboard.
  await press(page, 'Train');
  await expect(panel.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('train-step')).not.toHaveText('4', { timeout: 120_000 });
  await press(page, 'Pause');
  await expect(panel.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 120_000 });
  const paused = await page.getByTestId('train-step').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('train-step')).toHaveText(paused!);
  await expect(page.getByTestId('steps-per-second')).toHaveText(/^\d+(\.\d+)?$/);

  await press(page, 'Reset');
  await expect(panel.getByText('Not trained yet')).toBeVisible();
});

test('what the model predicts now goes through the stages', async ({ page }) => {
  test.setTimeout(240_000);
  await openPanel(page);
  await press(page, 'Step');
  await expect(page.getByTestId('train-step')).toHaveText('1', { timeout: 120_000 });
  await press(page, 'What the model predicts now');
  await expect(page.getByText(/The stages now show the model you trained \(1 step\)/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('loss')).not.toHaveText(BOOK.loss, { timeout: 60_000 });
  await expect(page.getByTestId('shape')).toHaveText('(1, 32, 50257)');
  const loss = Number(await page.getByTestId('loss').textContent());
  expect(loss).toBeGreaterThan(5);
  expect(loss).toBeLessThan(Math.log(50257) + 0.5);
  // The picker names the trained model, and can go to the book and back to it.
  const trained = page.getByRole('radio', { name: 'The model you trained (1 step)' });
  await expect(trained).toBeChecked();
  await page.getByRole('radio', { name: /book/i }).check();
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await trained.check();
  await expect(page.getByTestId('loss')).toHaveText(String(loss.toFixed(4)));
  // A trained model cannot travel in a link: the address names no source for it.
  expect(new URL(page.url()).hash).not.toContain('source=');
});
