/**
 * The stability lab under the −log p stage, on the book's example: at scale 1 everything is
 * finite and the naive −ln p equals the stable one; at scale 100 the naive path shows inf or NaN
 * and the stable one stays finite; pushing the target far down makes the naive p 0 and its
 * −ln p inf (or, on a GPU whose log(0) is not −inf, the finite value it returned), while the
 * stable −ln p stays finite. The panel names the back end that computed the numbers.
 */
import type { Locator, Page } from '@playwright/test';
import { BOOK, expect, gotoStage, test } from './fixtures';

/** A finite number as the lab prints it: 7 significant digits, a true minus, e for the exponent. */
const FINITE = /^−?\d[\d.]*(e−?\d+)?$/;
const NON_FINITE = /^(−?inf|NaN)$/;

const lab = (page: Page) => page.getByRole('region', { name: /stability lab/ });
const value = (root: Locator, id: string) => root.getByTestId(id);
const numberOf = (text: string) => Number(text.replace('−', '-').replace(/e(-?\d+)$/, 'e$1'));

async function open(page: Page): Promise<Locator> {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 5);
  const root = lab(page);
  await expect(root).toBeVisible();
  await expect(value(root, 'stab-stable-neglog')).toHaveText(FINITE);
  return root;
}

/** Sets the scale by typing it, and waits until the lab shows that computation. */
async function setScale(root: Locator, s: number) {
  await root.getByTestId('stab-scale').fill(String(s));
  await expect(root.getByRole('slider', { name: /Logit scale s/ })).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^s = ${s}\\b`),
  );
  await expect(root.locator('.stab-tables')).toHaveAttribute('aria-busy', 'false');
}

test('at scale 1 all values are finite and the naive −ln p equals the stable one', async ({ page, gpu }) => {
  const root = await open(page);
  await setScale(root, 1);
  for (const id of [
    'stab-naive-sum',
    'stab-naive-p',
    'stab-naive-neglog',
    'stab-max',
    'stab-stable-sum',
    'stab-lse',
    'stab-stable-p',
    'stab-stable-neglog',
  ]) {
    await expect(value(root, id), id).toHaveText(FINITE);
  }
  const naive = numberOf((await value(root, 'stab-naive-neglog').textContent()) ?? '');
  const stable = numberOf((await value(root, 'stab-stable-neglog').textContent()) ?? '');
  // Text 1, position 1: PyTorch's −ln p is 9.5042.
  expect(Math.abs(stable - Number(BOOK.negLogP[0]))).toBeLessThan(1e-3);
  expect(Math.abs(naive - stable)).toBeLessThan(1e-3);
  await expect(value(root, 'stab-exp-inf')).toHaveText('0');
  await expect(value(root, 'stab-p-nan')).toHaveText('0');
  await expect(root.getByTestId('stab-backend')).toHaveText(
    gpu === 'webgpu' ? /^Computed on WebGPU in float32/ : /^Computed on the CPU in float32.*no WebGPU/,
  );
});

test('at scale 100 the naive path shows inf or NaN and the stable one stays finite', async ({ page }) => {
  const root = await open(page);
  await setScale(root, 100);
  await expect(value(root, 'stab-naive-sum')).toHaveText('inf');
  await expect(value(root, 'stab-naive-p')).toHaveText(/^(0|NaN|inf)$/);
  await expect(value(root, 'stab-p-nan')).not.toHaveText('0');
  await expect(value(root, 'stab-exp-inf')).not.toHaveText('0');
  for (const id of ['stab-max', 'stab-stable-sum', 'stab-lse', 'stab-stable-p', 'stab-stable-neglog']) {
    await expect(value(root, id), id).toHaveText(FINITE);
  }
  // The row's overflow edge: the naive sum is inf just past it and finite just before.
  const edge = root.getByTestId('stab-edge');
  await expect(edge).toContainText(/already inf from s = \d/);
  await edge.getByRole('button', { name: 'Set s just past it' }).click();
  await expect(value(root, 'stab-naive-sum')).toHaveText('inf');
  await setScale(root, 20);
  await expect(value(root, 'stab-naive-sum')).toHaveText(FINITE);
});

test('pushing the target far down: naive p = 0 and −ln p = inf, the stable −ln p finite', async ({
  page,
  gpu,
}) => {
  const root = await open(page);
  await setScale(root, 1);
  await root.getByTestId('stab-push').fill('150');
  await expect(root.getByRole('slider', { name: /Push the target down/ })).toHaveAttribute(
    'aria-valuetext',
    /^Δ = 150/,
  );
  await expect(root.locator('.stab-tables')).toHaveAttribute('aria-busy', 'false');
  await expect(value(root, 'stab-naive-p')).toHaveText('0');
  await expect(value(root, 'stab-stable-neglog')).toHaveText(FINITE);
  const stable = numberOf((await value(root, 'stab-stable-neglog').textContent()) ?? '');
  expect(Math.abs(stable - (Number(BOOK.negLogP[0]) + 150))).toBeLessThan(1e-2);
  const naive = value(root, 'stab-naive-neglog');
  if (gpu === 'webgpu') {
    // WGSL leaves log(0) undefined: the page shows what this GPU returned (SwiftShader: 88.03)
    // and says so when it is finite.
    const text = (await naive.textContent()) ?? '';
    if (!NON_FINITE.test(text))
      await expect(root.getByTestId('stab-device-log')).toContainText('log returned');
  } else {
    await expect(naive).toHaveText('inf');
  }
});

test('the sliders work from the keyboard and bad typed values keep the previous state', async ({ page }) => {
  const root = await open(page);
  const slider = root.getByRole('slider', { name: /Logit scale s/ });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', /^s = 150: the largest scaled logit is/);
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');
  await expect(value(root, 'stab-naive-sum')).toHaveText('inf');
  await root.getByTestId('stab-scale').fill('1e9');
  await expect(root.getByRole('alert')).toHaveText(/Type a scale between 1 and 150; the lab keeps s = 150/);
  await expect(slider).toHaveAttribute('aria-valuetext', /^s = 150:/);
});
