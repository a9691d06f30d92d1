/**
 * axe as every spec runs it: the rules that map to WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus
 * the experimental `label-content-name-mismatch` (Label in Name, WCAG 2.5.3, level A: a control's
 * accessible name contains the text it shows), which axe leaves off unless asked. `scan` fails
 * when that rule did not run, so a change of axe's defaults cannot turn the check off unnoticed.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

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
