/**
 * The softmax stage's explorations on the book's example: dragging the target's logit (keyboard
 * and mouse) raises its p and lowers the loss "with your edit", a gradient step lowers it, and the
 * temperature moves the batch's loss and perplexity (T → large: perplexity toward V = 50,257).
 * The main loss beside the stages stays the model's throughout. Directions only, no timings.
 */
import type { Locator, Page } from '@playwright/test';
import { BOOK, expect, gotoStage, test } from './fixtures';

const V = 50_257;

/** A number as the page prints it: "7.454e−5", "48,725.8", "−0.9959". */
async function read(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).trim();
  return Number(text.replace(/,/g, '').replace(/−/g, '-'));
}

async function openSoftmax(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 3);
  const panel = page.getByTestId('drag-panel');
  await expect(panel.getByTestId('drag-loss')).toHaveText(BOOK.loss);
  return panel;
}

test('dragging the target’s logit up with the keyboard raises p and lowers the edited loss', async ({
  page,
}) => {
  const panel = await openSoftmax(page);
  const p0 = await read(panel.getByTestId('drag-p'));
  const rank0 = await read(panel.getByTestId('drag-rank'));
  const slider = panel.getByTestId('drag-target-slider');
  await slider.focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', /^z = .+, model .+/);
  await expect.poll(() => read(panel.getByTestId('drag-p'))).toBeGreaterThan(p0 * 10);
  await expect.poll(() => read(panel.getByTestId('drag-loss'))).toBeLessThan(Number(BOOK.loss));
  await expect.poll(() => read(panel.getByTestId('drag-rank'))).toBeLessThan(rank0);
  expect(await read(panel.getByTestId('drag-row-loss'))).toBeLessThan(Number(BOOK.negLogP[0]));
  expect(await read(panel.getByTestId('drag-perplexity'))).toBeLessThan(
    Number(BOOK.perplexity.replace(/,/g, '')),
  );
  // The page's own loss is still the model's.
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);

  await panel.getByTestId('drag-reset').click();
  await expect(panel.getByTestId('drag-loss')).toHaveText(BOOK.loss);
});

test('dragging the target’s handle up with the mouse lowers the edited loss', async ({ page }) => {
  const panel = await openSoftmax(page);
  const p0 = await read(panel.getByTestId('drag-p'));
  const handle = panel.getByTestId('drag-handle-target');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  if (!box) throw new Error('the target’s handle has no box');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x, y - 8 * i);
  await page.mouse.up();
  await expect.poll(() => read(panel.getByTestId('drag-p'))).toBeGreaterThan(p0);
  await expect.poll(() => read(panel.getByTestId('drag-loss'))).toBeLessThan(Number(BOOK.loss));
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('one gradient step lowers the edited loss, before → after', async ({ page }) => {
  const panel = await openSoftmax(page);
  await panel.getByTestId('drag-step').click();
  const result = panel.getByTestId('drag-step-result');
  await expect(result).toContainText('One step with η = 1');
  await expect.poll(() => read(panel.getByTestId('drag-loss'))).toBeLessThan(Number(BOOK.loss));
  const afterOne = await read(panel.getByTestId('drag-loss'));
  await panel.getByTestId('drag-step').click();
  await expect.poll(() => read(panel.getByTestId('drag-loss'))).toBeLessThan(afterOne);
  const [before, after] = (await result.innerText())
    .match(/−log p ([\d.]+) → ([\d.]+)/)!
    .slice(1)
    .map(Number);
  expect(after!).toBeLessThan(before!);
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('the temperature moves the loss and perplexity: sharper below 1, toward V above', async ({ page }) => {
  await openSoftmax(page);
  const panel = page.getByTestId('temp-panel');
  const slider = panel.getByTestId('temp-slider');
  const model = { loss: Number(BOOK.loss), ppl: Number(BOOK.perplexity.replace(/,/g, '')) };
  await expect(panel.getByTestId('temp-loss')).toHaveText(BOOK.loss);

  // T = 0.50 (position 40 of the ladder): sharper, and the book's targets are rarely the top token.
  await slider.fill('40');
  await expect(slider).toHaveAttribute('aria-valuetext', 'T = 0.50');
  await expect.poll(() => read(panel.getByTestId('temp-loss'))).toBeGreaterThan(model.loss);
  expect(await read(panel.getByTestId('temp-perplexity'))).toBeGreaterThan(model.ppl);

  // T = 0.10 (Home): sharper still, the loss larger again.
  const atHalf = await read(panel.getByTestId('temp-loss'));
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuetext', 'T = 0.10');
  await expect.poll(() => read(panel.getByTestId('temp-loss'))).toBeGreaterThan(atHalf);

  // T = 5 (End): nearly uniform, the perplexity close to V.
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', 'T = 5.00');
  // Polled below V first: until the T = 5 numbers arrive, the T = 0.10 ones (far above V) show.
  await expect.poll(() => read(panel.getByTestId('temp-perplexity'))).toBeLessThan(V);
  expect(await read(panel.getByTestId('temp-perplexity'))).toBeGreaterThan(0.95 * V);
  expect(await read(panel.getByTestId('temp-loss'))).not.toBe(model.loss);

  // The limits table, computed on the same back end, ends near ln V at T = 100.
  const limits = panel.getByTestId('temp-limits');
  const at100 = limits.locator('tr', { has: page.getByRole('cell', { name: '100', exact: true }) });
  await expect(at100).toContainText('10.82');
  // The book's loss is lower at T = 2 (10.7677) than at T = 1 (10.7940): over-confident at T = 1.
  // The body's rows: T → 0, 0.1, 0.5, 1, 2, 5, 100, → ∞.
  const at1 = limits.locator('tbody tr').nth(3);
  const at2 = limits.locator('tbody tr').nth(4);
  await expect(at1.locator('td').first()).toHaveText('1');
  await expect(at2.locator('td').first()).toHaveText('2');
  await expect(at1).toContainText(BOOK.loss);
  await expect(at2).toContainText('10.7677');
  await expect(panel.getByTestId('temp-calibration')).toContainText('the model is over-confident');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});
