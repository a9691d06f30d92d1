/**
 * Shared by the e2e specs: the browser situation of each project (gpu), the removal of
 * navigator.gpu for 'no-api', a guard that fails any test whose page throws, and the book's
 * numbers as the page must print them (PyTorch's values, rounded the way the page rounds).
 */
import { test as base, expect, type Page } from '@playwright/test';

export type GpuSituation = 'webgpu' | 'no-adapter' | 'no-api';

export interface GpuOptions {
  gpu: GpuSituation;
  /** The same build served only under /courses/ml/xent/, by a second server. */
  subPathURL: string;
}

/**
 * XENT_E2E_VOCAB_DELAY_MS=3000 npm run test:e2e holds GPT-2's vocabulary chunk back that long, to
 * find tests that read a token's text before it is decoded (until then the page names a token by
 * its id, "#16657"). Unset, nothing is held back.
 */
const vocabDelayMs = Number(process.env.XENT_E2E_VOCAB_DELAY_MS ?? 0);

export const test = base.extend<GpuOptions>({
  gpu: ['webgpu', { option: true }],
  subPathURL: ['', { option: true }],
  page: async ({ page, gpu }, use) => {
    if (gpu === 'no-api') {
      await page.addInitScript(() => {
        delete (Navigator.prototype as { gpu?: unknown }).gpu;
      });
    }
    if (vocabDelayMs > 0) {
      await page.route(/\/assets\/gpt2-[^/]*\.js$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, vocabDelayMs));
        // The test may have ended meanwhile; then there is nothing to continue.
        await route.continue().catch(() => undefined);
      });
    }
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/**
 * The book's example (data README): loss 10.793964…, perplexity 48,725.82…, and per token
 * (text 1, then text 2) −log p and the target's rank among 50,257.
 */
export const BOOK = {
  loss: '10.7940',
  perplexity: '48,725.8',
  shape: '(2, 3, 50257)',
  negLogP: ['9.5042', '10.3796', '11.3677', '11.4798', '9.7764', '12.2561'],
  ranks: ['258', '7,247', '37,218', '40,358', '877', '49,549'],
};

/** The stages on the rail, in order (src/app/stages/stage.ts). */
export const STAGE_NAMES = ['Tokens', 'Logits', 'Softmax', 'p(target)', '−log p', 'Mean', 'Perplexity'];

/** Opens stage n (1-based) by clicking it on the stage rail, and waits for its heading. */
export async function gotoStage(page: Page, n: number): Promise<void> {
  const rail = page.getByRole('navigation', { name: 'Stages' });
  await rail.getByRole('button', { name: new RegExp(`stage ${n} of 7`) }).click();
  await expect(page.locator('.stage-kicker')).toContainText(`Stage ${n} of 7`);
}

/**
 * Opens "Source and settings" where the header is folded (a phone, the projector), so the source
 * picker and the page's settings can be used; elsewhere they are always shown.
 */
export async function openSettings(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Source and settings' });
  if ((await toggle.count()) === 0 || (await toggle.getAttribute('aria-expanded')) === 'true') return;
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

/**
 * Waits for the numbers, then checks every one the page prints for the book's example: the loss
 * and perplexity beside every stage, and each token's −log p and rank in the p(target) stage.
 */
export async function expectBookNumbers(page: Page): Promise<void> {
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.getByTestId('perplexity')).toHaveText(BOOK.perplexity);
  await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
  await gotoStage(page, 4);
  await expect(page.getByTestId('rank')).toHaveText(BOOK.ranks);
  const table = page.getByRole('table', { name: /probability the model gave/ });
  for (const value of BOOK.negLogP) await expect(table.getByRole('cell', { name: value })).toBeVisible();
}

/** What the back-end line must say in each situation. */
export const BACKEND_TEXT: Record<GpuSituation, RegExp> = {
  webgpu: /^GPUComputed on WebGPU · .+/,
  'no-adapter':
    /Computed on the CPU in a Web Worker, because WebGPU is unavailable here: .*offers no adapter/,
  'no-api':
    /Computed on the CPU in a Web Worker, because WebGPU is unavailable here: .*navigator\.gpu is missing/,
};
