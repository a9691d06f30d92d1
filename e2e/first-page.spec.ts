/**
 * The first page as a reader sees it: the book's example computed in the browser, by WebGPU
 * where it exists and by the CPU worker otherwise, saying which and why.
 */
import { BACKEND_TEXT, BOOK, expect, expectBookNumbers, gotoStage, test } from './fixtures';

test('shows the book’s loss, perplexity, shape and per-token table', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await expect(page.getByText('as well as a uniform guess among 48,726 of 50,257 tokens')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Text 1 reads “every effort moves”' })).toBeVisible();
  // The words come from GPT-2's vocabulary, loaded after the numbers.
  await gotoStage(page, 1);
  const texts = page.getByRole('list').filter({ hasText: 'should predict' }).getByRole('listitem');
  await expect(texts.nth(0)).toContainText('reads: “every effort moves”.');
  await expect(texts.nth(0)).toContainText('should predict: “ effort moves you”.');
  await expect(texts.nth(1)).toContainText('reads: “I really like”.');
  await expect(texts.nth(1)).toContainText('should predict: “ really like chocolate”.');
});

test('says which back end computed, in this browser’s situation', async ({ page, gpu }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveText(BACKEND_TEXT[gpu]);
  await expect(backend).toHaveAttribute('data-backend', gpu === 'webgpu' ? 'webgpu' : 'cpu');

  // The situation itself, checked independently of the page.
  const situation = await page.evaluate(async () => {
    if (!('gpu' in navigator)) return { api: false, adapter: null };
    const adapter = await navigator.gpu.requestAdapter();
    return { api: true, adapter: adapter ? `${adapter.info.vendor}` : null };
  });
  if (gpu === 'webgpu') {
    expect(situation.adapter).toBeTruthy();
    await expect(backend).toContainText(situation.adapter!);
    await expect(page.getByRole('radio', { name: 'WebGPU' })).toBeChecked();
  } else {
    // The CPU path ran off the main thread, in the module worker.
    expect(page.workers().map((w) => w.url())).toContainEqual(
      expect.stringMatching(/cpu\.worker-[\w-]+\.js$/),
    );
    expect(situation).toEqual(
      gpu === 'no-api' ? { api: false, adapter: null } : { api: true, adapter: null },
    );
    await expect(page.getByRole('radio', { name: 'WebGPU' })).toBeDisabled();
    await expect(page.getByRole('radio', { name: 'CPU (Web Worker)' })).toBeChecked();
  }
});

test('announces the result to screen readers', async ({ page, gpu }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  const where = gpu === 'webgpu' ? 'WebGPU' : 'the CPU';
  await expect(page.getByRole('status').filter({ hasText: 'Loss' })).toHaveText(
    `Loss ${BOOK.loss} nats, perplexity ${BOOK.perplexity}, computed on ${where}.`,
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How a language model’s loss is computed');
  await expect(page.getByRole('rowheader', { name: /Text 2/ })).toBeVisible();
});

test('while WebGPU starts, the CPU’s numbers are on screen, then the back end in use gives the same', async ({
  page,
  gpu,
}) => {
  // A test hook (src/app/compute/early-cpu.ts): the page asks for the GPU 3 s late.
  await page.addInitScript(() => {
    (window as { __XENT_HOLD_GPU_MS?: number }).__XENT_HOLD_GPU_MS = 3000;
  });
  await page.goto('./');
  const backend = page.getByTestId('backend');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss, { timeout: 2500 });
  await expect(backend).toHaveText('CPUComputed on the CPU while WebGPU starts…');
  await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'true');
  // Then the back end in use: the same numbers, and the line says which.
  await expect(backend).toHaveText(BACKEND_TEXT[gpu], { timeout: 15_000 });
  await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
  await expectBookNumbers(page);
  await expect(page.getByRole('status').filter({ hasText: 'apart' })).toHaveCount(0);
});
