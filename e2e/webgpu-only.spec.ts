/**
 * What only a browser with WebGPU can show (the 'webgpu' project runs this file): the CPU path
 * as a choice, and the fall-back to the CPU, with a visible notice, when the GPU fails or the
 * device is lost. Failures are caused through the real WebGPU API, before the page runs.
 */
import { expect, expectBookNumbers, test } from './fixtures';

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
