/**
 * The lab in Chinese, Spanish and Arabic (right to left), and the pseudo-language en-XA.
 *
 * For each language, one full sweep: opened by a link (lang=), <html lang dir>, the book's numbers
 * written as the language writes them, every stage visited (with the explorations it holds) and
 * no English sentence of the English catalog left on screen outside tokens, code and formulas;
 * axe at 1280 and 375 px in the light and projector themes. Then the round trips: the picker
 * writes lang= and a reload keeps it, the browser's language is the default, the Share dialog's
 * link and embed snippet carry the language, and the Arabic phone's first screen shows the rail,
 * the stage heading and the loss. en-XA at 375 px: no stage overflows or clips its controls.
 *
 * In the no-api project only: the words are the same on every back end.
 */
import { readFileSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Page } from '@playwright/test';
import { scan } from './axe';
import { BOOK, expect, test } from './fixtures';

test.beforeEach(({ gpu }) => {
  test.skip(gpu !== 'no-api', 'runs in the no-api project only (the words are the same on every back end)');
});

const LANGS = [
  { lang: 'zh-Hans', dir: 'ltr', loss: '10.7940', perplexity: '48,725.8' },
  { lang: 'es', dir: 'ltr', loss: '10,7940', perplexity: '48.725,8' },
  { lang: 'ar', dir: 'rtl', loss: '10.7940', perplexity: '48,725.8' },
] as const;

/** A run's English words: two letters or more, not the names of functions in formulas (log-sum-exp). */
const NOT_WORDS = new Set(['exp', 'log', 'sum', 'ln']);
const words = (run: string) => (run.match(/\b[A-Za-z]{2,}\b/g) ?? []).filter((w) => !NOT_WORDS.has(w));

/** English sentences of the catalog: each literal run of a message with at least three words. */
function englishPhrases(): string[] {
  const catalog = JSON.parse(readFileSync('src/app/i18n/catalogs/en.json', 'utf8')) as Record<
    string,
    { defaultMessage: string }
  >;
  const runs: string[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal) runs.push(el.value);
      else if (el.type === TYPE.tag) walk(el.children);
      else if (el.type === TYPE.plural || el.type === TYPE.select)
        for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  for (const { defaultMessage } of Object.values(catalog)) walk(parse(defaultMessage));
  return [
    ...new Set(runs.map((run) => run.replace(/\s+/g, ' ').trim()).filter((run) => words(run).length >= 3)),
  ];
}
const ENGLISH = englishPhrases();
/** Names, written the same in a language that keeps them (the Spanish page keeps both). */
const NAMES = new Set(['Cross-Entropy Lab', 'CPU (Web Worker)']);

/**
 * The page's visible text, less what stays as it is in every language: tokens, code, formulas,
 * and the texts a model reads (the text fields' contents, which the reader types).
 */
const visibleWords = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy
      .querySelectorAll('code, pre, kbd, samp, .katex, .token, .tok-texts, textarea, noscript, [hidden]')
      .forEach((el) => el.remove());
    // innerText of a detached copy ignores layout; textContent with spaces collapsed is enough here.
    return (copy.textContent ?? '').replace(/\s+/g, ' ');
  });

/**
 * In a right-to-left page, each formula's minus sign (−log p, −ln p) must be drawn to the left of
 * the letter after it, as in a left-to-right formula; without the catalog's isolates it lands on
 * the other side. The formulas that come out wrong, with their text.
 */
const minusesOutOfPlace = (page: Page) =>
  page.evaluate(() => {
    const wrong: string[] = [];
    const walk = document.createTreeWalker(
      document.querySelector('.page') ?? document.body,
      NodeFilter.SHOW_TEXT,
    );
    const range = document.createRange();
    while (walk.nextNode()) {
      const node = walk.currentNode as Text;
      const parent = node.parentElement;
      if (!parent || parent.closest('.katex, code, svg, [hidden], details:not([open])')) continue;
      for (const match of node.data.matchAll(/\u2212(?=[A-Za-z])/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + 1);
        const minus = range.getBoundingClientRect();
        range.setStart(node, match.index + 1);
        range.setEnd(node, match.index + 2);
        const next = range.getBoundingClientRect();
        if (minus.width > 0 && Math.abs(minus.y - next.y) < 2 && minus.x > next.x)
          wrong.push(`“${node.data.slice(match.index, match.index + 8)}” drawn right to left`);
      }
    }
    return wrong;
  });

async function stageCount(page: Page) {
  return page.locator('.stage-rail .stage-link').count();
}

async function openStage(page: Page, n: number) {
  const link = page.locator('.stage-rail .stage-link').nth(n - 1);
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('#stage-title')).toBeVisible();
  await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
}

for (const { lang, dir, loss, perplexity } of LANGS) {
  test(`${lang}: a full sweep, with no English left on any stage`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`./#lang=${lang}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expect(page.getByTestId('loss')).toHaveText(loss);
    await expect(page.getByTestId('perplexity')).toHaveText(perplexity);
    await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
    const left: string[] = [];
    const stages = await stageCount(page);
    expect(stages).toBe(7);
    for (let n = 1; n <= stages; n++) {
      await openStage(page, n);
      // Open every "numbers" disclosure the stage holds, so their tables are read too.
      for (const summary of await page.locator('.stage details > summary').all()) await summary.click();
      if (dir === 'rtl') left.push(...(await minusesOutOfPlace(page)).map((m) => `stage ${n}: ${m}`));
      const text = await visibleWords(page);
      for (const phrase of ENGLISH)
        if (!NAMES.has(phrase) && text.includes(phrase)) left.push(`stage ${n}: “${phrase}”`);
    }
    expect(left, 'English sentences left on screen').toEqual([]);
    const catalog = JSON.parse(readFileSync(`src/app/i18n/catalogs/${lang}.json`, 'utf8')) as Record<
      string,
      string
    >;
    expect(await page.title()).toBe(catalog['page.title']);
  });

  test(`${lang}: axe finds nothing at 1280 and 375 px, light and projector`, async ({ page }) => {
    for (const [width, theme] of [
      [1280, 'light'],
      [375, 'projector'],
      [1280, 'projector'],
      [375, 'light'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`./#lang=${lang}&theme=${theme}&stage=5`);
      await expect(page.getByTestId('loss')).toHaveText(loss);
      await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
      expect(await scan(page), `${width} px, ${theme}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `sideways scroll at ${width} px, ${theme}`).toBeLessThanOrEqual(0);
    }
  });
}

test('the picker writes lang= into the link, a reload keeps it, and the browser’s language is the default', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto('./');
  // The browser's language, with no lang= in the link.
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByTestId('loss')).toHaveText('10,7940');
  expect(page.url()).not.toContain('lang=');
  // Choosing Chinese in the settings.
  await page.locator('.language-choice select').selectOption('zh-Hans');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  await expect.poll(() => page.url()).toContain('lang=zh-Hans');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.locator('.language-choice select')).toHaveValue('zh-Hans');
  await context.close();
});

test('a link in Arabic: the Share dialog’s link and embed snippet carry lang=ar', async ({ page }) => {
  await page.goto('./#lang=ar&stage=3');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.locator('.page-tools button').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const fields = dialog.locator('input[readonly], textarea[readonly]');
  const values = await fields.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
  expect(values.length).toBeGreaterThanOrEqual(2);
  for (const value of values) expect(value).toContain('lang=ar');
});

test('the Arabic phone: the first screen shows the rail, the stage heading and the loss, mirrored', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./#lang=ar');
  await expect(page.getByTestId('loss')).toHaveText('10.7940');
  // The loss the reader sees: the slim bar's at this width (first-screen.spec.ts does the same in English).
  await expect(page.getByTestId('bar-loss')).toHaveText('10.7940');
  for (const selector of ['.stage-rail', '#stage-title', '[data-testid="bar-loss"]']) {
    const box = await page.locator(selector).first().boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.y + box!.height, `${selector} in the first screen`).toBeLessThanOrEqual(812);
  }
  // Mirrored: the first stage sits at the right end of the rail, the title starts at the right.
  const first = await page.locator('.stage-rail .stage-link').first().boundingBox();
  const second = await page.locator('.stage-rail .stage-link').nth(1).boundingBox();
  expect(first!.x).toBeGreaterThan(second!.x);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The arrow keys follow reading direction: ← is the next stage in Arabic.
  await page.locator('#stage-title').click();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.stage-rail .stage-link').nth(1)).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.stage-rail .stage-link').first()).toHaveAttribute('aria-current', 'step');
});

test('a Chinese text on the untrained model: its own two texts, and byte pieces shown as bytes, never “�”', async ({
  page,
}) => {
  await page.goto('./#lang=zh-Hans&source=text');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  // The language's own pair (i18n/texts.ts) is in the text fields and in the link.
  await expect.poll(() => decodeURIComponent(page.url())).toContain('text1=每一份努力都会推动你前进');
  await expect(page.locator('.lab')).toHaveAttribute('aria-busy', 'false');
  const chips = page.locator('.tok-card .tok-in .tok-text');
  await expect(chips.first()).toBeVisible();
  // GPT‑2's byte-level BPE spends several tokens on some of these characters: their pieces show as
  // bytes (once the vocabulary has arrived; until then a chip shows the token's id).
  await expect
    .poll(async () => (await chips.allTextContents()).some((t) => /⟨[0-9a-f]{2}( [0-9a-f]{2})*⟩/.test(t)))
    .toBe(true);
  expect((await chips.allTextContents()).join('')).not.toContain('\uFFFD');
});

test('en-XA (accented, 40% longer) at 375 px: no stage overflows or clips a control', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./#lang=en-XA');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.locator('#stage-title')).toContainText('⟦');
  for (let n = 1; n <= 7; n++) {
    await openStage(page, n);
    for (const summary of await page.locator('.stage details > summary').all()) await summary.click();
    const problems = await page.evaluate(() => {
      const found: string[] = [];
      if (document.documentElement.scrollWidth > window.innerWidth)
        found.push(`page ${document.documentElement.scrollWidth} px wide`);
      for (const el of document.querySelectorAll<HTMLElement>(
        'button, label, summary, h1, h2, h3, th, .stage-kicker',
      )) {
        if (el.offsetParent === null) continue;
        const style = getComputedStyle(el);
        if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
          found.push(`clipped: ${el.tagName.toLowerCase()} “${(el.textContent ?? '').slice(0, 40)}”`);
        // Inside a scroller of its own (a wide table), an element is reached by scrolling it.
        let scrolled = false;
        for (let at = el.parentElement; at && !scrolled; at = at.parentElement)
          scrolled = ['auto', 'scroll'].includes(getComputedStyle(at).overflowX);
        const box = el.getBoundingClientRect();
        if (!scrolled && (box.right > window.innerWidth + 1 || box.left < -1))
          found.push(
            `outside the screen: ${el.tagName.toLowerCase()} “${(el.textContent ?? '').slice(0, 40)}”`,
          );
      }
      return found;
    });
    expect(problems, `stage ${n}`).toEqual([]);
  }
});
