/**
 * "Surprisal over the text" under the −log p chart (stage 5): every scored token as running text,
 * shaded by −log p and underlined by its rank's bucket (top 1 / top 10 / top 100 / the rest), with
 * a detail (p, −log p, rank of V, the model's five most likely tokens) for the focused token.
 *
 * On the book's example every rank is above 100, so all six tokens are in "the rest"; the p model
 * (`#source=p-model&p=0.9`) gives each right token p = 0.9, rank 1, so all six are in "top 1".
 */
import type { Locator, Page } from '@playwright/test';
import { namesNotBeginningWithText, scan } from './axe';
import { BOOK, expect, gotoStage, test } from './fixtures';

const V = 50257;
/** The book's targets as GPT-2 decodes them (text 1, then text 2). */
const BOOK_WORDS = [' effort', ' moves', ' you', ' really', ' like', ' chocolate'];

const view = (page: Page) => page.getByRole('region', { name: 'Surprisal over the text' });

/** A number as the page prints it: "3.106e−5" → 3.106e-5, "50,257" → 50257. */
const numberOf = (text: string | null) => Number((text ?? '').replace(/−/g, '-').replace(/,/g, ''));

/** A string for a RegExp, special characters escaped. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function open(page: Page, hash: string, loss: string | RegExp): Promise<Locator> {
  // A fresh load: the page reads its link once, so a change of the hash alone would not apply it.
  await page.goto('about:blank');
  await page.goto(`./${hash}`);
  await expect(page.getByTestId('loss')).toHaveText(loss);
  await gotoStage(page, 5);
  const root = view(page);
  await expect(root).toBeVisible();
  return root;
}

/** Tab from the control just before the view (the chart's table toggle) onto its tab stop. */
async function tabIn(page: Page): Promise<void> {
  await page.locator('.neglog-numbers summary').focus();
  await page.keyboard.press('Tab');
}

/** The five alternatives' probabilities, as shown. */
async function alternativeProbs(root: Locator): Promise<number[]> {
  const alts = root.getByTestId('sx-alt-p');
  await expect(alts).toHaveCount(5);
  return (await alts.allTextContents()).map(numberOf);
}

test('the book’s six tokens read in order, each named with its −ln p, rank and bucket “the rest”', async ({
  page,
}) => {
  const root = await open(page, '', BOOK.loss);
  const tokens = root.getByTestId('sx-token');
  await expect(tokens).toHaveCount(6);
  await expect(tokens).toHaveText(BOOK_WORDS);
  for (const [i, negLogP] of BOOK.negLogP.entries()) {
    const token = tokens.nth(i);
    await expect(token).toHaveAttribute('data-bucket', 'rest');
    await expect(token).toHaveAccessibleName(
      new RegExp(
        `^${literal(BOOK_WORDS[i]!.trim())}: surprisal ${literal(negLogP)} nats, p [^,]+, ` +
          `rank ${literal(BOOK.ranks[i]!)} of 50,257, the rest, position ${(i % 3) + 1} of the ` +
          `${i < 3 ? 'first' : 'second'} text$`,
      ),
    );
    // One shade per decade of p: shade k holds k·ln 10 ≤ −ln p < (k + 1)·ln 10.
    const shade = Math.min(5, Math.floor(Number(negLogP) / Math.LN10));
    await expect(token).toHaveClass(new RegExp(`\\bsx-shade-${shade}\\b`));
  }
  // The legend counts them: six in the rest, none in the other buckets.
  const counts = root.getByTestId('sx-bucket-count');
  await expect(counts).toHaveText([
    /^token top 1 .*: 0 tokens$/,
    /^token top 10 .*: 0 tokens$/,
    /^token top 100 .*: 0 tokens$/,
    /^token the rest .*: 6 tokens$/,
  ]);
  // The unscored first words of the texts lead them, outside the buttons.
  await expect(root.locator('.sx-lead')).toHaveText([/every$/, /I$/]);
});

test('each bucket has its own underline, so the bucket is not told by colour alone', async ({ page }) => {
  const root = await open(page, '', BOOK.loss);
  const styles = await root.locator('[data-testid="sx-bucket-count"] .sx-word').evaluateAll((words) =>
    words.map((w) => {
      const s = getComputedStyle(w);
      return `${s.textDecorationLine} ${s.textDecorationStyle}`;
    }),
  );
  expect(styles).toEqual(['underline solid', 'underline double', 'underline dashed', 'none solid']);
  // A token carries its bucket's pattern: the book's are all in the rest, not underlined.
  const line = await root
    .getByTestId('sx-token')
    .first()
    .locator('.sx-word')
    .evaluate((w) => getComputedStyle(w).textDecorationLine);
  expect(line).toBe('none');
});

test('the keyboard moves between tokens and the detail gives p, the rank of V and five alternatives', async ({
  page,
}) => {
  const root = await open(page, '', BOOK.loss);
  const tokens = root.getByTestId('sx-token');
  await expect(tokens).toHaveText(BOOK_WORDS);
  await tabIn(page);
  await expect(tokens.nth(0)).toBeFocused();
  // One tab stop: the others are reached with the arrow keys, not Tab.
  await expect(tokens.nth(1)).toHaveAttribute('tabindex', '-1');

  await page.keyboard.press('ArrowRight');
  await expect(tokens.nth(1)).toBeFocused();
  // The arrow stayed in the view: the page did not step to stage 6.
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');

  const detail = root.getByTestId('sx-detail');
  await expect(detail.getByTestId('sx-rank')).toHaveText(`${BOOK.ranks[1]} of 50,257 (the rest)`);
  await expect(detail.getByTestId('sx-surprisal')).toHaveText(`${BOOK.negLogP[1]} nats`);
  const p = numberOf(await detail.getByTestId('sx-p').textContent());
  // p = e^(−(−ln p)): the shown p agrees with the shown −ln p to their rounding.
  expect(Math.abs(p - Math.exp(-Number(BOOK.negLogP[1]))) / p).toBeLessThan(1e-3);

  // Rank 7,247: five tokens the model found likelier, most likely first, none of them the target.
  const probs = await alternativeProbs(detail);
  for (const [i, q] of probs.entries()) {
    expect(q).toBeGreaterThan(p);
    expect(q).toBeLessThanOrEqual(1);
    if (i > 0) expect(q).toBeLessThanOrEqual(probs[i - 1]!);
  }
  expect(probs.reduce((s, q) => s + q, 0)).toBeLessThanOrEqual(1);
  await expect(detail.getByText('the right token')).toHaveCount(0);
  // GPT-2's argmax at text 1, position 2 is " he" (e2e/stage-softmax.spec.ts).
  await expect(detail.getByTestId('sx-alt-token').first()).toHaveText(' he');

  // ↓ to the next text at the same place, End and Home to the ends of that text, ← back across texts.
  await page.keyboard.press('ArrowDown');
  await expect(tokens.nth(4)).toBeFocused();
  await page.keyboard.press('End');
  await expect(tokens.nth(5)).toBeFocused();
  await expect(detail.getByTestId('sx-rank')).toHaveText(`${BOOK.ranks[5]} of 50,257 (the rest)`);
  await page.keyboard.press('Home');
  await expect(tokens.nth(3)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tokens.nth(2)).toBeFocused();
  await expect(detail.getByTestId('sx-rank')).toHaveText(`${BOOK.ranks[2]} of 50,257 (the rest)`);
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');

  // Tab leaves the view; Shift+Tab comes back to the token last chosen.
  await page.keyboard.press('Tab');
  await expect(tokens.nth(2)).not.toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(tokens.nth(2)).toBeFocused();
});

test('the alternatives agree with the softmax stage’s top tokens of the same row', async ({ page }) => {
  // The softmax stage lists the focused row's top 10, computed by the engine (or the CPU twin);
  // the view computes its five from the logits on the CPU. Row (text 1, position 1) in both.
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 3);
  const top = page.getByTestId('top-tokens');
  await expect(top.getByTestId('top-id')).toHaveCount(10);
  const rows = top.getByRole('row');
  // GPT-2's vocabulary loads after the numbers; until then a token is named by its id ("#16657").
  // Wait for the five decoded tokens, so the texts read here are the ones the view will show.
  for (let i = 1; i <= 5; i++) {
    await expect(rows.nth(i).getByRole('cell').nth(1).locator('.token')).not.toHaveText(/^#\d+$/);
  }
  const stageTokens: string[] = [];
  const stageProbs: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const cells = rows.nth(i).getByRole('cell');
    stageTokens.push(((await cells.nth(1).locator('.token').textContent()) ?? '').replace(/^␣/, ' '));
    stageProbs.push(numberOf(await cells.nth(3).textContent()));
  }
  await gotoStage(page, 5);
  const root = view(page);
  await expect(root.getByTestId('sx-token').first()).toHaveText(BOOK_WORDS[0]!);
  const detail = root.getByTestId('sx-detail');
  await expect(detail.getByTestId('sx-rank')).toHaveText(`${BOOK.ranks[0]} of 50,257 (the rest)`);
  await expect(detail.getByTestId('sx-alt-token')).toHaveText(stageTokens);
  const probs = await alternativeProbs(detail);
  // Both are rounded to 4 significant digits: equal to within that.
  for (const [i, q] of probs.entries()) expect(Math.abs(q - stageProbs[i]!) / q).toBeLessThan(1e-3);
});

test('the p model (p = 0.9): every token is in the top 1, and the right token leads the five', async ({
  page,
}) => {
  const p = 0.9;
  const loss = -Math.log(p);
  const root = await open(page, `#source=p-model&p=${p}`, loss.toFixed(4));
  const tokens = root.getByTestId('sx-token');
  await expect(tokens).toHaveCount(6);
  await expect(tokens).toHaveText(BOOK_WORDS);
  for (let i = 0; i < 6; i++) {
    await expect(tokens.nth(i)).toHaveAttribute('data-bucket', 'top1');
    await expect(tokens.nth(i)).toHaveAccessibleName(
      new RegExp(`: surprisal ${literal(loss.toFixed(4))} nats, p 0\\.9, rank 1 of 50,257, top 1, `),
    );
    await expect(tokens.nth(i)).toHaveClass(/\bsx-shade-0\b/);
  }
  await expect(root.getByTestId('sx-bucket-count').first()).toHaveText(/^token top 1 .*: 6 tokens$/);
  await expect(root.getByTestId('sx-bucket-count').last()).toHaveText(/^token the rest .*: 0 tokens$/);
  // Top 1 is drawn with a solid underline.
  const line = await tokens
    .first()
    .locator('.sx-word')
    .evaluate((w) => `${getComputedStyle(w).textDecorationLine} ${getComputedStyle(w).textDecorationStyle}`);
  expect(line).toBe('underline solid');

  await tabIn(page);
  await expect(tokens.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(tokens.nth(2)).toBeFocused();
  const detail = root.getByTestId('sx-detail');
  await expect(detail.getByTestId('sx-p')).toHaveText('0.9');
  await expect(detail.getByTestId('sx-rank')).toHaveText('1 of 50,257 (top 1)');
  // The right token first at p; the other V − 1 share 1 − p equally (ties go to the smaller id).
  const probs = await alternativeProbs(detail);
  expect(probs[0]).toBeCloseTo(p, 6);
  for (const q of probs.slice(1)) expect(Math.abs(q - (1 - p) / (V - 1)) / q).toBeLessThan(1e-3);
  await expect(detail.getByTestId('sx-alt').first()).toContainText('the right token');
  await expect(detail.getByTestId('sx-alt-token').first()).toHaveText(BOOK_WORDS[2]!);
  await expect(detail.getByText('the right token')).toHaveCount(1);
});

test('in bits the surprisal is −log₂ p and each shade is 3.322 bits', async ({ page }) => {
  const root = await open(page, '#units=bits', /^15\.572\d$/);
  await expect(root.getByText('one step for each 10× smaller p (3.322 bits)')).toBeVisible();
  const name = (await root.getByTestId('sx-token').first().getAttribute('aria-label')) ?? '';
  const bits = numberOf(/surprisal ([\d.]+) bits/.exec(name)?.[1] ?? null);
  expect(Math.abs(bits - Number(BOOK.negLogP[0]) / Math.LN2)).toBeLessThan(1e-3);
});

test('no axe violations in the view, in the light, dark and projector themes, at 1280 and 375 px', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const cases = [
    { hash: '', width: 1280 },
    { hash: '#source=p-model&p=0.9', width: 375 },
    { hash: '#theme=dark', width: 1280 },
    { hash: '#source=p-model&p=0.9&theme=dark', width: 375 },
    { hash: '#theme=projector', width: 375 },
  ];
  for (const { hash, width } of cases) {
    await page.setViewportSize({ width, height: 900 });
    const loss = hash.includes('p-model') ? (-Math.log(0.9)).toFixed(4) : BOOK.loss;
    const root = await open(page, hash, loss);
    await expect(root.getByTestId('sx-token')).toHaveText(BOOK_WORDS);
    // With a token chosen by the keyboard, so the ring and the detail are on screen.
    await tabIn(page);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(400); // the stage's entrance animation
    const where = `${hash || 'book'} at ${width} px`;
    expect(await scan(page, 'section.stage'), where).toEqual([]);
    expect(await namesNotBeginningWithText(page), where).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, where).toBeLessThanOrEqual(0);
  }
});
