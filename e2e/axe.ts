/**
 * axe as every spec runs it: the rules that map to WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus
 * the experimental `label-content-name-mismatch` (Label in Name, WCAG 2.5.3, level A: a control's
 * accessible name contains the text it shows), which axe leaves off unless asked. `scan` fails
 * when that rule did not run, so a change of axe's defaults cannot turn the check off unnoticed.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectBookNumbers, gotoStage } from './fixtures';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LABEL_IN_NAME = 'label-content-name-mismatch';

/** An axe run over the whole page, or over `include` (a CSS selector). */
export function axe(page: Page, include?: string): AxeBuilder {
  const builder = new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .options({ rules: { [LABEL_IN_NAME]: { enabled: true } } });
  return include ? builder.include(include) : builder;
}

/** The violations axe finds, one line each: rule, impact, help and the elements. */
export async function scan(page: Page, include?: string): Promise<string[]> {
  const results = await axe(page, include).analyze();
  const ran = [results.passes, results.violations, results.incomplete, results.inapplicable].some((list) =>
    list.some((rule) => rule.id === LABEL_IN_NAME),
  );
  expect(ran, `axe ran ${LABEL_IN_NAME}`).toBe(true);
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`,
  );
}

/**
 * The controls whose accessible name does not begin with the text they show, one line each. axe's
 * rule above only looks at controls named by aria-label; this asks the same of every button, link
 * and summary, however named (WCAG 2.5.3's advice: begin with the label, so "click Export chart as
 * SVG" works for a voice user). Names and texts are compared as axe does: lower case, without
 * punctuation or symbols, spaces collapsed. Call it after `scan`, which puts axe in the page.
 */
export async function namesNotBeginningWithText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface AxeText {
      setup(node: Node): void;
      teardown(): void;
      utils: { getNodeFromTree(node: Element): unknown };
      commons: {
        text: {
          accessibleText(node: Element): string;
          visibleVirtual(node: unknown, screenReader: boolean, noRecursing: boolean): string;
        };
        dom: { isVisibleOnScreen(node: Element): boolean };
      };
    }
    const axe = (window as unknown as { axe?: AxeText }).axe;
    if (!axe) return ['axe is not in the page: run scan(page) first'];
    const curate = (text: string) =>
      text
        .toLowerCase()
        .replace(/[\p{P}\p{S}]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const found: string[] = [];
    axe.setup(document);
    try {
      for (const el of document.querySelectorAll(
        'button, a[href], summary, [role="button"], [role="link"]',
      )) {
        if (!axe.commons.dom.isVisibleOnScreen(el)) continue;
        const shown = curate(axe.commons.text.visibleVirtual(axe.utils.getNodeFromTree(el), false, false));
        if (!shown) continue; // an icon: nothing shown to begin with
        const name = curate(axe.commons.text.accessibleText(el));
        if (!name.startsWith(shown)) found.push(`“${name}” does not begin with its text “${shown}”`);
      }
    } finally {
      axe.teardown();
    }
    return found;
  });
}

/** The widths every stage is scanned at: a laptop and a phone. */
export const A11Y_SIZES = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
] as const;

/** The finished page: numbers, words and the table all rendered. */
export async function loaded(page: Page): Promise<void> {
  await expectBookNumbers(page);
  await expect(page.getByRole('rowheader', { name: /Text 1 reads/ })).toBeVisible();
}

/** axe and the name check on each of the seven stages in turn; the failures name their stage. */
export async function everyStage(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (let n = 1; n <= 7; n++) {
    await gotoStage(page, n);
    await page.waitForTimeout(400); // the stage's entrance animation
    found.push(...(await scan(page)).map((v) => `stage ${n}: ${v}`));
    found.push(...(await namesNotBeginningWithText(page)).map((v) => `stage ${n}: ${v}`));
  }
  return found;
}
