/**
 * "You are the model" under the −log p stage, on the book's example (chapter 5's untrained GPT-2,
 * V = 50,257): a scripted game of all six positions with fixed bets (typed tokens, a hint, an
 * all-in bet on a wrong token, a uniform bet, a class's votes), exported as JSON and CSV, whose
 * student q are checked against hand computations from the points and whose model p are the page's
 * own results export; Shannon's bounds on a fixed guess sequence against the formula; one round
 * played from the keyboard alone; the link from the perplexity stage; axe at 1280 and 375 px.
 *
 * In the no-api project only: the model's side then comes from the CPU path (the Web Worker), and
 * the game's code is the same on every back end.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { namesNotBeginningWithText, scan } from './axe';
import { BOOK, expect, gotoStage, test } from './fixtures';

test.beforeEach(({ gpu }) => {
  test.skip(gpu !== 'no-api', 'runs in the no-api project only (the CPU path)');
});

const V = 50257;
/** The book's targets (GPT-2 ids), text 1 then text 2. */
const TARGETS = [3626, 6100, 345, 1107, 588, 11311];
const RANKS = BOOK.ranks.map((r) => Number(r.replace(/,/g, '')));

/** A number as the page prints it: "1.990e−5" → 1.99e-5, "50,257" → 50257. */
const numberOf = (text: string | null) => Number((text ?? '').replace(/−/g, '-').replace(/,/g, ''));

const panelOf = (page: Page) => page.getByRole('region', { name: 'You are the model' });

async function open(page: Page): Promise<Locator> {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 5);
  const panel = panelOf(page);
  await expect(panel).toBeVisible();
  // GPT-2's tokenizer is loaded for typed words.
  await expect(panel.getByLabel('Type a word')).toBeVisible();
  return panel;
}

async function download(page: Page, button: Locator): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await file.path())!, 'utf8');
}

/** Types a word into the picker and adds its first token to the shortlist. */
async function addWord(panel: Locator, word: string, spaceBefore = true): Promise<void> {
  const box = panel.getByRole('checkbox', { name: 'a space before it' });
  await box.setChecked(spaceBefore);
  await panel.getByLabel('Type a word').fill(word);
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.getByLabel('Type a word')).toHaveValue('');
}

const points = (panel: Locator, name: RegExp) => panel.getByRole('spinbutton', { name });

interface Exported {
  student: { loss: number; perplexity: number };
  model: { loss: number; perplexity: number };
  tokens: {
    batch: number;
    position: number;
    target: number;
    studentProb: number;
    modelProb: number;
    modelRank: number;
    bet: { kind: string; shortlist: { id: number; points: number }[]; somethingElse: number };
  }[];
}

function expectRel(actual: number, want: number, what: string): void {
  expect(Math.abs(actual - want), `${what}: ${actual} vs ${want}`).toBeLessThanOrEqual(
    1e-12 * Math.abs(want),
  );
}

test('a scripted game of the six positions: q from the points, p from the engine, in the export', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  const results = JSON.parse(
    await download(page, page.getByRole('button', { name: 'Export results (JSON)' })),
  ) as { loss: number; tokens: { prob: number; loss: number }[] };
  await gotoStage(page, 5);
  const panel = panelOf(page);
  const bet = panel.getByRole('button', { name: 'Bet', exact: true });
  const next = panel.getByRole('button', { name: /^(Next position|See the totals)$/ });
  const reveal = panel.getByTestId('yam-reveal');

  // The q of the true token each bet gives, by hand (V = 50,257): on the shortlist, its points over
  // the total; off it, "something else"'s share over the V − k tokens not listed.
  const q = [
    60 / 99, // 1. 60 on “␣effort” (typed), 39 on something else
    1 / 100 / (V - 1), // 2. all in on a wrong token: 99 on “␣the”, 1 on something else
    90 / 100 / (V - 1), // 3. 10 on the model's top hint (not the true token: its rank is 37,218), 90 else
    50 / 100, // 4. 50 on “␣really”, 10 on “ch” (the first token of “chocolate”), 40 else
    1 / V, // 5. everything on something else: uniform over all V
    12 / 20, // 6. a class: 12 votes for “␣chocolate”, 5 for “␣cake”, 3 for something else
  ];

  // 1. A typed word; the points of something else set apart from the total of 100.
  await expect(panel.getByText('Position 1 of 6: text 1, token 1')).toBeVisible();
  await addWord(panel, 'effort');
  await points(panel, /effort/).fill('60');
  await points(panel, /Something else/).fill('39');
  await expect(panel.getByTestId('yam-total')).toHaveText('Total: 99 points: each q is its points ÷ 99');
  await bet.click();
  // The answer only now: the true token, q, and the model's p, −ln p and rank.
  await expect(reveal).toContainText('The next token was ␣effort: on your shortlist');
  await expect(page.getByTestId('yam-status')).toContainText('The next token was ␣effort.');

  const revealed = async (i: number) => {
    expect(Math.abs(numberOf(await reveal.getByTestId('yam-q').textContent()) / q[i]! - 1)).toBeLessThan(
      5e-4,
    );
    expect(
      Math.abs(numberOf(await reveal.getByTestId('yam-loss').textContent()) + Math.log(q[i]!)),
    ).toBeLessThan(5e-5 + 1e-9);
    await expect(reveal.getByTestId('yam-model-loss')).toHaveText(BOOK.negLogP[i]!);
    await expect(reveal.getByTestId('yam-rank')).toHaveText(BOOK.ranks[i]!);
  };
  await revealed(0);
  await next.click();

  // 2. All in on a wrong token: something else left at 0 is refused, in one sentence; 99 on the
  // token gives the last point back to it.
  await addWord(panel, 'the');
  await points(panel, /the/).fill('100');
  await expect(points(panel, /Something else/)).toHaveValue('0');
  await expect(panel.getByRole('alert')).toHaveText(
    /^“Something else” has 0% of the points but needs at least 1%/,
  );
  await expect(bet).toBeDisabled();
  await points(panel, /the/).fill('99');
  await expect(points(panel, /Something else/)).toHaveValue('1');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await bet.click();
  await expect(reveal).toContainText('not on your shortlist');
  await revealed(1);
  await next.click();

  // 3. A hint: the model's most likely token here, which is not the true one.
  await panel.getByRole('button', { name: /Show hints/ }).click();
  await expect(panel.getByTestId('yam-hint')).toHaveCount(10);
  await panel.getByTestId('yam-hint').first().click();
  await expect(panel.getByTestId('yam-pick')).toHaveCount(1);
  await bet.click();
  await revealed(2);
  await next.click();

  // 4. A word that is two tokens bets on its first, and says so.
  await addWord(panel, 'really');
  await panel.getByLabel('Type a word').fill('chocolate');
  await panel.getByRole('checkbox', { name: 'a space before it' }).uncheck();
  await expect(panel.getByText('“chocolate” is 2 tokens here; the bet is on its first, “ch”.')).toBeVisible();
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await points(panel, /really/).fill('50');
  await expect(points(panel, /^ch\b/)).toHaveValue('10');
  await expect(points(panel, /Something else/)).toHaveValue('40');
  await bet.click();
  await revealed(3);
  await next.click();

  // 5. Nothing listed: 100 on something else, a uniform bet.
  await bet.click();
  await revealed(4);
  await next.click();

  // 6. A class's votes, 12 / 5 / 3: q = 12/20, 5/20 and (3/20)/(V − 2) for each other token.
  await panel.getByRole('radio', { name: 'A class votes' }).check();
  await addWord(panel, 'chocolate');
  await addWord(panel, 'cake');
  await points(panel, /chocolate/).fill('12');
  await points(panel, /cake/).fill('5');
  await points(panel, /Something else/).fill('3');
  const shownQ = await panel.locator('.yam-q').allTextContents();
  expect(numberOf(shownQ[0]!.replace('q = ', ''))).toBeCloseTo(12 / 20, 12);
  expect(numberOf(shownQ[1]!.replace('q = ', ''))).toBeCloseTo(5 / 20, 12);
  const each = /: (.+) each$/.exec(shownQ[2]!)?.[1] ?? '';
  expect(Math.abs(numberOf(each) / (3 / 20 / (V - 2)) - 1)).toBeLessThan(5e-4);
  await bet.click();
  await revealed(5);
  await next.click();
  await expect(panel.getByText('All 6 positions are played')).toBeVisible();

  const json = JSON.parse(
    await download(page, panel.getByRole('button', { name: 'Export game (JSON)' })),
  ) as Exported;
  expect(json.tokens.map((t) => [t.batch, t.position, t.target])).toEqual(
    TARGETS.map((target, i) => [Math.floor(i / 3), i % 3, target]),
  );
  json.tokens.forEach((token, i) => {
    expectRel(token.studentProb, q[i]!, `studentProb ${i}`);
    expect(token.modelProb, `modelProb ${i}`).toBe(results.tokens[i]!.prob);
    expect(token.modelRank, `modelRank ${i}`).toBe(RANKS[i]);
  });
  expect(
    json.tokens.map((t) => [t.bet.kind, t.bet.shortlist.map((p) => p.points), t.bet.somethingElse]),
  ).toEqual([
    ['points', [60], 39],
    ['points', [99], 1],
    ['points', [10], 90],
    ['points', [50, 10], 40],
    ['points', [], 100],
    ['votes', [12, 5], 3],
  ]);
  expect(json.tokens[2]!.bet.shortlist[0]!.id).not.toBe(TARGETS[2]);
  const studentLoss = q.reduce((s, x) => s - Math.log(x), 0) / q.length;
  expectRel(json.student.loss, studentLoss, 'student loss');
  expectRel(json.student.perplexity, Math.exp(studentLoss), 'student perplexity');
  expectRel(json.model.loss, results.loss, 'model loss');
  await expect(panel.getByTestId('yam-student-loss')).toHaveText(studentLoss.toFixed(4));
  await expect(panel.getByTestId('yam-model-loss-mean')).toHaveText(BOOK.loss);
  await expect(panel.getByTestId('yam-model-ppl')).toHaveText(BOOK.perplexity);

  const csv = (await download(page, panel.getByRole('button', { name: 'Export game (CSV)' }))).split('\r\n');
  expect(csv[0]).toMatch(/^batch,position,target,token,studentProb,/);
  expect(csv.slice(1, 7).map((line) => Number(line.split(',')[4]))).toEqual(
    json.tokens.map((t) => t.studentProb),
  );

  // The chart's numbers are in its table, in the page's units.
  await panel.getByText('The game as numbers').click();
  await expect(panel.getByTestId('yam-table').locator('tbody tr')).toHaveCount(6);
});

test('Shannon’s game: the guess counts’ bounds match the formula, beside the model’s ranks', async ({
  page,
}) => {
  const panel = await open(page);
  await panel.getByRole('radio', { name: 'Guess until right (Shannon)' }).check();
  const guess = async (word: string) => {
    await panel.getByLabel('Your guess: type a word').fill(word);
    await panel.getByRole('button', { name: 'Guess', exact: true }).click();
  };
  const next = panel.getByRole('button', { name: /^(Next position|See the counts)$/ });
  // Right at guess 1, at guess 2, then given up (“more than 20”, counted as 21).
  await guess('effort');
  await expect(panel.getByTestId('yam-count')).toHaveText('right at guess 1');
  // The answer took the focus to Next; Next gives it to the new guess field.
  await expect(next).toBeFocused();
  await next.click();
  await expect(panel.getByLabel('Your guess: type a word')).toBeFocused();
  await guess('the');
  await expect(panel.getByTestId('yam-wrong')).toHaveText('Wrong so far (1 of 20): ␣the.');
  await guess('moves');
  await expect(panel.getByTestId('yam-count')).toHaveText('right at guess 2');
  await next.click();
  await panel.getByRole('button', { name: /Give up/ }).click();
  await expect(panel.getByTestId('yam-count')).toHaveText('more than 20');

  /** Shannon's bounds in nats from guess counts: q_i = share right at guess i; −Σ q ln q and Σ i (q_i − q_{i+1}) ln i. */
  const bounds = (counts: number[]) => {
    const M = Math.max(...counts);
    const share = (i: number) => counts.filter((g) => g === i).length / counts.length;
    let upper = 0;
    let lower = 0;
    for (let i = 1; i <= M; i++) {
      if (share(i) > 0) upper -= share(i) * Math.log(share(i));
      lower += i * (share(i) - share(i + 1)) * Math.log(i);
    }
    return `lower ${lower.toFixed(4)}, upper ${upper.toFixed(4)} nats`;
  };
  await expect(panel.getByTestId('yam-bounds-you')).toHaveText(bounds([1, 2, 21]));
  await expect(panel.getByTestId('yam-bounds-model')).toHaveText(bounds(RANKS.slice(0, 3)));
  await expect(panel.getByTestId('yam-guess-table').locator('tbody tr')).toHaveText([
    /^1\s*1 \(q = 0\.3333\)\s*0$/,
    /^2\s*1 \(q = 0\.3333\)\s*0$/,
    /^more than 20\s*1 \(q = 0\.3333\)\s*3 \(q = 1\)$/,
  ]);
});

test('one round from the keyboard alone, without the keys changing the stage', async ({ page }) => {
  const panel = await open(page);
  const focused = (locator: Locator) => expect(locator).toBeFocused();
  /** Tab until `locator` has the focus (a few presses at most). */
  const tabTo = async (locator: Locator) => {
    for (let i = 0; i < 12 && !(await locator.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await focused(locator);
  };
  await panel.getByRole('radio', { name: 'Bet 100 points' }).focus();
  const word = panel.getByLabel('Type a word');
  await tabTo(word);
  await page.keyboard.type('effort');
  await page.keyboard.press('ArrowLeft'); // in a field, an arrow is the field's
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('yam-pick')).toHaveCount(1);
  const effort = points(panel, /effort/);
  await tabTo(effort);
  await page.keyboard.press('ArrowUp'); // 10 → 11 points
  await expect(effort).toHaveValue('11');
  await page.keyboard.press('Enter'); // bets
  const next = panel.getByRole('button', { name: 'Next position' });
  await focused(next);
  await expect(page.getByTestId('yam-status')).toContainText('The next token was ␣effort. You: q 0.11');
  await page.keyboard.press('Enter');
  await focused(word);
  await expect(panel.getByText('Position 2 of 6: text 1, token 2')).toBeVisible();
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');
});

test('the perplexity stage’s button opens the game on the −log p stage, its heading focused', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await gotoStage(page, 7);
  await page.getByRole('button', { name: 'Play “You are the model”' }).click();
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');
  await expect(page.getByRole('heading', { name: 'You are the model' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'You are the model' })).toBeInViewport();
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
]) {
  test(`no axe violations at ${size.width} px, playing and after a bet, and no sideways scroll`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const panel = await open(page);
    await addWord(panel, 'effort');
    await panel.getByRole('button', { name: /Show hints/ }).click();
    await expect(panel.getByTestId('yam-hint')).toHaveCount(10);
    await points(panel, /Something else/).fill('0');
    await expect(panel.getByRole('alert')).toBeVisible();
    expect(await scan(page, '.yam')).toEqual([]);
    await points(panel, /Something else/).fill('90');
    await panel.getByRole('button', { name: 'Bet', exact: true }).click();
    await panel.getByText('The game as numbers').click();
    expect(await scan(page, '.yam')).toEqual([]);
    expect(await namesNotBeginningWithText(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
  });
}

test('the game in a link: game= and from= open it at that position, and playing moves from=', async ({
  page,
}) => {
  // Position 3 (0-based) is text 2's first target: "I" → "␣really".
  await page.goto('./#game=points&from=3');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  // The game's stage opens, as no stage= was given.
  await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');
  const panel = panelOf(page);
  await expect(panel.getByText('Position 1 of 3: text 2, token 1')).toBeVisible();
  // A uniform bet, then "Next": the link's position follows.
  await panel.getByRole('button', { name: 'Bet', exact: true }).click();
  await expect(panel.getByTestId('yam-reveal')).toBeVisible();
  await panel.getByRole('button', { name: 'Next position' }).click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#stage=5&game=points&from=4');
  // The copied link reopens the game there (in a new page: the reload reads the hash afresh).
  await page.reload();
  await expect(panelOf(page).getByText('Position 1 of 2: text 2, token 2')).toBeVisible();
  // Shannon's game in a link, at the first position.
  await page.goto('./#game=shannon');
  await expect(panelOf(page).getByRole('radio', { name: 'Guess until right (Shannon)' })).toBeChecked();
  await expect(page).toHaveURL(/#stage=5&game=shannon$/);
});
