/**
 * The last three stages on the book's example: −log p per token on its curve, the mean with
 * its PyTorch snippet and the loss by hand against fused, and the perplexity slider mapping a
 * loss L to k = e^L equally likely words.
 */
import type { Page } from '@playwright/test';
import { BOOK, expect, test } from './fixtures';

async function openStage(page: Page, n: number): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page
    .getByRole('navigation', { name: 'Stages' })
    .getByRole('button')
    .nth(n - 1)
    .click();
  await expect(page.locator('.stage-kicker')).toContainText(`Stage ${n} of 7`);
}

/** A page number as JS reads it: "−3.553e−15" → -3.553e-15, "48,726" → 48726. */
function readNumber(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/,/g, ''));
}

/** k as the page must print it: round(e^L) with thousands separators. */
const kText = (loss: number) => Math.round(Math.exp(loss)).toLocaleString('en-US');

test('stage 5 puts the six tokens on the −log p curve with the book’s values', async ({ page }) => {
  await openStage(page, 5);
  const points = page.getByTestId('neglog-point');
  await expect(points).toHaveCount(6);
  for (const [i, value] of BOOK.negLogP.entries()) {
    // Labels are drawn in token order: text 1 then text 2.
    await expect(points.nth(i)).toContainText(value);
  }
  await expect(page.getByRole('img', { name: /The curve −ln p against p on a log scale/ })).toBeVisible();
  // The same numbers in the table under the chart.
  await page.getByText('The points as numbers').click();
  for (const value of BOOK.negLogP) await expect(page.getByRole('cell', { name: value })).toBeVisible(); // Why −log p: the text's probability, and the book's six p are all below 0.01 (the inset says so).
  await expect(page.locator('.neglog')).toContainText('maximum likelihood');
  await expect(page.locator('.neglog-inset figcaption')).toHaveText(
    'The same curve on a linear p axis: all 6 tokens have p below 0.01 and are squeezed against p = 0.',
  );
});

test('stage 6 gives the PyTorch call with these targets and the same loss, by hand and fused', async ({
  page,
}) => {
  await openStage(page, 6);
  const code = page.getByTestId('torch-snippet');
  await expect(code).toContainText('[[3626, 6100, 345], [1107, 588, 11311]]');
  await expect(code).toContainText('F.cross_entropy(logits.flatten(0, 1), targets.flatten())');
  await expect(code).toContainText('tensor(10.7940)');
  await expect(page.getByTestId('mean-count')).toHaveText('6');
  const difference = readNumber((await page.getByTestId('mean-difference').textContent()) ?? '');
  expect(Number.isFinite(difference)).toBe(true);
  // By hand in float32 against fused: within float32's rounding, 1e-5 relative of 10.794.
  expect(Math.abs(difference)).toBeLessThan(1.1e-4);
  // Both agree with PyTorch's 10.79396441 to float32 precision.
  await expect(page.getByTestId('mean-manual')).toContainText(/^10\.79396/);
  await expect(page.getByTestId('mean-fused')).toContainText('10.793964');

  // Copy puts the whole snippet on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.textContent());

  // The bars settle to the mean and come back.
  await page.getByRole('button', { name: 'Show the mean' }).click();
  await expect(page.getByRole('img', { name: /all levelled to their mean 10\.7940/ })).toBeVisible();
  await page.getByRole('button', { name: 'Show each token again' }).click();
  await expect(page.getByRole('button', { name: 'Show the mean' })).toBeVisible();
});

test('stage 7 maps the slider’s loss L to k = e^L words', async ({ page }) => {
  await openStage(page, 7);
  const slider = page.getByRole('slider', { name: /Loss L/ });
  const k = page.getByTestId('slider-k');
  const loss = page.getByTestId('slider-loss');

  await expect(page.locator('.perplexity')).toContainText('geometric mean of 1/p');
  await expect(page.locator('.perplexity')).toContainText('It is not the model’s own uncertainty');
  // It starts at this model's loss.
  await expect(k).toHaveText('48,726');
  await expect(loss).toHaveText(BOOK.loss);
  await expect(slider).toHaveAttribute('aria-valuetext', 'loss 10.79 nats, k = 48,726 words');

  /** The shown k is round(e^L) for the L the slider reports. */
  const expectK = async () => {
    const L = Number(await slider.getAttribute('aria-valuenow'));
    await expect(k).toHaveText(kText(L));
    return L;
  };

  await slider.focus();
  await slider.press('Home');
  await expect(k).toHaveText('1');
  expect(await expectK()).toBe(0);
  await slider.press('End');
  const max = await expectK();
  expect(max).toBeGreaterThan(Math.log(50257));
  await expect(page.getByText('worse than guessing uniformly')).toBeVisible();

  // A few keyboard steps from 0: 0.1 per arrow (Page Up/Down belong to the stage rail).
  await slider.press('Home');
  await slider.press('ArrowRight');
  await slider.press('ArrowRight');
  expect(await expectK()).toBeCloseTo(0.2, 10);
  for (let i = 0; i < 30; i++) await slider.press('ArrowUp');
  expect(await expectK()).toBeCloseTo(3.2, 10);
  // Small k: that many word tiles.
  await expect(page.getByRole('img', { name: /^25 equally likely words/ })).toBeVisible();
  for (let i = 0; i < 50; i++) await slider.press('ArrowUp');
  expect(await expectK()).toBeCloseTo(8.2, 10);
  await slider.press('ArrowLeft');
  expect(await expectK()).toBeCloseTo(8.1, 10);

  // The marks' buttons.
  const jumps = page.getByRole('group', { name: 'Move the slider to' });
  await jumps.getByRole('button', { name: /perfect model/ }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(k).toHaveText('1');
  await jumps.getByRole('button', { name: /uniform guess/ }).click();
  expect(Number(await slider.getAttribute('aria-valuenow'))).toBeCloseTo(Math.log(50257), 10);
  await expect(k).toHaveText('50,257');
  await jumps.getByRole('button', { name: /this model/ }).click();
  await expect(k).toHaveText('48,726');
  await expect(loss).toHaveText(BOOK.loss);
});

test('in bits, the stages divide by ln 2 and k stays the same', async ({ page }) => {
  await openStage(page, 7);
  const bits = page.getByRole('radio', { name: /bits/ });
  await bits.check();
  const bookBits = (Number(BOOK.loss) / Math.LN2).toFixed(2);
  await expect(page.getByTestId('slider-k')).toHaveText('48,726');
  await expect(page.getByTestId('slider-loss')).toHaveText(/^15\.572\d$/);
  await expect(page.getByRole('slider', { name: /Loss L \(bits\)/ })).toHaveAttribute(
    'aria-valuetext',
    `loss ${bookBits} bits, k = 48,726 words`,
  );
  await page.getByRole('navigation', { name: 'Stages' }).getByRole('button').nth(5).click();
  await expect(page.getByTestId('torch-snippet')).toContainText(
    'print(loss / math.log(2))  # in bits: tensor(15.572',
  );
  await expect(page.getByTestId('torch-snippet')).toContainText('tensor(10.7940)');
  await page.getByRole('navigation', { name: 'Stages' }).getByRole('button').nth(4).click();
  await expect(page.getByRole('img', { name: /The curve −log₂ p against p/ })).toBeVisible();
  // 9.5042 nats is 13.7116 bits.
  await expect(page.getByTestId('neglog-point').first()).toContainText(/13\.71\d\d/);
});

test('padding is left out of the points, the sum and N, and stays in the PyTorch targets', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  // 6 tokens give 5 positions; text 2 keeps its 3 and is padded with 2 ignored targets.
  await page.getByRole('textbox', { name: 'Text 1' }).fill('The cat sat on the mat');
  await expect(page.getByTestId('loss')).not.toHaveText(BOOK.loss);
  const stages = page.getByRole('navigation', { name: 'Stages' }).getByRole('button');
  await stages.nth(4).click();
  await expect(page.getByTestId('neglog-point')).toHaveCount(8);
  await expect(page.getByText('2 ignored tokens are left out.')).toBeVisible();
  await stages.nth(5).click();
  await expect(page.getByTestId('mean-count')).toHaveText('8');
  await expect(page.getByText(/2 tokens whose targets are ignore_index \(−100\) are left out/)).toBeVisible();
  await expect(page.getByTestId('torch-snippet')).toContainText(
    /targets = torch\.tensor\(\[\[.+\], \[.+, -100, -100\]\]\)/,
  );
  const difference = readNumber((await page.getByTestId('mean-difference').textContent()) ?? '');
  expect(Math.abs(difference)).toBeLessThan(1.1e-4);
});

test('with reduced motion the bars jump to the mean', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openStage(page, 6);
  await page.getByRole('button', { name: 'Show the mean' }).click();
  // No animation: levelled at once.
  await expect(page.getByRole('img', { name: /all levelled to their mean 10\.7940/ })).toBeVisible({
    timeout: 500,
  });
});
