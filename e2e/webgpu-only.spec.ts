/**
 * What only a browser with WebGPU can show (the 'webgpu' project runs this file): the CPU path
 * as a choice, and the fall-back to the CPU, with a visible notice, when the GPU fails or the
 * device is lost. Failures are caused through the real WebGPU API, before the page runs.
 */
import type { Page } from '@playwright/test';
import { BOOK, expect, expectBookNumbers, gotoStage, test } from './fixtures';

test('the CPU path gives the same numbers when chosen', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  await expectBookNumbers(page);
  await page.getByRole('radio', { name: 'CPU (Web Worker)' }).check();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await expect(page.getByTestId('backend')).toContainText('as chosen below');
  await expectBookNumbers(page);
  await page.getByRole('radio', { name: 'WebGPU' }).check();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  await expectBookNumbers(page);
});

test('a lost device hands over to the CPU with a notice', async ({ page }) => {
  await page.addInitScript(() => {
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor) {
      const device = await request.call(this, descriptor);
      (window as unknown as { xentDevices: GPUDevice[] }).xentDevices ??= [];
      (window as unknown as { xentDevices: GPUDevice[] }).xentDevices.push(device);
      return device;
    };
  });
  await page.goto('./');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  await expectBookNumbers(page);

  await page.evaluate(() => {
    for (const device of (window as unknown as { xentDevices: GPUDevice[] }).xentDevices) device.destroy();
  });
  const notice = page.getByRole('status').filter({ hasText: 'WebGPU stopped working' });
  await expect(notice).toHaveText(
    /^WebGPU stopped working, so the numbers are now computed on the CPU\. The GPU device was lost \(destroyed/,
  );
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await expect(page.getByTestId('backend')).toContainText('because WebGPU stopped working');
  await expect(page.getByRole('radio', { name: 'WebGPU' })).toBeDisabled();
  await expectBookNumbers(page);
});

test('an engine failure hands over to the CPU with a notice', async ({ page }) => {
  // Every shader the engine compiles is replaced by invalid WGSL: pipeline creation fails
  // validation, which the engine reports as an error rather than a number.
  await page.addInitScript(() => {
    const create = GPUDevice.prototype.createShaderModule;
    GPUDevice.prototype.createShaderModule = function (this: GPUDevice, descriptor) {
      return create.call(this, { ...descriptor, code: 'this is not WGSL' });
    };
  });
  await page.goto('./');
  const notice = page.getByRole('status').filter({ hasText: 'WebGPU stopped working' });
  await expect(notice).toContainText('so the numbers are now computed on the CPU');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await expectBookNumbers(page);
});

/** Counts every byte the page writes to the GPU from the CPU (queue.writeBuffer), by the page's own count. */
async function countGpuWrites(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const write = GPUQueue.prototype.writeBuffer;
    const w = window as unknown as { xentWritten: number };
    w.xentWritten = 0;
    GPUQueue.prototype.writeBuffer = function (this: GPUQueue, ...args: Parameters<GPUQueue['writeBuffer']>) {
      const [, , data, offset = 0, size] = args;
      const unit = ArrayBuffer.isView(data)
        ? ((data as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1)
        : 1;
      w.xentWritten += size !== undefined ? size * unit : data.byteLength - offset * unit;
      return write.apply(this, args);
    };
  });
  return () => page.evaluate(() => (window as unknown as { xentWritten: number }).xentWritten);
}

/** The softmax stage on the book's numbers, with the GPU writes counted from the page's start. */
async function softmaxStageCountingWrites(page: Page): Promise<() => Promise<number>> {
  const written = await countGpuWrites(page);
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 3);
  return written;
}

test('the temperature on WebGPU scores the logits already there: a move writes bytes, not the tensor, and agrees with the CPU', async ({
  page,
}) => {
  const written = await softmaxStageCountingWrites(page);
  const panel = page.getByTestId('temp-panel');
  const slider = panel.getByTestId('temp-slider');
  await expect(panel.getByTestId('temp-loss')).toHaveText(BOOK.loss);
  await expect(panel.getByText('Computed on WebGPU by the engine.')).toBeVisible();
  // The limits table is computed too; wait for it, so the count below is the move's alone.
  await expect(panel.getByTestId('temp-limits').locator('tbody tr').nth(6)).toContainText('10.82');
  const before = await written();
  await slider.fill('40');
  await expect(slider).toHaveAttribute('aria-valuetext', 'T = 0.50');
  await expect(panel.getByTestId('temp-loss')).not.toHaveText(BOOK.loss);
  await expect(panel.getByText('Computed on WebGPU by the engine.')).toBeVisible();
  // The book's logits are 2 × 3 × 50,257 floats (1.2 MB): a move writes T's scale and the targets.
  expect((await written()) - before).toBeLessThan(1024);
  const exact = async () => ({
    loss: Number(await panel.getByTestId('temp-loss').getAttribute('data-exact')),
    perplexity: Number(await panel.getByTestId('temp-perplexity').getAttribute('data-exact')),
  });
  const onGpu = await exact();

  // The same T on the CPU: the math module's z / T in float64. The device reads x · fround(1/T)
  // in f32, so the two agree to the 1e-5 (relative) the engine's tests allow, not bit for bit.
  await page.getByRole('radio', { name: 'CPU (Web Worker)' }).check();
  await expect(panel.getByText('Computed on the CPU by the math module.')).toBeVisible();
  const onCpu = await exact();
  expect(onCpu.loss).toBeGreaterThan(Number(BOOK.loss));
  expect(Math.abs(onGpu.loss - onCpu.loss) / onCpu.loss).toBeLessThan(1e-5);
  expect(Math.abs(onGpu.perplexity - onCpu.perplexity) / onCpu.perplexity).toBeLessThan(1e-5);
});

test('a dragged logit on WebGPU: its row is made on the device from the logits there, the same loss as the CPU’s', async ({
  page,
}) => {
  const written = await softmaxStageCountingWrites(page);
  const panel = page.getByTestId('drag-panel');
  await expect(panel.getByTestId('drag-loss')).toHaveText(BOOK.loss);
  const slider = panel.getByTestId('drag-target-slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByTestId('drag-loss')).not.toHaveText(BOOK.loss);
  await expect(panel.getByText('Computed on WebGPU by the engine.')).toBeVisible();
  const before = await written();
  const loss = panel.getByTestId('drag-row-loss');
  const was = await loss.getAttribute('data-exact');
  await page.keyboard.press('ArrowRight');
  await expect(loss).not.toHaveAttribute('data-exact', was ?? '');
  await expect(panel.getByText('Computed on WebGPU by the engine.')).toBeVisible();
  // One row is 50,257 floats (201 kB): a move writes the dragged logit and the target.
  expect((await written()) - before).toBeLessThan(1024);
  const onGpu = await loss.getAttribute('data-exact');

  // The CPU scores the same float32 row in float64; the device's row holds the same values.
  await page.getByRole('radio', { name: 'CPU (Web Worker)' }).check();
  await expect(panel.getByText('Computed on the CPU by the math module.')).toBeVisible();
  const onCpu = Number(await loss.getAttribute('data-exact'));
  expect(Math.abs(Number(onGpu) - onCpu) / onCpu).toBeLessThan(1e-5);
});
