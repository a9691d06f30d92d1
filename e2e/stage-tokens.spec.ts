/**
 * Stage 1 (text → tokens, each input pointing to its target, the next token) and stage 4 (the
 * gather: p of every target), on the book's example and on the untrained model run on typed
 * text. Expected token ids come from GPT-2's BPE (the same r50k_base tables the page loads).
 */
import type { Locator, Page } from '@playwright/test';
import { decode, encode } from 'gpt-tokenizer/encoding/gpt2';
import { scan } from './axe';
import { BOOK, expect, expectBookNumbers, gotoStage, openSettings, test } from './fixtures';

/** p = e^(−loss) of the book's six targets, as the page rounds them (4 significant digits). */
const BOOK_PROBS = ['7.454e−5', '3.106e−5', '1.156e−5', '1.034e−5', '5.678e−5', '4.756e−6'];

/** Text b's card on stage 1 (0-based b). */
const card = (page: Page, b: number) => page.locator('.tok-card').nth(b);

/** The token columns of a card (the row legend left out). */
const columns = (text: Locator) => text.locator('.tok-col:not(.tok-legend):not(.tok-more)');

/** Each column's input and target as "text id", e.g. "every 16833". */
async function pairs(text: Locator): Promise<{ input: string; target: string }[]> {
  return columns(text).evaluateAll((cols) =>
    cols.map((col) => {
      const chip = (sel: string) => {
        const el = col.querySelector(sel);
        if (!el) return '';
        const word = el.querySelector('.tok-text')?.textContent ?? '';
        const id = el.querySelector('.tok-id')?.textContent ?? '';
        return `${word} ${id}`.trim();
      };
      return { input: chip('.tok-in'), target: chip('.tok-out') };
    }),
  );
}

/** "␣word id" for each GPT-2 token of `text`, as the chips show them. */
function chipsOf(ids: number[], text: (id: number) => string): string[] {
  return ids.map((id) => `${text(id).replace(/^ /, '␣')} ${id}`);
}

test('stage 1: each input token points to its target, the next token', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 1);
  const text1 = card(page, 0);
  await expect(text1.locator('.tok-in .tok-text')).toHaveText(['every', '␣effort', '␣moves']);
  // "every" is read, never predicted: nothing comes before it.
  await expect(page.getByTestId('first-not-predicted')).toContainText('gives n − 1 targets');
  expect(await pairs(text1)).toEqual([
    { input: 'every 16833', target: '␣effort 3626' },
    { input: '␣effort 3626', target: '␣moves 6100' },
    { input: '␣moves 6100', target: '␣you 345' },
  ]);
  expect(await pairs(card(page, 1))).toEqual([
    { input: 'I 40', target: '␣really 1107' },
    { input: '␣really 1107', target: '␣like 588' },
    { input: '␣like 588', target: '␣chocolate 11311' },
  ]);

  // Each column: the input above, an arrow down, its target right below it.
  const cols = columns(text1);
  for (let t = 0; t < 3; t++) {
    const col = cols.nth(t);
    await expect(col.locator('.tok-down')).toHaveText('↓');
    const input = (await col.locator('.tok-in').boundingBox())!;
    const target = (await col.locator('.tok-out').boundingBox())!;
    expect(target.y).toBeGreaterThan(input.y + input.height);
    expect(Math.abs(target.x + target.width / 2 - (input.x + input.width / 2))).toBeLessThan(2);
  }
  // The dashed diagonal from each target to the next input (the same token): T − 1 per text.
  await expect(text1.locator('.tok-join')).toHaveCount(2);

  // Screen readers get each text as sentences, and each target as a labelled button.
  await expect(text1).toContainText('reads: “every effort moves”.');
  await expect(text1).toContainText('should predict: “ effort moves you”.');
  const target = page.getByRole('button', {
    name: '␣moves 6100, the target at position 2 of the first text, “ moves”',
    exact: true,
  });
  await expect(target).toHaveAttribute('aria-pressed', 'false');
  await target.click();
  await expect(target).toHaveAttribute('aria-pressed', 'true');
});

test.describe('while the vocabulary loads', () => {
  // The page's own request for the vocabulary is held back; a service worker would fetch it
  // around the route (routes do not see its requests), so none is installed here.
  test.use({ serviceWorkers: 'block' });

  test('stage 1 shows the ids while GPT-2’s vocabulary loads', async ({ page }) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/gpt2-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('./');
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
    await expect(page.getByRole('status').filter({ hasText: /Loading GPT.2’s vocabulary/ })).toBeVisible();
    await expect(card(page, 0).locator('.tok-in .tok-text')).toHaveText(['16833', '3626', '6100']);
    release();
    await expect(card(page, 0).locator('.tok-in .tok-text')).toHaveText(['every', '␣effort', '␣moves']);
    await expect(page.getByText(/Loading GPT.2’s vocabulary/)).toHaveCount(0);
  });
});

test('typed text updates the tokens, the targets and the loss', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 1);
  const piece = (id: number) => decode([id]);

  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  const typed = 'The cat sat on the mat';
  await page.getByRole('textbox', { name: 'Text 1' }).fill(typed);
  const ids = encode(typed);
  const chips = chipsOf(ids, piece);
  const text1 = card(page, 0);
  await expect(text1.locator('.tok-in')).toHaveCount(ids.length - 1);
  expect(await pairs(text1)).toEqual(chips.slice(0, -1).map((input, t) => ({ input, target: chips[t + 1] })));
  await expect(page.getByTestId('loss')).not.toHaveText(BOOK.loss);
  await expect(page.getByTestId('loss')).toHaveText(/^\d+\.\d{4}$/);

  // Text 2 is shorter: its last positions are padding, ignored, not tokens (drawn as one column).
  const text2 = card(page, 1);
  const pad = ids.length - encode('I really like chocolate').length;
  expect(pad).toBe(2);
  await expect(text2.locator('.tok-out:not(.tok-ignored)')).toHaveCount(3);
  await expect(text2.locator('.tok-ignored')).toHaveText('ignored ×2padding −100');
  await expect(text2).toContainText('2 padding positions are ignored.');
  await expect(page.getByText(`${pad} padding (target −100, ignored`)).toBeVisible();
});

test('a piece of one UTF-8 character shows as bytes, ⟨..⟩', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 1);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  // 🤗 is four bytes, f0 9f a4 97; GPT-2 cuts it into " \xf0\x9f", "\xa4" and "\x97".
  await page.getByRole('textbox', { name: 'Text 1' }).fill('I love 🤗 emoji');
  expect(encode('I love 🤗 emoji')).toEqual([40, 1842, 12520, 97, 245, 44805]);
  const targets = card(page, 0).locator('.tok-out .tok-text');
  await expect(targets).toHaveText(['␣love', '⟨20 f0 9f⟩', '⟨a4⟩', '⟨97⟩', '␣emoji']);
  await expect(page.getByText('�')).toHaveCount(0);
  // The text itself, and what screen readers hear, put the emoji's bytes back together.
  await expect(card(page, 0)).toContainText('“I love 🤗 emoji”');
  await expect(card(page, 0)).toContainText('should predict: “ love 🤗 emoji”.');
});

test('a one-word text is refused with a sentence and the last numbers stay', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 1);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  await page.getByRole('textbox', { name: 'Text 1' }).fill('every effort moves you on');
  const text1 = card(page, 0);
  await expect(text1.locator('.tok-in')).toHaveCount(4);
  const loss = page.getByTestId('loss');
  await expect(loss).not.toHaveText(BOOK.loss);
  const before = await loss.textContent();

  await page.getByRole('textbox', { name: 'Text 1' }).fill('hello');
  await expect(page.getByRole('alert')).toHaveText(
    'Text 1 has one token; type at least two words so the model can read one and predict the next.',
  );
  await expect(loss).toHaveText(before!);
  await expect(text1.locator('.tok-in .tok-text')).toHaveText(['every', '␣effort', '␣moves', '␣you']);
});

test('stage 4 gathers the probability of every right next token', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 4);
  const table = page.getByRole('table', { name: /The probability the model gave each right next token/ });
  for (const p of BOOK_PROBS) await expect(table.getByRole('cell', { name: p, exact: true })).toBeVisible();
  await expect(page.getByTestId('rank')).toHaveText(BOOK.ranks);
  await expect(page.getByTestId('focus-p')).toHaveText(BOOK_PROBS[0]!);
  // 2 × 3 × 50,257 probabilities in, one per position out.
  const strip = page.getByRole('group', { name: 'The gather in numbers' });
  await expect(strip).toContainText('softmax gave301,542');
  await expect(strip).toContainText('the loss keeps6');

  // Focusing text 2, position 2 (" like") fills the formula with its numbers.
  await page.getByRole('button', { name: 'Fill the formula with position 2 of the second text' }).click();
  await expect(page.getByTestId('focus-p')).toHaveText(BOOK_PROBS[4]!);
  await expect(page.getByRole('heading', { name: /The gather at text 2, position 2/ })).toContainText('like');

  // A target chosen on stage 1 is the one stage 4 shows.
  await gotoStage(page, 1);
  await page
    .getByRole('button', {
      name: '␣you 345, the target at position 3 of the first text, “ you”',
      exact: true,
    })
    .click();
  await gotoStage(page, 4);
  await expect(page.getByTestId('focus-p')).toHaveText(BOOK_PROBS[2]!);
});

test('stages 1 and 4 fit 375 px without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./');
  await expectBookNumbers(page);
  await gotoStage(page, 1);
  await openSettings(page);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  const long = 'A somewhat longer sentence, so that the token columns must wrap onto several lines here';
  await page.getByRole('textbox', { name: 'Text 1' }).fill(long);
  await expect(card(page, 0).locator('.tok-in')).toHaveCount(encode(long).length - 1);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await gotoStage(page, 4);
  await expect(page.getByTestId('focus-p')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  const table = await page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap')!;
    return wrap.scrollWidth - wrap.clientWidth;
  });
  expect(table).toBeLessThanOrEqual(0);
});

/** A .npy (version 1.0) file of little-endian float32 ('<f4') or int32 ('<i4') values. */
function npy(values: Float32Array | Int32Array, shape: number[]): Buffer {
  const descr = values instanceof Float32Array ? '<f4' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
  // Magic (6) + version (2) + length (2) + header, padded with spaces and a newline to 64 bytes.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]);
}

test('a file with only targets and another vocabulary shows the target ids', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  // (1, 4, 5) logits, targets [3, 1, 4, −100]: V = 5 is not GPT-2's, and no input ids.
  const logits = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i));
  await page.getByLabel('Load logits').setInputFiles([
    { name: 'logits.npy', mimeType: 'application/octet-stream', buffer: npy(logits, [1, 4, 5]) },
    {
      name: 'targets.npy',
      mimeType: 'application/octet-stream',
      buffer: npy(Int32Array.from([3, 1, 4, -100]), [1, 4]),
    },
  ]);
  await expect(page.getByTestId('shape')).toHaveText('(1, 4, 5)');
  await gotoStage(page, 1);
  await expect(page.getByText('This file holds only the targets, not the input ids')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'not GPT‑2’s 50,257' })).toContainText(
    'These logits have 5 tokens per row',
  );
  const text1 = card(page, 0);
  await expect(text1.locator('.tok-in')).toHaveCount(0);
  await expect(text1.locator('.tok-out .tok-text')).toHaveText(['3', '1', '4', 'ignored']);
  await expect(text1).toContainText('should predict: 3, 1, 4. 1 padding position is ignored.');
  await expect(page.getByText('1 text × 4 positions: 3 targets scored, 1 padding')).toBeVisible();
});

test('stages 1 and 4 with typed, padded text pass axe in both themes', async ({ page }) => {
  // Four full scans after typing: more than the default minute on a 2-core machine.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./');
  await expectBookNumbers(page);
  await openSettings(page);
  await page.getByRole('radio', { name: 'Untrained model on your text' }).check();
  await page.getByRole('textbox', { name: 'Text 1' }).fill('Ein schönes 🤗 Beispiel mit mehr Wörtern');
  await gotoStage(page, 1);
  await expect(card(page, 1).locator('.tok-ignored')).toHaveCount(1);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const n of [1, 4]) {
      await gotoStage(page, n);
      await page.waitForTimeout(300); // the stage's entrance animation
      expect((await scan(page)).map((v) => `${scheme} stage ${n}: ${v}`)).toEqual([]);
    }
  }
});
