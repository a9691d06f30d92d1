/**
 * The mean's pitfalls (under the perplexity stage) and entropy beside cross-entropy (under the
 * p(target) stage), on the book's example and on typed texts of different lengths.
 *
 * The book's values were computed with numpy from public/examples/ch05-untrained-gpt2-logits.npz
 * (float64 from the float32 logits): geometric mean of 1/p 48,725.82, arithmetic 76,119.12;
 * per-text perplexities 33,428.12 and 71,024.22, their mean 52,226.17; entropies (nats)
 * 10.657855, 10.657223, 10.658050, 10.659213, 10.657911, 10.657836, e^H 42,525.3 … 42,583.1.
 */
import type { Locator, Page } from '@playwright/test';
import { BOOK, expect, gotoStage, test } from './fixtures';

/** numpy's entropies of the book's six predicted distributions, in nats (text 1, then text 2). */
const BOOK_ENTROPY = [10.65785477, 10.6572227, 10.65805032, 10.65921274, 10.65791106, 10.65783606];

/** The exact value a Num carries (its data-exact attribute), as a JS number. */
async function exact(num: Locator): Promise<number> {
  const text = (await num.getAttribute('data-exact')) ?? '';
  return Number(text.replace(/−/g, '-'));
}

async function openBook(page: Page, stage: number): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, stage);
}

test('the book: perplexity 48,726 is the geometric mean of 1/p; the arithmetic mean is 76,119', async ({
  page,
}) => {
  await openBook(page, 7);
  const panel = page.getByRole('region', { name: 'The loss’s average beside three others' });
  await expect(panel.getByTestId('pitfall-geometric')).toHaveText('48,726');
  await expect(panel.getByTestId('pitfall-arithmetic')).toHaveText('76,119');
  // The least likely token, " chocolate" (p = 4.756e−6), dominates the arithmetic mean.
  await expect(panel).toContainText('text 2, position 3, with p = 4.756e−6');
});

test('the book: per-text perplexities 33,428 and 71,024 average to 52,226, not the pooled 48,726', async ({
  page,
}) => {
  await openBook(page, 7);
  const panel = page.getByRole('region', { name: 'The loss’s average beside three others' });
  await expect(panel.getByTestId('pitfall-sequence')).toHaveText(['33,428', '71,024']);
  await expect(panel.getByTestId('pitfall-sequence-mean')).toHaveText('52,226');
  await expect(panel.getByTestId('pitfall-pooled')).toHaveText('48,726');
  const table = panel.getByRole('table', { name: 'Perplexity of each text' });
  await expect(table.getByRole('row')).toHaveCount(3);
});

test('padding: ignore_index keeps the loss, counting padding as 0 lowers it; in nats and bits', async ({
  page,
}) => {
  await openBook(page, 7);
  const panel = page.getByRole('region', { name: 'The loss’s average beside three others' });
  const right = panel.getByTestId('pitfall-pad-right');
  const wrong = panel.getByTestId('pitfall-pad-wrong');
  // The book has no padding: both means are the loss.
  await expect(panel).toContainText('This batch has no padding positions.');
  await expect(right).toHaveText(BOOK.loss);
  await expect(wrong).toHaveText(BOOK.loss);

  // From the keyboard: 3 ignored positions are added to text 2.
  const toggle = panel.getByRole('checkbox', { name: 'Pad text 2 with 3 more ignored tokens' });
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await expect(panel.getByTestId('pitfall-pad-count')).toHaveText('3');
  await expect(right).toHaveText(BOOK.loss);
  // 6 × 10.793964 / 9 = 7.195976.
  await expect(wrong).toHaveText('7.1960');

  // In bits both divide by ln 2: 15.5724 and 10.3816.
  await page.getByRole('radio', { name: /bits/ }).check();
  await expect(right).toHaveText('15.5724');
  await expect(wrong).toHaveText('10.3816');

  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(wrong).toHaveText('15.5724');
});

test('typed texts of different lengths: the real padding is counted, and only the wrong mean falls', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 1);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  // 4 tokens → 3 targets, and 7 tokens → 6: text 1 is padded with 3 ignored positions.
  await page.getByRole('textbox', { name: 'Text 1' }).fill('every effort moves you');
  await page.getByRole('textbox', { name: 'Text 2' }).fill('I really like chocolate very much indeed');
  await expect(page.getByTestId('shape')).toHaveText('(2, 6, 50257)');
  await gotoStage(page, 7);
  const panel = page.getByRole('region', { name: 'The loss’s average beside three others' });
  await expect(panel.getByTestId('pitfall-real-padding')).toHaveText('3');
  await expect(panel.getByTestId('pitfall-pad-count')).toHaveText('3');
  const loss = (await page.getByTestId('loss').textContent()) ?? '';
  await expect(panel.getByTestId('pitfall-pad-right')).toHaveText(loss);
  const right = await exact(panel.getByTestId('pitfall-pad-right'));
  const wrong = await exact(panel.getByTestId('pitfall-pad-wrong'));
  // 9 scored positions of 12: the wrong mean is the right one × 9 / 12.
  expect(wrong).toBeCloseTo((right * 9) / 12, 12);
  // Per-text perplexities: 3 and 6 tokens.
  const rows = panel.getByRole('table', { name: 'Perplexity of each text' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('3');
  await expect(rows.nth(2)).toContainText('6');
  const [p1, p2] = [
    await exact(panel.getByTestId('pitfall-sequence').nth(0)),
    await exact(panel.getByTestId('pitfall-sequence').nth(1)),
  ];
  expect(await exact(panel.getByTestId('pitfall-sequence-mean'))).toBeCloseTo((p1 + p2) / 2, 6);
});

test('entropy beside cross-entropy: H and e^H of each of the book’s six distributions', async ({ page }) => {
  await openBook(page, 4);
  const panel = page.getByRole('region', { name: 'Entropy beside cross-entropy' });
  const table = panel.getByRole('table', { name: /entropy and the true token’s cost/ });
  await expect(table.getByRole('row')).toHaveCount(7);
  const h = panel.getByTestId('entropy-h');
  const eh = panel.getByTestId('entropy-eh');
  await expect(h).toHaveCount(6);
  await expect(eh).toHaveCount(6);
  // Float32 on the GPU: H within 2e-5 nats of numpy's float64 value, e^H within that relative.
  for (const [i, want] of BOOK_ENTROPY.entries()) {
    expect(Math.abs((await exact(h.nth(i))) - want)).toBeLessThan(2e-5);
    expect(Math.abs((await exact(eh.nth(i))) / Math.exp(want) - 1)).toBeLessThan(2e-5);
  }
  // Two as printed, far from a rounding edge: 10.6572 (e^H 42,498.4) and 10.6592 (42,583.1).
  await expect(h.nth(1)).toHaveText('10.6572');
  await expect(h.nth(3)).toHaveText('10.6592');
  await expect(eh.nth(3)).toHaveText('42,583');
  // Beside them, the cross-entropy of the true token: the book's −log p.
  for (const value of BOOK.negLogP) await expect(table.getByRole('cell', { name: value })).toBeVisible();
  await expect(panel.getByRole('img', { name: /entropy H \(hollow circles\)/ })).toBeVisible();
  // The mean H (numpy: 10.6580) is below the loss (10.7940): over-confident on these tokens, and
  // the bound is stated for the data's unknown distribution q, not the model's own H.
  const meanH = BOOK_ENTROPY.reduce((a, b) => a + b, 0) / BOOK_ENTROPY.length;
  await expect(panel.getByTestId('entropy-mean')).toHaveText(meanH.toFixed(4));
  await expect(panel).toContainText('on these tokens the model was over-confident');
  await expect(panel).toContainText('H(q) + KL(q‖p) ≥ H(q)');

  // In bits: 10.659213 nats / ln 2 = 15.3780 bits; e^H = 2^(H in bits) does not change.
  await page.getByRole('radio', { name: /bits/ }).check();
  await expect(h.nth(3)).toHaveText('15.3780');
  await expect(eh.nth(3)).toHaveText('42,583');
});

test('at 375 px the two panels fit the width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  for (const stage of [4, 7]) {
    await openBook(page, stage);
    await expect(page.getByRole('region', { name: /Entropy beside|The loss’s average/ })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  }
});
