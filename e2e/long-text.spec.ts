/**
 * A text longer than the model's context on the pretrained-model source: the start of The Verdict
 * (1,458 GPT‑2 tokens) beside a short text, on the hub-gpt2 fixture (1,024 positions). The page
 * says the limit, cuts the text at it and says so, scores the 1,024 tokens as PyTorch does
 * (hub-golden.json's longText, from scripts/fixtures/make_hub_models.py), and every view that
 * lists tokens stays usable: stage 1 folds, the token tables page, the surprisal view wraps at
 * 375 px, and axe finds nothing. A second model whose tokenizer scores the whole text makes the
 * comparison's rows differ in the bytes they scored, and the sentence under it says so.
 *
 * WebAssembly only (the no-api project): the forward pass of 1,024 positions and the views of
 * 2,048 rows are the point here, not the back end, which pretrained.spec.ts covers on each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_DIR, startHub, type Hub } from '../scripts/hub-server.mjs';
import { namesNotBeginningWithText, scan } from './axe';
import { BOOK, expect, gotoStage, test } from './fixtures';
import { choosePretrained, LOAD, loadModel, typeTexts, useHub } from './pretrained-helpers';

interface LongText {
  limit: number;
  texts: string[];
  perText: { tokens: number; scored: number; bytes: number; scoredBytes: number }[];
  count: number;
  loss: number;
}
const golden = (
  JSON.parse(readFileSync(join(FIXTURE_DIR, 'hub-golden.json'), 'utf8')) as { longText: LongText }
).longText;
const [long, short] = golden.perText as [LongText['perText'][0], LongText['perText'][0]];

/** A count as the page writes it: 1,024. */
const count = (n: number) => n.toLocaleString('en-US');

test.use({ serviceWorkers: 'block' });
test.setTimeout(300_000);

let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub();
});
test.afterAll(() => hub.close());

/** axe and the name check on what is on screen now; each failure names `where`. */
async function a11y(page: Page, where: string): Promise<string[]> {
  await page.waitForTimeout(400); // the stage's entrance animation
  return [
    ...(await scan(page)).map((v) => `${where}: ${v}`),
    ...(await namesNotBeginningWithText(page)).map((v) => `${where}: ${v}`),
  ];
}

/** Whether the page is wider than the window (a horizontal scroll bar). */
const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a text past the context is cut at 1,024 tokens, said in words, scored as PyTorch, and every view stays usable', async ({
  page,
  gpu,
}) => {
  test.skip(gpu !== 'no-api', 'runs in the no-api project only (WebAssembly)');
  const found: string[] = [];
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page);
  await typeTexts(page, golden.texts);
  await loadModel(page, 'fixtures/hub-gpt2');

  // The limit in words beside the fields, and which text was cut and how much of it was scored.
  await expect(page.getByTestId('text-limit')).toHaveText(
    `Each text is scored up to its first ${count(golden.limit)} tokens, fixtures/hub-gpt2’s context.`,
    LOAD,
  );
  await expect(page.getByTestId('shape')).toHaveText(`(2, ${golden.limit}, 50257)`, LOAD);
  expect(long.tokens).toBeGreaterThan(golden.limit + 300);
  await expect(page.getByTestId('text-cut')).toHaveText(
    `Text 1 was cut to its first ${count(golden.limit)} tokens (${count(long.scoredBytes)} of its ${count(long.bytes)} bytes); the rest stays in the field but is not scored.`,
  );
  // The typed text is all still there.
  await expect(page.getByRole('textbox', { name: 'Text 1' })).toHaveValue(golden.texts[0]!);
  // The loss of the 1,024 + 4 tokens, as PyTorch computes it in float64.
  const loss = Number(await page.getByTestId('loss').textContent());
  expect(Math.abs(loss - golden.loss)).toBeLessThanOrEqual(5e-5 + 1e-5 * golden.loss);

  // Stage 1: the first 32 positions of the long text, then all of them, then folded again.
  await gotoStage(page, 1);
  const card = page.locator('.tok-card').nth(0);
  const columns = card.locator('.tok-col:not(.tok-legend):not(.tok-more)');
  await expect(card.locator('.tok-text-count')).toHaveText(
    `${count(golden.limit)} positions; the first 32 shown`,
  );
  await expect(columns).toHaveCount(32);
  const unfold = card.getByRole('button', { name: `Show all ${count(golden.limit)} tokens` });
  await expect(unfold).toHaveAttribute('aria-expanded', 'false');
  // The short text has nothing to unfold: its 4 tokens and one column for its padding.
  const shortCard = page.locator('.tok-card').nth(1);
  await expect(shortCard.getByRole('button', { name: /^Show/ })).toHaveCount(0);
  await expect(shortCard.locator('.tok-col:not(.tok-legend):not(.tok-more)')).toHaveCount(short.scored + 1);
  await expect(shortCard.locator('.tok-pad-run .tok-pos')).toHaveText(
    `${short.scored + 1}–${count(golden.limit)}`,
  );
  found.push(...(await a11y(page, 'stage 1 folded')));
  await unfold.focus();
  await page.keyboard.press('Enter');
  await expect(columns).toHaveCount(golden.limit);
  const fold = card.getByRole('button', { name: 'Show the first 32 tokens only' });
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await expect(fold).toBeFocused();
  expect(await pageOverflow(page), 'stage 1 unfolded at 1,440 px').toBeLessThanOrEqual(0);
  found.push(...(await a11y(page, 'stage 1 unfolded')));
  await fold.click();
  await expect(columns).toHaveCount(32);

  // Stage 4: the p(target) table, 50 rows a page; the short text's padding is one row.
  await gotoStage(page, 4);
  const table = page.getByRole('table', { name: /probability the model gave/ });
  const listed = golden.limit + short.scored + 1;
  await expect(table).toHaveAccessibleName(new RegExp(`\\(rows 1–50 of ${count(listed)}\\)$`));
  const rows = table.locator('tbody tr:not(.group)');
  await expect(rows).toHaveCount(50);
  const pager = page.getByRole('group', { name: 'Pages of the p(target) table' });
  const next = pager.getByRole('button', { name: /^Next/ });
  const previous = pager.getByRole('button', { name: /^Previous/ });
  await expect(previous).toHaveAttribute('aria-disabled', 'true');
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(table).toHaveAccessibleName(new RegExp(`\\(rows 51–100 of ${count(listed)}\\)$`));
  await expect(pager.getByRole('status')).toHaveText(`Rows 51–100 of ${count(listed)} shown.`);
  await expect(rows.first().getByRole('button')).toHaveText('51');
  await expect(next).toBeFocused();
  // The last page, from the list of pages: text 1's last 24 positions, text 2 and its padding.
  const last = `Rows 1,001–${count(listed)}`;
  await pager.getByRole('combobox', { name: 'Rows shown' }).selectOption({ label: last });
  await expect(rows).toHaveCount(listed - 1000);
  await expect(table.getByRole('rowheader', { name: /^Text 1 \(positions 1,001–1,024\)/ })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: /^Text 2 \(positions 1–1,024\)/ })).toBeVisible();
  await expect(rows.last()).toHaveText(
    new RegExp(
      `^${short.scored + 1}–${count(golden.limit)}padding: ${count(golden.limit - short.scored)} positions, ignored`,
    ),
  );
  // At the end Next keeps the keyboard focus and does nothing.
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(next).toBeFocused();
  await expect(rows).toHaveCount(listed - 1000);
  found.push(...(await a11y(page, 'stage 4 at 1,440 px')));

  // Stage 5: every scored token in the surprisal view, wrapping on a phone; its table pages too.
  await gotoStage(page, 5);
  await page.setViewportSize({ width: 375, height: 812 });
  const view = page.getByRole('region', { name: 'Surprisal over the text' });
  await expect(view.getByTestId('sx-token')).toHaveCount(golden.count);
  const texts = view.locator('.sx-texts');
  const [scrollWidth, clientWidth] = await texts.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth, 'the surprisal text wraps at 375 px').toBeLessThanOrEqual(clientWidth!);
  expect(await pageOverflow(page), 'stage 5 at 375 px').toBeLessThanOrEqual(0);
  await page.getByText('The points as numbers').click();
  const points = page.getByRole('group', { name: 'Pages of the points as numbers' });
  await expect(points.getByRole('combobox', { name: 'Rows shown' })).toHaveValue('0');
  await expect(points).toContainText(`of ${count(golden.count)}`);
  found.push(...(await a11y(page, 'stage 5 at 375 px')));
  await gotoStage(page, 4);
  expect(await pageOverflow(page), 'stage 4 at 375 px').toBeLessThanOrEqual(0);
  found.push(...(await a11y(page, 'stage 4 at 375 px')));
  await gotoStage(page, 1);
  expect(await pageOverflow(page), 'stage 1 at 375 px').toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Stage 7: the comparison's row says the bytes this model scored.
  await gotoStage(page, 7);
  const compare = page.getByTestId('models-side-by-side');
  await expect(compare.getByTestId('bytes-scored')).toHaveText([count(long.scoredBytes + short.scoredBytes)]);
  // A Llama (2,048 positions) scores the whole text: no cut, and the rows now differ in bytes.
  await loadModel(page, 'fixtures/hub-llama');
  await expect(page.getByTestId('text-limit')).toHaveText(
    'Each text is scored up to its first 2,048 tokens, fixtures/hub-llama’s context.',
    LOAD,
  );
  await expect(page.getByTestId('model-loaded')).toContainText('hub-llama', LOAD);
  await expect(page.getByTestId('text-cut')).toHaveText('');
  await expect(compare.getByTestId('bytes-scored')).toHaveText(
    [long.scoredBytes + short.scoredBytes, long.bytes + short.bytes].map(count),
    LOAD,
  );
  await expect(page.locator('.compare-note').last()).toContainText(
    'these rows are over different bytes (Bytes scored)',
  );

  expect(found, 'axe and the name check on the views of 1,028 tokens').toEqual([]);
});
