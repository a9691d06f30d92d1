/**
 * Live training on the CPU twin, in every browser situation: one step at d = 8 from the keyboard,
 * the loss near ln V, and the note that the CPU is slow. The WebGPU trainer is tested in
 * explore-training.webgpu-only.spec.ts.
 */
import { expect, test } from './fixtures';
import { num, openPanel, press } from './training-helpers';

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

test('the CPU trains in a worker: the page paints frames while a step runs', async ({ page }) => {
  test.setTimeout(240_000);
  const panel = await openPanel(page);
  await page.getByRole('radio', { name: 'CPU (Web Worker)' }).check();
  // d = 64 makes a CPU step take seconds, so a frame painted during it cannot be a coincidence.
  await panel.getByLabel('Embedding width d').selectOption('64');
  await press(page, 'Step');
  const readout = panel.getByRole('status');
  await expect(readout).toContainText('working…', { timeout: 60_000 });
  // Two animation frames in a row while the step is still running. Were the step on the main
  // thread, no frame could run until it ended, and the readout would no longer say "working…".
  const during = await page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve(document.querySelector('.training-readout')?.textContent ?? ''),
          ),
        ),
      ),
  );
  expect(during).toContain('working…');
  await expect(page.getByTestId('train-step')).toHaveText('1', { timeout: 180_000 });
  await expect(readout).not.toContainText('working…');
});
