/**
 * The logits and softmax stages on the book's example: the tensor's shape and a chart of one
 * row's 50,257 logits; the (text, position) picker by mouse and keyboard; then the softmax of
 * the chosen row: the target's rank and p (as PyTorch computed them), the most likely token
 * (GPT-2's argmax) and the sum of all probabilities.
 */
import { BOOK, expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/** Opens stage n (1-based) from the stage rail. */
async function openStage(page: Page, n: number) {
  await page
    .getByRole('navigation', { name: 'Stages' })
    .getByRole('button', { name: new RegExp(`stage ${n} of 7`) })
    .click();
  await expect(page.locator('.stage-kicker')).toContainText(`Stage ${n} of 7`);
}

const pick = (page: Page, text: number, position: number) =>
  page.getByRole('radio', { name: new RegExp(`, text ${text}, position ${position}:`) });

test('the logits stage shows the shape, a row of all V logits and a picker', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await openStage(page, 2);
  const stage = page.locator('section.stage');
  await expect(stage.getByText(BOOK.shape, { exact: true })).toBeVisible();

  // The chart is a canvas with a text alternative naming the row, its range and the target.
  const chart = stage.getByRole('img', { name: /All 50,257 logits of text 1, position 1/ });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');

  // Text 1 reads "every effort moves": position 2 reads " effort" and should predict " moves".
  await pick(page, 1, 2).click();
  await expect(pick(page, 1, 2)).toHaveAttribute('aria-checked', 'true');
  await expect(pick(page, 1, 2)).toHaveAccessibleName(
    '2 ␣effort → ␣moves, text 1, position 2: reads “ effort”, should predict “ moves”',
  );
  await expect(stage.getByRole('img', { name: /of text 1, position 2/ })).toBeVisible();
  await expect(stage.getByRole('img', { name: /Target “ moves”/ })).toBeVisible();
  // GPT-2's highest score there is " he" (id 339), the same argmax as PyTorch's.
  await expect(stage.getByRole('row', { name: /Highest score/ })).toContainText('339');

  // Arrow keys move within the picker and leave the stage alone.
  await pick(page, 1, 2).focus();
  await page.keyboard.press('ArrowRight');
  await expect(pick(page, 1, 3)).toBeFocused();
  await expect(pick(page, 1, 3)).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(pick(page, 1, 2)).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('.stage-kicker')).toContainText('Stage 2 of 7');
});

test('the softmax stage gives the target’s rank and p, the top tokens and a sum of 1', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await openStage(page, 2);
  await pick(page, 1, 2).click();
  await openStage(page, 3);
  const stage = page.locator('section.stage');

  const target = stage.getByTestId('softmax-target-rank');
  await expect(target).toContainText('rank 7,247 of 50,257');
  await expect(target).toContainText('p = 3.106e−5');
  await expect(stage.getByTestId('softmax-target-p')).toHaveText('3.106e−5');
  await expect(stage.getByRole('img', { name: /rank 7,247 with p = 3\.106e−5/ })).toBeVisible();

  // The most likely token is GPT-2's argmax at text 1, position 2: " he" (id 339).
  const top = stage.getByTestId('top-tokens');
  await expect(top.getByTestId('top-id').first()).toHaveText('339');
  await expect(top.getByRole('row').nth(1)).toContainText('␣he');
  await expect(top.getByTestId('top-id')).toHaveCount(10);

  // All 50,257 probabilities add up to 1; the top 10 and the rest split it.
  await expect(stage.getByTestId('prob-sum')).toHaveText('1.0000');
  const topShare = Number(await stage.getByTestId('prob-top').textContent());
  const rest = Number(await stage.getByTestId('prob-rest').textContent());
  expect(topShare).toBeGreaterThan(0);
  expect(topShare).toBeLessThan(0.01);
  expect(topShare + rest).toBeCloseTo(1, 3);

  // Every position's rank agrees with PyTorch's (text 1, then text 2).
  for (let r = 0; r < 6; r++) {
    const text = Math.floor(r / 3) + 1;
    const position = (r % 3) + 1;
    await pick(page, text, position).click();
    await expect(target).toContainText(`rank ${BOOK.ranks[r]} of 50,257`);
    await expect(stage.getByRole('note')).toHaveCount(0);
  }
});

test('the logits stage shows the book’s argmax guesses at every position', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await openStage(page, 2);
  // The book's argmax ids: [16657, 339, 42826] (" Armed he" "Netflix") and [49906, 29669, 41751].
  const guesses = page.getByTestId('guesses');
  await expect(guesses.nth(0).locator('.token')).toHaveText(['␣Armed', '␣he', 'Netflix']);
  const ids = (n: number) =>
    guesses
      .nth(n)
      .locator('.token')
      .evaluateAll((els) => els.map((el) => el.getAttribute('title')));
  expect(await ids(0)).toEqual(['id 16657', 'id 339', 'id 42826']);
  expect(await ids(1)).toEqual(['id 49906', 'id 29669', 'id 41751']);
});
